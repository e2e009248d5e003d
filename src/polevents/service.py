"""Operations that the CLI, the HTTP API and notebooks call.

The stages meet here and only here:

* ``polevents.ingest.readers.iter_documents(inputs, settings=...)`` yields
  ``RawDocument`` or ``Skip`` for every input, lazily;
* ``polevents.clean.articles.clean_document(raw, settings=...)`` returns the
  page's ``Article`` list or raises ``CleanError``/``IngestError``;
* ``polevents.clean.dedup.Deduplicator`` marks ``duplicate_of`` within a run;
* ``polevents.coding.engine.Coder`` parses articles in batches and codes events.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from polevents.errors import PoleventsError
from polevents.settings import Settings
from polevents.types import Article, DocumentResult, Event, RawDocument, Skip

if TYPE_CHECKING:  # imported lazily at run time: spaCy and trafilatura are slow to import
    from polevents.coding.engine import Coder


class ArticleMarker(Protocol):
    """Marks ``duplicate_of`` on articles (``clean.dedup.Deduplicator``, or a no-op)."""

    def mark(self, article: Article) -> Article: ...


log = logging.getLogger(__name__)


def iter_clean(inputs: Iterable[str | Path], *, settings: Settings) -> Iterator[DocumentResult]:
    """Read and clean every input; one ``DocumentResult`` per input (skips included)."""
    from polevents.ingest.readers import iter_documents

    yield from clean_documents(iter_documents(inputs, settings=settings), settings=settings)


def clean_documents(
    items: Iterable[RawDocument | Skip],
    *,
    settings: Settings,
    dedup: ArticleMarker | None = None,
) -> Iterator[DocumentResult]:
    """Clean documents already read (from files, a fetcher, a WARC...); skips pass through.

    ``dedup`` marks near-duplicates (a fresh ``Deduplicator`` of this run by default).
    The run starts with no line kinds remembered (``noise.forget_lines``): what the
    cache gains on is boilerplate repeated within a run, not pages cleaned before.
    """
    from polevents.clean.articles import clean_document
    from polevents.clean.dedup import Deduplicator
    from polevents.clean.noise import forget_lines

    if dedup is None:
        dedup = Deduplicator(
            threshold=settings.near_duplicate_threshold, memory=settings.near_duplicate_memory
        )
    forget_lines()
    for item in items:
        if isinstance(item, Skip):
            yield DocumentResult(doc=item.doc, origin=item.origin, skips=(item,))
            continue
        yield _clean_one(item, settings=settings, clean=clean_document, dedup=dedup)


def _clean_one(
    raw: RawDocument,
    *,
    settings: Settings,
    clean: Callable[..., list[Article]],
    dedup: ArticleMarker,
) -> DocumentResult:
    try:
        articles = clean(raw, settings=settings)
    except PoleventsError as exc:
        skip = Skip(raw.doc, raw.origin, "clean", exc.reason, str(exc), raw.doc_id)
        return DocumentResult(doc=raw.doc, origin=raw.origin, raw=raw, skips=(skip,))
    except Exception as exc:  # a bug: keep the run going unless asked not to
        if settings.fail_fast:
            raise
        log.exception("bug while cleaning %s", raw.origin)
        skip = Skip(raw.doc, raw.origin, "clean", "bug", repr(exc), raw.doc_id)
        return DocumentResult(doc=raw.doc, origin=raw.origin, raw=raw, skips=(skip,))
    marked = tuple(dedup.mark(article) for article in articles)
    return DocumentResult(doc=raw.doc, origin=raw.origin, raw=raw, articles=marked)


def run_pipeline(
    inputs: Iterable[str | Path],
    *,
    settings: Settings,
    code: bool = True,
    batch_docs: int | None = None,
) -> Iterator[DocumentResult]:
    """Ingest, clean and (unless ``code`` is false) code every input, lazily.

    Documents are coded in batches of ``batch_docs`` so spaCy's ``nlp.pipe``
    works on many texts at once; results come out in input order.
    """
    from polevents.ingest.readers import iter_documents

    yield from process_documents(
        iter_documents(inputs, settings=settings),
        settings=settings,
        code=code,
        batch_docs=batch_docs,
    )


def process_documents(
    items: Iterable[RawDocument | Skip],
    *,
    settings: Settings,
    code: bool = True,
    batch_docs: int | None = None,
    coder: Coder | None = None,
    dedup: ArticleMarker | None = None,
) -> Iterator[DocumentResult]:
    """Clean and code documents already read; the core of ``run_pipeline``.

    ``coder`` is a ``Coder`` built once by a long-lived caller (the HTTP API),
    since building one loads the lexicons (about 2 s); by default a new one.
    ``dedup`` is passed to ``clean_documents`` (``store.ingest`` primes one from the store).

    ``batch_docs`` pages are parsed per ``nlp.pipe`` call; by default as many as spaCy
    takes texts per batch (``settings.batch_size``), so that every call fills at least
    one batch, since a page holds one article or more. With 32 pages and batches of 64
    texts (the old default; about 50 texts on synthetic pages), no call filled one: a
    stream of synthetic pages codes 2% faster now, a run of 50 pages 6% (one call, not
    32 + 18 pages).
    """
    cleaned = clean_documents(items, settings=settings, dedup=dedup)
    if not code:
        yield from cleaned
        return
    from polevents.coding.engine import Coder

    coder = coder or Coder.from_settings(settings)
    batch_docs = batch_docs or settings.batch_size
    batch: list[DocumentResult] = []
    for result in cleaned:
        batch.append(result)
        if len(batch) >= batch_docs:
            yield from code_results(batch, coder)
            batch = []
    if batch:
        yield from code_results(batch, coder)


def code_results(batch: list[DocumentResult], coder: Coder) -> Iterator[DocumentResult]:
    """Code the batch's articles in one parse run (near-duplicates are not coded again)."""
    to_code = [a for result in batch for a in result.articles if a.duplicate_of is None]
    events = coder.code_articles(to_code)
    by_article: dict[str, list[Event]] = {}
    for event in events:
        by_article.setdefault(event.article_id, []).append(event)
    for result in batch:
        found = tuple(e for a in result.articles for e in by_article.get(a.article_id, ()))
        yield replace(result, events=found)


@dataclass(frozen=True)
class DemoResult:
    """What ``polevents demo`` shows: the sample pages' events and the store made of them."""

    events: tuple[Event, ...]
    skips: tuple[Skip, ...]
    db_path: Path
    status: dict[str, object]


def run_demo(pages: Path, *, settings: Settings) -> DemoResult:
    """Code the sample pages and build a fresh demo store from them at ``settings.db_path``.

    Raises:
        ConfigError: the sample folder is missing.
    """
    from polevents.errors import ConfigError
    from polevents.store.db import EventStore
    from polevents.store.ingest import ingest

    if not pages.is_dir():
        raise ConfigError(f"{pages}: sample pages not found (run from the repository root)")
    results = list(run_pipeline([pages], settings=settings))
    for stale in (settings.db_path, Path(f"{settings.db_path}.wal")):
        stale.unlink(missing_ok=True)
    ingest([pages], settings=settings)
    with EventStore.open(settings.db_path) as store:
        status = store.status()
    return DemoResult(
        events=tuple(e for r in results for e in r.events),
        skips=tuple(s for r in results for s in r.skips),
        db_path=settings.db_path,
        status=status,
    )
