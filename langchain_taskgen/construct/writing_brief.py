"""text_gen items: a section's prose as the answer to a brief that names what it must say.

"Write a section headed 'Garbage Written Into Files'" cannot be answered with the text
the manual has under that heading: the text names a product, files and commands nothing
in the instruction gives. So the instruction names the document's subject (the name the
call's text keeps using: "Git", "Debian") and every specific the target states (names,
commands, paths, values), and the target is cut to prose that stands on its own: no
opening that leans on earlier text, no preamble whose list is left out, no pointer to
another section. An item whose target names too many specifics to list is dropped.

Example:
    >>> target = ("You can restrict who may use cron with a whitelist in /etc/cron.allow. "
    ...           "All other users are denied. Debian does the same for at with /etc/at.allow.")
    >>> specifics(target)
    ['/etc/cron.allow', '/etc/at.allow']
    >>> import random
    >>> print(writing_instruction("Restricting cron", target, "Debian", random.Random(1)))
    ... # doctest: +NORMALIZE_WHITESPACE
    Write the section "Restricting cron" of a Debian manual.
    Be sure to mention /etc/cron.allow and /etc/at.allow.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Collection, Sequence

from langchain_taskgen.construct.headings import prose_body, stems, support
from langchain_taskgen.construct.passage import Corpus, split_sentences
from langchain_taskgen.construct.sections import Section

__all__ = [
    "MAX_SPECIFICS",
    "brief",
    "document_name",
    "name_counts",
    "specifics",
    "standalone_prose",
    "text_gen_item",
    "writing_instruction",
]

MAX_SPECIFICS = 6
"""Specifics an instruction lists at most: a target naming more is cut or dropped."""

MAX_CHARS = 900
"""The longest target: a short section, cut at a sentence end."""

# Code-like tokens: paths, dotted or hyphenated names, man pages, options.
_CODE = re.compile(
    r"(?<![\w/.~-])(?:[/~.][\w./+-]*[\w+](?:/[\w.+-]*[\w+])*/?|\w[\w+]*(?:[-_./:]\w[\w+]*)+"
    r"(?:\(\d\))?|\w+\(\d\)|--?[a-z][\w-]+)"
)
# A hyphenated English word ("fully-qualified") is no name; "apt-get" and "c-compiler" are.
_WORD_PARTS = frozenset(
    "in on up out to by of non re co pre set end top low off two one all per day use new old "
    "way bit and the end sub well self".split()
)
_CAPITAL = re.compile(r"\b[A-Z][\w+]*(?:\s+[A-Z][\w+]*)*")
_NUMBER = re.compile(r"(?<![\w./-])\d+(?:\.\d+)?(?![/\d])(?:\s*(?:%|[A-Za-z]{1,10}\b))?")
# A program named in lower case: "the mindterm package", "the dkms command".
_LOWER_NAME = re.compile(
    r"\b(?:the|a|an)\s+([a-z][a-z0-9+]{2,})\s+(?:package|command|daemon|utility|program|tool)\b"
)
_COMMON = frozenset(
    """same new old other main source binary kernel official virtual following previous
    next whole single entire first last corresponding particular specific given real
    default standard current original latest simple small large full empty whole debian
    right wrong dummy meta base essential required optional""".split()
)
_NOT_NAMES = frozenset(
    "I A An The This That These Those It Its If In On At For To Of And Or But As By With "
    "When Where While Once After Before Then Also Note See Section Chapter Example Table "
    "Figure Appendix Yes No You Your We Our Us They Their He She His Her Many Most Some "
    "All Each Every Any Both Either Neither Other Another Such Several Few There Here What "
    "Which Who Whom Whose How Why Please Not Only Just Even Still Now So Thus Hence Since "
    "Because Although Though Unless Until Instead".split()
)
# Openings that lean on text before them ("Once the journals are flushed", "Another way").
_LEANS = re.compile(
    r"^(?:however|also|then|therefore|thus|moreover|furthermore|finally|in addition|"
    r"similarly|this|these|that|those|it|its|they|their|such|as|once|after|afterwards|"
    r"another|other|here|now|next|instead|otherwise|again|both|likewise|hence|so|but|and|"
    r"or|of course|in (?:this|that|the (?:previous|last|next))|if you followed|"
    r"what follows|the following|the same|the other|the next|the last|the second)\b",
    re.IGNORECASE,
)
# A sentence pointing at text around it: the target stops before it.
_POINTS = re.compile(
    r"\b(?:above|below|previous(?:ly)?|earlier|aforementioned|the following|as follows|"
    r"what follows|last paragraph|next (?:section|chapter)|this (?:section|chapter)|"
    r"later in|(?:described|explained|discussed|defined|shown|covered) (?:in|under) "
    r"(?:[A-Z\"“]|the section)|in the section|see also)\b",
    re.IGNORECASE,
)
_ASK = (
    'Write a short section titled "{title}" for {doc}.',
    'Write the section "{title}" of {doc}.',
    'Draft a few paragraphs for {doc} under the heading "{title}".',
    'For {doc}, write the text of the section headed "{title}".',
)
_POINTS_ASK = (
    " Mention {points}.",
    " It should cover {points}.",
    " Be sure to mention {points}.",
)


def _is_name_part(token: str) -> bool:
    parts = token.split("-")
    if len(parts) == 1 or len(parts) >= 3 or not all(p.isalpha() for p in parts):
        return True
    return any(len(p) <= 3 and p.lower() not in _WORD_PARTS for p in parts)


def specifics(text: str, known: Collection[str] = ()) -> list[str]:
    """What ``text`` names that no instruction lacking it lets a writer say, in order.

    Code-like tokens (paths, commands, options, man pages), capitalised names other than
    a sentence's first word (unless that word is capitalised elsewhere, in ``known``
    (names the call's text capitalises mid-sentence) or is an acronym) and numbers with
    their unit.

    Example:
        >>> specifics("Git stores objects in .git/objects. Run git-gc(1) every 30 days.",
        ...           known={"Git"})
        ['Git', '.git/objects', 'git-gc(1)', '30 days']
        >>> specifics("A fully-qualified hostname is needed.")
        []
    """
    found: dict[str, int] = {}
    names_elsewhere = set(known) | {
        m.group().split()[0]
        for s in split_sentences(text)
        for m in _CAPITAL.finditer(s)
        if m.start() > 0
    }
    for sentence in split_sentences(text):
        for match in _CODE.finditer(sentence):
            token = match.group().rstrip(".:")
            if _is_name_part(token) and not token.lower().startswith(("e.g", "i.e")):
                found.setdefault(token, match.start())
        for match in _CAPITAL.finditer(sentence):
            name = match.group()
            tokens = name.split()
            if match.start() == 0 and not (
                tokens[0] in names_elsewhere or sum(c.isupper() for c in tokens[0]) >= 2
            ):
                tokens = tokens[1:]
            tokens = [t for t in tokens if t not in _NOT_NAMES] if len(tokens) == 1 else tokens
            while tokens and tokens[0] in _NOT_NAMES:
                tokens = tokens[1:]
            # "Debian GNU/Linux": the code token holds "GNU" already.
            codes = [m.group() for m in _CODE.finditer(sentence)]
            tokens = [t for t in tokens if not any(t in code for code in codes)]
            name = " ".join(tokens)
            if len(name) > 1 and not any(name in key for key in found):
                found.setdefault(name, match.start())
        for match in _LOWER_NAME.finditer(sentence):
            if match.group(1) not in _COMMON:
                found.setdefault(match.group(1), match.start(1))
        for match in _NUMBER.finditer(sentence):
            value = match.group()
            if value.isdigit():
                # A bare number says something with the word before it ("version 2").
                before = re.search(r"([A-Za-z]{3,})\s+$", sentence[: match.start()])
                if before is None:
                    continue
                value = f"{before.group(1)} {value}"
            found.setdefault(value, match.start())
    ordered: list[str] = []
    for sentence in split_sentences(text):
        for token in sorted((t for t in found if t in sentence), key=sentence.find):
            if token not in ordered and not any(token in o for o in ordered):
                ordered.append(token)
    return ordered


def name_counts(passages: Sequence[str]) -> Counter[str]:
    """In how many passages each capitalised word occurs other than first in a sentence.

    Those are names ("Git", "Debian"), not sentence openers ("Install").

    Example:
        >>> name_counts(["Install Git first. Then run Git on Debian.", "Ask for Git."])
        Counter({'Git': 2, 'Debian': 1})
    """
    counts: Counter[str] = Counter()
    for passage in passages:
        found: set[str] = set()
        for sentence in split_sentences(passage):
            found.update(
                m.group()
                for m in re.finditer(r"(?<=\s)[A-Z][\w+]*\b", sentence)
                if m.group() not in _NOT_NAMES
            )
        counts.update(found)
    return counts


def document_name(passage: str, counts: Counter[str], passages: int) -> str | None:
    """The name the call's text keeps using ("Git", "Debian") that ``passage`` uses too.

    ``counts``: :func:`name_counts` of the call's ``passages`` passages. The call's most
    used name, in two fifths of them and at least three: a document's subject, not a
    section's topic ("ABI", "LDAP") nor a file ("Makefile") of a passage that does not
    name the subject.

    Example:
        >>> counts = name_counts(["Install Git first.", "Then run Git.", "We like Git."])
        >>> document_name("Objects in Git are immutable.", counts, 3)
        'Git'
    """
    if not counts:
        return None
    uses, name = max((n, name) for name, n in counts.items())
    if uses < max(3, 0.4 * passages) or not re.search(rf"\b{re.escape(name)}\b", passage):
        return None
    if len(name) <= 2:  # "IP", "OS": a term the call uses, not what its document is about
        return None
    return name


def standalone_prose(section: Section, intro: bool = False) -> str | None:
    """The section's opening prose as a text of its own, or None.

    :func:`~langchain_taskgen.construct.headings.prose_body`, cut before the first
    sentence that points at text around it ("What follows is ...", "described in
    Essential") and to :data:`MAX_CHARS`; None when the section is only the introduction
    to its subsections (``intro``), when the prose opens leaning on earlier text ("Once
    ...", "Another way ..."), or when the title's words are not mostly in its first
    paragraph (the heading is not what the text is about).

    Example:
        >>> from langchain_taskgen.construct.sections import sections
        >>> text = ("3.2 Updating The Files\\n\\nOnce all journals are flushed, it is safe "
        ...         "to begin updating files. We lock every file before writing to it.")
        >>> standalone_prose(sections(text)[0]) is None
        True
    """
    if intro:
        return None
    prose = prose_body(section, min_chars=150)
    if prose is None:
        return None
    kept: list[str] = []
    for paragraph in prose.split("\n\n"):
        sentences: list[str] = []
        for sentence in split_sentences(paragraph):
            if _POINTS.search(sentence) or sentence.endswith(":"):
                break
            sentences.append(sentence)
        if sentences:
            kept.append(" ".join(sentences))
        if len(sentences) < len(split_sentences(paragraph)):
            break
    text = _cut("\n\n".join(kept))
    sentences = split_sentences(text)
    if len(sentences) < 2 or len(text) < 150 or _LEANS.match(sentences[0]):
        return None
    title_stems = stems(section.title)
    if len(title_stems) < 2 or support(section.title, text.split("\n\n")[0]) < 0.5:
        return None
    return text if support(section.title, text) >= 0.5 else None


def _cut(text: str) -> str:
    """``text`` up to :data:`MAX_CHARS`, ending at a sentence's end."""
    if len(text) <= MAX_CHARS:
        return text
    out = ""
    for paragraph in text.split("\n\n"):
        for sentence in split_sentences(paragraph):
            joined = f"{out}{'' if not out or out.endswith(chr(10)) else ' '}{sentence}"
            if len(joined) > MAX_CHARS:
                return out.rstrip()
            out = joined
        out += "\n\n"
    return out.rstrip()


def _listed(points: list[str]) -> str:
    return points[0] if len(points) == 1 else f"{', '.join(points[:-1])} and {points[-1]}"


def writing_instruction(
    title: str,
    target: str,
    name: str | None,
    rng: random.Random,
    known: Collection[str] = (),
    terms: Sequence[str] = (),
) -> str | None:
    """The instruction ``target`` answers: the heading, the document, what it must mention.

    Every specific of ``target`` (:func:`specifics`) is listed, the document's name
    excepted (the instruction names it already); more than :data:`MAX_SPECIFICS`: None.
    With fewer than three, ``terms`` (the passage's distinctive words, best first) that
    the target uses and the title does not fill the list up to three.

    Example:
        >>> print(writing_instruction("Hardware Assumptions", "We assume that disks "
        ...       "write in sectors. A sector is written whole or not at all.", None,
        ...       random.Random(0)))
        For a technical manual, write the text of the section headed "Hardware Assumptions".
    """
    points = [p for p in specifics(target, known) if p != name and p not in title]
    if len(points) > MAX_SPECIFICS:
        return None
    # Fewer than three specifics: the target's distinctive words say what it is about.
    said = {w.lower() for w in re.findall(r"[\w-]+", target)}
    title_stems = stems(title)
    for term in terms:
        if len(points) >= 3:
            break
        lowered = " ".join(p.lower() for p in points)
        if term in said and not stems(term) & title_stems and term not in lowered:
            points.append(term)
    article = "an" if name and name[0] in "AEIOU" else "a"
    doc = f"{article} {name} manual" if name else "a technical manual"
    ask = rng.choice(_ASK).format(title=title, doc=doc)
    if points:
        ask += rng.choice(_POINTS_ASK).format(points=_listed(points))
    return ask


def brief(
    title: str,
    target: str,
    name: str | None,
    rng: random.Random,
    known: Collection[str] = (),
    terms: Sequence[str] = (),
) -> tuple[str, str] | None:
    """``(instruction, target)``: the target cut until its specifics fit an instruction.

    Sentences go from the end until :func:`writing_instruction` can list the target's
    specifics; None if they never fit while two sentences and 150 characters are left.

    Example:
        >>> long = " ".join(f"Set OPTION{i} in /etc/app{i}.conf to tune how the app runs."
        ...                 for i in range(9))
        >>> inp, out = brief("Tuning the app", long, None, random.Random(0))
        >>> len(split_sentences(out))
        3
    """
    paragraphs = [split_sentences(p) for p in target.split("\n\n")]
    while True:
        text = "\n\n".join(" ".join(p) for p in paragraphs if p)
        if sum(map(len, paragraphs)) < 2 or len(text) < 150:
            return None
        ask = writing_instruction(title, text, name, rng, known, terms)
        if ask is not None:
            return ask, text
        paragraphs[-1].pop()
        while paragraphs and not paragraphs[-1]:
            paragraphs.pop()


# Words a target repeats that say how, not what ("executed", "different", "validity").
_NOT_A_TERM = ("ed", "ly", "ent", "ity", "ing", "ive", "ous", "ful", "able", "ible")
_PLAIN_WORDS = frozenset(
    "setup system-wide operations packages package files system users commands options "
    "other others first second number example".split()
)


def text_gen_item(
    index: int, corpus: Corpus, section: Section, rng: random.Random
) -> tuple[str, str] | None:
    """``(instruction, target)`` for a section of passage ``index``, or None.

    The target is the section's :func:`standalone_prose`; the instruction names the
    call's document (:func:`document_name`), the target's specifics and, up to three
    points, the passage's two-word terms and distinctive words the target repeats
    (:func:`brief`).
    """
    prose = standalone_prose(section)
    if prose is None:
        return None
    counts: Counter[str] | None = corpus.__dict__.get("_names")
    if counts is None:
        counts = corpus.__dict__["_names"] = name_counts(corpus.passages)
    name = document_name(corpus.passages[index], counts, len(corpus.passages))
    # Two-word terms, then distinctive words the target repeats ("flavours"): a word the
    # passage merely uses ("complete") is often no topic.
    said = Counter(re.findall(r"[a-z][a-z-]{4,}", prose.lower()))
    repeated = [
        w
        for w in corpus.keywords(index, 30)
        if said[w] >= 2 and not w.endswith(_NOT_A_TERM) and w not in _PLAIN_WORDS
    ]
    terms = [t for t in corpus.keyphrases(index, 5) if " " in t] + repeated
    # A sentence's first word is a name where three passages capitalise it mid-sentence.
    known = {w for w, uses in counts.items() if uses >= 3}
    return brief(section.title, prose, name, rng, known, terms)
