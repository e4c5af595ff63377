"""Resumable generation: a journal per output file, so a killed run continues."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.documents import Document
from tqdm.auto import tqdm

from langchain_taskgen._atomic import atomic_write
from langchain_taskgen.checks.answers import normalize
from langchain_taskgen.construct.question_claims import SHARED_QUESTION_TYPES
from langchain_taskgen.construct.run_limits import RunLimits, apply_limits
from langchain_taskgen.engines.base import PromptResult
from langchain_taskgen.engines.resolve import describe_engine as describe_engine
from langchain_taskgen.generation.chunking import Chunk
from langchain_taskgen.generation.generator import TaskGenerator
from langchain_taskgen.generation.journal import JOURNAL_VERSION as JOURNAL_VERSION  # re-export
from langchain_taskgen.generation.journal import check_entry
from langchain_taskgen.generation.locking import OutputLock as OutputLock  # re-export
from langchain_taskgen.generation.locking import RunLockedError as RunLockedError  # re-export
from langchain_taskgen.generation.plan import GenerationPlan
from langchain_taskgen.generation.report import GenerationReport
from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.pairs.pair import json_line
from langchain_taskgen.tasks import BUILT_IN_TASK_NAMES, TaskType

logger = logging.getLogger(__name__)
# Prompt failures that say nothing about the chunk: the engine could not answer (outage,
# timeout, garbage reply). A chunk with one of these is not journaled, so a rerun retries it.
ENGINE_FAILURES = frozenset({"engine_error"})


def _engine_failure(result: PromptResult, n: int) -> str | None:
    """The engine's error message if this prompt lost completions to an engine failure."""
    if len(result.completions) >= n:
        return None
    reason = result.error or "engine_error"
    if reason not in ENGINE_FAILURES:
        return None
    errors = result.metadata.get("errors") or [result.detail]
    return str(errors[0] or reason)


def _callable_name(func: Any) -> str | None:
    """A name of a builder that is the same in every process (never a memory address)."""
    if func is None:
        return None
    owner = func if hasattr(func, "__qualname__") else type(func)  # a callable object
    return f"{getattr(owner, '__module__', '?')}.{owner.__qualname__}"


def _check_facet(check: Any) -> list[str | None]:
    """A user check as the resume key sees it: its name and, where it has one, its code.

    A rerun with another check (or the same one edited) must judge the chunks again: a
    journal of the old check's verdicts would write pairs the new one never saw.
    """
    code = getattr(check, "__code__", None) or getattr(
        vars(type(check)).get("__call__"), "__code__", None
    )
    body = None
    if code is not None:
        body = hashlib.sha256(code.co_code + repr(code.co_consts).encode()).hexdigest()[:16]
    return [_callable_name(check), body]


def _custom_type_facets(task: TaskType) -> list[Any]:
    builder = task.builder
    return [
        task.name,
        task.full_name,
        task.description,
        str(task.answer),
        sorted(task.labels),
        task.context_in_input,
        task.demonstration,
        _callable_name(builder),
        task.schema_labels,
        str(task.structure),
        task.strict_labels,
        task.about_passage,
        task.round_trip,
        task.written_question,
    ]


def run_fingerprint(generator: TaskGenerator) -> str:
    """Hash of everything that changes what a chunk's generation gives."""
    fmt = generator._format_obj()
    settings = {
        "engine": describe_engine(generator.engine),
        "format": [fmt.name, getattr(fmt, "style", None)],
        # Every facet of a custom type (labels, wording, builder, checks) changes its pairs;
        # built-in types are fixed by the package version.
        "task_types": [
            t.name if t.name in BUILT_IN_TASK_NAMES else _custom_type_facets(t)
            for t in generator.task_types
        ],
        "sampling": generator.sampling().__dict__,
        # The structured format samples once per planned draft: n is in the plan, not in
        # the sampling settings.
        "n": generator.n,
        "chunking": [generator.chunk_size, generator.chunk_overlap],
        "checks": [generator.check_answers, generator.deduplicate],
        "user_checks": [_check_facet(check) for check in generator.checks],
        # Model-written questions change the exqa, qa and qg pairs a chunk gives.
        "model_questions": generator.writes_questions(),
        "code_rewrites": "withheld"
        if generator.withholds_rewrites()
        else generator.rewrites_by_code(),
    }
    if {t.name for t in generator.task_types} & {"wsd", "topic_class", *SHARED_QUESTION_TYPES}:
        # Their journaled pairs became candidates the run limits in corpus order
        # (construct/run_limits.py): a journal of the earlier, already limited pairs is
        # not reused (2: span questions asked once per run joined wsd and topic_class).
        settings["run_limits"] = 2
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
    ``OUTPUT.journal`` as ONE line (the chunks' keys, their pairs, each chunk's report and
    the batch's), flushed and fsynced. A line is therefore either whole or torn; a torn last line
    (kill -9 mid-write) is cut off on restart. Chunks whose key (chunk content + source +
    every generation setting) is in the journal are not generated again. When all chunks
    are done, ``OUTPUT`` is written atomically from the journal, de-duplicated.

    Args:
        generator: The configured generator (model, task types, format, sampling).
        output: The pairs JSONL file to produce.
        chunks_per_batch: Chunks per engine call and journal line.
        fresh: Ignore and replace an existing journal.
        show_progress: Show a progress bar over chunks.
        write_output: Write ``OUTPUT`` when done (``False``: the caller writes it, e.g.
            after checking the pairs, so that ``OUTPUT`` never holds unchecked pairs).
        on_warning: Receives each warning about the journal (default: the log).

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
        write_output: bool = True,
        on_warning: Callable[[str], None] | None = None,
    ) -> None:
        if chunks_per_batch < 1:
            raise ValueError("chunks_per_batch must be at least 1")
        self.generator = generator
        self.output = Path(output)
        self.journal = self.output.with_name(self.output.name + ".journal")
        self.chunks_per_batch = chunks_per_batch
        self.fresh = fresh
        self.show_progress = show_progress
        self.write_output = write_output
        self._warn: Callable[[str], None] = on_warning or (lambda text: logger.warning("%s", text))

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
                check_entry(entry)
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
            self._warn(problem)
        return entries, problems

    def _append(self, entry: dict[str, Any]) -> None:
        # json_line: valid UTF-8 whatever the text holds (a lone surrogate written raw made
        # the line unreadable, so every rerun generated its chunks again).
        line = json_line(entry, default=str) + "\n"
        with self.journal.open("a", encoding="utf-8") as handle:
            handle.write(line)
            handle.flush()
            os.fsync(handle.fileno())

    def _generate_batch(
        self, chunks: list[Chunk]
    ) -> tuple[GenerationPlan, list[PromptResult], list[str | None], float, float]:
        """Plan and send one batch; also says, per chunk, which engine failure it suffered.

        Returns the plan, the engine's results, each chunk's engine failure (``None``:
        none), when the batch started and the seconds spent starting the engine.
        """
        generator = self.generator
        started = time.perf_counter()
        plan = generator.plan(chunks)
        warmup = generator.start_engine() if plan.prompts else 0.0
        results = generator.complete(plan)
        failures: list[str | None] = [None] * len(chunks)
        for job in plan.prompted_jobs:
            assert job.prompt_index is not None
            failure = _engine_failure(results[job.prompt_index], job.completions)
            if failure and failures[job.chunk] is None:
                failures[job.chunk] = failure
        return plan, results, failures, started, warmup

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
        # A chunk's pairs depend on the other chunks of its call (topic_class options, the
        # question deal), so another batch size never reuses them. A changed or added file
        # still reuses the unchanged chunks (issue 21: one changed file of 1000 must not
        # regenerate its batch); their pairs were built beside their old neighbours.
        batched = hashlib.sha256(f"{fingerprint}/{self.chunks_per_batch}".encode()).hexdigest()
        keys = [chunk_key(batched[:16], c) for c in chunks]
        if self.fresh and self.journal.exists():
            self.journal.unlink()
        done: dict[str, list[dict[str, Any]]] = {}
        reports: list[GenerationReport] = []
        wanted = set(keys)
        entries, journal_problems = self._read_journal()
        for entry in entries:
            if entry.get("reports") is not None:
                # One report per chunk: each wanted chunk is taken on its own, so changing
                # one file does not regenerate the unchanged chunks of its batch. A chunk
                # already taken from an earlier entry is not counted again.
                for key, records, chunk_report in zip(
                    entry["keys"], entry["pairs"], entry["reports"], strict=True
                ):
                    if key in wanted and key not in done:
                        done[key] = records
                        reports.append(GenerationReport.from_dict(chunk_report))
                continue
            entry_keys = set(entry["keys"])
            # An entry of an earlier version has one report for its whole batch: it is
            # used whole or not at all, only when every chunk is wanted and none is
            # already covered by an earlier entry (a chunk generated again in another
            # batch, by a run on other inputs, would be counted twice).
            if entry_keys <= wanted and not entry_keys & done.keys():
                done.update(zip(entry["keys"], entry["pairs"], strict=True))
                reports.append(GenerationReport.from_dict(entry["report"]))
        resumed = sum(1 for k in keys if k in done)
        # The same chunk twice (the same file given twice) is generated once.
        first_index: dict[str, int] = {}
        for i, key in enumerate(keys):
            first_index.setdefault(key, i)
        order = list(first_index.values())
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
            for lo in range(0, len(order), self.chunks_per_batch):
                # The run's own batches (see batched_keys): what is left of each.
                batch = [i for i in order[lo : lo + self.chunks_per_batch] if keys[i] not in done]
                if not batch:
                    continue
                plan, results, failures, started, warmup = self._generate_batch(
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
                # Only the good chunks are judged and journaled; the failed ones are asked
                # again by the next run. Their tasks are judged from this batch's plan as
                # it was made, so a structured task that drew a distractor from a failed
                # chunk of the batch is still the same task: a subset of one plan is as
                # correct as the whole.
                # Each chunk is judged on its own (same plan, same results): its own
                # report lets a later run reuse it without its batch. Duplicates across
                # the chunks of a batch are then counted with the cross-batch ones below.
                judged = [self.generator.judge(plan, results, chunks=[j]) for j in good]
                per_chunk = [chunk_pairs[0] for chunk_pairs, _ in judged]
                chunk_reports = [chunk_report for _, chunk_report in judged]
                # The batch's time goes to its first chunk: the sum stays right.
                chunk_reports[0].seconds = time.perf_counter() - started
                chunk_reports[0].engine_start_seconds = warmup
                report = GenerationReport()
                for chunk_report in chunk_reports:
                    report.merge(chunk_report)
                batch = [batch[j] for j in good]
                entry = {
                    "v": JOURNAL_VERSION,
                    "keys": [keys[i] for i in batch],
                    "pairs": [[p.to_dict() for p in pairs] for pairs in per_chunk],
                    "report": report.to_dict(),
                    "reports": [r.to_dict() for r in chunk_reports],
                }
                self._append(entry)
                done.update(zip(entry["keys"], entry["pairs"], strict=True))
                reports.extend(chunk_reports)
        total = GenerationReport(documents=len(docs), skipped_documents=skipped)
        for report in reports:
            total.merge(report)
        total.documents = len(docs)
        total.chunks = len(chunks)
        pairs: list[TaskPair] = []
        seen: set[str] = set()
        limits = RunLimits()
        for key in first_index:
            for record in done.get(key, []):
                pair = TaskPair.from_dict(record)
                if pair.id in seen:
                    # Same pair from two batches: count it like an in-batch duplicate.
                    total.accepted -= 1
                    total.accepted_by_task[pair.task_type] -= 1
                    path = pair.metadata.get("built_by")
                    if isinstance(path, str) and total.accepted_by_path[path] > 0:
                        total.accepted_by_path[path] -= 1
                    labels = total.labels_by_task.get(pair.task_type)
                    if labels is not None and labels[normalize(pair.output)] > 0:
                        labels[normalize(pair.output)] -= 1
                    total.reject("duplicate", pair.input, task=pair.task_type)
                    continue
                seen.add(pair.id)
                # wsd and topic_class candidates: the run's limits, in corpus order over
                # the whole run (resumed chunks included), as on Ray.
                pairs += apply_limits([pair], limits, total)
        if self.write_output:
            # A unique temporary (never a planted symlink) renamed into place.
            with atomic_write(self.output) as handle:
                for pair in pairs:
                    handle.write(pair.to_json() + "\n")
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
