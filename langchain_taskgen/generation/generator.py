"""TaskGenerator: a LangChain Runnable that turns documents into task pairs."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForChainRun, CallbackManagerForChainRun
from langchain_core.runnables import RunnableConfig, RunnableSerializable
from pydantic import ConfigDict, Field, PrivateAttr

from langchain_taskgen.construct.run_limits import RunLimits, apply_limits
from langchain_taskgen.engines.base import PromptResult, SamplingConfig, TaskEngine
from langchain_taskgen.engines.naming import default_format_for
from langchain_taskgen.engines.naming import looks_like_bonito as looks_like_bonito  # re-export
from langchain_taskgen.engines.resolve import resolve_engine
from langchain_taskgen.formats import get_format
from langchain_taskgen.formats.base import TaskFormat
from langchain_taskgen.generation import asking, writers
from langchain_taskgen.generation.chunking import (
    DEFAULT_CHUNK_OVERLAP,
    DEFAULT_CHUNK_SIZE,
    Chunk,
    DocumentChunker,
)
from langchain_taskgen.generation.inputs import Call, GeneratorInput, chunk_inputs
from langchain_taskgen.generation.judge import judge_plan
from langchain_taskgen.generation.plan import (
    DraftFormat,
    FormatAdapter,
    GenerationPlan,
    adapter_for,
)
from langchain_taskgen.generation.report import GenerationReport
from langchain_taskgen.generation.sending import asend, send
from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.tasks import TaskType, resolve_task_types


class TaskGenerator(RunnableSerializable[GeneratorInput, list[TaskPair]]):
    """Generate instruction-tuning task pairs from documents (Bonito-style).

    Documents are chunked (provenance kept), each chunk is asked for each task type
    ``n`` times in ONE batched engine call, completions are parsed, validated per task
    type and de-duplicated. Every completion ends as a pair or as a counted rejection:
    see :attr:`last_report`. A call is :meth:`plan` (jobs per chunk), :meth:`complete`
    (the engine) and :meth:`judge` (pairs and report), all public; calls from several
    threads at once are safe (each has its own plan and report).

    A generator is one run: the limits that hold over a run (each everyday wsd sentence
    partners at most twice, once under each label; topic_class and sent_comp items only
    while the shallow readers stay at chance; an exqa, qa, qg or mcqa question asked once)
    count over all its calls, so a second call on the same documents gives fewer of
    those pairs (the rest are reported as ``run_limit``), and calls from several threads
    share the limits in the order they reach them. Make a new generator for a new run.
    The rule is :mod:`~langchain_taskgen.construct.run_limits`: :meth:`judge` gives
    those types' *candidates*, and the run takes or drops each in corpus order, so a
    journaled run (``taskgen generate``, :class:`ResumableRun`) and a run on Ray, which
    apply it over the whole run as they write it, give the same pairs.

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
        model_questions: Whether the model writes exqa, qa and qg questions for the
            answers code chose (structured format), each checked with the code question
            as fallback (see ``generation/asking.py``): ``"auto"`` (every engine but the
            embedded default model), ``"on"`` or ``"off"``.
        code_rewrites: Whether nli, te and paraphrase_id build their second sentence by
            code (a listed synonym, a changed number or term: the kind of edit tends to
            give the label away) instead of from the model's checked paraphrase
            (structured format). ``None``: from the model's paraphrase, except on the
            embedded default model, whose paraphrases rarely keep the meaning: there these
            three types give no material (warned once) unless you pass ``True``, and
            neither does ynqa, whose code-built questions a strict reading judged poor.
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
    model_questions: asking.ModelQuestions = "auto"
    code_rewrites: bool | None = None
    checks: list[Callable[[TaskPair], str | None]] = Field(default_factory=list, exclude=True)

    model_config = ConfigDict(arbitrary_types_allowed=True)

    _engine: TaskEngine | None = PrivateAttr(default=None)
    _last_report: GenerationReport | None = PrivateAttr(default=None)
    # True on a Ray worker whose driver has an engine: llm=None there is not the embedded
    # default model (cluster/spec.py sets it).
    _engine_elsewhere: bool = PrivateAttr(default=False)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)
    # What the calls of this generator share, so wsd's and topic_class's limits hold over
    # a whole run. Journaled runs and Ray apply a run's own, in corpus order.
    _run_limits: RunLimits = PrivateAttr(default_factory=RunLimits)

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

    def _format_obj(self) -> TaskFormat | DraftFormat:
        name = default_format_for(self.llm) if self.format == "auto" else self.format
        fmt = get_format(name)
        # By name or as an object (format=StructuredFormat()): the same protections.
        if getattr(fmt, "name", None) == "structured":
            embedded = self.llm is None and not self._engine_elsewhere
            writers.fit_structured(fmt, embedded, self.code_rewrites, self.task_types)
        return fmt

    def rewrites_by_code(self) -> bool:
        """Whether nli, te and paraphrase_id rewrites are built by code (``code_rewrites``).

        Example:
            >>> TaskGenerator(task_type="nli", code_rewrites=True).rewrites_by_code()
            True
        """
        return bool(self.code_rewrites)

    def withholds_rewrites(self) -> bool:
        """Whether nli, te, paraphrase_id (and ynqa) give no material.

        So it is for the embedded default model with ``code_rewrites`` left at ``None``.

        Example:
            >>> TaskGenerator(task_type="nli").withholds_rewrites()  # the embedded default
            True
        """
        return writers.withholds_rewrites(self.llm, self.code_rewrites)

    def format_name(self) -> str:
        """The name of the format in use (``"auto"`` resolved)."""
        return str(self._format_obj().name)

    def writes_questions(self) -> bool:
        """Whether the model is asked to write questions (decided without an engine).

        Example:
            >>> TaskGenerator(task_type="qa").writes_questions()  # the embedded default
            False
        """
        return asking.writes_questions(self.model_questions, self.llm)

    def _adapter(self) -> FormatAdapter:
        return adapter_for(self._format_obj(), self.writes_questions())

    def sampling(self) -> SamplingConfig:
        """The sampling settings sent to the engine."""
        adapter = self._adapter()
        stop = self.stop
        if stop is None:
            stop = sorted(
                {s for t in self.task_types for s in adapter.format.stop_sequences(t.name)}
            )
        return SamplingConfig(
            max_tokens=adapter.max_tokens(self.max_tokens),
            temperature=self.temperature,
            top_p=self.top_p,
            n=adapter.completions_per_prompt(self.n),
            stop=tuple(stop),
            seed=self.seed,
        )

    def chunker(self) -> DocumentChunker:
        """The chunker built from this generator's chunk settings."""
        return DocumentChunker(self.chunk_size, self.chunk_overlap, self.length_function or len)

    # -- plan, complete, judge: the public steps of every call ------------------------

    def plan(self, chunks: Sequence[Chunk]) -> GenerationPlan:
        """Plan the jobs of every chunk: what to ask the engine and how to read the answer.

        A plan is plain data and touches no engine: send it with :meth:`complete`, then
        :meth:`judge` the results (whole, or a subset of the chunks).

        Example:
            >>> from langchain_core.language_models import FakeListLLM
            >>> gen = TaskGenerator(llm=FakeListLLM(responses=["Q?\\n<|pipe|>\\nA"]),
            ...                     task_type=["qa", "ynqa"], format="bonito", n=2)
            >>> plan = gen.plan([Chunk("Some text.", {}), Chunk("More text.", {})])
            >>> len(plan.prompts), plan.completions, plan.prompt_chunk_indices()
            (4, 8, [0, 0, 1, 1])
        """
        return self._adapter().plan(list(chunks), self.task_types, self.n, self.seed)

    def start_engine(self) -> float:
        """Start the engine now if it has a ``start``; returns the seconds it took.

        Calls time it on its own, so a report tells model loading from generation.
        """
        start = getattr(self.engine, "start", None)
        if not callable(start):
            return 0.0
        began = time.perf_counter()
        start()
        return time.perf_counter() - began

    def complete(self, plan: GenerationPlan, callbacks: Any = None) -> list[PromptResult]:
        """Send a plan's prompts to the engine (per ``batch_size``); one result per prompt.

        Engine failures come back as results with an ``error``, never as exceptions
        (except :class:`~langchain_taskgen.EngineError` for an unusable engine). When
        some prompt has an output constraint, each result's ``metadata["decoding"]``
        says whether the engine decoded it ``"constrained"`` or ``"free"``. Questions
        the model wrote (``model_questions``) are checked here too, with a round trip on
        the same engine: the verdicts are in ``metadata["written_questions"]``. See
        :meth:`judge` for an example.
        """
        if not plan.prompts:
            return []
        results = send(self.engine, plan, callbacks=callbacks, **self._send_settings(plan))
        # The round trip of written questions runs here: results then hold every verdict.
        asking.check_written_questions(self.engine, plan, results, self.batch_size)
        return results

    async def acomplete(self, plan: GenerationPlan, callbacks: Any = None) -> list[PromptResult]:
        """Async twin of :meth:`complete`."""
        if not plan.prompts:
            return []
        engine, settings = self.engine, self._send_settings(plan)
        results = await asend(engine, plan, callbacks=callbacks, **settings)
        await asking.acheck_written_questions(engine, plan, results, self.batch_size)
        return results

    def _send_settings(self, plan: GenerationPlan) -> dict[str, Any]:
        # n comes from the plan: it is what each job's completions were planned for.
        sampling = replace(self.sampling(), n=plan.completions_per_prompt)
        return {"sampling": sampling, "batch_size": self.batch_size, "show": self.show_progress}

    def judge(
        self,
        plan: GenerationPlan,
        results: Sequence[PromptResult],
        chunks: Sequence[int] | None = None,
    ) -> tuple[list[list[TaskPair]], GenerationReport]:
        """Turn a plan's results into pairs, with this generator's checks and dedup.

        Args:
            plan: A plan from :meth:`plan`.
            results: One result per prompt of the whole plan (from :meth:`complete`).
            chunks: Indices of the chunks to judge (default: all of them). The report
                covers only these chunks; the plan is not made again, so tasks that drew
                on other chunks of the call (distractors) stay as they were planned.

        Returns:
            The pairs of each judged chunk and the report. Per task type, accepted +
            rejected == the completions the judged chunks stand for. wsd and topic_class
            pairs are candidates here, counted accepted: a run finishes or drops each
            with :func:`~langchain_taskgen.construct.run_limits.apply_limits` in corpus
            order (the other calls of this class do).

        Example:
            >>> from langchain_core.language_models import FakeListLLM
            >>> gen = TaskGenerator(llm=FakeListLLM(responses=["Q?\\n<|pipe|>\\nA", "x"]),
            ...                     task_type="qa", format="bonito")
            >>> plan = gen.plan([Chunk("Some text.", {}), Chunk("More text.", {})])
            >>> results = gen.complete(plan)
            >>> per_chunk, report = gen.judge(plan, results, chunks=[1])
            >>> per_chunk, dict(report.rejected), report.chunks
            ([[]], {'no_separator': 1}, 1)
        """
        return judge_plan(
            plan,
            results,
            chunks=chunks,
            check_answers=self.check_answers,
            deduplicate=self.deduplicate,
            checks=self.checks,
        )

    def prompt_chunk_indices(self, chunks: Sequence[Chunk]) -> list[int]:
        """The chunk index of each prompt sent for ``chunks``: ``plan(chunks)``'s mapping."""
        return self.plan(chunks).prompt_chunk_indices()

    def _chunk_inputs(self, inputs: Sequence[Any]) -> Call:
        chunks, owners, report = chunk_inputs(inputs, self.chunker())
        return Call(self.plan(chunks), owners, len(inputs), report)

    def _execute(self, call: Call, callbacks: Any = None) -> list[list[TaskPair]]:
        started, warmup = time.perf_counter(), self.start_engine() if call.plan.prompts else 0.0
        results = self.complete(call.plan, callbacks)
        pairs = call.finish(self._limited(self.judge(call.plan, results)), started, warmup)
        self._last_report = call.report
        return pairs

    def _limited(
        self, judged: tuple[list[list[TaskPair]], GenerationReport]
    ) -> tuple[list[list[TaskPair]], GenerationReport]:
        """The run's limits on a call's candidates, in chunk order (see ``run_limits``)."""
        per_chunk, report = judged
        with self._lock:  # threads share the run's counts in the order they reach them
            limited = [apply_limits(pairs, self._run_limits, report) for pairs in per_chunk]
        return limited, report

    async def _aexecute(self, call: Call, callbacks: Any = None) -> list[list[TaskPair]]:
        started, warmup = time.perf_counter(), self.start_engine() if call.plan.prompts else 0.0
        results = await self.acomplete(call.plan, callbacks)
        pairs = call.finish(self._limited(self.judge(call.plan, results)), started, warmup)
        self._last_report = call.report
        return pairs

    def generate_chunks(
        self, chunks: Sequence[Chunk]
    ) -> tuple[list[list[TaskPair]], GenerationReport]:
        """Generate from ready-made chunks (one engine call); pairs are grouped per chunk.

        ``plan``, ``complete`` and ``judge`` in one step.

        Example:
            >>> from langchain_core.language_models import FakeListLLM
            >>> gen = TaskGenerator(llm=FakeListLLM(responses=["Q?\\n<|pipe|>\\nA"]),
            ...                     task_type="qa", format="bonito")
            >>> per_chunk, report = gen.generate_chunks([Chunk("Some text.", {"x": 1})])
            >>> per_chunk[0][0].metadata, report.accepted
            ({'x': 1}, 1)
        """
        chunks = list(chunks)
        call = Call(self.plan(chunks), list(range(len(chunks))), len(chunks), GenerationReport())
        return self._execute(call), call.report

    def generate_with_report(
        self, documents: GeneratorInput
    ) -> tuple[list[TaskPair], GenerationReport]:
        """Generate pairs and return them with the run's report.

        Safe to call from several threads at once: each call has its own plan and report.

        Example:
            >>> from langchain_core.language_models import FakeListLLM
            >>> gen = TaskGenerator(llm=FakeListLLM(responses=["no pipe"]), task_type="qa",
            ...                     format="bonito")
            >>> pairs, report = gen.generate_with_report("Some text.")
            >>> pairs, dict(report.rejected)
            ([], {'no_separator': 1})
        """
        call = self._chunk_inputs([documents])
        return self._execute(call)[0], call.report

    async def agenerate_with_report(
        self, documents: GeneratorInput
    ) -> tuple[list[TaskPair], GenerationReport]:
        """Async twin of :meth:`generate_with_report`."""
        call = self._chunk_inputs([documents])
        return (await self._aexecute(call))[0], call.report

    # -- Runnable interface -------------------------------------------------------------

    def invoke(
        self, input: GeneratorInput, config: RunnableConfig | None = None, **kwargs: Any
    ) -> list[TaskPair]:
        """Generate pairs from a Document, a string, or a list of them."""

        def call(item: GeneratorInput, run_manager: CallbackManagerForChainRun) -> list[TaskPair]:
            return self._execute(self._chunk_inputs([item]), run_manager.get_child())[0]

        return self._call_with_config(call, input, config, run_type="chain")

    async def ainvoke(
        self, input: GeneratorInput, config: RunnableConfig | None = None, **kwargs: Any
    ) -> list[TaskPair]:
        """Async twin of :meth:`invoke`."""

        async def call(
            item: GeneratorInput, run_manager: AsyncCallbackManagerForChainRun
        ) -> list[TaskPair]:
            return (await self._aexecute(self._chunk_inputs([item]), run_manager.get_child()))[0]

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
            return list(self._execute(self._chunk_inputs(items), callbacks))

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
            return list(await self._aexecute(self._chunk_inputs(items), callbacks))

        return await self._abatch_with_config(
            call, inputs, config, return_exceptions=return_exceptions, run_type="chain"
        )
