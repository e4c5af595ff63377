"""TaskPairTransformer: documents in, one Document per task pair out (generation.transformer)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from langchain_core.documents import Document

from langchain_taskgen.generation.transformer import TaskPairTransformer
from langchain_taskgen.pairs import TaskPair

from .conftest import PASSAGES
from .test_generator import good


def test_transformer_sync_and_async(scripted: Any) -> None:
    transformer = TaskPairTransformer(llm=scripted(good), task_type="ynqa")
    docs = [Document(p, metadata={"source": f"d{i}"}) for i, p in enumerate(PASSAGES)]
    out = transformer.transform_documents(docs)
    assert [d.metadata["source"] for d in out] == ["d0", "d1", "d2"]
    assert all(d.metadata["output"] == "Yes" and d.metadata["task_type"] == "ynqa" for d in out)
    assert out[0].page_content.startswith(PASSAGES[0])
    assert TaskPair.from_document(out[0]).output == "Yes"
    assert len(asyncio.run(transformer.atransform_documents(docs))) == 3
    assert transformer.last_report is not None
    with pytest.raises(ValueError):
        TaskPairTransformer(transformer.generator, task_type="qa")
