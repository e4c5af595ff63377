"""Which question type asks which fact: the deal among types and the claims they make.

exqa, qa, qg and mcqa share a passage's span questions: each (sentence, answer) is asked
by one of them per call, and one question text by one passage per call (another span
is asked instead). Over the whole run, a question text a later passage asks again is
dropped in corpus order by the run's limits
(:mod:`~langchain_taskgen.construct.run_limits`): "What does LVM stand for?" of every
chunk that spells LVM out is the same pair again. A builder that keeps a candidate
:func:`claims <claim>` it.

Example:
    >>> from langchain_taskgen.construct.passage import Corpus, Span
    >>> corpus = Corpus.build(["LVM is a tool.", "Again LVM is a tool."])
    >>> claim(corpus, "LVM is a tool.", Span("a tool", 7, "phrase"), "exqa", 0, "What is LVM?")
    >>> free(corpus, "Again LVM is a tool.", Span("a tool", 13, "phrase"), "qa", 1, "What is LVM?")
    False
"""

from __future__ import annotations

from langchain_taskgen.construct.candidates import _share, same_kind_options
from langchain_taskgen.construct.option_kinds import fair_key
from langchain_taskgen.construct.passage import Corpus, Span

__all__ = ["SHARED_QUESTION_TYPES", "claim", "dealt", "free"]

SHARED_QUESTION_TYPES = ("exqa", "qa", "qg", "mcqa")
"""The types that ask span questions: one of them asks each (sentence, answer) in a call."""


def _key(sentence: str, span: Span) -> tuple[str, int, str]:
    return sentence, span.start, span.text


def _digest(corpus: Corpus, index: int) -> str:
    return _share(corpus.passages[index], Span("", 0, ""))


def free(corpus: Corpus, sentence: str, span: Span, owner: str, index: int, question: str) -> bool:
    """Whether ``owner`` may ask this on passage ``index``.

    Its own claim on this passage again (a re-plan) is free; one of another type, the
    same sentence in an overlapping chunk, or the same question from another passage of
    the call is not.
    """
    mine = (owner, index)
    if corpus.asked.get(_key(sentence, span), mine) != mine:
        return False
    return corpus.asked.get(("", -1, question.lower()), mine) == mine


def claim(
    corpus: Corpus, sentence: str, span: Span, owner: str = "", index: int = -1, question: str = ""
) -> None:
    """Mark (sentence, span), and the question, as asked by ``owner`` on passage ``index``."""
    corpus.asked.setdefault(_key(sentence, span), (owner, index))
    if question:
        corpus.asked.setdefault(("", -1, question.lower()), (owner, index))


def dealt(
    corpus: Corpus,
    index: int,
    candidates: list[tuple[str, Span, str]],
    sharing: list[str],
    owner: str,
) -> list[tuple[str, Span, str]]:
    """``owner``'s share of the passage's candidates when several question types share them.

    The deal starts at a different type in each passage (most offer one or two). mcqa is
    dealt only candidates the passage has fair wrong options for (a key that is a thing,
    two options of its sort), and every other one of them, since few candidates have
    such options; the rest go round the other types, so no candidate is dealt to a type
    that cannot use it.
    """
    first = int(_digest(corpus, index), 16) % len(sharing)
    order = sharing[first:] + sharing[:first]
    if "mcqa" not in sharing:
        return candidates[order.index(owner) :: len(order)]
    passage = corpus.passages[index]
    able = [
        c
        for c in candidates
        if fair_key(c[1].text, c[1].kind, c[2], passage)
        and len(same_kind_options(corpus, index, c[1], c[2], 2)) == 2
    ]
    if owner == "mcqa":
        return able[::2]
    others = [t for t in sharing if t != "mcqa"]
    start = int(_digest(corpus, index), 16) // len(sharing) % len(others)
    others = others[start:] + others[:start]  # each other type first in as many passages
    rest = [c for c in candidates if c not in able[::2]]
    return rest[others.index(owner) :: len(others)] if owner in others else []
