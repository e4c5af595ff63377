"""Task pairs: the pair itself, its JSONL file format, and leak-safe splits.

:mod:`~langchain_taskgen.pairs.pair` holds :class:`TaskPair` (one instruction-tuning
example and its conversions), :mod:`~langchain_taskgen.pairs.io` reads and writes pairs
files, :mod:`~langchain_taskgen.pairs.split` splits pairs by source document.

Example:
    >>> from langchain_taskgen.pairs import TaskPair, split_by_source
    >>> pairs = [TaskPair(f"q{i}", "a", "qa", metadata={"source": f"d{i % 2}"}) for i in range(4)]
    >>> [len(part) for part in split_by_source(pairs, 0.5)]
    [2, 2]
"""

from langchain_taskgen.pairs.io import iter_pairs, read_pairs, write_pairs
from langchain_taskgen.pairs.pair import TaskPair, quality_of
from langchain_taskgen.pairs.split import split_by_source

__all__ = [
    "TaskPair",
    "iter_pairs",
    "quality_of",
    "read_pairs",
    "split_by_source",
    "write_pairs",
]
