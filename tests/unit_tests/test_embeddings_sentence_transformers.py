"""SentenceTransformerEmbeddings without loading a model: LangChain's standard unit
suite, argument checks, names recorded in saved indexes, and the vector helpers."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding
from langchain_tests.unit_tests import EmbeddingsUnitTests

from langchain_taskgen.embeddings import (
    DEFAULT_EMBEDDING_MODEL,
    SentenceTransformerEmbeddings,
    embed_query,
    embed_texts,
    embedding_model_id,
    normalize_rows,
)
from langchain_taskgen.embeddings import sentence_transformers as st
from tests.unit_tests.fake_embeddings import HashingEmbeddings


class TestSentenceTransformerEmbeddingsStandard(EmbeddingsUnitTests):
    @property
    def embeddings_class(self) -> type[SentenceTransformerEmbeddings]:
        return SentenceTransformerEmbeddings

    @property
    def embedding_model_params(self) -> dict[str, Any]:
        return {"batch_size": 4}


def test_construction_loads_nothing() -> None:
    emb = SentenceTransformerEmbeddings()
    assert emb._model is None and emb._onnx is None  # the model loads on first use


@pytest.mark.parametrize(
    ("kwargs", "backend", "name"),
    [
        ({"backend": "torch"}, "torch", DEFAULT_EMBEDDING_MODEL),
        ({"backend": "onnx"}, "onnx", DEFAULT_EMBEDDING_MODEL),  # same vectors, same name
        ({"backend": "torch", "precision": "int8"}, "torch", DEFAULT_EMBEDDING_MODEL + "+int8"),
        ({"backend": "onnx", "precision": "int8"}, "onnx", DEFAULT_EMBEDDING_MODEL + "+onnx-int8"),
        ({"precision": "int8"}, "torch", DEFAULT_EMBEDDING_MODEL + "+int8"),
        ({"device": "cuda"}, "torch", DEFAULT_EMBEDDING_MODEL),
        ({"model_path": "/models/x", "backend": "torch"}, "torch", "/models/x"),
        ({"model_name": "mine", "precision": "int8"}, "torch", "mine"),
    ],
)
def test_backend_choice_and_recorded_name(kwargs: dict[str, Any], backend: str, name: str) -> None:
    emb = SentenceTransformerEmbeddings(**kwargs)
    assert (emb.backend, emb.model_name) == (backend, name)
    assert embedding_model_id(emb) == name


def test_default_backend_follows_onnxruntime(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(st, "_has_onnxruntime", lambda: True)
    assert SentenceTransformerEmbeddings().backend == "onnx"
    monkeypatch.setattr(st, "_has_onnxruntime", lambda: False)
    assert SentenceTransformerEmbeddings().backend == "torch"
    assert SentenceTransformerEmbeddings().batch_size == 8
    assert SentenceTransformerEmbeddings(device="cuda").batch_size == 64


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="precision"):
        SentenceTransformerEmbeddings(precision="int4")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="backend"):
        SentenceTransformerEmbeddings(backend="tensorrt")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="CPU only"):
        SentenceTransformerEmbeddings(backend="onnx", device="cuda")
    with pytest.raises(ValueError, match="CPU only"):
        SentenceTransformerEmbeddings(precision="int8", device="cuda")


def test_vector_helpers_on_any_embeddings() -> None:
    emb = HashingEmbeddings(size=16)
    vectors = embed_texts(emb, ["a b", "b c", ""])
    assert vectors.shape == (3, 16) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors[:2], axis=1), 1.0, rtol=1e-6)
    assert not vectors[2].any()  # a zero vector stays zero
    np.testing.assert_allclose(embed_query(emb, "a b"), vectors[0], rtol=1e-6)
    assert embed_texts(emb, []).shape == (0, 0)
    assert embedding_model_id(emb) == "hashing-16"
    assert embedding_model_id(DeterministicFakeEmbedding(size=4)) == "DeterministicFakeEmbedding"
    rows = normalize_rows(np.array([[3.0, 4.0], [0.0, 0.0]]))
    np.testing.assert_allclose(rows, [[0.6, 0.8], [0.0, 0.0]])
