"""``polevents watch``: re-read feeds on a schedule, ingest new items, report new alerts.

All state lives in the store (``fetches``), so a stopped watch resumes where it
left off: items already settled are not fetched again, and feeds are asked
with their ETag / Last-Modified so that an unchanged feed costs one 304.
"""

from __future__ import annotations

import importlib
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from polevents.collect.fetch import Fetcher
from polevents.collect.limits import Sleep
from polevents.collect.run import CollectReport, Sink, fetch_and_ingest
from polevents.errors import ConfigError, PoleventsError
from polevents.settings import Settings

log = logging.getLogger(__name__)

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*$", re.I)
_UNIT_S = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0}

AlertSource = Callable[[], Iterable[object]]
"""Return the alerts currently in the store."""


@dataclass(frozen=True, slots=True)
class WatchReport:
    """What a watch did before it stopped."""

    rounds: int
    ingested: int
    new_items: int
    alerts: int
    last_round: CollectReport | None


def parse_duration(text: str) -> float:
    """Parse ``30s``, ``15m``, ``1h`` (or plain seconds) to seconds.

    >>> parse_duration("15m"), parse_duration("30s"), parse_duration("1h"), parse_duration("90")
    (900.0, 30.0, 3600.0, 90.0)

    Raises:
        ConfigError: not a positive duration.
    """
    match = _DURATION.match(text)
    if not match or float(match.group(1)) <= 0:
        raise ConfigError(f"--every: expected a duration like 30s, 15m or 1h, got {text!r}")
    return float(match.group(1)) * _UNIT_S[match.group(2).lower()]


def watch(
    feeds_file: Path,
    *,
    every_s: float,
    settings: Settings,
    db_path: Path,
    on_alert: Callable[[object], None],
    on_round: Callable[[str], None] | None = None,
    fetcher: Fetcher | None = None,
    sink: Sink | None = None,
    alerts: AlertSource | None = None,
    sleep: Sleep = time.sleep,
    max_rounds: int | None = None,
) -> WatchReport:
    """Fetch the feeds in ``feeds_file`` every ``every_s`` seconds until Ctrl-C.

    The file is read again each round, so feeds can be added while it runs.
    Alerts that already existed when the watch started are not reported; each
    new one is passed to ``on_alert`` once. After the first round, an error of
    one round (store busy, feeds file being edited) is logged and the next
    round tries again.

    Raises:
        CollectError, StoreError: the feeds file or the store is unusable in round one.
    """
    find = alerts or _store_alerts(db_path)
    known = {_alert_key(alert) for alert in find()}
    rounds = ingested = new_items = alert_count = 0
    last: CollectReport | None = None
    try:
        while max_rounds is None or rounds < max_rounds:
            rounds += 1
            try:
                last = fetch_and_ingest(
                    [str(feeds_file)],
                    settings=settings,
                    db_path=db_path,
                    fetcher=fetcher,
                    sink=sink,
                )
            except PoleventsError as exc:
                if rounds == 1:
                    raise
                log.warning("round %d failed, trying again next round: %s", rounds, exc)
            else:
                ingested += last.ingested
                new_items += last.new_items
                line = f"round {rounds}: {last.new_items} new items, {last.ingested} ingested"
                log.info("%s", line)
                if on_round is not None:
                    on_round(line)
            for alert in find():
                key = _alert_key(alert)
                if key not in known:
                    known.add(key)
                    alert_count += 1
                    on_alert(alert)
            if max_rounds is not None and rounds >= max_rounds:
                break
            sleep(every_s)
    except KeyboardInterrupt:
        log.info("watch stopped after %d rounds; state is saved in %s", rounds, db_path)
    return WatchReport(rounds, ingested, new_items, alert_count, last)


def _store_alerts(db_path: Path) -> AlertSource:
    """Return the store's alerts over its last 30 days of data, or none without analysis.

    The analysis stage is optional for watching: without it, rounds still ingest.
    """
    try:
        alerts = importlib.import_module("polevents.analysis.alerts")
        render = importlib.import_module("polevents.analysis.cli_render")
        source = importlib.import_module("polevents.analysis.source")
    except ImportError:
        log.info("alerts are not available (polevents.analysis); watching without them")
        return lambda: ()

    def current() -> Iterable[object]:
        if not db_path.is_file():
            return ()
        try:
            con = source.open_events(db_path)
        except PoleventsError as exc:  # no events table yet: nothing to alert on
            log.debug("no alerts yet: %s", exc)
            return ()
        try:
            return list(alerts.find_alerts(con, since=render.default_since(con)))
        finally:
            con.close()

    return current


def describe_alert(alert: object) -> str:
    """Return one line for an alert: its period, kind and summary when it has them."""
    parts = [getattr(alert, name, None) for name in ("period", "kind", "summary")]
    if all(part is None for part in parts):
        return f"alert: {alert}"
    return "alert: " + " ".join(str(part) for part in parts if part is not None)


def _alert_key(alert: object) -> str:
    """Identify an alert by kind, actors and period, so a changed score is not new."""
    parts = [getattr(alert, name, None) for name in ("kind", "actors", "period")]
    return repr(parts) if any(part is not None for part in parts) else repr(alert)
