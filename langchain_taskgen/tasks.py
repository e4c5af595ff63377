"""The 16 Bonito task types, custom ones, and the constraints their answers must meet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class AnswerKind(StrEnum):
    """How a task type's output is constrained."""

    FREE = "free"
    """Any non-empty text."""
    SPAN = "span"
    """A span copied from the context (extractive QA)."""
    LABEL = "label"
    """A label from a fixed set, or one of the options written in the input."""
    CHOICE = "choice"
    """One of the options written in the input (multiple choice)."""
    MENTION = "mention"
    """A phrase that occurs in the input or the context (coreference)."""


@dataclass(frozen=True)
class TaskType:
    """One task type: its short name, the exact Bonito name and its answer rule.

    Example:
        >>> from langchain_taskgen import get_task_type
        >>> get_task_type("ynqa").full_name
        'yes-no question answering'
    """

    name: str
    full_name: str
    description: str
    answer: AnswerKind = AnswerKind.FREE
    labels: frozenset[str] = field(default_factory=frozenset)
    context_in_input: bool = True
    """Whether a self-contained task input must carry the passage."""
    demonstration: tuple[str, str] | None = None
    """An example ``(input, output)`` on the instruct formats' demonstration passage
    (custom task types; the built-in ones have theirs in the instruct format)."""


_YES_NO = frozenset({"yes", "no"})

TASK_TYPES: dict[str, TaskType] = {
    t.name: t
    for t in (
        TaskType(
            "exqa",
            "extractive question answering",
            "a question whose answer is a span copied verbatim from the passage",
            AnswerKind.SPAN,
        ),
        TaskType(
            "mcqa",
            "multiple-choice question answering",
            "a question with answer options listed in the input; the output is one option",
            AnswerKind.CHOICE,
        ),
        TaskType(
            "qg",
            "question generation",
            "an instruction to write a question about the passage; the output is the question",
        ),
        TaskType(
            "qa",
            "question answering without choices",
            "a question about the passage answered in free text",
        ),
        TaskType(
            "ynqa",
            "yes-no question answering",
            "a question about the passage whose answer is yes or no",
            AnswerKind.LABEL,
            _YES_NO,
        ),
        TaskType(
            "coref",
            "coreference resolution",
            "a question asking what a pronoun or phrase refers to; the output is the referent",
            AnswerKind.MENTION,
        ),
        TaskType(
            "paraphrase",
            "paraphrase generation",
            "a sentence to rewrite; the output says the same thing in other words",
            context_in_input=False,
        ),
        TaskType(
            "paraphrase_id",
            "paraphrase identification",
            "two sentences and the question whether they mean the same; the output is yes or no",
            AnswerKind.LABEL,
            _YES_NO | {"true", "false", "paraphrase", "not paraphrase"},
            context_in_input=False,
        ),
        TaskType(
            "sent_comp",
            "sentence completion",
            "the start of a sentence from the passage; the output completes it",
            context_in_input=False,
        ),
        TaskType(
            "sentiment",
            "sentiment",
            "a question about the sentiment of the text; the output is a sentiment label",
            AnswerKind.LABEL,
            frozenset({"positive", "negative", "neutral", "mixed"}),
        ),
        TaskType(
            "summarization",
            "summarization",
            "an instruction to summarise the passage; the output is the summary",
        ),
        TaskType(
            "text_gen",
            "text generation",
            "an instruction to write text in the style or on the topic of the passage",
            context_in_input=False,
        ),
        TaskType(
            "topic_class",
            "topic classification",
            "a question asking for the topic of the passage, with options; the output is one",
            AnswerKind.CHOICE,
        ),
        TaskType(
            "wsd",
            "word sense disambiguation",
            "two sentences using one word and the question whether it means the same in both",
            AnswerKind.LABEL,
            _YES_NO | {"true", "false"},
            context_in_input=False,
        ),
        TaskType(
            "te",
            "textual entailment",
            "a premise and a hypothesis; the output says whether the premise entails it",
            AnswerKind.LABEL,
            _YES_NO | {"true", "false", "entailment", "not entailment", "not_entailment"},
            context_in_input=False,
        ),
        TaskType(
            "nli",
            "natural language inference",
            "a premise and a hypothesis; the output is entailment, neutral or contradiction",
            AnswerKind.LABEL,
            frozenset(
                {"entailment", "neutral", "contradiction", "yes", "no", "maybe", "true", "false"}
            ),
            context_in_input=False,
        ),
    )
}
"""The task types by short name: Bonito's 16 and any registered with
:func:`register_task_type`."""

_BY_FULL_NAME = {t.full_name: t for t in TASK_TYPES.values()}
BUILT_IN_TASK_NAMES = frozenset(TASK_TYPES)
"""The 16 Bonito task types' short names (:func:`register_task_type` adds others)."""
_BUILT_IN_FULL_NAMES = frozenset(_BY_FULL_NAME)


def get_task_type(name: str | TaskType) -> TaskType:
    """Look a task type up by short name (``"ynqa"``) or Bonito full name.

    Args:
        name: Short name, full name (case-insensitive) or a :class:`TaskType`.

    Returns:
        The task type.

    Raises:
        ValueError: If the name is unknown; the message lists the valid names.

    Example:
        >>> get_task_type("yes-no question answering").name
        'ynqa'
    """
    if isinstance(name, TaskType):
        return name
    if not isinstance(name, str):
        raise TypeError(f"task type must be a string, got {type(name).__name__}")
    key = name.strip().lower()
    found = TASK_TYPES.get(key) or _BY_FULL_NAME.get(key)
    if found is None:
        valid = ", ".join(TASK_TYPES)
        raise ValueError(
            f"unknown task type {name!r}; valid short names: {valid} (register your own "
            "with register_task_type or LabelTask, or `taskgen --label-task NAME=A,B,...`)"
        )
    return found


def register_task_type(task: TaskType, *, replace: bool = False) -> TaskType:
    """Add a custom task type, usable by name everywhere a built-in one is.

    The instruct formats prompt for it with its ``full_name``, ``description``, its
    ``labels`` (the allowed answers, also the JSON schema's enum under structured
    decoding) and its ``demonstration``; the Bonito format with its ``full_name``; the
    checks apply its ``answer`` rule. The structured format needs a builder for it
    (:func:`~langchain_taskgen.construct.builders.register_builder`).

    Args:
        task: The task type. Its ``name`` and ``full_name`` must be new.
        replace: Replace a custom type registered earlier under the same name.

    Raises:
        ValueError: If the name clashes with a built-in type (or with a custom one and
            ``replace`` is off), or a label task has no labels.

    Example:
        >>> intent = register_task_type(
        ...     TaskType(
        ...         "support_intent",
        ...         "support request intent",
        ...         "classify what the reader of the passage most likely wants",
        ...         AnswerKind.LABEL,
        ...         frozenset({"install", "configure", "troubleshoot"}),
        ...     ),
        ...     replace=True,
        ... )
        >>> get_task_type("support_intent").labels == intent.labels
        True
        >>> unregister_task_type("support_intent")
    """
    name, full = task.name.strip().lower(), task.full_name.strip().lower()
    if not name or not full or name != task.name or full != task.full_name:
        raise ValueError("name and full_name must be non-empty, lower-case and trimmed")
    if name in BUILT_IN_TASK_NAMES or full in _BUILT_IN_FULL_NAMES:
        raise ValueError(f"{name!r} / {full!r} clashes with a built-in task type")
    if not replace and (name in TASK_TYPES or full in _BY_FULL_NAME):
        raise ValueError(f"task type {name!r} is already registered (pass replace=True)")
    if task.answer is AnswerKind.LABEL and not task.labels:
        raise ValueError(f"label task type {name!r} needs labels")
    old = TASK_TYPES.get(name)
    if old is not None:
        _BY_FULL_NAME.pop(old.full_name, None)
    TASK_TYPES[name] = task
    _BY_FULL_NAME[full] = task
    return task


def unregister_task_type(name: str) -> None:
    """Remove a custom task type (built-in ones stay).

    Raises:
        ValueError: For a built-in or unknown name.
    """
    if name in BUILT_IN_TASK_NAMES:
        raise ValueError(f"{name!r} is built in and cannot be removed")
    task = TASK_TYPES.pop(name, None)
    if task is None:
        raise ValueError(f"no custom task type {name!r}")
    _BY_FULL_NAME.pop(task.full_name, None)


def resolve_task_types(names: str | TaskType | Iterable[str | TaskType]) -> list[TaskType]:
    """Resolve one or several task type names, keeping order and dropping repeats.

    Raises:
        ValueError: If a name is unknown or none is given.
    """
    items = [names] if isinstance(names, str | TaskType) else list(names)
    if not items:
        raise ValueError("at least one task type is required")
    out: list[TaskType] = []
    for item in items:
        task = get_task_type(item)
        if task not in out:
            out.append(task)
    return out
