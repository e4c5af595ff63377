"""The selector's own store: examples by position, their faiss vectors and BM25 postings.

Position ``i`` is the same example everywhere: ``examples[i]``, ``metadatas[i]``,
``ids[i]``, row ``i`` of the faiss index and document ``i`` of the BM25 index. Examples
are only ever appended, so a position never changes. The store is not synchronised on
its own: callers hold :attr:`PairIndex.lock` around every read and write.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.selection.lexical import BM25Index
from langchain_taskgen.selection.options import SelectorSettings

# (id, example, metadata, embedded text) of one example to store.
Record = tuple[str, dict[str, Any], dict[str, Any], str]


def import_faiss() -> Any:
    """The ``faiss`` module (imported on first use: ``import langchain_taskgen`` stays light).

    Raises:
        ImportError: If faiss is not installed.
    """
    try:
        import faiss
    except ImportError as error:
        raise ImportError("faiss is not installed: pip install faiss-cpu") from error
    return faiss


def example_id(example: Mapping[str, Any]) -> str:
    """Content id of an example: the :attr:`TaskPair.id` for pair-shaped examples.

    Example:
        >>> pair = TaskPair("Who keeps the keys?", "The steward", "qa")
        >>> example_id(pair.to_example()) == pair.id
        True
        >>> len(example_id({"question": "x"}))
        16
    """
    if {"input", "output", "task_type"} <= set(example):
        try:
            return TaskPair(
                str(example["input"]), str(example["output"]), str(example["task_type"])
            ).id
        except ValueError:
            pass
    text = json.dumps(dict(example), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def example_text(example: Mapping[str, Any], embed_keys: Sequence[str]) -> str:
    """The text embedded and indexed for an example: its ``embed_keys`` values, one a line.

    Raises:
        KeyError: If the example lacks one of the keys.

    Example:
        >>> example_text({"input": "Q?", "output": "A"}, ["input", "output"])
        'Q?\\nA'
    """
    missing = [key for key in embed_keys if key not in example]
    if missing:
        raise KeyError(f"example lacks the embedded key(s) {missing}: {dict(example)}")
    return "\n".join(str(example[key]) for key in embed_keys)


def make_records(
    examples: Sequence[Mapping[str, Any]],
    metadatas: Sequence[Mapping[str, Any]] | None,
    embed_keys: Sequence[str],
) -> tuple[list[str], list[Record], list[int]]:
    """Ids of all examples, plus a record and the input row of each first occurrence.

    An example's ``task_type`` is copied into its metadata (unless the metadata sets
    one), so metadata filters can name it. Repeats within the batch get the id of
    their first occurrence and no record of their own.

    Raises:
        KeyError: If an example lacks an embedded key.

    Example:
        >>> ids, records, rows = make_records(
        ...     [{"input": "a"}, {"input": "b"}, {"input": "a"}], None, ["input"]
        ... )
        >>> ids[0] == ids[2], rows
        (True, [0, 1])
    """
    records: list[Record] = []
    rows: list[int] = []
    seen: set[str] = set()
    ids: list[str] = []
    for i, example in enumerate(examples):
        text = example_text(example, embed_keys)
        eid = example_id(example)
        ids.append(eid)
        metadata = dict(metadatas[i]) if metadatas is not None else {}
        if "task_type" in example:
            metadata.setdefault("task_type", example["task_type"])
        if eid not in seen:
            seen.add(eid)
            records.append((eid, dict(example), metadata, text))
            rows.append(i)
    return ids, records, rows


class PairIndex:
    """Examples, metadata and ids by position, with a faiss index and a BM25 index.

    With a LangChain ``VectorStore`` behind the selector, the vectors live in the store
    and only the records are kept here (``vectors=None`` in :meth:`add`).

    Example:
        >>> index = PairIndex()
        >>> vectors = np.eye(2, dtype=np.float32)
        >>> records = [("a", {"input": "x"}, {}, "x"), ("b", {"input": "y"}, {}, "y")]
        >>> with index.lock:
        ...     index.add(records, vectors, SelectorSettings())
        >>> len(index), index.positions["b"], index.faiss.ntotal
        (2, 1, 2)
    """

    def __init__(self) -> None:
        # Re-entrant: the facade's search holds it while filters read the examples.
        self.lock = threading.RLock()
        self.examples: list[dict[str, Any]] = []
        self.metadatas: list[dict[str, Any]] = []
        self.ids: list[str] = []
        self.positions: dict[str, int] = {}
        self.faiss: Any = None
        self.bm25 = BM25Index()

    def __len__(self) -> int:
        return len(self.examples)

    def position_of(self, eid: str) -> int | None:
        """Position of an example id, or ``None`` if it is not stored."""
        with self.lock:
            return self.positions.get(eid)

    def new_faiss_index(self, settings: SelectorSettings, dim: int) -> Any:
        """An empty inner-product faiss index of the kind ``settings`` names."""
        faiss = import_faiss()
        if settings.index == "hnsw":
            index = faiss.IndexHNSWFlat(dim, settings.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efSearch = max(64, 2 * settings.fetch_k)
            return index
        return faiss.IndexFlatIP(dim)

    def add(
        self, records: Sequence[Record], vectors: np.ndarray | None, settings: SelectorSettings
    ) -> None:
        """Append records; index their unit ``vectors`` (one row each) and their text.

        Raises:
            ValueError: If the vectors' dimension differs from the index's.
        """
        if vectors is not None:
            if self.faiss is None:
                self.faiss = self.new_faiss_index(settings, vectors.shape[1])
            elif vectors.shape[1] != self.faiss.d:
                raise ValueError(
                    f"embedding dimension {vectors.shape[1]} != index dimension {self.faiss.d}"
                )
            self.faiss.add(vectors)
            self.bm25.add([r[3] for r in records])
        for eid, example, metadata, _ in records:
            self.positions[eid] = len(self.examples)
            self.ids.append(eid)
            self.examples.append(example)
            self.metadatas.append(metadata)

    def restore(
        self,
        ids: Sequence[str],
        examples: Sequence[dict[str, Any]],
        metadatas: Sequence[dict[str, Any]],
        vectors: np.ndarray,
        settings: SelectorSettings,
    ) -> None:
        """Fill an empty index with saved examples and their vectors (no embedding).

        Raises:
            KeyError: If an example lacks one of ``settings.embed_keys``.
        """
        records = [
            (eid, example, metadata, example_text(example, settings.embed_keys))
            for eid, example, metadata in zip(ids, examples, metadatas, strict=True)
        ]
        self.add(records, vectors, settings)

    def vectors(self, positions: Sequence[int]) -> np.ndarray:
        """The stored unit vectors at ``positions``, one row each."""
        return np.stack([self.faiss.reconstruct(int(p)) for p in positions])

    def all_vectors(self) -> np.ndarray:
        """Every stored vector, in position order."""
        return np.asarray(self.faiss.reconstruct_n(0, self.faiss.ntotal))
