"""Exports: GDELT 2.0 Event/Mentions layout, golden files, Parquet/CSV/JSONL/PLOVER."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

import polevents
from polevents.errors import StoreError
from polevents.store.export import EXPORTERS, export
from polevents.store.gdelt import fraction_date, split_actor, to_fips
from polevents.testing import make_store

GOLDEN = Path(__file__).parent.parent / "fixtures" / "golden"
UPDATE = os.environ.get("POLEVENTS_UPDATE_GOLDEN") == "1"


@pytest.fixture
def store(tmp_path: Path) -> polevents.store.EventStore:
    return polevents.open(make_store(tmp_path))


@pytest.mark.parametrize(("fmt", "fields"), [("gdelt", 61), ("gdelt-mentions", 16)])
def test_export_gdelt_has_fixed_column_count(store, tmp_path: Path, fmt: str, fields: int):
    out = tmp_path / "out.tsv"
    count = export(store, fmt, out)
    lines = out.read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) - 1 == count > 0
    assert all(len(line.split(b"\t")) == fields for line in lines[:-1])


@pytest.mark.parametrize(
    ("index", "value"),
    [(0, "2"), (1, "20240410"), (2, "202404"), (3, "2024"), (4, "2024.2740"), (5, "USAGOV"),
     (6, "UNITED STATES"), (7, "USA"), (12, "GOV"), (15, "IRNGOV"), (25, "1"), (26, "1121"),
     (27, "112"), (28, "11"), (29, "3"), (30, "-2.0"), (31, "1"), (34, "0"), (35, "0"),
     (51, "4"), (52, "Paris, France"), (53, "FR"), (56, "48.8566"), (59, "20240415120000"),
     (60, "https://reuters.com/c3")],
)  # fmt: skip
def test_export_gdelt_fields_match_codebook(store, tmp_path: Path, index: int, value: str):
    out = tmp_path / "events.tsv"
    export(store, "gdelt", out, source="USA")
    assert out.read_text(encoding="utf-8").rstrip("\n").split("\t")[index] == value


@pytest.mark.parametrize(("fmt", "golden"), [("gdelt", "small.gdelt.tsv"), ("jsonl", "small.jsonl"),
                                             ("gdelt-mentions", "small.mentions.tsv")])  # fmt: skip
def test_export_matches_golden_file(store, tmp_path: Path, fmt: str, golden: str):
    out = tmp_path / golden
    export(store, fmt, out)
    if UPDATE:
        (GOLDEN / golden).write_bytes(out.read_bytes())
    assert out.read_bytes() == (GOLDEN / golden).read_bytes()


@pytest.mark.parametrize("fmt", ["gdelt"])
def test_export_gdelt_loads_with_pandas_like_gdelt_readers(store, tmp_path: Path, fmt: str):
    """GDELT loading scripts read the file as headerless TSV with codes kept as strings."""
    out = tmp_path / "x.export.CSV"
    export(store, fmt, out)
    frame = pd.read_csv(out, sep="\t", header=None, dtype=str, keep_default_na=False)
    assert frame.shape == (2, 61)
    assert frame[26].tolist() == ["042", "1121"]  # leading zeros survive


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_tabular_round_trips(store, tmp_path: Path, fmt: str):
    out = tmp_path / f"events.{fmt}"
    export(store, fmt, out)
    codes = {"cameo_code": str}
    frame = pd.read_parquet(out) if fmt == "parquet" else pd.read_csv(out, dtype=codes)
    assert frame["num_sources"].tolist() == [3, 1]
    assert frame["cameo_code"].tolist() == ["042", "1121"]


@pytest.mark.parametrize("fmt", ["plover"])
def test_export_plover_records_have_required_fields(store, tmp_path: Path, fmt: str):
    out = tmp_path / "events.jsonl"
    export(store, fmt, out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    for record in records:
        assert {"id", "date", "actor", "event"} <= set(record)
        assert record["actor"][0]["code"] in {"RUS", "USA"}
    assert records[0]["recipient"] == [{"code": "CHN", "sector": "GOV", "entity_text": "China"}]


@pytest.mark.parametrize("fmt", ["gdelt", "parquet"])
def test_export_to_missing_folder_fails_cleanly(store, tmp_path: Path, fmt: str):
    with pytest.raises(StoreError) as err:
        export(store, fmt, tmp_path / "no" / "such" / "out")
    assert err.value.reason == "io"
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("fmt", ["xml", "GDELT"])
def test_export_unknown_format_is_typed_error(store, tmp_path: Path, fmt: str):
    with pytest.raises(StoreError) as err:
        export(store, fmt, tmp_path / "out")
    assert err.value.reason == "bad_format" and fmt not in EXPORTERS


@pytest.mark.parametrize(
    ("code", "country", "group", "types"),
    [("USAGOV", "USA", "", ("GOV", "", "")), ("COP", "", "", ("COP", "", "")),
     ("USAGOVMIL", "USA", "", ("GOV", "MIL", "")), ("IGOWSTNAT", "WST", "NAT", ("IGO", "", "")),
     ("NGOUSA", "USA", "", ("NGO", "", "")), ("AFGREBTAL", "AFG", "TAL", ("REB", "", "")),
     ("", "", "", ("", "", "")), ("US", "", "", ("", "", ""))],
)  # fmt: skip
def test_split_actor_fills_gdelt_slots(code: str, country: str, group: str, types: tuple):
    fields = split_actor(code)
    assert (fields.country, fields.known_group) == (country, group)
    assert (fields.type1, fields.type2, fields.type3) == types


@pytest.mark.parametrize(
    ("iso", "fips"),
    [("USA", "US"), ("ESP", "SP"), ("AUS", "AS"), ("AUT", "AU"), ("DEU", "GM"), ("GBR", "UK"),
     ("CHN", "CH"), ("RUS", "RS"), ("ROM", "RO"), ("XXX", ""), ("usa", "US")],
)  # fmt: skip
def test_to_fips_maps_iso3_to_fips(iso: str, fips: str) -> None:
    assert to_fips(iso) == fips


@pytest.mark.parametrize(
    ("day", "expected"),
    [("2017-03-02", "2017.1699"), ("2019-03-20", "2019.2192"), ("2020-02-18", "2020.1315"),
     ("2020-03-30", "2020.2466"), ("2024-03-22", "2024.2247")],
)  # fmt: skip
def test_fraction_date_matches_real_gdelt_rows(day: str, expected: str) -> None:
    from datetime import date

    assert fraction_date(date.fromisoformat(day)) == expected
