"""Typed, frozen dataclasses that cross stage boundaries.

The pipeline is ``RawDocument -> Article -> ParsedSentence -> Event``; a
document that cannot go on becomes a ``Skip``. Every class holds only plain
values (str, int, float, date, tuples of those), so objects pickle for Dask and
read well in a failing test. spaCy's ``Doc`` never leaves ``polevents.nlp``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

MediaType = Literal["html", "text"]
# sentence: the sentence dates it; story: the story's last dated act; published: nothing did.
DateSource = Literal["sentence", "story", "published"]

_CAMEO_CODE = re.compile(r"^\d{3,4}$")
_ROOT = re.compile(r"^\d{2}$")


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input, decoded to text.

    ``doc_id`` is the hex SHA-1 of the raw bytes (stable across runs); ``doc``
    is the display name that users see in outputs (file name, JSONL ``id``
    or ``url``, or ``file:line``).
    """

    doc_id: str
    doc: str
    origin: str
    text: str
    encoding: str
    media_type: MediaType
    size_bytes: int
    url: str | None = None
    title_hint: str | None = None
    published_hint: str | None = None
    truncated: bool = False


@dataclass(frozen=True, slots=True)
class Skip:
    """An input (or part of one) that a stage refused, with a stable reason slug."""

    doc: str
    origin: str
    stage: str
    reason: str
    detail: str = ""
    doc_id: str | None = None


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What the near-duplicate check remembers of a kept article, so later runs can too."""

    exact_key: str  # SHA-1 of the normalised body
    minhash: bytes  # the MinHash signature of its word shingles, uint32 values


@dataclass(frozen=True, slots=True)
class Article:
    """One story of a page: the clean text that the coder reads."""

    article_id: str
    doc_id: str
    doc: str
    story: int
    title: str
    body: str
    language: str
    outlet: str | None = None
    published_on: date | None = None
    url: str | None = None
    author: str | None = None
    dateline: str | None = None
    duplicate_of: str | None = None
    fingerprint: Fingerprint | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.story < 0:
            raise ValueError(f"story index must be >= 0, got {self.story}")


@dataclass(frozen=True, slots=True)
class Token:
    """One spaCy token reduced to plain values; ``head`` is an index in the sentence."""

    i: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    idx: int
    ent_type: str = ""
    ent_iob: str = ""
    whitespace: str = " "


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """A named entity over tokens ``start`` (inclusive) to ``end`` (exclusive)."""

    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class ParsedSentence:
    """A sentence with its parse; token indices are local to the sentence."""

    text: str
    tokens: tuple[Token, ...]
    entities: tuple[EntitySpan, ...] = ()
    start_char: int = 0
    index: int = 0
    # children_of[i] lists the tokens whose head is i (filled by polevents.nlp; may be empty).
    children_of: tuple[tuple[int, ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor: CAMEO code (e.g. ``RUSGOV``) and ISO 3166-1 alpha-3 country."""

    text: str
    code: str
    country: str | None = None
    role: str | None = None
    kind: str = "country"
    name: str | None = None


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor found in a sentence, over tokens ``start`` to ``end`` (exclusive)."""

    actor: Actor
    start: int
    end: int
    rule: str = ""


@dataclass(frozen=True, slots=True)
class Location:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A coded event with its evidence sentence.

    Field names follow the ``polevents code`` JSON contract (see ``to_record``).
    """

    event_id: str
    article_id: str
    doc: str
    story: int
    title: str
    published: date | None
    event_date: date | None
    date_source: DateSource
    source: Actor
    target: Actor | None
    cameo_code: str
    cameo_root: str
    quad_class: int
    goldstein: float
    plover_type: str
    plover_mode: str
    symmetric: bool
    sentence: str
    rule: str
    confidence: float
    location: Location | None = None
    url: str | None = None
    outlet: str | None = None
    sentence_index: int = 0

    def __post_init__(self) -> None:
        if not _CAMEO_CODE.match(self.cameo_code):
            raise ValueError(f"cameo_code must have 3-4 digits, got {self.cameo_code!r}")
        if not _ROOT.match(self.cameo_root) or not 1 <= int(self.cameo_root) <= 20:
            raise ValueError(f"cameo_root must be 01-20, got {self.cameo_root!r}")
        if self.quad_class not in (1, 2, 3, 4):
            raise ValueError(f"quad_class must be 1-4, got {self.quad_class}")
        if not -10.0 <= self.goldstein <= 10.0:
            raise ValueError(f"goldstein must be in [-10, 10], got {self.goldstein}")
        if not self.sentence:
            raise ValueError("an event needs its evidence sentence")

    def to_record(self) -> dict[str, object]:
        """Return the JSON-ready record of the ``polevents code`` contract."""
        loc = self.location
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "doc": self.doc,
            "story": self.story,
            "title": self.title,
            "published": _iso(self.published),
            "event_date": _iso(self.event_date),
            "date_source": self.date_source,
            "source_actor": self.source.text,
            "source_code": self.source.code,
            "source_country": self.source.country,
            "target_actor": self.target.text if self.target else None,
            "target_code": self.target.code if self.target else None,
            "target_country": self.target.country if self.target else None,
            "cameo_code": self.cameo_code,
            "cameo_root": self.cameo_root,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "plover_type": self.plover_type,
            "plover_mode": self.plover_mode,
            "symmetric": self.symmetric,
            "location": (
                {"name": loc.name, "country": loc.country, "lat": loc.lat, "lon": loc.lon}
                if loc
                else None
            ),
            "sentence": self.sentence,
            "rule": self.rule,
            "confidence": round(self.confidence, 3),
            "url": self.url,
            "outlet": self.outlet,
        }


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """What the pipeline made of one input: its articles and events, or a skip."""

    doc: str
    origin: str
    raw: RawDocument | None = None
    articles: tuple[Article, ...] = ()
    events: tuple[Event, ...] = ()
    skips: tuple[Skip, ...] = field(default_factory=tuple)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
