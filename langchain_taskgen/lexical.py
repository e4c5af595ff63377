"""A small incremental BM25 index for hybrid (lexical + embedding) example selection."""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

_TOKEN = re.compile(r"\w+", re.UNICODE)
_STOPWORDS = frozenset(
    "a an and are as at be by can do does for from has have how i if in is it its may "
    "must of on or should that the their there these this to was what when where which "
    "who why will with would you your".split()
)


def tokenize(text: str) -> list[str]:
    """Lowercased word tokens without stopwords; a plural ``s`` is dropped.

    Example:
        >>> tokenize("What must the NOTICE files contain?")
        ['notice', 'file', 'contain']
    """
    out = []
    for token in _TOKEN.findall(text.casefold()):
        if token in _STOPWORDS:
            continue
        if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
            token = token[:-1]
        out.append(token)
    return out


class BM25Index:
    """Okapi BM25 over documents added one by one (no rebuild on add).

    Args:
        k1: Term frequency saturation.
        b: Length normalisation.

    Example:
        >>> index = BM25Index()
        >>> index.add(["the steward keeps the keys", "a NOTICE file is required"])
        >>> int(index.scores("notice file").argmax())
        1
    """

    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self._postings: dict[str, list[tuple[int, int]]] = {}
        self._lengths: list[int] = []

    def __len__(self) -> int:
        return len(self._lengths)

    def add(self, texts: list[str]) -> None:
        """Index more documents; their ids continue from the current size."""
        for text in texts:
            doc_id = len(self._lengths)
            counts = Counter(tokenize(text))
            self._lengths.append(sum(counts.values()))
            for term, tf in counts.items():
                self._postings.setdefault(term, []).append((doc_id, tf))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every document for ``query`` (zeros where no term matches)."""
        n = len(self._lengths)
        scores = np.zeros(n, dtype=np.float32)
        if not n:
            return scores
        lengths = np.asarray(self._lengths, dtype=np.float32)
        avg = float(lengths.mean()) or 1.0
        for term in set(tokenize(query)):
            postings = self._postings.get(term)
            if not postings:
                continue
            ids = np.fromiter((p[0] for p in postings), dtype=np.int64, count=len(postings))
            tf = np.fromiter((p[1] for p in postings), dtype=np.float32, count=len(postings))
            idf = math.log(1.0 + (n - len(postings) + 0.5) / (len(postings) + 0.5))
            norm = tf + self.k1 * (1.0 - self.b + self.b * lengths[ids] / avg)
            scores[ids] += idf * tf * (self.k1 + 1.0) / norm
        return scores
