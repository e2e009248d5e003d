"""Errors raised by polevents.

::

    PoleventsError            every error the library raises on purpose
    ├── ConfigError           a setting is missing or makes no sense
    ├── CollectError          a URL, feed or fetch target cannot be used
    ├── LexiconError          a shipped or user lexicon file is invalid
    ├── IngestError           an input cannot be read or decoded
    ├── CleanError            no article could be cleaned out of a page
    ├── NlpError              the spaCy model cannot be loaded or run
    ├── ActorError            an actor cannot be resolved
    ├── CodingError           a sentence cannot be coded
    └── StoreError            the store cannot be opened, read or written

Each error carries a stable ``reason`` slug (``binary``, ``too_large``,
``bad_encoding``, ``no_body``, ``language:ru``...), searchable and testable, and
the ``doc`` it concerns when there is one.
"""

from __future__ import annotations


class PoleventsError(Exception):
    """Base class; ``reason`` is a short stable slug, ``doc`` the input concerned."""

    default_reason = "error"

    def __init__(self, message: str, *, reason: str | None = None, doc: str | None = None):
        super().__init__(message)
        self.reason = reason or self.default_reason
        self.doc = doc


class ConfigError(PoleventsError):
    default_reason = "config"


class CollectError(PoleventsError):
    default_reason = "collect"


class LexiconError(PoleventsError):
    default_reason = "lexicon"


class IngestError(PoleventsError):
    default_reason = "unreadable"


class CleanError(PoleventsError):
    default_reason = "no_body"


class NlpError(PoleventsError):
    default_reason = "nlp"


class ActorError(PoleventsError):
    default_reason = "actor"


class CodingError(PoleventsError):
    default_reason = "coding"


class StoreError(PoleventsError):
    default_reason = "store"
