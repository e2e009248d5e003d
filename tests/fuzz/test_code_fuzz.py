"""Random sentences about states never crash the coder, and every event it emits is valid.

The sentences are drawn from actor names, verbs that the codebook knows, negations,
dates and noise, so that many of them are coded. The real ``Coder`` is built once.
"""

from __future__ import annotations

import pycountry
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polevents.coding.codebook import PLOVER_TYPES
from polevents.types import Article
from tests.fuzz.conftest import fuzz_examples

ACTORS = ["Russia", "China", "Vladimir Putin", "Xi Jinping", "the United States", "Iran",
          "Israeli troops", "NATO", "the United Nations", "Turkish Foreign Minister Hakan Fidan",
          "Egypt's president", "rebels", "Kyiv", "Beijing", "It", "They", "the EU", "Hamas",
          "police in Nairobi", "protesters", "Brazil", "North Korea"]  # fmt: skip
VERBS = ["met", "accused", "attacked", "praised", "signed a deal with", "condemned",
         "threatened", "did not meet", "may sanction", "denied that it attacked", "hosted",
         "expelled diplomats from", "sent aid to", "called on", "rejected a proposal by",
         "will visit", "agreed to cooperate with", "said it would never invade",
         "demanded an apology from", "arrested", "shelled", "apologised to"]  # fmt: skip
TAILS = ["", " on Monday", " in Geneva", " last week", " on 3 March 2024", " over the border",
         " , officials said", " after talks", " ?", " in 1999", " tomorrow"]  # fmt: skip
NOISE = st.text(alphabet=st.characters(codec="utf-8"), max_size=20)
ISO3 = {c.alpha_3 for c in pycountry.countries}


@st.composite
def sentences(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:
        return draw(NOISE) or "Nothing."
    source, verb, target = draw(st.sampled_from(ACTORS)), draw(st.sampled_from(VERBS)), draw(
        st.sampled_from(ACTORS))  # fmt: skip
    return f"{source} {verb} {target}{draw(st.sampled_from(TAILS))}."


@st.composite
def bodies(draw: st.DrawFn) -> str:
    paragraphs = draw(st.lists(st.lists(sentences(), min_size=1, max_size=3), min_size=1,
                               max_size=4))  # fmt: skip
    return "\n\n".join(" ".join(p) for p in paragraphs)


@pytest.fixture(scope="session")
def coder():  # type: ignore[no-untyped-def]
    from polevents.coding.engine import Coder
    from polevents.settings import load_settings

    return Coder.from_settings(load_settings())


@pytest.mark.fuzz
@pytest.mark.slow
@settings(deadline=None, suppress_health_check=list(HealthCheck),
          max_examples=fuzz_examples(25, share=0.34))  # fmt: skip
@given(body=bodies(), published=st.one_of(st.none(), st.dates()))
def test_fuzz_coder_emits_only_valid_events(coder, body: str, published) -> None:  # type: ignore[no-untyped-def]
    article = Article("a" * 20, "d" * 40, "fuzz", 0, "Fuzz", body, "en", published_on=published)
    for event in coder.code_articles([article]):
        assert 1 <= int(event.cameo_root) <= 20 and event.cameo_code.startswith(event.cameo_root)
        assert event.quad_class in (1, 2, 3, 4)
        assert -10.0 <= event.goldstein <= 10.0
        assert event.plover_type in PLOVER_TYPES, event.plover_type
        for actor in (event.source, event.target):
            if actor is not None and actor.country is not None:
                assert actor.country in ISO3, (actor.country, event.sentence)
        assert event.sentence and event.sentence in body, (event.sentence, body)
