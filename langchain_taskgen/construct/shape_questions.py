"""Short-answer questions from three more manual shapes: acronyms, agents and places.

Each shape asks a fact a user asks of a manual, with a short answer copied from the
passage, and words the question differently from its sentence (so it is no sentence with
a blank):

- An acronym and its expansion, either way round: "Access Control Lists (ACLs)" or "LVM
  (Logical Volume Manager)" -> "What does ACL stand for?" -> "Access Control Lists". The
  expansion's initials must spell the acronym.
- A passive with its agent, asked in the active voice: "The whole process is managed by
  the dpkg-buildpackage command." is no question (the subject names nothing), but "The
  logrotate program is executed daily by the cron program." -> "Which program executes
  the logrotate program daily?" -> "cron". The subject must name a thing.
- Where a thing is kept or set, beyond "stored": "Apache modules are configured in
  /etc/apache2/mods-available/." -> "Where are Apache modules configured?".

Example:
    >>> p = "Debian uses the Logical Volume Manager (LVM) to resize disks."
    >>> [(q, a.text) for _, a, q in shape_questions(p)]
    [('What does LVM stand for?', 'Logical Volume Manager')]
"""

from __future__ import annotations

import re

from langchain_taskgen.construct.clauses import ADVERBS, LEANING
from langchain_taskgen.construct.named_head_questions import named_head_questions
from langchain_taskgen.construct.passage import Span, split_sentences
from langchain_taskgen.construct.term_questions import named_subject

__all__ = [
    "acronym_questions",
    "agent_questions",
    "clauses",
    "place_questions",
    "shape_questions",
]

# Words an expansion skips when its initials spell the acronym ("Bureau of Labor").
_SKIPPED_INITIALS = frozenset("of and for the a an to in on".split())
_ACRONYM = r"[A-Z][A-Za-z]{0,5}[A-Z]"
# "ACL (Access Control List)": the acronym first.
_ACRONYM_FIRST = re.compile(
    rf"(?<![\w-])(?P<acronym>{_ACRONYM})s? \((?P<expansion>[A-Za-z][\w-]*(?: [A-Za-z][\w-]*){{1,6}})\)"
)
# "Access Control Lists (ACLs)": the expansion first; its start is found by the initials.
_EXPANSION_FIRST = re.compile(rf"(?P<before>(?:[\w-]+ ){{1,7}}[\w-]+) \((?P<acronym>{_ACRONYM})s?\)")


def _initials(words: list[str]) -> str:
    return "".join(
        part[0] for w in words if w.lower() not in _SKIPPED_INITIALS for part in w.split("-")
    ).upper()


def _expands(acronym: str, expansion: list[str]) -> bool:
    """Whether the words' initials spell the acronym and the words read as a name."""
    if len(expansion) < 2 or expansion[0].lower() in _SKIPPED_INITIALS:
        return False
    if any(not re.fullmatch(r"[A-Za-z][A-Za-z-]*", w) for w in expansion):
        return False  # "cifs2 (...)": a name, not words
    return _initials(expansion) == acronym.upper()


def acronym_questions(passage: str) -> list[tuple[str, Span, str]]:
    """"What does X stand for?" for each acronym the passage expands, once each.

    Example:
        >>> s = "Access Control Lists (ACLs) extend file permissions."
        >>> [(q, a.text) for _, a, q in acronym_questions(s)]
        [('What does ACL stand for?', 'Access Control Lists')]
        >>> acronym_questions("The disks use RAID (level 5) for safety.")
        []
    """
    out: list[tuple[str, Span, str]] = []
    asked: set[str] = set()
    for sentence in split_sentences(passage):
        sentence = " ".join(sentence.split())
        found: list[tuple[str, str]] = []
        for match in _ACRONYM_FIRST.finditer(sentence):
            words = match.group("expansion").split()
            if _expands(match.group("acronym"), words):
                found.append((match.group("acronym"), " ".join(words)))
        for match in _EXPANSION_FIRST.finditer(sentence):
            acronym, before = match.group("acronym"), match.group("before").split()
            for size in range(2, len(before) + 1):
                if _expands(acronym, before[-size:]):
                    found.append((acronym, " ".join(before[-size:])))
                    break
        for acronym, expansion in found:
            if acronym.upper() in asked or acronym.upper() in expansion.upper().split():
                continue
            asked.add(acronym.upper())
            span = Span(expansion, sentence.find(expansion), "expansion")
            out.append((sentence, span, f"What does {acronym} stand for?"))
    return out


# Verbs asked in the active voice: past participle -> third person singular present.
_ACTIVE = {
    "created": "creates",
    "managed": "manages",
    "compiled": "compiles",
    "executed": "executes",
    "provided": "provides",
    "handled": "handles",
    "controlled": "controls",
    "generated": "generates",
    "loaded": "loads",
    "started": "starts",
    "launched": "launches",
    "invoked": "invokes",
    "run": "runs",
    "maintained": "maintains",
    "installed": "installs",
    "updated": "updates",
    "checked": "checks",
    "monitored": "monitors",
    "processed": "processes",
    "parsed": "parses",
    "called": "calls",
    "triggered": "triggers",
    "implemented": "implements",
    "replaced": "replaces",
    "mounted": "mounts",
    "built": "builds",
    "signed": "signs",
    "verified": "verifies",
    "displayed": "displays",
    "tracked": "tracks",
    "logged": "logs",
    "scheduled": "schedules",
    "interpreted": "interprets",
    "read": "reads",
    "written": "writes",
    "used": "uses",
    "shipped": "ships",
    "supported": "supports",
    "extracted": "extracts",
    "analyzed": "analyzes",
    "analysed": "analyses",
    "downloaded": "downloads",
    "configured": "configures",
    "detected": "detects",
    "stored": "stores",
    "sent": "sends",
    "served": "serves",
    "offered": "offers",
}
_AGENT_HEADS = "command|program|package|tool|daemon|utility|script|service|server|module"
# "<Subject> is/are [adverb] <participle> [adverb] by/with the <name> <head>[.,]"
_AGENT = re.compile(
    r"^(?P<subject>[A-Z][\w./+-]*(?: [\w./+-]+){0,4}) (?P<aux>is|are)"
    r"(?: (?:also|usually|generally|often|normally|typically|automatically))?"
    r" (?P<verb>[a-z]+)(?P<how> (?:daily|weekly|hourly|automatically|regularly))?"
    r" (?P<prep>by|with) (?:the )?(?P<name>[a-z][\w.+-]*[\w+])"
    rf" (?P<head>{_AGENT_HEADS})(?P<end>[.,] ?.*)?$"
)


def agent_questions(sentence: str, passage: str) -> list[tuple[str, Span, str]]:
    """"Which program <verb>s X?" from "X is <verb>ed by the Y program", asked actively.

    "with the Y command" takes only commands, tools and programs ("is created with the
    mkfifo command"); the subject must name a thing (a name, a path, a term).

    Example:
        >>> s = "The logrotate program is executed daily by the cron program."
        >>> [(q, a.text) for _, a, q in agent_questions(s, s)]
        [('Which program executes the logrotate program daily?', 'cron')]
        >>> agent_questions("Such a file is created with the mkfifo command.", "")
        []
    """
    match = _AGENT.match(sentence)
    if match is None or match.group("verb") not in _ACTIVE:
        return []
    head, name = match.group("head"), match.group("name")
    if match.group("prep") == "with" and head not in {"command", "tool", "program", "utility"}:
        return []
    words = [w for w in match.group("subject").split() if w.lower() not in ADVERBS]
    if {w.lower() for w in words} & (LEANING | {"all", "some", "each", "every", "many"}):
        return []
    subject = named_subject(words, passage)
    if subject is None or name.lower() in subject.lower():
        return []
    if subject.split()[0] not in {"the", "The"} and subject.split()[0].istitle():
        # A capitalised first word is a name when the passage writes it so inside
        # (named_subject checked); a common noun is lowered ("Logs" -> "logs").
        subject = subject if subject.split()[0] in passage[1:] else subject.lower()
    how = match.group("how") or ""
    question = f"Which {head} {_ACTIVE[match.group('verb')]} {subject}{how}?"
    return [(sentence, Span(name, sentence.find(f" {name} ") + 1, "term"), question)]


_PLACE_VERBS = (
    "stored|kept|located|installed|saved|configured|defined|described|documented|listed"
    "|placed|recorded|logged|declared|specified|set|registered|explained"
)
# A subject that ends so names no one thing: "the modules used", "the main configuration".
_VAGUE_ENDS = frozenset("used needed required available configuration one ones".split())
_PLACE = re.compile(
    r"^(?P<intro>By default, )?(?P<subject>(?:[A-Z][\w-]*)(?: [\w./-]+){0,5}?)"
    r" (?P<aux>is|are|can be|should be|must be)(?: (?:usually|generally|normally|also|typically))?"
    rf" (?P<verb>{_PLACE_VERBS}|found) (?:in|under) (?:the )?(?:file )?(?P<path>/[\w./+-]*\w/?)"
    r"(?: (?:directory|file))?(?=[.;,]?(?:\s|$)| \()"
)


def place_questions(sentence: str) -> list[tuple[str, Span, str]]:
    """"Where is X configured?" from "X is configured in /etc/Y" (more verbs than stored).

    Example:
        >>> s = "Logs are stored in /var/log/ or one of its subdirectories."
        >>> [(q, a.text) for _, a, q in place_questions(s)]
        [('Where are logs stored?', '/var/log/')]
    """
    match = _PLACE.match(sentence)
    if match is None:
        return []
    subject, aux = match.group("subject"), match.group("aux")
    words = subject.lower().split()
    if set(words) & (LEANING | {"more", "further", "details", "information"}) or len(words) < 1:
        return []  # "More information can be found in ...": about what is not said
    if words[0] in {"it", "this", "these", "its", "such", "a", "an", "some"}:
        return []
    if (len(words) == 2 and words[0] == "the") or words[-1] in _VAGUE_ENDS:
        return []  # "Where are the modules installed?": which modules is not said
    first = subject.split()[0]
    if match.group("intro") and first == "The":
        subject = "the" + subject[3:]
    elif first[1:].islower() and f" {first}" not in sentence:
        subject = subject[:1].lower() + subject[1:]  # "Logs" -> "logs"; names stay
    if aux.endswith(" be"):
        question = f"Where {aux.split()[0]} {subject} be {match.group('verb')}"
    else:
        question = f"Where {aux} {subject} {match.group('verb')}"
    question += " by default?" if match.group("intro") else "?"
    path = match.group("path")
    return [(sentence, Span(path, match.start("path"), "term"), question)]


def shape_questions(passage: str) -> list[tuple[str, Span, str]]:
    """``(sentence, answer span, question)`` of all three shapes in a passage.

    Example:
        >>> p = ("The profiles are compiled by the apparmor_parser command. The Apache "
        ...      "modules are configured in /etc/apache2/mods-available/.")
        >>> [(q, a.text) for _, a, q in shape_questions(p)]
        [('Where are the Apache modules configured?', '/etc/apache2/mods-available/')]
    """
    out = acronym_questions(passage)
    for sentence in split_sentences(passage):
        sentence = " ".join(sentence.split())
        for clause in clauses(sentence):
            for _, span, question in agent_questions(clause, passage) or place_questions(clause):
                at = sentence.find(span.text, max(0, sentence.find(clause[1:-1])))
                out.append((sentence, Span(span.text, at, span.kind), question))
            for question, name in named_head_questions(clause):
                at = sentence.find(f"{name} ", max(0, sentence.find(clause[1:-1])))
                out.append((sentence, Span(name, at, "term"), question))
    return out


# Where a second clause with its own subject starts: "X is stored in Y, while the Z file
# stores W." ("and the" only after a comma: "A and the B" is one subject.)
_CLAUSE_BREAK = re.compile(r"(?:; |, (?:while|whereas|and|but) )(?=(?:the|The) )")


def clauses(sentence: str) -> list[str]:
    """The sentence, then each later clause with its own subject, as a sentence of its own.

    Example:
        >>> clauses("Users are listed in /etc/passwd, while the /etc/shadow file stores "
        ...         "hashed passwords.")
        ['Users are listed in /etc/passwd, while the /etc/shadow file stores hashed passwords.', \
'The /etc/shadow file stores hashed passwords.']
    """
    out = [sentence]
    for match in _CLAUSE_BREAK.finditer(sentence):
        rest = sentence[match.end() :]
        rest = _CLAUSE_BREAK.split(rest)[0].rstrip(".")
        out.append(f"{rest[:1].upper()}{rest[1:]}.")
    return out
