"""Exact and near-duplicate articles are marked against the first one kept."""

from __future__ import annotations

import pytest

from polevents.clean.dedup import Deduplicator
from polevents.types import Article

BODY = (
    "Kenyan Foreign Minister Musalia Mudavadi met his Ethiopian counterpart in Nairobi on "
    "Sunday and the two agreed to reopen the Moyale border post next week. The ministers "
    "also signed a memorandum on cross-border trade, the Kenyan foreign ministry said, and "
    "promised to meet again in Addis Ababa before the end of the year."
)


def _article(article_id: str, body: str) -> Article:
    return Article(article_id, "d" * 40, "doc", 0, "Title", body, "en")


@pytest.mark.parametrize(
    ("second", "duplicate"),
    [
        (BODY, True),
        (BODY.upper().replace(",", ""), True),
        (BODY.replace("next week", "next Monday"), True),
        ("Chile recalled its ambassador from Venezuela on Saturday over the election.", False),
    ],
)
def test_dedup_marks_exact_and_near(second: str, duplicate: bool) -> None:
    dedup = Deduplicator(threshold=0.8)
    first = dedup.mark(_article("a1", BODY))
    marked = dedup.mark(_article("a2", second))
    assert first.duplicate_of is None
    assert marked.duplicate_of == ("a1" if duplicate else None)


@pytest.mark.parametrize(
    ("second", "duplicate"),
    [
        (BODY, True),
        (BODY.replace("next week", "next Monday"), True),
        ("Chile recalled its ambassador from Venezuela on Saturday over the election.", False),
    ],
)
def test_dedup_remembers_articles_kept_by_an_earlier_run(second: str, duplicate: bool) -> None:
    """The fingerprint a kept article carries is what the store keeps for the next run."""
    kept = Deduplicator(threshold=0.8).mark(_article("a1", BODY))
    assert kept.fingerprint is not None and len(kept.fingerprint.minhash) == 128 * 4
    next_run = Deduplicator(threshold=0.8)
    next_run.remember("a1", kept.fingerprint)
    assert next_run.mark(_article("a2", second)).duplicate_of == ("a1" if duplicate else None)


@pytest.mark.parametrize("values", [0, 127])
def test_dedup_refuses_a_damaged_fingerprint(values: int) -> None:
    from polevents.types import Fingerprint

    with pytest.raises(ValueError, match="values"):
        Deduplicator(threshold=0.8).remember("a1", Fingerprint("k", b"\0\0\0\0" * values))
