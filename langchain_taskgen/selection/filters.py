"""Which stored examples a query may return: task types, metadata and quality."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from langchain_taskgen.pairs import quality_of

MetadataFilter = Mapping[str, Any] | Callable[[dict[str, Any]], bool]


def make_filter(
    examples: Sequence[Mapping[str, Any]],
    metadatas: Sequence[dict[str, Any]],
    task_types: Sequence[str] | None,
    metadata_filter: MetadataFilter | None,
    min_quality: float | None,
) -> Callable[[int], bool] | None:
    """A predicate on store positions, or None when nothing is filtered.

    Args:
        examples: The stored examples (read at call time, so later adds are seen).
        metadatas: Their metadata, same order.
        task_types: Allowed task types (None: all).
        metadata_filter: ``{key: value}`` (a list value means any of; the key is looked
            up in the metadata, then in the example) or a predicate on the metadata.
        min_quality: Drop pairs whose ``metadata["quality"]`` is below this; pairs
            without a score are kept.
    """
    types = set(task_types) if task_types else None
    if types is None and metadata_filter is None and min_quality is None:
        return None

    def ok(position: int) -> bool:
        metadata = metadatas[position]
        if types is not None and examples[position].get("task_type") not in types:
            return False
        if min_quality is not None:
            quality = quality_of(metadata)
            if quality is not None and quality < min_quality:
                return False
        if metadata_filter is None:
            return True
        if callable(metadata_filter):
            return bool(metadata_filter(metadata))
        for key, wanted in metadata_filter.items():
            value = metadata.get(key, examples[position].get(key))
            if isinstance(wanted, list | tuple | set | frozenset):
                if value not in wanted:
                    return False
            elif value != wanted:
                return False
        return True

    return ok
