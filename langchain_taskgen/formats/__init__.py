"""Task formats: how a task is asked of a model and how the reply is parsed."""

from __future__ import annotations

from typing import Any

from langchain_taskgen.formats.base import TaskFormat, neutralize_special_tokens
from langchain_taskgen.formats.bonito import BonitoFormat
from langchain_taskgen.formats.instruct import InstructFormat
from langchain_taskgen.formats.structured import StructuredFormat

FORMAT_NAMES = ("structured", "bonito", "instruct", "instruct-json")
"""The built-in format names."""


def get_format(format: str | Any) -> TaskFormat | StructuredFormat:
    """Return a format object for a built-in name (see :data:`FORMAT_NAMES`) or a format.

    Raises:
        ValueError: For an unknown name or an object that is not a format.
    """
    if isinstance(format, str):
        if format == "structured":
            return StructuredFormat()
        if format == "bonito":
            return BonitoFormat()
        if format == "instruct":
            return InstructFormat()
        if format == "instruct-json":
            return InstructFormat(style="json")
        valid = ", ".join(repr(n) for n in FORMAT_NAMES)
        raise ValueError(f"unknown format {format!r}; use one of {valid}")
    if isinstance(format, TaskFormat | StructuredFormat):
        return format
    raise ValueError(
        f"a format needs prompt, parse and stop_sequences; got {type(format).__name__}"
    )


__all__ = [
    "FORMAT_NAMES",
    "BonitoFormat",
    "InstructFormat",
    "StructuredFormat",
    "TaskFormat",
    "get_format",
    "neutralize_special_tokens",
]
