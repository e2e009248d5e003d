"""Pipeline benchmarks on synthetic pages: end-to-end vs spaCy, Dask scaling, peak memory.

Each figure that the machine's noise would blur is a ratio of two timings
taken in the same run, interleaved: ``end_to_end_vs_spacy`` is the pages/s of
clean + code divided by the pages/s of ``nlp.pipe`` alone on the same article
bodies, and ``dask_2v1`` is the pages/s of two Dask workers over one.
Peak memory is measured in a fresh process (``bench.child.in_child``) so
earlier work does not count, at several points of one stream.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass

from polevents.bench.child import in_child
from polevents.bench.synth import iter_pages
from polevents.settings import Settings, load_settings
from polevents.types import RawDocument, Skip

__all__ = ["bench_dask_scaling", "bench_end_to_end", "measure_peak_rss", "synth_documents"]


def synth_documents(
    n_pages: int, *, settings: Settings, seed: int = 0
) -> Iterator[RawDocument | Skip]:
    """Yield synthetic pages as read documents, lazily (nothing is held in memory)."""
    from polevents.ingest.readers import to_document

    for page in iter_pages(n_pages, seed=seed):
        yield to_document(page.content, doc=page.name, origin=f"synth/{page.name}",
                          settings=settings)  # fmt: skip


@dataclass(frozen=True, slots=True)
class EndToEnd:
    """Timings of one end-to-end comparison (best of ``rounds`` each)."""

    pages: int
    articles: int
    words: int
    events: int
    pipeline_s: float
    clean_s: float
    spacy_s: float

    def as_dict(self) -> dict[str, float]:
        return {
            "end_to_end_vs_spacy": round(self.spacy_s / self.pipeline_s, 3),
            "pages_per_s": round(self.pages / self.pipeline_s, 1),
            "words_per_s": round(self.words / self.pipeline_s),
            "spacy_words_per_s": round(self.words / self.spacy_s),
            "clean_share": round(self.clean_s / self.pipeline_s, 3),
            "pages": self.pages, "articles": self.articles, "events": self.events,
        }  # fmt: skip


def bench_end_to_end(
    n_pages: int = 300, *, rounds: int = 2, chunk_pages: int = 50, seed: int = 0
) -> EndToEnd:
    """Time clean + code of ``n_pages`` against ``nlp.pipe`` alone on their article bodies.

    spaCy is loaded, the coder built and 60 pages coded (one-time set-ups such as
    trafilatura's justext stoplists and dateparser's regexes) before any timing. The
    pages go in chunks of ``chunk_pages``; each chunk is timed through spaCy
    alone and then through the pipeline, back to back, and the best of
    ``rounds`` per chunk counts, so a burst of load from other processes on a
    shared machine falls on both sides rather than on one.
    """
    from polevents.coding.engine import Coder
    from polevents.nlp.model import load_model
    from polevents.service import clean_documents, process_documents

    settings = load_settings()
    docs = list(synth_documents(n_pages, settings=settings, seed=seed))
    nlp = load_model(settings.spacy_model)
    coder = Coder.from_settings(settings)
    list(process_documents(list(synth_documents(60, settings=settings, seed=seed + 99)),
                           settings=settings, coder=coder))  # fmt: skip
    totals = {"pipeline": 0.0, "clean": 0.0, "spacy": 0.0}
    articles = words = events = 0
    for start in range(0, len(docs), chunk_pages):
        chunk = docs[start : start + chunk_pages]
        texts = [a.body for r in clean_documents(chunk, settings=settings)
                 for a in r.articles if a.duplicate_of is None]  # fmt: skip
        best = {"pipeline": float("inf"), "clean": float("inf"), "spacy": float("inf")}
        for _ in range(rounds):
            began = time.perf_counter()
            for _doc in nlp.pipe(texts, batch_size=settings.batch_size):
                pass
            best["spacy"] = min(best["spacy"], time.perf_counter() - began)
            began = time.perf_counter()
            for _result in clean_documents(chunk, settings=settings):
                pass
            best["clean"] = min(best["clean"], time.perf_counter() - began)
            began = time.perf_counter()
            found = sum(len(r.events) for r in process_documents(chunk, settings=settings,
                                                                 coder=coder))  # fmt: skip
            best["pipeline"] = min(best["pipeline"], time.perf_counter() - began)
        for key, value in best.items():
            totals[key] += value
        articles, words = articles + len(texts), words + sum(len(t.split()) for t in texts)
        events += found
    return EndToEnd(len(docs), articles, words, events, totals["pipeline"], totals["clean"],
                    totals["spacy"])  # fmt: skip


def bench_dask_scaling(n_pages: int = 400, *, rounds: int = 2, seed: int = 1) -> dict[str, float]:
    """Pages/s through ``iter_dask_results`` with 1 and with 2 local workers; their ratio.

    Both clusters are started (and spaCy loaded in each worker) before any
    timing, and each codes one batch per worker first. The two are then timed in
    turn, ``rounds`` times, and the best round of each counts, so a burst of
    load from another process falls on one round rather than on the ratio.
    """
    from polevents.scale.dask import iter_dask_results, open_client

    settings = load_settings()
    docs = list(synth_documents(n_pages, settings=settings, seed=seed))
    warmup = list(synth_documents(64, settings=settings, seed=seed + 1))
    rates = {1: 0.0, 2: 0.0}
    with ExitStack() as stack:
        clients = {n: stack.enter_context(open_client(f"local:{n}", settings=settings))
                   for n in rates}  # fmt: skip
        for client in clients.values():
            list(iter_dask_results(warmup, client=client, settings=settings))
        for _round in range(rounds):
            for workers, client in clients.items():
                began = time.perf_counter()
                for _result in iter_dask_results(docs, client=client, settings=settings):
                    pass
                rates[workers] = max(rates[workers], len(docs) / (time.perf_counter() - began))
    return {"dask_2v1": round(rates[2] / rates[1], 3), "dask_1_pages_per_s": round(rates[1], 1),
            "dask_2_pages_per_s": round(rates[2], 1), "dask_pages": float(n_pages),
            "rounds": float(rounds)}  # fmt: skip


def stream_pages(checkpoints: Sequence[int], *, seed: int = 2) -> dict[str, dict[str, float]]:
    """Clean and code ``max(checkpoints)`` synthetic pages as one stream.

    Returns, for each checkpoint, the counts so far and the peak RSS reached by
    then: the peak of a run of that many pages, as every run reads the same
    stream from its start. One run thus shows whether memory grows with the corpus.
    """
    from polevents.service import process_documents

    settings = load_settings()
    wanted = sorted(set(checkpoints))
    began = time.perf_counter()
    events = 0
    found: dict[str, dict[str, float]] = {}
    stream = synth_documents(wanted[-1], settings=settings, seed=seed)
    for pages, result in enumerate(process_documents(stream, settings=settings), start=1):
        events += len(result.events)
        if pages in wanted:
            peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            found[str(pages)] = {"pages": float(pages), "events": float(events),
                                 "seconds": round(time.perf_counter() - began, 1),
                                 "peak_rss_mb": round(peak_kib / 1024, 1)}  # fmt: skip
    return found


def measure_peak_rss(
    checkpoints: Sequence[int], *, timeout_s: float = 14400
) -> dict[str, dict[str, float]]:
    """Run ``stream_pages(checkpoints)`` in a fresh Python process and return what it reports."""
    found: dict[str, dict[str, float]] = in_child(stream_pages, list(checkpoints),
                                                  timeout_s=timeout_s)  # fmt: skip
    return found
