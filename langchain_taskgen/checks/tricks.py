r"""Answers that read nothing: the tricks the shortcut audit tries, and how it reads a pair.

Example:
    >>> from langchain_taskgen.pairs import TaskPair
    >>> text = "Premise: A is B.\nHypothesis: A is not B.\nEntailed?"
    >>> pair = TaskPair(text, "no", "te")
    >>> two_parts(pair)
    ('A is B.', 'A is not B.')
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from langchain_taskgen.pairs import TaskPair

_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
NEGATION = re.compile(
    r"\b(not|no|never|none|nothing|nobody|cannot|can't|without|neither|nor)\b|n't\b", re.I
)
_STOP = frozenset(
    """a an the and or of to in on at by for with from as is are was were be been it its this
    that these those there what which who whom whose when where why how do does did can could
    will would shall should may might must according passage text based following above below
    question answer true false yes no not""".split()
)
_OPENER = re.compile(
    r"^\s*(?:(?:based on|according to|in|from)\s+the\s+(?:text|passage|document)\s*,?\s*)+", re.I
)
_PART = re.compile(
    r"^\s*(premise|hypothesis|sentence\s*[12ab]|statement\s*[12ab]|first sentence|"
    r"second sentence|text\s*[12ab])\s*:\s*(.+)$",
    re.I | re.M,
)
_OPTION = re.compile(r"^\s*(?:[-*\u2022]|\(?[A-Ha-h1-8][.)])\s+(.+?)\s*$", re.M)
_LETTER = re.compile(r"^\(?([A-Ha-h])[.):]?$")
_TWO_PART_FIELDS = (("premise", "hypothesis"), ("sentence1", "sentence2"), ("first", "second"))
QUESTION_TYPES = frozenset({"exqa", "qa", "qg", "mcqa", "ynqa"})


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def content(text: str) -> frozenset[str]:
    """The words of ``text`` that carry meaning (lower-cased, no stopwords)."""
    return frozenset(w for w in _words(text) if w not in _STOP and len(w) > 2)


def norm(text: str) -> str:
    """``text`` lower-cased, punctuation dropped, one space between words."""
    return " ".join(_words(text))


def task_text(pair: TaskPair) -> str:
    """The pair's input without the passage it carries (what a hypothesis-only model sees).

    Example:
        >>> task_text(TaskPair("The sky is blue.\\n\\nIs it?", "yes", "ynqa", "The sky is blue."))
        'Is it?'
    """
    text, passage = pair.input, pair.context.strip()
    if passage and passage in text:
        text = text.replace(passage, " ")
    # Labels a format puts before the passage ("Passage:", "Read the text below.").
    text = re.sub(r"^\s*(?:passage:|read the text below\.)\s*", "", text.strip(), flags=re.I)
    return text.strip()


def two_parts(pair: TaskPair) -> tuple[str, str] | None:
    """The two statements of a two-part task (premise and hypothesis, two sentences).

    Read from the pair's recorded fields where it has them, else from labelled lines.
    """
    fields = pair.metadata.get("task_fields")
    if isinstance(fields, dict):
        for first, second in _TWO_PART_FIELDS:
            if isinstance(fields.get(first), str) and isinstance(fields.get(second), str):
                return fields[first], fields[second]
    found = _PART.findall(task_text(pair))
    if len(found) >= 2:
        return found[0][1].strip(" \"'"), found[1][1].strip(" \"'")
    return None


def option_list(pair: TaskPair) -> list[str]:
    """The answer options listed in a choice task's input (empty when none are found)."""
    return [o.strip(" \"'") for o in _OPTION.findall(task_text(pair))]


def chosen_option(pair: TaskPair, listed: Sequence[str]) -> int | None:
    """Index of the option the pair's output names (by text or by letter)."""
    out = norm(pair.output)
    for i, option in enumerate(listed):
        if norm(option) == out:
            return i
    letter = _LETTER.match(pair.output.strip())
    if letter:
        i = ord(letter.group(1).lower()) - ord("a")
        return i if i < len(listed) else None
    return None


def question_of(pair: TaskPair) -> str:
    """The question a question-type pair asks (the output, for question generation)."""
    fields = pair.metadata.get("task_fields")
    if isinstance(fields, dict) and isinstance(fields.get("question"), str):
        text = fields["question"]
    elif pair.task_type == "qg":
        text = pair.output
    else:
        text = _OPTION.sub(" ", task_text(pair))
    return _OPENER.sub("", text).strip()


# -- answers that read nothing ------------------------------------------------------------

Feature = float


def fit_stump(xs: Sequence[Feature], ys: Sequence[str]) -> Callable[[Feature], str]:
    """The one-threshold rule on ``xs`` that best predicts ``ys`` on these examples."""
    majority = Counter(ys).most_common(1)[0][0]
    best: tuple[int, Feature, str, str] = (-1, float("inf"), majority, majority)
    values = sorted(set(xs))
    step = max(1, len(values) // 40)  # enough thresholds for a stump, cheap on big sets
    for threshold in values[::step]:
        low = Counter(y for x, y in zip(xs, ys, strict=True) if x <= threshold)
        high = Counter(y for x, y in zip(xs, ys, strict=True) if x > threshold)
        low_label = low.most_common(1)[0][0] if low else majority
        high_label = high.most_common(1)[0][0] if high else majority
        correct = low[low_label] + high[high_label]
        if correct > best[0]:
            best = (correct, threshold, low_label, high_label)
    _, threshold, low_label, high_label = best
    return lambda x: low_label if x <= threshold else high_label


def folds_of(ys: Sequence[str], folds: int, seed: int) -> list[tuple[list[int], list[int]]]:
    """Cross-validation splits, stratified by label where every label has two examples."""
    from sklearn.model_selection import KFold, StratifiedKFold

    smallest = min(Counter(ys).values())
    indices = list(range(len(ys)))
    if smallest >= 2:
        splitter: Any = StratifiedKFold(min(folds, smallest), shuffle=True, random_state=seed)
        splits = splitter.split(indices, ys)
    else:
        splits = KFold(min(folds, len(ys)), shuffle=True, random_state=seed).split(indices)
    return [(list(train), list(test)) for train, test in splits]


def cv_stump(
    xs: Sequence[Feature], ys: Sequence[str], splits: list[tuple[list[int], list[int]]]
) -> float:
    """Cross-validated accuracy of a one-threshold rule on one feature."""
    correct = 0
    for train, test in splits:
        rule = fit_stump([xs[i] for i in train], [ys[i] for i in train])
        correct += sum(rule(xs[i]) == ys[i] for i in test)
    return correct / len(ys)


def cv_bag_of_words(
    texts: Sequence[str], ys: Sequence[str], splits: list[tuple[list[int], list[int]]]
) -> float:
    """Cross-validated accuracy of a bag-of-words classifier on the task text alone."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression

    correct = 0
    for train, test in splits:
        train_ys = [ys[i] for i in train]
        if len(set(train_ys)) < 2:
            correct += sum(train_ys[0] == ys[i] for i in test)
            continue
        vectorizer = CountVectorizer(ngram_range=(1, 2), binary=True)
        features = vectorizer.fit_transform([texts[i] for i in train])
        model = LogisticRegression(max_iter=2000).fit(features, train_ys)
        predicted = model.predict(vectorizer.transform([texts[i] for i in test]))
        correct += sum(p == ys[i] for p, i in zip(predicted, test, strict=True))
    return correct / len(ys)


def overlap(first: str, second: str) -> float:
    """Jaccard overlap of the two texts' content words."""
    a, b = content(first), content(second)
    return len(a & b) / max(len(a | b), 1)
