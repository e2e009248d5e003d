"""Mark articles that repeat an earlier one (exact or near-duplicate), in this run or a past one.

Wire copy is reprinted by many outlets with small edits, so exact hashing
alone misses most repeats. Bodies are normalised (case, punctuation,
whitespace); an equal hash is an exact duplicate, and a MinHash estimate of the
Jaccard similarity of word shingles at or above the threshold is a near one.
A kept article carries its ``Fingerprint``; the store keeps it, and the next
ingest ``remember``s the latest ones, so a copy of a page stored by an earlier
(or interrupted) run is still recognised.
"""

from __future__ import annotations

import hashlib
import re
from collections import deque
from dataclasses import replace
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from polevents.types import Article, Fingerprint

__all__ = ["Deduplicator", "fingerprint_of", "normalise_body"]

_NUM_PERM = 128
_SHINGLE_WORDS = 3
_TOKEN = re.compile(r"\w+")


class Deduplicator:
    """Remember the articles kept last and mark the ones that repeat them.

    Args:
        threshold: MinHash Jaccard similarity, in (0, 1], from which two
            bodies count as the same story.
        memory: how many kept articles to remember (the latest ones; None: all).
            Each costs about 6 KB, so a stream of millions of pages needs a
            bound to run in flat memory; copies of a wire story come within
            days, not months, of it.
    """

    def __init__(self, threshold: float, *, memory: int | None = None) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        if memory is not None and memory < 1:
            raise ValueError(f"memory must be >= 1 or None, got {memory}")
        self.threshold = threshold
        self.memory = memory
        self._exact: dict[str, str] = {}
        self._lsh = MinHashLSH(num_perm=_NUM_PERM, params=_lsh_params(min(threshold, 0.99)))
        self._hashes: dict[str, MinHash] = {}
        self._kept: deque[tuple[str, str]] = deque()  # (article id, exact key), oldest first

    def __len__(self) -> int:
        """Number of kept articles remembered."""
        return len(self._hashes)

    def mark(self, article: Article) -> Article:
        """Return ``article``, with ``duplicate_of`` set when an earlier kept article matches.

        A fingerprint the article already carries (computed by a Dask worker) is used
        as it is; otherwise it is computed here.
        """
        fingerprint = article.fingerprint or fingerprint_of(article.body)
        if fingerprint.exact_key in self._exact:
            return replace(article, duplicate_of=self._exact[fingerprint.exact_key],
                           fingerprint=None)  # fmt: skip
        signature = _signature(article.article_id, fingerprint)
        for candidate in sorted(self._lsh.query(signature)):
            if self._hashes[candidate].jaccard(signature) >= self.threshold:
                return replace(article, duplicate_of=candidate, fingerprint=None)
        self._keep(article.article_id, fingerprint.exact_key, signature)
        return replace(article, fingerprint=fingerprint)

    def remember(self, article_id: str, fingerprint: Fingerprint) -> None:
        """Count an article kept earlier (by a past run) as seen."""
        self._keep(article_id, fingerprint.exact_key, _signature(article_id, fingerprint))

    def _keep(self, article_id: str, key: str, signature: MinHash) -> None:
        if article_id in self._hashes:
            return
        self._exact.setdefault(key, article_id)
        self._lsh.insert(article_id, signature)
        self._hashes[article_id] = signature
        self._kept.append((article_id, key))
        if self.memory is not None and len(self._kept) > self.memory:
            self._forget_oldest()

    def _forget_oldest(self) -> None:
        article_id, key = self._kept.popleft()
        self._lsh.remove(article_id)
        del self._hashes[article_id]
        if self._exact.get(key) == article_id:
            del self._exact[key]


def fingerprint_of(body: str) -> Fingerprint:
    """Return the SHA-1 of the normalised body and the MinHash of its word shingles."""
    words = normalise_body(body).split()
    key = hashlib.sha1(" ".join(words).encode(), usedforsecurity=False).hexdigest()
    return Fingerprint(key, _minhash(words).hashvalues.astype(np.uint32).tobytes())


def _signature(article_id: str, fingerprint: Fingerprint) -> MinHash:
    values = np.frombuffer(fingerprint.minhash, dtype=np.uint32).copy()
    if len(values) != _NUM_PERM:
        raise ValueError(f"{article_id}: fingerprint has {len(values)} values, not {_NUM_PERM}")
    ref = _reference()
    return MinHash(num_perm=_NUM_PERM, hashvalues=values, permutations=ref.permutations,
                   scheme=ref.scheme)  # fmt: skip


def normalise_body(body: str) -> str:
    """Lower-case words only, single-spaced: what two copies of one text share.

    >>> normalise_body("Russia, China  SIGN a deal!")
    'russia china sign a deal'
    """
    return " ".join(_TOKEN.findall(body.lower()))


@lru_cache(maxsize=8)
def _lsh_params(threshold: float) -> tuple[int, int]:
    """The LSH bands and rows for ``threshold``, worked out once per process: datasketch
    integrates the error curves for every pair of them (30 ms, a run of every chunk)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=_NUM_PERM)
    return lsh.b, lsh.r


@lru_cache(maxsize=1)
def _reference() -> MinHash:
    """A signature whose hash permutations every article reuses (computed once, not per
    article: building them was a tenth of cleaning time)."""
    return MinHash(num_perm=_NUM_PERM)


def _minhash(words: list[str]) -> MinHash:
    ref = _reference()
    signature = MinHash(num_perm=_NUM_PERM, permutations=ref.permutations, scheme=ref.scheme)
    size = min(_SHINGLE_WORDS, max(len(words), 1))
    shingles = {" ".join(words[i : i + size]) for i in range(max(len(words) - size + 1, 1))}
    signature.update_batch([shingle.encode("utf-8") for shingle in shingles])  # vectorised
    return signature
