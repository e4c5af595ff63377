"""A thread-safe LRU cache of query vectors: a repeated query skips the embedding model."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator

import numpy as np


class QueryCache:
    """Query text -> read-only unit vector, least recently used evicted first.

    The size is passed on every call, not fixed at construction, because the selector's
    ``query_cache_size`` setting can change at any time; size 0 bypasses the cache.
    Vectors are shared between callers, so they are made read-only.

    Example:
        >>> cache = QueryCache()
        >>> calls = []
        >>> def embed(text):
        ...     calls.append(text)
        ...     return np.ones(2, dtype=np.float32)
        >>> for text in ["a", "b", "a", "c"]:
        ...     _ = cache.get(text, 2, embed)
        >>> calls, list(cache)
        (['a', 'b', 'c'], ['a', 'c'])
    """

    def __init__(self) -> None:
        self._entries: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def __iter__(self) -> Iterator[str]:
        """Cached queries, least recently used first."""
        with self._lock:
            return iter(list(self._entries))

    def get(self, query: str, size: int, embed: Callable[[str], np.ndarray]) -> np.ndarray:
        """The vector of ``query``: cached, or ``embed(query)`` kept for next time.

        The model runs outside the lock, so concurrent queries embed in parallel (two
        threads asking for the same new text may both embed it; the result is equal).
        """
        if size:
            with self._lock:
                cached = self._entries.get(query)
                if cached is not None:
                    self._entries.move_to_end(query)
                    return cached
        vector = embed(query)
        if size:
            vector.setflags(write=False)
            with self._lock:
                self._entries[query] = vector
                while len(self._entries) > size:
                    self._entries.popitem(last=False)
        return vector
