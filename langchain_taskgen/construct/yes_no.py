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
# A second clause ("...; it", "..., but", "..., and it is"): asked as one claim it is two.
# An enumeration's ", and" ("use, reproduction, and distribution") is no second clause.
_SECOND_CLAUSE = re.compile(
    r";|,\s+(but|so|while|whereas)\b"
    r"|,\s+(and|or)\s+(\S+\s+){0,3}?(is|are|was|were|can|will|must|shall|should|may|"
    r"could|would|has|have|does|do|did)\b",
    re.IGNORECASE,
)
# "Is it true that <a long sentence>?" past this many words is no longer a question a
# person would ask.
_MAX_WORDS = 40
# Instructions are no claims: "To apply the License, attach ...", "See Section 4."
_INSTRUCTION = frozenset(
    "to see note use attach run add make do please consider check install type".split()
)

Item = tuple[str, str, str]
"""(question, the statement it asks about, "yes" or "no")."""


def _is_it_true(statement: str) -> str:
    return f"Is it true that {lower_first(statement.rstrip('.'))}?"


def _cells(index: int, corpus: Corpus, rng: random.Random) -> dict[str, list[tuple[str, str]]]:
    """Candidates per (polarity, label) cell: (source sentence, statement asked about)."""
    cells: dict[str, list[tuple[str, str]]] = {"+yes": [], "+no": [], "-yes": [], "-no": []}
    # A claim in one clause: "<subject> <aux> ..." (asked by inversion or "Is it true
    # that"), or a longer legal or technical sentence led by a condition or a definition
    # ("Subject to ..., each Contributor grants ...", '"Licensor" shall mean ...'), asked
    # as a whole with "Is it true that": the clauses and modals stay, so does the meaning.
    sentences = [
        s
        for s in corpus.sentences[index]
        if not _SECOND_CLAUSE.search(s)
        and len(s.split()) <= _MAX_WORDS
        and (
            split_subject(s) is not None
            or (len(s.split()) >= 8 and s.split()[0].lower() not in _INSTRUCTION)
        )
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


def _questions(yes: str, no: str, positive: bool, inverted: bool) -> tuple[str, str]:
    """Both statements asked in one form (inverted only where both invert).

    The form of a question then says nothing of its label.
    """
    if positive and inverted and not (_COMPOUND.search(yes) or _COMPOUND.search(no)):
        q_yes, q_no = yes_no_question(yes), yes_no_question(no)
        if q_yes is not None and q_no is not None:
            return q_yes, q_no
    return _is_it_true(yes), _is_it_true(no)


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
        q_yes, q_no = _questions(yes[1], no[1], sign == "+", inverted)
        drawn = [(q_yes, yes[1], "yes"), (q_no, no[1], "no")]
        rng.shuffle(drawn)
        items.extend(drawn)
    return items[:n]
