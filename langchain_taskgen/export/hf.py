"""Hugging Face ``datasets``: pairs to a ``Dataset`` with chat columns, and back.

``datasets`` is imported when a function runs, not with this module.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from langchain_taskgen.export.records import to_trl
from langchain_taskgen.pairs.pair import TaskPair, json_line

if TYPE_CHECKING:
    from datasets import Dataset

__all__ = ["PAIR_COLUMNS", "from_dataset", "to_dataset"]

PAIR_COLUMNS = (
    "id",
    "task_type",
    "input",
    "output",
    "context",
    "source",
    "chunk_index",
    "start_index",
    "end_index",
)


def to_dataset(pairs: Iterable[TaskPair], system: str | None = None) -> Dataset:
    """A ``datasets.Dataset`` of the pairs, ready for TRL and for inspection.

    Columns: ``id``, ``task_type``, ``input``, ``output``, ``context``, ``source``,
    ``chunk_index``, ``start_index``, ``end_index``, ``metadata``, ``messages`` (chat
    format) and ``prompt``/``completion`` (TRL conversational prompt/completion; TRL
    prefers these when both are present, which gives answer-only loss).

    ``metadata`` is a struct (missing keys are null) when Arrow can unify the pairs'
    metadata; when it cannot (the same key holds a number in one pair and text in
    another), it is a JSON string and ``dataset.info.description`` says so.
    """
    from datasets import Dataset

    pairs = list(pairs)
    rows: dict[str, list[Any]] = {key: [] for key in PAIR_COLUMNS}
    for pair in pairs:
        meta = pair.metadata
        rows["id"].append(pair.id)
        rows["task_type"].append(pair.task_type)
        rows["input"].append(pair.input)
        rows["output"].append(pair.output)
        rows["context"].append(pair.context)
        rows["source"].append(str(meta.get("source", "")))
        rows["chunk_index"].append(_int(meta.get("chunk_index")))
        rows["start_index"].append(_int(meta.get("start_index")))
        rows["end_index"].append(_int(meta.get("end_index")))
    chats = [to_trl(pair, system) for pair in pairs]
    rows["messages"] = [c["prompt"] + c["completion"] for c in chats]
    rows["prompt"] = [c["prompt"] for c in chats]
    rows["completion"] = [c["completion"] for c in chats]
    metadata = [p.metadata for p in pairs]
    try:
        if not any(metadata):
            raise ValueError("no metadata keys")
        return Dataset.from_dict({**rows, "metadata": metadata})
    except Exception:  # noqa: BLE001 - Arrow refuses mixed types: keep the data as JSON
        text = [json_line(m, default=str) for m in metadata]
        dataset = Dataset.from_dict({**rows, "metadata": text})
        dataset.info.description = "metadata: JSON string per row"
        return dataset


def _int(value: Any) -> int:
    """A provenance index as an int64 column value; -1 when it is missing or unusable."""
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):  # None, text, NaN, Infinity
        return -1
    return number if -(2**63) <= number < 2**63 else -1


def from_dataset(dataset: Dataset) -> list[TaskPair]:
    """Inverse of :func:`to_dataset` (null struct fields are dropped from metadata)."""
    out = []
    for row in dataset:
        raw = row.get("metadata")
        if isinstance(raw, str):
            metadata = json.loads(raw) if raw else {}
        else:
            metadata = {k: v for k, v in (raw or {}).items() if v is not None}
        out.append(
            TaskPair(
                row["input"], row["output"], row["task_type"], row.get("context", ""), metadata
            )
        )
    return out
