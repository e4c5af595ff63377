"""SentenceTransformerEmbeddings on the real packaged MiniLM: LangChain's standard
integration suite, and the torch int8 variant. The ONNX backend has its own file
(test_embeddings_onnx.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from langchain_tests.integration_tests import EmbeddingsIntegrationTests

from langchain_taskgen import TaskPairExampleSelector
from langchain_taskgen.embeddings import SentenceTransformerEmbeddings
from langchain_taskgen.selection import SelectorLoadError

TEXTS = [
    "Run tasksel after installation to add a desktop environment or a web server.",
    "The conffile prompt appears when an upgrade ships a configuration file you edited.",
    "Packages are fetched from the mirrors listed in the sources file of the system.",
    "A kernel that is no longer booted can be removed to free space in the boot partition.",
]


class TestSentenceTransformerEmbeddingsStandard(EmbeddingsIntegrationTests):
    """LangChain's standard checks on the default configuration (ONNX when installed)."""

    @property
    def embeddings_class(self) -> type[SentenceTransformerEmbeddings]:
        return SentenceTransformerEmbeddings

    @property
    def embedding_model_params(self) -> dict[str, Any]:
        return {}


def test_int8_embeddings_backend(embeddings: Any, tmp_path: Path) -> None:
    int8 = SentenceTransformerEmbeddings(precision="int8")
    assert int8.model_name.endswith("+int8")
    assert any("quantized" in type(m).__module__ for m in int8.model.modules())
    full, quantised = embeddings.encode(TEXTS), int8.encode(TEXTS)
    assert (full * quantised).sum(axis=1).min() > 0.8  # close to, not equal to, float32
    assert (full * quantised).sum(axis=1).max() < 0.99999
    selector = TaskPairExampleSelector.from_examples(
        [{"input": t, "output": "-", "task_type": "summarization"} for t in TEXTS],
        embeddings=int8,
        k=1,
    )
    picked = selector.select_examples({"input": "What prompt shows up for edited config files?"})
    assert picked[0]["input"] == TEXTS[1]
    selector.save(tmp_path / "index")
    with pytest.raises(SelectorLoadError, match="int8"):
        TaskPairExampleSelector.load(tmp_path / "index", embeddings=embeddings)
