"""Scoring answers to held-out pairs, and the trivial no-model baseline.

Label and choice tasks are scored by accuracy (a choice answer may name its option's
letter). Free answers get three scores a reader can check: ``contains`` (the gold answer
appears in the answer), ``exact`` (the two are equal) and SQuAD-style token ``f1``, all
after SQuAD normalisation (case, punctuation and articles dropped) with numbers written as
words read as digits ("Four" is "4"). ``contains`` is the headline: token F1 rewards a short
wrong answer that shares words ("debian-devel-announce" for "debian-devel") and punishes
a full sentence that states the right answer. The baseline answers without a model: the
option found in the passage, the majority label, or the passage's last sentence.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence

from langchain_taskgen.checks.answers import normalize
from langchain_taskgen.pairs.pair import TaskPair
from langchain_taskgen.tasks import AnswerKind, get_task_type

__all__ = [
    "FREE_METRICS",
    "answer_spread",
    "baseline_answers",
    "choice_options",
    "contains_gold",
    "exact_match",
    "label_match",
    "last_sentence",
    "metric_for",
    "metrics_for",
    "normalize_answer",
    "option_in_passage",
    "resolve_choice",
    "score",
    "score_all",
    "token_f1",
]

FREE_METRICS = ("contains", "f1", "exact")
"""The scores of a free answer, headline first."""

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
).split()
_NUMBER_WORDS: dict[str, str] = {word: str(i) for i, word in enumerate(_UNITS)}
_NUMBER_WORDS.update({word: str(20 + 10 * i) for i, word in enumerate(_TENS)})
_NUMBER_WORDS.update(
    {word: f"{i + 1}{'st' if i == 0 else 'nd' if i == 1 else 'rd' if i == 2 else 'th'}"
     for i, word in enumerate(_ORDINALS)}
)  # fmt: skip
# "twenty-one", "twenty one" -> "21" (before punctuation goes, which would glue them).
_COMPOUND = re.compile(r"\b(" + "|".join(_TENS) + r")[\s-]+(" + "|".join(_UNITS[1:10]) + r")\b")
_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = frozenset(string.punctuation)


def _compound(match: re.Match[str]) -> str:
    return str(int(_NUMBER_WORDS[match.group(1)]) + int(_NUMBER_WORDS[match.group(2)]))


def normalize_answer(text: str) -> str:
    """SQuAD's answer normalisation, with numbers written as words turned into digits.

    Lowercase; punctuation removed (``"debian-devel@lists.debian.org"`` stays one word, so
    it does not half-match ``"debian-devel-announce@..."``); articles removed; whitespace
    collapsed; "four" -> "4", "twenty-one" -> "21", "first" -> "1st".

    Example:
        >>> normalize_answer("The answer is Four.")
        'answer is 4'
        >>> normalize_answer("Twenty-one days")
        '21 days'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _COMPOUND.sub(_compound, text)
    text = "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch not in _PUNCT and not unicodedata.category(ch).startswith("P")
    )
    text = _ARTICLES.sub(" ", text)
    return " ".join(_NUMBER_WORDS.get(token, token) for token in text.split())


def _tokens(text: str) -> list[str]:
    return normalize_answer(text).split()


def token_f1(prediction: str, reference: str) -> float:
    """SQuAD-style token F1 between two answers (after :func:`normalize_answer`).

    Example:
        >>> round(token_f1("the NOTICE file", "NOTICE file"), 2)
        1.0
        >>> token_f1("4", "Four")
        1.0
    """
    pred, ref = _tokens(prediction), _tokens(reference)
    if not pred or not ref:
        return float(pred == ref)
    common = sum((Counter(pred) & Counter(ref)).values())
    if not common:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def exact_match(prediction: str, reference: str) -> float:
    """1.0 if the two answers are equal after :func:`normalize_answer`.

    Example:
        >>> exact_match("Four.", "4"), exact_match("4 days", "4")
        (1.0, 0.0)
    """
    ref = normalize_answer(reference)
    return float(bool(ref) and normalize_answer(prediction) == ref)


def contains_gold(prediction: str, reference: str) -> float:
    """1.0 if the normalised reference appears, whole words, in the normalised answer.

    A full sentence that states the right answer counts; a near miss does not.

    Example:
        >>> contains_gold("The mailing list is debian-devel@lists.debian.org.",
        ...               "debian-devel@lists.debian.org")
        1.0
        >>> contains_gold("Debian-devel-announce@lists.debian.org",
        ...               "debian-devel@lists.debian.org")
        0.0
    """
    pred, ref = _tokens(prediction), _tokens(reference)
    if not ref or len(ref) > len(pred):
        return 0.0
    width = len(ref)
    return float(any(pred[i : i + width] == ref for i in range(len(pred) - width + 1)))


def _label_tokens(text: str) -> list[str]:
    # Articles stay: "A apt" must not read as the option "apt".
    return [_NUMBER_WORDS.get(t, t) for t in re.findall(r"\w+", normalize(text))]


def label_match(prediction: str, reference: str) -> float:
    """1.0 if the prediction's first words equal the reference label (normalised).

    Example:
        >>> label_match("Yes, it may.", "yes"), label_match("Four", "4")
        (1.0, 1.0)
    """
    pred, ref = _label_tokens(prediction), _label_tokens(reference)
    return float(bool(ref) and pred[: len(ref)] == ref)


def _is_label(task_type: str) -> bool:
    return get_task_type(task_type).answer in (AnswerKind.LABEL, AnswerKind.CHOICE)


def metric_for(task_type: str) -> str:
    """The headline metric: ``accuracy`` for label and choice tasks, else ``contains``."""
    return "accuracy" if _is_label(task_type) else FREE_METRICS[0]


def metrics_for(task_type: str) -> tuple[str, ...]:
    """Every metric reported for a task type, headline first.

    Example:
        >>> metrics_for("ynqa"), metrics_for("qa")
        (('accuracy',), ('contains', 'f1', 'exact'))
    """
    return ("accuracy",) if _is_label(task_type) else FREE_METRICS


def answer_spread(answers: Sequence[str]) -> tuple[str, float]:
    """The most common answer (normalised; ties: first seen) and its share of ``answers``.

    Example:
        >>> answer_spread(["No.", "no", "Yes", "NO"])
        ('no', 0.75)
    """
    keys = [normalize_answer(a) for a in answers]
    if not keys:
        return "", 0.0
    counts = Counter(keys)
    best = max(counts.values())
    top = next(k for k in keys if counts[k] == best)
    return top, best / len(keys)


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


def score_all(
    task_type: str, prediction: str, reference: str, input_text: str = ""
) -> dict[str, float]:
    r"""Every metric of :func:`metrics_for` for one prediction.

    Choice tasks accept an option's letter (when the options in ``input_text`` are
    lettered) as well as its text; formatting (case, punctuation) never counts.

    Example:
        >>> score_all("qa", "It takes four days.", "4 days")
        {'contains': 1.0, 'f1': 0.667, 'exact': 0.0}
        >>> score_all("mcqa", "B", "dpkg", "Which tool?\nA. apt\nB. dpkg")
        {'accuracy': 1.0}
    """
    if _is_label(task_type):
        if get_task_type(task_type).answer is AnswerKind.CHOICE and input_text:
            prediction = resolve_choice(prediction, choice_options(input_text))
        return {"accuracy": label_match(prediction, reference)}
    return {
        "contains": contains_gold(prediction, reference),
        "f1": round(token_f1(prediction, reference), 3),
        "exact": exact_match(prediction, reference),
    }


def score(task_type: str, prediction: str, reference: str, input_text: str = "") -> float:
    r"""Score one prediction with the task type's headline metric (:func:`metric_for`).

    Example:
        >>> score("ynqa", "Yes.", "yes")
        1.0
        >>> score("qa", "Four", "4")
        1.0
    """
    return score_all(task_type, prediction, reference, input_text)[metric_for(task_type)]


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
