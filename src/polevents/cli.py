"""The ``polevents`` command line: parse options, call ``polevents.service``, render.

No logic lives here: each command builds settings, calls one library function
and prints its result. A ``PoleventsError`` becomes one line on stderr, exit 1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
