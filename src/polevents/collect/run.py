"""Orchestration of ``polevents fetch``: targets -> fetches -> feed items -> pages -> store.

A target is a URL or a file of URLs (one a line, ``#`` comments). Whatever a
target turns out to be is decided by its body: a feed or sitemap is expanded
into its items, anything else is a page. Every outcome is recorded in
``fetches``; pages whose canonical URL was already stored are not ingested
again.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from polevents.collect.documents import to_raw_document
from polevents.collect.feeds import FeedItem, parse_feed, sniff_feed_kind
from polevents.collect.fetch import Fetcher, FetchOutcome, FetchPolicy, FetchRequest
from polevents.collect.state import (
    filter_unseen,
    is_canonical_stored,
    load_validators,
    open_state,
    record_outcome,
)
from polevents.collect.warc import write_warc
from polevents.errors import CollectError, PoleventsError
from polevents.settings import Settings
from polevents.types import DocumentResult, RawDocument, Skip

log = logging.getLogger(__name__)

MAX_CHILD_SITEMAPS = 50
MAX_SITEMAP_DEPTH = 2
# Modules that ``fetch --db`` needs beyond collect; checked before any request is sent.
PIPELINE_MODULES = ("polevents.store.db", "polevents.clean.articles", "polevents.coding.engine")

Sink = Callable[[Iterable[RawDocument | Skip]], int]
"""Take the documents of a round, ingest them, return how many were ingested."""


@dataclass(frozen=True, slots=True)
class CollectedPage:
    """A fetched page to ingest, with the feed item that listed it, if any."""

    outcome: FetchOutcome
    item: FeedItem | None = None


@dataclass(slots=True)
class CollectReport:
    """What one fetch round did; ``statuses`` counts every fetch, feeds included."""

    statuses: dict[str, int] = field(default_factory=dict)
    feeds: int = 0
    items: int = 0
    new_items: int = 0
    pages: int = 0
    duplicates: int = 0
    ingested: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def count(self, outcome: FetchOutcome) -> None:
        """Add one outcome to the counters."""
        self.statuses[outcome.status] = self.statuses.get(outcome.status, 0) + 1
        if outcome.status == "failed":
            self.failures.append((outcome.url, outcome.reason))

    def as_rows(self) -> list[tuple[str, int]]:
        """Return (label, count) rows for display."""
        rows = [(f"fetch: {name}", n) for name, n in sorted(self.statuses.items())]
        return [
            *rows,
            ("feeds read", self.feeds),
            ("items listed", self.items),
            ("new items", self.new_items),
            ("pages fetched", self.pages),
            ("duplicate articles", self.duplicates),
            ("documents ingested", self.ingested),
        ]


@dataclass(frozen=True, slots=True)
class WarcReport:
    """Where ``fetch_to_warc`` wrote, how many records, and the round's counters."""

    path: Path
    records: int
    report: CollectReport


def read_targets(args: Sequence[str]) -> list[str]:
    """Expand command-line targets: URLs stay, files give one URL a line.

    Raises:
        CollectError: an argument is neither a URL nor a readable file (``bad_target``).
    """
    targets: list[str] = []
    for arg in args:
        if "://" in arg:
            targets.append(arg.strip())
            continue
        path = Path(arg)
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            raise CollectError(f"{arg}: not a URL or a file", reason="bad_target") from exc
        targets.extend(s for line in lines if (s := line.strip()) and not s.startswith("#"))
    return list(dict.fromkeys(targets))


def collect_pages(
    targets: Sequence[str],
    *,
    fetcher: Fetcher,
    con: duckdb.DuckDBPyConnection | None,
    report: CollectReport,
) -> Iterator[CollectedPage]:
    """Fetch the targets, expand feeds into new items, and yield the pages to ingest.

    With ``con`` None nothing is recorded or skipped as seen (a WARC crawl).
    """
    seen_canonical: set[str] = set()
    items: dict[str, FeedItem] = {}
    outcomes = fetcher.fetch_many(_requests(targets, "any", con))
    for outcome in outcomes:
        kind = sniff_feed_kind(outcome.body) if outcome.body is not None else None
        if kind is None:
            page = _settle(outcome, con, report, seen_canonical, item=None)
            if page is not None:
                yield page
            continue
        for item in _expand_feed(outcome, fetcher=fetcher, con=con, report=report, depth=0):
            items.setdefault(item.url, item)
    report.items = len(items)
    new_urls = filter_unseen(con, items) if con is not None else list(items)
    report.new_items = len(new_urls)
    for outcome in fetcher.fetch_many(FetchRequest(url, "page") for url in new_urls):
        page = _settle(outcome, con, report, seen_canonical, item=items[outcome.url])
        if page is not None:
            yield page


def fetch_and_ingest(
    targets: Sequence[str],
    *,
    settings: Settings,
    db_path: Path,
    fetcher: Fetcher | None = None,
    sink: Sink | None = None,
) -> CollectReport:
    """Fetch the targets and ingest the new pages into the store at ``db_path``.

    Args:
        targets: URLs and files of URLs (see ``read_targets``).
        settings: polevents settings; the ``fetch_*`` ones shape the fetcher.
        db_path: the DuckDB store; its ``fetches`` table keeps the fetch state.
        fetcher: a ready fetcher (tests); by default one built from ``settings``.
        sink: where documents go; by default pipeline + ``EventStore.write_results``.

    Raises:
        CollectError: a target is unusable, or the store/pipeline is not installed.
        StoreError: the DuckDB file cannot be opened.
    """
    urls = read_targets(targets)
    write = sink or store_sink(settings=settings, db_path=db_path)
    report = CollectReport()
    con = open_state(db_path)
    try:
        with _fetcher_for(fetcher, settings) as active:
            pages = collect_pages(urls, fetcher=active, con=con, report=report)
            report.ingested = write(_documents(pages))
    finally:
        con.close()
    return report


def fetch_to_warc(
    targets: Sequence[str],
    *,
    out_dir: Path,
    settings: Settings | None = None,
    fetcher: Fetcher | None = None,
) -> WarcReport:
    """Fetch the targets (feeds expanded) and save the pages in a new ``.warc.gz`` file."""
    urls = read_targets(targets)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = out_dir / f"polevents-{stamp}.warc.gz"
    report = CollectReport()
    with _fetcher_for(fetcher, settings) as active:
        pages = collect_pages(urls, fetcher=active, con=None, report=report)
        records = write_warc((page.outcome for page in pages), path)
    return WarcReport(path, records, report)


def store_sink(*, settings: Settings, db_path: Path) -> Sink:
    """Return a sink that runs the pipeline and writes to ``EventStore`` at ``db_path``.

    The store and pipeline modules are checked now, before anything is fetched.

    Raises:
        CollectError: ``no_pipeline`` when a needed module is not installed yet.
    """
    missing = [name for name in PIPELINE_MODULES if not _importable(name)]
    if missing:
        raise CollectError(
            f"cannot ingest yet: {', '.join(missing)} not available; "
            "use --out DIR to save the pages as WARC instead",
            reason="no_pipeline",
        )

    def write(items: Iterable[RawDocument | Skip]) -> int:
        from polevents.service import process_documents
        from polevents.store.db import EventStore  # type: ignore[import-not-found]

        counted = _Counter(process_documents(items, settings=settings))
        store = EventStore.open(db_path)
        try:
            store.write_results(counted)
        finally:
            close = getattr(store, "close", None)
            if callable(close):
                close()
        return counted.count

    return write


class _Counter:
    """Pass results through, counting those that produced a document."""

    def __init__(self, results: Iterable[DocumentResult]) -> None:
        self._results = results
        self.count = 0

    def __iter__(self) -> Iterator[DocumentResult]:
        for result in self._results:
            if result.raw is not None:
                self.count += 1
            yield result


def _requests(
    urls: Iterable[str], kind: str, con: duckdb.DuckDBPyConnection | None
) -> Iterator[FetchRequest]:
    for url in urls:
        etag, modified = load_validators(con, url) if con is not None else (None, None)
        yield FetchRequest(url, kind, etag, modified)  # type: ignore[arg-type]


def _expand_feed(
    outcome: FetchOutcome,
    *,
    fetcher: Fetcher,
    con: duckdb.DuckDBPyConnection | None,
    report: CollectReport,
    depth: int,
) -> Iterator[FeedItem]:
    try:
        parsed = parse_feed(outcome.body or b"", base_url=outcome.final_url)
    except CollectError as exc:
        _record(replace(outcome, status="failed", reason=exc.reason, body=None), con, report)
        return
    _record(outcome, con, report)
    report.feeds += 1
    item_feed = outcome.url
    yield from (replace(item, feed=item_feed) for item in parsed.items)
    children = parsed.sitemaps[:MAX_CHILD_SITEMAPS]
    if not children or depth >= MAX_SITEMAP_DEPTH:
        return
    for child in fetcher.fetch_many(_requests(children, "feed", con)):
        if child.status == "fetched" and child.body is not None:
            yield from _expand_feed(child, fetcher=fetcher, con=con, report=report, depth=depth + 1)
        else:
            _record(child, con, report)


def _settle(
    outcome: FetchOutcome,
    con: duckdb.DuckDBPyConnection | None,
    report: CollectReport,
    seen_canonical: set[str],
    *,
    item: FeedItem | None,
) -> CollectedPage | None:
    """Record a page outcome; return it when it is a new article to ingest."""
    canonical = outcome.canonical_url
    duplicate = (
        outcome.status == "fetched"
        and canonical is not None
        and (
            canonical in seen_canonical
            or (con is not None and is_canonical_stored(con, canonical, url=outcome.url))
        )
    )
    _record(outcome, con, report, feed=item.feed if item else None)
    if outcome.status != "fetched" or canonical is None:
        return None
    report.pages += 1
    if duplicate:
        report.duplicates += 1
        log.info("%s is already stored as %s", outcome.url, canonical)
        return None
    seen_canonical.add(canonical)
    return CollectedPage(outcome, item)


def _record(
    outcome: FetchOutcome,
    con: duckdb.DuckDBPyConnection | None,
    report: CollectReport,
    *,
    feed: str | None = None,
) -> None:
    report.count(outcome)
    if con is not None:
        record_outcome(con, outcome, feed=feed)


def _documents(pages: Iterable[CollectedPage]) -> Iterator[RawDocument | Skip]:
    for page in pages:
        outcome = page.outcome
        try:
            yield to_raw_document(outcome, item=page.item)
        except PoleventsError as exc:
            doc = outcome.canonical_url or outcome.url
            yield Skip(doc, outcome.final_url, "collect", exc.reason, str(exc))


def _fetcher_for(
    fetcher: Fetcher | None, settings: Settings | None
) -> contextlib.AbstractContextManager[Fetcher]:
    if fetcher is not None:
        return contextlib.nullcontext(fetcher)
    policy = FetchPolicy.from_settings(settings) if settings is not None else FetchPolicy()
    return Fetcher(policy)


def _importable(name: str) -> bool:
    try:
        importlib.import_module(name)
    except ImportError:
        return False
    return True


__all__ = [
    "CollectReport",
    "CollectedPage",
    "WarcReport",
    "collect_pages",
    "fetch_and_ingest",
    "fetch_to_warc",
    "read_targets",
    "store_sink",
]
