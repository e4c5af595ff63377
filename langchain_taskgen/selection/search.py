"""Searching the selector's own index: candidates per signal, fusion, threshold, MMR.

Dense search asks faiss (restricted to the positions a filter allows), lexical search
scores BM25 postings, hybrid search takes the union of both candidate lists and ranks it
with :func:`~langchain_taskgen.selection.ranking.fuse`. Callers hold the index's lock.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from langchain_taskgen.selection.index import PairIndex, import_faiss
from langchain_taskgen.selection.options import SelectorSettings
from langchain_taskgen.selection.ranking import fuse, lexical_trust, mmr_order, top_positions
from langchain_taskgen.selection.threads import search_threads

Allowed = Callable[[int], bool] | None
Hits = list[tuple[int, float]]


def dense_search(
    index: PairIndex, settings: SelectorSettings, qvec: np.ndarray, want: int, allowed: Allowed
) -> Hits:
    """Up to ``want`` ``(position, cosine)`` hits from faiss, best first, among ``allowed``."""
    faiss = import_faiss()
    total = index.faiss.ntotal
    params = None
    if allowed is not None:
        ids = np.fromiter((i for i in range(total) if allowed(i)), dtype=np.int64)
        if not len(ids):
            return []
        selector = faiss.IDSelectorBatch(ids)
        if settings.index == "hnsw":
            params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(64, 2 * want))
        else:
            params = faiss.SearchParameters(sel=selector)
        want = min(want, len(ids))
    with search_threads(faiss, total):
        scores, positions = index.faiss.search(qvec[None, :], min(want, total), params=params)
    return [(int(p), float(s)) for p, s in zip(positions[0], scores[0], strict=True) if p >= 0]


def lexical_scores(index: PairIndex, query: str, allowed: Allowed) -> np.ndarray:
    """BM25 score of every stored example for ``query`` (0 where ``allowed`` says no)."""
    scores = index.bm25.scores(query)
    if allowed is not None:
        for i in np.flatnonzero(scores):
            if not allowed(int(i)):
                scores[i] = 0.0
    return scores


def _hybrid(
    index: PairIndex,
    settings: SelectorSettings,
    query: str,
    qvec: np.ndarray,
    want: int,
    allowed: Allowed,
) -> tuple[list[int], np.ndarray, np.ndarray]:
    """Candidates of both signals, ranked by fused score: (positions, fused, cosine)."""
    lexical = lexical_scores(index, query, allowed)
    lexical_top = top_positions(lexical, want)
    dense = dense_search(index, settings, qvec, want, allowed)
    positions = [p for p, _ in dense]
    known = set(positions)
    extra = [int(p) for p in lexical_top if int(p) not in known]
    cosine = np.array([s for _, s in dense], dtype=np.float32)
    if extra:
        cosine = np.concatenate([cosine, index.vectors(extra) @ qvec])
        positions += extra
    confidence = index.bm25.coverage(query, int(lexical_top[0])) if len(lexical_top) else 0.0
    trust = lexical_trust(
        lexical[lexical_top],
        confidence,
        min_confidence=settings.lexical_min_confidence,
        margin=settings.lexical_margin,
    )
    values = fuse(cosine, lexical[positions], trust, settings.lexical_weight)
    order = np.argsort(-values, kind="stable")
    return [positions[i] for i in order], values[order], cosine[order]


def search_index(
    index: PairIndex,
    settings: SelectorSettings,
    query: str,
    qvec: np.ndarray | None,
    k: int,
    allowed: Allowed,
) -> Hits:
    """The ``k`` best ``(position, score)`` pairs for a query under ``settings``.

    The score is cosine similarity in dense and MMR modes, the fused score in hybrid
    mode and BM25 in lexical mode. ``min_similarity`` and MMR apply to every mode that
    has a query vector.

    Args:
        index: The store to search (its lock held by the caller).
        settings: Search mode, fusion, threshold and MMR settings.
        query: The query text (for BM25).
        qvec: The query's unit vector (``None`` only in lexical mode).
        k: How many hits to return at most.
        allowed: Positions a query may return (``None``: all).
    """
    want = settings.fetch_k if (settings.mmr or settings.search == "hybrid") else k
    cosine: np.ndarray | None = None
    if settings.search == "lexical":
        scores = lexical_scores(index, query, allowed)
        top = top_positions(scores, want)
        positions, values = top.tolist(), scores[top]
    elif settings.search == "dense":
        assert qvec is not None
        dense = dense_search(index, settings, qvec, want, allowed)
        positions = [p for p, _ in dense]
        values = cosine = np.array([s for _, s in dense], dtype=np.float32)
    else:
        assert qvec is not None
        positions, values, cosine = _hybrid(index, settings, query, qvec, want, allowed)
    if not positions:
        return []
    if qvec is not None and (settings.min_similarity is not None or settings.mmr):
        if cosine is None:
            cosine = index.vectors(positions) @ qvec
        if settings.min_similarity is not None:
            keep = [i for i, c in enumerate(cosine) if c >= settings.min_similarity]
            positions = [positions[i] for i in keep]
            values, cosine = values[keep], cosine[keep]
        if settings.mmr and positions:
            picked = mmr_order(index.vectors(positions), cosine, k, settings.lambda_mult)
            return [(positions[i], float(cosine[i])) for i in picked]
    return [(p, float(v)) for p, v in zip(positions[:k], values[:k], strict=True)]
