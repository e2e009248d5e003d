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
import itertools
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from polevents.collect.documents import to_raw_document
from polevents.collect.feeds import FeedItem, parse_feed, sniff_feed_kind
from polevents.collect.fetch import Fetcher, FetchKind, FetchOutcome, FetchPolicy, FetchRequest
from polevents.collect.state import (
    FetchState,
    filter_unseen,
    load_canonical_owners,
    load_validators,
    record_outcome,
)
from polevents.collect.warc import write_warc
from polevents.errors import CollectError, IngestError, PoleventsError
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
    state: FetchState | None,
    report: CollectReport,
) -> Iterator[CollectedPage]:
    """Fetch the targets, expand feeds into new items, and yield the pages to ingest.

    Outcomes are recorded one batch per store session. With ``state`` None
    nothing is recorded and no item counts as seen (a WARC crawl).
    """
    seen_canonical: set[str] = set()
    items: dict[str, FeedItem] = {}
    feed_outcomes: list[FetchOutcome] = []
    batch_size = 4 * fetcher.policy.workers
    for batch in _batches(_requests(targets, "any", state), batch_size):
        outcomes = list(fetcher.fetch_many(batch))
        feeds = [o for o in outcomes if o.body is not None and sniff_feed_kind(o.body)]
        pages = [o for o in outcomes if o not in feeds]
        if pages:
            with _session(state) as con:
                found = _settle_pages(pages, con, report, seen_canonical, items={})
            yield from found
        for feed in feeds:
            expanded = _expand_feed(feed, fetcher=fetcher, state=state, done=feed_outcomes, depth=0)
            for item in expanded:
                items.setdefault(item.url, item)
    report.items = len(items)
    report.feeds = sum(1 for o in feed_outcomes if o.status == "fetched")
    with _session(state) as con:  # one session: feed outcomes, then which items are new
        for outcome in feed_outcomes:
            _record(outcome, con, report)
        new_urls = filter_unseen(con, items) if con is not None else list(items)
    report.new_items = len(new_urls)
    for batch in _batches((FetchRequest(u, "page") for u in new_urls), batch_size):
        outcomes = list(fetcher.fetch_many(batch))
        with _session(state) as con:
            found = _settle_pages(outcomes, con, report, seen_canonical, items=items)
        yield from found


def fetch_and_ingest(
    targets: Sequence[str],
    *,
    settings: Settings,
    db_path: Path,
    fetcher: Fetcher | None = None,
    sink: Sink | None = None,
) -> CollectReport:
    """Fetch the targets and ingest the new pages into the store at ``db_path``.

    The store's writer lock is taken before the first request, so a second
    writer fails at once rather than after the crawl.

    Args:
        targets: URLs and files of URLs (see ``read_targets``).
        settings: polevents settings; the ``fetch_*`` ones shape the fetcher.
        db_path: the DuckDB store; its ``fetches`` table keeps the fetch state.
        fetcher: a ready fetcher (tests); by default one built from ``settings``.
        sink: where documents go; by default the pipeline and ``EventStore.write_results``.

    Raises:
        CollectError: a target is unusable, or the store/pipeline is not installed.
        StoreError: the store cannot be opened or another writer holds it.
    """
    urls = read_targets(targets)
    report = CollectReport()
    state = FetchState(db_path)
    writing = (
        contextlib.nullcontext(sink) if sink else store_sink(settings=settings, db_path=db_path)
    )
    with writing as write, _fetcher_for(fetcher, settings) as active:
        pages = collect_pages(urls, fetcher=active, state=state, report=report)
        report.ingested = write(_documents(pages))
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
        pages = collect_pages(urls, fetcher=active, state=None, report=report)
        records = write_warc((page.outcome for page in pages), path)
    return WarcReport(path, records, report)


@contextlib.contextmanager
def store_sink(*, settings: Settings, db_path: Path) -> Iterator[Sink]:
    """Hold the store's writer and yield a sink: pipeline, then ``write_results``.

    Raises:
        CollectError: ``no_pipeline`` when a needed module is not installed.
        StoreError: the store cannot be opened for writing.
    """
    missing = [name for name in PIPELINE_MODULES if not _importable(name)]
    if missing:
        raise CollectError(
            f"cannot ingest: {', '.join(missing)} not available; "
            "use --out DIR to save the pages as WARC instead",
            reason="no_pipeline",
        )
    from polevents.service import process_documents
    from polevents.store.db import EventStore

    with EventStore.open(db_path, read_only=False) as store:

        def write(items: Iterable[RawDocument | Skip]) -> int:
            counted = _Counter(process_documents(items, settings=settings))
            store.write_results(counted)
            return counted.count

        yield write


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


def _requests(urls: Sequence[str], kind: FetchKind, state: FetchState | None) -> list[FetchRequest]:
    with _session(state) as con:
        known = load_validators(con, urls) if con is not None else {}
    return [FetchRequest(url, kind, *known.get(url, (None, None))) for url in urls]


def _batches(requests: Iterable[FetchRequest], size: int) -> Iterator[list[FetchRequest]]:
    """Cut requests in lists of ``size`` (``itertools.batched`` is Python 3.12+)."""
    pending = iter(requests)
    while batch := list(itertools.islice(pending, size)):
        yield batch


@contextlib.contextmanager
def _session(state: FetchState | None) -> Iterator[duckdb.DuckDBPyConnection | None]:
    if state is None:
        yield None
        return
    with state.session() as con:
        yield con


def _expand_feed(
    outcome: FetchOutcome,
    *,
    fetcher: Fetcher,
    state: FetchState | None,
    done: list[FetchOutcome],
    depth: int,
) -> list[FeedItem]:
    """Parse a fetched feed (following a sitemap index) into its items.

    The outcomes of the feed and of any child sitemap are appended to ``done``
    (a feed that does not parse as ``failed``/``bad_feed``) to be recorded later.
    """
    try:
        parsed = parse_feed(outcome.body or b"", base_url=outcome.final_url)
    except CollectError as exc:
        log.warning("%s: %s", outcome.url, exc)
        done.append(replace(outcome, status="failed", reason=exc.reason, body=None))
        return []
    done.append(replace(outcome, body=None))
    items = [replace(item, feed=outcome.url) for item in parsed.items]
    children = list(parsed.sitemaps[:MAX_CHILD_SITEMAPS])
    if not children or depth >= MAX_SITEMAP_DEPTH:
        return items
    for child in fetcher.fetch_many(_requests(children, "feed", state)):
        if child.status == "fetched" and child.body is not None:
            items += _expand_feed(child, fetcher=fetcher, state=state, done=done, depth=depth + 1)
        else:
            done.append(child)
    return items


def _settle_pages(
    outcomes: Sequence[FetchOutcome],
    con: duckdb.DuckDBPyConnection | None,
    report: CollectReport,
    seen_canonical: set[str],
    *,
    items: dict[str, FeedItem],
) -> list[CollectedPage]:
    """Record page outcomes; return the new articles among them (one per canonical URL)."""
    fetched = [o.canonical_url for o in outcomes if o.status == "fetched" and o.canonical_url]
    owners = load_canonical_owners(con, fetched) if con is not None else {}
    pages = []
    for outcome in outcomes:
        item = items.get(outcome.url)
        _record(outcome, con, report, feed=item.feed if item else None)
        canonical = outcome.canonical_url
        if outcome.status != "fetched" or canonical is None:
            continue
        report.pages += 1
        if canonical in seen_canonical or owners.get(canonical, set()) - {outcome.url}:
            report.duplicates += 1
            log.info("%s is already stored as %s", outcome.url, canonical)
            continue
        seen_canonical.add(canonical)
        pages.append(CollectedPage(outcome, item))
    return pages


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
            stage = "ingest" if isinstance(exc, IngestError) else "collect"
            yield Skip(doc, outcome.final_url, stage, exc.reason, str(exc))


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
