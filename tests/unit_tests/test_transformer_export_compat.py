from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from datasets import Dataset
from langchain_core.documents import Document

from langchain_taskgen import (
    TaskPair,
    TaskPairTransformer,
    generate_tasks,
    read_pairs,
    to_dataset,
    write_jsonl,
)
from langchain_taskgen.export import COMPLETION_SEPARATOR, from_dataset, to_squad

from .conftest import PASSAGES
from .test_generator import good

CONTEXT = "The lighthouse was built in 1872 and automated in 1990."
EXQA = TaskPair(
    CONTEXT + "\nWhen was it automated?",
    "1990",
    "exqa",
    CONTEXT,
    {"source": "l.txt", "chunk_index": 0, "start_index": 0, "end_index": 55},
)
YNQA = TaskPair("Was it built in 1872?", "Yes", "ynqa", CONTEXT, {"source": "l.txt"})


def test_transformer_sync_and_async(scripted: Any) -> None:
    transformer = TaskPairTransformer(llm=scripted(good), task_type="ynqa")
    docs = [Document(p, metadata={"source": f"d{i}"}) for i, p in enumerate(PASSAGES)]
    out = transformer.transform_documents(docs)
    assert [d.metadata["source"] for d in out] == ["d0", "d1", "d2"]
    assert all(d.metadata["output"] == "Yes" and d.metadata["task_type"] == "ynqa" for d in out)
    assert out[0].page_content.startswith(PASSAGES[0])
    assert TaskPair.from_document(out[0]).output == "Yes"
    import asyncio

    assert len(asyncio.run(transformer.atransform_documents(docs))) == 3
    assert transformer.last_report is not None
    with pytest.raises(ValueError):
        TaskPairTransformer(transformer.generator, task_type="qa")


def test_pair_conversions() -> None:
    assert EXQA.to_example() == {"input": EXQA.input, "output": "1990", "task_type": "exqa"}
    messages = EXQA.to_messages(system="Answer.")
    assert [m.type for m in messages] == ["system", "human", "ai"]
    assert EXQA.id == TaskPair(EXQA.input, "1990", "exqa").id
    assert EXQA.id != YNQA.id
    assert TaskPair.from_dict(json.loads(EXQA.to_json())) == EXQA
    with pytest.raises(ValueError, match="input"):
        TaskPair.from_dict({"output": "x", "task_type": "qa"})


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("openai-chat", lambda r: r["messages"][1] == {"role": "assistant", "content": "1990"}),
        (
            "openai-completion",
            lambda r: r["prompt"].endswith(COMPLETION_SEPARATOR) and r["completion"] == " 1990 END",
        ),
        (
            "alpaca",
            lambda r: (
                r["instruction"] == "When was it automated?"
                and r["input"] == CONTEXT
                and r["output"] == "1990"
            ),
        ),
        ("sharegpt", lambda r: r["conversations"][0]["from"] == "human"),
        ("pairs", lambda r: TaskPair.from_dict(r) == EXQA),
    ],
)
def test_jsonl_exports(tmp_path: Path, fmt: str, check: Any) -> None:
    path = tmp_path / f"{fmt}.jsonl"
    assert write_jsonl([EXQA, YNQA], path, to=fmt) == 2
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert check(records[0])


def test_squad_export_has_correct_answer_start(tmp_path: Path) -> None:
    record = to_squad(EXQA)
    assert record is not None
    start = record["answers"]["answer_start"][0]
    assert CONTEXT[start : start + 4] == "1990"
    assert record["question"] == "When was it automated?"
    assert to_squad(YNQA) is None
    assert write_jsonl([EXQA, YNQA], tmp_path / "s.jsonl", to="squad") == 1
    with pytest.raises(ValueError, match="unknown export format"):
        write_jsonl([EXQA], tmp_path / "x.jsonl", to="csv")


def test_dataset_round_trip() -> None:
    ds = to_dataset([EXQA, YNQA])
    assert ds.column_names[:4] == ["id", "task_type", "input", "output"]
    assert ds[0]["source"] == "l.txt" and ds[1]["chunk_index"] == -1
    assert from_dataset(ds) == [EXQA, YNQA]


def test_read_pairs_reports_broken_lines(tmp_path: Path) -> None:
    path = tmp_path / "pairs.jsonl"
    write_jsonl([EXQA, YNQA], path)
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0], "{broken", "[1, 2]", "", lines[1]]) + "\n")
    pairs, errors = read_pairs(path)
    assert pairs == [EXQA, YNQA]
    assert len(errors) == 2 and errors[0].startswith(f"{path}:2:")


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
