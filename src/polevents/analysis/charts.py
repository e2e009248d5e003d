"""Charts of dyad series: text bars for the terminal, altair for reports.

The terminal chart is plain text so the CLI can print it with rich and a test
can read it; report charts are Vega-Lite (altair) rendered to static SVG or
PNG by vl-convert, so a report opens with no JavaScript and no network.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import altair as alt
import pandas as pd
import vl_convert as vlc

from polevents.errors import ConfigError


def index_bars(frame: pd.DataFrame, *, width: int = 20) -> list[str]:
    """Return one text line per period: a bar left of the axis for conflict, right for cooperation.

    Args:
        frame: a ``dyad_series`` DataFrame.
        width: characters on each side of the axis (an index of +/-1 fills it).

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"period": pd.to_datetime(["2025-01-01", "2025-02-01"]),
    ...                       "events": [4, 0], "index": [0.5, float("nan")]})
    >>> for line in index_bars(frame, width=4): print(line)
    2025-01-01     |██    +0.50     4
    2025-02-01     |         -      0
    """
    lines = []
    for period, events, index in zip(frame["period"], frame["events"], frame["index"], strict=True):
        day = pd.Timestamp(period).date().isoformat()
        if index is None or math.isnan(index):
            lines.append(f"{day} {' ' * width}|{' ' * width}     -  {int(events):>4}")
            continue
        n = round(abs(index) * width)
        left = " " * (width - n) + "█" * n if index < 0 else " " * width
        right = "█" * n + " " * (width - n) if index > 0 else " " * width
        lines.append(f"{day} {left}|{right} {index:+.2f}  {int(events):>4}")
    return lines


def index_chart(series: Mapping[str, pd.DataFrame], *, title: str = "") -> alt.Chart:
    """Return a line chart of the cooperation-conflict index of several dyads.

    Args:
        series: ``dyad_series`` DataFrames keyed by a dyad label (``"RUS-CHN"``).
        title: chart title.
    """
    parts = [frame.assign(dyad=label) for label, frame in series.items() if not frame.empty]
    long = pd.concat(parts) if parts else pd.DataFrame(columns=["period", "index", "dyad"])
    long = long[["period", "index", "events", "dyad"]].dropna(subset=["index"])
    return (
        alt.Chart(long, title=title)
        .mark_line(point=True)
        .encode(
            x=alt.X("period:T", title=None),
            y=alt.Y("index:Q", scale=alt.Scale(domain=[-1, 1]), title="cooperation index"),
            color=alt.Color("dyad:N", title="dyad"),
            tooltip=["dyad", "period:T", "index", "events"],
        )
        .properties(width=560, height=220)
    )


def render_chart(chart: alt.Chart, fmt: str = "svg") -> bytes:
    """Render a chart to static SVG (UTF-8 bytes) or PNG with vl-convert.

    Raises:
        ConfigError: ``fmt`` is neither ``svg`` nor ``png``.
    """
    spec = chart.to_json()
    if fmt == "svg":
        return str(vlc.vegalite_to_svg(spec)).encode("utf-8")
    if fmt == "png":
        return bytes(vlc.vegalite_to_png(spec))
    raise ConfigError(f"chart format must be svg or png, got {fmt!r}", reason="format")
