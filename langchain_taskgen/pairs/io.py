"""Reading and writing pairs in this library's own JSONL format (one ``TaskPair.to_dict`` a line).

Trainer formats (``openai-chat``, ``alpaca`` ...) are written by
:func:`langchain_taskgen.export.write_jsonl`, which builds on the converters in
:mod:`langchain_taskgen.export.records`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from langchain_taskgen._atomic import atomic_write
from langchain_taskgen.pairs.pair import TaskPair

_BOM = b"\xef\xbb\xbf"
# The widest integer every consumer takes (Arrow, numpy, SQLite): a larger one in a
# record would fail far from here, in an export or a selector.
_INT_LIMIT = 2**63


def _no_constant(name: str) -> Any:
    # NaN and Infinity are not JSON (Python writes and reads them; other tools refuse
    # them), and a quality of Infinity would pass any --min-quality.
    raise ValueError(f"{name} is not a JSON number")


def _bounded_int(text: str) -> int:
    if len(text) > 20:  # cheap guard before int() on a huge literal
        raise ValueError("integer out of range (more than 64 bits)")
    value = int(text)
    if not -_INT_LIMIT <= value < _INT_LIMIT:
        raise ValueError(f"integer {value} out of range (more than 64 bits)")
    return value


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e400 reads as Infinity
        raise ValueError(f"number {text} out of range")
    return value


def parse_pair_line(line: str) -> TaskPair:
    """One JSONL line as a pair; ``ValueError`` says what is wrong with it.

    Refused: non-objects, NaN and Infinity, integers beyond 64 bits, nesting so deep
    that it exhausts the parser (a ``RecursionError``), and what
    :meth:`TaskPair.from_dict` refuses.

    Example:
        >>> parse_pair_line('{"input": "Is it?", "output": "Yes", "task_type": "ynqa"}').output
        'Yes'
        >>> parse_pair_line('{"input": "?", "output": "x", "task_type": "qa", "m": NaN}')
        Traceback (most recent call last):
        ...
        ValueError: NaN is not a JSON number
    """
    try:
        record = json.loads(
            line, parse_constant=_no_constant, parse_int=_bounded_int, parse_float=_finite_float
        )
    except RecursionError:
        raise ValueError("nested too deeply") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    return TaskPair.from_dict(record)


__all__ = ["iter_pairs", "parse_pair_line", "read_pairs", "write_pairs"]


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
    # Atomic: a crash or a full disk leaves the previous file, never a torn one.
    with atomic_write(path) as handle:
        for pair in pairs:
            handle.write(pair.to_json() + "\n")
            written += 1
    return written


def iter_pairs(path: str | Path) -> Iterator[TaskPair | ValueError]:
    """Read a pairs JSONL file lazily; a broken line yields a ``ValueError`` naming it.

    A UTF-8 byte-order mark before the first line is skipped. See
    :func:`parse_pair_line` for what makes a line broken.
    """
    path = Path(path)
    # Bytes, decoded line by line: one bad byte costs its line, not the whole file.
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            if number == 1 and raw.startswith(_BOM):
                raw = raw[len(_BOM) :]
            if not raw.strip():
                continue
            try:
                yield parse_pair_line(raw.decode("utf-8"))
            except ValueError as error:  # UnicodeDecodeError and JSONDecodeError too
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
