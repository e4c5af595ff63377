"""Which command, file, option or package does a thing: the name is the answer.

"The free command displays information on memory; df (disk free) reports on the
available disk space." -> "Which command displays information on memory?" -> "free".
The question is the sentence's subject asked with "Which <kind>", so it keeps the verb
and its object up to the first clause boundary; where that copies most of its sentence
(a sentence with a blank, :func:`~langchain_taskgen.construct.asking.is_cloze`, one rule
for all questions) no question is made. The object is not cut shorter: "Which package
includes command-line tools?" (cut before "for interacting with LDAP servers") has many
answers. Only where the words between "The" and the kind name a thing (a program name,
a path, an option, a capitalised directive), not an ordinal or an
adjective ("The first field", "The main file").

Example:
    >>> s = ("The free command displays information on memory; df (disk free) reports on "
    ...      "the available disk space on each of the disks mounted in the filesystem.")
    >>> named_head_questions(s)
    [('Which command displays information on memory?', 'free')]
"""

from __future__ import annotations

import re

from langchain_taskgen.construct.asking import is_cloze
from langchain_taskgen.construct.clauses import LEANING
from langchain_taskgen.construct.passage import STOPWORDS, content_words
from langchain_taskgen.construct.term_questions import ASKABLE, stands_alone

__all__ = ["named_head_questions"]

# Kinds of thing a manual names: programs by a plain word ("the mount command"), the
# others only by a name that looks like one ("the --name option", "the Require directive").
_PROGRAMS = frozenset("command program tool utility daemon package".split())
_NAMED = frozenset(
    """file option parameter directive variable field module script key flag setting
    keyword argument subcommand target unit table chain section entry""".split()
)
_VERBS = frozenset(ASKABLE) | frozenset(
    """allows enables lets defines specifies determines indicates shows lists gives sets
    configures controls describes holds keeps tells makes forces disables prints
    creates adds changes modifies looks searches finds compares converts builds
    mounts loads starts stops restarts updates fetches resolves""".split()
)
# Words that are no program's name ("The first field", "The new package").
_NOT_NAMES = frozenset(
    """first second third last next previous new old main same other whole following
    default standard corresponding relevant appropriate original actual real basic simple
    special single only current initial final global local entire general above below
    configuration source binary debian virtual empty full short long""".split()
)
# An object opening or ending so was cut before what makes it one thing.
_OPENING_QUANTIFIERS = frozenset("all each every both any several".split())
_CUT_ENDS = frozenset("needed available possible necessary able".split())
_TECH = re.compile(r"[\w.+]*[-./_+][\w./+-]*\w|--?[A-Za-z][\w-]*|[A-Za-z]+\d[\w.-]*")
# Where the question's object ends: an aside, a clause or a list of its own.
_END = re.compile(
    r"\s*(?:[,;:(—–]|\s(?:which|that|who|where|when|if|so|because|while|as|but|unless"
    r"|since|whereas|although|though|thus|then|e\.g\.|i\.e\.)\s|\.\s*$)"
)
# Openers left out of the question: they add nothing the question needs.
_OPENERS = (
    r"(?:(?:For instance|For example|In particular|Finally|However|Moreover|Also|Similarly"
    r"|Likewise|In addition|Additionally|In practice|Furthermore|Indeed|Besides), )?"
)
_SENTENCE = re.compile(
    rf"^{_OPENERS}(?:The|the) (?P<name>[\w./+-]+(?: [\w./+-]+)?) (?P<head>"
    + "|".join(sorted(_PROGRAMS | _NAMED))
    + r") (?P<verb>[a-z]+s) (?P<rest>.+)$"
)


def _is_name(name: str, head: str) -> bool:
    """Whether the words before the kind name one thing of that kind."""
    tokens = name.split()
    if any(t.lower() in _NOT_NAMES | STOPWORDS for t in tokens):
        return False
    if all(_TECH.fullmatch(t) for t in tokens):
        return True
    if head in _PROGRAMS:
        # A program's plain name: lower case ("the mount command"); a capitalised one is
        # a name too unless it is a common adjective (checked above).
        return len(tokens) <= 2 and all(
            re.fullmatch(r"[a-z][\w.+-]*|[A-Z][\w+-]+", t) for t in tokens
        )
    if head in _NAMED:
        # "the Require directive", "the sources.list file": capitals or a technical look.
        return len(tokens) == 1 and (
            bool(_TECH.fullmatch(tokens[0])) or tokens[0][:1].isupper() or tokens[0].isupper()
        )
    return False


def _objects(rest: str) -> list[str]:
    """The object phrase up to a clause boundary (none where it is cut before its end)."""
    end = _END.search(rest)
    if end and end.group().strip() in {"(", "that", "who", "which", "where", "—", "–"}:
        return []  # what follows may say which one: "an initialization script that ..."
    phrase = (rest[: end.start()] if end else rest).strip().rstrip(".")
    words = phrase.split()
    if len(words) > 2 and words[-2] == "to":
        return []  # "tools to serve": cut before what they serve as
    return [phrase] if 2 <= len(words) <= 10 else []


def named_head_questions(sentence: str) -> list[tuple[str, str]]:
    """``(question, answer)``: "Which <kind> <verb>s <object>?" -> the thing's name.

    Example:
        >>> named_head_questions("The -P option makes the change permanent, it means "
        ...                      "that the new value becomes the default.")
        [('Which option makes the change permanent?', '-P')]
        >>> named_head_questions("The locales-all package contains the precompiled locale "
        ...                      "data for all supported locales.")  # a sentence with a blank
        []
        >>> named_head_questions("The first field contains the identity, the role and "
        ...                      "the domain, separated by colons.")
        []
    """
    match = _SENTENCE.match(sentence)
    if match is None:
        return []
    name, head, verb = match.group("name"), match.group("head"), match.group("verb")
    if head not in _PROGRAMS | _NAMED or verb not in _VERBS or not _is_name(name, head):
        return []
    for phrase in _objects(match.group("rest")):
        lowered = {w.lower().strip("(),.") for w in phrase.split()}
        if lowered & (LEANING | {"we", "you", "our", "here", "there", "following"}):
            return []
        if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", phrase, re.IGNORECASE):
            return []  # the question would hold its answer
        if not stands_alone(phrase):
            continue
        if len(content_words(phrase)) < 2 or phrase.count("(") != phrase.count(")"):
            continue
        first, last = phrase.split()[0].lower(), phrase.split()[-1].lower()
        if first in _OPENING_QUANTIFIERS or last.endswith("ed") or last in _CUT_ENDS:
            continue  # "all the elements required": cut before what they are required for
        question = f"Which {head} {verb} {phrase}?"
        # The name taken out as a word ("id" is not taken out of "identity").
        told = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", " ", sentence)
        if not is_cloze(question, told, ""):
            return [(question, name)]
    return []
