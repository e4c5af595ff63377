"""The Bonito-compatible entry point generate_tasks (generation.compat)."""

from __future__ import annotations

from typing import Any

import pytest
from datasets import Dataset

from langchain_taskgen.generation.compat import generate_tasks

from .conftest import PASSAGES
from .test_generator import good


def test_generate_tasks_is_bonito_compatible(scripted: Any) -> None:
    class SamplingParams:  # the attributes of vllm.SamplingParams that Bonito users set
        max_tokens, top_p, temperature, n, stop, seed = 256, 0.95, 0.5, 1, [], None

    data = Dataset.from_dict({"input": PASSAGES, "other": [1, 2, 3]})
    out = generate_tasks(data, "input", "ynqa", SamplingParams(), llm=scripted(good))
    assert {"input", "output", "task_type", "source_row"} <= set(out.column_names)
    assert sorted(out["source_row"]) == [0, 1, 2]
    assert "accepted" in out.info.description
    with pytest.raises(KeyError, match="context_col|not in dataset"):
        generate_tasks(data, "text", "ynqa", llm=scripted(good))
    with pytest.raises(ValueError, match="unsupported sampling"):
        generate_tasks(data, "input", "ynqa", {"beam": 2}, llm=scripted(good))
