"""Export task pairs: Hugging Face datasets and JSONL fine-tuning formats."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_taskgen.pairs import TaskPair

if TYPE_CHECKING:
    from datasets import Dataset

logger = logging.getLogger(__name__)

# The classic OpenAI prompt/completion fine-tuning guide: a fixed separator ends every
# prompt, the completion starts with a space and ends with a fixed stop sequence.
COMPLETION_SEPARATOR = "\n\n###\n\n"
COMPLETION_STOP = " END"


def to_openai_chat(pair: TaskPair, system: str | None = None) -> dict[str, Any]:
    """OpenAI chat fine-tuning record: ``{"messages": [...]}``."""
    messages = [{"role": "system", "content": system}] if system else []
    messages += [
        {"role": "user", "content": pair.input},
        {"role": "assistant", "content": pair.output},
    ]
    return {"messages": messages}


def to_openai_completion(pair: TaskPair) -> dict[str, str]:
    """OpenAI prompt/completion record (separator and stop sequence of the classic guide)."""
    return {
        "prompt": pair.input + COMPLETION_SEPARATOR,
        "completion": " " + pair.output + COMPLETION_STOP,
    }


def to_alpaca(pair: TaskPair) -> dict[str, str]:
    """Alpaca record: ``instruction`` / ``input`` / ``output``."""
    return {"instruction": pair.input, "input": "", "output": pair.output}


def to_sharegpt(pair: TaskPair) -> dict[str, Any]:
    """ShareGPT record: ``{"conversations": [{"from": "human"}, {"from": "gpt"}]}``."""
    return {
        "conversations": [
            {"from": "human", "value": pair.input},
            {"from": "gpt", "value": pair.output},
        ]
    }


def to_squad(pair: TaskPair) -> dict[str, Any] | None:
    """SQuAD-style record for an extractive QA pair, or ``None`` if it does not fit.

    The question is the pair input without the passage; ``answer_start`` is the
    character offset of the answer in the passage (exact match first, then ignoring case).
    """
    if pair.task_type != "exqa" or not pair.context:
        return None
    start = pair.context.find(pair.output)
    if start < 0:
        start = pair.context.lower().find(pair.output.lower())
    if start < 0:
        return None
    question = pair.input.replace(pair.context.strip(), "").strip() or pair.input
    answer = pair.context[start : start + len(pair.output)]
    return {
        "id": pair.id,
        "title": str(pair.metadata.get("source", "")),
        "context": pair.context,
        "question": question,
        "answers": {"text": [answer], "answer_start": [start]},
    }


EXPORTERS: dict[str, Callable[[TaskPair], dict[str, Any] | None]] = {
    "openai-chat": to_openai_chat,
    "openai-completion": to_openai_completion,
    "alpaca": to_alpaca,
    "sharegpt": to_sharegpt,
    "squad": to_squad,
    "pairs": TaskPair.to_dict,
}
"""JSONL exporters by format name."""


def write_jsonl(pairs: Iterable[TaskPair], path: str | Path, to: str = "pairs") -> int:
    """Write pairs as JSONL in one of :data:`EXPORTERS`' formats.

    Pairs that do not fit the format (e.g. non-exqa pairs for ``squad``) are skipped
    and counted in the log.

    Returns:
        The number of records written.

    Example:
        >>> import tempfile, os
        >>> pair = TaskPair("Is it?", "Yes", "ynqa")
        >>> path = os.path.join(tempfile.mkdtemp(), "train.jsonl")
        >>> write_jsonl([pair], path, to="openai-chat")
        1
    """
    if to not in EXPORTERS:
        raise ValueError(f"unknown export format {to!r}; choose from {sorted(EXPORTERS)}")
    convert = EXPORTERS[to]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    written = skipped = 0
    with path.open("w", encoding="utf-8") as handle:
        for pair in pairs:
            record = convert(pair)
            if record is None:
                skipped += 1
                continue
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            written += 1
    if skipped:
        logger.info("%s export skipped %d pairs that do not fit the format", to, skipped)
    return written


def iter_pairs(path: str | Path) -> Iterator[TaskPair | ValueError]:
    """Read a pairs JSONL file lazily; a broken line yields a ``ValueError`` naming it."""
    path = Path(path)
    # Bytes, decoded line by line: one bad byte costs its line, not the whole file.
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise ValueError("not a JSON object")
                yield TaskPair.from_dict(record)
            except ValueError as error:
                yield ValueError(f"{path}:{number}: {error}")


def read_pairs(path: str | Path) -> tuple[list[TaskPair], list[str]]:
    """Read a pairs JSONL file; returns the pairs and one message per broken line.

    Raises:
        FileNotFoundError: If the file does not exist.
    """
    pairs: list[TaskPair] = []
    errors: list[str] = []
    for item in iter_pairs(path):
        if isinstance(item, TaskPair):
            pairs.append(item)
        else:
            errors.append(str(item))
    return pairs, errors


def to_dataset(pairs: Iterable[TaskPair]) -> Dataset:
    """A ``datasets.Dataset`` with ``input``, ``output`` and provenance columns.

    Columns: ``id``, ``task_type``, ``input``, ``output``, ``context``, ``source``,
    ``chunk_index``, ``start_index``, ``end_index`` and ``metadata`` (the full metadata
    as a JSON string, since documents' metadata keys differ).
    """
    from datasets import Dataset

    rows: dict[str, list[Any]] = {
        key: []
        for key in (
            "id",
            "task_type",
            "input",
            "output",
            "context",
            "source",
            "chunk_index",
            "start_index",
            "end_index",
            "metadata",
        )
    }
    for pair in pairs:
        meta = pair.metadata
        rows["id"].append(pair.id)
        rows["task_type"].append(pair.task_type)
        rows["input"].append(pair.input)
        rows["output"].append(pair.output)
        rows["context"].append(pair.context)
        rows["source"].append(str(meta.get("source", "")))
        rows["chunk_index"].append(int(meta.get("chunk_index", -1)))
        rows["start_index"].append(int(meta.get("start_index", -1)))
        rows["end_index"].append(int(meta.get("end_index", -1)))
        rows["metadata"].append(json.dumps(meta, ensure_ascii=False, default=str))
    return Dataset.from_dict(rows)


def from_dataset(dataset: Dataset) -> list[TaskPair]:
    """Inverse of :func:`to_dataset`."""
    out = []
    for row in dataset:
        metadata = json.loads(row["metadata"]) if row.get("metadata") else {}
        out.append(
            TaskPair(
                row["input"], row["output"], row["task_type"], row.get("context", ""), metadata
            )
        )
    return out
