from __future__ import annotations

from pathlib import Path

import pytest

from langchain_taskgen import _paths
from langchain_taskgen.engines import default


def test_cache_root_follows_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGCHAIN_TASKGEN_CACHE", "~/tg-cache")
    assert _paths.cache_root() == Path.home() / "tg-cache"
    monkeypatch.delenv("LANGCHAIN_TASKGEN_CACHE")
    assert _paths.cache_root().name == "langchain-taskgen"  # the user cache dir


def test_the_default_model_and_the_embeddings_share_one_root() -> None:
    from langchain_taskgen.embeddings import onnx

    assert default.cache_root is _paths.cache_root
    assert onnx.cache_root is _paths.cache_root
