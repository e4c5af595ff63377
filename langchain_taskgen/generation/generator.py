"""TaskGenerator: a LangChain Runnable that turns documents into task pairs."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from langchain_core.callbacks import (
    AsyncCallbackManagerForChainRun,
    CallbackManagerForChainRun,
)
from langchain_core.documents import Document
from langchain_core.runnables import RunnableConfig, RunnableSerializable
from pydantic import ConfigDict, Field, PrivateAttr
from tqdm.auto import tqdm

from langchain_taskgen.checks.answers import canonical_label, normalize, validate_pair
from langchain_taskgen.construct.draft import Draft
from langchain_taskgen.engines.base import (
    OutputConstraint,
    PromptResult,
    SamplingConfig,
    TaskEngine,
)
from langchain_taskgen.engines.resolve import default_format_for, resolve_engine
from langchain_taskgen.engines.resolve import looks_like_bonito as looks_like_bonito  # re-export
from langchain_taskgen.errors import TaskParseError
from langchain_taskgen.formats import get_format
from langchain_taskgen.formats.base import TaskFormat
from langchain_taskgen.formats.structured import StructuredFormat
from langchain_taskgen.generation.chunking import (
    DEFAULT_CHUNK_OVERLAP,
    DEFAULT_CHUNK_SIZE,
    Chunk,
    DocumentChunker,
)
from langchain_taskgen.generation.report import GenerationReport
from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.tasks import BUILT_IN_TASK_NAMES, AnswerKind, TaskType, resolve_task_types

logger = logging.getLogger(__name__)

GeneratorInput = Document | str | Sequence[Document | str]


@dataclass
class _Plan:
    """Prompts for one call, and where each came from."""

    owners: list[int]  # input index of each chunk's document
    chunks: list[Chunk]
    jobs: list[tuple[int, TaskType]]  # (chunk index, task type) per prompt
    prompts: list[str]
    n_inputs: int
    report: GenerationReport = field(default_factory=GenerationReport)
    # Structured format only: the planned drafts and, for each, its prompt's index.
    drafts: list[tuple[int, TaskType, Draft, int | None]] = field(default_factory=list)
    structured: bool = False
    # Per prompt: what structured decoding must produce (None: free text).
    constraints: list[OutputConstraint | None] = field(default_factory=list)


def _as_documents(item: Any) -> list[Any]:
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


class TaskGenerator(RunnableSerializable[GeneratorInput, list[TaskPair]]):
    """Generate instruction-tuning task pairs from documents (Bonito-style).

    Documents are chunked (provenance kept), each chunk is asked for each task type
    ``n`` times in ONE batched engine call, completions are parsed, validated per task
    type and de-duplicated. Every completion ends as a pair or as a counted rejection:
    see :attr:`last_report`.

    Args:
        llm: ``None`` for the embedded default model on vLLM, any LangChain LLM or chat
            model, a ``vllm.LLM``, or a :class:`~langchain_taskgen.engines.TaskEngine`
            such as :class:`~langchain_taskgen.VLLMEngine`.
        task_type: One task type or a list (short or Bonito full names).
        format: ``"structured"`` (code builds each task from the passage, the model
            writes only paraphrases and summaries: the most reliable pairs from small
            models), ``"bonito"`` for Bonito-trained models, ``"instruct"`` (or
            ``"instruct-json"``: the model writes whole pairs by prompt), a format
            object, or ``"auto"`` (default): Bonito when the model's name says so,
            structured otherwise.
        n: Completions per chunk and task type.
        chunk_size: Longest chunk (characters, or ``length_function`` units).
        chunk_overlap: Overlap between chunks.
        length_function: Text length measure for chunking (e.g. a token counter).
        max_tokens: Longest completion.
        temperature: Sampling temperature.
        top_p: Nucleus sampling mass.
        stop: Stop sequences (default: the format's own).
        seed: Sampling seed where the engine supports it.
        batch_size: Prompts per engine call; ``None`` sends all prompts of a call at once.
        show_progress: Show a progress bar over engine calls.
        check_answers: Apply the task-aware answer checks (see :func:`validate_pair`).
        deduplicate: Drop exact duplicate pairs within a call.
        checks: Your own steps after the built-in checks: each takes a
            :class:`TaskPair` and returns ``None`` to keep it or a rejection reason
            (counted in the report like the built-in ones). A check that raises costs
            only that pair (``check_error``).

    Example:
        >>> from langchain_core.language_models import FakeListLLM
        >>> llm = FakeListLLM(responses=["{{context}}\\nIs the sky blue?\\n<|pipe|>\\nYes"])
        >>> generator = TaskGenerator(llm=llm, task_type="ynqa", format="bonito")
        >>> pairs = generator.invoke("The sky is blue.")
        >>> pairs[0].output, generator.last_report.accepted
        ('Yes', 1)
    """

    llm: Any = None
    task_type: str | list[str] = "exqa"
    format: str | Any = "auto"
    n: int = Field(default=1, ge=1)
    chunk_size: int = Field(default=DEFAULT_CHUNK_SIZE, gt=0)
    chunk_overlap: int = Field(default=DEFAULT_CHUNK_OVERLAP, ge=0)
    length_function: Callable[[str], int] | None = Field(default=None, exclude=True)
    max_tokens: int = Field(default=256, ge=1)
    temperature: float = Field(default=0.5, ge=0)
    top_p: float = Field(default=0.95, gt=0, le=1)
    stop: list[str] | None = None
    seed: int | None = None
    batch_size: int | None = Field(default=None, ge=1)
    show_progress: bool = False
    check_answers: bool = True
    deduplicate: bool = True
    checks: list[Callable[[TaskPair], str | None]] = Field(default_factory=list, exclude=True)

    model_config = ConfigDict(arbitrary_types_allowed=True)

    _engine: TaskEngine | None = PrivateAttr(default=None)
    _last_report: GenerationReport | None = PrivateAttr(default=None)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def model_post_init(self, context: Any, /) -> None:
        """Check settings early so a bad task type fails at construction."""
        resolve_task_types(self.task_type)
        self._format_obj()
        DocumentChunker(self.chunk_size, self.chunk_overlap)

    @classmethod
    def is_lc_serializable(cls) -> bool:
        """Not serializable: it holds a live engine."""
        return False

    @property
    def engine(self) -> TaskEngine:
        """The engine in use (created on first use; the default model starts lazily)."""
        with self._lock:
            if self._engine is None:
                self._engine = resolve_engine(self.llm)
            return self._engine

    @property
    def task_types(self) -> list[TaskType]:
        """The resolved task types."""
        return resolve_task_types(self.task_type)

    @property
    def last_report(self) -> GenerationReport | None:
        """The report of the most recent call (``None`` before the first call)."""
        return self._last_report

    def _format_obj(self) -> TaskFormat | StructuredFormat:
        if self.format == "auto":
            return get_format(default_format_for(self.llm))
        return get_format(self.format)

    def format_name(self) -> str:
        """The name of the format in use (``"auto"`` resolved)."""
        return str(self._format_obj().name)

    def sampling(self) -> SamplingConfig:
        """The sampling settings sent to the engine."""
        fmt = self._format_obj()
        stop = self.stop
        if stop is None:
            stop = sorted({s for t in self.task_types for s in fmt.stop_sequences(t.name)})
        if isinstance(fmt, StructuredFormat):
            # n distinct drafts are planned per chunk and task type, one completion each;
            # the written parts are single sentences.
            return SamplingConfig(
                max_tokens=min(self.max_tokens, fmt.max_tokens),
                temperature=self.temperature,
                top_p=self.top_p,
                n=1,
                stop=tuple(stop),
                seed=self.seed,
            )
        return SamplingConfig(
            max_tokens=self.max_tokens,
            temperature=self.temperature,
            top_p=self.top_p,
            n=self.n,
            stop=tuple(stop),
            seed=self.seed,
        )

    # -- planning and judging (shared by sync and async) ------------------------------

    def _plan(self, inputs: Sequence[Any]) -> _Plan:
        documents: list[Any] = []
        owners: list[int] = []
        for index, item in enumerate(inputs):
            docs = _as_documents(item)
            documents += docs
            owners += [index] * len(docs)
        report = GenerationReport(documents=len(documents))
        chunks, skipped = self.chunker().split(documents)
        report.skipped_documents.update(skipped)
        return self._plan_chunks(chunks, [owners[c.source] for c in chunks], len(inputs), report)

    def chunker(self) -> DocumentChunker:
        """The chunker built from this generator's chunk settings."""
        return DocumentChunker(self.chunk_size, self.chunk_overlap, self.length_function or len)

    def _plan_chunks(
        self, chunks: list[Chunk], owners: list[int], n_inputs: int, report: GenerationReport
    ) -> _Plan:
        fmt = self._format_obj()
        jobs: list[tuple[int, TaskType]] = []
        prompts: list[str] = []
        if isinstance(fmt, StructuredFormat):
            return self._plan_structured(fmt, chunks, owners, n_inputs, report)
        constraint_for = getattr(fmt, "constraint", None)
        constraints: list[OutputConstraint | None] = []
        for c, chunk in enumerate(chunks):
            for task in self.task_types:
                jobs.append((c, task))
                prompts.append(fmt.prompt(chunk.text, task.name))
                constraints.append(constraint_for(task.name) if constraint_for else None)
        report.chunks = len(chunks)
        report.prompts = len(prompts)
        report.completions = len(prompts) * self.n
        if not any(constraints):
            constraints = []
        return _Plan(owners, chunks, jobs, prompts, n_inputs, report, constraints=constraints)

    def _plan_structured(
        self,
        fmt: StructuredFormat,
        chunks: list[Chunk],
        owners: list[int],
        n_inputs: int,
        report: GenerationReport,
    ) -> _Plan:
        corpus = fmt.read([chunk.text for chunk in chunks])
        plan = _Plan(owners, chunks, [], [], n_inputs, report, structured=True)
        for c in range(len(chunks)):
            for task in self.task_types:
                drafts = fmt.plan(corpus, c, task.name, self.n, self.seed)
                if len(drafts) < self.n:
                    # The passage offers less material than asked (no statement to invert,
                    # no pronoun to resolve): counted, so accepted + rejected == completions.
                    report.reject(
                        "no_material",
                        chunks[c].text[:200],
                        self.n - len(drafts),
                        task.name,
                    )
                for draft in drafts:
                    index = None
                    if draft.needs_model:
                        index = len(plan.prompts)
                        plan.prompts.append(fmt.prompt_for(draft))
                    plan.drafts.append((c, task, draft, index))
        report.chunks = len(chunks)
        report.prompts = len(plan.prompts)
        report.completions = len(chunks) * len(self.task_types) * self.n
        return plan

    def _judge(self, plan: _Plan, results: Sequence[PromptResult]) -> list[list[TaskPair]]:
        if plan.structured:
            return self._judge_structured(plan, results)
        report = plan.report
        fmt = self._format_obj()
        assert not isinstance(fmt, StructuredFormat)
        seen: set[str] = set()
        out: list[list[TaskPair]] = [[] for _ in range(plan.n_inputs)]
        for (chunk_index, task), result in zip(plan.jobs, results, strict=True):
            chunk = plan.chunks[chunk_index]
            completions = result.completions[: self.n]
            missing = self.n - len(completions)
            if missing:
                # A sample can fail while its siblings succeed; its error is in the metadata.
                detail = result.detail or "; ".join(map(str, result.metadata.get("errors", [])))
                report.reject(result.error or "engine_error", detail, missing, task.name)
            for completion in completions:
                report.prompt_tokens += completion.prompt_tokens or 0
                report.completion_tokens += completion.completion_tokens or 0
                if completion.finish_reason == "length":
                    report.reject("truncated", completion.text, task=task.name)
                    continue
                try:
                    task_input, task_output = fmt.parse(completion.text, chunk.text, task.name)
                    if self.check_answers:
                        validate_pair(task_input, task_output, task.name, chunk.text)
                except TaskParseError as error:
                    report.reject(error.reason, completion.text, task=task.name)
                    continue
                except Exception as error:  # noqa: BLE001 - a custom format's bug costs one
                    logger.debug("format %s failed on a completion: %r", fmt.name, error)
                    report.reject("parse_error", completion.text, task=task.name)
                    continue
                if task.answer is AnswerKind.LABEL and task.name not in BUILT_IN_TASK_NAMES:
                    # Your classes exactly as you named them: "Networking." and "networking"
                    # would otherwise train as two classes.
                    task_output = canonical_label(task.name, task_output) or task_output
                pair = TaskPair(
                    input=task_input,
                    output=task_output,
                    task_type=task.name,
                    context=chunk.text,
                    metadata=dict(chunk.metadata),
                )
                reason = self._user_checks(pair)
                if reason is not None:
                    report.reject(reason, completion.text, task=task.name)
                    continue
                if self.deduplicate:
                    if pair.id in seen:
                        report.reject("duplicate", completion.text, task=task.name)
                        continue
                    seen.add(pair.id)
                report.accepted += 1
                report.accepted_by_task[task.name] += 1
                if task.answer is AnswerKind.LABEL:
                    report.labels_by_task.setdefault(task.name, Counter())[
                        normalize(task_output)
                    ] += 1
                out[plan.owners[chunk_index]].append(pair)
        return out

    def _judge_structured(
        self, plan: _Plan, results: Sequence[PromptResult]
    ) -> list[list[TaskPair]]:
        report = plan.report
        fmt = self._format_obj()
        assert isinstance(fmt, StructuredFormat)
        seen: set[str] = set()
        out: list[list[TaskPair]] = [[] for _ in range(plan.n_inputs)]
        for chunk_index, task, draft, prompt_index in plan.drafts:
            chunk = plan.chunks[chunk_index]
            written: str | None = None
            if prompt_index is not None:
                result = results[prompt_index]
                if not result.completions:
                    report.reject(result.error or "engine_error", result.detail, 1, task.name)
                    continue
                completion = result.completions[0]
                report.prompt_tokens += completion.prompt_tokens or 0
                report.completion_tokens += completion.completion_tokens or 0
                if completion.finish_reason == "length":
                    report.reject("truncated", completion.text, task=task.name)
                    continue
                written = completion.text
            try:
                task_input, task_output = fmt.finish(draft, written)
                if self.check_answers:
                    validate_pair(task_input, task_output, task.name, chunk.text)
            except TaskParseError as error:
                report.reject(error.reason, written or error.completion, task=task.name)
                continue
            metadata = dict(chunk.metadata)
            metadata["built_by"] = "model" if draft.needs_model else "code"
            metadata["task_fields"] = dict(draft.fields)
            pair = TaskPair(
                input=task_input,
                output=task_output,
                task_type=task.name,
                context=chunk.text,
                metadata=metadata,
            )
            reason = self._user_checks(pair)
            if reason is not None:
                report.reject(reason, task_output, task=task.name)
                continue
            if self.deduplicate:
                if pair.id in seen:
                    report.reject("duplicate", task_output, task=task.name)
                    continue
                seen.add(pair.id)
            report.accepted += 1
            report.accepted_by_task[task.name] += 1
            report.accepted_by_path[metadata["built_by"]] += 1
            if task.answer is AnswerKind.LABEL:
                report.labels_by_task.setdefault(task.name, Counter())[normalize(task_output)] += 1
            out[plan.owners[chunk_index]].append(pair)
        return out

    @staticmethod
    def _start(engine: TaskEngine, report: GenerationReport) -> None:
        """Start the engine before generating, so its start-up is timed on its own."""
        start = getattr(engine, "start", None)
        if callable(start):
            began = time.perf_counter()
            start()
            report.engine_start_seconds += time.perf_counter() - began

    def _user_checks(self, pair: TaskPair) -> str | None:
        """The first rejection reason of the user's ``checks`` (``None``: keep)."""
        for check in self.checks:
            try:
                reason = check(pair)
            except Exception as error:  # noqa: BLE001 - a buggy check costs one pair
                logger.debug("check %r failed on a pair: %r", check, error)
                return "check_error"
            if reason is not None:
                return str(reason) or "rejected_by_check"
        return None

    def _batch_sampling(
        self, engine: TaskEngine, sampling: SamplingConfig, plan: _Plan, lo: int, hi: int
    ) -> SamplingConfig:
        """``sampling`` with the batch's constraints, where the engine decodes with them."""
        if not plan.constraints or not getattr(engine, "supports_constraints", False):
            return sampling
        return replace(sampling, constraints=tuple(plan.constraints[lo:hi]))

    def _count_decoding(self, engine: TaskEngine, plan: _Plan, results: list[PromptResult]) -> None:
        if not plan.constraints:
            return
        constrained = bool(getattr(engine, "supports_constraints", False))
        for constraint, result in zip(plan.constraints, results, strict=False):
            path = "constrained" if constrained and constraint is not None else "free"
            plan.report.completions_by_decoding[path] += len(result.completions)

    def _batches(self, prompts: list[str]) -> list[tuple[int, int]]:
        size = self.batch_size or max(len(prompts), 1)
        return [(i, min(i + size, len(prompts))) for i in range(0, len(prompts), size)]

    def _finish(self, plan: _Plan, started: float) -> None:
        plan.report.seconds = time.perf_counter() - started
        self._last_report = plan.report
        logger.info("task generation finished\n%s", plan.report.summary())

    # -- the run, sync and async ------------------------------------------------------

    def generate_chunks(
        self, chunks: Sequence[Chunk]
    ) -> tuple[list[list[TaskPair]], GenerationReport]:
        """Generate from ready-made chunks (one engine call); pairs are grouped per chunk.

        Used by resumable runs, which chunk once and generate chunk batches.

        Example:
            >>> from langchain_core.language_models import FakeListLLM
            >>> gen = TaskGenerator(llm=FakeListLLM(responses=["Q?\\n<|pipe|>\\nA"]),
            ...                     task_type="qa", format="bonito")
            >>> per_chunk, report = gen.generate_chunks([Chunk("Some text.", {"x": 1})])
            >>> per_chunk[0][0].metadata, report.accepted
            ({'x': 1}, 1)
        """
        chunks = list(chunks)
        report = GenerationReport(chunks=len(chunks))
        plan = self._plan_chunks(chunks, list(range(len(chunks))), len(chunks), report)
        return self._execute(plan), plan.report

    def prompt_chunk_indices(self, chunks: Sequence[Chunk]) -> list[int]:
        """For :meth:`generate_chunks` on ``chunks``: the chunk index of each prompt sent.

        Resumable runs map engine failures back to chunks with it. In the structured
        format a chunk sends only the prompts its model-written parts need.
        """
        chunks = list(chunks)
        plan = self._plan_chunks(chunks, list(range(len(chunks))), len(chunks), GenerationReport())
        if plan.structured:
            return [c for c, _, _, index in plan.drafts if index is not None]
        return [c for c, _ in plan.jobs]

    def _run(self, inputs: Sequence[Any], callbacks: Any = None) -> list[list[TaskPair]]:
        return self._execute(self._plan(inputs), callbacks)

    def _progress(self, plan: _Plan) -> tqdm[Any]:
        return tqdm(
            total=len(plan.prompts),
            desc="generating tasks",
            unit="prompt",
            disable=not self.show_progress,
        )

    def _execute(self, plan: _Plan, callbacks: Any = None) -> list[list[TaskPair]]:
        started = time.perf_counter()
        results: list[PromptResult] = []
        if plan.prompts:
            engine, sampling = self.engine, self.sampling()
            self._start(engine, plan.report)
            with self._progress(plan) as bar:
                for lo, hi in self._batches(plan.prompts):
                    results += engine.generate(
                        plan.prompts[lo:hi],
                        self._batch_sampling(engine, sampling, plan, lo, hi),
                        callbacks=callbacks,
                    )
                    bar.update(hi - lo)
            self._count_decoding(engine, plan, results)
        pairs = self._judge(plan, results)
        self._finish(plan, started)
        return pairs

    async def _arun(self, inputs: Sequence[Any], callbacks: Any = None) -> list[list[TaskPair]]:
        return await self._aexecute(self._plan(inputs), callbacks)

    async def _aexecute(self, plan: _Plan, callbacks: Any = None) -> list[list[TaskPair]]:
        started = time.perf_counter()
        results: list[PromptResult] = []
        if plan.prompts:
            engine, sampling = self.engine, self.sampling()
            self._start(engine, plan.report)
            with self._progress(plan) as bar:
                for lo, hi in self._batches(plan.prompts):
                    results += await engine.agenerate(
                        plan.prompts[lo:hi],
                        self._batch_sampling(engine, sampling, plan, lo, hi),
                        callbacks=callbacks,
                    )
                    bar.update(hi - lo)
            self._count_decoding(engine, plan, results)
        pairs = self._judge(plan, results)
        self._finish(plan, started)
        return pairs

    def generate_with_report(
        self, documents: GeneratorInput
    ) -> tuple[list[TaskPair], GenerationReport]:
        """Generate pairs and return them with the run's report.

        Example:
            >>> from langchain_core.language_models import FakeListLLM
            >>> gen = TaskGenerator(llm=FakeListLLM(responses=["no pipe"]), task_type="qa",
            ...                     format="bonito")
            >>> pairs, report = gen.generate_with_report("Some text.")
            >>> pairs, dict(report.rejected)
            ([], {'no_separator': 1})
        """
        plan = self._plan([documents])
        return self._execute(plan)[0], plan.report

    async def agenerate_with_report(
        self, documents: GeneratorInput
    ) -> tuple[list[TaskPair], GenerationReport]:
        """Async twin of :meth:`generate_with_report`."""
        plan = self._plan([documents])
        return (await self._aexecute(plan))[0], plan.report

    # -- Runnable interface -------------------------------------------------------------

    def invoke(
        self, input: GeneratorInput, config: RunnableConfig | None = None, **kwargs: Any
    ) -> list[TaskPair]:
        """Generate pairs from a Document, a string, or a list of them."""

        def call(item: GeneratorInput, run_manager: CallbackManagerForChainRun) -> list[TaskPair]:
            return self._run([item], run_manager.get_child())[0]

        return self._call_with_config(call, input, config, run_type="chain")

    async def ainvoke(
        self, input: GeneratorInput, config: RunnableConfig | None = None, **kwargs: Any
    ) -> list[TaskPair]:
        """Async twin of :meth:`invoke`."""

        async def call(
            item: GeneratorInput, run_manager: AsyncCallbackManagerForChainRun
        ) -> list[TaskPair]:
            return (await self._arun([item], run_manager.get_child()))[0]

        return await self._acall_with_config(call, input, config, run_type="chain")

    def batch(
        self,
        inputs: list[GeneratorInput],
        config: RunnableConfig | list[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[list[TaskPair]]:
        """Generate for several inputs with ONE engine call (per ``batch_size``)."""

        def call(
            items: list[GeneratorInput], run_manager: list[CallbackManagerForChainRun]
        ) -> list[Exception | list[TaskPair]]:
            callbacks = run_manager[0].get_child() if run_manager else None
            return list(self._run(items, callbacks))

        return self._batch_with_config(
            call, inputs, config, return_exceptions=return_exceptions, run_type="chain"
        )

    async def abatch(
        self,
        inputs: list[GeneratorInput],
        config: RunnableConfig | list[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[list[TaskPair]]:
        """Async twin of :meth:`batch`."""

        async def call(
            items: list[GeneratorInput], run_manager: list[AsyncCallbackManagerForChainRun]
        ) -> list[Exception | list[TaskPair]]:
            callbacks = run_manager[0].get_child() if run_manager else None
            return list(await self._arun(items, callbacks))

        return await self._abatch_with_config(
            call, inputs, config, return_exceptions=return_exceptions, run_type="chain"
        )
