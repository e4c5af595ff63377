"""Scoring answers to held-out pairs, and the trivial no-model baseline.

Label and choice tasks are scored by accuracy (a choice answer may name its option's
letter), the others by SQuAD-style token F1. The baseline answers without a model: the
option found in the passage, the majority label, or the passage's last sentence.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from langchain_taskgen.checks.answers import normalize
from langchain_taskgen.pairs.pair import TaskPair
from langchain_taskgen.tasks import AnswerKind, get_task_type

__all__ = [
    "baseline_answers",
    "choice_options",
    "label_match",
    "last_sentence",
    "metric_for",
    "option_in_passage",
    "resolve_choice",
    "score",
    "token_f1",
]


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", normalize(text))


def token_f1(prediction: str, reference: str) -> float:
    """SQuAD-style token F1 between two answers.

    Example:
        >>> round(token_f1("the NOTICE file", "NOTICE file"), 2)
        0.8
    """
    pred, ref = _tokens(prediction), _tokens(reference)
    if not pred or not ref:
        return float(pred == ref)
    common = sum((Counter(pred) & Counter(ref)).values())
    if not common:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def label_match(prediction: str, reference: str) -> float:
    """1.0 if the prediction's first words equal the reference label (normalised)."""
    pred, ref = _tokens(prediction), _tokens(reference)
    return float(bool(ref) and pred[: len(ref)] == ref)


def metric_for(task_type: str) -> str:
    """``accuracy`` for label and choice tasks, ``f1`` for the others."""
    kind = get_task_type(task_type).answer
    return "accuracy" if kind in (AnswerKind.LABEL, AnswerKind.CHOICE) else "f1"


_OPTION_LINE = re.compile(r"^(?:([A-E])[.)]|-)\s+(\S.*)$")
_LETTER_ANSWER = re.compile(r"^\(?([A-E])(?:[.):]|\s*$|\s+(?=\S))\s*(.*)$")


def choice_options(text: str) -> list[tuple[str | None, str]]:
    r"""The options listed at the end of a choice task's input, with their letters.

    Options are the trailing lines written ``A. text`` / ``A) text`` or ``- text``
    (how the structured format renders them).

    Example:
        >>> choice_options("Which one?\nOptions:\nA. apt\nB. dpkg")
        [('A', 'apt'), ('B', 'dpkg')]
        >>> choice_options("Pick:\n- apt\n- dpkg")
        [(None, 'apt'), (None, 'dpkg')]
    """
    options: list[tuple[str | None, str]] = []
    for line in reversed(text.rstrip().splitlines()):
        match = _OPTION_LINE.match(line.strip())
        if not match:
            break
        options.append((match.group(1), match.group(2).strip()))
    return options[::-1]


def resolve_choice(prediction: str, options: Sequence[tuple[str | None, str]]) -> str:
    r"""The option text a prediction names: "B", "B.", "(B) dpkg" and "- dpkg" give "dpkg".

    A letter counts only when the options are lettered; anything else is returned as
    written (minus a leading list dash), so a free answer is still compared as text.

    Example:
        >>> resolve_choice("B. dpkg", [("A", "apt"), ("B", "dpkg")])
        'dpkg'
        >>> resolve_choice("dpkg is right", [("A", "apt"), ("B", "dpkg")])
        'dpkg is right'
    """
    text = prediction.strip()
    letters = {letter: option for letter, option in options if letter}
    match = _LETTER_ANSWER.match(text)
    if match and match.group(1) in letters:
        rest = match.group(2).strip()
        option = letters[match.group(1)]
        # "A. apt": the letter and its own option; "A car" is not a letter answer.
        if not rest or normalize(rest).startswith(normalize(option)):
            return option
    return text[2:].strip() if text.startswith("- ") else text


def score(task_type: str, prediction: str, reference: str, input_text: str = "") -> float:
    r"""Score one prediction with the task type's metric.

    Choice tasks accept an option's letter (when the options in ``input_text`` are
    lettered) as well as its text; formatting (case, edge punctuation) never counts.

    Example:
        >>> score("ynqa", "Yes.", "yes")
        1.0
        >>> score("mcqa", "B", "dpkg", "Which tool?\nA. apt\nB. dpkg")
        1.0
    """
    if metric_for(task_type) == "accuracy":
        if get_task_type(task_type).answer is AnswerKind.CHOICE and input_text:
            prediction = resolve_choice(prediction, choice_options(input_text))
        return label_match(prediction, reference)
    return token_f1(prediction, reference)


def last_sentence(text: str) -> str:
    """The last sentence of a text (the copy heuristic of the baseline).

    Example:
        >>> last_sentence("Keep the notice. Do not remove it. ")
        'Do not remove it.'
    """
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", text.strip()) if s.strip()]
    return sentences[-1].strip() if sentences else ""


def option_in_passage(pair: TaskPair) -> str | None:
    r"""The listed option found most often in the pair's passage (ties: first listed).

    The copy heuristic for choice tasks: when the right option is a span of the passage
    and the wrong ones come from elsewhere, this rule needs no model at all. ``None``
    when the input lists no options or none occurs in the passage.

    Example:
        >>> pair = TaskPair("Tool?\n- apt\n- yum", "apt", "mcqa", "Use apt to install.")
        >>> option_in_passage(pair)
        'apt'
    """
    options = [text for _, text in choice_options(pair.input)]
    if not options:
        return None
    # Without a stored passage, the input minus its option lines stands in for it.
    passage = normalize(
        pair.context or "\n".join(pair.input.rstrip().splitlines()[: -len(options)])
    )
    found = [
        (len(re.findall(r"(?<!\w)" + re.escape(normalize(o)) + r"(?!\w)", passage)), -i, o)
        for i, o in enumerate(options)
        if normalize(o)
    ]
    best = max(found, default=(0, 0, ""))
    return best[2] if best[0] else None


def baseline_answers(train: Sequence[TaskPair], test: Sequence[TaskPair]) -> list[str]:
    """Trivial answers without a model.

    Choice tasks (mcqa, topic_class): the listed option that occurs most in the passage
    (:func:`option_in_passage`), else the majority answer. Label tasks: the most common
    (normalised) answer of that task type in ``train`` (ties: the first seen). Other
    tasks: the last sentence of the passage (the input when a pair has no passage).
    """
    majority: dict[str, str] = {}
    by_task: dict[str, list[str]] = defaultdict(list)
    for pair in train:
        by_task[pair.task_type].append(pair.output.strip())
    for task, outputs in by_task.items():
        counts = Counter(normalize(o) for o in outputs)
        best = max(counts.values())
        majority[task] = next(o for o in outputs if counts[normalize(o)] == best)
    answers = []
    for pair in test:
        copied = (
            option_in_passage(pair)
            if get_task_type(pair.task_type).answer is AnswerKind.CHOICE
            else None
        )
        if copied is not None:
            answers.append(copied)
        elif metric_for(pair.task_type) == "accuracy" and pair.task_type in majority:
            answers.append(majority[pair.task_type])
        else:
            answers.append(last_sentence(pair.context or pair.input))
    return answers
