"""Mark articles that repeat an earlier one of the same run (exact or near-duplicate).

Wire copy is reprinted by many outlets with small edits, so exact hashing
alone misses most repeats. Bodies are normalised (case, punctuation,
whitespace); an equal hash is an exact duplicate, and a MinHash estimate of the
Jaccard similarity of word shingles at or above the threshold is a near one.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from functools import lru_cache

from datasketch import MinHash, MinHashLSH

from polevents.types import Article

__all__ = ["Deduplicator", "normalise_body"]

_NUM_PERM = 128
_SHINGLE_WORDS = 3
_TOKEN = re.compile(r"\w+")


class Deduplicator:
    """Remember the articles kept so far and mark the ones that repeat them.

    Args:
        threshold: MinHash Jaccard similarity, in (0, 1], from which two
            bodies count as the same story.
    """

    def __init__(self, threshold: float) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self._exact: dict[str, str] = {}
        self._lsh = MinHashLSH(num_perm=_NUM_PERM, params=_lsh_params(min(threshold, 0.99)))
        self._hashes: dict[str, MinHash] = {}

    def mark(self, article: Article) -> Article:
        """Return ``article``, with ``duplicate_of`` set when an earlier kept article matches."""
        words = normalise_body(article.body).split()
        key = hashlib.sha1(" ".join(words).encode(), usedforsecurity=False).hexdigest()
        if key in self._exact:
            return replace(article, duplicate_of=self._exact[key])
        signature = _minhash(words)
        for candidate in sorted(self._lsh.query(signature)):
            if self._hashes[candidate].jaccard(signature) >= self.threshold:
                return replace(article, duplicate_of=candidate)
        self._exact[key] = article.article_id
        if article.article_id not in self._hashes:
            self._lsh.insert(article.article_id, signature)
            self._hashes[article.article_id] = signature
        return article


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
