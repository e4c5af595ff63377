"""TaskPairExampleSelector: generated pairs as dynamic few-shot examples."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
from langchain_core.documents import Document
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
from langchain_taskgen.lexical import BM25Index
from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.tasks import get_task_type

SearchMode = Literal["dense", "hybrid", "lexical"]
IndexKind = Literal["flat", "hnsw"]
MetadataFilter = Mapping[str, Any] | Callable[[dict[str, Any]], bool]

SAVE_FORMAT = "langchain-taskgen-selector"
SAVE_VERSION = 1
_FILES = ("index.faiss", "records.jsonl")


class SelectorLoadError(ValueError):
    """A saved selector is missing files, corrupt, or does not match the embeddings."""


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


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class TaskPairExampleSelector(BaseExampleSelector):
    """Select the generated pairs most similar to the query, for few-shot prompts.

    Pairs are embedded (sentence-transformers' all-MiniLM-L6-v2 by default, any
    LangChain ``Embeddings`` otherwise) into a faiss index. ``search="hybrid"`` (the
    default and the recommended mode) fuses the embedding ranking with a BM25 ranking by
    reciprocal rank fusion, so exact domain terms ("steward", "NOTICE file") count even
    where a small embedding model blurs them. Filters by task type and metadata apply in
    plain and MMR modes alike; the same example is never returned twice; a minimum
    cosine similarity can be required. Saved without pickle (faiss index file + JSON).

    Args:
        examples: Example dicts to start with (``input``, ``output``, ``task_type`` ...).
        metadatas: Metadata per example, for ``metadata_filter``.
        embeddings: Any LangChain ``Embeddings`` (default: packaged all-MiniLM-L6-v2).
        k: Examples to select.
        search: ``"hybrid"`` (embeddings + BM25), ``"dense"`` or ``"lexical"``.
        mmr: Re-rank candidates by maximal marginal relevance for diversity.
        fetch_k: Candidates per ranking before fusion / MMR.
        lambda_mult: MMR trade-off (1 = relevance only, 0 = diversity only).
        task_types: Only select examples of these task types.
        metadata_filter: ``{key: value}`` (a list value means any of) or a predicate on
            the example's metadata (which includes ``task_type``).
        min_similarity: Drop examples whose cosine similarity to the query is lower.
        embed_keys: Example keys whose values are embedded and indexed.
        query_keys: Prompt variables that form the query (default: ``input`` if present,
            otherwise all string variables).
        index: ``"flat"`` (exact) or ``"hnsw"`` (approximate, for large stores).
        vectorstore: Back the selector with any LangChain ``VectorStore`` instead of faiss
            (dense search only; filters, MMR, threshold and de-duplication still apply).
        rrf_k: Reciprocal rank fusion constant.
        show_progress: Show a progress bar while embedding large batches.

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

    def __init__(
        self,
        examples: Iterable[Mapping[str, Any]] | None = None,
        *,
        metadatas: Sequence[Mapping[str, Any]] | None = None,
        embeddings: Embeddings | None = None,
        k: int = 4,
        search: SearchMode | None = None,
        mmr: bool = False,
        fetch_k: int = 20,
        lambda_mult: float = 0.5,
        task_types: Sequence[str] | None = None,
        metadata_filter: MetadataFilter | None = None,
        min_similarity: float | None = None,
        embed_keys: Sequence[str] = ("input",),
        query_keys: Sequence[str] | None = None,
        index: IndexKind = "flat",
        hnsw_m: int = 16,
        vectorstore: VectorStore | None = None,
        rrf_k: int = 60,
        show_progress: bool = False,
    ) -> None:
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        if search is None:
            search = "dense" if vectorstore is not None else "hybrid"
        if search not in ("dense", "hybrid", "lexical"):
            raise ValueError(f"search must be 'dense', 'hybrid' or 'lexical', got {search!r}")
        if vectorstore is not None and search != "dense":
            raise ValueError("a VectorStore backend supports search='dense' only")
        if index not in ("flat", "hnsw"):
            raise ValueError(f"index must be 'flat' or 'hnsw', got {index!r}")
        if not 0.0 <= lambda_mult <= 1.0:
            raise ValueError("lambda_mult must be in [0, 1]")
        if not embed_keys:
            raise ValueError("embed_keys must name at least one example key")
        self.k = k
        self.search = search
        self.mmr = mmr
        self.fetch_k = max(fetch_k, k)
        self.lambda_mult = lambda_mult
        self.task_types = [get_task_type(t).name for t in task_types] if task_types else None
        self.metadata_filter = metadata_filter
        self.min_similarity = min_similarity
        self.embed_keys = list(embed_keys)
        self.query_keys = list(query_keys) if query_keys else None
        self.index_kind = index
        self.hnsw_m = hnsw_m
        self.vectorstore = vectorstore
        self.rrf_k = rrf_k
        self.show_progress = show_progress
        self._embeddings = embeddings
        self._lock = threading.RLock()
        self._examples: list[dict[str, Any]] = []
        self._metadata: list[dict[str, Any]] = []
        self._ids: list[str] = []
        self._positions: dict[str, int] = {}
        self._index: Any = None
        self._bm25 = BM25Index()
        if examples is not None:
            self.add_examples(list(examples), metadatas=metadatas)

    # -- construction -------------------------------------------------------------------

    @classmethod
    def from_pairs(cls, pairs: Iterable[TaskPair], **kwargs: Any) -> TaskPairExampleSelector:
        """Build a selector from task pairs (their metadata feeds ``metadata_filter``).

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
            metadatas: Metadata per example, for ``metadata_filter``.
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
        records: list[tuple[str, dict[str, Any], dict[str, Any], str]] = []
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

    def _store(
        self, records: list[tuple[str, dict[str, Any], dict[str, Any], str]], vectors: np.ndarray
    ) -> None:
        if self.vectorstore is not None:
            self.vectorstore.add_texts(
                [r[3] for r in records],
                metadatas=[
                    {
                        "taskgen_id": r[0],
                        "taskgen_example": json.dumps(r[1], ensure_ascii=False, default=str),
                        "taskgen_metadata": json.dumps(r[2], ensure_ascii=False, default=str),
                    }
                    for r in records
                ],
                ids=[r[0] for r in records],
            )
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

    def _allowed(
        self, task_types: Sequence[str] | None, metadata_filter: MetadataFilter | None
    ) -> Callable[[int], bool] | None:
        types = set(task_types) if task_types else None
        if types is None and metadata_filter is None:
            return None

        def ok(position: int) -> bool:
            metadata = self._metadata[position]
            if types is not None and self._examples[position].get("task_type") not in types:
                return False
            if metadata_filter is None:
                return True
            if callable(metadata_filter):
                return bool(metadata_filter(metadata))
            for key, wanted in metadata_filter.items():
                value = metadata.get(key, self._examples[position].get(key))
                if isinstance(wanted, list | tuple | set | frozenset):
                    if value not in wanted:
                        return False
                elif value != wanted:
                    return False
            return True

        return ok

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

        The score is the cosine similarity in dense and MMR modes, the fused reciprocal
        rank score in hybrid mode and the BM25 score in lexical mode. ``task_types`` and
        ``metadata_filter`` default to the selector's own. ``query_vector`` (a
        precomputed query embedding) skips embedding the query.
        """
        k = k or self.k
        types = [get_task_type(t).name for t in task_types] if task_types else self.task_types
        allowed = self._allowed(types, metadata_filter or self.metadata_filter)
        qvec: np.ndarray | None = None
        if query_vector is not None:
            qvec = normalize_rows(np.asarray(query_vector, dtype=np.float32)[None, :])[0]
        elif self.search != "lexical":
            qvec = embed_query(self.embeddings, query)
        if self.vectorstore is not None:
            assert qvec is not None
            return self._search_store(qvec, k, allowed)
        with self._lock:
            if not self._examples:
                return []
            return self._search_index(query, qvec, k, allowed)

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
        scores, positions = self._index.search(qvec[None, :], min(want, total), params=params)
        return [(int(p), float(s)) for p, s in zip(positions[0], scores[0], strict=True) if p >= 0]

    def _lexical(
        self, query: str, want: int, allowed: Callable[[int], bool] | None
    ) -> list[tuple[int, float]]:
        scores = self._bm25.scores(query)
        if allowed is not None:
            for i in np.flatnonzero(scores):
                if not allowed(int(i)):
                    scores[i] = 0.0
        hits = np.flatnonzero(scores > 0)
        if len(hits) > want:
            hits = hits[np.argpartition(-scores[hits], want - 1)[:want]]
        hits = hits[np.argsort(-scores[hits], kind="stable")]
        return [(int(i), float(scores[i])) for i in hits]

    def _cosine(self, qvec: np.ndarray, positions: list[int]) -> np.ndarray:
        vectors = np.stack([self._index.reconstruct(p) for p in positions])
        return vectors @ qvec  # type: ignore[no-any-return]

    def _search_index(
        self,
        query: str,
        qvec: np.ndarray | None,
        k: int,
        allowed: Callable[[int], bool] | None,
    ) -> list[tuple[dict[str, Any], float]]:
        want = self.fetch_k if (self.mmr or self.search == "hybrid") else k
        if self.search == "lexical":
            ranked = self._lexical(query, want, allowed)
        elif self.search == "dense":
            assert qvec is not None
            ranked = self._dense(qvec, want, allowed)
        else:
            assert qvec is not None
            fused: dict[int, float] = {}
            for ranking in (self._dense(qvec, want, allowed), self._lexical(query, want, allowed)):
                for rank, (position, _) in enumerate(ranking):
                    fused[position] = fused.get(position, 0.0) + 1.0 / (self.rrf_k + rank + 1)
            ranked = sorted(fused.items(), key=lambda item: -item[1])
        if not ranked:
            return []
        positions = [p for p, _ in ranked]
        if qvec is not None and (self.min_similarity is not None or self.mmr):
            cosine = self._cosine(qvec, positions)
            if self.min_similarity is not None:
                keep = [i for i, c in enumerate(cosine) if c >= self.min_similarity]
                ranked = [ranked[i] for i in keep]
                positions = [positions[i] for i in keep]
                cosine = cosine[keep]
            if self.mmr and positions:
                order = self._mmr(qvec, positions, cosine, k)
                return [(dict(self._examples[positions[i]]), float(cosine[i])) for i in order]
        return [(dict(self._examples[p]), s) for p, s in ranked[:k]]

    def _mmr(
        self, qvec: np.ndarray, positions: list[int], relevance: np.ndarray, k: int
    ) -> list[int]:
        vectors = np.stack([self._index.reconstruct(p) for p in positions])
        return _mmr_order(vectors, relevance, k, self.lambda_mult)

    def _search_store(
        self, qvec: np.ndarray, k: int, allowed: Callable[[int], bool] | None
    ) -> list[tuple[dict[str, Any], float]]:
        assert self.vectorstore is not None
        want = self.fetch_k if self.mmr else k
        fetch = max(want, k) * 2
        chosen: list[tuple[int, Document]] = []
        total = len(self)
        while True:
            docs = self.vectorstore.similarity_search_by_vector(qvec.tolist(), k=fetch)
            seen: set[str] = set()
            chosen = []
            for doc in docs:
                eid = str(doc.metadata.get("taskgen_id") or "")
                with self._lock:
                    position = self._positions.get(eid) if eid else None
                if position is None or eid in seen:
                    continue
                seen.add(eid)
                if allowed is None or allowed(position):
                    chosen.append((position, doc))
            if len(chosen) >= want or len(docs) < fetch or fetch >= total:
                break
            fetch *= 4
        if not chosen:
            return []
        texts = [doc.page_content for _, doc in chosen]
        vectors = embed_texts(self.embeddings, texts)  # already unit vectors
        cosine = vectors @ qvec
        order = list(np.argsort(-cosine, kind="stable"))
        if self.min_similarity is not None:
            order = [i for i in order if cosine[i] >= self.min_similarity]
        if self.mmr and order:
            sub = _mmr_order(vectors[order], cosine[order], k, self.lambda_mult)
            order = [order[i] for i in sub]
        with self._lock:
            return [(dict(self._examples[chosen[i][0]]), float(cosine[i])) for i in order[:k]]

    # -- persistence --------------------------------------------------------------------

    def _settings(self) -> dict[str, Any]:
        return {
            "k": self.k,
            "search": self.search,
            "mmr": self.mmr,
            "fetch_k": self.fetch_k,
            "lambda_mult": self.lambda_mult,
            "task_types": self.task_types,
            "metadata_filter": dict(self.metadata_filter)
            if isinstance(self.metadata_filter, Mapping)
            else None,
            "min_similarity": self.min_similarity,
            "embed_keys": self.embed_keys,
            "query_keys": self.query_keys,
            "index": self.index_kind,
            "hnsw_m": self.hnsw_m,
            "rrf_k": self.rrf_k,
        }

    def save(self, directory: str | Path) -> Path:
        """Save to ``directory``: faiss's index file, ``records.jsonl`` and ``config.json``.

        No pickle is involved. ``config.json`` is written last and holds the checksums of
        the other files, so an interrupted save is detected on load.

        Raises:
            ValueError: For a VectorStore-backed or empty selector.
        """
        if self.vectorstore is not None:
            raise ValueError("a VectorStore-backed selector is persisted by its store")
        faiss = _import_faiss()
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        with self._lock:
            if self._index is None:
                raise ValueError("nothing to save: the selector is empty")
            tmp_index = directory / ".index.faiss.tmp"
            tmp_records = directory / ".records.jsonl.tmp"
            faiss.write_index(self._index, str(tmp_index))
            with tmp_records.open("w", encoding="utf-8") as handle:
                for eid, example, metadata in zip(
                    self._ids, self._examples, self._metadata, strict=True
                ):
                    record = {"id": eid, "example": example, "metadata": metadata}
                    handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            config = {
                "format": SAVE_FORMAT,
                "version": SAVE_VERSION,
                "embedding_model": embedding_model_id(self.embeddings),
                "dimension": int(self._index.d),
                "count": len(self._examples),
                "settings": self._settings(),
                "sha256": {
                    "index.faiss": _sha256(tmp_index),
                    "records.jsonl": _sha256(tmp_records),
                },
            }
            os.replace(tmp_index, directory / "index.faiss")
            os.replace(tmp_records, directory / "records.jsonl")
            tmp_config = directory / ".config.json.tmp"
            tmp_config.write_text(json.dumps(config, indent=2), encoding="utf-8")
            os.replace(tmp_config, directory / "config.json")
        return directory

    @classmethod
    def load(
        cls, directory: str | Path, *, embeddings: Embeddings | None = None, **overrides: Any
    ) -> TaskPairExampleSelector:
        """Load a selector saved with :meth:`save`.

        Args:
            directory: The save directory.
            embeddings: The embeddings to query with; must be the model the index was
                built with (default: the packaged MiniLM).
            **overrides: Settings to change (``k``, ``mmr``, ``search`` ...).

        Raises:
            SelectorLoadError: If files are missing, corrupt, or the embeddings do not
                match the saved model or dimension.
        """
        faiss = _import_faiss()
        directory = Path(directory)
        config_path = directory / "config.json"
        if not config_path.is_file():
            raise SelectorLoadError(f"{directory} is not a saved selector: config.json missing")
        try:
            config = json.loads(config_path.read_text(encoding="utf-8"))
            if config.get("format") != SAVE_FORMAT:
                raise ValueError("not a langchain-taskgen selector")
            if config.get("version") != SAVE_VERSION:
                raise ValueError(f"unsupported save version {config.get('version')}")
            checksums = config["sha256"]
            count, dim, settings = (
                int(config["count"]),
                int(config["dimension"]),
                dict(config["settings"]),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise SelectorLoadError(f"{config_path} is corrupt: {error}") from error
        for name in _FILES:
            path = directory / name
            if not path.is_file():
                raise SelectorLoadError(f"incomplete save in {directory}: {name} is missing")
            if _sha256(path) != checksums.get(name):
                raise SelectorLoadError(f"{path} is corrupt (checksum mismatch)")
        try:
            index = faiss.read_index(str(directory / "index.faiss"))
        except RuntimeError as error:
            raise SelectorLoadError(f"cannot read the faiss index: {error}") from error
        records = [
            json.loads(line)
            for line in (directory / "records.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        if index.ntotal != count or len(records) != count or index.d != dim:
            raise SelectorLoadError(
                f"inconsistent save: config says {count} x {dim}, index has "
                f"{index.ntotal} x {index.d}, records {len(records)}"
            )
        embeddings = embeddings or SentenceTransformerEmbeddings()
        model = embedding_model_id(embeddings)
        if model != config["embedding_model"]:
            raise SelectorLoadError(
                f"the index was built with {config['embedding_model']!r}, "
                f"not with the given {model!r}"
            )
        probe = embed_query(embeddings, "dimension probe")
        if probe.shape[0] != dim:
            raise SelectorLoadError(
                f"embeddings give {probe.shape[0]} dimensions; the index has {dim}"
            )
        settings.update(overrides)
        settings["index"] = settings.get("index", "flat")
        selector = cls(embeddings=embeddings, **settings)
        with selector._lock:
            selector._index = index
            for record in records:
                selector._positions[record["id"]] = len(selector._examples)
                selector._ids.append(record["id"])
                selector._examples.append(record["example"])
                selector._metadata.append(record["metadata"])
            selector._bm25.add([selector._text(e) for e in selector._examples])
        return selector


def _mmr_order(vectors: np.ndarray, relevance: np.ndarray, k: int, lambda_mult: float) -> list[int]:
    """Greedy maximal marginal relevance over candidate vectors."""
    chosen: list[int] = []
    remaining = list(range(len(relevance)))
    while remaining and len(chosen) < k:
        if chosen:
            redundancy = (vectors[remaining] @ vectors[chosen].T).max(axis=1)
        else:
            redundancy = np.zeros(len(remaining))
        scores = lambda_mult * relevance[remaining] - (1 - lambda_mult) * redundancy
        best = remaining[int(np.argmax(scores))]
        chosen.append(best)
        remaining.remove(best)
    return chosen
