"""How many threads faiss may use for one query: one, unless the store is large.

One query over a small store runs on the calling thread: faiss's OpenMP workers wake
for little work, then spin against the next query's embedding (10k vectors, AMD EPYC,
2 cores: select p50 11.5 ms this way, 14.6 ms with them). The query encoder's own
threads sleep after a query for the same reason (see
:class:`~langchain_taskgen.embeddings.onnx.OnnxEncoder`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# Stores up to this many vectors are searched on one thread: on two AMD EPYC cores one
# query over 20k / 50k / 100k flat vectors took 1.9 / 5.7 / 11.8 ms on one thread
# against 2.8 / 7.6 / 15.7 ms on two; larger stores were not measured.
SINGLE_THREAD_SEARCH = 100_000


@contextmanager
def search_threads(faiss: Any, total: int) -> Iterator[None]:
    """Run the enclosed faiss search on the calling thread alone if ``total`` is small.

    OpenMP's thread count is per calling thread, so other threads' searches are not
    affected; the previous count is restored on exit, errors included.

    Args:
        faiss: The ``faiss`` module.
        total: Vectors in the index to be searched.

    Example:
        >>> import faiss
        >>> before = faiss.omp_get_max_threads()
        >>> with search_threads(faiss, 10):
        ...     faiss.omp_get_max_threads()
        1
        >>> faiss.omp_get_max_threads() == before
        True
    """
    if total > SINGLE_THREAD_SEARCH:
        yield
        return
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(threads)
