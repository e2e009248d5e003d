"""Write stored events in the formats analysts load: GDELT 2.0, Parquet, CSV, JSONL, PLOVER.

Every writer takes the same filters as ``EventStore.events`` and writes to a
temporary file beside ``out`` that replaces ``out`` only when complete, so a
failed export (full disk, bad path) never leaves a truncated file.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from polevents import CODER_VERSION
from polevents.errors import StoreError
from polevents.store.db import EventStore, event_filter
from polevents.store.gdelt import event_row, mention_row
from polevents.store.plover import plover_record

Filters = dict[str, Any]


def _events(store: EventStore, filters: Filters) -> pa.Table:
    where, params = event_filter(**filters)
    return store.query_arrow(f"SELECT * FROM events {where} ORDER BY global_id", params)


def _mentions(store: EventStore, filters: Filters) -> pa.Table:
    where, params = event_filter(alias="e.", **filters)
    return store.query_arrow(
        f"""SELECT m.*, e.global_id, e.date_added, e.confidence AS event_confidence,
                   length(a.body) AS doc_len
            FROM mentions m JOIN events e USING (event_id)
            LEFT JOIN articles a ON a.article_id = m.article_id
            {where}
            ORDER BY e.global_id, m.mentioned_at, m.doc, m.sentence_index""",
        params,
    )


def _rows(table: pa.Table) -> Iterator[dict[str, Any]]:
    for batch in table.to_batches(max_chunksize=10_000):
        yield from batch.to_pylist()


def _atomic(out: Path, write: Callable[[Path], int]) -> int:
    """Run ``write`` on a temporary sibling of ``out``, then move it into place."""
    out = Path(out)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        count = write(tmp)
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        reason = "disk_full" if exc.errno == 28 else "io"
        raise StoreError(f"{out}: cannot write export ({exc.strerror})", reason=reason) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return count


def _write_lines(out: Path, lines: Iterator[str]) -> int:
    def write(tmp: Path) -> int:
        count = 0
        with tmp.open("w", encoding="utf-8", newline="\n") as handle:
            for line in lines:
                handle.write(line)
                handle.write("\n")
                count += 1
        return count

    return _atomic(out, write)


def export_gdelt(store: EventStore, out: Path, **filters: Any) -> int:
    """Write the GDELT 2.0 Event table: 61 tab-separated columns, no header."""
    rows = _rows(_events(store, filters))
    return _write_lines(out, ("\t".join(event_row(row)) for row in rows))


def export_gdelt_mentions(store: EventStore, out: Path, **filters: Any) -> int:
    """Write the GDELT 2.0 Mentions table: 16 tab-separated columns, no header."""
    rows = _rows(_mentions(store, filters))
    return _write_lines(out, ("\t".join(mention_row(row)) for row in rows))


def export_parquet(store: EventStore, out: Path, **filters: Any) -> int:
    """Write every stored column of the events (one row per merged event) as Parquet."""
    table = _events(store, filters)

    def write(tmp: Path) -> int:
        pq.write_table(table, tmp, compression="zstd")
        return table.num_rows

    return _atomic(out, write)


def export_csv(store: EventStore, out: Path, **filters: Any) -> int:
    """Write every stored column of the events as CSV with a header row."""
    table = _events(store, filters)

    def write(tmp: Path) -> int:
        pacsv.write_csv(table, tmp)
        return table.num_rows

    return _atomic(out, write)


def jsonl_record(row: dict[str, Any]) -> dict[str, Any]:
    """Return the ``polevents code`` record of a stored event plus its merge fields."""
    location = None
    if row.get("location_name") or row.get("location_country"):
        location = {"name": row.get("location_name"), "country": row.get("location_country"),
                    "lat": row.get("lat"), "lon": row.get("lon")}  # fmt: skip
    record = {
        key: row.get(key)
        for key in (
            "event_id", "global_id", "article_id", "doc", "story", "title", "published",
            "event_date", "date_source", "source_actor", "source_code", "source_country",
            "target_actor", "target_code", "target_country", "cameo_code", "cameo_root",
            "quad_class", "goldstein", "plover_type", "plover_mode", "symmetric",
        )
    }  # fmt: skip
    record["location"] = location
    for key in ("sentence", "rule", "confidence", "url", "outlet", "num_mentions",
                "num_sources", "num_articles", "date_added"):  # fmt: skip
        record[key] = row.get(key)
    return record


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _dump(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=False, default=_json_default)


def export_jsonl(store: EventStore, out: Path, **filters: Any) -> int:
    """Write one JSON object per merged event (the ``polevents code`` fields + merge counts)."""
    rows = _rows(_events(store, filters))
    return _write_lines(out, (_dump(jsonl_record(row)) for row in rows))


def export_plover(store: EventStore, out: Path, **filters: Any) -> int:
    """Write PLOVER JSON records, one per line (the format the PLOVER spec recommends)."""
    rows = _rows(_events(store, filters))
    coder = f"polevents {CODER_VERSION}"
    return _write_lines(out, (_dump(plover_record(row, coder=coder)) for row in rows))


Exporter = Callable[..., int]
EXPORTERS: dict[str, Exporter] = {
    "gdelt": export_gdelt,
    "gdelt-mentions": export_gdelt_mentions,
    "csv": export_csv,
    "parquet": export_parquet,
    "jsonl": export_jsonl,
    "plover": export_plover,
}


def export(store: EventStore, fmt: str, out: Path, **filters: Any) -> int:
    """Export with the writer registered for ``fmt``; return the number of records written.

    Raises:
        StoreError: ``bad_format`` for an unknown format, ``io``/``disk_full`` on write.
    """
    writer = EXPORTERS.get(fmt)
    if writer is None:
        known = ", ".join(EXPORTERS)
        raise StoreError(f"unknown export format {fmt!r} (one of {known})", reason="bad_format")
    return writer(store, Path(out), **filters)
