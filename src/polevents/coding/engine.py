"""Run the coder over articles: parse in batches, find actors, code sentences, make Events."""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from polevents.coding.codebook import Codebook, load_codebook
from polevents.coding.coder import PriorAct, SentenceEvent, code_sentence, is_reaction
from polevents.coding.patterns import PatternLexicon, load_patterns
from polevents.settings import Settings
from polevents.types import Actor, Article, DateSource, Event, Location, ParsedSentence

log = logging.getLogger(__name__)

RECENT_ACTORS = 12  # how many earlier actors a story keeps for reactions without a named target


@dataclass
class Coder:
    """Everything coding needs, loaded once: lexicons, codebook and the spaCy model name."""

    codebook: Codebook
    patterns: PatternLexicon
    actors: Any  # polevents.actors.lexicon.ActorLexicon
    model: str
    batch_size: int = 64
    n_process: int = 1

    @classmethod
    def from_settings(cls, settings: Settings) -> Coder:
        from polevents.actors.lexicon import load_actor_lexicon

        codebook = load_codebook()
        lexicon_dir = settings.lexicon_dir
        verbs_path = lexicon_dir / "verbs.yaml" if lexicon_dir else None
        patterns = load_patterns(
            verbs_path if verbs_path and verbs_path.is_file() else None, codebook
        )
        return cls(
            codebook=codebook,
            patterns=patterns,
            actors=load_actor_lexicon(lexicon_dir),
            model=settings.spacy_model,
            batch_size=settings.batch_size,
            n_process=settings.n_process,
        )

    def code_articles(self, articles: Sequence[Article]) -> list[Event]:
        """Parse ``articles`` in one ``nlp.pipe`` run and return their events in order."""
        from polevents.nlp.model import parse_texts

        texts = (article.body for article in articles)
        parsed = parse_texts(
            texts, model=self.model, batch_size=self.batch_size, n_process=self.n_process
        )
        events: list[Event] = []
        for article, sentences in zip(articles, parsed, strict=True):
            events.extend(self.code_parsed(article, sentences))
        return events

    def code_parsed(self, article: Article, sentences: list[ParsedSentence]) -> list[Event]:
        """Code the sentences of one article, carrying actors from sentence to sentence."""
        from polevents.actors.context import ActorContext
        from polevents.actors.names import countries_in_text, country_of_name, country_of_place
        from polevents.actors.places import locate
        from polevents.actors.resolve import find_actors

        context = ActorContext(lexicon=self.actors, on=article.published_on)
        recent: list[Actor] = []
        acts: list[PriorAct] = []
        names: dict[str, Actor | None] = {}
        story_day: date | None = None  # the last day a sentence of the story gave an act
        # the story's countries (the headline's first), for officials the lexicon lacks
        mentioned: Counter[str] = Counter(
            countries_in_text(article.title, lexicon=self.actors, on=article.published_on)
        )

        def name_actor(text: str) -> Actor | None:
            if text not in names:
                names[text] = country_of_name(text, lexicon=self.actors)
            return names[text]

        events: list[Event] = []
        for sentence in sentences:
            found_here = find_actors(sentence, lexicon=self.actors, on=article.published_on)
            mentions = context.begin_sentence(sentence, found_here)
            mentioned.update(m.actor.country for m in mentions if m.actor.country)
            place = locate(sentence, dateline=article.dateline, lexicon=self.actors)
            coded = code_sentence(
                sentence,
                mentions=mentions,
                patterns=self.patterns,
                codebook=self.codebook,
                published=article.published_on,
                anaphora=context.resolve_anaphor,
                recent=recent,
                acts=acts,
                name_actor=name_actor,
                place_actor=lambda text: country_of_place(text, lexicon=self.actors),
                where=_country_of(place),
                story_countries=[country for country, _ in mentioned.most_common()],
            )
            if coded:
                events.extend(
                    self._event(article, sentence, found, place, story_day) for found in coded
                )
                story_day = next((f.event_date for f in coded if f.event_date), story_day)
            context.observe(mentions)
            recent.extend(m.actor for m in mentions)
            acts.extend(
                PriorAct(found.source, frozenset(_act_words(sentence, found)))
                for found in coded
                if not is_reaction(found.code, sentence.tokens[found.trigger].lemma.lower())
            )
            del recent[:-RECENT_ACTORS]
            del acts[:-RECENT_ACTORS]
        return events

    def _event(
        self,
        article: Article,
        sentence: ParsedSentence,
        found: SentenceEvent,
        place: Any,
        story_day: date | None,
    ) -> Event:
        """Tie a sentence's event to its article. With no date of its own, an act continues
        the story's last dated act ("The two leaders signed..." after "...met on Tuesday")."""
        info = self.codebook.lookup(found.code)
        key = "|".join(
            [
                article.article_id,
                str(sentence.index),
                str(found.trigger),
                found.code,
                found.source.code,
                found.target.code if found.target else "-",
            ]
        )
        confidence = 0.9 - 0.2 * found.anaphoric - 0.1 * found.rule.startswith("noun:")
        return Event(
            event_id=hashlib.sha1(key.encode()).hexdigest()[:16],
            article_id=article.article_id,
            doc=article.doc,
            story=article.story,
            title=article.title,
            published=article.published_on,
            event_date=found.event_date or story_day or article.published_on,
            date_source=_date_source(found.event_date, story_day),
            source=found.source,
            target=found.target,
            cameo_code=found.code,
            cameo_root=info.root,
            quad_class=info.quad_class,
            goldstein=info.goldstein,
            plover_type=info.plover_type,
            plover_mode=info.plover_mode,
            symmetric=found.symmetric,
            sentence=sentence.text.strip(),
            rule=found.rule,
            confidence=confidence,
            location=place,
            url=article.url,
            outlet=article.outlet,
            sentence_index=sentence.index,
        )


def _date_source(own: date | None, story_day: date | None) -> DateSource:
    if own:
        return "sentence"
    return "story" if story_day else "published"


def _country_of(place: Location | None) -> str | None:
    return place.country if place else None


def _act_words(sentence: ParsedSentence, found: SentenceEvent) -> set[str]:
    """The predicate's word and its object's ("delivered" "howitzers") name an act later."""
    trigger = sentence.tokens[found.trigger]
    words = {trigger.lemma, trigger.text}
    words.update(t.lemma for t in sentence.tokens if t.head == trigger.i and t.dep == "dobj")
    return words
