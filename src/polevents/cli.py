"""The ``polevents`` command line: parse options, call ``polevents.service``, render.

No logic lives here: each command builds settings, calls one library function
and prints its result. A ``PoleventsError`` becomes one line on stderr, exit 1.
"""

from __future__ import annotations

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

# --- analysis: dyad, network, alerts, report ----------------------------------------------------

# --- collect: fetch, watch ----------------------------------------------------------------------

# --- serve, bench, synth, demo ------------------------------------------------------------------
