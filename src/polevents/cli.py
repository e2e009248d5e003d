"""The ``polevents`` command line: parse options, call ``polevents.service``, render.

No logic lives here: each command builds settings, calls one library function
and prints its result. A ``PoleventsError`` becomes one line on stderr, exit 1.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from polevents.logs import configure_logging

app = typer.Typer(
    name="polevents",
    help="News pages to coded political events and relations between states.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main(
    verbose: Annotated[
        int, typer.Option("-v", "--verbose", count=True, help="-v info, -vv debug")
    ] = 0,
) -> None:
    """polevents: clean news pages, code events, store and analyse them."""
    configure_logging(verbose)


# --- clean (ingest + clean stages) -------------------------------------------------------------


@app.command()
def clean(
    inputs: Annotated[list[str], typer.Argument(help="files, folders, globs, JSONL, WARC or -")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl or table")] = "jsonl",
) -> None:
    """Read and clean pages: one JSON line per article; skips and a summary on stderr."""
    import json

    from polevents import service
    from polevents.clean.articles import to_record
    from polevents.settings import load_settings

    if fmt not in ("jsonl", "table"):
        raise typer.BadParameter("must be jsonl or table", param_hint="--format")
    rows: list[dict[str, object]] = []

    def show(result: Any) -> None:
        for article in result.articles:
            if fmt == "jsonl":
                typer.echo(json.dumps(to_record(article), ensure_ascii=False))
            else:
                rows.append(to_record(article))

    counts = _drain(service.iter_clean(inputs, settings=load_settings()), show)
    if rows:
        _print_clean_table(rows)
    typer.echo(_summary(counts, events=False), err=True)


def _drain(results: Any, show: Any) -> Counter[str]:
    """Consume pipeline results: skips to stderr, counts kept, each result to ``show``."""
    import sys

    from polevents.logs import STDERR

    counts: Counter[str] = Counter()
    with _clean_progress(STDERR, enabled=sys.stderr.isatty()) as advance:
        for result in results:
            advance()
            for skip in result.skips:
                counts[f"skip:{skip.reason}"] += 1
                typer.echo(f"skip {skip.origin}: {skip.reason}", err=True)
            counts["articles"] += len(result.articles)
            counts["duplicates"] += sum(a.duplicate_of is not None for a in result.articles)
            counts["events"] += len(result.events)
            show(result)
    return counts


def _summary(counts: Counter[str], *, events: bool) -> str:
    """The last line of a run: articles, duplicates, (events,) and skips by reason."""
    skips = sorted((k.split(":", 1)[1], v) for k, v in counts.items() if k.startswith("skip:"))
    by_reason = ", ".join(f"{reason} {n}" for reason, n in skips) or "none"
    coded = f"events {counts['events']}  " if events else ""
    return (
        f"articles {counts['articles']}  duplicates {counts['duplicates']}  {coded}"
        f"skips {sum(n for _, n in skips)} ({by_reason})"
    )


@app.command("eval")
def evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="gold folder in the eval/ format")],
    clean_only: Annotated[bool, typer.Option("--clean", help="score the cleaner only")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", help="list every miss")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Score the cleaner (--clean) or the event coder against a gold folder."""
    import json

    from polevents.errors import PoleventsError
    from polevents.evaluation.gold import load_gold
    from polevents.settings import load_settings

    try:
        settings = load_settings()
        gold = load_gold(gold_dir)
        if clean_only:
            from polevents.evaluation.clean_score import score_cleaner

            score: Any = score_cleaner(gold, settings=settings)
        else:
            try:
                from polevents.evaluation.event_score import score_events
            except ImportError as exc:
                typer.echo("error: event scoring not available", err=True)
                raise typer.Exit(1) from exc
            score = score_events(gold, settings=settings)
    except PoleventsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    if fmt == "json":
        typer.echo(json.dumps(score.to_dict(), indent=2, default=str))
    else:
        for line in score.render(verbose):
            typer.echo(line)


def _clean_progress(console: Any, *, enabled: bool) -> Any:
    """A context giving an ``advance()`` callable: a rich counter on a terminal, else a no-op."""
    from contextlib import contextmanager

    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    @contextmanager
    def progress() -> Any:
        if not enabled:
            yield lambda: None
            return
        columns = (SpinnerColumn(), TextColumn("{task.completed} pages"), TimeElapsedColumn())
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("clean", total=None)
            yield lambda: bar.advance(task)

    return progress()


def _print_clean_table(rows: list[dict[str, object]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("doc", "story", "title", "published", "outlet", "words", "duplicate_of")
    for row in rows:
        words = len(str(row["body"]).split())
        cells = (row["doc"], row["story"], row["title"], row["published"], row["outlet"])
        table.add_row(*(str(c) if c is not None else "" for c in cells), str(words),
                      str(row["duplicate_of"] or ""))  # fmt: skip
    Console().print(table)


# --- code, actors, eval (coder) ----------------------------------------------------------------


@app.command()
def code(
    inputs: Annotated[list[str], typer.Argument(help="files, folders, globs, JSONL, WARC or -")],
    fmt: Annotated[str, typer.Option("--format", help="jsonl or table")] = "jsonl",
) -> None:
    """Clean and code pages: one JSON object per event; skips and a summary on stderr."""
    import json

    from polevents import service
    from polevents.errors import PoleventsError
    from polevents.settings import load_settings

    if fmt not in ("jsonl", "table"):
        raise typer.BadParameter("must be jsonl or table", param_hint="--format")
    events: list[Any] = []

    def show(result: Any) -> None:
        if fmt == "table":
            events.extend(result.events)
            return
        for event in result.events:
            typer.echo(json.dumps(event.to_record(), ensure_ascii=False))

    try:
        counts = _drain(service.run_pipeline(inputs, settings=load_settings()), show)
    except PoleventsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    if fmt == "table":
        _print_event_table(events)
    typer.echo(_summary(counts, events=True), err=True)


def _print_event_table(events: list[Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table("doc", "date", "source", "target", "CAMEO", "PLOVER", "Goldstein", "evidence")
    for event in events:
        table.add_row(
            event.doc,
            str(event.event_date or ""),
            f"{event.source.text} [{event.source.code}]",
            f"{event.target.text} [{event.target.code}]" if event.target else "",
            event.cameo_code,
            event.plover_type,
            f"{event.goldstein:+.1f}",
            event.sentence if len(event.sentence) < 140 else event.sentence[:137] + "...",
        )
    Console(width=200).print(table)


@app.command()
def actors(
    text: Annotated[str, typer.Argument(help="sentence(s) to resolve")],
    date_: Annotated[str | None, typer.Option("--date", help="story date YYYY-MM-DD")] = None,
    format_: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Show the actors a text names: code, country, role, kind and the lexicon rule."""
    import json
    from datetime import date

    from rich.console import Console
    from rich.table import Table

    from polevents.actors.lexicon import load_actor_lexicon
    from polevents.actors.resolve import find_actors
    from polevents.errors import PoleventsError
    from polevents.nlp.model import parse_text
    from polevents.settings import load_settings

    try:
        settings = load_settings()
        on = date.fromisoformat(date_) if date_ else None
        lexicon = load_actor_lexicon(settings.lexicon_dir)
        found = [
            m
            for sent in parse_text(text, model=settings.spacy_model)
            for m in find_actors(sent, lexicon=lexicon, on=on)
        ]
    except (PoleventsError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    fields = ("text", "code", "country", "role", "kind", "name")
    rows = [{**{f: getattr(m.actor, f) for f in fields}, "rule": m.rule} for m in found]
    if format_ == "json":
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(*fields, "rule")
    for row in rows:
        table.add_row(*(str(row[f] or "") for f in (*fields, "rule")))
    Console().print(table)


# --- store: ingest, status, export --------------------------------------------------------------

_DbOption = Annotated[
    Path | None,
    typer.Option("--db", envvar="POLEVENTS_DB", help="DuckDB store (default ./polevents.duckdb)"),
]


def _store_fail(exc: Exception) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(1)


@app.command()
def ingest(
    inputs: Annotated[list[Path], typer.Argument(help="files, folders, JSONL or WARC")],
    db: _DbOption = None,
    batch_size: Annotated[int, typer.Option(help="documents per committed batch")] = 200,
    wait: Annotated[float, typer.Option(help="seconds to wait for another writer")] = 0.0,
    dask: Annotated[
        str | None, typer.Option(help="run on Dask: local, local:N or tcp://SCHEDULER:8786")
    ] = None,
    parquet: Annotated[
        str | None, typer.Option(help="with --dask: folder or URI for the workers' Parquet")
    ] = None,
) -> None:
    """Ingest, clean and code pages into the store (idempotent, crash-safe)."""
    import json

    from polevents.errors import PoleventsError
    from polevents.settings import load_settings
    from polevents.store.ingest import ingest as run_ingest

    try:
        settings = load_settings(db_path=db)
        if dask is not None:
            from polevents.scale.dask import ingest_with_dask

            report = ingest_with_dask(inputs, settings=settings, dask=dask, out=parquet,
                                      batch_size=batch_size, lock_timeout_s=wait)  # fmt: skip
        else:
            report = run_ingest(
                inputs, settings=settings, batch_size=batch_size, lock_timeout_s=wait
            )
    except PoleventsError as exc:
        raise _store_fail(exc) from exc
    typer.echo(json.dumps(report.as_dict(), indent=2))
    raise typer.Exit(report.exit_code)


@app.command()
def status(
    db: _DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Show what the store holds: documents, articles, events, mentions, skips, last run."""
    import json

    from polevents.errors import PoleventsError
    from polevents.settings import load_settings
    from polevents.store.db import EventStore

    try:
        found = EventStore.open(load_settings(db_path=db).db_path).status()
    except PoleventsError as exc:
        raise _store_fail(exc) from exc
    if fmt == "json":
        typer.echo(json.dumps(found, indent=2))
        return
    for key, value in found.items():
        typer.echo(f"{key:<11} {json.dumps(value) if isinstance(value, dict) else value}")


@app.command()
def export(
    fmt: Annotated[
        str, typer.Option("--format", help="gdelt|gdelt-mentions|csv|parquet|jsonl|plover")
    ],
    out: Annotated[Path, typer.Option("--out", help="output file")],
    db: _DbOption = None,
    since: Annotated[str | None, typer.Option(help="first event day, YYYY-MM-DD")] = None,
    until: Annotated[str | None, typer.Option(help="last event day, YYYY-MM-DD")] = None,
    source: Annotated[str | None, typer.Option(help="source actor code prefix")] = None,
    target: Annotated[str | None, typer.Option(help="target actor code prefix")] = None,
    root: Annotated[str | None, typer.Option(help="CAMEO root, e.g. 04")] = None,
) -> None:
    """Export stored events as GDELT 2.0 tables, CSV, Parquet, JSONL or PLOVER."""
    from polevents.errors import PoleventsError
    from polevents.settings import load_settings
    from polevents.store.db import EventStore
    from polevents.store.export import export as run_export

    filters = {"since": since, "until": until, "source": source, "target": target, "root": root}
    try:
        store = EventStore.open(load_settings(db_path=db).db_path)
        count = run_export(store, fmt, out, **filters)
    except PoleventsError as exc:
        raise _store_fail(exc) from exc
    typer.echo(f"wrote {count} records to {out}", err=True)


# --- analysis: dyad, network, alerts, report ----------------------------------------------------
# Imports are inside the commands so `polevents --help` does not load igraph and altair.

_Day = Annotated[datetime | None, typer.Option(formats=["%Y-%m-%d"], help="YYYY-MM-DD, inclusive")]
_Db = Annotated[Path | None, typer.Option(help="DuckDB store (default: settings.db_path)")]


def _open_store(db: Path | None) -> Any:
    from polevents.analysis.source import open_events
    from polevents.settings import load_settings

    return open_events(load_settings(db_path=db).db_path)


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


def _fail(exc: Exception) -> NoReturn:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(1) from exc


@app.command()
def dyad(
    a: Annotated[str, typer.Argument(help="source: country (RUS) or actor code (RUSGOV)")],
    b: Annotated[str, typer.Argument(help="target, matched the same way")],
    freq: Annotated[str, typer.Option(help="day, week or month")] = "month",
    since: _Day = None,
    until: _Day = None,
    directed: Annotated[bool, typer.Option(help="only A -> B events")] = False,
    weight: Annotated[str, typer.Option(help="events or mentions")] = "events",
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv")] = "table",
    db: _Db = None,
) -> None:
    """Show the cooperation/conflict series of two actors, period by period."""
    from polevents.analysis.cli_render import render_dyad
    from polevents.analysis.dyads import dyad_series
    from polevents.errors import PoleventsError

    try:
        with _open_store(db) as con:
            frame = dyad_series(
                con,
                a,
                b,
                freq=freq,
                since=_day(since),
                until=_day(until),
                directed=directed,
                weight=weight,
            )
        typer.echo(render_dyad(frame, a=a, b=b, freq=freq, fmt=fmt))
    except PoleventsError as exc:
        _fail(exc)


@app.command()
def network(
    since: _Day = None,
    until: _Day = None,
    min_events: Annotated[int, typer.Option(help="fewest events for an edge")] = 3,
    fmt: Annotated[str, typer.Option("--format", help="table, json, graphml or gexf")] = "table",
    db: _Db = None,
) -> None:
    """Show the partnership network of the window and the blocs in it."""
    from polevents.analysis.cli_render import render_network
    from polevents.analysis.network import find_blocs, partnership_network
    from polevents.errors import PoleventsError

    try:
        with _open_store(db) as con:
            graph = partnership_network(
                con, since=_day(since), until=_day(until), min_events=min_events
            )
        typer.echo(render_network(graph, find_blocs(graph), fmt=fmt))
    except PoleventsError as exc:
        _fail(exc)


@app.command()
def alerts(
    since: _Day = None,
    until: _Day = None,
    freq: Annotated[str, typer.Option(help="day, week or month")] = "week",
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    db: _Db = None,
) -> None:
    """List shifts worth attention since a day (default: the last 30 days of data)."""
    from polevents.analysis.alerts import find_alerts
    from polevents.analysis.cli_render import default_since, render_alerts
    from polevents.errors import PoleventsError

    try:
        with _open_store(db) as con:
            start = _day(since) or default_since(con)
            found = find_alerts(con, since=start, until=_day(until), freq=freq)
        typer.echo(render_alerts(found, fmt=fmt))
    except PoleventsError as exc:
        _fail(exc)


@app.command()
def report(
    out: Annotated[Path, typer.Option(help="FILE.md or FILE.html")],
    since: _Day = None,
    until: _Day = None,
    db: _Db = None,
) -> None:
    """Write what changed in the window, with evidence and charts, for a journalist."""
    from polevents.analysis.cli_render import default_since, default_until
    from polevents.analysis.report import build_report, write_report
    from polevents.errors import PoleventsError

    try:
        with _open_store(db) as con:
            start, end = _day(since) or default_since(con), _day(until) or default_until(con)
            written = write_report(build_report(con, since=start, until=end), out)
        typer.echo(f"wrote {written}")
    except PoleventsError as exc:
        _fail(exc)


# --- collect: fetch, watch ----------------------------------------------------------------------

_CollectDb = Annotated[Path | None, typer.Option(help="DuckDB store (default: settings.db_path)")]


@app.command()
def fetch(
    targets: Annotated[list[str], typer.Argument(help="article, feed or sitemap URLs; URL files")],
    db: _CollectDb = None,
    out: Annotated[Path | None, typer.Option(help="only save the pages as WARC in DIR")] = None,
) -> None:
    """Fetch article URLs, RSS/Atom feeds and news sitemaps, then ingest the pages."""
    from polevents.collect import run
    from polevents.errors import ConfigError, PoleventsError
    from polevents.settings import load_settings

    try:
        if out is not None and db is not None:
            raise ConfigError("use --out DIR (save a WARC) or --db FILE (ingest), not both")
        settings = load_settings(db_path=db)
        if out is not None:
            saved = run.fetch_to_warc(targets, out_dir=out, settings=settings)
            typer.echo(f"saved {saved.records} pages to {saved.path}")
            report = saved.report
        else:
            report = run.fetch_and_ingest(targets, settings=settings, db_path=settings.db_path)
    except PoleventsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    for label, count in report.as_rows():
        typer.echo(f"{label:<20} {count}")


@app.command()
def watch(
    feeds_file: Annotated[Path, typer.Argument(help="file of feed and sitemap URLs, one a line")],
    every: Annotated[str, typer.Option(help="time between rounds: 30s, 15m, 1h")] = "15m",
    db: _CollectDb = None,
) -> None:
    """Re-read feeds on a schedule, ingest new items, print new alerts; Ctrl-C stops."""
    from polevents.collect import watch as watching
    from polevents.errors import PoleventsError
    from polevents.settings import load_settings

    try:
        settings = load_settings(db_path=db)
        done = watching.watch(feeds_file, every_s=watching.parse_duration(every),
                              settings=settings, db_path=settings.db_path,
                              on_alert=lambda alert: typer.echo(watching.describe_alert(alert)),
                              on_round=lambda line: typer.echo(line))  # fmt: skip
    except PoleventsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"stopped after {done.rounds} rounds: {done.ingested} documents ingested, "
               f"{done.alerts} new alerts")  # fmt: skip


# --- serve, bench, synth, demo ------------------------------------------------------------------


@app.command()
def synth(
    pages: Annotated[int, typer.Option("--pages", min=1, help="number of pages")],
    out: Annotated[Path, typer.Option("--out", help="folder to write them to")],
    seed: Annotated[int, typer.Option(help="same seed, same bytes")] = 0,
) -> None:
    """Write a synthetic noisy news corpus (HTML and scraped text) for benchmarks."""
    from polevents.bench.synth import write_corpus

    written = write_corpus(pages, out, seed=seed)
    typer.echo(f"wrote {pages} pages ({written:,} bytes) to {out}", err=True)


@app.command()
def bench(
    quick: Annotated[bool, typer.Option(help="fewer pages: a few minutes")] = False,
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
    out: Annotated[Path, typer.Option(help="results file")] = Path("bench/results.json"),
) -> None:
    """Measure pipeline vs spaCy, Dask scaling, peak memory, store load, queries and API."""
    import json

    from polevents.bench.runner import render_table, run_benchmarks, write_results

    if fmt not in ("table", "json"):
        raise typer.BadParameter("must be table or json", param_hint="--format")
    results = run_benchmarks(
        quick=quick, on_step=lambda name: typer.echo(f"bench {name}", err=True)
    )
    write_results(results, out)
    typer.echo(json.dumps(results, indent=2) if fmt == "json" else render_table(results))


@app.command()
def demo(
    pages: Annotated[Path, typer.Option(help="sample pages to code")] = Path("examples/pages"),
    db: Annotated[Path, typer.Option("--db", help="demo store to (re)build")] = Path("demo.duckdb"),
) -> None:
    """Code the sample pages, print their events, and build a demo store for the dashboard."""
    from rich.console import Console

    from polevents import service
    from polevents.errors import PoleventsError
    from polevents.settings import load_settings

    console = Console(width=200)
    console.print(f"[bold]polevents demo[/]: coding the sample pages in {pages}/ ...")
    try:
        result = service.run_demo(pages, settings=load_settings(db_path=db))
    except PoleventsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    _print_event_table(list(result.events))
    for skip in result.skips:
        typer.echo(f"skip {skip.origin}: {skip.reason}", err=True)
    status = result.status
    console.print(
        f"{len(result.events)} events coded; store {result.db_path}: {status['articles']} "
        f"articles, {status['events']} merged events, {status['mentions']} mentions."
    )
    console.print(
        f"Next: [bold]{_venv_bin()}polevents serve --db {result.db_path}[/] and open "
        "http://127.0.0.1:8000/ for the dashboard; "
        f"[bold]{_venv_bin()}polevents code PAGES --format table[/] for your own pages."
    )


def _venv_bin() -> str:
    """How the user reaches the command: through .venv/bin/ after ``make demo``."""
    import sys

    return ".venv/bin/" if ".venv" in sys.prefix else ""


@app.command()
def serve(
    db: _DbOption = None,
    host: Annotated[str, typer.Option(help="address to bind; 0.0.0.0 exposes it")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
) -> None:
    """Serve the HTTP API and the dashboard over the store (read-only; ingest may run beside)."""
    import uvicorn

    from polevents.api import create_app
    from polevents.settings import load_settings

    uvicorn.run(create_app(load_settings(db_path=db)), host=host, port=port)
