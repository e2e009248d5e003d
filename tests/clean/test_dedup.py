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


OTHER_STORIES = (
    "Chile recalled its ambassador from Venezuela on Saturday after the disputed election, "
    "the foreign ministry in Santiago said, and asked for an independent count of the votes.",
    "Japan and the Philippines signed a reciprocal access agreement in Manila on Monday that "
    "lets each country's troops train on the other's soil, officials from both sides said.",
)


@pytest.mark.parametrize(("memory", "first_copy_found"), [(2, False), (3, True), (None, True)])
def test_dedup_forgets_the_oldest_article_past_its_memory(
    memory: int | None, first_copy_found: bool
) -> None:
    """A bounded memory keeps the index flat on a long stream; recent copies are still found."""
    dedup = Deduplicator(threshold=0.8, memory=memory)
    for index, body in enumerate((BODY, *OTHER_STORIES)):
        assert dedup.mark(_article(f"a{index}", body)).duplicate_of is None
    assert len(dedup) == (memory or 3)
    near_copy = dedup.mark(_article("c1", BODY.replace("next week", "next Monday")))
    assert near_copy.duplicate_of == ("a0" if first_copy_found else None)
    assert dedup.mark(_article("c2", OTHER_STORIES[-1])).duplicate_of == "a2"


@pytest.mark.parametrize("memory", [1])
def test_dedup_forgets_the_exact_key_of_a_forgotten_article(memory: int) -> None:
    dedup = Deduplicator(threshold=0.8, memory=memory)
    dedup.mark(_article("a0", BODY))
    dedup.mark(_article("a1", OTHER_STORIES[0]))
    assert dedup.mark(_article("c1", BODY)).duplicate_of is None


@pytest.mark.parametrize("memory", [0, -1])
def test_dedup_refuses_an_empty_memory(memory: int) -> None:
    with pytest.raises(ValueError, match="memory"):
        Deduplicator(threshold=0.8, memory=memory)
