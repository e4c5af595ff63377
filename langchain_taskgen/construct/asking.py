"""A question the model writes for an answer code chose: the prompt, the reading, the checks.

Code picks a (sentence, answer span) of the passage and builds a question for it by
rule. With an engine that can write, the model is asked instead to write the question
for that passage and that answer; what it writes is used only if it reads as a question
of its own (not the passage sentence with a blank, no answer inside, ending with "?")
and a round trip gives the answer back (``generation/asking.py``). Otherwise the pair
keeps the question code built.

Example:
    >>> ask = QuestionAsk("Each card can borrow 10 items.", "10 items",
    ...                   "Each card can borrow 10 items.", "How many items can each card borrow?",
    ...                   "input")
    >>> question_fault("Each card can borrow what?", ask)
    'copied_sentence'
    >>> question_fault("What is the borrowing limit of one card?", ask) is None
    True
    >>> ask.apply("Each card can borrow 10 items.\\n\\nHow many items can each card borrow?",
    ...           "10 items", "What is the borrowing limit of one card?")
    ('Each card can borrow 10 items.\\n\\nWhat is the borrowing limit of one card?', '10 items')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Literal

from langchain_taskgen.construct.passage import split_sentences

QuestionSlot = Literal["input", "output"]
"""Where a task's question sits: in its input (exqa, qa) or as its output (qg)."""

MAX_SENTENCE_SIMILARITY = 0.8
"""Above this token-sequence similarity to the source sentence (answer removed), a written
question is the sentence with a blank, not a question of its own."""
MAX_COPIED_RUN = 8
"""A run of this many words copied in order from the source sentence is a copy too."""
MAX_FOCUSED_RUN = 4
"""A longer run of the sentence's words, with :data:`MAX_COPIED_SHARE` of the sentence
or more kept in order, is that sentence with a blank (a cloze). A focused question on a
long sentence ("Under what terms may you create and distribute a Larger Work?") keeps a
run but not the sentence."""
MAX_COPIED_SHARE = 50
"""Percent of the sentence's words (answer taken out) kept in order; see above."""
MIN_WORDS, MAX_WORDS = 3, 40

_QUESTION_PROMPT = (
    "Write one question about the passage whose answer is the given answer. Ask it in "
    "your own words; do not copy a sentence of the passage, and do not put the answer "
    "in the question.\n\n"
    "Passage: The Riverside Public Library lends up to ten items per card for three weeks. "
    "Overdue books cost 25 cents a day. The library opens late, at noon, on Sundays.\n"
    "Answer: noon\n"
    "Question: When does the library open on Sundays?\n\n"
    "Passage: The Riverside Public Library lends up to ten items per card for three weeks. "
    "Overdue books cost 25 cents a day. The library opens late, at noon, on Sundays.\n"
    "Answer: 25 cents\n"
    "Question: How much is the fine for each day a book is late?\n\n"
    "Passage: {passage}\n"
    "Answer: {answer}\n"
    "Question:"
)
_PREFIX = re.compile(r"^\s*(?:\d+[.)]\s*|[-*]\s*|(?:question|q)\s*:\s*)+", re.IGNORECASE)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class QuestionAsk:
    """What code chose for a question the model is asked to write.

    Attributes:
        passage: The passage the question is about (as the builder saw it).
        answer: The answer code chose (a span of ``sentence``).
        sentence: The passage sentence that holds the answer.
        code_question: The question code built for it (the fallback).
        slot: Where the question sits in the task: ``"input"`` or ``"output"``.
    """

    passage: str
    answer: str
    sentence: str
    code_question: str
    slot: QuestionSlot

    @classmethod
    def for_draft(
        cls, slot: QuestionSlot | None, fields: Mapping[str, Any], passage: str
    ) -> QuestionAsk | None:
        """What to ask the model for a code-built draft's question (``None``: nothing).

        Only for a task type with a question slot (its ``written_question`` facet), and
        only for drafts whose fields name the code's ``question``, ``answer`` and
        ``sentence``: the answer is what code chose, the question the fallback.

        Example:
            >>> fields = {"question": "Who wrote it?", "answer": "Ann", "sentence": "Ann wrote it."}
            >>> QuestionAsk.for_draft("input", fields, "Ann wrote it.").answer
            'Ann'
            >>> QuestionAsk.for_draft(None, fields, "Ann wrote it.") is None
            True
        """
        parts = [fields.get(key) for key in ("question", "answer", "sentence")]
        if slot is None or not all(isinstance(p, str) and p.strip() for p in parts):
            return None
        question, answer, sentence = (str(p) for p in parts)
        return cls(passage, answer, sentence, question, slot)

    def prompt(self) -> str:
        """The prompt asking the model for the question.

        Example:
            >>> QuestionAsk("P.", "A", "P.", "Q?", "input").prompt().splitlines()[-3:]
            ['Passage: P.', 'Answer: A', 'Question:']
        """
        return _QUESTION_PROMPT.format(passage=self.passage, answer=self.answer)

    def apply(self, task_input: str, task_output: str, question: str) -> tuple[str, str] | None:
        """The code-built pair with ``question`` in place of the code question.

        ``None`` when the code question is not where the slot says (a builder that
        phrased it differently): the pair then keeps the code question.
        """
        if self.slot == "output":
            return (task_input, question) if task_output == self.code_question else None
        at = task_input.rfind(self.code_question)
        shown = task_input.find(self.passage)
        # The question follows the passage; an occurrence inside the passage is not it.
        if at < 0 or (shown >= 0 and at < shown + len(self.passage)):
            return None
        end = at + len(self.code_question)
        return task_input[:at] + question + task_input[end:], task_output


def read_question(text: str) -> str:
    """The question in a model's reply: its first line, without a "Question:" label.

    Example:
        >>> read_question(' Question: "Where are packages kept?"\\nAnswer: ...')
        'Where are packages kept?'
    """
    lines = [line for line in text.strip().splitlines() if line.strip()]
    line = _PREFIX.sub("", lines[0]) if lines else ""
    return line.strip().strip("\"'").strip()


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def sentence_copy(question: str, sentence: str, answer: str) -> tuple[float, int]:
    """How much of ``question`` is ``sentence`` (the answer taken out) in order.

    Returns the token-sequence similarity (0..1) and the longest run of words copied
    in order.

    Example:
        >>> sentence_copy("The cluster has what behind a balancer?",
        ...               "The cluster has 4 nodes behind a balancer.", "4 nodes")
        (0.923, 3)
    """
    similarity, run, _ = copy_measure(question, sentence, answer)
    return similarity, run


def copy_measure(question: str, sentence: str, answer: str) -> tuple[float, int, int]:
    """What ``question`` keeps of ``sentence`` (the answer taken out), in order.

    Returns the token-sequence similarity (0..1), the longest run of words copied in
    order, and the share of the sentence's remaining words kept in order, in hundredths.
    One measure for the model's questions (:func:`sentence_copy`) and code's
    (:func:`~langchain_taskgen.construct.term_questions.copied_run`).

    Example:
        >>> copy_measure("What is OpenSSH?", "OpenSSH is a free daemon.", "a free daemon")
        (0.4, 1, 50)
    """
    source = sentence.replace(answer, " ") if answer and answer in sentence else sentence
    asked, told = _words(question), _words(source)
    if not asked or not told:
        return 0.0, 0, 0
    matcher = SequenceMatcher(None, asked, told, autojunk=False)
    blocks = matcher.get_matching_blocks()
    run = max((block.size for block in blocks), default=0)
    kept = round(100 * sum(block.size for block in blocks) / len(told))
    return round(matcher.ratio(), 3), run, kept


def is_cloze(question: str, sentence: str, answer: str) -> bool:
    """Whether ``question`` is ``sentence`` with its answer blanked, written or code-built.

    Example:
        >>> is_cloze("What has 4 nodes behind a load balancer?",
        ...          "The web cluster has 4 nodes behind a load balancer.", "The web cluster")
        True
        >>> is_cloze("What is OpenSSH?", "OpenSSH is a free daemon.", "a free daemon")
        False
    """
    similarity, run, kept = copy_measure(question, sentence, answer)
    return (
        similarity > MAX_SENTENCE_SIMILARITY
        or run >= MAX_COPIED_RUN
        or (run > MAX_FOCUSED_RUN and kept >= MAX_COPIED_SHARE)
    )


def question_fault(question: str, ask: QuestionAsk) -> str | None:
    """Why a written question cannot be used (``None``: it can, pending the round trip).

    Reasons: ``empty``, ``not_a_question`` (no final "?"), ``length`` (under 3 or over 40
    words), ``contains_answer``, ``copied_sentence`` (the answer's sentence, or another
    sentence of the passage, with a blank: see :func:`is_cloze`),
    ``same_as_code`` (nothing written beyond the code
    question).
    """
    if not question:
        return "empty"
    if not question.endswith("?"):
        return "not_a_question"
    words = _words(question)
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return "length"
    answer_words = _words(ask.answer)
    joined, needle = " ".join(words), " ".join(answer_words)
    if needle and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", joined):
        return "contains_answer"
    # Any sentence of the passage with a blank is an echo, not only the answer's own.
    for sentence in dict.fromkeys([ask.sentence, *split_sentences(ask.passage)]):
        if is_cloze(question, sentence, ask.answer):
            return "copied_sentence"
    if words == _words(ask.code_question):
        return "same_as_code"
    return None


__all__ = [
    "MAX_COPIED_RUN",
    "MAX_SENTENCE_SIMILARITY",
    "QuestionAsk",
    "QuestionSlot",
    "copy_measure",
    "is_cloze",
    "question_fault",
    "read_question",
    "sentence_copy",
]
