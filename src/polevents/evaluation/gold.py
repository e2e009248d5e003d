"""Load a gold folder in the ``eval/`` format: articles, gold events, traps, pages."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from polevents.errors import ConfigError


@dataclass(frozen=True, slots=True)
class GoldEvent:
    doc: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    symmetric: bool
    roots: tuple[str, ...]
    plover: tuple[str, ...]
    date: str | None
    must: bool
    evidence: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Trap:
    doc: str
    phrase: str
    forbid_roots: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class GoldStory:
    title: str
    published: str | None
    body_phrase: str


@dataclass(frozen=True, slots=True)
class GoldPage:
    doc: str
    stories: tuple[GoldStory, ...]
    boilerplate: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GoldSet:
    root: Path
    articles: tuple[Path, ...]
    events: tuple[GoldEvent, ...]
    traps: tuple[Trap, ...]
    pages: tuple[GoldPage, ...]


def load_gold(folder: Path) -> GoldSet:
    """Read ``articles/``, ``gold.jsonl``, ``traps.jsonl`` and ``pages.jsonl`` of ``folder``.

    Raises:
        ConfigError: the folder is not in the expected format.
    """
    articles_dir = folder / "articles"
    if not articles_dir.is_dir():
        raise ConfigError(f"{folder}: no articles/ folder (see eval/README.md)", reason="gold")
    articles = tuple(sorted(p for p in articles_dir.iterdir() if p.is_file()))
    events = tuple(_gold_event(row) for row in _read_jsonl(folder / "gold.jsonl"))
    traps = tuple(
        Trap(row["doc"], row["phrase"], tuple(row["forbid_roots"]), row.get("note", ""))
        for row in _read_jsonl(folder / "traps.jsonl")
    )
    pages = tuple(_gold_page(row) for row in _read_jsonl(folder / "pages.jsonl"))
    return GoldSet(folder, articles, events, traps, pages)


def _gold_event(row: dict) -> GoldEvent:
    return GoldEvent(
        doc=row["doc"],
        source=tuple(row.get("source") or ()),
        target=tuple(row.get("target") or ()),
        symmetric=bool(row.get("symmetric", False)),
        roots=tuple(row.get("roots") or ()),
        plover=tuple(row.get("plover") or ()),
        date=row.get("date"),
        must=bool(row.get("must", True)),
        evidence=row.get("evidence", ""),
        note=row.get("note", ""),
    )


def _gold_page(row: dict) -> GoldPage:
    stories = tuple(
        GoldStory(s["title"], s.get("published"), s.get("body_phrase", ""))
        for s in row.get("stories", [])
    )
    return GoldPage(row["doc"], stories, tuple(row.get("boilerplate", [])))


def _read_jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}:{number}: {exc}", reason="gold") from exc
    return rows
