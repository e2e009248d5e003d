"""watch: rounds on a schedule, only new items, new alerts once, clean stop, resume."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from polevents.collect.fetch import Fetcher
from polevents.collect.watch import describe_alert, parse_duration, watch
from polevents.errors import CollectError, ConfigError, StoreError
from polevents.settings import load_settings
from polevents.types import RawDocument, Skip


@dataclass(frozen=True)
class FakeAlert:
    kind: str
    actors: tuple[str, ...]
    period: date
    summary: str = ""
    score: float = 0.0


class Collector:
    def __init__(self, fail_calls: tuple[int, ...] = ()) -> None:
        self.docs: list[str] = []
        self.calls = 0
        self.fail_calls = fail_calls

    def __call__(self, items: Iterable[RawDocument | Skip]) -> int:
        self.calls += 1
        if self.calls in self.fail_calls:
            raise StoreError("store busy", reason="locked")
        got = [item.doc for item in items]
        self.docs.extend(got)
        return len(got)


def growing_feed(site: HTTPServer, rounds: list[list[str]]) -> None:
    """Serve a feed whose n-th version lists rounds[n] (the last one repeats), with ETags."""
    served = {"n": 0}

    def handler(request: Request) -> Response:
        n = min(served["n"], len(rounds) - 1)
        etag = f'"v{n}"'
        if request.headers.get("If-None-Match") == etag:
            return Response(status=304)
        served["n"] += 1
        links = "".join(f"<item><link>{site.url_for(p)}</link></item>" for p in rounds[n])
        body = f'<rss version="2.0"><channel>{links}</channel></rss>'
        return Response(body, content_type="application/rss+xml", headers={"ETag": etag})

    site.expect_request("/feed.xml").respond_with_handler(handler)
    for path in {p for paths in rounds for p in paths}:
        site.expect_request(path).respond_with_data(f"<p>{path}</p>", content_type="text/html")


@pytest.fixture
def feeds_file(site: HTTPServer, tmp_path: Path) -> Path:
    path = tmp_path / "feeds.txt"
    path.write_text(f"# world news\n{site.url_for('/feed.xml')}\n")
    return path


def test_watch_ingests_only_new_items_and_reports_new_alerts_once(
    site: HTTPServer, make_fetcher: Callable[..., Fetcher], feeds_file: Path, tmp_path: Path
) -> None:
    growing_feed(site, [["/a"], ["/a", "/b"]])
    old = FakeAlert("shift", ("RUS", "CHN"), date(2024, 1, 1))
    new = FakeAlert("surge", ("ISR", "LBN"), date(2024, 5, 6), "clashes")
    snapshots = [[old], [old], [old, new], [old, new]]
    seen: list[object] = []
    sleeps: list[float] = []
    sink = Collector()
    done = watch(feeds_file, every_s=900.0, settings=load_settings(), db_path=tmp_path / "s.duckdb",
                 on_alert=seen.append, fetcher=make_fetcher(), sink=sink,
                 alerts=lambda: snapshots.pop(0), sleep=sleeps.append, max_rounds=3)  # fmt: skip
    assert sink.docs == [site.url_for("/a"), site.url_for("/b")]
    assert (done.rounds, done.ingested, done.alerts, seen) == (3, 2, 1, [new])
    assert sleeps == [900.0, 900.0]


def test_watch_stops_cleanly_on_ctrl_c_and_resumes(
    site: HTTPServer, make_fetcher: Callable[..., Fetcher], feeds_file: Path, tmp_path: Path
) -> None:
    growing_feed(site, [["/a", "/b"]])
    db = tmp_path / "s.duckdb"
    sink = Collector()

    def interrupt(_seconds: float) -> None:
        raise KeyboardInterrupt

    common = {"every_s": 60.0, "settings": load_settings(), "db_path": db, "on_alert": print,
              "sink": sink, "alerts": lambda: (), "sleep": interrupt}  # fmt: skip
    first = watch(feeds_file, fetcher=make_fetcher(), **common)  # type: ignore[arg-type]
    again = watch(feeds_file, fetcher=make_fetcher(), **common)  # type: ignore[arg-type]
    assert (first.rounds, first.ingested, again.rounds, again.ingested) == (1, 2, 1, 0)
    assert again.last_round is not None
    assert again.last_round.statuses == {"not_modified": 1}


def test_watch_survives_a_failed_round_after_the_first(
    site: HTTPServer, make_fetcher: Callable[..., Fetcher], feeds_file: Path, tmp_path: Path
) -> None:
    growing_feed(site, [["/a"], ["/a", "/b"]])
    sink = Collector(fail_calls=(2,))
    done = watch(feeds_file, every_s=1.0, settings=load_settings(), db_path=tmp_path / "s.duckdb",
                 on_alert=print, fetcher=make_fetcher(), sink=sink, alerts=lambda: (),
                 sleep=lambda _s: None, max_rounds=3)  # fmt: skip
    assert done.rounds == 3
    assert sink.calls == 3


def test_watch_fails_at_once_without_feeds_file(
    make_fetcher: Callable[..., Fetcher], tmp_path: Path
) -> None:
    with pytest.raises(CollectError) as caught:
        watch(tmp_path / "missing.txt", every_s=1.0, settings=load_settings(),
              db_path=tmp_path / "s.duckdb", on_alert=print, fetcher=make_fetcher(),
              sink=Collector(), alerts=lambda: (), max_rounds=1)  # fmt: skip
    assert caught.value.reason == "bad_target"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30.0), ("15m", 900.0), ("1h", 3600.0), ("2H", 7200.0), ("45", 45.0), ("0.5m", 30.0)],
)
def test_parse_duration_reads_units(text: str, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "0s", "-5m", "15 minutes", "1d", "m"])
def test_parse_duration_refuses_nonsense(text: str) -> None:
    with pytest.raises(ConfigError):
        parse_duration(text)


@pytest.mark.parametrize(
    ("alert", "line"),
    [
        (
            FakeAlert("surge", ("ISR",), date(2024, 5, 6), "clashes"),
            "alert: 2024-05-06 surge clashes",
        ),
        ("plain", "alert: plain"),
    ],
)
def test_describe_alert_gives_one_line(alert: object, line: str) -> None:
    assert describe_alert(alert) == line
