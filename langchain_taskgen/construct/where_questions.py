"""Where a thing comes from or lives: the package that ships it, the place that holds it.

- "the dpkg-source command (from the dpkg-dev package)" (or "provided by the ...
  package") -> "Which package provides the dpkg-source command?" -> "the dpkg-dev
  package" (not where the package is named after
  the program: "rcconf (from the rcconf package)" asks nothing a reader must look up)
- "Available SELinux modules are stored in the /usr/share/selinux/default/ directory." ->
  "Where are available SELinux modules stored?" -> "/usr/share/selinux/default/"

Example:
    >>> s = "You can use the dpkg-source command (from the dpkg-dev package) to unpack it."
    >>> where_questions(s)
    [('Which package provides the dpkg-source command?', 'the dpkg-dev package')]
"""

from __future__ import annotations

import re

from langchain_taskgen.construct.clauses import HEAD_NOUNS, LEANING, PREPS
from langchain_taskgen.construct.passage import STOPWORDS

__all__ = ["where_questions"]

_FROM_PACKAGE = re.compile(
    r"(?<![\w.-])(?P<thing>(?:[Tt]he [\w./+-]+ (?:" + "|".join(sorted(HEAD_NOUNS)) + r"))"
    r"|[A-Za-z][\w.+-]*[\w+])"
    r" \((?:from|in|provided by|provided in) (?P<answer>the (?P<package>[\w.+-]+) package)\)"
)
_STORED = re.compile(
    r"^(?P<subject>(?:[A-Z][\w-]*|The|Available|All)(?: [\w./-]+){0,5}?) (?P<aux>is|are) "
    r"(?P<verb>stored|kept|located|installed|saved) in (?:the )?(?P<path>/[\w./+-]*\w/?)"
    r"(?: (?:directory|file))?(?=[.;,]?(?:\s|$)| \()"
)
_NAME = re.compile(r"[\w.+-]+")
# Words that name no one program when they stand before "(from the X package)".
_COMMON = (
    STOPWORDS
    | HEAD_NOUNS
    | frozenset(
        """commands interface own instead tools programs scripts rules files utilities packages
    version documentation tool program daemon""".split()
    )
)


def _same_name(thing: str, package: str) -> bool:
    """Whether the package is named after the thing ("unattended-upgrade(s)", "rcconf")."""
    names = [w.lower() for w in _NAME.findall(thing) if w not in {"the", *HEAD_NOUNS}]
    return any(n in package or package in n for n in names)


def where_questions(sentence: str) -> list[tuple[str, str]]:
    """``(question, answer)`` on the package that provides a thing and where a thing is kept."""
    out = []
    for match in _FROM_PACKAGE.finditer(sentence):
        thing, package = match.group("thing"), match.group("package")
        if package == "similarly-named" or _same_name(thing, package):
            continue
        if " " not in thing and thing.lower() in _COMMON:
            continue  # "commands (from the equivs package)": which commands is not said
        before = sentence[: match.start()].split()[-1:]
        bare = not thing.lower().startswith("the ")
        if before and (before[0].lower() in PREPS | {"'s", "and", "or"} or before[0].istitle()):
            if bare:
                continue  # "KDevelop for KDE (in ...)", "Qt Designer (in ...)": a name cut
        thing = "the" + thing[3:] if not bare else thing
        out.append((f"Which package provides {thing}?", match.group("answer")))
    stored = _STORED.match(sentence)
    if stored is not None:
        subject = stored.group("subject")
        words = subject.lower().split()
        if not set(words) & LEANING and words[0] not in {"it", "this", "these", "its"}:
            first = subject.split()[0]
            # "Documentation for each package" -> "documentation ..."; names stay.
            if first[1:].islower() and f" {first}" not in sentence:
                subject = subject[:1].lower() + subject[1:]
            verb = stored.group("verb")
            out.append((f"Where {stored.group('aux')} {subject} {verb}?", stored.group("path")))
    return out
