"""``RunReport``: what one ``EventStore.write_results`` call (one ingest run) did."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime

from polevents.store.write import BatchCounts


@dataclass(slots=True)
class RunReport:
    """Counters of one run; ``already_known`` inputs were in the store before it."""

    run_id: str
    started_at: datetime
    finished_at: datetime | None = None
    inputs: int = 0
    documents: int = 0
    already_known: int = 0
    articles: int = 0
    duplicates: int = 0
    events: int = 0
    merged: int = 0
    mentions: int = 0
    batches: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def add(self, counts: BatchCounts) -> None:
        """Add one committed batch to the totals."""
        for name in ("inputs", "documents", "already_known", "articles", "duplicates"):
            setattr(self, name, getattr(self, name) + getattr(counts, name))
        for name in ("events", "merged", "mentions"):
            setattr(self, name, getattr(self, name) + getattr(counts, name))
        for reason, n in counts.skipped.items():
            self.skipped[reason] = self.skipped.get(reason, 0) + n
        self.batches += 1

    @property
    def elapsed_s(self) -> float:
        """Seconds from start to finish (0 while running)."""
        if self.finished_at is None:
            return 0.0
        return (self.finished_at - self.started_at).total_seconds()

    @property
    def exit_code(self) -> int:
        """0: a finished run succeeds even with skips (they are counted, not failures)."""
        return 0

    def as_dict(self) -> dict[str, object]:
        """Return a JSON-ready dict (times as ISO strings)."""
        out = asdict(self)
        out["started_at"] = self.started_at.isoformat()
        out["finished_at"] = self.finished_at.isoformat() if self.finished_at else None
        out["elapsed_s"] = round(self.elapsed_s, 3)
        return out
