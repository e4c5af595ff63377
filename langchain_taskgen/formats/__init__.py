"""Task formats: how a task is asked of a model and how the reply is parsed."""

from __future__ import annotations

from typing import Any

from langchain_taskgen.formats.base import TaskFormat, neutralize_special_tokens
from langchain_taskgen.formats.bonito import BonitoFormat
from langchain_taskgen.formats.instruct import InstructFormat


def get_format(format: str | Any) -> TaskFormat:
    """Return a format object for ``"bonito"``, ``"instruct"``, ``"instruct-json"`` or a format.

    Raises:
        ValueError: For an unknown name or an object without ``prompt``/``parse``.
    """
    if isinstance(format, str):
        if format == "bonito":
            return BonitoFormat()
        if format == "instruct":
            return InstructFormat()
        if format == "instruct-json":
            return InstructFormat(style="json")
        raise ValueError(f"unknown format {format!r}; use 'bonito', 'instruct' or 'instruct-json'")
    if isinstance(format, TaskFormat):
        return format
    raise ValueError(
        f"a format needs prompt, parse and stop_sequences; got {type(format).__name__}"
    )


__all__ = [
    "BonitoFormat",
    "InstructFormat",
    "TaskFormat",
    "get_format",
    "neutralize_special_tokens",
]
