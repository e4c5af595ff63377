"""The CPU stage before generation: files or documents in, each input's chunk count out.

A local run cuts its chunks into generation batches of ``batch_chunks`` consecutive
chunks over the whole corpus, and structured tasks draw distractors from the other
chunks of their batch: the Ray path must cut the same batches to give the same pairs.
So each input is loaded and chunked on the cluster (:func:`chunk_inputs`) and the
driver reads back only each input's chunk count (:func:`chunk_offsets`): from them it
knows where every batch starts (:mod:`langchain_taskgen.cluster.segments`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from langchain_core.documents import Document

from langchain_taskgen.cluster.rows import dumps, records
from langchain_taskgen.cluster.spec import GeneratorSpec

ORDER = "order"
"""The column that orders the inputs as a local run would (the CLI numbers files)."""


def order_column(columns: list[str]) -> str:
    """The column that orders the inputs: ``order``, else ``path``, else ``source``.

    Raises:
        ValueError: If the dataset has neither a ``path`` nor a ``text`` column.

    Example:
        >>> order_column(["path"]), order_column(["text", "source", "order"])
        ('path', 'order')
    """
    if "path" not in columns and "text" not in columns:
        raise ValueError(
            "the dataset needs a 'path' column (files to load) or a 'text' column "
            f"(documents); it has {columns}"
        )
    for name in (ORDER, "path", "source"):
        if name in columns:
            return name
    raise ValueError("a dataset of documents needs an 'order' or 'source' column to order them")


def load_file(path: str, encoding: str | None) -> Any:
    """One file loaded on a worker as a local run loads it, its warnings kept, not raised.

    Returns the :class:`~langchain_taskgen.loading.LoadResult`; its ``warnings`` (a
    guessed encoding) travel to the driver with the counts, once per file, instead of
    being raised as warnings in every worker that loads the file.
    """
    from langchain_taskgen.loading import load_paths

    return load_paths([path], encoding=encoding, on_warning=_keep_quiet)


def _keep_quiet(message: str) -> None:
    """``on_warning`` for the workers: the message is in the load result already."""


def eager(dataset: Any) -> Any:
    """Let a one-operator CPU stage start a task on every free CPU at once (in place).

    Ray Data reserves part of the cluster for each operator of a pipeline; with one
    operator the reservation only delays the second task (by about a second on a fresh
    stage: eight 2-second tasks on 2 CPUs took 9.6 s, 8.2 s without it), which a 1-CPU
    cluster never pays. Set on the dataset's own context (shared by the datasets made
    from it), so only for datasets this package made.
    """
    dataset.context.op_resource_reservation_enabled = False
    return dataset


def _load(item: dict[str, Any], encoding: str | None) -> tuple[list[Document], Any]:
    """One input row's documents, and what loading it met (``None`` for a document)."""
    if item.get("path"):
        loaded = load_file(str(item["path"]), encoding)
        return loaded.documents, loaded
    metadata = {k: v for k, v in item.items() if k not in {"text", ORDER, "path"}}
    return [Document(str(item.get("text") or ""), metadata=metadata)], None


COUNT_COLUMNS = [
    "key",
    "path",
    "n_chunks",
    "documents",
    "skipped",
    "problems",
    "skipped_files",
    "warnings",
]
"""The columns of :func:`chunk_inputs` the driver reads (all but ``chunks``)."""


def chunk_inputs(
    batch: Any,
    spec: GeneratorSpec,
    key: str,
    keep_chunks: bool = True,
    encoding: str | None = None,
) -> Any:
    """Map stage: load and chunk each input; one row per input with its counts.

    A file that cannot be loaded gives a row with its problem and the reason it was
    skipped (one bad file never stops the job); documents with no text are counted by
    reason, as ``DocumentChunker.split`` counts them locally; a file read with a
    guessed encoding carries the warning a local run gives. ``encoding``: as
    ``load_paths``'s. With ``keep_chunks=False`` (files, which their segment loads
    again) the chunks themselves are not kept.
    """
    import pandas as pd

    chunker = spec.generator().chunker()
    out = []
    for item in records(batch):
        documents, loaded = _load(item, encoding)
        chunks, skipped = chunker.split(documents)
        out.append(
            {
                "key": item[key],
                "path": str(item.get("path") or ""),
                "n_chunks": len(chunks),
                "documents": len(documents),
                "skipped": dumps(dict(skipped)),
                "problems": dumps(loaded.problems if loaded else []),
                "skipped_files": dumps(dict(loaded.skipped) if loaded else {}),
                "warnings": dumps(loaded.warnings if loaded else []),
                "chunks": dumps([[c.text, c.metadata] for c in chunks] if keep_chunks else []),
            }
        )
    return pd.DataFrame(out, columns=[*COUNT_COLUMNS, "chunks"])


@dataclass
class Counts:
    """The inputs' counts read by the driver (:func:`chunk_offsets`).

    Attributes:
        offsets: Each input key's first chunk's global position.
        documents: Documents loaded.
        skipped: Loaded documents without a chunk, by reason.
        problems: One message per input that could not be loaded, naming it.
        skipped_files: Files not loaded, by reason (as ``LoadResult.skipped``).
        warnings: One message per file read with a guessed encoding.
        total: Chunks of the whole corpus.
    """

    offsets: dict[Any, int] = field(default_factory=dict)
    documents: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)
    skipped_files: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    total: int = 0


def chunk_offsets(counts: Iterator[dict[str, Any]]) -> Counts:
    """From each input's counts (in input order): its first chunk's global position.

    Returns the offsets by input key and the inputs' accounting (:class:`Counts`). This
    is the one read the driver makes before generation: a few numbers per input, never
    a chunk.

    Example:
        >>> rows = [{"key": k, "n_chunks": n, "documents": 1, "skipped": "{}",
        ...          "problems": "[]", "skipped_files": "{}", "warnings": "[]"}
        ...         for k, n in (("a", 3), ("b", 2))]
        >>> counts = chunk_offsets(iter(rows))
        >>> counts.offsets, counts.total
        ({'a': 0, 'b': 3}, 5)
    """
    out = Counts()
    for item in counts:
        out.offsets[item["key"]] = out.total
        out.total += int(item["n_chunks"])
        out.documents += int(item["documents"])
        out.skipped.update(json.loads(item["skipped"]))
        out.problems += json.loads(item["problems"])
        out.skipped_files.update(json.loads(item.get("skipped_files") or "{}"))
        out.warnings += json.loads(item.get("warnings") or "[]")
    return out
