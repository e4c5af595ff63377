"""What a section's heading and body are worth as task material: titles, prose, questions.

A heading is a summary a person wrote, but not every heading summarises its text:
"Introduction" fits any section, "In Real Time" leans on the chapter around it, and a
sidebar's title may name a word the text never uses. These helpers decide which titles
stand for their section (their content words occur in the body), clean a body for
showing (navigation, links and footnote markers out) or for imitating (prose only), and
turn a heading into the question a reader would ask ("Securing FTP" -> "How do you
secure FTP?").

Example:
    >>> from langchain_taskgen.construct.sections import sections
    >>> text = ("5.3. Securing FTP\\n\\nIf you must run an FTP server, chroot its users "
    ...         "to their homes.[13] Prefer SFTP, which encrypts passwords and files alike.")
    >>> (section,) = sections(text)
    >>> is_summary_title(section.title, shown_body(section))
    True
    >>> shown_body(section)  # doctest: +ELLIPSIS
    'If you must run an FTP server, chroot its users to their homes. Prefer SFTP, ...'
    >>> heading_question(section.title, shown_body(section))
    'How do you secure FTP?'
"""

from __future__ import annotations

import re
from collections import Counter

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
    "heading_question",
    "is_clean_title",
    "is_summary_title",
    "norm",
    "prose_body",
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
    others basics""".split()
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
_FOOTNOTE = re.compile(r"(?:(?<=[A-Za-z.,;)\"”])|(?<=[.;)] ))\[[1-9]\d{0,2}\](?=[\s.,;:)]|$)")
_CODE = re.compile(r"^[#$] |[{}<>|=]|^\S+\(\d\)|\s--?\w")
# A paragraph that opens leaning on text before it is no section's opening.
_LEANS = re.compile(
    r"^(however|also|then|therefore|thus|moreover|furthermore|finally|in addition|similarly|"
    r"this|these|that|those|it|they|such|as (mentioned|seen|explained))\b",
    re.IGNORECASE,
)
_NORM_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
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


def is_clean_title(title: str) -> bool:
    """Whether a heading reads as a title of its own: not generic, no label, code or date.

    Example:
        >>> is_clean_title("Securing FTP"), is_clean_title("Introduction")
        (True, False)
        >>> is_clean_title("BACK TO BASICS LDIF format"), is_clean_title("and Secure Boot")
        (False, False)
        >>> is_clean_title("LOG_UNKFAIL_ENAB no")
        False
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
    return len(text) <= 70 and any(ch.isalpha() for ch in text)


def is_summary_title(title: str, body: str) -> bool:
    """Whether ``title`` sums up ``body``: a clean title whose words mostly occur in it.

    The answer of a title task must be supported by the passage shown: a title whose
    words the body does not use ("Census and Cooperation" over a paragraph on popcon)
    can only be guessed.
    """
    return is_clean_title(title) and support(title, body) >= 0.5


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
        text = clean(_FOOTNOTE.sub("", clean(block)))
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


# -- the question a heading asks ----------------------------------------------------------

_IRREGULAR = {
    "setting": "set",
    "getting": "get",
    "running": "run",
    "putting": "put",
    "shutting": "shut",
    "stopping": "stop",
    "dropping": "drop",
    "mapping": "map",
    "logging": "log",
    "planning": "plan",
    "swapping": "swap",
    "tagging": "tag",
    "debugging": "debug",
    "plugging": "plug",
    "scanning": "scan",
    "controlling": "control",
    "chrooting": "chroot",
    "writing": "write",
    "using": "use",
    "making": "make",
    "taking": "take",
    "giving": "give",
    "having": "have",
    "doing": "do",
    "going": "go",
    "dying": "die",
    "tying": "tie",
}
# Base forms whose gerund drops an "e" ("securing" -> "secure"), common in manuals. A
# gerund neither listed, irregular nor found in the passage is not turned into a question.
_E_VERBS = frozenset(
    """secure configure create compile remove resize choose save share enable disable handle
    manage change provide update use make write take give prepare restore encourage
    automate declare store define execute generate locate activate deactivate validate
    migrate separate delegate upgrade replace produce reduce reduce serve archive compare
    describe subscribe combine determine examine exclude include issue merge operate
    organize customize synchronize authenticate authorize recognize minimize analyze
    analyse schedule receive retrieve rotate isolate escalate translate negotiate
    translate trace ensure measure capture structure compute require acquire procure
    emulate simulate regulate cache browse close move prove improve approve arrange
    license purge trigger stage package""".split()
)
_VERBS = _E_VERBS | frozenset(
    """install build check add edit find test run set get put list read start stop open
    protect detect restrict limit monitor deploy mount boot verify modify apply select
    search track follow report display show print install connect export import load
    unload patch filter block allow deny log audit harden back clean download
    upload fetch sign encrypt decrypt mirror partition format reinstall rebuild convert
    extend extract install keep learn look maintain migrate own pick plan prevent query
    register rename reset restart return review scan send split switch tune turn undo
    unpack view watch work adjust access accept adapt alert avoid collect
    contribute control correct debug deal deploy develop enter establish expand firewall
    explain forward grant help hide identify implement inspect interpret obtain offer
    perform recover redirect refresh reject remember repair request resolve respond
    restrict sort spot submit support transfer upgrade""".split()
)
_PARTICLES = frozenset("up down off out on in over back".split())
_DETERMINERS = frozenset("the a an your all any some this these each every".split())
_GERUND_PHRASES = (
    "How do you {v}?",
    "How do I {v}?",
    "How can you {v}?",
    "How can I {v}?",
)


def _base_form(gerund: str) -> str | None:
    """The base form of a gerund of a listed verb, or ``None`` when the rules are unsure.

    Only verbs in the list: "Networking basics" has a gerund the rules would turn into
    "How do you network basics?".
    """
    word = gerund.lower()
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if not word.endswith("ing") or len(word) < 6:
        return None
    stem = word[:-3]
    candidates = [stem, f"{stem}e"]
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "lsfz":
        candidates.append(stem[:-1])  # "stopping" -> "stop"
    return next((c for c in candidates if c in _VERBS), None)


def _proper_words(body: str) -> set[str]:
    """Words the body writes as names ("Debian", "Samba"), lower-cased.

    Capitalised inside sentences more often than not, or capitalised at least twice and
    never written in lower case.
    """
    inside: Counter[str] = Counter()
    opening: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    previous = "."
    for token in body.split():
        bare = re.sub(r"['’]s$", "", token.strip("\"'()[],;:.!?“”‘’"))
        if bare[:1].isalpha():
            key = bare.lower()
            if bare[:1].islower():
                lower[key] += 1
            elif previous.endswith((".", "?", "!", ":")):
                opening[key] += 1
            else:
                inside[key] += 1
        previous = token
    return {
        w
        for w in set(inside) | set(opening)
        if inside[w] > lower[w] or (opening[w] + inside[w] >= 2 and not lower[w])
    }


def _sentence_case(tokens: list[str], proper: set[str]) -> list[str]:
    """Lower-case a heading's ordinary capitalised words ("Upgrading the System").

    A capitalised word stays when the body writes it as a name (see
    :func:`_proper_words`); acronyms and mixed-case names ("SELinux") always stay.
    """
    out = []
    for token in tokens:
        bare = token.strip("\"'(),:?")
        low = bare.lower()
        if (bare[:1].isupper() and bare[1:].islower() and low not in proper) or (
            low.split("-")[0] in _PARTICLES
        ):
            token = token.replace(bare, low)
        out.append(token)
    return out


def heading_question(title: str, body: str, variant: int = 0) -> str | None:
    """The question a heading asks, in the words a reader would use; ``None`` if unsure.

    A heading written as a question is kept (in sentence case); a gerund heading
    ("Setting up a firewall") or an imperative one ("Install the SIP proxy") becomes "How
    do you set up a firewall?" (``variant`` picks one of a few phrasings). A tool after a
    colon ("Configuring Packages: debconf") becomes "with debconf". Anything else, or a
    verb whose base form the rules cannot spell, gives ``None``.

    Example:
        >>> body = "Debconf asks the questions that configure packages at install time."
        >>> heading_question("Configuring Packages: debconf", body)
        'How do you configure packages with debconf?'
        >>> heading_question("Who Is this Book For?", "This book is for every reader.")
        'Who is this book for?'
        >>> heading_question("Telnet and RSH are obsolete", body) is None
        True
    """
    text = clean(title)
    if not is_clean_title(text) or "(" in text:
        return None
    # Quoted titles of other sections ("see Section 6.2.3, “System Upgrade”") are no names.
    proper = _proper_words(re.sub(r"“[^”]*”|\"[^\"]*\"", " ", body))
    tokens = text.split()
    if text.endswith("?"):
        if text.count("?") > 1 or len(tokens) < 3:
            return None
        cased = _sentence_case(tokens[1:], proper)
        return " ".join([tokens[0], *cased])
    if text.lower().startswith("how to "):
        tokens = tokens[2:]
        verb = tokens[0].lower() if tokens and tokens[0].lower() in _VERBS else None
    else:
        first = tokens[0]
        verb = _base_form(first) if first.lower().endswith("ing") else None
        # An imperative heading ("Install the SIP proxy"); a verb that is also a noun
        # ("Log file permissions") is taken only before a determiner.
        if (
            verb is None
            and first.lower() in _VERBS
            and len(tokens) > 1
            and tokens[1].lower() in _DETERMINERS
        ):
            verb = first.lower()
    if verb is None or len(tokens) < 2:
        return None
    rest = tokens[1:]
    tool = ""
    if any(t.endswith(":") for t in rest):
        cut = next(i for i, t in enumerate(rest) if t.endswith(":"))
        tool = " ".join(rest[cut + 1 :])
        rest = [*rest[:cut], rest[cut].rstrip(":")]
        if not tool or ":" in tool:
            return None
        if len(tool.split()) > 3 or tool.split()[0].lower() in _DETERMINERS | {"a", "an"}:
            tool = ""  # "Replacing Files: The Replaces Field" asks "How do you replace files?"
    if any(mark in " ".join(rest) for mark in (",", ";", "/etc", "--", '"', "“", "”")):
        return None
    # "Setting the Hostname and Configuring the Name Service": each gerund in its base form.
    for i, token in enumerate(rest):
        if i and rest[i - 1].lower() in {"and", "or"} and token.lower().endswith("ing"):
            base = _base_form(token)
            if base is None:
                return None
            rest[i] = base
    phrase = " ".join([verb, *_sentence_case(rest, proper)])
    if tool:
        phrase = f"{phrase} with {tool}"
    return _GERUND_PHRASES[variant % len(_GERUND_PHRASES)].format(v=phrase)
