"""Ranking: gated, confidence-weighted fusion of dense and BM25 scores, and MMR."""

from __future__ import annotations

import numpy as np


def lexical_trust(
    lexical: np.ndarray, confidence: float, *, min_confidence: float, margin: float
) -> float:
    """How far hybrid search trusts BM25 for one query: ``confidence`` or 0.

    BM25 gets a say only when it is sure of one document: its best match covers at
    least ``min_confidence`` of the query's idf weight (:meth:`BM25Index.coverage`)
    AND beats the runner-up by ``margin`` (relative: ``second <= (1 - margin) * best``).
    Otherwise the ranking is the dense one, unchanged. Measured on the Debian FAQ proxy
    (``benchmarks/selector_quality.py``): without the gate, a tie between BM25's top
    documents let a wrong exact-term match jump over a correct dense hit, and hybrid
    lost to plain dense search on hand-written keyword queries (0.640 vs 0.720 hit@1).

    Example:
        >>> lexical_trust(np.array([6.0, 1.0]), 0.9, min_confidence=0.5, margin=0.05)
        0.9
        >>> lexical_trust(np.array([6.0, 5.9]), 0.9, min_confidence=0.5, margin=0.05)
        0.0
        >>> lexical_trust(np.array([6.0, 1.0]), 0.3, min_confidence=0.5, margin=0.05)
        0.0
    """
    if confidence < min_confidence or not len(lexical):
        return 0.0
    if len(lexical) == 1:
        best, second = float(lexical[0]), 0.0
    else:
        top_two = np.partition(lexical, len(lexical) - 2)[-2:]
        second, best = float(top_two[0]), float(top_two[1])
    if best <= 0.0 or second > (1.0 - margin) * best:
        return 0.0
    return confidence


def fuse(cosine: np.ndarray, lexical: np.ndarray, trust: float, weight: float) -> np.ndarray:
    """Hybrid score of candidates: cosine plus BM25 scaled by how far BM25 is trusted.

    ``score = cosine + weight * trust * bm25 / max(bm25)``, with ``trust`` from
    :func:`lexical_trust` (0 keeps the dense ranking). A reworded question shares few
    words with the text, BM25's best match covers little of it and the ranking stays
    the dense one; a keyword question matched term for term by one clear winner lets
    exact terms lift the right candidate. Equal-weight rank fusion (RRF) instead pushed
    correct dense hits down whenever BM25 ranked noise.

    Example:
        >>> cos, bm25 = np.array([0.5, 0.48]), np.array([0.0, 6.0])
        >>> [round(float(s), 2) for s in fuse(cos, bm25, 1.0, 0.3)]
        [0.5, 0.78]
        >>> [round(float(s), 2) for s in fuse(cos, bm25, 0.0, 0.3)]
        [0.5, 0.48]
    """
    top = float(lexical.max()) if len(lexical) else 0.0
    if top <= 0.0 or trust <= 0.0 or weight <= 0.0:
        return cosine.astype(np.float32)
    return (cosine + (weight * trust / top) * lexical).astype(np.float32)


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
