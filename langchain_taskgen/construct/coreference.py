"""Pronouns a reader resolves from the sentence before: "It"/"They" at a sentence's start.

A sentence opening with "It" or "They" whose verb says what a thing does ("It uses ...",
"They maintain ...", "It can ...", "It is a ..."), after a sentence whose subject is a
named or determined noun phrase of the same number: the pronoun's referent is that
subject. An expletive "It" ("It is possible to ...", "It is the client that ...") and a
subject the pronoun cannot agree with ("Users ... It ...") give nothing.

Example:
    >>> pronoun_referents("The rsyslogd daemon collects the messages of services and the kernel. "
    ...                   "It obeys the /etc/rsyslog.conf configuration file.")
    [('It', 'It obeys the /etc/rsyslog.conf configuration file.', 'The rsyslogd daemon')]
"""

from __future__ import annotations

import itertools
import re

from langchain_taskgen.construct.clauses import ADVERBS, SUBORDINATE, find_verb
from langchain_taskgen.construct.passage import STOPWORDS, is_good_sentence, split_sentences
from langchain_taskgen.construct.statements import is_plural_aux, split_subject

__all__ = ["pronoun_referents"]

_PRONOUN = re.compile(r"^(It|They)\s+(?:(?:also|then|still|usually|often|now)\s+)?(\w+)\s+(\w+)")
_MODALS = frozenset("can could may might must should will would".split())
# Verbs after "It" that mostly start an expletive or a judgement, not a referring "It".
_EXPLETIVE = frozenset("seems appears was were does means happens depends takes would".split())
_NOT_SUBJECTS = frozenset(
    {"there", "it", "this", "that", "they", "you", "we", "one", "i", "latter", "former"}
)
# Neutral auxiliaries: the number comes from the subject itself.
_NEUTRAL = _MODALS | {"did", "had"}


def _plural_subject(subject: str) -> bool:
    """Whether a noun phrase reads as plural ("Several tasks", "The ftpmasters")."""
    words = subject.split()
    head = words[-1]
    if (
        head.isupper()
        or any(ch.isupper() for ch in head[1:])
        or (head[:1].isupper() and len(words) > 1)
    ):
        return False  # a name ("NFS", "VMWare", "Kali Linux"); "Users" is a plural noun
    word = head.lower()
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _previous_subject(sentence: str) -> tuple[str, bool] | None:
    """The subject of ``sentence`` and whether it is plural, or ``None``."""
    parts = split_subject(sentence)
    if parts is not None:
        subject, aux, _ = parts
        plural = _plural_subject(subject) if aux in _NEUTRAL else is_plural_aux(aux)
    else:
        tokens = sentence.split()
        found = find_verb(tokens)
        if found is None or found[1] not in {"s", "base"}:
            return None
        subject, plural = " ".join(tokens[: found[0]]), found[1] == "base"
    words = [w for w in subject.split() if w.lower() not in ADVERBS]
    if not words or len(words) > 6 or any(mark in subject for mark in ",;:()"):
        return None
    lowered = {w.lower().strip('"') for w in words}
    if words[0].lower() in SUBORDINATE or words[-1].lower() in STOPWORDS:
        return None  # "Once a process", "A tag object identifies and": no noun phrase
    if any(w.endswith("ly") and w.isalpha() for w in lowered) or lowered & ADVERBS:
        return None  # an adverb inside: the rules took a verb phrase into the subject
    if lowered & {"of", "latter", "former", "main"} or any(w.endswith("est") for w in lowered):
        return None  # "The effectiveness of suricata": which of the two "It" is, is open;
        # "The simplest method", "The main configuration": a kind, not one thing
    first = words[0]
    if first.lower() in _NOT_SUBJECTS:
        return None
    named = (
        len(words) <= 3
        and first[:1].isupper()
        and first.lower() not in STOPWORDS
        and not first.lower().endswith(("ly", "ing"))  # "Obviously the rights", "Building"
    )
    if first.lower() not in {"the", "a", "an", "each", "every"} and not named:
        return None
    if plural != _plural_subject(" ".join(words)) and parts is not None and aux not in _NEUTRAL:
        return None  # "The tools is": a subject the rules misread
    return " ".join(words), plural


def _document_subject(referent: str, passage: str) -> bool:
    """A bare name the passage keeps repeating ("SQLite" in SQLite's pages).

    "It" read as the document's own subject is guessed without reading.
    """
    if " " in referent or not referent[:1].isupper():
        return False
    return len(re.findall(rf"(?<![\w-]){re.escape(referent)}(?![\w-])", passage)) >= 3


def pronoun_referents(passage: str) -> list[tuple[str, str, str]]:
    """``(pronoun, sentence, referent)`` for the passage's resolvable "It"/"They" openers.

    Not where the referent is the passage's recurring bare name (see
    :func:`_document_subject`): that answer is a guess that needs no reading.
    """
    out = []
    sentences = [" ".join(s.split()) for s in split_sentences(passage)]
    for previous, current in itertools.pairwise(sentences):
        match = _PRONOUN.match(current)
        if not match or not is_good_sentence(previous):
            continue
        pronoun, verb, after = match.group(1), match.group(2).lower(), match.group(3).lower()
        if verb in _EXPLETIVE or (verb in {"is", "was"} and after not in {"a", "an", "the"}):
            continue  # "It is possible to ...": no referent; "It is a tool ...": one
        if verb in {"is", "was"} and re.search(r" (?:that|who|which) ", current):
            continue  # "It is the client that controls ...": a cleft, not a referent
        if verb in {"is", "was"} and re.match(
            r"\w+ \w+ (?:an?|the) [\w-]+(?: [\w-]+)? (?:if|when|whether|unless)\b", current
        ):
            continue  # "It is an expansion error if ...": the clause is the subject, no referent
        if verb in _MODALS and re.match(
            r"\w+ \w+ (?:also |still |then |obviously |probably )?(?:be|make|seem|take|not)\b",
            current,
        ):
            continue  # "It can be edited": a passive often refers further back; "It may
            # make sense": expletive
        if pronoun == "It" and verb not in _MODALS | {"is", "has"} and not verb.endswith("s"):
            continue  # "It sometimes requires": an adverb these rules do not read
        found = _previous_subject(previous)
        if found is None or found[1] != (pronoun == "They"):
            continue
        if _document_subject(found[0], passage):
            continue
        out.append((pronoun, current, found[0]))
    return out
