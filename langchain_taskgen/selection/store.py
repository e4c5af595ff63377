"""The selector over any LangChain ``VectorStore`` (dense search only)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.vectorstores import VectorStore

from langchain_taskgen.embeddings import embed_texts
from langchain_taskgen.selection.options import SelectorSettings
from langchain_taskgen.selection.ranking import mmr_order


def add_to_store(
    store: VectorStore,
    records: Sequence[tuple[str, Mapping[str, Any], Mapping[str, Any], str]],
) -> None:
    """Add ``(id, example, metadata, text)`` records; the id links a hit back to its example."""
    store.add_texts(
        [r[3] for r in records],
        metadatas=[
            {
                "taskgen_id": r[0],
                "taskgen_example": json.dumps(dict(r[1]), ensure_ascii=False, default=str),
                "taskgen_metadata": json.dumps(dict(r[2]), ensure_ascii=False, default=str),
            }
            for r in records
        ],
        ids=[r[0] for r in records],
    )


def search_store(
    store: VectorStore,
    embeddings: Embeddings,
    qvec: np.ndarray,
    settings: SelectorSettings,
    *,
    k: int,
    total: int,
    position_of: Callable[[str], int | None],
    allowed: Callable[[int], bool] | None,
) -> list[tuple[int, float]]:
    """Store positions and cosine scores, best first, with filters, threshold and MMR.

    The store is asked for more hits until enough pass the filter (``k``, or
    ``fetch_k`` with MMR; stores differ in filter syntax, so filtering happens here);
    duplicates the store returns are dropped.
    """
    want = settings.fetch_k if settings.mmr else k
    fetch = max(want, k) * 2
    chosen: list[tuple[int, Document]] = []
    while True:
        docs = store.similarity_search_by_vector(qvec.tolist(), k=fetch)
        seen: set[str] = set()
        chosen = []
        for doc in docs:
            eid = str(doc.metadata.get("taskgen_id") or "")
            position = position_of(eid) if eid else None
            if position is None or eid in seen:
                continue
            seen.add(eid)
            if allowed is None or allowed(position):
                chosen.append((position, doc))
        if len(chosen) >= want or len(docs) < fetch or fetch >= total:
            break
        fetch *= 4
    if not chosen:
        return []
    # Stores report scores on different scales; re-embed the few hits for true cosine.
    vectors = embed_texts(embeddings, [doc.page_content for _, doc in chosen])
    cosine = vectors @ qvec
    order = [int(i) for i in np.argsort(-cosine, kind="stable")]
    if settings.min_similarity is not None:
        order = [i for i in order if cosine[i] >= settings.min_similarity]
    if settings.mmr and order:
        sub = mmr_order(vectors[order], cosine[order], k, settings.lambda_mult)
        order = [order[i] for i in sub]
    return [(chosen[i][0], float(cosine[i])) for i in order[:k]]
