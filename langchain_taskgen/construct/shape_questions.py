"""Short-answer questions from more manual shapes: places and named things (acronyms apart).

Each shape asks a fact a user asks of a manual, with a short answer copied from the
passage, and words the question differently from its sentence (so it is no sentence with
a blank):

- An acronym and its expansion, either way round: "Access Control Lists (ACLs)" or "LVM
  (Logical Volume Manager)" -> "What does ACL stand for?" -> "Access Control Lists"
  (:func:`acronym_questions`; the expansion's initials must spell the acronym). Not among
  :func:`shape_questions`: strict readers called these trivial, the expansion sitting
  beside the acronym.
- Where a thing is kept or set, beyond "stored": "Apache modules are configured in
  /etc/apache2/mods-available/." -> "Where are Apache modules configured?".
- Which command, file or option does a thing
  (:mod:`~langchain_taskgen.construct.named_head_questions`).

Each shape is also tried on a sentence's later clauses with their own subject ("...,
while the /etc/shadow file stores hashed passwords").

Example:
    >>> p = "Debian uses the Logical Volume Manager (LVM) to resize disks."
    >>> [(q, a.text) for _, a, q in acronym_questions(p)]
    [('What does LVM stand for?', 'Logical Volume Manager')]
    >>> shape_questions(p)
    []
"""

from __future__ import annotations

import re

from langchain_taskgen.construct.clauses import LEANING
from langchain_taskgen.construct.named_head_questions import named_head_questions
from langchain_taskgen.construct.passage import STOPWORDS, Span, split_sentences

__all__ = [
    "acronym_questions",
    "clauses",
    "place_questions",
    "shape_questions",
]

# Words an expansion skips when its initials spell the acronym ("Bureau of Labor").
_SKIPPED_INITIALS = frozenset("of and for the a an to in on".split())
_ACRONYM = r"[A-Z][A-Za-z]{0,5}[A-Z]"
# "ACL (Access Control List)": the acronym first.
_ACRONYM_FIRST = re.compile(
    rf"(?<![\w-])(?P<acronym>{_ACRONYM})s? "
    r"\((?P<expansion>[A-Za-z][\w-]*(?: [A-Za-z][\w-]*){1,6})\)"
)
# "APT is the abbreviation for Advanced Packaging Tool.", "APT (the abbreviation of ...)".
_ABBREVIATION = re.compile(
    rf"(?<![\w-])(?P<acronym>{_ACRONYM})(?: is |, | \()(?:the |an )?abbreviation (?:for|of) "
    r"[“\"]?(?P<expansion>[A-Za-z][\w-]*(?: [A-Za-z][\w-]*){1,6})[”\"]?[.,)]"
)
# "Access Control Lists (ACLs)": the expansion first; its start is found by the initials.
_EXPANSION_FIRST = re.compile(
    rf"(?P<before>(?:[\w-]+ ){{1,7}}[\w-]+) \((?P<acronym>{_ACRONYM})s?\)"
)


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
    if _initials(expansion) == acronym.upper():
        return True
    # "Request For Comments" (RFC): the small word counts too.
    return "".join(part[0] for w in expansion for part in w.split("-")).upper() == acronym.upper()


def acronym_questions(passage: str) -> list[tuple[str, Span, str]]:
    """Ask "What does X stand for?" of each acronym the passage expands, once each.

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
        for match in [*_ACRONYM_FIRST.finditer(sentence), *_ABBREVIATION.finditer(sentence)]:
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


# A second place after the answer: "under /lib/systemd/system/ and /etc/systemd/system/".
_SECOND_PLACE = re.compile(r"(?: (?:directory|file))?,? (?:and|or) (?:in |under )?(?:the )?/")


def _common_noun(first: str, subject: str, text: str) -> bool:
    """Whether a subject's capitalised first word is a common noun, not a name.

    A common noun where the text writes it in lower case too ("groups"); a name where it
    writes it capitalised inside a sentence ("with Apache"). Otherwise a lone word or one
    before a preposition is a noun ("Logs", "Documentation for ..."), a word before
    another noun a name ("Apache files").
    """
    if first.lower() in STOPWORDS or first.lower() == "available":
        return True
    if re.search(rf"(?<![.!?] )(?<!^)\b{re.escape(first.lower())}\b", text):
        return True
    if re.search(rf"\w[,;]? {re.escape(first)}\b", text):
        return False
    words = subject.split()
    return len(words) == 1 or words[1].lower() in {"for", "of", "in", "on", "and", "from"}


def place_questions(sentence: str, passage: str = "") -> list[tuple[str, Span, str]]:
    """Ask "Where is X configured?" of "X is configured in /etc/Y" (more verbs than stored).

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
    if words[0] in {"it", "this", "these", "its", "such", "a", "an", "some", "all", "each", "many"}:
        return []  # "Where must all examples be installed?": all examples of what?
    if (len(words) == 2 and words[0] == "the") or words[-1] in _VAGUE_ENDS:
        return []  # "Where are the modules installed?": which modules is not said
    first = subject.split()[0]
    if match.group("intro") and first == "The":
        subject = "the" + subject[3:]
    elif first[1:].islower() and _common_noun(first, subject, f"{passage} {sentence}"):
        subject = subject[:1].lower() + subject[1:]  # "Logs" -> "logs"; names stay
    if aux.endswith(" be"):
        question = f"Where {aux.split()[0]} {subject} be {match.group('verb')}"
    else:
        question = f"Where {aux} {subject} {match.group('verb')}"
    question += " by default?" if match.group("intro") else "?"
    path = match.group("path")
    if _SECOND_PLACE.match(sentence[match.end() :]):
        return []  # "under /lib/systemd/system/ and /etc/systemd/system/": half an answer
    return [(sentence, Span(path, match.start("path"), "term"), question)]


def shape_questions(passage: str) -> list[tuple[str, Span, str]]:
    """``(sentence, answer span, question)`` of all these shapes in a passage.

    Example:
        >>> p = ("The Apache modules are configured in /etc/apache2/mods-available/. The "
        ...      "list of users is usually stored in the /etc/passwd file, while the "
        ...      "/etc/shadow file stores hashed passwords.")
        >>> for _, a, q in shape_questions(p):
        ...     print(q, "->", a.text)
        Where are the Apache modules configured? -> /etc/apache2/mods-available/
        Where is the list of users stored? -> /etc/passwd
        Which file stores hashed passwords? -> /etc/shadow
    """
    out: list[tuple[str, Span, str]] = []
    for sentence in split_sentences(passage):
        sentence = " ".join(sentence.split())
        for clause in clauses(sentence):
            for _, span, question in place_questions(clause, passage):
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
