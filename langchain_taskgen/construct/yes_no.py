"""Yes/no statements of a passage, balanced so no cue that reads nothing gives the label.

A yes/no question whose "no" items are the passage's sentences with "not" added teaches the
rule "not" means "no". Here each passage's questions come in pairs, one "yes" and one "no",
that agree in polarity: both positive (a true statement, and one with a number, an opposite
or a term changed, or a negative sentence made positive) or both negative (a negative
sentence of the passage or a true restatement with "not", and a positive sentence negated).
The label is then independent of "not", of the question's form and of its length.

Example:
    >>> import random
    >>> from langchain_taskgen.construct import Corpus
    >>> corpus = Corpus.build(["Old copies are removed by the cleanup script after two "
    ...                        "weeks. Restores can be started from the web console."])
    >>> for item in yes_no_items(0, corpus, random.Random(1), 2):
    ...     print(item[0], item[2])
    Can restores be started from the web console? yes
    Are old copies removed by the cleanup script before two weeks? no
"""

from __future__ import annotations

import random
import re

from langchain_taskgen.construct.passage import Corpus
from langchain_taskgen.construct.statements import (
    affirm,
    falsify,
    is_negative,
    lower_first,
    negate,
    negate_complement,
    split_subject,
    yes_no_question,
)

_COMPOUND = re.compile(r";|,\s+(but|and|or|so|while|whereas)\b")

Item = tuple[str, str, str]
"""(question, the statement it asks about, "yes" or "no")."""


def _is_it_true(statement: str) -> str:
    return f"Is it true that {lower_first(statement.rstrip('.'))}?"


def _cells(index: int, corpus: Corpus, rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    """Candidates per (polarity, label) cell: (source sentence, statement asked about)."""
    cells: dict[str, list[tuple[str, str]]] = {"+yes": [], "+no": [], "-yes": [], "-no": []}
    # Two clauses ("...; ...", "..., but ...") make a garbled question: one clause only.
    sentences = [
        s
        for s in corpus.sentences[index]
        if split_subject(s) is not None and not _COMPOUND.search(s)
    ]
    rng.shuffle(sentences)
    for s in sentences:
        if is_negative(s):
            cells["-yes"].append((s, s))
            if (positive := affirm(s)) is not None:
                cells["+no"].append((s, positive))
            continue
        cells["+yes"].append((s, s))
        if (false := falsify(s, index, corpus, rng)) is not None:
            cells["+no"].append((s, false))
        if (negated := negate(s)) is not None:
            cells["-no"].append((s, negated))
        if (restated := negate_complement(s)) is not None:
            cells["-yes"].append((s, restated))
    return cells


def _question(statement: str, positive: bool, inverted: bool) -> str:
    if positive and inverted:
        question = yes_no_question(statement)
        if question is not None:
            return question
    return _is_it_true(statement)


def yes_no_items(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Item]:
    """Up to ``n`` yes/no questions about passage ``index``, one "yes" per "no".

    Each source sentence is used once. A passage that cannot give a matched pair gives
    nothing (a lone "yes" would tilt the set).
    """
    cells = _cells(index, corpus, rng)
    used: set[str] = set()
    items: list[Item] = []

    def matched(sign: str) -> tuple[tuple[str, str], tuple[str, str]] | None:
        for yes in cells[f"{sign}yes"]:
            for no in cells[f"{sign}no"]:
                if yes[0] not in used and no[0] not in used and yes[0] != no[0]:
                    return yes, no
        return None

    while len(items) < n:
        groups = ["+", "-"]
        rng.shuffle(groups)
        pair = None
        for sign in groups:
            if (found := matched(sign)) is not None:
                pair = sign, *found
                break
        if pair is None:
            break
        sign, yes, no = pair
        used.update({yes[0], no[0]})
        inverted = rng.random() < 0.6  # one form for both: the form says nothing
        drawn = [
            (_question(yes[1], sign == "+", inverted), yes[1], "yes"),
            (_question(no[1], sign == "+", inverted), no[1], "no"),
        ]
        rng.shuffle(drawn)
        items.extend(drawn)
    return items[:n]
