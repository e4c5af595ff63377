"""TaskPairExampleSelector: generated pairs as dynamic few-shot examples."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

import numpy as np
from langchain_core.embeddings import Embeddings
from langchain_core.example_selectors import BaseExampleSelector
from langchain_core.vectorstores import VectorStore

from langchain_taskgen.embeddings import (
    DEFAULT_EMBEDDING_MODEL,
    SentenceTransformerEmbeddings,
    embed_query,
    embed_texts,
    embedding_model_id,
    normalize_rows,
)
from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.selection.filters import MetadataFilter, make_filter
from langchain_taskgen.selection.lexical import BM25Index
from langchain_taskgen.selection.options import IndexKind, SearchMode, SelectorSettings
from langchain_taskgen.selection.persistence import SelectorLoadError, load_index, save_index
from langchain_taskgen.selection.ranking import fuse, lexical_trust, mmr_order, top_positions
from langchain_taskgen.selection.store import add_to_store, search_store
from langchain_taskgen.tasks import get_task_type

T = TypeVar("T")
_Record = tuple[str, dict[str, Any], dict[str, Any], str]


# Stores up to this many vectors are searched on one thread (see ``_dense``): on two AMD
# EPYC cores one query over 20k / 50k / 100k flat vectors took 1.9 / 5.7 / 11.8 ms on one
# thread against 2.8 / 7.6 / 15.7 ms on two; larger stores were not measured.
_SINGLE_THREAD_SEARCH = 100_000


def _import_faiss() -> Any:
    try:
        import faiss
    except ImportError as error:
        raise ImportError("faiss is not installed: pip install faiss-cpu") from error
    return faiss


def example_id(example: Mapping[str, Any]) -> str:
    """Content id of an example: the :attr:`TaskPair.id` for pair-shaped examples."""
    if {"input", "output", "task_type"} <= set(example):
        try:
            return TaskPair(
                str(example["input"]), str(example["output"]), str(example["task_type"])
            ).id
        except ValueError:
            pass
    text = json.dumps(dict(example), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class _Setting(Generic[T]):
    """An attribute stored in the selector's :class:`SelectorSettings` (validated on set)."""

    def __init__(self, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> _Setting[T]: ...
    @overload
    def __get__(self, obj: TaskPairExampleSelector, owner: type) -> T: ...
    def __get__(self, obj: TaskPairExampleSelector | None, owner: type) -> Any:
        if obj is None:
            return self
        return getattr(obj.settings, self.name)

    def __set__(self, obj: TaskPairExampleSelector, value: T) -> None:
        changes: dict[str, Any] = {self.name: value}
        obj.settings = dataclasses.replace(obj.settings, **changes)


class TaskPairExampleSelector(BaseExampleSelector):
    """Select the generated pairs most similar to the query, for few-shot prompts.

    Pairs are embedded (sentence-transformers' all-MiniLM-L6-v2 by default, any
    LangChain ``Embeddings`` otherwise) into a faiss index, and into a BM25 index.
    ``search="hybrid"`` (the default) ranks by cosine similarity plus a BM25 bonus,
    given only when BM25 is sure of one document (its best match covers most of the
    query's idf weight and clearly beats its runner-up) and weighted by that coverage:
    reworded questions keep the dense ranking, keyword questions get exact-term help.
    Filters by task type, metadata and quality apply in plain and MMR modes alike; the
    same example is never returned twice. Saved without pickle, with checksums and an
    optional HMAC signature (see :mod:`langchain_taskgen.selection.persistence` for
    what that guarantees).

    Args:
        examples: Example dicts to start with (``input``, ``output``, ``task_type`` ...).
        metadatas: Metadata per example, for ``metadata_filter`` and ``min_quality``.
        embeddings: Any LangChain ``Embeddings`` (default: packaged all-MiniLM-L6-v2).
        settings: All options below as one :class:`SelectorSettings` (keywords given
            here override it).
        vectorstore: Back the selector with any LangChain ``VectorStore`` instead of faiss
            (dense search only; filters, MMR, threshold and de-duplication still apply).
        metadata_filter: ``{key: value}`` (a list value means any of) or a predicate on
            the example's metadata (which includes ``task_type``).
        show_progress: Show a progress bar while embedding large batches.
        k: Ranking - examples to select.
        search: Ranking - ``"hybrid"`` (default), ``"dense"`` or ``"lexical"`` (BM25).
        lexical_weight: Ranking - largest BM25 bonus in hybrid mode (cosine units).
        lexical_min_confidence: Ranking - hybrid mode uses BM25 only when its best match
            covers at least this share of the query's idf weight.
        lexical_margin: Ranking - ... and beats BM25's runner-up by this relative margin.
        fetch_k: Ranking - candidates per signal before fusion / MMR.
        mmr: Diversity - re-rank candidates by maximal marginal relevance.
        lambda_mult: Diversity - MMR trade-off (1 = relevance only, 0 = diversity only).
        task_types: Filter - only select examples of these task types.
        min_similarity: Filter - drop examples whose cosine similarity is lower.
        min_quality: Filter - drop pairs whose ``metadata["quality"]`` (0..1) is lower;
            pairs without a quality score are kept.
        embed_keys: Text - example keys whose values are embedded and indexed.
        query_keys: Text - prompt variables forming the query (default: ``input`` if
            present, otherwise all variables).
        index: Index - ``"flat"`` (exact) or ``"hnsw"`` (approximate, large stores).
        hnsw_m: Index - HNSW graph degree.
        query_cache_size: Speed - query vectors kept in an LRU cache (0 disables).

    Example:
        >>> from langchain_taskgen import TaskPair
        >>> pairs = [
        ...     TaskPair("Who keeps the keys?", "The steward", "qa"),
        ...     TaskPair("Is a NOTICE file required?", "yes", "ynqa"),
        ... ]
        >>> selector = TaskPairExampleSelector.from_pairs(pairs, k=1)
        >>> selector.select_examples({"input": "Must I ship the NOTICE file?"})[0]["output"]
        'yes'
    """

    k = _Setting[int]("k")
    search = _Setting[SearchMode]("search")
    lexical_weight = _Setting[float]("lexical_weight")
    lexical_min_confidence = _Setting[float]("lexical_min_confidence")
    lexical_margin = _Setting[float]("lexical_margin")
    fetch_k = _Setting[int]("fetch_k")
    mmr = _Setting[bool]("mmr")
    lambda_mult = _Setting[float]("lambda_mult")
    task_types = _Setting["list[str] | None"]("task_types")
    min_similarity = _Setting["float | None"]("min_similarity")
    min_quality = _Setting["float | None"]("min_quality")
    embed_keys = _Setting["list[str]"]("embed_keys")
    query_keys = _Setting["list[str] | None"]("query_keys")
    index_kind = _Setting[IndexKind]("index")
    hnsw_m = _Setting[int]("hnsw_m")

    def __init__(
        self,
        examples: Iterable[Mapping[str, Any]] | None = None,
        *,
        metadatas: Sequence[Mapping[str, Any]] | None = None,
        embeddings: Embeddings | None = None,
        settings: SelectorSettings | None = None,
        vectorstore: VectorStore | None = None,
        metadata_filter: MetadataFilter | None = None,
        show_progress: bool = False,
        **options: Any,
    ) -> None:
        base = settings or SelectorSettings()
        if "search" not in options and settings is None and vectorstore is not None:
            options["search"] = "dense"
        try:
            self.settings = dataclasses.replace(base, **options)
        except TypeError as error:
            raise TypeError(f"unknown selector option: {error}") from error
        if vectorstore is not None and self.settings.search != "dense":
            raise ValueError("a VectorStore backend supports search='dense' only")
        self.vectorstore = vectorstore
        self.metadata_filter = metadata_filter
        self.show_progress = show_progress
        self._embeddings = embeddings
        self._lock = threading.RLock()
        self._examples: list[dict[str, Any]] = []
        self._metadata: list[dict[str, Any]] = []
        self._ids: list[str] = []
        self._positions: dict[str, int] = {}
        self._index: Any = None
        self._bm25 = BM25Index()
        self._query_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()
        if examples is not None:
            self.add_examples(list(examples), metadatas=metadatas)

    # -- construction -------------------------------------------------------------------

    @classmethod
    def from_pairs(cls, pairs: Iterable[TaskPair], **kwargs: Any) -> TaskPairExampleSelector:
        """Build a selector from task pairs (their metadata feeds the filters).

        Example:
            >>> selector = TaskPairExampleSelector.from_pairs([], k=2, mmr=True)
            >>> len(selector)
            0
        """
        selector = cls(**kwargs)
        selector.add_pairs(pairs)
        return selector

    @classmethod
    def from_examples(
        cls, examples: Iterable[Mapping[str, Any]], **kwargs: Any
    ) -> TaskPairExampleSelector:
        """Build a selector from example dicts."""
        return cls(examples, **kwargs)

    @property
    def embeddings(self) -> Embeddings:
        """The embeddings in use (created on first use)."""
        if self._embeddings is None:
            self._embeddings = SentenceTransformerEmbeddings()
        return self._embeddings

    def __len__(self) -> int:
        with self._lock:
            return len(self._examples)

    # -- adding -------------------------------------------------------------------------

    def _text(self, example: Mapping[str, Any]) -> str:
        missing = [key for key in self.embed_keys if key not in example]
        if missing:
            raise KeyError(f"example lacks the embedded key(s) {missing}: {dict(example)}")
        return "\n".join(str(example[key]) for key in self.embed_keys)

    def _new_index(self, dim: int) -> Any:
        faiss = _import_faiss()
        if self.index_kind == "hnsw":
            index = faiss.IndexHNSWFlat(dim, self.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efSearch = max(64, 2 * self.fetch_k)
            return index
        return faiss.IndexFlatIP(dim)

    def add_example(self, example: dict[str, str]) -> Any:
        """Add one example; returns its id (an existing id if it is a duplicate)."""
        return self.add_examples([example])[0]

    async def aadd_example(self, example: dict[str, str]) -> Any:
        """Async twin of :meth:`add_example`."""
        return await asyncio.to_thread(self.add_example, example)

    def add_pairs(self, pairs: Iterable[TaskPair]) -> list[str]:
        """Add task pairs in one batched embedding call."""
        pairs = list(pairs)
        return self.add_examples(
            [p.to_example() for p in pairs], metadatas=[p.metadata for p in pairs]
        )

    def add_examples(
        self,
        examples: Sequence[Mapping[str, Any]],
        metadatas: Sequence[Mapping[str, Any]] | None = None,
        *,
        vectors: np.ndarray | None = None,
    ) -> list[str]:
        """Add examples with one batched embedding call; duplicates are skipped.

        Args:
            examples: Example dicts holding every key in ``embed_keys``.
            metadatas: Metadata per example, for ``metadata_filter`` and ``min_quality``.
            vectors: Precomputed embeddings, one row per example (skips embedding).

        Returns:
            The id of each example, in order (duplicates get the existing id).

        Raises:
            KeyError: If an example lacks an embedded key.
            ValueError: If ``metadatas`` and ``examples`` differ in length.
        """
        if metadatas is not None and len(metadatas) != len(examples):
            raise ValueError("metadatas must have one entry per example")
        if vectors is not None and len(vectors) != len(examples):
            raise ValueError("vectors must have one row per example")
        records: list[_Record] = []
        rows: list[int] = []
        batch_ids: set[str] = set()
        ids: list[str] = []
        for i, example in enumerate(examples):
            text = self._text(example)
            eid = example_id(example)
            ids.append(eid)
            metadata = dict(metadatas[i]) if metadatas is not None else {}
            if "task_type" in example:
                metadata.setdefault("task_type", example["task_type"])
            if eid not in batch_ids:
                batch_ids.add(eid)
                records.append((eid, dict(example), metadata, text))
                rows.append(i)
        with self._lock:
            keep_rows = [i for i, r in enumerate(records) if r[0] not in self._positions]
        fresh = [records[i] for i in keep_rows]
        if fresh:
            if vectors is not None:
                vectors = normalize_rows(
                    np.asarray(vectors, dtype=np.float32)[[rows[i] for i in keep_rows]]
                )
            else:
                vectors = embed_texts(
                    self.embeddings, [r[3] for r in fresh], show_progress=self.show_progress
                )
            with self._lock:
                keep = [i for i, r in enumerate(fresh) if r[0] not in self._positions]
                fresh = [fresh[i] for i in keep]
                vectors = vectors[keep]
                if fresh:
                    self._store(fresh, vectors)
        return ids

    def _store(self, records: list[_Record], vectors: np.ndarray) -> None:
        if self.vectorstore is not None:
            add_to_store(self.vectorstore, records)
        else:
            if self._index is None:
                self._index = self._new_index(vectors.shape[1])
            elif vectors.shape[1] != self._index.d:
                raise ValueError(
                    f"embedding dimension {vectors.shape[1]} != index dimension {self._index.d}"
                )
            self._index.add(vectors)
            self._bm25.add([r[3] for r in records])
        for eid, example, metadata, _ in records:
            self._positions[eid] = len(self._examples)
            self._ids.append(eid)
            self._examples.append(example)
            self._metadata.append(metadata)

    # -- selecting ----------------------------------------------------------------------

    def _query(self, input_variables: Mapping[str, Any]) -> str:
        keys = self.query_keys
        if keys is None:
            keys = ["input"] if "input" in input_variables else sorted(input_variables)
        parts = [str(input_variables[key]) for key in keys if key in input_variables]
        if not parts:
            raise KeyError(f"none of the query keys {keys} is in the prompt variables")
        return "\n".join(parts)

    def _query_vector(self, query: str) -> np.ndarray:
        """The query's unit vector, from the LRU cache when the same text came before."""
        size = self.settings.query_cache_size
        if size:
            with self._cache_lock:
                cached = self._query_cache.get(query)
                if cached is not None:
                    self._query_cache.move_to_end(query)
                    return cached
        vector = embed_query(self.embeddings, query)
        if size:
            vector.setflags(write=False)  # shared between callers
            with self._cache_lock:
                self._query_cache[query] = vector
                while len(self._query_cache) > size:
                    self._query_cache.popitem(last=False)
        return vector

    def select_examples(self, input_variables: dict[str, str]) -> list[dict[str, Any]]:
        """Select ``k`` examples for the prompt variables (used by few-shot templates)."""
        return [example for example, _ in self.search_with_scores(self._query(input_variables))]

    async def aselect_examples(self, input_variables: dict[str, str]) -> list[dict[str, Any]]:
        """Async twin of :meth:`select_examples`."""
        return await asyncio.to_thread(self.select_examples, input_variables)

    def search_with_scores(
        self,
        query: str,
        *,
        k: int | None = None,
        task_types: Sequence[str] | None = None,
        metadata_filter: MetadataFilter | None = None,
        query_vector: np.ndarray | None = None,
    ) -> list[tuple[dict[str, Any], float]]:
        """Examples for a query with their score, best first.

        The score is the cosine similarity in dense and MMR modes, cosine plus the
        weighted BM25 bonus in hybrid mode and the BM25 score in lexical mode.
        ``task_types`` and ``metadata_filter`` default to the selector's own.
        ``query_vector`` (a precomputed query embedding) skips embedding the query.
        """
        settings = self.settings
        k = k or settings.k
        types = [get_task_type(t).name for t in task_types] if task_types else settings.task_types
        qvec: np.ndarray | None = None
        if query_vector is not None:
            qvec = normalize_rows(np.asarray(query_vector, dtype=np.float32)[None, :])[0]
        elif settings.search != "lexical":
            qvec = self._query_vector(query)
        with self._lock:
            if not self._examples:
                return []
            allowed = make_filter(
                self._examples,
                self._metadata,
                types,
                metadata_filter or self.metadata_filter,
                settings.min_quality,
            )
            if self.vectorstore is None:
                ranked = self._search_index(settings, query, qvec, k, allowed)
                return [(dict(self._examples[p]), s) for p, s in ranked]
            total = len(self._examples)
        assert qvec is not None
        hits = search_store(
            self.vectorstore,
            self.embeddings,
            qvec,
            k=k,
            want=settings.fetch_k if settings.mmr else k,
            total=total,
            position_of=self._position_of,
            allowed=allowed,
            min_similarity=settings.min_similarity,
            mmr=settings.mmr,
            lambda_mult=settings.lambda_mult,
        )
        with self._lock:
            return [(dict(self._examples[p]), s) for p, s in hits]

    def _position_of(self, eid: str) -> int | None:
        with self._lock:
            return self._positions.get(eid)

    def _dense(
        self, qvec: np.ndarray, want: int, allowed: Callable[[int], bool] | None
    ) -> list[tuple[int, float]]:
        faiss = _import_faiss()
        total = self._index.ntotal
        params = None
        if allowed is not None:
            ids = np.fromiter((i for i in range(total) if allowed(i)), dtype=np.int64)
            if not len(ids):
                return []
            selector = faiss.IDSelectorBatch(ids)
            if self.index_kind == "hnsw":
                params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(64, 2 * want))
            else:
                params = faiss.SearchParameters(sel=selector)
            want = min(want, len(ids))
        # One query over a small store runs on the calling thread: faiss's OpenMP workers
        # wake for little work, then spin against the next query's embedding (10k
        # vectors, AMD EPYC, 2 cores: select p50 11.5 ms this way, 14.6 ms with them).
        # The thread count is per calling thread in OpenMP, and is restored.
        single = total <= _SINGLE_THREAD_SEARCH
        threads = faiss.omp_get_max_threads() if single else 0
        if single:
            faiss.omp_set_num_threads(1)
        try:
            scores, positions = self._index.search(qvec[None, :], min(want, total), params=params)
        finally:
            if single:
                faiss.omp_set_num_threads(threads)
        return [(int(p), float(s)) for p, s in zip(positions[0], scores[0], strict=True) if p >= 0]

    def _lexical_scores(self, query: str, allowed: Callable[[int], bool] | None) -> np.ndarray:
        scores = self._bm25.scores(query)
        if allowed is not None:
            for i in np.flatnonzero(scores):
                if not allowed(int(i)):
                    scores[i] = 0.0
        return scores

    def _vectors(self, positions: list[int]) -> np.ndarray:
        return np.stack([self._index.reconstruct(p) for p in positions])

    def _search_index(
        self,
        settings: SelectorSettings,
        query: str,
        qvec: np.ndarray | None,
        k: int,
        allowed: Callable[[int], bool] | None,
    ) -> list[tuple[int, float]]:
        want = settings.fetch_k if (settings.mmr or settings.search == "hybrid") else k
        cosine: np.ndarray | None = None
        if settings.search == "lexical":
            scores = self._lexical_scores(query, allowed)
            top = top_positions(scores, want)
            positions, values = top.tolist(), scores[top]
        elif settings.search == "dense":
            assert qvec is not None
            dense = self._dense(qvec, want, allowed)
            positions = [p for p, _ in dense]
            values = cosine = np.array([s for _, s in dense], dtype=np.float32)
        else:
            assert qvec is not None
            lexical = self._lexical_scores(query, allowed)
            lexical_top = top_positions(lexical, want)
            dense = self._dense(qvec, want, allowed)
            positions = [p for p, _ in dense]
            known = set(positions)
            extra = [int(p) for p in lexical_top if int(p) not in known]
            cosine = np.array([s for _, s in dense], dtype=np.float32)
            if extra:
                cosine = np.concatenate([cosine, self._vectors(extra) @ qvec])
                positions += extra
            confidence = (
                self._bm25.coverage(query, int(lexical_top[0])) if len(lexical_top) else 0.0
            )
            trust = lexical_trust(
                lexical[lexical_top],
                confidence,
                min_confidence=settings.lexical_min_confidence,
                margin=settings.lexical_margin,
            )
            values = fuse(cosine, lexical[positions], trust, settings.lexical_weight)
            order = np.argsort(-values, kind="stable")
            positions = [positions[i] for i in order]
            values, cosine = values[order], cosine[order]
        if not positions:
            return []
        if qvec is not None and (settings.min_similarity is not None or settings.mmr):
            if cosine is None:
                cosine = self._vectors(positions) @ qvec
            if settings.min_similarity is not None:
                keep = [i for i, c in enumerate(cosine) if c >= settings.min_similarity]
                positions = [positions[i] for i in keep]
                values, cosine = values[keep], cosine[keep]
            if settings.mmr and positions:
                picked = mmr_order(self._vectors(positions), cosine, k, settings.lambda_mult)
                return [(positions[i], float(cosine[i])) for i in picked]
        return [(p, float(v)) for p, v in zip(positions[:k], values[:k], strict=True)]

    # -- persistence --------------------------------------------------------------------

    def save(self, directory: str | Path, *, secret: str | bytes | None = None) -> Path:
        """Save to ``directory``: ``vectors.f32``, ``records.jsonl`` and ``config.json``.

        No pickle is involved. ``config.json`` is written last and holds checksums of the
        other files and of the settings, so an interrupted save or a hand edit is
        detected on load. Checksums catch accidents, not tampering: for an index that
        crosses a trust boundary, pass ``secret`` (or set ``LANGCHAIN_TASKGEN_INDEX_KEY``)
        to sign it with HMAC-SHA256, and load it with the same secret.

        Raises:
            ValueError: For a VectorStore-backed or empty selector, or a metadata filter
                that is a function (it cannot be saved; pass it again at load time).
        """
        if self.vectorstore is not None:
            raise ValueError("a VectorStore-backed selector is persisted by its store")
        if self.metadata_filter is not None and not isinstance(self.metadata_filter, Mapping):
            raise ValueError("a predicate metadata_filter cannot be saved; pass it to load()")
        with self._lock:
            if self._index is None:
                raise ValueError("nothing to save: the selector is empty")
            return save_index(
                directory,
                vectors=self._index.reconstruct_n(0, self._index.ntotal),
                ids=self._ids,
                examples=self._examples,
                metadatas=self._metadata,
                embedding_model=embedding_model_id(self.embeddings),
                settings=self.settings,
                metadata_filter=self.metadata_filter,
                secret=secret,
            )

    @classmethod
    def load(
        cls,
        directory: str | Path,
        *,
        embeddings: Embeddings | None = None,
        secret: str | bytes | None = None,
        metadata_filter: MetadataFilter | None = None,
        **overrides: Any,
    ) -> TaskPairExampleSelector:
        """Load a selector saved with :meth:`save`.

        Every field of the config and records is validated; memory use is bounded by the
        files' size; the faiss index is rebuilt from the saved vectors (HNSW indexes take
        their build time again).

        Args:
            directory: The save directory.
            embeddings: The embeddings to query with; must be the model the index was
                built with (default: the packaged MiniLM, in the int8 variant the index
                records if it was built with one).
            secret: Verify the index's HMAC signature with this secret (default: the
                ``LANGCHAIN_TASKGEN_INDEX_KEY`` environment variable, if set).
            metadata_filter: Replaces the saved metadata filter.
            **overrides: Settings to change (``k``, ``mmr``, ``search`` ...).

        Raises:
            SelectorLoadError: If files are missing, corrupt, edited, unsigned or signed
                with another secret (when one is given), or the embeddings do not match
                the saved model or dimension.
        """
        saved = load_index(directory, secret=secret)
        if embeddings is None:
            embeddings = _default_embeddings_for(saved.embedding_model)
        model = embedding_model_id(embeddings)
        if model != saved.embedding_model:
            raise SelectorLoadError(
                f"the index was built with {saved.embedding_model!r}, not with the given {model!r}"
            )
        dim = saved.vectors.shape[1]
        probe = embed_query(embeddings, "dimension probe")
        if probe.shape[0] != dim:
            raise SelectorLoadError(
                f"embeddings give {probe.shape[0]} dimensions; the index has {dim}"
            )
        selector = cls(
            embeddings=embeddings,
            settings=saved.settings,
            metadata_filter=metadata_filter or saved.metadata_filter,
            **overrides,
        )
        with selector._lock:
            selector._index = selector._new_index(dim)
            selector._index.add(saved.vectors)
            for eid, example, metadata in zip(
                saved.ids, saved.examples, saved.metadatas, strict=True
            ):
                selector._positions[eid] = len(selector._examples)
                selector._ids.append(eid)
                selector._examples.append(example)
                selector._metadata.append(metadata)
            selector._bm25.add([selector._text(e) for e in selector._examples])
        return selector


def _default_embeddings_for(model_name: str) -> Embeddings:
    """The packaged model in the variant an index was built with (float32, int8, ONNX int8).

    An index built with ``precision="int8"`` records ``+int8`` (torch) or ``+onnx-int8``;
    loading it without embeddings must not fall back to the float32 model and refuse.
    """
    if model_name == DEFAULT_EMBEDDING_MODEL + "+onnx-int8":
        return SentenceTransformerEmbeddings(precision="int8", backend="onnx")
    if model_name == DEFAULT_EMBEDDING_MODEL + "+int8":
        return SentenceTransformerEmbeddings(precision="int8", backend="torch")
    return SentenceTransformerEmbeddings()
