"""Trainer JSONL records and the SQuAD record (export.records); Dataset round trip (export.hf)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from langchain_taskgen.export.hf import from_dataset, to_dataset
from langchain_taskgen.export.records import COMPLETION_SEPARATOR, to_squad, write_jsonl
from langchain_taskgen.pairs import TaskPair
from tests.data.lighthouse_pairs import CONTEXT, EXQA, YNQA


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
