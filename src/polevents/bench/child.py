"""Run one benchmark in a fresh Python process, so the work done before it does not count.

Objects left by earlier benchmarks (spaCy, Dask, a million staged events) slow
a later one's garbage collection, and a process's peak RSS only ever grows;
a fresh interpreter measures the benchmark alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["in_child"]


def in_child(
    func: Callable[..., Any], *args: object, timeout_s: float | None = None, **kwargs: object
) -> Any:
    """Call ``func(*args, **kwargs)`` in a fresh Python process and return its result.

    ``func`` must be importable by name, and its arguments and result JSON-able;
    ``timeout_s`` bounds the child's run (None: no bound).
    """
    code = (
        "import json, sys\n"
        f"from {func.__module__} import {func.__name__} as run\n"
        "args, kwargs = json.loads(sys.argv[1])\n"
        "sys.stdout.write('\\n' + json.dumps(run(*args, **kwargs)) + '\\n')\n"
    )
    command = [sys.executable, "-c", code, json.dumps([args, kwargs])]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])
