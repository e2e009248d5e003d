"""Reduce a spaCy ``Doc`` to plain ``ParsedSentence`` values (the only place that reads spaCy)."""

from __future__ import annotations

from typing import Any

from polevents.types import EntitySpan, ParsedSentence, Token


def to_parsed_sentences(doc: Any) -> list[ParsedSentence]:
    """Return one ``ParsedSentence`` per sentence of ``doc``, token indices local to it.

    ``doc.ents`` is read once: ``Span.ents`` walks every entity of the document,
    which made a long page quadratic (3,000 sentences took minutes).
    """
    sentences = []
    doc_ents = list(doc.ents)
    next_ent = 0
    for index, sent in enumerate(doc.sents):
        offset = sent.start
        tokens = tuple(
            Token(
                i=tok.i - offset,
                text=tok.text,
                lemma=tok.lemma_,
                pos=tok.pos_,
                tag=tok.tag_,
                dep=tok.dep_,
                head=tok.head.i - offset,
                idx=tok.idx - sent.start_char,
                ent_type=tok.ent_type_,
                ent_iob=tok.ent_iob_,
                whitespace=tok.whitespace_,
            )
            for tok in sent
        )
        while next_ent < len(doc_ents) and doc_ents[next_ent].start < sent.start:
            next_ent += 1
        inside = []
        while next_ent < len(doc_ents) and doc_ents[next_ent].end <= sent.end:
            inside.append(doc_ents[next_ent])  # the entities wholly inside, as ``sent.ents``
            next_ent += 1
        entities = tuple(
            EntitySpan(ent.start - offset, ent.end - offset, ent.label_, ent.text) for ent in inside
        )
        sentences.append(
            ParsedSentence(
                text=sent.text,
                tokens=tokens,
                entities=entities,
                start_char=sent.start_char,
                index=index,
                children_of=children_index(tokens),
            )
        )
    return sentences


def children_index(tokens: tuple[Token, ...]) -> tuple[tuple[int, ...], ...]:
    """For each token, the indices of the tokens it heads (the root is not its own child)."""
    kids: list[list[int]] = [[] for _ in tokens]
    for token in tokens:
        if token.head != token.i and 0 <= token.head < len(tokens):
            kids[token.head].append(token.i)
    return tuple(tuple(k) for k in kids)
