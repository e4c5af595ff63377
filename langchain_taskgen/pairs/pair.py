"""TaskPair: one generated instruction-tuning example and its conversions."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from langchain_core.documents import Document
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from langchain_taskgen.tasks import get_task_type

__all__ = ["TaskPair", "json_line", "quality_of"]


@dataclass
class TaskPair:
    """An instruction-tuning pair generated from a passage.

    Attributes:
        input: The task input (instruction, question, options ...).
        output: The expected answer.
        task_type: Short task type name, e.g. ``"ynqa"``.
        context: The passage (chunk) the pair was generated from.
        metadata: Provenance: the source document's metadata plus ``chunk_index``,
            ``start_index`` and ``end_index`` (character span in the source document).

    Example:
        >>> pair = TaskPair(input="Is the sky blue?", output="Yes", task_type="ynqa",
        ...                 context="The sky is blue.", metadata={"source": "sky.txt"})
        >>> pair.to_example()
        {'input': 'Is the sky blue?', 'output': 'Yes', 'task_type': 'ynqa'}
        >>> len(pair.id)
        16
    """

    input: str
    output: str
    task_type: str
    context: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.task_type = get_task_type(self.task_type).name

    @property
    def id(self) -> str:
        """A stable content id: the same task type, input and output give the same id."""
        # surrogatepass: a pair built in code may hold a lone surrogate; its id must not
        # crash every command that handles it.
        digest = hashlib.sha256(
            "\x1f".join((self.task_type, self.input, self.output)).encode("utf-8", "surrogatepass")
        )
        return digest.hexdigest()[:16]

    def with_metadata(self, **extra: Any) -> TaskPair:
        """A copy with ``extra`` added to its metadata (the pair itself is unchanged).

        Example:
            >>> pair = TaskPair("Is it?", "Yes", "ynqa")
            >>> pair.with_metadata(quality=0.9).metadata, pair.metadata
            ({'quality': 0.9}, {})
        """
        return replace(self, metadata={**self.metadata, **extra})

    def to_example(self) -> dict[str, str]:
        """An example dict for LangChain few-shot prompt templates."""
        return {"input": self.input, "output": self.output, "task_type": self.task_type}

    def to_document(self) -> Document:
        """A ``Document`` whose page content is the input; output and provenance in metadata."""
        metadata = dict(self.metadata)
        metadata.update(
            output=self.output, task_type=self.task_type, context=self.context, pair_id=self.id
        )
        return Document(page_content=self.input, metadata=metadata, id=self.id)

    def to_messages(self, system: str | None = None) -> list[BaseMessage]:
        """Chat messages: optional system message, the input as human, the output as AI."""
        messages: list[BaseMessage] = [SystemMessage(system)] if system else []
        messages += [HumanMessage(self.input), AIMessage(self.output)]
        return messages

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (the JSONL record format of this library)."""
        return {
            "id": self.id,
            "task_type": self.task_type,
            "input": self.input,
            "output": self.output,
            "context": self.context,
            "metadata": self.metadata,
        }

    @classmethod
    def from_dict(cls, record: dict[str, Any]) -> TaskPair:
        """Rebuild a pair from :meth:`to_dict` output (``id`` is recomputed, not trusted).

        Raises:
            ValueError: If a required field is missing or not a string.
        """
        for key in ("input", "output", "task_type"):
            if not isinstance(record.get(key), str):
                raise ValueError(f"pair record needs a string field {key!r}")
        for key in ("input", "output", "task_type", "context"):
            value = record.get(key)
            if isinstance(value, str) and not _is_text(value):
                raise ValueError(f"pair record field {key!r} holds a lone surrogate (not text)")
        metadata = record.get("metadata") or {}
        if not isinstance(metadata, dict):
            raise ValueError("pair record field 'metadata' must be an object")
        return cls(
            input=record["input"],
            output=record["output"],
            task_type=record["task_type"],
            context=str(record.get("context") or ""),
            metadata=metadata,
        )

    @classmethod
    def from_document(cls, document: Document) -> TaskPair:
        """Inverse of :meth:`to_document`."""
        metadata = dict(document.metadata)
        output = metadata.pop("output")
        task_type = metadata.pop("task_type")
        context = metadata.pop("context", "")
        metadata.pop("pair_id", None)
        return cls(document.page_content, output, task_type, context, metadata)

    def to_json(self) -> str:
        """One JSONL line, valid UTF-8 and valid JSON whatever the pair holds.

        NaN and Infinity (not JSON) are written as ``null``; a lone surrogate is written
        as a ``\\u`` escape, which reads back to the same string.

        Example:
            >>> TaskPair("Q?", "A", "qa", metadata={"quality": float("nan")}).to_json()[-30:]
            '"metadata": {"quality": null}}'
        """
        return json_line(self.to_dict())


def json_line(data: Any, default: Any = None) -> str:
    """``data`` as one line of JSON that any tool reads: valid UTF-8, no NaN or Infinity.

    Non-finite floats become ``null``; a string holding a lone surrogate makes the line
    ASCII with ``\\u`` escapes (the same string when read back).

    Example:
        >>> json_line({"a": float("inf"), "b": "caf" + chr(0xDCE9)})
        '{"a": null, "b": "caf\\\\udce9"}'
    """
    try:
        line = json.dumps(data, ensure_ascii=False, allow_nan=False, default=default)
    except ValueError:
        data = _finite(data)
        line = json.dumps(data, ensure_ascii=False, default=default)
    if not _is_text(line):
        line = json.dumps(data, ensure_ascii=True, default=default)
    return line


def _is_text(value: str) -> bool:
    """Whether ``value`` encodes as UTF-8 (no lone surrogates)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _finite(value: Any) -> Any:
    """``value`` with every NaN or infinite float replaced by ``None``."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def quality_of(metadata: Mapping[str, Any]) -> float | None:
    """The pair's quality score (``metadata["quality"]``), or None when it has none.

    A missing, non-numeric, NaN or infinite score counts as no score: such pairs are kept by
    ``min_quality`` (pairs made before quality scoring existed stay selectable).

    Example:
        >>> quality_of({"quality": 0.8}), quality_of({}), quality_of({"quality": "high"})
        (0.8, None, None)
    """
    value = metadata.get("quality")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return float(value)
