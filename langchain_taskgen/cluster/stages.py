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


def _load(item: dict[str, Any]) -> tuple[list[Document], list[str]]:
    """One input row's documents, and the problems met loading it."""
    if item.get("path"):
        from langchain_taskgen.loading import load_paths

        loaded = load_paths([str(item["path"])])
        return loaded.documents, loaded.problems
    metadata = {k: v for k, v in item.items() if k not in {"text", ORDER, "path"}}
    return [Document(str(item.get("text") or ""), metadata=metadata)], []


def chunk_inputs(batch: Any, spec: GeneratorSpec, key: str, keep_chunks: bool = True) -> Any:
    """Map stage: load and chunk each input; one row per input with its counts.

    A file that cannot be loaded gives a row with its problem and no chunk (one bad
    file never stops the job); documents with no text are counted by reason, as
    ``DocumentChunker.split`` counts them locally. With ``keep_chunks=False`` (files,
    which their segment loads again) the chunks themselves are not kept.
    """
    import pandas as pd

    chunker = spec.generator().chunker()
    out = []
    for item in records(batch):
        documents, problems = _load(item)
        chunks, skipped = chunker.split(documents)
        out.append(
            {
                "key": item[key],
                "path": str(item.get("path") or ""),
                "n_chunks": len(chunks),
                "documents": len(documents),
                "skipped": dumps(dict(skipped)),
                "problems": dumps(problems),
                "chunks": dumps([[c.text, c.metadata] for c in chunks] if keep_chunks else []),
            }
        )
    columns = ["key", "path", "n_chunks", "documents", "skipped", "problems", "chunks"]
    return pd.DataFrame(out, columns=columns)


def chunk_offsets(
    counts: Iterator[dict[str, Any]],
) -> tuple[dict[Any, int], int, Counter[str], list[str], int]:
    """From each input's counts (in input order): its first chunk's global position.

    Returns the offsets by input key, the documents loaded, the skipped documents by
    reason, the inputs' problems, and the total number of chunks. This is the one read
    the driver makes before generation: a few numbers per input, never a chunk.
    """
    offsets: dict[Any, int] = {}
    skipped: Counter[str] = Counter()
    problems: list[str] = []
    documents = total = 0
    for item in counts:
        offsets[item["key"]] = total
        total += int(item["n_chunks"])
        documents += int(item["documents"])
        skipped.update(json.loads(item["skipped"]))
        problems += json.loads(item["problems"])
    return offsets, documents, skipped, problems, total
