"""Ranking: confidence-weighted fusion of dense and BM25 scores, and MMR."""

from __future__ import annotations

import numpy as np


def fuse(cosine: np.ndarray, lexical: np.ndarray, confidence: float, weight: float) -> np.ndarray:
    """Hybrid score of candidates: cosine plus BM25 scaled by how sure BM25 is.

    ``score = cosine + weight * confidence * bm25 / max(bm25)``. ``confidence`` is the
    share of the query's idf weight that the best BM25 match contains
    (:meth:`BM25Index.coverage`). A reworded question shares few words with the text,
    BM25's best match covers little of it, and the ranking stays the dense one; a
    keyword question matched term for term lets exact terms lift the right candidate.
    Equal-weight rank fusion (RRF) instead pushed correct dense hits down whenever BM25
    ranked noise, which lost to plain dense search on reworded questions.

    Example:
        >>> cos, bm25 = np.array([0.5, 0.48]), np.array([0.0, 6.0])
        >>> [round(float(s), 2) for s in fuse(cos, bm25, 1.0, 0.3)]
        [0.5, 0.78]
        >>> [round(float(s), 2) for s in fuse(cos, bm25, 0.0, 0.3)]
        [0.5, 0.48]
    """
    top = float(lexical.max()) if len(lexical) else 0.0
    if top <= 0.0 or confidence <= 0.0 or weight <= 0.0:
        return cosine.astype(np.float32)
    return (cosine + (weight * confidence / top) * lexical).astype(np.float32)


def mmr_order(vectors: np.ndarray, relevance: np.ndarray, k: int, lambda_mult: float) -> list[int]:
    """Greedy maximal marginal relevance over candidate vectors (indices, best first).

    Example:
        >>> v = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
        >>> mmr_order(v, np.array([0.9, 0.9, 0.5]), 2, 0.3)
        [0, 2]
    """
    chosen: list[int] = []
    remaining = list(range(len(relevance)))
    while remaining and len(chosen) < k:
        if chosen:
            redundancy = (vectors[remaining] @ vectors[chosen].T).max(axis=1)
        else:
            redundancy = np.zeros(len(remaining))
        scores = lambda_mult * relevance[remaining] - (1 - lambda_mult) * redundancy
        best = remaining[int(np.argmax(scores))]
        chosen.append(best)
        remaining.remove(best)
    return chosen


def top_positions(scores: np.ndarray, want: int) -> np.ndarray:
    """Indices of the ``want`` highest positive scores, best first (stable on ties).

    Example:
        >>> top_positions(np.array([0.0, 2.0, 1.0, 3.0]), 2).tolist()
        [3, 1]
    """
    hits = np.flatnonzero(scores > 0)
    if len(hits) > want:
        hits = hits[np.argpartition(-scores[hits], want - 1)[:want]]
    return hits[np.argsort(-scores[hits], kind="stable")]
