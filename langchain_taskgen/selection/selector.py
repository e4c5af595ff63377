"""TaskPairExampleSelector: generated pairs as dynamic few-shot examples.

The facade LangChain sees (``BaseExampleSelector``): it turns prompt variables into a
query, applies the filters and hands the search to :mod:`~langchain_taskgen.selection.
search` (its own faiss + BM25 index, :mod:`~langchain_taskgen.selection.index`) or to
:mod:`~langchain_taskgen.selection.store` (a LangChain ``VectorStore``).
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings
from langchain_core.example_selectors import BaseExampleSelector
from langchain_core.vectorstores import VectorStore

from langchain_taskgen.embeddings import (
    SentenceTransformerEmbeddings,
    embed_query,
    embed_texts,
    embedding_model_id,
    normalize_rows,
)
from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.selection.filters import MetadataFilter, make_filter
from langchain_taskgen.selection.index import PairIndex, example_id, make_records
from langchain_taskgen.selection.options import IndexKind, SearchMode, SelectorSettings, Setting
from langchain_taskgen.selection.persistence import embeddings_for, load_index, save_index
from langchain_taskgen.selection.query_cache import QueryCache
from langchain_taskgen.selection.search import search_index
from langchain_taskgen.selection.store import add_to_store, search_store
from langchain_taskgen.tasks import get_task_type

__all__ = ["TaskPairExampleSelector", "example_id"]


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

    k = Setting[int]("k")
    search = Setting[SearchMode]("search")
    lexical_weight = Setting[float]("lexical_weight")
    lexical_min_confidence = Setting[float]("lexical_min_confidence")
    lexical_margin = Setting[float]("lexical_margin")
    fetch_k = Setting[int]("fetch_k")
    mmr = Setting[bool]("mmr")
    lambda_mult = Setting[float]("lambda_mult")
    task_types = Setting["list[str] | None"]("task_types")
    min_similarity = Setting["float | None"]("min_similarity")
    min_quality = Setting["float | None"]("min_quality")
    embed_keys = Setting["list[str]"]("embed_keys")
    query_keys = Setting["list[str] | None"]("query_keys")
    index_kind = Setting[IndexKind]("index")
    hnsw_m = Setting[int]("hnsw_m")

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
        self._pairs = PairIndex()
        self._query_cache = QueryCache()
        if examples is not None:
            self.add_examples(list(examples), metadatas=metadatas)

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
        with self._pairs.lock:
            return len(self._pairs)

    def task_type_counts(self) -> dict[str, int]:
        """How many stored examples each task type has, the most first.

        Example:
            >>> from langchain_core.embeddings import FakeEmbeddings
            >>> selector = TaskPairExampleSelector(embeddings=FakeEmbeddings(size=8))
            >>> _ = selector.add_example({"input": "Q?", "output": "A", "task_type": "qa"})
            >>> selector.task_type_counts()
            {'qa': 1}
        """
        with self._pairs.lock:
            counts = Counter(str(e.get("task_type", "?")) for e in self._pairs.examples)
        return dict(counts.most_common())

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
        ids, records, rows = make_records(examples, metadatas, self.embed_keys)
        pairs = self._pairs
        with pairs.lock:
            keep_rows = [i for i, r in enumerate(records) if r[0] not in pairs.positions]
        fresh = [records[i] for i in keep_rows]
        if not fresh:
            return ids
        # Embedding runs outside the lock (it is the slow part); ids stored meanwhile by
        # another thread are dropped below.
        if vectors is not None:
            vectors = normalize_rows(
                np.asarray(vectors, dtype=np.float32)[[rows[i] for i in keep_rows]]
            )
        else:
            vectors = embed_texts(
                self.embeddings, [r[3] for r in fresh], show_progress=self.show_progress
            )
        with pairs.lock:
            keep = [i for i, r in enumerate(fresh) if r[0] not in pairs.positions]
            fresh = [fresh[i] for i in keep]
            if fresh:
                if self.vectorstore is not None:
                    add_to_store(self.vectorstore, fresh)
                    pairs.add(fresh, None, self.settings)
                else:
                    pairs.add(fresh, vectors[keep], self.settings)
        return ids

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
        return self._query_cache.get(
            query, self.settings.query_cache_size, lambda text: embed_query(self.embeddings, text)
        )

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
        pairs = self._pairs
        with pairs.lock:
            if not pairs.examples:
                return []
            allowed = make_filter(
                pairs.examples,
                pairs.metadatas,
                types,
                metadata_filter or self.metadata_filter,
                settings.min_quality,
            )
            if self.vectorstore is None:
                ranked = search_index(pairs, settings, query, qvec, k, allowed)
                return [(dict(pairs.examples[p]), s) for p, s in ranked]
            total = len(pairs)
        # The store is searched without the lock: it may be remote, and slow.
        assert qvec is not None
        hits = search_store(
            self.vectorstore,
            self.embeddings,
            qvec,
            settings,
            k=k,
            total=total,
            position_of=pairs.position_of,
            allowed=allowed,
        )
        with pairs.lock:
            return [(dict(pairs.examples[p]), s) for p, s in hits]

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
        pairs = self._pairs
        with pairs.lock:
            if pairs.faiss is None:
                raise ValueError("nothing to save: the selector is empty")
            return save_index(
                directory,
                vectors=pairs.all_vectors(),
                ids=pairs.ids,
                examples=pairs.examples,
                metadatas=pairs.metadatas,
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
        selector = cls(
            embeddings=embeddings_for(saved, embeddings),
            settings=saved.settings,
            metadata_filter=metadata_filter or saved.metadata_filter,
            **overrides,
        )
        with selector._pairs.lock:
            selector._pairs.restore(
                saved.ids, saved.examples, saved.metadatas, saved.vectors, selector.settings
            )
        return selector
