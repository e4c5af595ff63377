"""Questions made from a passage's own sentences, so that code knows their answers.

A span of a sentence (a number, a name, a technical term) is replaced by a question
phrase; the span is then the answer, correct by construction.
"""

from __future__ import annotations

import random
import re

from langchain_taskgen.construct.passage import Corpus, Span
from langchain_taskgen.construct.statements import lower_first

QUESTION_SLOTS = frozenset(
    """in on at by for with from to of into onto under over via about than like as after
    before within without is are was were be been called named use uses used using run runs
    install installs installed provides provide contains contain includes include requires
    require need needs edit edits create creates support supports cost costs take takes
    has have allow allows""".split()
)


def _lead(rng: random.Random) -> str:
    return rng.choice(["According to the passage, ", "In the passage, ", "Based on the text, "])


def wh_question(sentence: str, span: Span, rng: random.Random) -> str | None:
    """A question whose answer is ``span``, made by replacing it with a question phrase.

    A subject span becomes "What ...?"; any other span is asked in place
    ("According to the passage, apt relies on what?"), which is always well formed.

    Example:
        >>> from langchain_taskgen.construct.passage import answer_spans
        >>> s = "Overdue books cost 25 cents a day at the library."
        >>> wh_question(s, answer_spans(s)[0], random.Random(0))
        'In the passage, overdue books cost how many cents a day at the library?'
    """
    if sentence.count(span.text) != 1:
        return None
    # The span must be whole words, in a slot where "what" reads as a question word:
    # sentence start, or after a preposition or verb ("stored in what", "runs what").
    if span.start and sentence[span.start - 1] != " ":
        return None
    if span.end < len(sentence) and sentence[span.end] not in " ,.;)":
        return None
    previous = sentence[: span.start].split()[-1:] or [""]
    if span.start and previous[0].lower().strip(",") not in QUESTION_SLOTS:
        return None
    # Parentheticals ("(you will have to install ...)") make in-place questions unreadable.
    rest = re.sub(r"\s*\([^()]*\)", "", sentence[span.end :]).rstrip(". ")
    before = re.sub(r"\s*\([^()]*\)", "", sentence[: span.start]).rstrip()
    tokens = span.text.split()
    if span.kind == "number":
        if len(tokens) > 1 and tokens[1].lower() in {"percent", "%"}:
            phrase = "what percentage"
        elif len(tokens) > 1 and tokens[1].isalpha():
            phrase = "how many " + " ".join(tokens[1:])
        else:
            phrase = "what number"
    else:
        phrase = "what"
    if not before:
        if not rest or rest.startswith(","):
            return None
        return f"{phrase[:1].upper()}{phrase[1:]} {rest.lstrip()}?"
    if before.endswith((",", "(")) or before.split()[-1].lower() in {"a", "an", "the"}:
        return None
    rest = rest.strip()
    spaced_rest = rest if rest.startswith((",", ")")) else (" " + rest if rest else "")
    return f"{_lead(rng)}{lower_first(before)} {phrase}{spaced_rest}?"


def span_questions(
    index: int, corpus: Corpus, rng: random.Random, n: int
) -> list[tuple[str, Span, str]]:
    """Up to ``n`` (sentence, answer span, question) triples with distinct answers."""
    candidates = list(corpus.spans[index])
    rng.shuffle(candidates)
    out: list[tuple[str, Span, str]] = []
    seen: set[str] = set()
    for sentence, span in candidates:
        if span.text.lower() in seen:
            continue
        question = wh_question(sentence, span, rng)
        if question is None or span.text.lower() in question.lower():
            continue
        seen.add(span.text.lower())
        out.append((sentence, span, question))
        if len(out) == n:
            break
    return out
