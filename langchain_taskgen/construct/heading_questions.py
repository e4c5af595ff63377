"""The question a heading asks, in the words a reader would use.

"Securing FTP" asks "How do you secure FTP?", "Install the SIP proxy" asks "How do you
install the SIP proxy?", and a heading written as a question ("How does Debian handle
security?") asks itself. The rules know a list of verbs and a few irregular gerunds; a
heading they are unsure of gives no question rather than a garbled one.

Example:
    >>> heading_question("Setting up a firewall", "A firewall filters packets.")
    'How do you set up a firewall?'
"""

from __future__ import annotations

import re
from collections import Counter

from langchain_taskgen.construct.headings import is_clean_title
from langchain_taskgen.construct.passage import clean

__all__ = ["has_inner_heading", "heading_question"]

# An object this general asks nothing particular: "Examining the data".
_GENERAL_OBJECTS = frozenset("data basics details results rest options things stuff".split())
# A short line of words without a closing mark, after the first block: a heading the
# section reader did not take for one ("TIP Installing the same selection of packages").
_HEADING_LINE = re.compile(r"[A-Z][\w’'-]*(?: [\w’'-]+){1,11}")


def has_inner_heading(shown: str) -> bool:
    """Whether a section's shown text holds another heading after its first block.

    Then the text is two sections, and the question of the first heading fits only part of
    it (a reader called "How can you allow web browsing of a repository?" wrong on text
    that went on with "How to get a Git repository with minimal history").

    Example:
        >>> has_inner_heading("Gitweb shows it.\\n\\nHow to get a shallow clone\\n\\nIt is fast.")
        True
        >>> has_inner_heading("Gitweb shows a project.\\n\\n$ git instaweb\\n\\nIt is fast.")
        False
    """
    blocks = [b.strip() for b in shown.split("\n\n") if b.strip()]
    return any(_HEADING_LINE.fullmatch(block) for block in blocks[1:])


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
        >>> heading_question("Checking your logs", "Logs say what happened.", variant=1)
        'How can you check your logs?'

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
    if len(rest) == 2 and rest[0].lower() in {"and", "or"}:
        return None  # "Installing and Removing": install and remove what is not said
    if len(rest) == 2 and rest[0].lower() == "the" and rest[1].lower() in _GENERAL_OBJECTS:
        return None  # "Examining the data"
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
    # One person throughout: "Checking your logs" asks "How do you check your logs?",
    # never "How do I check your logs?".
    phrasings: tuple[str, ...] = _GERUND_PHRASES
    said = set(re.findall(r"[a-z]+", phrase.lower()))
    if said & {"your", "yours", "you", "yourself"}:
        phrasings = tuple(p for p in phrasings if " you " in p)
    elif said & {"my", "mine", "me", "myself"}:
        phrasings = tuple(p for p in phrasings if " I " in p)
    return phrasings[variant % len(phrasings)].format(v=phrase)
