"""Score the coder on a gold folder (format: the ``eval/README.md`` of the dev set).

An output event matches a gold line when it comes from the same doc, its root is
in the line's roots, and its source and target countries are in the line's
source and target (or reversed, where the line is symmetric). Recall counts gold
lines matched; precision counts output events with both countries that match
some gold line of their doc. Dates are scored on matched gold lines that carry one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from polevents.evaluation.gold import GoldEvent, GoldSet, Trap
from polevents.settings import Settings
from polevents.types import Event


@dataclass(frozen=True, slots=True)
class RootScore:
    root: str
    gold: int
    matched: int
    output: int
    correct: int


@dataclass(frozen=True)
class EventScore:
    """Figures of one evaluation run, and the lines behind them for ``--verbose``."""

    gold_lines: int
    must_lines: int
    matched: int
    must_matched: int
    output_events: int
    output_dyadic: int
    correct: int
    dated: int
    dates_right: int
    trap_hits: tuple[str, ...]
    traps: int
    per_root: tuple[RootScore, ...]
    misses: tuple[str, ...] = field(default=())
    false_positives: tuple[str, ...] = field(default=())

    @property
    def recall(self) -> float:
        return _ratio(self.matched, self.gold_lines)

    @property
    def must_recall(self) -> float:
        return _ratio(self.must_matched, self.must_lines)

    @property
    def precision(self) -> float:
        return _ratio(self.correct, self.output_dyadic)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def date_accuracy(self) -> float:
        return _ratio(self.dates_right, self.dated)

    def to_dict(self) -> dict[str, object]:
        return {
            "must_recall": round(self.must_recall, 4),
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
            "f1": round(self.f1, 4),
            "gold_lines": self.gold_lines,
            "must_lines": self.must_lines,
            "matched": self.matched,
            "must_matched": self.must_matched,
            "output_events": self.output_events,
            "output_dyadic": self.output_dyadic,
            "correct": self.correct,
            "trap_hits": len(self.trap_hits),
            "traps": self.traps,
            "trap_hit_list": list(self.trap_hits),
            "date_accuracy": round(self.date_accuracy, 4),
            "dated": self.dated,
            "per_root": [
                {
                    "root": r.root,
                    "gold": r.gold,
                    "matched": r.matched,
                    "output": r.output,
                    "correct": r.correct,
                }
                for r in self.per_root
            ],
        }

    def render(self, verbose: bool = False) -> list[str]:
        """Lines for the CLI: per-root table and trap hits, then the overall figures last;
        ``verbose`` adds every miss and every false positive with its sentence."""
        lines: list[str] = []
        if verbose:
            lines += ["misses:", *(f"  {m}" for m in self.misses)]
            lines += ["false positives:", *(f"  {f}" for f in self.false_positives)]
        lines += [f"trap hits: {len(self.trap_hits)}", *(f"  {t}" for t in self.trap_hits)]
        lines.append("root  gold  matched  output  correct")
        lines += [
            f"{r.root:>4}  {r.gold:>4}  {r.matched:>7}  {r.output:>6}  {r.correct:>7}"
            for r in self.per_root
        ]
        lines.append(
            f"events: {self.output_events} output, {self.output_dyadic} with both countries; "
            f"gold {self.gold_lines} lines ({self.must_lines} must)"
        )
        lines.append(
            f"must-recall {self.must_recall:.3f} ({self.must_matched}/{self.must_lines})  "
            f"recall {self.recall:.3f} ({self.matched}/{self.gold_lines})"
        )
        lines.append(
            f"precision {self.precision:.3f} ({self.correct}/{self.output_dyadic})  "
            f"F1 {self.f1:.3f}"
        )
        lines.append(
            f"trap hits {len(self.trap_hits)}/{self.traps}  "
            f"date accuracy {self.date_accuracy:.3f} ({self.dates_right}/{self.dated})"
        )
        return lines


def score_events(gold: GoldSet, *, settings: Settings) -> EventScore:
    """Code every page of the gold folder and score the events against it."""
    from polevents.service import run_pipeline

    events = [e for result in run_pipeline(gold.articles, settings=settings) for e in result.events]
    return score_event_list(gold, events)


def score_event_list(gold: GoldSet, events: Iterable[Event]) -> EventScore:
    """Score events already coded (pure: no model, no I/O)."""
    by_doc: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        by_doc[doc_key(event.doc)].append(event)
    all_events = [e for items in by_doc.values() for e in items]
    matched = must_matched = dated = dates_right = 0
    misses: list[str] = []
    gold_by_root: Counter[str] = Counter()
    matched_by_root: Counter[str] = Counter()
    for line in gold.events:
        gold_by_root[line.roots[0]] += 1
        hits = [e for e in by_doc.get(line.doc, []) if matches(e, line)]
        if not hits:
            misses.append(
                f"{line.doc} {'/'.join(line.source)}->{'/'.join(line.target)} "
                f"{','.join(line.roots)} must={line.must}: {line.evidence}"
            )
            continue
        matched += 1
        must_matched += line.must
        matched_by_root[line.roots[0]] += 1
        if line.date:
            dated += 1
            best = next((e for e in hits if line.evidence.lower() in e.sentence.lower()), hits[0])
            dates_right += any(
                e.event_date and e.event_date.isoformat() == line.date
                for e in hits
                if e.sentence == best.sentence
            )
    dyadic = [e for e in all_events if e.source.country and e.target and e.target.country]
    correct_events = [e for e in dyadic if any(matches(e, g) for g in _gold_of(gold, e))]
    false_positives = [
        f"{e.doc} {e.source.code}->{e.target.code if e.target else '-'} {e.cameo_code} "
        f"[{e.rule}]: {e.sentence}"
        for e in dyadic
        if e not in correct_events
    ]
    output_by_root = Counter(e.cameo_root for e in dyadic)
    correct_by_root = Counter(e.cameo_root for e in correct_events)
    roots = sorted(set(gold_by_root) | set(output_by_root))
    per_root = tuple(
        RootScore(r, gold_by_root[r], matched_by_root[r], output_by_root[r], correct_by_root[r])
        for r in roots
    )
    hits = tuple(_trap_hits(gold.traps, by_doc))
    return EventScore(
        gold_lines=len(gold.events),
        must_lines=sum(line.must for line in gold.events),
        matched=matched,
        must_matched=must_matched,
        output_events=len(all_events),
        output_dyadic=len(dyadic),
        correct=len(correct_events),
        dated=dated,
        dates_right=dates_right,
        trap_hits=hits,
        traps=len(gold.traps),
        per_root=per_root,
        misses=tuple(misses),
        false_positives=tuple(false_positives),
    )


def doc_key(doc: str) -> str:
    """The gold folder names a doc by its file name without extension."""
    return Path(doc).stem


def matches(event: Event, line: GoldEvent) -> bool:
    """True when ``event`` is an acceptable coding of the gold line (README's rule)."""
    if doc_key(event.doc) != line.doc or event.cameo_root not in line.roots:
        return False
    source = event.source.country
    target = event.target.country if event.target else None
    if source in line.source and target in line.target:
        return True
    return line.symmetric and target in line.source and source in line.target


def _gold_of(gold: GoldSet, event: Event) -> list[GoldEvent]:
    key = doc_key(event.doc)
    return [g for g in gold.events if g.doc == key]


def _trap_hits(traps: Iterable[Trap], by_doc: dict[str, list[Event]]) -> Iterable[str]:
    for trap in traps:
        phrase = " ".join(trap.phrase.lower().split())
        for event in by_doc.get(trap.doc, []):
            sentence = " ".join(event.sentence.lower().split())
            if phrase in sentence and event.cameo_root in trap.forbid_roots:
                yield (
                    f"{trap.doc} {event.cameo_code} {event.source.code}->"
                    f"{event.target.code if event.target else '-'} ({trap.note}): {event.sentence}"
                )


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0
