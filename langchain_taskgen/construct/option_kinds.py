"""What sort of thing a multiple-choice option is, so that all options are one sort.

Readers rejected mcqa items whose wrong options were of another sort than the key: an
adjective or a fragment among commands ("higher-level" beside "git-diff-tree"), a product
name among journal modes ("SQLite" beside "DELETE"), a page's timestamp among sizes ("04",
"2022" beside "281 terabytes"), and wrong options that mean the key ("a man page" beside
"manual pages": two right answers). :func:`option_class` names the sort from the option's
look and how the passage uses it; :func:`fair_distractor` keeps an option only where it
is of the key's sort and no near-synonym of the key or of another option.

Example:
    >>> p = "Run git-diff-tree(1) or git-write-tree(1). This is a higher-level tool."
    >>> option_class("git-diff-tree", "term", p), option_class("higher-level", "term", p)
    ('code', 'word')
"""

from __future__ import annotations

import re

from langchain_taskgen.construct.passage import STOPWORDS

__all__ = ["fair_distractor", "fair_key", "option_class"]

_PHRASE_KINDS = frozenset({"phrase", "predicate", "subject", "adjunct", "noun", "defined"})
# A noun phrase with one of these leans on something unsaid or is a fragment of a clause.
_LEANING_WORDS = frozenset(
    """same different altogether instead appropriate missing proper contained current
    other another such similar respective few many several some certain particular various
    relevant interesting""".split()
)
# Sorts that are no thing to choose: an English compound, a date's digits, a heading cut.
_SPEAKERS = frozenset("we us our you your i me my".split())
_JUDGING = frozenset("good best better bad worse nice great useful important".split())
# A noun phrase cut before its clause's verb: "the long description goes".
_CLAUSE_ENDS = frozenset(
    "goes comes does gets lives sits created made used given ready dedicated known".split()
)
_NOT_A_THING = frozenset({"word", "junk", "heading"})
_CODE_NEXT = r"(?:\(\d|\s+(?:command|package|script|program|tool|utility|option|file|daemon))"


def _code_context(text: str, passage: str) -> bool:
    """Whether the passage uses ``text`` as code: "x(1)", "$ x", `x`, "the x command".

    "the x command" counts for a plain word only: "a higher-level command" names no
    command "higher-level".
    """
    name = re.escape(text)
    if re.search(rf"(?<![\w-]){name}\(\d", passage) or re.search(rf"[$#]\s+{name}\b", passage):
        return True
    if re.search(rf"[`'\"“]{name}[`'\"”]", passage):
        return True
    return "-" not in text and bool(re.search(rf"(?<![\w-]){name}{_CODE_NEXT}", passage))


def _in_dates_only(number: str, passage: str) -> bool:
    """A number the passage writes only inside a date or a time ("2022-12-14 16:04:04")."""
    found = list(re.finditer(rf"(?<![\w.]){re.escape(number)}(?![\w.])", passage))
    if not found:
        return False
    for match in found:
        around = passage[max(0, match.start() - 3) : match.end() + 3]
        if not re.search(r"\d[-:/]\d|\d[-:/]|[-:/]\d", around):
            return False
    return True


def option_class(text: str, kind: str, passage: str) -> str:
    """The sort of thing ``text`` (an answer span of kind ``kind``) is in ``passage``.

    One of: ``number:<unit>``, ``year``, ``junk`` (a date's digits), ``path``, ``option``,
    ``file``, ``upper`` (a keyword such as ``DELETE``), ``code`` (a command or package),
    ``lower`` (a lower-case word not used as code), ``word`` (an English compound such as
    "higher-level"), ``name``, ``heading`` (a title-cased cut, "Unicode Case Folding By")
    and ``phrase``.

    Example:
        >>> option_class("281 terabytes", "number", ""), option_class("04", "number", "")
        ('number:terabyte', 'junk')
    """
    text = text.strip()
    if kind == "number":
        words = text.split()
        if len(words) > 1 and words[-1].isalpha():
            return "number:" + words[-1].lower().rstrip("s")
        bare = words[0] if words else text
        if re.fullmatch(r"0\d+", bare) or _in_dates_only(bare, passage):
            return "junk"
        return "year" if re.fullmatch(r"(?:19|20)\d\d", bare) else "number"
    if kind in _PHRASE_KINDS and " " in text:
        first = text.split()[0].lower()
        if first == "to":
            return "purpose"  # "to regenerate the list": not among noun phrases
        return "verbal" if kind == "predicate" else "phrase"
    if "/" in text and " " not in text:
        return "path"
    if text.startswith("-"):
        return "option"
    if re.fullmatch(r"[\w+-]+\.[A-Za-z]{1,5}", text) and not text[0].isupper():
        return "file"
    if " " in text:
        words = text.split()
        if any(w[:1].isupper() and w.lower() in STOPWORDS for w in words[1:]):
            return "heading"
        return "name" if all(w[:1].isupper() for w in words) else "phrase"
    if text.isupper() and text.isalpha() and len(text) > 1:
        return "upper"
    if text[:1].isupper():
        return "name"
    if re.search(r"[\d_.+]", text) or _code_context(text, passage):
        return "code"
    return "word" if "-" in text else "lower"


def fair_key(text: str, kind: str, question: str, passage: str) -> bool:
    """Whether ``text`` can be the key of an item: a thing, not sharing the question's words.

    Wrong options share no word with the question, so a key that does ("What is a stale
    super-journal?" -> "a super-journal that ...") is the one option that mentions it.

    Example:
        >>> fair_key("time-consuming", "term", "What may the clone be?", "It is time-consuming.")
        False
    """
    if option_class(text, kind, passage) in _NOT_A_THING:
        return False
    if kind == "number":
        return True  # "How many seconds ...?": every option has the unit of the question
    # Word by word, a command's parts too: "git-symbolic-ref" names "symbolic references".
    words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z]{2,}", text)} - STOPWORDS
    asked = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z]{2,}", question)} - STOPWORDS
    stems = {w[:5] for w in words}
    return not (stems & {w[:5] for w in asked}) and not (_LEANING_WORDS & words)


def _stems(text: str) -> set[str]:
    return {w.lower()[:5] for w in re.findall(r"[A-Za-z]{3,}", text)} - {w[:5] for w in STOPWORDS}


def _head_stem(text: str) -> str:
    words = [w.lower().strip("\"'().,") for w in text.split()]
    head = words[words.index("of", 1) - 1] if "of" in words[1:] else words[-1]
    return head[:4]


def fair_distractor(
    option: str, option_kind: str, key: str, key_kind: str, chosen: list[str], passage: str
) -> bool:
    """Whether ``option`` is a wrong option of the key's sort, no synonym of the key or others.

    Example:
        >>> p = "Install manual pages. A man page is missing. Use the gzip -9 tool."
        >>> fair_distractor("a man page", "noun", "manual pages", "phrase", [], p)
        False
    """
    sort = option_class(option, option_kind, passage)
    if sort in _NOT_A_THING or sort != option_class(key, key_kind, passage):
        return False
    if sort != "phrase":
        return True
    words = {w.lower() for w in option.split()}
    if words & _SPEAKERS or words & _JUDGING or option.split()[-1].lower() in _CLAUSE_ENDS:
        return False  # "the control file dh_make created for us", "the best tool"
    if _LEANING_WORDS & words:
        return False  # "a different template", "the filesystem altogether"
    heads = {_head_stem(t) for t in [key, *chosen]}
    if _head_stem(option) in heads:
        return False  # "a man page" beside "manual pages"
    # A word in common with the key: "a certain level of competence" beside "a measure of
    # competence", "a packet filter" beside "a filtering network gateway".
    return not (_stems(option) & _stems(key))
