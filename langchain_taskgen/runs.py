"""Resumable generation: a journal per output file, so a killed run continues."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langchain_core.documents import Document
from tqdm.auto import tqdm

from langchain_taskgen.chunking import Chunk
from langchain_taskgen.generator import TaskGenerator
from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.report import GenerationReport

logger = logging.getLogger(__name__)
JOURNAL_VERSION = 1


def describe_engine(engine: Any) -> str:
    """A stable description of an engine's model, for run fingerprints."""
    model = getattr(engine, "model", None)
    if model is not None and not isinstance(model, str):
        parts = [type(model).__name__]
        for attr in ("model_name", "model", "openai_api_base", "base_url"):
            value = getattr(model, attr, None)
            if isinstance(value, str):
                parts.append(value)
        return "/".join(parts)
    return f"{type(engine).__name__}:{model}"


def run_fingerprint(generator: TaskGenerator) -> str:
    """Hash of everything that changes what a chunk's generation gives."""
    fmt = generator._format_obj()
    settings = {
        "engine": describe_engine(generator.engine),
        "format": [fmt.name, getattr(fmt, "style", None)],
        "task_types": [t.name for t in generator.task_types],
        "sampling": generator.sampling().__dict__,
        "chunking": [generator.chunk_size, generator.chunk_overlap],
        "checks": [generator.check_answers, generator.deduplicate],
    }
    text = json.dumps(settings, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def chunk_key(fingerprint: str, chunk: Chunk) -> str:
    """Cache key of one chunk under one run's settings."""
    source = str(chunk.metadata.get("source", ""))
    index = chunk.metadata.get("chunk_index", "")
    text = "\x1f".join((fingerprint, source, str(index), chunk.text))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


@dataclass
class RunResult:
    """What a resumable run did."""

    pairs: list[TaskPair]
    report: GenerationReport
    resumed_chunks: int
    generated_chunks: int
    output: Path


class ResumableRun:
    """Generate task pairs into a JSONL file; a killed run continues where it stopped.

    Each batch of chunks is generated in one engine call and then appended to
    ``OUTPUT.journal`` as ONE line (the chunks' keys, their pairs and the batch report),
    flushed and fsynced. A line is therefore either whole or torn; a torn last line
    (kill -9 mid-write) is cut off on restart. Chunks whose key (chunk content + source +
    every generation setting) is in the journal are not generated again. When all chunks
    are done, ``OUTPUT`` is written atomically from the journal, de-duplicated.

    Args:
        generator: The configured generator (model, task types, format, sampling).
        output: The pairs JSONL file to produce.
        chunks_per_batch: Chunks per engine call and journal line.
        fresh: Ignore and replace an existing journal.
        show_progress: Show a progress bar over chunks.

    Example:
        >>> import tempfile, pathlib
        >>> from langchain_core.language_models import FakeListLLM
        >>> gen = TaskGenerator(llm=FakeListLLM(responses=["Q?\\n<|pipe|>\\nA"]),
        ...                     task_type="qa", format="bonito")
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "pairs.jsonl"
        >>> ResumableRun(gen, out).run(["Some text."]).report.accepted
        1
    """

    def __init__(
        self,
        generator: TaskGenerator,
        output: str | Path,
        *,
        chunks_per_batch: int = 16,
        fresh: bool = False,
        show_progress: bool = False,
    ) -> None:
        if chunks_per_batch < 1:
            raise ValueError("chunks_per_batch must be at least 1")
        self.generator = generator
        self.output = Path(output)
        self.journal = self.output.with_name(self.output.name + ".journal")
        self.chunks_per_batch = chunks_per_batch
        self.fresh = fresh
        self.show_progress = show_progress

    def _read_journal(self) -> list[dict[str, Any]]:
        if not self.journal.exists():
            return []
        entries: list[dict[str, Any]] = []
        good_bytes = 0
        with self.journal.open("rb") as handle:
            for raw in handle:
                try:
                    if not raw.endswith(b"\n"):
                        raise ValueError("torn line")
                    entry = json.loads(raw)
                    if entry.get("v") != JOURNAL_VERSION:
                        raise ValueError("unknown journal version")
                except ValueError:
                    logger.warning("journal %s: dropping a torn or bad line", self.journal)
                    break
                entries.append(entry)
                good_bytes += len(raw)
        if good_bytes != self.journal.stat().st_size:
            with self.journal.open("r+b") as handle:
                handle.truncate(good_bytes)
        return entries

    def _append(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
        with self.journal.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())

    def run(self, documents: Sequence[Document | str]) -> RunResult:
        """Chunk the documents, generate what the journal lacks, write the output file."""
        docs = [Document(d) if isinstance(d, str) else d for d in documents]
        chunks, skipped = self.generator.chunker().split(docs)
        fingerprint = run_fingerprint(self.generator)
        keys = [chunk_key(fingerprint, c) for c in chunks]
        self.output.parent.mkdir(parents=True, exist_ok=True)
        if self.fresh and self.journal.exists():
            self.journal.unlink()
        done: dict[str, list[dict[str, Any]]] = {}
        reports: list[GenerationReport] = []
        wanted = set(keys)
        for entry in self._read_journal():
            if set(entry["keys"]) <= wanted:
                done.update(zip(entry["keys"], entry["pairs"], strict=True))
                reports.append(GenerationReport.from_dict(entry["report"]))
        resumed = sum(1 for k in keys if k in done)
        todo = [i for i, k in enumerate(keys) if k not in done]
        if resumed:
            logger.info("resuming: %d of %d chunks already done", resumed, len(chunks))
        with tqdm(
            total=len(chunks),
            initial=resumed,
            desc="chunks",
            unit="chunk",
            disable=not self.show_progress,
        ) as bar:
            for lo in range(0, len(todo), self.chunks_per_batch):
                batch = todo[lo : lo + self.chunks_per_batch]
                per_chunk, report = self.generator.generate_chunks([chunks[i] for i in batch])
                entry = {
                    "v": JOURNAL_VERSION,
                    "keys": [keys[i] for i in batch],
                    "pairs": [[p.to_dict() for p in pairs] for pairs in per_chunk],
                    "report": report.to_dict(),
                }
                self._append(entry)
                done.update(zip(entry["keys"], entry["pairs"], strict=True))
                reports.append(report)
                bar.update(len(batch))
        total = GenerationReport(documents=len(docs), skipped_documents=skipped)
        for report in reports:
            total.merge(report)
        total.documents = len(docs)
        total.chunks = len(chunks)
        pairs: list[TaskPair] = []
        seen: set[str] = set()
        for key in keys:
            for record in done[key]:
                pair = TaskPair.from_dict(record)
                if pair.id in seen:
                    # Same pair from two batches: count it like an in-batch duplicate.
                    total.accepted -= 1
                    total.accepted_by_task[pair.task_type] -= 1
                    total.reject("duplicate", pair.input)
                    continue
                seen.add(pair.id)
                pairs.append(pair)
        tmp = self.output.with_name("." + self.output.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as handle:
            for pair in pairs:
                handle.write(pair.to_json() + "\n")
        os.replace(tmp, self.output)
        self.generator._last_report = total
        return RunResult(pairs, total, resumed, len(todo), self.output)
