"""Compatibility module: the selector lives in :mod:`langchain_taskgen.selection`."""

from langchain_taskgen.selection import (
    IndexKind,
    MetadataFilter,
    SearchMode,
    SelectorLoadError,
    SelectorSettings,
    TaskPairExampleSelector,
    example_id,
)

__all__ = [
    "IndexKind",
    "MetadataFilter",
    "SearchMode",
    "SelectorLoadError",
    "SelectorSettings",
    "TaskPairExampleSelector",
    "example_id",
]
