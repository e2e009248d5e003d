"""What changed in a window, for a journalist: dyads, blocs, alerts, with evidence.

``build_report`` queries the store once and returns a ``Report`` of plain
frames and lists; ``write_report`` turns it into Markdown or HTML. Every claim
comes with evidence sentences and links to the articles they come from, so a
reader can check the coder before quoting it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pandas as pd

from polevents.analysis.alerts import Alert, find_alerts
from polevents.analysis.charts import index_chart, render_chart
from polevents.analysis.dyads import dyad_series, top_dyads_by_change
from polevents.analysis.network import bloc_relations, find_blocs, partnership_network
from polevents.analysis.source import DEFAULT_TABLE, check_table
from polevents.errors import ConfigError

_NODES = "coalesce(source_country, source_code), coalesce(target_country, target_code)"
EVIDENCE_COLUMNS = [
    "event_id",
    "event_date",
    "source",
    "target",
    "cameo_code",
    "goldstein",
    "sentence",
    "title",
    "outlet",
    "url",
]


@dataclass(frozen=True)
class Report:
    """The findings of one window; ``evidence`` rows are keyed by ``event_id``."""

    since: date
    until: date
    top_dyads: pd.DataFrame
    blocs: list[list[str]]
    bloc_relations: pd.DataFrame
    alerts: list[Alert]
    dyad_evidence: dict[tuple[str, str], list[str]]
    evidence: pd.DataFrame
    series: dict[str, pd.DataFrame] = field(default_factory=dict)


def build_report(
    con: duckdb.DuckDBPyConnection,
    *,
    since: date,
    until: date,
    top: int = 5,
    max_alerts: int = 20,
    per_claim: int = 3,
    freq: str = "week",
    table: str = DEFAULT_TABLE,
) -> Report:
    """Return the report of ``since``..``until`` compared with the window just before.

    Args:
        con: connection holding the events table.
        since: first day of the window.
        until: last day of the window.
        top: dyads shown, ranked by change of index.
        max_alerts: alerts shown, strongest first.
        per_claim: evidence sentences per dyad or alert.
        freq: period of the charts and alerts.
        table: name of the events table.
    """
    table = check_table(con, table)
    if since > until:
        raise ConfigError(f"since {since} is after until {until}", reason="window")
    dyads = top_dyads_by_change(con, since=since, until=until, top=top, table=table)
    graph = partnership_network(con, since=since, until=until, table=table)
    blocs = find_blocs(graph)
    alerts = find_alerts(con, since=since, until=until, freq=freq, evidence=per_claim, table=table)
    alerts = sorted(alerts, key=lambda a: -abs(a.score))[:max_alerts]
    before = since - timedelta(days=(until - since).days + 1)
    series, claims = {}, {}
    for a, b in zip(dyads["source"], dyads["target"], strict=True):
        series[f"{a}-{b}"] = dyad_series(
            con, a, b, freq=freq, since=before, until=until, table=table
        )
        claims[(a, b)] = _dyad_event_ids(con, table, a, b, since, until, per_claim)
    ids = {i for found in claims.values() for i in found} | {i for x in alerts for i in x.event_ids}
    return Report(
        since,
        until,
        dyads,
        blocs,
        bloc_relations(graph, blocs),
        alerts,
        claims,
        _evidence(con, table, sorted(ids)),
        series,
    )


def write_report(report: Report, path: Path) -> Path:
    """Write the report as Markdown (``.md``) or HTML (``.html``); return ``path``.

    Markdown charts go to SVG files in ``<stem>_charts/`` next to it; HTML
    charts are inlined, so the HTML file travels alone.

    Raises:
        ConfigError: any other suffix.
    """
    suffix = path.suffix.lower()
    if suffix not in (".md", ".html"):
        raise ConfigError(f"report must end in .md or .html: {path}", reason="format")
    svg = (
        render_chart(index_chart(report.series, title="Top dyads")).decode()
        if report.series
        else ""
    )
    if suffix == ".md":
        chart_ref = ""
        if svg:
            folder = path.with_name(f"{path.stem}_charts")
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "dyads.svg").write_text(svg, encoding="utf-8")
            chart_ref = f"![Cooperation index of the top dyads]({folder.name}/dyads.svg)\n"
        path.write_text(to_markdown(report, chart_ref), encoding="utf-8")
    else:
        path.write_text(to_html(report, svg), encoding="utf-8")
    return path


def to_markdown(report: Report, chart: str = "") -> str:
    """Return the report as Markdown; ``chart`` is Markdown placed under the dyads."""
    ev = report.evidence.set_index("event_id") if not report.evidence.empty else None
    out = [
        f"# What changed, {report.since} to {report.until}\n",
        "Index: cooperation minus conflict over their sum, from -1 to +1 "
        "(material events count double).\n",
        "## Dyads that changed most\n",
    ]
    if report.top_dyads.empty:
        out.append("No dyad had enough events in the window.\n")
    for row in report.top_dyads.itertuples(index=False):
        out.append(
            f"### {row.source}-{row.target}: {row.index_before:+.2f} -> {row.index:+.2f}"
            f" ({row.events} events, {row.events_before} before)\n"
        )
        out.extend(_md_evidence(ev, report.dyad_evidence.get((row.source, row.target), [])))
    out.append(chart)
    out.append("\n## Blocs\n")
    out.extend(f"- Bloc {i}: {', '.join(bloc)}\n" for i, bloc in enumerate(report.blocs))
    if not report.blocs:
        out.append("No bloc: too few cooperation ties in the window.\n")
    for rel in report.bloc_relations.itertuples(index=False):
        if rel.bloc_a != rel.bloc_b:
            out.append(
                f"- Between blocs {rel.bloc_a} and {rel.bloc_b}: {rel.events} events, "
                f"cooperation {rel.cooperation:g}, conflict {rel.conflict:g}\n"
            )
    out.append("\n## Alerts\n")
    if not report.alerts:
        out.append("No alert in the window.\n")
    for alert in report.alerts:
        out.append(f"### {alert.kind}: {', '.join(alert.actors)} ({alert.period})\n")
        out.append(f"{alert.summary}.\n")
        out.extend(_md_evidence(ev, alert.event_ids))
    return "\n".join(out)


def to_html(report: Report, svg: str = "") -> str:
    """Return the report as one self-contained HTML page (``svg`` inlined)."""
    body = _markdownish_to_html(to_markdown(report, "\x00CHART\x00"))
    body = body.replace("<p>\x00CHART\x00</p>", f"<figure>{svg}</figure>" if svg else "")
    title = html.escape(f"What changed, {report.since} to {report.until}")
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>body{{font-family:sans-serif;max-width:50em;"
        f"margin:auto}}blockquote{{color:#444}}</style></head><body>\n{body}</body></html>\n"
    )


def _md_evidence(ev: pd.DataFrame | None, event_ids: Sequence[str]) -> list[str]:
    lines = []
    for event_id in event_ids:
        if ev is None or event_id not in ev.index:
            continue
        row = ev.loc[event_id]
        where = row["outlet"] or "source"
        link = f"[{where}]({row['url']})" if row["url"] else where
        sentence = " ".join(str(row["sentence"]).split())
        day = pd.Timestamp(row["event_date"]).date()
        lines.append(f"> {sentence} ({day}, {link})\n")
    return lines


def _markdownish_to_html(text: str) -> str:
    """Convert the small Markdown subset ``to_markdown`` writes (headings, lists, quotes, links)."""
    import re

    link = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        safe = link.sub(lambda m: f'<a href="{m.group(2)}">{m.group(1)}</a>', html.escape(line))
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            out.append(f"<h{level}>{safe[level:].strip()}</h{level}>")
        elif line.startswith("- "):
            out.append(f"<ul><li>{safe[2:]}</li></ul>")
        elif line.startswith("> "):
            out.append(f"<blockquote>{safe[5:]}</blockquote>")
        else:
            out.append(f"<p>{safe}</p>")
    return "\n".join(out) + "\n"


def _dyad_event_ids(
    con: duckdb.DuckDBPyConnection, table: str, a: str, b: str, since: date, until: date, limit: int
) -> list[str]:
    """Return the dyad's most reported, most extreme events in the window."""
    rows = con.execute(
        f"""SELECT event_id FROM {table}
            WHERE event_date BETWEEN ? AND ?
              AND least({_NODES}) = ?
              AND greatest({_NODES}) = ?
            ORDER BY coalesce(num_mentions, 1) * abs(goldstein) DESC, event_id LIMIT ?""",
        [since, until, a, b, limit],
    ).fetchall()
    return [r[0] for r in rows]


def _evidence(con: duckdb.DuckDBPyConnection, table: str, ids: list[str]) -> pd.DataFrame:
    if not ids:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    return con.execute(
        f"""SELECT event_id, event_date, coalesce(source_country, source_code) AS source,
                   coalesce(target_country, target_code) AS target, cameo_code, goldstein,
                   sentence, title, outlet, url
            FROM {table} WHERE event_id IN (SELECT unnest(?)) ORDER BY event_id""",
        [ids],
    ).df()
