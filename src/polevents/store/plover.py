"""PLOVER JSON records (PLOVER spec, record format) from stored events.

Actor codes are CAMEO; PLOVER wants a country-level ``code`` and a ``sector``:
legacy CAMEO country codes become ISO (``ROM`` -> ``ROU``), generic codes map to
PLOVER's non-state codes (``NGM`` -> ``ISM``, the UN -> ``UNO``, the EU -> ``EUR``),
and sectors are renamed where the two vocabularies differ (CAMEO ``MED`` is
PLOVER ``JRN``, CAMEO ``HLH`` is PLOVER ``MED``, ``INS``/``SEP`` are ``REB``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

_LEGACY = {"ROM": "ROU", "TMP": "TLS", "MTN": "MNE", "IMY": "IMN", "XKX": "KOS"}
_GENERIC = {"IGO": "IGO", "NGO": "NGO", "NGM": "ISM", "IMG": "IMG", "MNC": "MNC"}
_SECTOR = {"MED": "JRN", "HLH": "MED", "INS": "REB", "SEP": "REB", "DEV": "SOC",
           "ENV": "SOC", "HRI": "SOC"}  # fmt: skip
_SECTORS = frozenset(
    [
        "COP",
        "GOV",
        "JUD",
        "LEG",
        "MIL",
        "PRM",
        "PTY",
        "REB",
        "SPY",
        "UAF",
        "UNK",
        "AGR",
        "BUS",
        "CRM",
        "CVL",
        "EDU",
        "ELI",
        "JRN",
        "LAB",
        "MED",
        "REF",
        "OPP",
        "PRE",
        "REL",
        "SOC",
    ]
)


def plover_entity(code: str | None, country: str | None, text: str | None) -> dict[str, Any]:
    """Return a PLOVER entity object for a CAMEO actor code.

    >>> plover_entity("RUSGOVMED", "RUS", "Russian state media")
    {'code': 'RUS', 'sector': 'GOVJRN', 'entity_text': 'Russian state media'}
    >>> plover_entity("IGOUNOKID", None, "UNICEF")["code"]
    'UNO'
    """
    raw = (code or "").upper()
    elements = [raw[i : i + 3] for i in range(0, len(raw) - len(raw) % 3, 3)]
    top = (country or (elements[0] if elements else "")).upper()
    top = _LEGACY.get(top, top)
    if elements and elements[0] in _GENERIC:
        top = _GENERIC[elements[0]]
        if "UNO" in elements[1:]:
            top = "UNO"
        elif "EEC" in elements[1:]:
            top = "EUR"
    sectors = [_SECTOR.get(e, e) for e in elements if _SECTOR.get(e, e) in _SECTORS]
    entity: dict[str, Any] = {"code": top or "UNK"}
    if sectors:
        entity["sector"] = "".join(dict.fromkeys(sectors[:2]))
    if text:
        entity["entity_text"] = text
    return entity


def _iso(value: Any) -> str | None:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return None


def plover_record(row: dict[str, Any], *, coder: str) -> dict[str, Any]:
    """Return the PLOVER record of one stored event (an ``events`` row)."""
    record: dict[str, Any] = {
        "id": row["event_id"],
        "has_event": True,
        "date": _iso(row.get("event_date")) or _iso(row.get("published"))
        or _iso(row.get("date_added")),
        "event": [row["plover_type"]],
        "actor": [plover_entity(row.get("source_code"), row.get("source_country"),
                                row.get("source_actor"))],
    }  # fmt: skip
    if row.get("target_code"):
        record["recipient"] = [
            plover_entity(row["target_code"], row.get("target_country"), row.get("target_actor"))
        ]
    if row.get("plover_mode"):
        record["mode"] = [row["plover_mode"]]
    record["quad_code"] = int(row["quad_class"])
    if row.get("location_name") or row.get("location_country"):
        loc: dict[str, Any] = {"extracted_place": row.get("location_name"),
                               "country_code": row.get("location_country")}  # fmt: skip
        if row.get("lat") is not None and row.get("lon") is not None:
            loc.update(lat=row["lat"], lon=row["lon"])
        record["event_loc"] = loc
    record["event_text"] = [row["sentence"]]
    record["text_info"] = {"sequence": int(row.get("sentence_index") or 0) + 1}
    cite = {"url": row.get("url"), "title": row.get("title"), "publication": row.get("outlet"),
            "language": "en", "codebook": "CAMEO 1.1b3 via CAMEO2PLOVER"}  # fmt: skip
    record["cite_info"] = {k: v for k, v in cite.items() if v}
    record["coder"] = coder
    record["coded_date"] = _iso(row.get("date_added"))
    record["cameo_code"] = row["cameo_code"]
    for key in ("num_mentions", "num_sources", "num_articles"):
        record[key] = int(row[key])
    return record
