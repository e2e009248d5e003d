"""Hand-built pipeline values and a small deterministic store, for tests and demos.

Nothing here runs the NLP pipeline: ``make_result`` builds the
``DocumentResult`` that ingest → clean → code would have produced, and
``make_store`` writes a fixed handful of them through ``EventStore.write_results``.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from pathlib import Path

from polevents.types import Actor, Article, DocumentResult, Event, Location, RawDocument, Skip

__all__ = [
    "FIXED_NOW",
    "make_article",
    "make_event",
    "make_raw",
    "make_result",
    "make_skip",
    "make_store",
    "small_results",
]

FIXED_NOW = datetime(2024, 4, 15, 12, 0, tzinfo=UTC)
"""The clock of ``make_store``: every row it writes carries this time."""
_NAMES = {"RUSGOV": "Russia", "CHNGOV": "China", "USAGOV": "United States", "IRNGOV": "Iran"}
_ROOT_QUAD = {**dict.fromkeys(range(1, 6), 1), **dict.fromkeys(range(6, 10), 2)}
_ROOT_QUAD |= {**dict.fromkeys(range(10, 15), 3), **dict.fromkeys(range(15, 21), 4)}


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def make_raw(
    doc: str = "page.html", *, text: str | None = None, url: str | None = None
) -> RawDocument:
    """Return a decoded input whose ``doc_id`` is the SHA-1 of its text."""
    body = text if text is not None else f"<html><body>{doc}</body></html>"
    return RawDocument(
        doc_id=_sha1(body),
        doc=doc,
        origin=f"/in/{doc}",
        text=body,
        encoding="utf-8",
        media_type="html",
        size_bytes=len(body.encode("utf-8")),
        url=url,
    )


def make_article(
    raw: RawDocument,
    *,
    story: int = 0,
    outlet: str | None = "example.com",
    published_on: date | None = date(2024, 3, 1),
    body: str = "Russia and China held talks in Beijing.",
    duplicate_of: str | None = None,
) -> Article:
    """Return story ``story`` of ``raw`` as a clean article."""
    return Article(
        article_id=f"{raw.doc_id[:12]}-{story}",
        doc_id=raw.doc_id,
        doc=raw.doc,
        story=story,
        title=f"Title of {raw.doc}",
        body=body,
        language="en",
        outlet=outlet,
        published_on=published_on,
        url=raw.url,
        duplicate_of=duplicate_of,
    )


def make_event(
    article: Article | None = None,
    *,
    source: str = "RUSGOV",
    target: str | None = "CHNGOV",
    cameo_code: str = "042",
    event_date: date | None = date(2024, 3, 1),
    sentence: str = "Russia and China held talks in Beijing.",
    sentence_index: int = 0,
    symmetric: bool = False,
    goldstein: float = 1.9,
    location: Location | None = None,
) -> Event:
    """Return an event coded from ``article`` (a default article when None)."""
    art = article or make_article(make_raw())
    root = cameo_code[:2]
    raw_id = _sha1(f"{art.article_id}|{sentence_index}|{source}|{target}|{cameo_code}")[:16]
    return Event(
        event_id=raw_id,
        article_id=art.article_id,
        doc=art.doc,
        story=art.story,
        title=art.title,
        published=art.published_on,
        event_date=event_date,
        date_source="sentence" if event_date else "published",
        source=Actor(text=_NAMES.get(source, source), code=source, country=source[:3]),
        target=(
            Actor(text=_NAMES.get(target, target), code=target, country=target[:3])
            if target
            else None
        ),
        cameo_code=cameo_code,
        cameo_root=root,
        quad_class=_ROOT_QUAD[int(root)],
        goldstein=goldstein,
        plover_type="CONSULT",
        plover_mode="",
        symmetric=symmetric,
        sentence=sentence,
        rule="test",
        confidence=0.9,
        location=location,
        url=art.url,
        outlet=art.outlet,
        sentence_index=sentence_index,
    )


def make_skip(
    doc: str = "binary.bin", *, reason: str = "binary", doc_id: str | None = None
) -> Skip:
    """Return a skipped input (``doc_id`` None: no bytes were read)."""
    return Skip(doc=doc, origin=f"/in/{doc}", stage="ingest", reason=reason, doc_id=doc_id)


def make_result(
    doc: str = "page.html",
    *,
    outlet: str | None = "example.com",
    url: str | None = None,
    events: int = 1,
    text: str | None = None,
    **event_fields: object,
) -> DocumentResult:
    """Return one coded document with one article and ``events`` events."""
    raw = make_raw(doc, text=text, url=url)
    article = make_article(raw, outlet=outlet)
    coded = tuple(
        make_event(article, sentence_index=i, **event_fields)  # type: ignore[arg-type]
        for i in range(events)
    )
    return DocumentResult(
        doc=raw.doc, origin=raw.origin, raw=raw, articles=(article,), events=coded
    )


def small_results() -> list[DocumentResult]:
    """Return the fixed inputs of ``make_store``: a merge, a duplicate, a skip, two dyads."""
    paris = Location(name="Paris", country="FRA", lat=48.8566, lon=2.3522)
    first = make_result("tass.html", outlet="tass.ru", url="https://tass.ru/a1")
    again = make_result(
        "xinhua.html",
        outlet="xinhuanet.com",
        url="https://xinhuanet.com/b2",
        cameo_code="043",
        event_date=date(2024, 3, 2),
    )
    dup_raw = make_raw("mirror.html", url="https://mirror.example/a1")
    original = first.articles[0]
    dup = make_article(dup_raw, outlet="mirror.example", duplicate_of=original.article_id)
    mirror = DocumentResult(doc=dup_raw.doc, origin=dup_raw.origin, raw=dup_raw, articles=(dup,))
    clash = make_result(
        "reuters.html",
        outlet="reuters.com",
        url="https://reuters.com/c3",
        source="USAGOV",
        target="IRNGOV",
        cameo_code="1121",
        event_date=date(2024, 4, 10),
        goldstein=-2.0,
        location=paris,
        sentence="The United States accused Iran of violating the deal in Paris.",
    )
    return [
        first,
        again,
        mirror,
        clash,
        DocumentResult("binary.bin", "/in/binary.bin", skips=(make_skip(),)),
    ]


def make_store(path: Path | str, *, results: list[DocumentResult] | None = None) -> Path:
    """Write ``results`` (default ``small_results()``) to a new store file; return its path.

    A directory gets ``events.duckdb`` inside it, so ``make_store(tmp_path)`` works.
    """
    from polevents.store.db import EventStore

    target = Path(path)
    if target.is_dir():
        target = target / "events.duckdb"
    with EventStore.open(target, read_only=False) as store:
        store.write_results(
            results if results is not None else small_results(), now=FIXED_NOW, batch_size=2
        )
    return target
