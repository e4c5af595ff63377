"""What a task type is: one object holding every fact about it.

A :class:`TaskType` carries its names and labels, how code builds it (the structured
format), how the instruct formats show it (a demonstration, the labels structured
decoding may pick), and what the checks require of its pairs (a question, two
statements, options; whether it is about its passage; whether the round trip applies).
Built-in and custom task types are the same kind of object and are registered the same
way (:func:`~langchain_taskgen.tasks.register_task_type`).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass, field
from enum import StrEnum

from langchain_taskgen.construct.asking import QuestionSlot
from langchain_taskgen.construct.draft import Draft
from langchain_taskgen.construct.passage import Corpus

Builder = Callable[[int, Corpus, random.Random, int], list[Draft]]
"""``builder(index, corpus, rng, n)``: up to ``n`` drafts for ``corpus.passages[index]``.

``corpus.passages`` holds every passage of the call (distractor material); draw every
random choice from ``rng`` so plans stay reproducible. A draft's ``render`` turns the
model's written part (``None`` for code-only drafts) into ``(input, output)`` or raises
:class:`~langchain_taskgen.TaskParseError`."""

DEMO_PASSAGE = (
    "The Riverside Public Library lends up to ten items per card for three weeks. "
    "Renewals are allowed twice unless another reader has placed a hold. Overdue books "
    "cost 25 cents a day, but they carry no fine if they are children's books. The library "
    "closes on public holidays and opens late, at noon, on Sundays."
)
"""The passage every demonstration is written on (one shared passage keeps the
instruct prompts short and comparable across task types)."""

YES_NO = frozenset({"yes", "no"})


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


class Structure(StrEnum):
    """The shape the checks require of a task's pair (beyond its answer rule)."""

    NONE = "none"
    """No structural requirement."""
    QUESTION = "question"
    """The input asks a question (exqa, qa, ynqa)."""
    QUESTION_OUTPUT = "question_output"
    """The output is a question (question generation)."""
    TWO_PART = "two_part"
    """Two statements: labelled (premise / hypothesis, sentence 1 / 2) or two sentences
    and the question (nli, te, paraphrase_id)."""
    TWO_SENTENCES = "two_sentences"
    """Two sentences, labelled or not, the question may share one (wsd)."""
    OPTIONS = "options"
    """Two or more options listed in the input (mcqa, topic_class)."""


@dataclass(frozen=True)
class TaskType:
    """One task type: its names, answer rule, builder, demonstration and check facets.

    Attributes:
        name: Short name (``"ynqa"``), lower case.
        full_name: The name a Bonito model expects (``"yes-no question answering"``).
        description: What a task of this type is, for the instruct formats' prompt.
        answer: The rule its output must meet.
        labels: The allowed outputs of a label task (synonyms included).
        context_in_input: Whether a self-contained task input must carry the passage.
        demonstration: An example ``(input, output)`` on :data:`DEMO_PASSAGE` for the
            instruct formats (without the passage where the input carries it).
        builder: How code builds it for the structured format (see :data:`Builder`);
            ``None``: the structured format cannot build it.
        schema_labels: The spellings structured decoding may pick (default: ``labels``
            sorted); the checks accept every label.
        structure: What the checks require of the input or output (:class:`Structure`).
        strict_labels: A label task's output must be one of ``labels``; ``False`` also
            accepts a short answer that the task's own input lists as an option.
        about_passage: Whether the pair's own text is about its passage, so the relevance
            check applies (``None``: yes unless a label task, whose question is the same
            for every passage).
        round_trip: Whether the round-trip check applies by default (the answer comes
            out of the passage given the input).
        written_question: Where the type's question sits (``"input"``: exqa, qa;
            ``"output"``: qg) when an engine that can write may write it for the answer
            code chose (``TaskGenerator(model_questions=...)``); ``None``: its question
            is always built by code.

    Example:
        >>> from langchain_taskgen.tasks import get_task_type
        >>> get_task_type("ynqa").full_name
        'yes-no question answering'
        >>> get_task_type("ynqa").structure, get_task_type("exqa").round_trip
        (<Structure.QUESTION: 'question'>, True)
        >>> get_task_type("qg").written_question, get_task_type("ynqa").written_question
        ('output', None)
    """

    name: str
    full_name: str
    description: str
    answer: AnswerKind = AnswerKind.FREE
    labels: frozenset[str] = field(default_factory=frozenset)
    context_in_input: bool = True
    demonstration: tuple[str, str] | None = None
    _: KW_ONLY
    builder: Builder | None = field(default=None, compare=False, repr=False)
    schema_labels: tuple[str, ...] | None = None
    structure: Structure = Structure.NONE
    strict_labels: bool = True
    about_passage: bool | None = None
    round_trip: bool = False
    written_question: QuestionSlot | None = None

    def __post_init__(self) -> None:
        if self.about_passage is None:
            # A label task asks the same question of every passage: its own text is not
            # about the passage, so the relevance check would only cost yield.
            object.__setattr__(self, "about_passage", self.answer is not AnswerKind.LABEL)

    @property
    def decoding_labels(self) -> tuple[str, ...]:
        """The labels structured decoding may pick: ``schema_labels`` or the sorted labels.

        Example:
            >>> from langchain_taskgen.tasks import get_task_type
            >>> get_task_type("nli").decoding_labels
            ('Entailment', 'Neutral', 'Contradiction')
        """
        return self.schema_labels or tuple(sorted(self.labels))
