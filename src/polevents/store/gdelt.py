"""GDELT 2.0 rows from stored events: actor-code splitting, FIPS geo codes, 61/16 columns.

Column order and derivation rules follow the GDELT 2.0 Event codebook (see
``docs/store.md``). Lookup tables are ``data/gdelt/fips.tsv`` (ISO 3166-1
alpha-3 and CAMEO country codes -> FIPS 10-4) and ``data/gdelt/actor_elements.tsv``
(CAMEO regions, types, known groups, religions), both validated on load.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from polevents.errors import LexiconError

EVENT_FIELDS = 61
MENTION_FIELDS = 16
GENERIC = frozenset({"IGO", "NGO", "NGM", "IMG", "MNC", "INT", "UIS"})
_CODE3 = re.compile(r"^[A-Z]{3}$")
_FIPS = re.compile(r"^[A-Z]{2}$")
_KINDS = frozenset({"region", "type", "knowngroup", "religion"})
_CLEAN = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


@dataclass(frozen=True, slots=True)
class Fips:
    """One row of ``fips.tsv``."""

    fips: str
    name: str


@dataclass(frozen=True, slots=True)
class ActorFields:
    """GDELT's split of one raw CAMEO actor code (columns 8-15 of the Event table)."""

    country: str = ""
    known_group: str = ""
    ethnic: str = ""
    religion1: str = ""
    religion2: str = ""
    type1: str = ""
    type2: str = ""
    type3: str = ""


def _data_lines(name: str) -> list[tuple[int, list[str]]]:
    text = resources.files("polevents").joinpath("data", "gdelt", name).read_text(encoding="utf-8")
    rows = [(n, line.split("\t")) for n, line in enumerate(text.splitlines(), 1)]
    body = [(n, cells) for n, cells in rows if cells[0] and not cells[0].startswith("#")]
    if not body:
        raise LexiconError(f"{name}: empty table", reason="lexicon")
    return body[1:]  # drop the header row


@cache
def load_fips() -> Mapping[str, Fips]:
    """Return the validated ISO3/CAMEO country code -> FIPS 10-4 table.

    Raises:
        LexiconError: ``fips.tsv:LINE: ...`` for a malformed or duplicate row.
    """
    table: dict[str, Fips] = {}
    for n, cells in _data_lines("fips.tsv"):
        if len(cells) != 3 or not _CODE3.match(cells[0]) or not _FIPS.match(cells[1]):
            raise LexiconError(f"fips.tsv:{n}: want CODE3<TAB>FIPS2<TAB>name", reason="lexicon")
        if cells[0] in table:
            raise LexiconError(f"fips.tsv:{n}: duplicate code {cells[0]}", reason="lexicon")
        table[cells[0]] = Fips(cells[1], cells[2])
    return table


@cache
def load_actor_elements() -> Mapping[str, frozenset[str]]:
    """Return CAMEO element -> kinds (region, type, knowngroup, religion), validated."""
    kinds: dict[str, set[str]] = {}
    for n, cells in _data_lines("actor_elements.tsv"):
        if len(cells) != 2 or not _CODE3.match(cells[0]) or cells[1] not in _KINDS:
            raise LexiconError(f"actor_elements.tsv:{n}: want CODE3<TAB>kind", reason="lexicon")
        if cells[1] in kinds.get(cells[0], set()):
            raise LexiconError(f"actor_elements.tsv:{n}: duplicate {cells[0]}", reason="lexicon")
        kinds.setdefault(cells[0], set()).add(cells[1])
    return {element: frozenset(found) for element, found in kinds.items()}


def to_fips(code: str | None) -> str:
    """Return the FIPS 10-4 code of an ISO3/CAMEO country code ('' when unknown).

    >>> to_fips("ESP"), to_fips("AUS"), to_fips("ROM"), to_fips(None)
    ('SP', 'AS', 'RO', '')
    """
    found = load_fips().get((code or "").upper())
    return found.fips if found else ""


def split_actor(code: str | None) -> ActorFields:
    """Split a raw CAMEO actor code into GDELT's country/group/religion/type columns.

    >>> split_actor("USAGOVMIL")
    ActorFields(country='USA', known_group='', ethnic='', religion1='', religion2='', \
type1='GOV', type2='MIL', type3='')
    >>> split_actor("IGOUNOKID").known_group
    'UNO'
    """
    if not code or len(code) % 3 or not code.isalpha():
        return ActorFields()
    elements = [code[i : i + 3] for i in range(0, len(code), 3)]
    kinds, countries = load_actor_elements(), load_fips()
    country, group, religions, types = "", "", [], []
    first = elements[0]
    if first in countries or "region" in kinds.get(first, ()):
        country = first
    elif "type" in kinds.get(first, ()):
        types.append(first)
    after_generic = first in GENERIC
    for element in elements[1:]:
        found = kinds.get(element, frozenset())
        if "knowngroup" in found and not group:
            group = element
        elif "type" in found:
            types.append(element)
        elif "religion" in found:
            religions.append(element)
        elif after_generic and not country and (element in countries or "region" in found):
            country = element
    types += ["", "", ""]
    religions += ["", ""]
    return ActorFields(country, group, "", religions[0], religions[1], *types[:3])


def _text(value: Any) -> str:
    if value is None or value != value:  # None or NaN
        return ""
    return str(value).translate(_CLEAN)


def _day(row: Mapping[str, Any]) -> date:
    for name in ("event_date", "published", "date_added"):
        value = row.get(name)
        if value is not None and value == value:
            return value.date() if isinstance(value, datetime) else value
    raise ValueError("event has no date")


def fraction_date(day: date) -> str:
    """Return GDELT's FractionDate: year + ((month - 1) * 30 + day) / 365, 4 decimals.

    >>> fraction_date(date(2019, 3, 20))
    '2019.2192'
    """
    return f"{day.year + ((day.month - 1) * 30 + day.day) / 365:.4f}"


def _stamp(value: Any) -> str:
    return value.strftime("%Y%m%d%H%M%S") if isinstance(value, datetime) else ""


def _number(value: Any) -> str:
    if value is None or value != value:
        return ""
    return f"{round(float(value), 4):g}"


def _geo(row: Mapping[str, Any]) -> list[str]:
    """Return the 8 ActionGeo_* fields for the event's place (type 0 when none)."""
    country = _text(row.get("location_country")).upper()
    name = _text(row.get("location_name"))
    if not name and not country:
        return ["0", "", "", "", "", "", "", ""]
    fips = to_fips(country)
    entry = load_fips().get(country)
    country_name = entry.name if entry else country
    lat, lon = _number(row.get("lat")), _number(row.get("lon"))
    is_country = not lat or not name or name.lower() == country_name.lower()
    if is_country:
        return ["1", country_name or name, fips, fips, "", lat, lon, fips]
    geo_type = "3" if country == "USA" else "4"
    full = f"{name}, {country_name}" if country_name else name
    return [geo_type, full, fips, fips, "", lat, lon, ""]


def _actor(code: Any, name: Any) -> list[str]:
    raw = _text(code)
    fields = split_actor(raw)
    return [
        raw, _text(name).upper() if raw else "", fields.country, fields.known_group,
        fields.ethnic, fields.religion1, fields.religion2, fields.type1, fields.type2,
        fields.type3,
    ]  # fmt: skip


def event_row(row: Mapping[str, Any]) -> list[str]:
    """Return the 61 GDELT 2.0 Event fields of one stored event (a ``events`` row)."""
    day = _day(row)
    code = _text(row["cameo_code"])
    no_geo = ["0", "", "", "", "", "", "", ""]
    fields = [
        str(int(row["global_id"])), day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year),
        fraction_date(day),
        *_actor(row.get("source_code"), row.get("source_actor")),
        *_actor(row.get("target_code"), row.get("target_actor")),
        "1" if int(row.get("sentence_index") or 0) == 0 else "0",
        code, code[:3], code[:2], str(int(row["quad_class"])), f"{float(row['goldstein']):.1f}",
        str(int(row["num_mentions"])), str(int(row["num_sources"])),
        str(int(row["num_articles"])), "0",
        *no_geo, *no_geo, *_geo(row),
        _stamp(row.get("date_added")), _text(row.get("url")) or _text(row.get("doc")),
    ]  # fmt: skip
    if len(fields) != EVENT_FIELDS:
        raise AssertionError(f"GDELT event row has {len(fields)} fields")
    return fields


def mention_row(row: Mapping[str, Any]) -> list[str]:
    """Return the 16 GDELT 2.0 Mentions fields of one mention joined to its event.

    ``row`` needs the mention columns plus ``global_id``, ``date_added``,
    ``event_confidence`` and ``doc_len`` (the article's body length).
    """
    url = _text(row.get("url"))
    confidence = row.get("confidence")
    if confidence is None or confidence != confidence:
        confidence = row.get("event_confidence") or 0.0
    percent = min(100, max(10, round(float(confidence) * 100)))
    doc_len = row.get("doc_len")
    fields = [
        str(int(row["global_id"])), _stamp(row.get("date_added")),
        _stamp(row.get("mentioned_at")), "1" if url else "2", _text(row.get("outlet")),
        url or _text(row.get("doc")), str(int(row.get("sentence_index") or 0) + 1),
        "-1", "-1", "-1", "1", str(percent),
        str(int(doc_len)) if doc_len is not None and doc_len == doc_len else "0", "0", "", "",
    ]  # fmt: skip
    if len(fields) != MENTION_FIELDS:
        raise AssertionError(f"GDELT mention row has {len(fields)} fields")
    return fields
