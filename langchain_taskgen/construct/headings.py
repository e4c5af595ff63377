"""What a section's heading and body are worth as task material: its title and its prose.

A heading is a summary a person wrote, but not every heading summarises its text:
"Introduction" fits any section, "In Real Time" leans on the chapter around it, and a
sidebar's title may name a word the text never uses. These helpers decide which titles
stand for their section (their content words occur in the body), clean a body for
showing (navigation, links and footnote markers out) or for imitating (prose only), and
leave turning a heading into a question to
:mod:`~langchain_taskgen.construct.heading_questions`.

Example:
    >>> from langchain_taskgen.construct.sections import sections
    >>> text = ("5.3. Securing FTP\\n\\nIf you must run an FTP server, chroot its users "
    ...         "to their homes.[13] Prefer SFTP, which encrypts passwords and files alike.")
    >>> (section,) = sections(text)
    >>> is_summary_title(section.title, shown_body(section))
    True
    >>> shown_body(section)  # doctest: +ELLIPSIS
    'If you must run an FTP server, chroot its users to their homes. Prefer SFTP, ...'
"""

from __future__ import annotations

import re

from langchain_taskgen.construct.passage import (
    STOPWORDS,
    clean,
    is_good_sentence,
    split_sentences,
    words,
)
from langchain_taskgen.construct.sections import Section

__all__ = [
    "GENERIC_TITLES",
    "audit_stems",
    "is_clean_title",
    "is_summary_title",
    "norm",
    "prose_body",
    "shared_words",
    "shown_body",
    "stems",
    "support",
]

GENERIC_TITLES = frozenset(
    """introduction overview principles summary notes note conclusion conclusions background
    preface foreword acknowledgments acknowledgements examples example references
    bibliography resources usage installation configuration setup details description
    purpose scope abstract contents appendix glossary faq tips warning warnings caution
    credits authors history changes changelog copyright license licence disclaimer
    requirements prerequisites limitations troubleshooting miscellaneous general other
    others basics server servers client clients directory tools options commands files""".split()
) | frozenset(
    {
        "final summary",
        "a concrete example",
        "more documentation",
        "further reading",
        "see also",
        "getting started",
        "first steps",
        "in practice",
        "going further",
        "known issues",
        "general notes",
        "final words",
        "and more",
        "set up",
        "how it works",
        "what next",
        # A chapter's opening that fits any of its sections ("Principle and Mechanism"
        # over a list of syslog facilities, next to "The Configuration File").
        "principle and mechanism",
        "principles and mechanisms",
        "principle of operation",
        "general principles",
    }
)
"""Titles that fit any section ("Introduction", "Final summary"): no summary of one."""
# A sidebar label left before a title ("BACK TO BASICS LDIF format"), a version or a date.
# A title may open with a command's name ("cron and daylight saving time"), not a fragment.
_LOWER_NAME = re.compile(r"^(?!(?:and|or|but|of|to|in|with|for|the|a|an)\b)[a-z][\w'.+-]*\s+\S")
_LEFT_LABEL = re.compile(r"^(?:[A-Z]{2,}\s+){2,}")
_VERSION = re.compile(r"\d+\.\d+\.\d+|\b(?:19|20)\d\d\b")
# Navigation of HTML manuals glued to a title ("PrevA.9. Devuan"), links and ebook furniture.
_NAV = re.compile(r"^(?:Prev|Next|Up|Home)(?:[A-Z0-9]|$)|^Download the ebook$", re.IGNORECASE)
_URL_ONLY = re.compile(r"^(?:→\s*)?(?:https?://|www\.)\S+$")
_FOOTNOTE = re.compile(r"(?:(?<=[A-Za-z.,;)\"”])|(?<=[A-Za-z.;)] ))\[[1-9]\d{0,2}\](?=[\s.,;:)]|$)")
_CODE = re.compile(r"^[#$] |[{}<>|=]|^\S+\(\d\)|\s--?\w")
# A paragraph that opens leaning on text before it is no section's opening.
_LEANS = re.compile(
    r"^(however|also|then|therefore|thus|moreover|furthermore|finally|in addition|similarly|"
    r"this|these|that|those|it|they|such|as (mentioned|seen|explained))\b",
    re.IGNORECASE,
)
_NORM_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
# The audit's stopwords (``checks.tricks``; a test keeps the two readings the same).
AUDIT_STOP_WORDS = frozenset(
    """a an the and or of to in on at by for with from as is are was were be been it its this
    that these those there what which who whom whose when where why how do does did can could
    will would shall should may might must according passage text based following above below
    question answer true false yes no not""".split()
)
# An opening that points at text around it ("The limitation described above").
_POINTS = re.compile(
    r"\b(?:above|below|previous(?:ly)?|earlier|aforementioned|the following)\b", re.IGNORECASE
)
# A pointer to another part of the document ("see Section 4.2") dangles in a text of its own.
_CROSS_REFERENCE = re.compile(r"\b(?:Section|Chapter|Appendix)\s+[\dA-Z][\d.]*\b")
# An author's note to self ("FIXME add ...") is no part of the text.
_TODO = re.compile(r"^(?:FIXME|TODO|XXX)\b")


def stems(text: str) -> set[str]:
    """Content words of ``text`` cut to a crude stem ("securing", "secure" -> "secu").

    Example:
        >>> sorted(stems("Securing the FTP servers"))
        ['ftp', 'secu', 'serv']
    """
    return {_stem(w) for w in words(text) if w not in STOPWORDS}


def _stem(word: str) -> str:
    # Four letters of a long word ("backing" and "backup" share "back"), a short word whole.
    if len(word) >= 6:
        return word[:4]
    return word[:5] if len(word) >= 5 else word.rstrip("s")


def norm(text: str) -> str:
    """``text`` lower-cased, punctuation dropped, one space between words.

    The shortcut audit's reading (``checks.tricks.norm``): an option "occurs in the
    passage" when its ``norm`` is a run of the passage's.

    Example:
        >>> norm("Remote Diagnosis: nmap")
        'remote diagnosis nmap'
    """
    return " ".join(_NORM_WORD.findall(text.casefold()))


def support(title: str, body: str) -> float:
    """The share of the title's content words (stemmed) that occur in ``body``.

    Example:
        >>> support("Securing FTP", "Chroot the users of an FTP server to secure it.")
        1.0
    """
    own = stems(title)
    return len(own & stems(body)) / len(own) if own else 0.0


def shared_words(option: str, passage: str) -> int:
    """How many words ``option`` shares with ``passage``, as the shortcut audit counts them.

    Content words cut to five letters ("Suggests" meets "suggested"): a reader who matches
    words rather than meaning picks the option with the most
    (:func:`~langchain_taskgen.checks.audit.audit_pairs`' "word overlap").

    Example:
        >>> shared_words("Securing FTP servers", "An FTP server must be secured.")
        3
    """
    return len(audit_stems(option) & audit_stems(passage))


def audit_stems(text: str) -> set[str]:
    """The audit's words of ``text``: content words cut to five letters.

    Example:
        >>> sorted(audit_stems("Securing the FTP servers"))
        ['ftp', 'secur', 'serve']
    """
    found = _NORM_WORD.findall(text.casefold())
    return {w[:5] for w in found if len(w) > 2 and w not in AUDIT_STOP_WORDS}


def is_clean_title(title: str) -> bool:
    """Whether a heading reads as a title of its own: not generic, no label, code or date.

    Example:
        >>> is_clean_title("Securing FTP"), is_clean_title("Introduction")
        (True, False)
        >>> is_clean_title("BACK TO BASICS LDIF format"), is_clean_title("and Secure Boot")
        (False, False)
        >>> is_clean_title("LOG_UNKFAIL_ENAB no"), is_clean_title("U")
        (False, False)
    """
    text = clean(title)
    key = " ".join(words(text))
    if not text or key in GENERIC_TITLES:
        return False
    if not text[:1].isupper() and not _LOWER_NAME.match(text):
        return False
    if _LEFT_LABEL.match(text) or _VERSION.search(text) or _CODE.search(text):
        return False
    # A path or a setting ("LOG_UNKFAIL_ENAB no", "UsePrivilegeSeparation yes").
    if text[0] in "/~." or "_" in text or re.search(r"\w \b(?:yes|no)$", text):
        return False
    tokens = text.split()
    if len(tokens) == 1 and (tokens[0].lower().endswith("ing") or tokens[0].islower()):
        return False  # "Installing": a chapter's step, not a section's subject
    if sum(ch.isalpha() for ch in text) < 3:
        return False  # "U": an entry of a list of operators, not a title
    return len(text) <= 70 and any(ch.isalpha() for ch in text)


def is_summary_title(title: str, body: str) -> bool:
    """Whether ``title`` sums up ``body``: a clean title whose words mostly occur in it.

    The answer of a title task must be supported by the passage shown: a title whose
    words the body does not use ("Census and Cooperation" over a paragraph on popcon)
    can only be guessed.

    Example:
        >>> body = "To secure FTP, allow only FTP over TLS and disable anonymous logins."
        >>> is_summary_title("Securing FTP", body), is_summary_title("Is FTP secure?", body)
        (True, False)
        >>> is_summary_title("Step 3: securing FTP", body)
        False
    """
    # A question heading asks, it does not sum up ("What is debuild?" over text that never
    # says); a step label's number ("Step 3: ...") is nowhere in the text shown.
    if title.rstrip().endswith("?") or _STEP.match(clean(title)):
        return False
    return is_clean_title(title) and support(title, body) >= 0.5


_STEP = re.compile(r"(?:step|stage|part|phase|lesson)\s+\w+\s*[:.)-]", re.I)


def _is_prose(block: str) -> bool:
    """Mostly clean sentences: no command, no list of names, no glued navigation."""
    sentences = split_sentences(block)
    if not sentences or _CODE.search(block) or not block.rstrip().endswith((".", "?", "!")):
        return False
    good = [s for s in sentences if is_good_sentence(s)]
    return len(good) >= 0.6 * len(sentences)


def _is_sidebar(section: Section) -> bool:
    """Whether the heading had a label before its title ("TIP", "VOCABULARY")."""
    rest = section.heading
    if section.number:
        rest = rest.split(section.number, 1)[-1].lstrip(". ")
    return not rest.startswith(section.title)


def _blocks(section: Section) -> list[str]:
    """The body's blocks without navigation, bare links and footnote markers."""
    out = []
    for block in re.split(r"\n\s*\n", section.body):
        # A marker after a space ("devices [82].") leaves the space before the stop.
        text = re.sub(r" (?=[.,;:](?:\s|$))", "", clean(_FOOTNOTE.sub("", clean(block))))
        if text and not (_NAV.search(text) or _URL_ONLY.match(text) or _TODO.match(text)):
            out.append(text)
    # A sidebar ("VOCABULARY Debian package") has no end mark: the page's text goes on
    # after it, so only its first paragraph is its own.
    if _is_sidebar(section):
        out = out[:1]
    # A chunk may end inside the section: its last block is then cut mid-sentence, and a
    # block that announces what follows ("Try:") has lost what it announced.
    while out and not out[-1].endswith((".", "?", "!", ")", "”", '"')):
        out.pop()
    return out


def shown_body(section: Section) -> str:
    """The section's text as a task shows it: its heading left out, page furniture too.

    Commands and lists stay (they are part of what the section says); navigation, bare
    links, footnote markers and a block cut off by the chunk's end go.
    """
    return "\n\n".join(_blocks(section))


def prose_body(section: Section, min_chars: int = 200) -> str | None:
    """The section's opening prose, fit to be written from its title; ``None`` if it has none.

    The paragraphs up to the first command, list or fragment, without sentences that
    point to other sections or announce a command that is left out. ``None`` when this
    prose opens leaning on something before it, holds fewer than two clean sentences or
    ``min_chars`` characters.

    Example:
        >>> from langchain_taskgen.construct.sections import sections
        >>> text = ("Securing FTP\\n\\nFTP sends passwords in clear text over the network. "
        ...         "Prefer SFTP, which encrypts them, wherever you can.[4]\\n\\n"
        ...         "# apt install vsftpd")
        >>> print(prose_body(sections(text)[0], min_chars=80))  # doctest: +ELLIPSIS
        FTP sends passwords in clear text over the network. Prefer SFTP, which encrypts them, ...
    """
    kept: list[str] = []
    for block in _blocks(section):
        if not _is_prose(block):
            break
        sentences = [s for s in split_sentences(block) if not _CROSS_REFERENCE.search(s)]
        if sentences:
            kept.append(" ".join(sentences))
    while kept and kept[-1].endswith(":"):
        kept.pop()
    text = "\n\n".join(kept)
    first = split_sentences(text)[:1]
    if not first or _LEANS.match(first[0]) or _POINTS.search(first[0]):
        return None
    if not first[0][:1].isupper():
        return None
    good = [s for s in split_sentences(text) if is_good_sentence(s)]
    if len(good) < 2 or len(text) < min_chars or sum(map(len, good)) < 0.7 * len(text):
        return None
    return text
