"""A batch of pipeline results laid out as Arrow tables, ready for the store's bulk load.

Staging is the only step that touches the pipeline's Python objects; from there
on, ``write.load_staged`` works inside DuckDB (filtering what the store holds,
merging, counting). A staged batch can be built where the results are made (a
Dask worker, a benchmark's set-up) and loaded later.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import pyarrow as pa

from polevents.store.columns import (
    article_columns,
    document_columns,
    report_columns,
    source_name,
    to_arrow,
)
from polevents.types import DocumentResult, Skip

__all__ = ["StagedBatch", "doc_id_of", "stage_results"]


@dataclass(frozen=True, slots=True)
class StagedBatch:
    """One batch's rows: every input document, its articles and its coded reports.

    ``doc_seq`` (a document's position in the batch) ties articles and reports
    to their document; the first of several equal documents wins.
    """

    documents: pa.Table
    articles: pa.Table
    reports: pa.Table

    @property
    def inputs(self) -> int:
        """Number of inputs in the batch."""
        return self.documents.num_rows


def doc_id_of(result: DocumentResult) -> str:
    """Return the id under which a result is recorded (SHA-1 of its bytes, else of its origin)."""
    if result.raw is not None:
        return result.raw.doc_id
    for skip in result.skips:
        if skip.doc_id:
            return skip.doc_id
    return "origin:" + hashlib.sha1(result.origin.encode("utf-8")).hexdigest()


def stage_results(results: Sequence[DocumentResult]) -> StagedBatch:
    """Lay ``results`` out as a ``StagedBatch``."""
    skips: list[Skip | None] = [r.skips[0] if r.skips and not r.articles else None
                                for r in results]  # fmt: skip
    documents = document_columns(results, [doc_id_of(r) for r in results], skips)
    documents["doc_seq"] = list(range(len(results)))
    articles = [(seq, a) for seq, r in enumerate(results) for a in r.articles]
    article_rows = article_columns([a for _, a in articles])
    article_rows["doc_seq"] = [seq for seq, _ in articles]
    article_rows["source"] = [source_name(a.outlet, a.url, a.doc) for _, a in articles]
    prints = [a.fingerprint for _, a in articles]
    article_rows["exact_key"] = [p.exact_key if p else None for p in prints]
    article_rows["minhash"] = [p.minhash if p else None for p in prints]
    events = [(seq, e) for seq, r in enumerate(results) for e in r.events]
    reports = report_columns([e for _, e in events], [seq for seq, _ in events])
    return StagedBatch(to_arrow(documents), to_arrow(article_rows), to_arrow(reports))
