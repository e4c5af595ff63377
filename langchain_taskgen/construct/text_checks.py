"""Checks of what a model wrote for a code-built task (paraphrases, summaries).

Each returns the cleaned text or raises :class:`~langchain_taskgen.TaskParseError`
naming the flaw, so every rejected part is a counted reason.
"""

from __future__ import annotations

import itertools
import re

from langchain_taskgen.construct.passage import (
    answer_spans,
    content_words,
    has_negation,
    split_sentences,
    words,
)
from langchain_taskgen.errors import TaskParseError

_WORD = re.compile(r"\w+")
_NUMBER_WORDS = re.compile(r"\d+(?:[.,]\d+)?")


def is_degenerate(text: str) -> bool:
    """Whether text loops: one word 4+ times in a row, or a 3-word run repeated 3+ times.

    Example:
        >>> is_degenerate("the the the the end"), is_degenerate("a b c a b c a b c")
        (True, True)
        >>> is_degenerate("Users may copy the file and may change the file.")
        False
    """
    tokens = _WORD.findall(text.casefold())
    run = 1
    for previous, word in itertools.pairwise(tokens):
        run = run + 1 if word == previous else 1
        if run >= 4:
            return True
    trigrams: dict[tuple[str, ...], int] = {}
    for i in range(len(tokens) - 2):
        key = tuple(tokens[i : i + 3])
        trigrams[key] = trigrams.get(key, 0) + 1
        if trigrams[key] >= 3:
            return True
    return False


def _content_sequence(text: str) -> list[str]:
    """Content words in order: equal for a copy that only drops or swaps small words."""
    keep = content_words(text)
    return [w for w in words(text) if w in keep]


def _terms(text: str) -> set[str]:
    """Paths, dotted/dashed names and mid-sentence capitalised names of a sentence."""
    return {s.text.lower() for s in answer_spans(text) if s.kind in ("term", "name")}


def check_paraphrase(original: str, written: str) -> str:
    """The model's paraphrase, cleaned, or a :class:`TaskParseError` naming the flaw.

    A paraphrase keeps the numbers and the polarity of the original, shares enough of
    its content words to be about the same thing, is not a copy, and is a whole
    sentence of similar length.

    Example:
        >>> check_paraphrase("The library lends ten items per card.",
        ...                  "The library lends each card ten items.")
        'The library lends each card ten items.'
    """
    text = " ".join(written.split()).strip().strip('"')
    if not text:
        raise TaskParseError("empty_output", "the model wrote nothing", written)
    if not text.endswith((".", "!")):
        raise TaskParseError("incomplete_sentence", "the paraphrase is not a whole sentence", text)
    if is_degenerate(text):
        raise TaskParseError("repetition", "the paraphrase repeats itself", text)
    a, b = content_words(original), content_words(text)
    if words(original) == words(text) or _content_sequence(original) == _content_sequence(text):
        raise TaskParseError("paraphrase_is_copy", "the paraphrase copies the sentence", text)
    overlap = len(a & b) / max(len(a | b), 1)
    if overlap < 0.45 or len(a & b) < 2:
        raise TaskParseError("paraphrase_off_topic", "the paraphrase says something else", text)
    # Names, paths and commands are facts: a paraphrase may not invent or drop one.
    if _terms(text) != _terms(original):
        raise TaskParseError("paraphrase_changed_terms", "a name, path or command changed", text)
    if len(b - a) > 2 or len(a - b) > max(1, len(a) // 4):
        raise TaskParseError("paraphrase_off_topic", "the paraphrase adds or drops content", text)
    if sorted(_NUMBER_WORDS.findall(original)) != sorted(_NUMBER_WORDS.findall(text)):
        raise TaskParseError("paraphrase_changed_numbers", "the numbers changed", text)
    if has_negation(original) != has_negation(text):
        raise TaskParseError("paraphrase_changed_polarity", "a negation was added or lost", text)
    ratio = len(text.split()) / max(len(original.split()), 1)
    if not 0.5 <= ratio <= 1.8:
        raise TaskParseError("paraphrase_length", "the paraphrase is far shorter or longer", text)
    return text


def check_summary(passage: str, written: str) -> str:
    """The model's summary, cleaned, or a :class:`TaskParseError` naming the flaw."""
    text = " ".join(written.split()).strip()
    if len(text.split()) < 8:
        raise TaskParseError("summary_too_short", "the summary has fewer than 8 words", text)
    if not text.endswith((".", "!")):
        raise TaskParseError("incomplete_sentence", "the summary stops mid-sentence", text)
    if is_degenerate(text):
        raise TaskParseError("repetition", "the summary repeats itself", text)
    if len(text.split()) > 0.6 * len(passage.split()):
        raise TaskParseError("summary_too_long", "the summary is not much shorter", text)
    if len(split_sentences(text)) > 1:
        raise TaskParseError("summary_not_one_sentence", "the summary has several sentences", text)
    # Word stems (first five letters) so "removes" matches "removed"; a summary from a
    # small model that needs many words absent from the passage is making things up.
    mine = {w[:5] for w in content_words(text)}
    source = {w[:5] for w in content_words(passage)}
    if not mine or len(mine & source) / len(mine) < 0.85:
        raise TaskParseError(
            "summary_unfaithful", "the summary brings in words not in the passage", text
        )
    if text.lower().rstrip(".") in passage.lower():
        raise TaskParseError("summary_is_copy", "the summary copies one sentence", text)
    return text
