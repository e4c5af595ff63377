"""Where ONNX exports are cached, without exporting anything (the export itself runs in
tests/integration_tests/test_embeddings_onnx.py)."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import pytest

from langchain_taskgen.embeddings.onnx import onnx_cache_dir


def test_cache_dir_is_per_model_precision_and_file_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGCHAIN_TASKGEN_CACHE", str(tmp_path / "cache"))
    model = tmp_path / "minilm"
    model.mkdir()
    (model / "config.json").write_text("{}")
    first = onnx_cache_dir(model, "float32")
    assert first.parent == tmp_path / "cache" / "onnx"
    assert first.name.startswith("minilm-float32-")
    assert onnx_cache_dir(model, "float32") == first  # stable
    assert onnx_cache_dir(model, "int8") != first
    (model / "config.json").write_text('{"changed": true}')  # another size
    assert onnx_cache_dir(model, "float32") != first
    second = onnx_cache_dir(model, "float32")
    os.utime(model / "config.json", ns=(1, 1))  # same size, another mtime
    assert onnx_cache_dir(model, "float32") != second


def test_the_old_module_path_warns_and_still_works() -> None:
    sys.modules.pop("langchain_taskgen.onnx_encoder", None)
    with pytest.warns(DeprecationWarning, match="langchain_taskgen.embeddings.onnx"):
        old = importlib.import_module("langchain_taskgen.onnx_encoder")
    from langchain_taskgen.embeddings import onnx

    assert old.export_onnx is onnx.export_onnx and old.OnnxEncoder is onnx.OnnxEncoder
    assert old.MANIFEST == onnx.MANIFEST and old.onnx_cache_dir is onnx.onnx_cache_dir
