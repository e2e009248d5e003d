"""The ``polevents`` command line: parse options, call ``polevents.service``, render.

No logic lives here: each command builds settings, calls one library function
and prints its result. A ``PoleventsError`` becomes one line on stderr, exit 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

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
    import sys
    from collections import Counter

    from polevents import service
    from polevents.clean.articles import to_record
    from polevents.logs import STDERR
    from polevents.settings import load_settings

    if fmt not in ("jsonl", "table"):
        raise typer.BadParameter("must be jsonl or table", param_hint="--format")
    results = service.iter_clean(inputs, settings=load_settings())
    counts: Counter[str] = Counter()
    rows: list[dict[str, object]] = []
    with _clean_progress(STDERR, enabled=sys.stderr.isatty()) as advance:
        for result in results:
            advance()
            for skip in result.skips:
                counts[f"skip:{skip.reason}"] += 1
                typer.echo(f"skip {skip.origin}: {skip.reason}", err=True)
            for article in result.articles:
                counts["articles"] += 1
                counts["duplicates"] += article.duplicate_of is not None
                if fmt == "jsonl":
                    typer.echo(json.dumps(to_record(article), ensure_ascii=False))
                else:
                    rows.append(to_record(article))
    if rows:
        _print_clean_table(rows)
    skips = sorted((k.split(":", 1)[1], v) for k, v in counts.items() if k.startswith("skip:"))
    by_reason = ", ".join(f"{reason} {n}" for reason, n in skips) or "none"
    typer.echo(
        f"articles {counts['articles']}  duplicates {counts['duplicates']}  "
        f"skips {sum(n for _, n in skips)} ({by_reason})",
        err=True,
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
) -> None:
    """Ingest, clean and code pages into the store (idempotent, crash-safe)."""
    import json

    from polevents.errors import PoleventsError
    from polevents.settings import load_settings
    from polevents.store.ingest import ingest as run_ingest

    try:
        report = run_ingest(
            inputs, settings=load_settings(db_path=db), batch_size=batch_size, lock_timeout_s=wait
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

# --- collect: fetch, watch ----------------------------------------------------------------------

# --- serve, bench, synth, demo ------------------------------------------------------------------
