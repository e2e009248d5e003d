"""The network view's force layout keeps every country inside the chart (headless Vega on Node)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

STATIC = Path(__file__).parents[2] / "src" / "polevents" / "web" / "static"
SCRIPT = Path(__file__).with_name("network_layout.mjs")


def _layout(nodes: int, width: int) -> dict[str, object]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: this check runs the dashboard's Vega spec on Node")
    done = subprocess.run([node, str(SCRIPT), str(STATIC), str(nodes), str(width)],
                          capture_output=True, text=True, timeout=60, check=True)  # fmt: skip
    found: dict[str, object] = json.loads(done.stdout)
    return found


@pytest.mark.parametrize(("nodes", "width"), [(4, 1240), (30, 300), (60, 1240)])
def test_network_nodes_stay_inside_the_chart(nodes: int, width: int) -> None:
    layout = _layout(nodes, width)
    points = layout["points"]
    assert isinstance(points, list) and len(points) == nodes
    w, h = layout["width"], layout["height"]
    assert all(0 < x < w and 0 < y < h for x, y in points), points
    assert len({(round(x), round(y)) for x, y in points}) > nodes * 0.8  # spread, not piled up
