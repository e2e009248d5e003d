"""``RunReport``: what one ``EventStore.write_results`` call (one ingest run) did."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from polevents.store.write import BatchCounts


@dataclass(slots=True, kw_only=True)
class RunReport(BatchCounts):
    """Counters of one run (the sum of its batches); ``already_known`` inputs were in the
    store before it."""

    run_id: str
    started_at: datetime
    finished_at: datetime | None = None
    batches: int = 0

    def add(self, counts: BatchCounts) -> None:
        """Add one committed batch to the totals."""
        for counter in fields(BatchCounts):
            if counter.name == "skipped":
                for reason, n in counts.skipped.items():
                    self.skipped[reason] = self.skipped.get(reason, 0) + n
            else:
                total = getattr(self, counter.name) + getattr(counts, counter.name)
                setattr(self, counter.name, total)
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
        out: dict[str, object] = {"run_id": self.run_id, "started_at": self.started_at.isoformat()}
        out["finished_at"] = self.finished_at.isoformat() if self.finished_at else None
        counters = (f.name for f in fields(BatchCounts) if f.name != "skipped")
        out.update((name, getattr(self, name)) for name in counters)
        out.update(batches=self.batches, skipped=dict(self.skipped))
        out["elapsed_s"] = round(self.elapsed_s, 3)
        return out
