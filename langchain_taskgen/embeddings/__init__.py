"""Embeddings for the selector and the verify stage (any LangChain ``Embeddings`` works).

One job per module: ``sentence_transformers`` (:class:`SentenceTransformerEmbeddings`,
the packaged all-MiniLM-L6-v2 on torch or ONNX), ``onnx`` (export once to the user
cache, check, run on onnxruntime), ``quantization`` (the int8 variants), ``vectors``
(unit vectors and a model id from any ``Embeddings``).

Example:
    >>> from langchain_taskgen.embeddings import SentenceTransformerEmbeddings
    >>> SentenceTransformerEmbeddings(backend="torch").model_name
    'sentence-transformers/all-MiniLM-L6-v2'
"""

from langchain_taskgen.embeddings.quantization import quantize_int8
from langchain_taskgen.embeddings.sentence_transformers import (
    DEFAULT_EMBEDDING_MODEL,
    Backend,
    Precision,
    SentenceTransformerEmbeddings,
    packaged_model_path,
)
from langchain_taskgen.embeddings.vectors import (
    embed_query,
    embed_texts,
    embedding_model_id,
    normalize_rows,
)

__all__ = [
    "DEFAULT_EMBEDDING_MODEL",
    "Backend",
    "Precision",
    "SentenceTransformerEmbeddings",
    "embed_query",
    "embed_texts",
    "embedding_model_id",
    "normalize_rows",
    "packaged_model_path",
    "quantize_int8",
]
