"""Task-aware checks on parsed pairs."""

from __future__ import annotations

import re
import unicodedata

from langchain_taskgen.construct.text_checks import EDGE_PUNCT as _EDGE_PUNCT
from langchain_taskgen.construct.text_checks import is_degenerate, normalize
from langchain_taskgen.errors import TaskParseError
from langchain_taskgen.tasks import AnswerKind, Structure, TaskType, get_task_type

__all__ = [
    "canonical_label",
    "has_structure",
    "is_degenerate",
    "looks_like_question",
    "normalize",
    "same_language",
    "validate_pair",
    "written_part",
]


def _contains(haystack: str, needle: str) -> bool:
    if not needle:
        return False
    return re.search(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", haystack) is not None


_WORD = re.compile(r"\w+")
_QUESTION_START = re.compile(
    r"^(who|whom|whose|what|which|when|where|why|how|is|are|was|were|do|does|did|can|could|"
    r"should|would|will|shall|may|might|must|has|have|had|in what|according to)\b"
)


def looks_like_question(text: str) -> bool:
    """Whether text is phrased as a question (ends in a question mark or opens like one).

    Example:
        >>> looks_like_question("What does apt-get do?"), looks_like_question("It installs.")
        (True, False)
        >>> looks_like_question("Wie lange?"), looks_like_question("how do I list files")
        (True, True)
    """
    if text.strip().rstrip("\"'*)] ").endswith(("?", "\uff1f", "\u061f")):
        return True
    return bool(_QUESTION_START.match(normalize(text)))


_ENGLISH = frozenset(
    """the a an of to in is are and or for that with on be by this it as not can from how
    what which who when where why many much does do did yes no were has have will""".split()
)


def _script(text: str) -> str | None:
    """The writing system of most letters in ``text`` (LATIN, CYRILLIC, CJK ...)."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            script = name.split(" ")[0] if name else "?"
            counts[script] = counts.get(script, 0) + 1
    if sum(counts.values()) < 8:
        return None
    return max(counts, key=lambda k: counts[k])


def same_language(text: str, context: str) -> bool:
    """Whether ``text`` is written like ``context``: same script, and English when it is.

    Short texts (labels, numbers) always pass.

    Example:
        >>> same_language("Was macht der Befehl apt update mit dem Index?", "The apt update ...")
        False
        >>> same_language("What does apt update do?", "The apt update command refreshes.")
        True
    """
    mine, theirs = _script(text), _script(context)
    if mine is None or theirs is None:
        return True
    if mine != theirs:
        return False
    # Paths, commands and identifiers ("/usr/share/doc/x", "nsswitch.ldap") are no language.
    plain = " ".join(t for t in text.split() if not re.search(r"[/._=\\\d-]", t))
    words = _WORD.findall(plain.casefold())
    passage_words = _WORD.findall(context.casefold())
    english = sum(w in _ENGLISH for w in passage_words) / max(len(passage_words), 1)
    return not (english >= 0.15 and len(words) >= 8 and not any(w in _ENGLISH for w in words))


_PART_MARKER = re.compile(
    r"\b(premise|hypothesis|sentence ?[12ab]|statement ?[12ab]|first sentence|second sentence)"
    r"\b|^\s*[AB12][:.)]",
    re.IGNORECASE | re.MULTILINE,
)
_OPTION_LINE = re.compile(r"^\s*(?:[-*\u2022]|\(?[A-Ea-e1-5][.)])\s+\S", re.MULTILINE)


def has_structure(task_input: str, task_type: str | TaskType) -> bool:
    r"""Whether the input has the parts its task type's ``structure`` requires.

    Two-part types (NLI, entailment, paraphrase identification) need two statements
    (labelled, or two sentences and the question), word sense two sentences; option
    types (multiple choice, topic classification) two or more options. Other types and
    unknown names pass.

    Example:
        >>> has_structure("The Firewall or Packet Filtering", "te")
        False
        >>> has_structure('Premise: "A is B."\nHypothesis: "B is A."\nEntailed?', "te")
        True
        >>> has_structure("Which one?\nOptions: red, green, blue", "mcqa")
        True
    """
    try:
        structure = get_task_type(task_type).structure
    except ValueError:
        return True
    if structure in (Structure.TWO_PART, Structure.TWO_SENTENCES):
        if len(_PART_MARKER.findall(task_input)) >= 2:
            return True
        parts = [
            p for p in re.split(r"\n+|(?<=[.!?\"])\s+", task_input) if len(_WORD.findall(p)) >= 3
        ]
        return len(parts) >= (3 if structure is Structure.TWO_PART else 2)
    if structure is Structure.OPTIONS:
        if len(_OPTION_LINE.findall(task_input)) >= 2:
            return True
        listed = re.search(r"(?:options|choices|choose from)\s*[:\-]\s*([^\n]+)", task_input, re.I)
        return listed is not None and len(re.split(r",|\bor\b", listed.group(1))) >= 2
    return True


def written_part(task_input: str, context: str) -> str:
    """The model-written part of a task input: the input without the passage it carries.

    Example:
        >>> written_part("The sky is blue. Is it?", "The sky is blue.")
        '  Is it?'
    """
    passage = context.strip()
    return task_input.replace(passage, " ") if passage and passage in task_input else task_input


def canonical_label(task_type: str | TaskType, output: str) -> str | None:
    """The label of ``task_type`` that ``output`` names (case and edge punctuation aside).

    ``None`` when the output is none of the type's labels.

    Example:
        >>> canonical_label("nli", "Entailment.")
        'entailment'
        >>> canonical_label("nli", "unsure") is None
        True
    """
    wanted = normalize(output)
    for label in get_task_type(task_type).labels:
        if normalize(label) == wanted:
            return label
    return None


def validate_pair(
    task_input: str, task_output: str, task_type: str | TaskType, context: str
) -> None:
    """Check a parsed pair against its task type's answer rule and structure.

    What is checked is read off the :class:`~langchain_taskgen.tasks.TaskType`: its
    ``answer`` rule and ``labels``, ``structure`` and ``strict_labels``.

    Raises:
        TaskParseError: ``output_is_input`` when the output repeats the input,
            ``missing_structure`` when the input lacks the parts its structure needs,
            ``language_mismatch`` when the pair is in another language than the passage,
            ``not_a_question`` when a question type's input (or a question-output
            type's output) is no question,
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
    # The model-written part of the input: without the passage, which some task types
    # carry in the input and which naturally contains extractive answers and repeats.
    written = inp.replace(normalize(context), " ") if context.strip() else inp
    if out == written.strip(_EDGE_PUNCT):
        raise TaskParseError("output_is_input", "the output repeats the input", task_output)
    raw_written = written_part(task_input, context)
    if not has_structure(raw_written, task):
        raise TaskParseError(
            "missing_structure",
            f"{task.name} input lacks its parts (two statements, or options)",
            task_output,
        )
    if context.strip() and not (
        same_language(raw_written, context) and same_language(task_output, context)
    ):
        raise TaskParseError(
            "language_mismatch", "the pair is not in the passage's language", task_output
        )
    if task.structure is Structure.QUESTION and not any(
        looks_like_question(part) for part in re.split(r"\n|(?<=[.?!\uff1f])\s", raw_written)
    ):
        raise TaskParseError("not_a_question", f"{task.name} input asks no question", task_output)
    if is_degenerate(written) or is_degenerate(task_output):
        raise TaskParseError("repetition", "the pair repeats itself in a loop", task_output)
    if (
        task.answer in (AnswerKind.FREE, AnswerKind.SPAN)
        and len(out.split()) >= 4
        and _contains(written, out)
    ):
        raise TaskParseError(
            "output_in_input", "the answer is given away in the task's own input", task_output
        )
    if task.structure is Structure.QUESTION_OUTPUT and not looks_like_question(task_output):
        raise TaskParseError(
            "not_a_question", "question generation output is not a question", task_output
        )
    if task.answer is AnswerKind.LABEL:
        if canonical_label(task, task_output) is not None:
            return
        # A type without strict labels may list its own options in the task's own text
        # (not merely anywhere in the passage, where any short phrase would pass).
        if not task.strict_labels and _contains(written, out) and len(out.split()) <= 4:
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
