"""The ONNX embedding backend on the real packaged MiniLM (exported once per session).

Argument checks that load no model are in tests/unit_tests/test_embeddings_sentence_transformers.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from langchain_taskgen import TaskPairExampleSelector
from langchain_taskgen.embeddings import SentenceTransformerEmbeddings, packaged_model_path
from langchain_taskgen.selection import SelectorLoadError

pytest.importorskip("onnxruntime")

TEXTS = [
    "How do I stop one particular program from being upgraded?",
    "apt-mark hold keeps a package at its installed version during upgrades.",
    "dpkg-divert",
    " ".join(["Configuration files edited by the administrator are kept on upgrade."] * 40),
]


@pytest.fixture(scope="module")
def torch_embeddings() -> SentenceTransformerEmbeddings:
    return SentenceTransformerEmbeddings(backend="torch")


def test_default_backend_is_onnx_and_matches_torch(
    embeddings: Any, torch_embeddings: SentenceTransformerEmbeddings, tmp_path: Path
) -> None:
    assert embeddings.backend == "onnx"
    assert embeddings.model_name == torch_embeddings.model_name  # same vectors, same name
    onnx_batch, reference = embeddings.encode(TEXTS), torch_embeddings.encode(TEXTS)
    onnx_single = np.stack([embeddings.encode([t])[0] for t in TEXTS])  # the query session
    assert onnx_batch.shape == (4, 384) and onnx_batch.dtype == np.float32
    assert (onnx_batch * reference).sum(axis=1).min() > 0.99999
    assert (onnx_single * reference).sum(axis=1).min() > 0.99999
    np.testing.assert_allclose(np.linalg.norm(onnx_batch, axis=1), 1.0, atol=1e-5)
    assert embeddings.encode([]).shape == (0, 384)
    # An index built on torch loads and queries on ONNX.
    examples = [{"input": t, "output": "-", "task_type": "summarization"} for t in TEXTS]
    TaskPairExampleSelector(examples, embeddings=torch_embeddings, k=1).save(tmp_path / "ix")
    loaded = TaskPairExampleSelector.load(tmp_path / "ix", embeddings=embeddings)
    assert loaded.select_examples({"input": "keep a package from upgrading"})[0]["input"] in (
        TEXTS[0],
        TEXTS[1],
    )


def test_export_is_cached_checked_and_rebuilt_when_broken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from langchain_taskgen.embeddings.onnx import (
        MANIFEST,
        OnnxEncoder,
        cache_problem,
        export_onnx,
    )

    monkeypatch.setenv("LANGCHAIN_TASKGEN_CACHE", str(tmp_path))
    folder = export_onnx(packaged_model_path())
    assert folder.parent == tmp_path / "onnx"
    spec = json.loads((folder / MANIFEST).read_text())
    assert spec["probe_min_cosine"] > 0.999 and spec["dimension"] == 384
    assert set(spec["sha256"]) == set(spec["stat"]) == {"model.onnx", "tokenizer.json"}
    # The trace is fused: one Attention op per layer (the speed-up of the ONNX default).
    assert spec["fused"]["Attention"] == 6
    stamp = (folder / "model.onnx").stat().st_mtime_ns
    assert export_onnx(packaged_model_path()) == folder
    assert (folder / "model.onnx").stat().st_mtime_ns == stamp  # reused, not re-exported
    # Issue 21.10: damage was judged by file sizes. A 2-byte edit of tokenizer.json is
    # named (on the manifest check, and by the encoder, which used to name no file).
    tokenizer = (folder / "tokenizer.json").read_bytes()
    (folder / "tokenizer.json").write_bytes(b"{]" + tokenizer[2:])
    assert cache_problem(folder) == f"{folder / 'tokenizer.json'} does not match its checksum"
    with pytest.raises(RuntimeError, match="cannot read .*tokenizer.json"):
        OnnxEncoder(folder)
    (folder / "tokenizer.json").write_bytes(tokenizer)
    assert cache_problem(folder) is None
    # A same-size edit of model.onnx (silently wrong vectors before) is found on use, named
    # in a warning, and the export is made again.
    graph = bytearray((folder / "model.onnx").read_bytes())
    graph[len(graph) // 2 : len(graph) // 2 + 64] = bytes(64)
    (folder / "model.onnx").write_bytes(bytes(graph))
    with pytest.warns(RuntimeWarning, match=r"damaged: .*model.onnx does not match"):
        assert export_onnx(packaged_model_path()) == folder
    assert cache_problem(folder) is None
    assert (folder / "model.onnx").stat().st_size == spec["files"]["model.onnx"]
    assert not [p for p in (tmp_path / "onnx").iterdir() if p.name.startswith(".export-")]
    # A cached export runs without torch or sentence-transformers.
    code = (
        "import sys\n"
        "from langchain_taskgen.embeddings import SentenceTransformerEmbeddings\n"
        "e = SentenceTransformerEmbeddings(backend='onnx')\n"
        "assert len(e.embed_query('hello')) == 384\n"
        "print(sorted(m for m in ('torch', 'sentence_transformers') if m in sys.modules))\n"
    )
    env = {**os.environ, "LANGCHAIN_TASKGEN_CACHE": str(tmp_path), "HF_HUB_OFFLINE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_onnx_int8_backend(embeddings: Any, tmp_path: Path) -> None:
    int8 = SentenceTransformerEmbeddings(backend="onnx", precision="int8")
    assert int8.model_name.endswith("+onnx-int8")
    full, quantised = embeddings.encode(TEXTS), int8.encode(TEXTS)
    assert 0.8 < (full * quantised).sum(axis=1).min() < 0.99999  # close, not equal
    examples = [{"input": t, "output": "-", "task_type": "summarization"} for t in TEXTS]
    selector = TaskPairExampleSelector(examples, embeddings=int8, k=1)
    assert selector.select_examples({"input": "dpkg-divert"})[0]["input"] == TEXTS[2]
    selector.save(tmp_path / "ix")
    with pytest.raises(SelectorLoadError, match="onnx-int8"):
        TaskPairExampleSelector.load(tmp_path / "ix", embeddings=embeddings)
    # Without embeddings, load picks the variant the index records (the CLI path).
    loaded = TaskPairExampleSelector.load(tmp_path / "ix")
    assert loaded.select_examples({"input": "dpkg-divert"})[0]["input"] == TEXTS[2]


def test_an_automatic_onnx_choice_falls_back_to_torch_when_export_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from langchain_taskgen.embeddings import SentenceTransformerEmbeddings, onnx

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("export disagrees")

    monkeypatch.setattr(onnx, "export_onnx", broken)
    auto = SentenceTransformerEmbeddings()
    assert auto.backend == "onnx"
    with pytest.warns(RuntimeWarning, match="using torch"):
        vector = auto.embed_query("Which branch should a newcomer install?")
    assert auto.backend == "torch" and len(vector) == 384
    with pytest.raises(RuntimeError, match="disagrees"):
        SentenceTransformerEmbeddings(backend="onnx").embed_query("x")


def test_fusion_is_skipped_for_other_models_and_when_the_optimizer_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from types import SimpleNamespace

    from langchain_taskgen.embeddings.onnx import _fuse

    graph = tmp_path / "model.onnx"
    graph.write_bytes(b"not touched")

    def model_of(kind: str) -> list[Any]:
        config = SimpleNamespace(model_type=kind, num_attention_heads=12, hidden_size=384)
        return [SimpleNamespace(auto_model=SimpleNamespace(config=config))]

    assert _fuse(graph, model_of("t5")) == {}  # not a BERT-style encoder: plain trace kept
    import onnxruntime.transformers.optimizer as optimizer

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("unsupported graph")

    monkeypatch.setattr(optimizer, "optimize_model", broken)
    assert _fuse(graph, model_of("bert")) == {}
    assert graph.read_bytes() == b"not touched"
