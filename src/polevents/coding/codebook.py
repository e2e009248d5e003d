"""CAMEO codebook: code -> root, QuadClass, Goldstein, PLOVER type and mode.

The table (``data/cameo/cameo_events.tsv``) was tabulated from the public CAMEO
1.1b3 codebook, GDELT 2.0's QuadClass/Goldstein conventions and the PLOVER
manual's CAMEO crosswalk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from polevents.errors import LexiconError

PLOVER_TYPES = frozenset(
    [
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    ]
)
_CODE = re.compile(r"^\d{2,4}$")
_COLUMNS = ["code", "root", "quad_class", "goldstein", "plover_type", "plover_mode", "name"]


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """What the codebook says about one CAMEO code."""

    code: str
    root: str
    quad_class: int
    goldstein: float
    plover_type: str
    plover_mode: str
    name: str


@dataclass(frozen=True, slots=True, eq=False)
class Codebook:
    """All codes, looked up by code string; hashed by identity so loaders can cache on it."""

    codes: dict[str, CodeInfo]

    def lookup(self, code: str) -> CodeInfo:
        """Return the entry for ``code``; an unknown code is a bug in a lexicon.

        >>> load_codebook().lookup("042").plover_type
        'CONSULT'
        """
        try:
            return self.codes[code]
        except KeyError:
            raise LexiconError(f"unknown CAMEO code {code!r}", reason="unknown_code") from None

    def __contains__(self, code: object) -> bool:
        return code in self.codes


@lru_cache(maxsize=2)
def load_codebook(path: Path | None = None) -> Codebook:
    """Read and validate the CAMEO table (the shipped one unless ``path`` is given).

    Raises:
        LexiconError: a row is malformed; the message names file and line.
    """
    if path is None:
        text = (
            resources.files("polevents.data.cameo").joinpath("cameo_events.tsv").read_text("utf-8")
        )
        name = "cameo_events.tsv"
    else:
        text, name = path.read_text("utf-8"), path.name
    codes: dict[str, CodeInfo] = {}
    header_seen = False
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen:
            if fields != _COLUMNS:
                raise LexiconError(f"{name}:{number}: header must be {_COLUMNS}")
            header_seen = True
            continue
        info = _parse_row(fields, f"{name}:{number}")
        if info.code in codes:
            raise LexiconError(f"{name}:{number}: duplicate code {info.code}")
        codes[info.code] = info
    if not codes:
        raise LexiconError(f"{name}: no codes")
    return Codebook(codes)


def _parse_row(fields: list[str], where: str) -> CodeInfo:
    if len(fields) != len(_COLUMNS):
        raise LexiconError(f"{where}: expected {len(_COLUMNS)} columns, got {len(fields)}")
    code, root, quad, goldstein, plover_type, plover_mode, name = fields
    if not _CODE.match(code) or code[:2] != root:
        raise LexiconError(f"{where}: bad code {code!r} for root {root!r}")
    try:
        info = CodeInfo(code, root, int(quad), float(goldstein), plover_type, plover_mode, name)
    except ValueError as exc:
        raise LexiconError(f"{where}: {exc}") from exc
    if info.quad_class not in (1, 2, 3, 4) or not -10 <= info.goldstein <= 10:
        raise LexiconError(f"{where}: QuadClass or Goldstein out of range")
    if plover_type and plover_type not in PLOVER_TYPES:
        raise LexiconError(f"{where}: unknown PLOVER type {plover_type!r}")
    return info
