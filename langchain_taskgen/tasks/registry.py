"""The registry of task types: Bonito's 16 and any you add, through one door."""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterable, Iterator, MutableMapping

import langchain_taskgen.tasks.passage_level as passage_level
import langchain_taskgen.tasks.questions as questions
import langchain_taskgen.tasks.sentence_pairs as sentence_pairs
from langchain_taskgen.tasks.base import AnswerKind, Builder, TaskType

BUILT_IN_TASK_TYPES: tuple[TaskType, ...] = (
    questions.EXQA,
    questions.MCQA,
    questions.QG,
    questions.QA,
    questions.YNQA,
    questions.COREF,
    sentence_pairs.PARAPHRASE,
    sentence_pairs.PARAPHRASE_ID,
    passage_level.SENT_COMP,
    passage_level.SENTIMENT,
    passage_level.SUMMARIZATION,
    passage_level.TEXT_GEN,
    passage_level.TOPIC_CLASS,
    sentence_pairs.WSD,
    sentence_pairs.TE,
    sentence_pairs.NLI,
)
"""Bonito's 16 task types, in Bonito's order."""

TASK_TYPES: dict[str, TaskType] = {}
"""The task types by short name: Bonito's 16 and any registered with
:func:`register_task_type`."""

BUILT_IN_TASK_NAMES = frozenset(t.name for t in BUILT_IN_TASK_TYPES)
"""The 16 Bonito task types' short names (:func:`register_task_type` adds others)."""
_BUILT_IN_FULL_NAMES = frozenset(t.full_name for t in BUILT_IN_TASK_TYPES)
# Builders registered (the deprecated way) before their task type: attached on registration.
_PENDING_BUILDERS: dict[str, Builder] = {}


def _check(task: TaskType) -> None:
    """What every task type, built in or custom, must satisfy."""
    if not isinstance(task, TaskType):
        raise TypeError(f"register a TaskType, not {type(task).__name__} ({task!r:.60})")
    if task.builder is not None and not callable(task.builder):
        raise TypeError(f"the builder of {task.name!r} must be callable, got {task.builder!r:.60}")
    if not isinstance(task.labels, frozenset):
        raise TypeError(f"the labels of {task.name!r} must be a frozenset")
    name, full = task.name.strip().lower(), task.full_name.strip().lower()
    if not name or not full or name != task.name or full != task.full_name:
        raise ValueError("name and full_name must be non-empty, lower-case and trimmed")
    if task.answer is AnswerKind.LABEL and not task.labels:
        raise ValueError(f"label task type {name!r} needs labels")
    if task.schema_labels is not None:
        known = {label.casefold() for label in task.labels}
        unknown = [s for s in task.schema_labels if s.casefold() not in known]
        if not task.schema_labels or unknown:
            raise ValueError(f"schema_labels of {name!r} must be some of its labels: {unknown}")
    demo = task.demonstration
    if demo is not None and (
        len(demo) != 2 or not all(isinstance(part, str) and part.strip() for part in demo)
    ):
        raise ValueError(f"the demonstration of {name!r} must be (input, output), both non-empty")


def _by_full_name(full_name: str) -> TaskType | None:
    # A scan, not a second index: nothing can go stale when TASK_TYPES is edited directly.
    return next((t for t in TASK_TYPES.values() if t.full_name == full_name), None)


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
    found = TASK_TYPES.get(key) or _by_full_name(key)
    if found is None:
        valid = ", ".join(TASK_TYPES)
        raise ValueError(
            f"unknown task type {name!r}; valid short names: {valid} (register your own "
            "with register_task_type or LabelTask, or `taskgen --label-task NAME=A,B,...`)"
        )
    return found


def register_task_type(task: TaskType, *, replace: bool = False) -> TaskType:
    """Add a custom task type, usable by name everywhere a built-in one is.

    Everything about the type travels on it: the structured format builds it with its
    ``builder``; the instruct formats prompt with its ``full_name``, ``description``,
    ``labels`` and ``demonstration`` (and ``schema_labels`` under structured decoding);
    the Bonito format with its ``full_name``; the checks apply its ``answer`` rule,
    ``structure`` and ``strict_labels``, the relevance check its ``about_passage`` and the
    round-trip check, by default, its ``round_trip``.

    Args:
        task: The task type. Its ``name`` and ``full_name`` must be new.
        replace: Replace a custom type registered earlier under the same name.

    Returns:
        The registered task type.

    Raises:
        ValueError: If the name clashes with a built-in type (or with a custom one and
            ``replace`` is off), a label task has no labels, or a facet is malformed.

    Example:
        >>> from langchain_taskgen.construct.draft import Draft
        >>> def opening(index, corpus, rng, n):
        ...     text = corpus.passages[index].split(". ")[0].strip(" .") + "."
        ...     inp = "Which sentence opens the passage? " + corpus.passages[index]
        ...     return [Draft("opening", {"sentence": text}, lambda _w: (inp, text))][:n]
        >>> task = register_task_type(
        ...     TaskType(
        ...         "opening",
        ...         "opening sentence",
        ...         "a question asking for the passage's first sentence",
        ...         demonstration=("Which sentence opens the passage?", "The library lends."),
        ...         builder=opening,
        ...     ),
        ...     replace=True,
        ... )
        >>> get_task_type("opening sentence") is task
        True
        >>> unregister_task_type("opening")
    """
    _check(task)
    name, full = task.name, task.full_name
    if name in BUILT_IN_TASK_NAMES or full in _BUILT_IN_FULL_NAMES:
        raise ValueError(f"{name!r} / {full!r} clashes with a built-in task type")
    same_full = _by_full_name(full)
    if not replace and (name in TASK_TYPES or same_full is not None):
        raise ValueError(f"task type {name!r} is already registered (pass replace=True)")
    if same_full is not None and same_full.name != name:
        del TASK_TYPES[same_full.name]
    pending = _PENDING_BUILDERS.pop(name, None)
    if task.builder is None and pending is not None:
        task = dataclasses.replace(task, builder=pending)
    TASK_TYPES[name] = task
    return task


def unregister_task_type(name: str) -> None:
    """Remove a custom task type, its builder with it (built-in ones stay).

    Raises:
        ValueError: For a built-in or unknown name.
    """
    if name in BUILT_IN_TASK_NAMES:
        raise ValueError(f"{name!r} is built in and cannot be removed")
    if TASK_TYPES.pop(name, None) is None:
        raise ValueError(f"no custom task type {name!r}")


def resolve_task_types(names: str | TaskType | Iterable[str | TaskType]) -> list[TaskType]:
    """Resolve one or several task type names, keeping order and dropping repeats.

    Raises:
        ValueError: If a name is unknown or none is given.

    Example:
        >>> [t.name for t in resolve_task_types(["ynqa", "exqa", "ynqa"])]
        ['ynqa', 'exqa']
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


def set_builder(task_type: str, builder: Builder | None) -> None:
    """Give a registered custom task type a builder (``None`` removes it).

    A name not registered yet keeps the builder until :func:`register_task_type` adds
    the type.

    Raises:
        ValueError: For a built-in type.
    """
    if task_type in BUILT_IN_TASK_NAMES:
        raise ValueError(f"{task_type!r} is built in; its builder cannot be replaced")
    task = TASK_TYPES.get(task_type)
    if task is None:
        if builder is None:
            _PENDING_BUILDERS.pop(task_type, None)
        else:
            _PENDING_BUILDERS[task_type] = builder
        return
    TASK_TYPES[task_type] = dataclasses.replace(task, builder=builder)


def register_builder(task_type: str, builder: Builder, *, replace: bool = False) -> None:
    """Deprecated: pass ``builder=`` to :class:`TaskType` and :func:`register_task_type`.

    Sets the builder on the (custom) task type, so the structured format can build it.

    Raises:
        ValueError: For a built-in type, or one that has a builder and ``replace`` is off.
    """
    warnings.warn(
        "register_builder is deprecated: pass builder= to TaskType and register_task_type",
        DeprecationWarning,
        stacklevel=2,
    )
    if task_type in BUILDERS and not replace and task_type not in BUILT_IN_TASK_NAMES:
        raise ValueError(f"a builder for {task_type!r} exists (pass replace=True)")
    set_builder(task_type, builder)


class _BuilderTable(MutableMapping[str, Builder]):
    """The builders of the registered task types, read from and written to the types.

    Kept for code written against the old ``BUILDERS`` dict; the builder now lives on
    each :class:`TaskType`.
    """

    def __getitem__(self, name: str) -> Builder:
        task = TASK_TYPES.get(name)
        builder = task.builder if task is not None else _PENDING_BUILDERS.get(name)
        if builder is None:
            raise KeyError(name)
        return builder

    def __setitem__(self, name: str, builder: Builder) -> None:
        set_builder(name, builder)

    def __delitem__(self, name: str) -> None:
        self[name]  # KeyError when there is none
        set_builder(name, None)

    def __iter__(self) -> Iterator[str]:
        names = [n for n, t in TASK_TYPES.items() if t.builder is not None]
        return iter([*names, *(n for n in _PENDING_BUILDERS if n not in TASK_TYPES)])

    def __len__(self) -> int:
        return sum(1 for _ in self)


BUILDERS: MutableMapping[str, Builder] = _BuilderTable()
"""Deprecated view: each registered task type's builder, by name."""

for _task in BUILT_IN_TASK_TYPES:
    _check(_task)
    TASK_TYPES[_task.name] = _task
