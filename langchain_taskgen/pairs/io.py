"""Reading and writing pairs in this library's own JSONL format (one ``TaskPair.to_dict`` a line).

Trainer formats (``openai-chat``, ``alpaca`` ...) are written by
:func:`langchain_taskgen.export.write_jsonl`, which builds on the converters in
:mod:`langchain_taskgen.export.records`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from langchain_taskgen.pairs.pair import TaskPair

__all__ = ["iter_pairs", "read_pairs", "write_pairs"]


def write_pairs(pairs: Iterable[TaskPair], path: str | Path) -> int:
    """Write pairs as JSONL records :func:`read_pairs` reads back; parent folders are made.

    Returns:
        The number of pairs written.

    Example:
        >>> import tempfile, os
        >>> path = os.path.join(tempfile.mkdtemp(), "out", "pairs.jsonl")
        >>> write_pairs([TaskPair("Is it?", "Yes", "ynqa")], path)
        1
        >>> read_pairs(path)[0][0].output
        'Yes'
    """
    written = 0
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for pair in pairs:
            handle.write(pair.to_json() + "\n")
            written += 1
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
