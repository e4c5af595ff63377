"""Task-aware checks on parsed pairs."""

from __future__ import annotations

import re
import unicodedata

from langchain_taskgen.errors import TaskParseError
from langchain_taskgen.tasks import AnswerKind, get_task_type

_SPACE = re.compile(r"\s+")
_EDGE_PUNCT = " \t\n\"'`.,;:!?()[]{}*-"


def normalize(text: str) -> str:
    """Lowercase, unify unicode and whitespace, strip edge punctuation and quotes."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", text).strip(_EDGE_PUNCT)


def _contains(haystack: str, needle: str) -> bool:
    if not needle:
        return False
    return re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", haystack) is not None


def validate_pair(task_input: str, task_output: str, task_type: str, context: str) -> None:
    """Check a parsed pair against its task type's answer rule.

    Raises:
        TaskParseError: ``output_is_input`` when the output repeats the input,
            ``invalid_label`` for a label outside the task's set,
            ``answer_not_in_options`` when a choice is not among the input's options,
            ``answer_not_in_context`` when an extractive answer is not a span of the passage.

    Example:
        >>> validate_pair("Is water wet?", "Yes.", "ynqa", "Water is wet.")
        >>> validate_pair("Is water wet?", "Perhaps", "ynqa", "Water is wet.")
        Traceback (most recent call last):
        ...
        langchain_taskgen.errors.TaskParseError: invalid_label: ...
    """
    task = get_task_type(task_type)
    out = normalize(task_output)
    inp = normalize(task_input)
    if not out:
        raise TaskParseError("empty_output", "the output has no words", task_output)
    if out == inp:
        raise TaskParseError("output_is_input", "the output repeats the input", task_output)
    if task.answer is AnswerKind.LABEL:
        if out in task.labels:
            return
        # ynqa is strictly yes/no; other label tasks may offer their own options.
        if task.name != "ynqa" and _contains(inp, out) and len(out.split()) <= 4:
            return
        raise TaskParseError(
            "invalid_label",
            f"{task.name} output {task_output!r} is not one of {sorted(task.labels)}",
            task_output,
        )
    if task.answer is AnswerKind.CHOICE:
        question = inp.replace(normalize(context), " ") if context.strip() else inp
        if _contains(question, out) or (_contains(inp, out) and len(out) <= 3):
            return
        raise TaskParseError(
            "answer_not_in_options",
            f"{task.name} output {task_output!r} is not one of the options in the input",
            task_output,
        )
    if task.answer is AnswerKind.SPAN and not _contains(normalize(context), out):
        raise TaskParseError(
            "answer_not_in_context",
            f"extractive answer {task_output!r} is not a span of the passage",
            task_output,
        )
    if task.answer is AnswerKind.MENTION and not (
        _contains(normalize(context), out) or _contains(inp, out)
    ):
        raise TaskParseError(
            "answer_not_in_context",
            f"referent {task_output!r} occurs neither in the input nor the passage",
            task_output,
        )
