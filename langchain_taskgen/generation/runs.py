"""Resumable generation: a journal per output file, so a killed run continues."""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.documents import Document
from tqdm.auto import tqdm

from langchain_taskgen.checks.answers import normalize
from langchain_taskgen.engines.base import PromptResult, SamplingConfig, TaskEngine
from langchain_taskgen.engines.resolve import describe_engine as describe_engine
from langchain_taskgen.generation.chunking import Chunk
from langchain_taskgen.generation.generator import TaskGenerator
from langchain_taskgen.generation.report import GenerationReport
from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.tasks import BUILT_IN_TASK_NAMES

logger = logging.getLogger(__name__)
JOURNAL_VERSION = 1
# Prompt failures that say nothing about the chunk: the engine could not answer (outage,
# timeout, garbage reply). A chunk with one of these is not journaled, so a rerun retries it.
ENGINE_FAILURES = frozenset({"engine_error"})


class RunLockedError(RuntimeError):
    """Another process is running on the same output file."""


_held_locks: dict[str, tuple[int, int]] = {}  # real path -> (fd, holders in this process)
_held_guard = threading.Lock()


class OutputLock:
    """An exclusive ``flock`` on ``OUTPUT.lock``: one run per output file at a time.

    The kernel drops a ``flock`` when its holder dies, so a killed run never leaves a stale
    lock. Re-entrant within one process (the CLI takes it before starting the engine, the
    run again).

    Args:
        output: The output file the lock guards.

    Raises:
        RunLockedError: From :meth:`acquire`, if another process holds the lock.
        OSError: From :meth:`acquire`, if the lock file cannot be created (read-only folder).
    """

    def __init__(self, output: str | Path) -> None:
        output = Path(output)
        self.path = output.with_name(output.name + ".lock")
        self._key = str(self.path.resolve())
        self._held = False

    def acquire(self) -> OutputLock:
        """Take the lock without waiting."""
        if self._held:
            return self
        with _held_guard:
            if self._key in _held_locks:
                fd, count = _held_locks[self._key]
                _held_locks[self._key] = (fd, count + 1)
                self._held = True
                return self
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 64).decode(errors="replace").strip() or "?"
                os.close(fd)
                raise RunLockedError(
                    f"another run is writing {self.path.name[: -len('.lock')]} "
                    f"(pid {holder} holds {self.path}); wait for it to finish"
                ) from None
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            _held_locks[self._key] = (fd, 1)
            self._held = True
        return self

    def release(self) -> None:
        """Release the lock (the file stays; a lock file alone locks nothing)."""
        if not self._held:
            return
        with _held_guard:
            fd, count = _held_locks[self._key]
            if count > 1:
                _held_locks[self._key] = (fd, count - 1)
            else:
                del _held_locks[self._key]
                os.close(fd)
            self._held = False

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


class _RecordingEngine:
    """Passes calls through to an engine and keeps every prompt's result, in order."""

    def __init__(self, engine: TaskEngine) -> None:
        self.engine = engine
        self.results: list[PromptResult] = []
        self.supports_constraints = bool(getattr(engine, "supports_constraints", False))

    def start(self) -> None:
        start = getattr(self.engine, "start", None)
        if callable(start):
            start()

    def generate(
        self, prompts: Sequence[str], sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        out = self.engine.generate(prompts, sampling, callbacks=callbacks)
        self.results += out
        return out

    async def agenerate(
        self, prompts: Sequence[str], sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        out = await self.engine.agenerate(prompts, sampling, callbacks=callbacks)
        self.results += out
        return out


class _ReplayEngine:
    """Answers with results recorded earlier, in order (no model call)."""

    def __init__(self, results: list[PromptResult], supports_constraints: bool = False) -> None:
        self._results = list(results)
        # As the engine that produced the results, so decoding paths are counted alike.
        self.supports_constraints = supports_constraints

    def generate(
        self, prompts: Sequence[str], sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        out, self._results = self._results[: len(prompts)], self._results[len(prompts) :]
        return out

    async def agenerate(
        self, prompts: Sequence[str], sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        return self.generate(prompts, sampling, callbacks=callbacks)


def _engine_failure(result: PromptResult, n: int) -> str | None:
    """The engine's error message if this prompt lost completions to an engine failure."""
    if len(result.completions) >= n:
        return None
    reason = result.error or "engine_error"
    if reason not in ENGINE_FAILURES:
        return None
    errors = result.metadata.get("errors") or [result.detail]
    return str(errors[0] or reason)


def _check_entry(entry: Any) -> None:
    """Raise ValueError unless a journal line has the shape this version writes."""
    if not isinstance(entry, dict):
        raise ValueError("not a JSON object")
    if entry.get("v") != JOURNAL_VERSION:
        raise ValueError(f"unknown journal version {entry.get('v')!r}")
    keys, pairs, report = entry.get("keys"), entry.get("pairs"), entry.get("report")
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise ValueError("'keys' is not a list of strings")
    if not isinstance(pairs, list) or len(pairs) != len(keys):
        raise ValueError("'pairs' is not a list as long as 'keys'")
    if not isinstance(report, dict):
        raise ValueError("'report' is not an object")
    for chunk_pairs in pairs:
        if not isinstance(chunk_pairs, list):
            raise ValueError("'pairs' holds a non-list")
        for record in chunk_pairs:
            if not isinstance(record, dict):
                raise ValueError("a pair is not an object")
            TaskPair.from_dict(record)
    GenerationReport.from_dict(report)


def run_fingerprint(generator: TaskGenerator) -> str:
    """Hash of everything that changes what a chunk's generation gives."""
    fmt = generator._format_obj()
    settings = {
        "engine": describe_engine(generator.engine),
        "format": [fmt.name, getattr(fmt, "style", None)],
        # A custom type's labels and wording change its pairs; built-in types are fixed.
        "task_types": [
            t.name
            if t.name in BUILT_IN_TASK_NAMES
            else [t.name, t.full_name, t.description, sorted(t.labels)]
            for t in generator.task_types
        ],
        "sampling": generator.sampling().__dict__,
        # The structured format samples once per planned draft: n is in the plan, not in
        # the sampling settings.
        "n": generator.n,
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
    # surrogatepass: text decoded from a broken PDF may hold lone surrogates.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]


@dataclass
class RunResult:
    """What a resumable run did."""

    pairs: list[TaskPair]
    report: GenerationReport
    resumed_chunks: int
    generated_chunks: int
    output: Path
    failed_chunks: int = 0
    engine_errors: list[str] = field(default_factory=list)
    journal_problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether every chunk is done (no chunk is waiting to be retried)."""
        return not self.failed_chunks


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

    def _read_journal(self) -> tuple[list[dict[str, Any]], list[str]]:
        """The journal's good entries, and one message per damaged line (which is skipped).

        A damaged line costs only its own chunks (they are generated again); a torn last
        line (no newline: a kill during the write) is cut off so the next append is clean.
        """
        if not self.journal.exists():
            return [], []
        entries: list[dict[str, Any]] = []
        problems: list[str] = []
        data = self.journal.read_bytes()
        lines = data.split(b"\n")
        torn = lines.pop()  # b"" when the file ends with a newline
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            try:
                entry = json.loads(raw.decode("utf-8"))
                _check_entry(entry)
            except (ValueError, TypeError, KeyError, UnicodeDecodeError) as error:
                problems.append(f"{self.journal}:{number}: damaged line skipped ({error})")
                continue
            entries.append(entry)
        if torn:
            problems.append(
                f"{self.journal}:{len(lines) + 1}: torn last line cut off (interrupted write)"
            )
            with self.journal.open("r+b") as handle:
                handle.truncate(len(data) - len(torn))
        for problem in problems:
            logger.warning("%s", problem)
        return entries, problems

    def _append(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
        with self.journal.open("a", encoding="utf-8", errors="surrogatepass") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())

    def _replay(
        self, chunks: list[Chunk], results: list[list[PromptResult]]
    ) -> tuple[list[list[TaskPair]], GenerationReport]:
        """Judge recorded engine results again for a subset of a batch's chunks."""
        generator = self.generator
        real = generator.engine
        generator._engine = _ReplayEngine(
            [r for group in results for r in group],
            bool(getattr(real, "supports_constraints", False)),
        )
        try:
            return generator.generate_chunks(chunks)
        finally:
            generator._engine = real

    def _generate_batch(
        self, chunks: list[Chunk]
    ) -> tuple[list[list[TaskPair]], GenerationReport, list[str | None], list[list[PromptResult]]]:
        """Generate one batch; also says, per chunk, which engine failure it suffered."""
        generator = self.generator
        recorder = _RecordingEngine(generator.engine)
        # Swap a recorder in for this call so the per-prompt results can be mapped back to
        # their chunks (the generator's report counts them only in total).
        generator._engine = recorder
        try:
            per_chunk, report = generator.generate_chunks(chunks)
        finally:
            generator._engine = recorder.engine
        failures: list[str | None] = [None] * len(chunks)
        n = generator.sampling().n  # completions per prompt (1 in the structured format)
        owners = generator.prompt_chunk_indices(chunks)
        results = recorder.results
        if len(results) != len(owners) or generator.format_name() == "structured":
            # Unknown prompt layout, or a format whose tasks draw on the other chunks of
            # the batch (distractors): any engine failure fails the whole batch.
            failed = next((e for r in results if (e := _engine_failure(r, n))), None)
            return per_chunk, report, [failed] * len(chunks), [[] for _ in chunks]
        for owner, result in zip(owners, results, strict=True):
            failure = _engine_failure(result, n)
            if failure and failures[owner] is None:
                failures[owner] = failure
        grouped: list[list[PromptResult]] = [[] for _ in chunks]
        for owner, result in zip(owners, results, strict=True):
            grouped[owner].append(result)
        return per_chunk, report, failures, grouped

    def run(self, documents: Sequence[Document | str]) -> RunResult:
        """Chunk the documents, generate what the journal lacks, write the output file.

        Chunks whose prompts failed for engine reasons (outage, timeout, garbage reply) are
        not journaled: :attr:`RunResult.failed_chunks` counts them, the output holds the
        chunks that are done, and running again retries only the failed ones.

        Raises:
            RunLockedError: If another process is running on the same output.
        """
        self.output.parent.mkdir(parents=True, exist_ok=True)
        with OutputLock(self.output):
            return self._run(documents)

    def _run(self, documents: Sequence[Document | str]) -> RunResult:
        docs = [Document(d) if isinstance(d, str) else d for d in documents]
        chunks, skipped = self.generator.chunker().split(docs)
        fingerprint = run_fingerprint(self.generator)
        keys = [chunk_key(fingerprint, c) for c in chunks]
        if self.fresh and self.journal.exists():
            self.journal.unlink()
        done: dict[str, list[dict[str, Any]]] = {}
        reports: list[GenerationReport] = []
        wanted = set(keys)
        entries, journal_problems = self._read_journal()
        for entry in entries:
            if set(entry["keys"]) <= wanted:
                done.update(zip(entry["keys"], entry["pairs"], strict=True))
                reports.append(GenerationReport.from_dict(entry["report"]))
        resumed = sum(1 for k in keys if k in done)
        # The same chunk twice (the same file given twice) is generated once.
        first_index: dict[str, int] = {}
        for i, key in enumerate(keys):
            first_index.setdefault(key, i)
        todo = [i for k, i in first_index.items() if k not in done]
        if resumed:
            logger.info("resuming: %d of %d chunks already done", resumed, len(chunks))
        failed_chunks = 0
        engine_errors: list[str] = []
        with tqdm(
            total=len(first_index),
            initial=len(first_index) - len(todo),
            desc="chunks",
            unit="chunk",
            disable=not self.show_progress,
        ) as bar:
            for lo in range(0, len(todo), self.chunks_per_batch):
                batch = todo[lo : lo + self.chunks_per_batch]
                per_chunk, report, failures, results = self._generate_batch(
                    [chunks[i] for i in batch]
                )
                bar.update(len(batch))
                good = [j for j, failure in enumerate(failures) if failure is None]
                for failure in failures:
                    if failure is not None:
                        failed_chunks += 1
                        if len(engine_errors) < 5 and failure not in engine_errors:
                            engine_errors.append(failure)
                if not good:
                    continue
                if len(good) < len(batch):
                    # The batch's pairs and report include the failed chunks: judge the good
                    # chunks' recorded results again, alone, so the journal holds only them.
                    seconds = report.seconds
                    per_chunk, report = self._replay(
                        [chunks[batch[j]] for j in good], [results[j] for j in good]
                    )
                    report.seconds = seconds
                    batch = [batch[j] for j in good]
                entry = {
                    "v": JOURNAL_VERSION,
                    "keys": [keys[i] for i in batch],
                    "pairs": [[p.to_dict() for p in pairs] for pairs in per_chunk],
                    "report": report.to_dict(),
                }
                self._append(entry)
                done.update(zip(entry["keys"], entry["pairs"], strict=True))
                reports.append(report)
        total = GenerationReport(documents=len(docs), skipped_documents=skipped)
        for report in reports:
            total.merge(report)
        total.documents = len(docs)
        total.chunks = len(chunks)
        pairs: list[TaskPair] = []
        seen: set[str] = set()
        for key in first_index:
            for record in done.get(key, []):
                pair = TaskPair.from_dict(record)
                if pair.id in seen:
                    # Same pair from two batches: count it like an in-batch duplicate.
                    total.accepted -= 1
                    total.accepted_by_task[pair.task_type] -= 1
                    labels = total.labels_by_task.get(pair.task_type)
                    if labels is not None and labels[normalize(pair.output)] > 0:
                        labels[normalize(pair.output)] -= 1
                    total.reject("duplicate", pair.input, task=pair.task_type)
                    continue
                seen.add(pair.id)
                pairs.append(pair)
        tmp = self.output.with_name("." + self.output.name + ".tmp")
        with tmp.open("w", encoding="utf-8", errors="surrogatepass") as handle:
            for pair in pairs:
                handle.write(pair.to_json() + "\n")
        os.replace(tmp, self.output)
        return RunResult(
            pairs,
            total,
            resumed,
            len(todo) - failed_chunks,
            self.output,
            failed_chunks=failed_chunks,
            engine_errors=engine_errors,
            journal_problems=journal_problems,
        )
