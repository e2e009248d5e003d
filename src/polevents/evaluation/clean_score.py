"""Score the cleaner against a gold folder's ``pages.jsonl``.

A gold story is *found* when some article cleaned out of its page contains
the story's ``body_phrase``; its *title* is right when that article's title is
the gold title (whitespace normalised) and its *date* when ``published``
matches. A boilerplate phrase *leaks* when it appears in any body of its page.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from polevents.evaluation.gold import GoldSet
from polevents.settings import Settings
from polevents.types import Article

__all__ = ["CleanScore", "score_cleaner"]


@dataclass(frozen=True, slots=True)
class CleanScore:
    """The cleaner's figures on a gold set, with one line per miss."""

    pages: int
    stories: int
    found: int
    titles: int
    dates: int
    leaked: int
    skipped: int
    misses: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """Return the figures as plain JSON-ready values."""
        return asdict(self)

    def render(self, verbose: bool = False) -> list[str]:
        """Return the lines the CLI prints; the summary line comes last."""
        lines = [f"miss: {miss}" for miss in self.misses] if verbose else []
        lines.append(f"pages {self.pages}  skipped {self.skipped}")
        lines.append(
            f"stories {self.found}/{self.stories} ({_pct(self.found, self.stories)})  "
            f"titles {self.titles}/{self.stories} ({_pct(self.titles, self.stories)})  "
            f"dates {self.dates}/{self.stories} ({_pct(self.dates, self.stories)})  "
            f"leaked {self.leaked}"
        )
        return lines


def score_cleaner(gold: GoldSet, *, settings: Settings) -> CleanScore:
    """Clean every page of ``gold.articles`` and score the output against ``gold.pages``."""
    from polevents.service import iter_clean

    by_doc: dict[str, list[Article]] = {}
    skipped = 0
    misses: list[str] = []
    for result in iter_clean(gold.articles, settings=settings):
        name = Path(result.doc).stem
        by_doc.setdefault(name, []).extend(result.articles)
        for skip in result.skips:
            skipped += 1
            misses.append(f"{name}: skipped ({skip.reason})")
    stories = found = titles = dates = leaked = 0
    for page in gold.pages:
        articles = by_doc.get(page.doc, [])
        for story in page.stories:
            stories += 1
            phrase = _norm(story.body_phrase)
            match = next((a for a in articles if phrase in _norm(a.body)), None)
            if match is None:
                misses.append(f"{page.doc}: story not found: {story.title!r}")
                continue
            found += 1
            if _norm(match.title) == _norm(story.title):
                titles += 1
            else:
                misses.append(f"{page.doc}: title {match.title!r} != {story.title!r}")
            published = match.published_on.isoformat() if match.published_on else None
            if published == story.published:
                dates += 1
            else:
                misses.append(f"{page.doc}: date {published} != {story.published}")
        for phrase in page.boilerplate:
            if any(_norm(phrase) in _norm(a.body) for a in articles):
                leaked += 1
                misses.append(f"{page.doc}: boilerplate leaked: {phrase!r}")
    return CleanScore(len(gold.pages), stories, found, titles, dates, leaked, skipped, misses)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _pct(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f}%" if whole else "n/a"
