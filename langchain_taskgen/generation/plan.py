"""The plan of a generation call: per chunk, the jobs that will each end as pairs or reasons.

A *job* is one (chunk, task type) unit of work: a prompt for the engine (or none, when code
built the whole pair), how many completions it stands for, an optional output constraint,
and how a completion becomes ``(input, output)``. Every format becomes jobs here:

* a prompted format (Bonito, instruct, or any object following
  :class:`~langchain_taskgen.formats.base.TaskFormat`) through one generic adapter: one job
  per chunk and task type, one prompt, ``n`` completions, parsed by ``format.parse``;
* a drafting format (the structured format: ``read``/``plan``/``prompt_for``/``finish``)
  through another: one job per draft, one completion, a prompt only where a model must
  write part of the task. A chunk with less material than asked records the shortfall
  as plan-time rejections (``no_material``). With ``ask_questions``, a code-built
  question draft of a type with a ``written_question`` facet (exqa, qa, qg) also asks the
  model to write its question for the answer code chose (:attr:`Job.asking`); the code
  question stays the fallback.

:func:`adapter_for` is the one place where the kind of format is decided.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable

from langchain_taskgen.construct.asking import QuestionAsk
from langchain_taskgen.engines.base import OutputConstraint
from langchain_taskgen.formats.base import TaskFormat
from langchain_taskgen.generation.chunking import Chunk
from langchain_taskgen.tasks import TaskType

logger = logging.getLogger(__name__)

Reader = Callable[[str | None], tuple[str, str]]
"""Turns a completion's text (``None`` for a code-built job) into ``(input, output)``.

Raises :class:`~langchain_taskgen.TaskParseError` with a reason for a bad completion.
"""

_NO_FIELDS: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Job:
    """One unit of a plan: a chunk asked for one task (one prompt, or none).

    Attributes:
        chunk: Index of the chunk in :attr:`GenerationPlan.chunks`.
        task: The task type.
        read: How a completion (``None`` when code built the pair) becomes
            ``(input, output)``; raises :class:`~langchain_taskgen.TaskParseError`.
        prompt: The text sent to the engine; ``None`` when code built the whole pair.
        prompt_index: Position of :attr:`prompt` in :attr:`GenerationPlan.prompts`
            (``None`` without a prompt): the engine's result for it has the same index.
        completions: Completions this job stands for (``n`` for a prompted format, one
            per draft); each ends as a pair or a counted rejection.
        constraint: What structured decoding must produce (``None``: free text).
        built_by: ``"code"`` or ``"model"`` for drafted tasks (counted in
            :attr:`GenerationReport.accepted_by_path` and kept in the pair's metadata);
            ``None`` for prompted formats.
        fields: Provenance kept in the pair's metadata as ``task_fields`` (drafted tasks).
        asking: Set when the prompt asks the model to write the question of a code-built
            task: ``read(None)`` gives the code-built pair, and the judge puts the written
            question in it only where it passed its checks and the round trip.
        context: The pair's context when the draft shows only part of its chunk (a
            section without its heading); ``None``: the chunk's text.
    """

    chunk: int
    task: TaskType
    read: Reader
    prompt: str | None = None
    prompt_index: int | None = None
    completions: int = 1
    constraint: OutputConstraint | None = None
    built_by: str | None = None
    fields: Mapping[str, Any] = field(default_factory=lambda: _NO_FIELDS)
    asking: QuestionAsk | None = None
    context: str | None = None


@dataclass(frozen=True)
class PlanRejection:
    """Completions a chunk could not even be planned for (e.g. ``no_material``).

    Attributes:
        task: The task type.
        reason: The rejection reason counted in the report.
        count: Completions rejected.
        example: A snippet of the chunk, for the report's examples.
    """

    task: str
    reason: str
    count: int
    example: str = ""


@dataclass
class ChunkPlan:
    """The jobs of one chunk and its plan-time rejections."""

    chunk: Chunk
    jobs: list[Job] = field(default_factory=list)
    rejections: list[PlanRejection] = field(default_factory=list)

    @property
    def completions(self) -> int:
        """Completions this chunk stands for (accepted + rejected once judged)."""
        return sum(j.completions for j in self.jobs) + sum(r.count for r in self.rejections)


@dataclass
class GenerationPlan:
    """What one generation call will ask, per chunk; made by ``TaskGenerator.plan``.

    A plan is plain data: it can be sent to the engine once
    (``TaskGenerator.complete``) and judged any number of times, whole or a subset of
    its chunks (``TaskGenerator.judge``).

    Attributes:
        parts: One :class:`ChunkPlan` per chunk, in chunk order.
        format_name: The format the plan was made with.
        completions_per_prompt: ``n`` sent to the engine for every prompt.

    Example:
        >>> from langchain_taskgen.formats import BonitoFormat
        >>> from langchain_taskgen.tasks import resolve_task_types
        >>> plan = adapter_for(BonitoFormat()).plan(
        ...     [Chunk("The sky is blue.", {})], resolve_task_types(["ynqa", "qa"]), n=2
        ... )
        >>> len(plan.prompts), plan.completions, plan.prompt_chunk_indices()
        (2, 4, [0, 0])
    """

    parts: list[ChunkPlan]
    format_name: str
    completions_per_prompt: int = 1
    _prompted: list[Job] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        self._prompted = [j for part in self.parts for j in part.jobs if j.prompt is not None]
        for index, job in enumerate(self._prompted):
            if job.prompt_index != index:
                raise ValueError("prompt_index must number the plan's prompts in order")

    @property
    def chunks(self) -> list[Chunk]:
        """The planned chunks, in order."""
        return [part.chunk for part in self.parts]

    @property
    def prompted_jobs(self) -> list[Job]:
        """The jobs that send a prompt, in prompt order."""
        return list(self._prompted)

    @property
    def prompts(self) -> list[str]:
        """Every prompt of the plan, in the order the engine gets them."""
        return [j.prompt for j in self._prompted if j.prompt is not None]

    @property
    def constraints(self) -> list[OutputConstraint | None]:
        """One constraint per prompt, or ``[]`` when every prompt is free text."""
        constraints = [j.constraint for j in self._prompted]
        return constraints if any(constraints) else []

    @property
    def completions(self) -> int:
        """Completions the whole plan stands for."""
        return sum(part.completions for part in self.parts)

    def jobs(self) -> Iterator[Job]:
        """Every job, chunk by chunk."""
        for part in self.parts:
            yield from part.jobs

    def prompt_chunk_indices(self) -> list[int]:
        """The chunk index of each prompt (maps engine results back to chunks)."""
        return [j.chunk for j in self._prompted]


@runtime_checkable
class DraftFormat(Protocol):
    """A format where code drafts each task and the model writes at most one part.

    The structured format is one; a custom format with these methods is planned alike.
    """

    name: str

    def read(self, passages: Sequence[str]) -> Any:
        """Read the passages of one call (a corpus the drafts are built from)."""
        ...

    def plan(
        self, corpus: Any, index: int, task_type: str, n: int = 1, seed: int | None = None
    ) -> list[Any]:
        """Up to ``n`` drafts of one task type for passage ``index``."""
        ...

    def prompt_for(self, draft: Any) -> str:
        """The prompt asking the model for a draft's written part."""
        ...

    def finish(self, draft: Any, written: str | None) -> tuple[str, str]:
        """Render a draft with the model's part into ``(input, output)``."""
        ...

    def stop_sequences(self, task_type: str) -> list[str]:
        """Stop sequences for the prompts of the model-written parts."""
        ...


class PromptAdapter:
    """Plans a prompted format: one prompt per chunk and task type, ``n`` completions."""

    def __init__(self, fmt: TaskFormat) -> None:
        self.format = fmt

    def completions_per_prompt(self, n: int) -> int:
        """Completions asked of the engine per prompt."""
        return n

    def max_tokens(self, asked: int) -> int:
        """The longest completion to ask for."""
        return asked

    def plan(
        self, chunks: Sequence[Chunk], tasks: Sequence[TaskType], n: int, seed: int | None = None
    ) -> GenerationPlan:
        """One job per chunk and task type."""
        fmt = self.format
        constraint_for = getattr(fmt, "constraint", None)
        parts: list[ChunkPlan] = []
        prompts = 0
        for c, chunk in enumerate(chunks):
            part = ChunkPlan(chunk)
            for task in tasks:
                part.jobs.append(
                    Job(
                        chunk=c,
                        task=task,
                        read=partial(_parse, fmt, chunk.text, task.name),
                        prompt=fmt.prompt(chunk.text, task.name),
                        prompt_index=prompts,
                        completions=n,
                        constraint=constraint_for(task.name) if constraint_for else None,
                    )
                )
                prompts += 1
            parts.append(part)
        return GenerationPlan(parts, str(fmt.name), n)


def _parse(fmt: TaskFormat, context: str, task_type: str, text: str | None) -> tuple[str, str]:
    return fmt.parse(text or "", context, task_type)


class DraftAdapter:
    """Plans a drafting format: one job per draft, a prompt only for a model-written part.

    Args:
        fmt: The drafting format.
        ask_questions: Also ask the model to write the question of code-built question
            drafts (types with a ``written_question`` facet; see
            :meth:`~langchain_taskgen.construct.asking.QuestionAsk.for_draft`).
    """

    def __init__(self, fmt: DraftFormat, ask_questions: bool = False) -> None:
        self.format = fmt
        self.ask_questions = ask_questions

    def completions_per_prompt(self, n: int) -> int:
        """One: ``n`` distinct drafts are planned per chunk and task type instead."""
        return 1

    def max_tokens(self, asked: int) -> int:
        """The written parts are single sentences: the format's own limit caps ``asked``."""
        own = getattr(self.format, "max_tokens", None)
        return min(asked, own) if isinstance(own, int) else asked

    def plan(
        self, chunks: Sequence[Chunk], tasks: Sequence[TaskType], n: int, seed: int | None = None
    ) -> GenerationPlan:
        """Up to ``n`` drafts per chunk and task type; the shortfall is a plan-time rejection.

        Drafts may draw on the other chunks of the call (multiple-choice distractors, a
        term swapped in for a "no" answer): they are fixed here, so judging any subset
        of the plan later gives the same pairs for those chunks.
        """
        fmt = self.format
        corpus = fmt.read([chunk.text for chunk in chunks])
        if hasattr(corpus, "task_types"):
            # Question types of one call deal the passage's facts out among themselves.
            corpus.task_types = tuple(task.name for task in tasks)
        parts: list[ChunkPlan] = []
        prompts = 0
        for c, chunk in enumerate(chunks):
            part = ChunkPlan(chunk)
            for task in tasks:
                try:
                    drafts = fmt.plan(corpus, c, task.name, n, seed)
                except Exception as error:
                    if task.builder is None:
                        raise  # no builder at all: a setting to fix, not one bad passage
                    # A custom builder's bug on one passage costs that passage's tasks.
                    logger.debug("builder of %s failed on chunk %d: %r", task.name, c, error)
                    part.rejections.append(
                        PlanRejection(task.name, "builder_error", n, f"{error!r}"[:200])
                    )
                    continue
                if len(drafts) < n:
                    # The passage offers less material than asked (no statement to invert,
                    # no pronoun to resolve): counted, so accepted + rejected == completions.
                    # A type the embedded default leaves out is "withheld": the passage may
                    # hold plenty, and the report must not say otherwise.
                    reason = "withheld" if _withheld(corpus, task.name) else "no_material"
                    part.rejections.append(
                        PlanRejection(task.name, reason, n - len(drafts), chunk.text[:200])
                    )
                for draft in drafts:
                    needs_model = bool(getattr(draft, "needs_model", False))
                    asking = None
                    if self.ask_questions and not needs_model:
                        asking = QuestionAsk.for_draft(
                            task.written_question,
                            getattr(draft, "fields", None) or {},
                            _passage(corpus, c, chunk.text),
                        )
                    prompt = fmt.prompt_for(draft) if needs_model else None
                    if asking is not None:
                        prompt = asking.prompt()
                    part.jobs.append(
                        Job(
                            chunk=c,
                            task=task,
                            read=partial(fmt.finish, draft),
                            prompt=prompt,
                            prompt_index=prompts if prompt is not None else None,
                            completions=1,
                            built_by="model" if needs_model else "code",
                            fields=dict(getattr(draft, "fields", {})),
                            asking=asking,
                            context=getattr(draft, "context", "") or None,
                        )
                    )
                    prompts += prompt is not None
            parts.append(part)
        return GenerationPlan(parts, str(fmt.name), 1)


def _passage(corpus: Any, index: int, fallback: str) -> str:
    """The passage as the builders saw it (the corpus may have cleaned the chunk's text)."""
    passages = getattr(corpus, "passages", None)
    if (
        isinstance(passages, Sequence)
        and index < len(passages)
        and isinstance(passages[index], str)
    ):
        return passages[index]
    return fallback


FormatAdapter = PromptAdapter | DraftAdapter


def adapter_for(fmt: Any, ask_questions: bool = False) -> FormatAdapter:
    """How a format becomes jobs: the one place where the kind of format is decided.

    Example:
        >>> from langchain_taskgen.formats import BonitoFormat, StructuredFormat
        >>> type(adapter_for(BonitoFormat())).__name__
        'PromptAdapter'
        >>> type(adapter_for(StructuredFormat())).__name__
        'DraftAdapter'

    ``ask_questions`` applies to drafting formats (a prompted format's model writes the
    whole pair anyway).
    """
    if isinstance(fmt, DraftFormat):
        return DraftAdapter(fmt, ask_questions)
    return PromptAdapter(fmt)


__all__ = [
    "ChunkPlan",
    "DraftAdapter",
    "DraftFormat",
    "FormatAdapter",
    "GenerationPlan",
    "Job",
    "PlanRejection",
    "PromptAdapter",
    "Reader",
    "adapter_for",
]


def _withheld(corpus: Any, task_name: str) -> bool:
    """Whether the call leaves ``task_name`` out (embedded default, code rewrites not asked)."""
    from langchain_taskgen.construct.hypotheses import rewrites_withheld
    from langchain_taskgen.generation.writers import WITHHELD_TYPES

    return task_name in WITHHELD_TYPES and rewrites_withheld(corpus)
