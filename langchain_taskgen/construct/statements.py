"""Statements of a passage turned into others: negated, inverted, with a fact swapped.

Labels of code-built tasks follow from these transformations (a negated premise
contradicts it, a changed number makes a yes/no question false), so they are correct by
construction.
"""

from __future__ import annotations

import random
import re

from langchain_taskgen.construct.passage import Corpus, answer_spans, content_words, has_negation

AUXILIARIES = (
    "is",
    "are",
    "was",
    "were",
    "can",
    "cannot",
    "will",
    "must",
    "should",
    "may",
    "could",
    "would",
    "has",
    "have",
    "does",
    "do",
)
_PLURAL_AUX = frozenset({"are", "were", "have", "do"})
_NEGATABLE = {
    "is": "is not",
    "are": "are not",
    "was": "was not",
    "were": "were not",
    "can": "cannot",
    "will": "will not",
    "must": "must not",
    "should": "should not",
    "may": "may not",
    "could": "could not",
    "would": "would not",
    "has": "has not",
    "have": "have not",
    "does": "does not",
    "do": "do not",
}


def split_subject(sentence: str) -> tuple[str, str, str] | None:
    """Split "<subject> <aux> <rest>." into ``(subject, auxiliary, rest)``.

    The subject is at most eight words with no comma, so clauses like "If ..., X is"
    are left alone.

    Example:
        >>> split_subject("The library opens at noon.") is None
        True
        >>> split_subject("The library can lend ten items.")
        ('The library', 'can', 'lend ten items')
    """
    tokens = sentence.rstrip(".").split()
    for i, token in enumerate(tokens[:9]):
        if token.lower() in AUXILIARIES and i >= 1:
            subject = " ".join(tokens[:i])
            rest = " ".join(tokens[i + 1 :])
            if any(mark in subject for mark in ",;:") or i > 6 or len(tokens) - i - 1 < 2:
                return None
            if subject.split()[0].lower() in {"if", "when", "while", "although", "because"}:
                return None
            return subject, token.lower(), rest
    return None


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word looks like a name or acronym."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and (first[1:].lower() != first[1:] or first.isupper()):
        return text
    return text[:1].lower() + text[1:]


def negate(sentence: str) -> str | None:
    """The sentence with its first auxiliary negated, or ``None`` when it has none or is negative.

    Example:
        >>> negate("The library can lend ten items.")
        'The library cannot lend ten items.'
    """
    if has_negation(sentence):
        return None
    parts = split_subject(sentence)
    if parts is None:
        return None
    subject, aux, rest = parts
    if "," in rest or ";" in rest:
        return None  # "X is not Y, and it will therefore Z" negates only half of a claim
    following = rest.split()[0].lower()
    # "has a modular design" -> "has not a ..." is not English; only auxiliary uses negate.
    if aux in {"do", "does"} or (
        aux in {"has", "have"} and not following.endswith(("ed", "en")) and following != "been"
    ):
        return None
    return f"{subject} {_NEGATABLE[aux]} {rest}."


def yes_no_question(sentence: str) -> str | None:
    """Invert "<subject> <aux> <rest>." into "<Aux> <subject> <rest>?".

    Example:
        >>> yes_no_question("The library can lend ten items.")
        'Can the library lend ten items?'
    """
    parts = split_subject(sentence)
    if parts is None or has_negation(sentence):
        return None
    subject, aux, rest = parts
    if aux == "cannot":
        return None
    return f"{aux.capitalize()} {lower_first(subject)} {rest}?"


def is_plural_aux(aux: str) -> bool:
    """Whether an auxiliary agrees with a plural subject."""
    return aux in _PLURAL_AUX


def swap_term(sentence: str, index: int, corpus: Corpus, rng: random.Random) -> str | None:
    """The sentence with one answer span replaced by a same-kind span of another passage."""
    spans = [s for s in answer_spans(sentence) if s.start > 0]
    rng.shuffle(spans)
    for span in spans:
        pool = [
            s
            for s in corpus.other_spans(index, span.kind)
            if s.lower() not in sentence.lower() and s.lower() != span.text.lower()
        ]
        if span.kind == "number":
            # Another number with the same unit reads naturally; keep the unit.
            unit = span.text.split()[1:]
            pool = [s for s in pool if s.split()[1:] == unit]
        if pool:
            return sentence[: span.start] + rng.choice(pool) + sentence[span.end :]
    return None


def swap_number(sentence: str, index: int, corpus: Corpus, rng: random.Random) -> str | None:
    """The sentence with one number changed (doubled, or plus one): false by the passage."""
    numbers = [s for s in answer_spans(sentence) if s.kind == "number" and s.start > 0]
    if not numbers:
        return None
    span = rng.choice(numbers)
    head, *unit = span.text.split()
    if not head.isdigit():
        return None
    value = int(head)
    other = value * 2 if value > 1 else value + 2
    text = " ".join([str(other), *unit])
    return sentence[: span.start] + text + sentence[span.end :]


# A paraphrase or clause cut from a contrast ("Unlike iptables, nftables has no default
# table") easily states the opposite; such sentences make no premise.
CONTRAST = re.compile(
    r"\b(unlike|except|instead of|rather than|whereas|in contrast|as opposed to|unless|only if)\b",
    re.IGNORECASE,
)


def premise_sentences(index: int, corpus: Corpus, rng: random.Random) -> list[str]:
    """The passage's good sentences in random order, without contrasts (premise material)."""
    sentences = [s for s in corpus.sentences[index] if not CONTRAST.search(s)]
    rng.shuffle(sentences)
    return sentences


def related_sentence(index: int, sentence: str, corpus: Corpus) -> str | None:
    """Another sentence of the passage sharing a content word with ``sentence``."""
    mine = content_words(sentence)
    for other in corpus.sentences[index]:
        if other != sentence and mine & content_words(other):
            return other
    return None
