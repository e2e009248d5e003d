"""Accuracy floors on the shared dev set (eval/floors.json): a change that makes the coder
or the cleaner worse there fails here. Skips, with a message, when ../shared is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polevents.evaluation.clean_score import score_cleaner
from polevents.evaluation.event_score import score_events
from polevents.evaluation.gold import load_gold
from polevents.settings import load_settings

FLOORS = json.loads((Path(__file__).resolve().parents[1] / "eval" / "floors.json").read_text())


@pytest.fixture(scope="module")
def dev_gold(shared_dir: Path):
    return load_gold(shared_dir / "eval" / "dev")


def test_eval_coder_meets_the_floors_on_the_dev_set(dev_gold) -> None:
    score = score_events(dev_gold, settings=load_settings())
    floors = FLOORS["events"]
    assert score.must_recall >= floors["must_recall"], score.render()
    assert score.precision >= floors["precision"], score.render()
    assert len(score.trap_hits) <= floors["trap_hits"], score.trap_hits
    assert score.date_accuracy >= floors["date_accuracy"], score.render()


def test_eval_cleaner_meets_the_floors_on_the_dev_set(dev_gold) -> None:
    score = score_cleaner(dev_gold, settings=load_settings())
    floors = FLOORS["clean"]
    assert score.found / score.stories >= floors["stories"], score.render(True)
    assert score.titles / score.stories >= floors["titles"], score.render(True)
    assert score.dates / score.stories >= floors["dates"], score.render(True)
    assert score.leaked <= floors["leaked"], score.render(True)
