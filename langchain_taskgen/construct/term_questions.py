"""Short questions about a named thing: "What is OpenSSH?", "What does debsums check?".

A question made by moving a wh-word into a copied sentence reads as that sentence with
a blank, and a strict reader calls it a cloze. The questions people ask of a manual
name the thing and ask what it is, what it is for or what it does; the answer is the
rest of the sentence. Here the question holds only the named subject and its verb, so
nothing of the sentence is copied but the name.

Example:
    >>> passage = "OpenSSH is a free ssh daemon, which supports both ssh1 and ssh2."
    >>> [(q, a.text) for _, a, q in term_questions(passage, passage)]
    [('What is OpenSSH?', 'a free ssh daemon')]
"""

from __future__ import annotations

import re

from langchain_taskgen.construct.asking import copy_measure
from langchain_taskgen.construct.clauses import (
    ADVERBS,
    AUX,
    HEAD_NOUNS,
    LEANING,
    PREPS,
    SUBORDINATE,
    find_verb,
)
from langchain_taskgen.construct.passage import STOPWORDS, Span

__all__ = ["copied_run", "named_subject", "stands_alone", "term_questions"]

# Verbs whose object answers "What does X <verb>?" and reads as a question people ask.
ASKABLE = {
    "provides": "provide",
    "checks": "check",
    "detects": "detect",
    "prevents": "prevent",
    "supports": "support",
    "handles": "handle",
    "manages": "manage",
    "monitors": "monitor",
    "stores": "store",
    "contains": "contain",
    "includes": "include",
    "offers": "offer",
    "creates": "create",
    "generates": "generate",
    "removes": "remove",
    "installs": "install",
    "downloads": "download",
    "verifies": "verify",
    "logs": "log",
    "requires": "require",
    "needs": "need",
    "replaces": "replace",
    "uses": "use",
    "protects": "protect",
    "blocks": "block",
    "encrypts": "encrypt",
    "displays": "display",
    "lists": "list",
    "describes": "describe",
    "controls": "control",
    "limits": "limit",
    "restricts": "restrict",
    "reads": "read",
    "writes": "write",
    "sends": "send",
    "starts": "start",
    "runs": "run",
}
# Where the answer phrase ends: a clause of its own starts.
_CUT = SUBORDINATE | {"which", "that", "who", "whose", "where", "because", "so", "such"}
# Complements too empty to be the answer to "What is X?".
_VAGUE_HEADS = frozenset(
    """one way thing part example case number lot kind type set variety means matter
    idea result good bad important possible necessary useful easy following above below
    same other""".split()
)
_ARTICLES = frozenset({"a", "an", "the"})
# An answer that opens with these names no one thing ("many parameters").
_QUANTIFIERS = frozenset("many some several various few most more lots other others".split())
_PERSONS = frozenset("you we us them users".split())  # "PAM offers you the possibility"
# Where the rest of the clause is a condition: the answer without it would be wrong
# ("Intrusion detection is a waste of time if you are not going to alert anyone").
_CONDITIONS = frozenset(
    "if unless when whenever while only except provided because although though until "
    "once since as".split()
)
# A judgement, not a definition: "What is Long Term Support?" -> "a difficult commitment".
_EVALUATIVE = frozenset(
    """difficult good bad important generic waste least most best worst great common simple
    easy useful popular interesting nice major minor main big small little real true
    particular special typical classic perfect serious""".split()
)
_ADJECTIVE_ENDINGS = ("ous", "ful", "ular", "able", "ible")
_TECH = re.compile(r"[A-Za-z]+[\w]*[-./_][\w./-]*\w|[A-Za-z]+\d+\w*")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*|\d+")


def _is_name(token: str, passage: str, first: bool) -> bool:
    """A proper or technical name: "OpenSSH", "Debian", "apt-get", "sshd_config", "ssh2"."""
    word = token.strip("\"'(),.;:")
    if not word or word.lower() in STOPWORDS:
        return False
    if _TECH.fullmatch(word):
        return True
    if any(ch.isupper() for ch in word[1:]) and any(ch.islower() for ch in word):
        return True  # inner capitals: OpenSSH, PostgreSQL
    if word.isupper() and len(word) >= 2 and word.isalpha():
        return True  # acronyms: APT, PAM, CVE
    if first and word.isalpha() and word.islower() and not word.endswith("ing"):
        # A sentence opening in lower case opens with a program's name ("rsync is a file
        # copying program"); a plural ("files are ...") is a common noun.
        return not (word.endswith("s") and re.search(rf"\b{word[:-1]}\b", passage))
    if word[:1].isupper():
        if not first:
            return True
        # Sentence-initial capital: a name only if the passage capitalises it inside too.
        return any(
            m.start() > 1 and passage[m.start() - 2] not in ".!?\n"
            for m in re.finditer(rf"\b{re.escape(word)}\b", passage)
        )
    return False


def named_subject(tokens: list[str], passage: str) -> str | None:
    """The named subject before the verb: at most five words, one of them a name.

    Example:
        >>> named_subject("The debsums tool".split(), ""), named_subject(["Some", "tools"], "")
        ('the debsums tool', None)
    """
    if not 1 <= len(tokens) <= 5:
        return None
    lowered = [t.lower() for t in tokens]
    if any(
        t in LEANING or t in _CUT or t in PREPS or t in {"that", "which", "what"} or t.endswith(",")
        for t in lowered
    ):
        return None
    if any(ch in " ".join(tokens) for ch in "()\"':;"):
        return None
    if lowered[0].endswith("ing") or lowered[-1].endswith("ing"):
        return None  # "Reading mail is ...": an activity, not a named thing
    # A program named in lower case before its kind: "the debsums tool", "the sshd daemon".
    named = any(
        _is_name(t, passage, i == 0)
        or (i + 1 < len(tokens) and lowered[i + 1] in HEAD_NOUNS and lowered[i] not in STOPWORDS)
        for i, t in enumerate(tokens)
    )
    if not named:
        return None
    if lowered[0] == "the":
        return " ".join(["the", *tokens[1:]])
    if lowered[0] in STOPWORDS:
        return None  # "Some tools", "Many users": no one thing to ask about
    return " ".join(tokens)


def _phrase(tokens: list[str], *, least: int, most: int) -> str | None:
    """The phrase at the start of ``tokens`` up to a clause boundary, or None."""
    out: list[str] = []
    for i, token in enumerate(tokens):
        word = token.lower().strip("\"'()")
        if word in _CONDITIONS and out:
            return None  # the answer holds only under the condition that follows
        after = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        if word in {"and", "or"} and out and after not in AUX and after not in ASKABLE:
            # "a list of users and passwords": the coordinated noun is part of the answer
            # (cut there, the answer says less than the passage); "and is checked" is not.
            out.append(token)
            continue
        if word in {"that", "who"} and out and not out[-1].endswith(",") and after not in AUX:
            # A restrictive clause defines the noun ("a daemon that runs commands at fixed
            # times"): cut there, the answer says less than the passage.
            out.append(token)
            continue
        if word in _CUT and out:
            break
        if token.startswith("(") or (word == "by" and out):
            break  # an aside ("LXDE (a desktop)") or "by default" is no part of the answer
        end = token.endswith((",", ";", ":", "."))
        out.append(token.rstrip(",;:."))
        if end:
            break
    if not least <= len(out) <= most:
        return None
    text = " ".join(out)
    if text.count("(") != text.count(")") or text.count('"') % 2:
        return None
    if not stands_alone(text) or out[-1].lower().endswith("ing"):
        return None  # cut at a participle: "a technology ensuring"
    if {w.lower() for w in out[:4]} & _EVALUATIVE:
        return None
    if {w.lower() for w in out} & {"both", "either"} or "between" in out[-2:]:
        return None  # the other half was cut off at "and": "both ssmtp"
    return text


def stands_alone(answer: str) -> bool:
    """Whether an answer phrase means something on its own.

    Not one that leans on another sentence ("them in alphabetical order"), opens with a
    quantifier or a person ("many advantages", "you the possibility"), or was cut after
    an adjective or a function word ("a very popular", "a way to").

    Example:
        >>> stands_alone("the MD5 sums of installed files"), stands_alone("many advantages")
        (True, False)
    """
    out = answer.split()
    if not out:
        return False
    first, last = out[0].lower(), out[-1].lower().strip("\"'().,")
    lowered = {w.lower().strip("\"'().,") for w in out}
    if lowered & LEANING or first in _QUANTIFIERS | _PERSONS or first.endswith("ly"):
        return False
    if last.endswith(_ADJECTIVE_ENDINGS) or last in STOPWORDS or last in PREPS:
        return False
    content = [w.lower() for w in _WORD.findall(answer) if w.lower() not in STOPWORDS]
    return bool(content) and not (len(content) == 1 and content[0] in _VAGUE_HEADS)


def term_questions(sentence: str, passage: str) -> list[tuple[str, Span, str]]:
    """``(sentence, answer span, question)`` for a sentence about a named subject.

    Three shapes, each only where the sentence is plainly one: "X is a/an/the Y" asks
    "What is X?" (Y up to the next clause), "X is used to/for Y" asks "What is X used
    for?", and "X <verb>s Y" with a verb from a fixed list asks "What does X <verb>?".

    Example:
        >>> s = "The debsums tool checks the MD5 sums of installed files."
        >>> [(q, a.text) for _, a, q in term_questions(s, s)]
        [('What does the debsums tool check?', 'the MD5 sums of installed files')]
    """
    # "also", "usually" stay out of the question; the answer is read after them.
    tokens = [t for t in sentence.split() if t.lower() not in ADVERBS]
    found = find_verb(tokens)
    if found is None:
        return []
    verb, kind = found
    subject = named_subject(tokens[:verb], passage)
    if subject is None:
        return []
    word = tokens[verb].lower()
    rest = tokens[verb + 1 :]
    out: list[tuple[str, str]] = []
    if kind == "aux" and word in {"is", "are"} and rest:
        if rest[0].lower() == "used" and len(rest) > 2 and rest[1].lower() in {"to", "for"}:
            answer = _phrase(rest[2:], least=2, most=12)
            if answer is not None:
                out.append((f"What {word} {subject} used for?", answer))
        elif rest[0].lower() in _ARTICLES:
            answer = _phrase(rest, least=3, most=14)
            if answer is not None:
                out.append((f"What {word} {subject}?", answer))
    elif kind == "s" and word in ASKABLE and rest:
        answer = _phrase(rest, least=1, most=10)
        if answer is not None and answer.split()[0].lower() not in PREPS | _CUT:
            out.append((f"What does {subject} {ASKABLE[word]}?", answer))
    return [
        (sentence, Span(answer, sentence.find(answer), "predicate"), question)
        for question, answer in out
        if sentence.find(answer) >= 0
    ]


def copied_run(question: str, sentence: str, answer: str) -> tuple[int, float]:
    """How much of its sentence a question copies: the longest run, and the share.

    The answer is taken out of the sentence first. Returns the longest run of words the
    question keeps in order and the share of the sentence's remaining words it keeps in
    order: a question that keeps most of its sentence is that sentence with a blank.

    Example:
        >>> copied_run("What has 4 nodes behind a load balancer?",
        ...            "The web cluster has 4 nodes behind a load balancer.", "The web cluster")
        (7, 1.0)
        >>> copied_run("What is OpenSSH?", "OpenSSH is a free daemon.", "a free daemon")
        (1, 0.5)
    """
    _, run, kept = copy_measure(question, sentence, answer)
    return run, kept / 100
