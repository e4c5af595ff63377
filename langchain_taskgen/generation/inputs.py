"""What a generator call receives: documents or strings, chunked with their owners kept."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.documents import Document

from langchain_taskgen.generation.chunking import Chunk, DocumentChunker
from langchain_taskgen.generation.plan import GenerationPlan
from langchain_taskgen.generation.report import GenerationReport
from langchain_taskgen.pairs import TaskPair

# The generator's logger: "task generation finished" is logged where it always was.
logger = logging.getLogger("langchain_taskgen.generation.generator")

GeneratorInput = Document | str | Sequence[Document | str]
"""One input of a generator call: a Document, a string, or a list of them."""


def as_documents(item: Any) -> list[Any]:
    """One input as a list of Documents (non-text items pass through to be counted).

    Raises:
        TypeError: For anything but a Document, a string or a sequence of them.

    Example:
        >>> [d.page_content for d in as_documents(["a", Document("b")])]
        ['a', 'b']
    """
    if isinstance(item, Document):
        return [item]
    if isinstance(item, str):
        return [Document(page_content=item)]
    if isinstance(item, Sequence):
        return [Document(page_content=x) if isinstance(x, str) else x for x in item]
    raise TypeError(
        "TaskGenerator input must be a Document, a string, or a list of them; got "
        f"{type(item).__name__}"
    )


def chunk_inputs(
    inputs: Sequence[Any], chunker: DocumentChunker
) -> tuple[list[Chunk], list[int], GenerationReport]:
    """The chunks of all inputs, the input each came from, and the document counts."""
    documents: list[Any] = []
    owners: list[int] = []
    for index, item in enumerate(inputs):
        docs = as_documents(item)
        documents += docs
        owners += [index] * len(docs)
    chunks, skipped = chunker.split(documents)
    report = GenerationReport(documents=len(documents), skipped_documents=Counter(skipped))
    return chunks, [owners[c.source] for c in chunks], report


@dataclass
class Call:
    """One generator call: its plan, the input each chunk came from, and its report.

    ``report`` starts with the document counts; the judged counts are merged into it.
    """

    plan: GenerationPlan
    owners: list[int]
    n_inputs: int
    report: GenerationReport

    def finish(
        self,
        judged: tuple[Sequence[list[TaskPair]], GenerationReport],
        started: float,
        engine_start_seconds: float,
    ) -> list[list[TaskPair]]:
        """Merge the judged report into :attr:`report`; the pairs regrouped per input."""
        per_chunk, judged_report = judged
        report = self.report.merge(judged_report)
        report.engine_start_seconds = engine_start_seconds
        report.seconds = time.perf_counter() - started
        logger.info("task generation finished\n%s", report.summary())
        out: list[list[TaskPair]] = [[] for _ in range(self.n_inputs)]
        for owner, pairs in zip(self.owners, per_chunk, strict=True):
            out[owner] += pairs
        return out
