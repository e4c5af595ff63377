"""Checks of what a model wrote for a code-built task (paraphrases, summaries).

Each returns the cleaned text or raises :class:`~langchain_taskgen.TaskParseError`
naming the flaw, so every rejected part is a counted reason.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher

from langchain_taskgen.construct.passage import (
    STOPWORDS,
    answer_spans,
    content_words,
    has_negation,
    split_sentences,
    words,
)
from langchain_taskgen.errors import TaskParseError

EDGE_PUNCT = " \t\n\"'`.,;:!?()[]{}*-"
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Lowercase, unify unicode and whitespace, strip edge punctuation and quotes.

    How answers are compared with labels, everywhere (also re-exported by
    ``checks.answers``).

    Example:
        >>> normalize("  Entailment. ")
        'entailment'
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", text).strip(EDGE_PUNCT)


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
    """Paths and dotted/dashed names (commands, files, packages) of a sentence.

    Capitalised names are compared as words by :func:`meaning_changes`: whether a word
    counts as a name depends on where it stands, and a rewrite may move it to the front.
    """
    return {s.text.lower() for s in answer_spans(text) if s.kind == "term"}


def _claim_words(text: str) -> set[str]:
    """Content words, two-letter ones too: "sh", "ls" and "cp" are commands."""
    return {w for w in words(text) if len(w) >= 2 and w not in STOPWORDS}


# Words that link a sentence to the one before ("In addition, ..."): a rewrite of the
# sentence alone may leave them out without changing what it claims.
_DISCOURSE = frozenset(
    "addition however moreover furthermore therefore thus hence example instance indeed "
    "course fact actually also additionally thereby surprisingly aware".split()
)
# Words a rewrite may bring in without a claim of its own ("is able to", "in order to").
_FILLER = frozenset("able possible order called named known way means simply".split())
# Scope and modality: stopwords to the overlap measures, yet "most sh scripts" and
# "scripts", "can" and "must" differ in meaning. Each class must be kept (or said by an
# equivalent of the same class).
_SCOPE_CLASSES: tuple[frozenset[str], ...] = (
    frozenset({"all", "every", "each", "any", "per"}),
    frozenset({"most"}),
    frozenset({"some", "several"}),
    frozenset({"many", "much"}),
    frozenset({"few"}),
    frozenset({"only", "just", "solely", "exclusively"}),
    frozenset({"always"}),
    frozenset({"never"}),
    frozenset({"often", "frequently", "usually", "normally", "generally", "typically"}),
    frozenset({"sometimes", "occasionally"}),
    frozenset({"must", "required", "need", "needs", "mandatory"}),
    frozenset({"can", "able", "possible", "may", "could", "allows", "lets", "enables"}),
    frozenset({"should", "recommended"}),
    frozenset({"both"}),
    frozenset({"either"}),
)
_SCOPE_WORDS = frozenset().union(*_SCOPE_CLASSES)
_SUFFIX = re.compile(r"(?:ing|ed|es|s|ly|er|ers|ion|ions|ation|ations)$")


# Irregular past forms, so "can be held" matches "can hold".
_IRREGULAR = {
    "held": "hold",
    "kept": "keep",
    "made": "make",
    "got": "get",
    "ran": "run",
    "written": "write",
    "wrote": "write",
    "chosen": "choose",
    "given": "give",
    "shown": "show",
    "known": "know",
    "sent": "send",
    "built": "build",
    "found": "find",
    "left": "leave",
    "taken": "take",
    "read": "read",
}


def _stem(word: str) -> str:
    """A crude stem, enough to match "scripts"/"script" and "removed"/"removes"."""
    word = _IRREGULAR.get(word.lower(), word.lower())
    stem = _SUFFIX.sub("", word) if len(word) > 4 else word
    return stem[:6]


def _synonym_stems() -> dict[str, set[str]]:
    from langchain_taskgen.construct.senses import SYNONYMS

    out: dict[str, set[str]] = {}
    for a, b in SYNONYMS.items():
        for x, y in ((a, b), (b, a)):
            for part in y.split():
                if part not in STOPWORDS:
                    out.setdefault(_stem(x), set()).add(_stem(part))
    return out


def _scope(text: str) -> set[int]:
    """Which scope and modality classes a text uses."""
    tokens = set(words(text))
    return {i for i, group in enumerate(_SCOPE_CLASSES) if tokens & group}


def meaning_changes(original: str, written: str) -> list[str]:
    """What a rewrite changes in the meaning of ``original``, as short reasons.

    Deterministic alignment of what carries a claim: every content word of the original
    must be in the rewrite (the word, its stem or a listed synonym; a linking word such
    as "In addition" may go), every content word of the rewrite must come from the
    original (or be filler such as "able"), and numbers, negation, names, paths and
    commands, and scope and modal words ("most", "only", "can", "must") must be kept.
    An empty list means no change was found.

    Example:
        >>> meaning_changes("In addition, most sh scripts can be run by Bash.",
        ...                 "Most scripts can be run by Bash.")
        ['dropped: sh']
        >>> meaning_changes("The backup runs every 4 hours.", "The backup runs every 6 hours.")
        ['numbers: 4 -> 6']
        >>> meaning_changes("Most sh scripts can be run by Bash.",
        ...                 "Bash can run most sh scripts.")
        []
    """
    reasons: list[str] = []
    synonyms = _synonym_stems()

    def aligned(word: str, other: set[str]) -> bool:
        stem = _stem(word)
        return stem in other or bool(synonyms.get(stem, set()) & other)

    mine = {_stem(w) for w in _claim_words(original)}
    theirs = {_stem(w) for w in _claim_words(written)}
    dropped = sorted(w for w in _claim_words(original) - _DISCOURSE if not aligned(w, theirs))
    added = sorted(w for w in _claim_words(written) - _DISCOURSE - _FILLER if not aligned(w, mine))
    # A word said twice where the original says it once ("the source providing it, and
    # the source's name") adds a claim; one said once where it was said twice ("no name
    # server on the local network ... local network stations") drops one.
    counts = Counter(_stem(w) for w in words(original) if w not in STOPWORDS)
    rewritten = Counter(_stem(w) for w in words(written) if w not in STOPWORDS)
    for stem in sorted(counts.keys() & rewritten.keys()):
        if counts[stem] > rewritten[stem]:
            dropped.append(f"{stem}-")
        elif counts[stem] < rewritten[stem]:
            added.append(f"{stem}+")
    # "the certificate" -> "the certificates", "The Debian package contains" -> "Debian
    # packages contain": one word made plural or singular changes what is claimed.
    kept_words = set(words(written))
    flipped = sorted(
        w
        for w in _claim_words(original)
        if w not in kept_words
        and ((w + "s") in kept_words or (w.endswith("s") and w[:-1] in kept_words))
    )
    if flipped:
        reasons.append("singular or plural changed: " + " ".join(flipped))
    if dropped:
        reasons.append("dropped: " + " ".join(dropped))
    if added:
        reasons.append("added: " + " ".join(added))
    numbers = sorted(_NUMBER_WORDS.findall(original)), sorted(_NUMBER_WORDS.findall(written))
    if numbers[0] != numbers[1]:
        reasons.append(f"numbers: {' '.join(numbers[0])} -> {' '.join(numbers[1])}")
    if has_negation(original) != has_negation(written):
        reasons.append("negation added or lost")
    if _terms(written) - _terms(original) or _terms(original) - _terms(written):
        reasons.append("paths or commands changed")
    if _scope(original) != _scope(written):
        reasons.append("scope or modality changed")
    return reasons


def check_paraphrase(original: str, written: str) -> str:
    """The model's paraphrase, cleaned, or a :class:`TaskParseError` naming the flaw.

    A paraphrase is a whole sentence of similar length, not a copy, and changes nothing
    of the meaning :func:`meaning_changes` can see: no content word dropped, swapped or
    added, numbers, polarity, names and scope words kept.

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
    if words(original) == words(text) or _content_sequence(original) == _content_sequence(text):
        raise TaskParseError("paraphrase_is_copy", "the paraphrase copies the sentence", text)
    # "which" for "that" and "entire" for "whole": a strict reader calls such a near-copy
    # trivial, and a model trained on it learns to copy.
    if SequenceMatcher(None, words(original), words(text), autojunk=False).ratio() >= 0.8:
        raise TaskParseError("paraphrase_is_copy", "the paraphrase nearly copies it", text)
    a, b = content_words(original), content_words(text)
    overlap = len(a & b) / max(len(a | b), 1)
    if overlap < 0.45 or len(a & b) < 2:
        raise TaskParseError("paraphrase_off_topic", "the paraphrase says something else", text)
    ratio = len(text.split()) / max(len(original.split()), 1)
    if not 0.5 <= ratio <= 1.8:
        raise TaskParseError("paraphrase_length", "the paraphrase is far shorter or longer", text)
    # Paths and commands are facts: a paraphrase may not invent or drop one.
    if _terms(text) != _terms(original):
        raise TaskParseError("paraphrase_changed_terms", "a name, path or command changed", text)
    if sorted(_NUMBER_WORDS.findall(original)) != sorted(_NUMBER_WORDS.findall(text)):
        raise TaskParseError("paraphrase_changed_numbers", "the numbers changed", text)
    if has_negation(original) != has_negation(text):
        raise TaskParseError("paraphrase_changed_polarity", "a negation was added or lost", text)
    changes = meaning_changes(original, text)
    if changes:
        raise TaskParseError(
            "paraphrase_changed_meaning", "the meaning changed (" + "; ".join(changes) + ")", text
        )
    return text


def summary_changes(passage: str, summary: str) -> list[str]:
    """What a summary claims that the passage does not say, as short reasons.

    Every content word of the summary must come from the passage (the word, its stem or
    a listed synonym; filler such as "able" aside), and so must its numbers, paths and
    commands; a negation in the summary needs one in the passage.

    Example:
        >>> passage = "The daemon reads its settings at start. It then listens on port 631."
        >>> summary_changes(passage, "The daemon reads its settings and listens on port 631.")
        []
        >>> summary_changes(passage, "The daemon encrypts its settings on port 443.")
        ['not in the passage: encrypts', 'numbers not in the passage: 443']
    """
    synonyms = _synonym_stems()
    source = {_stem(w) for w in _claim_words(passage)}
    new = sorted(
        w
        for w in _claim_words(summary) - _DISCOURSE - _FILLER - _SCOPE_WORDS
        if _stem(w) not in source and not synonyms.get(_stem(w), set()) & source
    )
    reasons = ["not in the passage: " + " ".join(new)] if new else []
    numbers = set(_NUMBER_WORDS.findall(summary)) - set(_NUMBER_WORDS.findall(passage))
    if numbers:
        reasons.append("numbers not in the passage: " + " ".join(sorted(numbers)))
    if _terms(summary) - _terms(passage):
        reasons.append("paths or commands not in the passage")
    if has_negation(summary) and not has_negation(passage):
        reasons.append("a negation the passage does not have")
    return reasons


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
    problems = summary_changes(passage, text)
    if problems:
        raise TaskParseError(
            "summary_unfaithful",
            "the summary says what the passage does not (" + "; ".join(problems) + ")",
            text,
        )
    if text.lower().rstrip(".") in passage.lower():
        raise TaskParseError("summary_is_copy", "the summary copies one sentence", text)
    return text
