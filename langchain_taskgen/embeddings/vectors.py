"""Unit vectors from any LangChain ``Embeddings``, and the name that identifies its model.

The selector and the verify stage take any ``Embeddings``; these helpers give them one
batched call, float32 rows of length one (so inner product is cosine similarity), and a
fast path for :class:`SentenceTransformerEmbeddings`, which encodes to arrays directly.
"""

from __future__ import annotations

import numpy as np
from langchain_core.embeddings import Embeddings

from langchain_taskgen.embeddings.sentence_transformers import SentenceTransformerEmbeddings

__all__ = ["embed_query", "embed_texts", "embedding_model_id", "normalize_rows"]


def embedding_model_id(embeddings: Embeddings) -> str:
    """A name that identifies an embeddings model (used to detect mismatched indexes).

    Example:
        >>> from langchain_core.embeddings import DeterministicFakeEmbedding
        >>> embedding_model_id(DeterministicFakeEmbedding(size=4))
        'DeterministicFakeEmbedding'
    """
    for attr in ("model_name", "model", "model_id", "deployment"):
        value = getattr(embeddings, attr, None)
        if isinstance(value, str) and value:
            return value
    return type(embeddings).__name__


def embed_texts(
    embeddings: Embeddings, texts: list[str], *, show_progress: bool = False
) -> np.ndarray:
    """Embed texts in one batched call into a float32 array of unit vectors.

    Example:
        >>> from langchain_core.embeddings import DeterministicFakeEmbedding
        >>> vectors = embed_texts(DeterministicFakeEmbedding(size=4), ["a", "b"])
        >>> vectors.shape, bool(np.allclose(np.linalg.norm(vectors, axis=1), 1.0))
        ((2, 4), True)
    """
    if isinstance(embeddings, SentenceTransformerEmbeddings):
        return embeddings.encode(texts, show_progress=show_progress)
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    vectors = np.asarray(embeddings.embed_documents(texts), dtype=np.float32)
    return normalize_rows(vectors)


def embed_query(embeddings: Embeddings, text: str) -> np.ndarray:
    """Embed one query into a float32 unit vector.

    Example:
        >>> from langchain_core.embeddings import DeterministicFakeEmbedding
        >>> embed_query(DeterministicFakeEmbedding(size=4), "a").shape
        (4,)
    """
    if isinstance(embeddings, SentenceTransformerEmbeddings):
        return embeddings.encode([text])[0]
    return normalize_rows(np.asarray([embeddings.embed_query(text)], dtype=np.float32))[0]


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    """L2-normalise each row (zero rows stay zero).

    Example:
        >>> normalize_rows(np.array([[3.0, 4.0], [0.0, 0.0]])).tolist()
        [[0.6000000238418579, 0.800000011920929], [0.0, 0.0]]
    """
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms
