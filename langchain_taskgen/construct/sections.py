"""Sections of a passage: the headings a document's author wrote and the text under each.

A manual's headings are short summaries written by a person ("Securing FTP", "How do I
upgrade?"). Tasks built on them (a title for a section, the section that fits a passage,
the question a heading asks) carry human wording instead of a copied sentence with a
blank. Loaders keep a blank line between blocks, so a heading is a block of its own.

Example:
    >>> text = "5.3. Securing FTP\\n\\nIf you must run FTP, chroot its users. Use SFTP instead."
    >>> (section,) = sections(text)
    >>> section.title, section.number
    ('Securing FTP', '5.3')
    >>> section.body
    'If you must run FTP, chroot its users. Use SFTP instead.'
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from langchain_taskgen.construct.passage import clean, is_good_sentence, split_sentences

__all__ = ["Section", "heading_parts", "sections"]

_BLOCKS = re.compile(r"\n\s*\n")
# "5.3. Title", "Chapter 5. Title", "A.2 Title", "Appendix B. Title", "## Title".
_NUMBER = re.compile(
    r"^(?:(?:Chapter|Section|Appendix|Part)\s+)?"
    # A letter numbers an appendix only with its dot: "A Note on Security" is a title.
    r"(?P<number>\d+(?:\.\d+)*(?=\.?\s)|[A-Z](?:\.\d+)*(?=\.\s))\.?\s+(?=[A-Z\"'(])"
)
_MARKDOWN = re.compile(r"^#{1,6}\s+")
# Code, paths and key=value lines are never headings.
_NOT_TITLE = re.compile(r"[=${}<>|;\[\]]|^[/~.-]|\s--?\w|\w\(\d\)")
# Captions name a picture, not the text after them.
_CAPTION = re.compile(r"^(?:Figure|Table|Example|Listing|Screenshot)\s+[\dA-Z][\d.]*\b")
# A sidebar's label ("TIP", "SECURITY", "DEBIAN POLICY") before its title.
_LABEL = re.compile(r"^(?:[A-Z]{2,}\s+){1,3}(?=[A-Z][a-z]|[a-z])")
# The labels manuals use, also before an acronym ("CULTURE TAR, the standard ...").
_KNOWN_LABEL = re.compile(
    r"^(?:BACK TO BASICS|BEHIND THE SCENES|GOING FURTHER|IN PRACTICE|QUICK LOOK|SPECIFIC CASE|"
    r"SPECIAL CASE|DEBIAN POLICY|DEBIAN SPECIFICITY|THE BROADER VIEW|CULTURE|COMMUNITY|"
    r"DOCUMENTATION|NOTE|TIP|TOOLS?|SECURITY|VOCABULARY|CAUTION|ALTERNATIVE|HISTORY|WARNING|"
    r"HINT|IMPORTANT|BEWARE|PERSPECTIVE|EXTRA|DISCOVERY|COMPLEMENTS|HARDWARE)\s+(?=\S)"
)
# A heading asked as a question starts like one; a program's prompt ("Save them?") does not.
_QUESTION = re.compile(
    r"^(?:How|What|Why|When|Where|Which|Who|Can|Could|Do|Does|Is|Are|Should|Will|May)\b"
)
# Navigation and page furniture of HTML manuals.
_FURNITURE = frozenset({"prev", "next", "home", "up", "contents", "table of contents", "index"})
# Admonition labels and table cells set as a line of their own: no title of a section.
_NOT_A_TITLE = frozenset(
    "tip note notes warning caution important todo fixme hint example examples yes no "
    "none true false default".split()
)


@dataclass(frozen=True)
class Section:
    """One heading and the prose under it, inside a single passage.

    Attributes:
        heading: The heading as written ("5.3. Securing FTP").
        title: The heading without its numbering ("Securing FTP").
        number: The numbering ("5.3"), or "" for an unnumbered heading.
        body: The blocks under the heading up to the next one, whitespace collapsed and
            joined by blank lines.
        sentences: The body's clean, self-standing sentences (see
            :func:`~langchain_taskgen.construct.passage.is_good_sentence`).
    """

    heading: str
    title: str
    number: str
    body: str
    sentences: tuple[str, ...]

    @property
    def is_question(self) -> bool:
        """Whether the author wrote the heading as a question ("How do I ...?")."""
        return self.title.endswith("?")


def heading_parts(block: str) -> tuple[str, str] | None:
    """``(number, title)`` when a block reads as a heading, else None.

    A heading is one short line that does not end like a sentence (a question is
    allowed), starts with a capital or a section number and is no code or navigation.

    Example:
        >>> heading_parts("Chapter 5. Securing services")
        ('5', 'Securing services')
        >>> heading_parts("How do I upgrade?")
        ('', 'How do I upgrade?')
        >>> heading_parts("Run apt update first."), heading_parts("Prev")
        (None, None)
    """
    text = clean(block)
    if "\n" in block.strip() or not text or len(text) > 90:
        return None
    # Sphinx puts a pilcrow link after each heading ("Device files¶").
    text = _MARKDOWN.sub("", text).rstrip("¶ ")
    number = ""
    match = _NUMBER.match(text)
    if match:
        number, text = match.group("number"), text[match.end() :]
    tokens = text.split()
    if not 1 <= len(tokens) <= 12 or text.lower() in _FURNITURE | _NOT_A_TITLE:
        return None
    if _CAPTION.match(text):
        return None
    if ". " in text or (text.endswith("?") and not _QUESTION.match(text)):
        return None
    if text.endswith((".", ",", ";", ":", "!")) or _NOT_TITLE.search(text):
        return None
    if not text[:1].isupper() and text[:1] not in "\"'(":
        return None
    if sum(ch.isalpha() for ch in text) < 0.6 * len(text.replace(" ", "")):
        return None
    labelled = _KNOWN_LABEL.sub("", text)
    # An unnumbered long line is more likely a fragment than a title, unless a sidebar's
    # label opens it ("TIP Installing the same selection of packages several times": its
    # text is the tip's, not the section's around it).
    if not number and len(tokens) > 8 and not text.endswith("?") and labelled == text:
        return None
    return number, labelled if labelled != text else _LABEL.sub("", text)


def sections(passage: str) -> list[Section]:
    """The sections that start inside ``passage`` and have prose under their heading.

    A heading directly followed by another heading (a table of contents) has no body and
    gives no section; the text before the first heading belongs to a section that began
    elsewhere and is not returned. An unnumbered heading counts only when a prose
    paragraph follows it, so a short list item is not taken for a title.

    Args:
        passage: A chunk of a loaded document, blocks separated by blank lines.

    Returns:
        The sections, in order; those with no clean sentence in their body are left out.

    Example:
        >>> toc = "Contents\\n\\n1. Intro\\n\\n1.1. Goals\\n\\n2. Setup\\n\\n"
        >>> body = "2. Setup\\n\\nInstall the package with apt before you start. Edit it."
        >>> [s.title for s in sections(toc + body)]
        ['Setup']
    """
    blocks = [b for b in _BLOCKS.split(passage) if b.strip()]
    found: list[tuple[int, str, str]] = []  # (block index, number, title)
    # Every heading-like block ends the body before it, even one not kept as a section.
    boundaries: list[int] = []
    for i, block in enumerate(blocks):
        parts = heading_parts(block)
        if parts is None:
            if clean(block).lower() in _FURNITURE:
                boundaries.append(i)
            continue
        boundaries.append(i)
        following = blocks[i + 1] if i + 1 < len(blocks) else ""
        if not parts[0] and not parts[1].endswith("?") and not _is_prose(following):
            continue
        found.append((i, *parts))
    found = _without_contents(found)
    out: list[Section] = []
    for i, number, title in found:
        end = next((b for b in boundaries if b > i), len(blocks))
        body_blocks = [clean(b) for b in blocks[i + 1 : end]]
        body = "\n\n".join(b for b in body_blocks if b)
        good = tuple(s for s in split_sentences(body) if is_good_sentence(s))
        if good:
            out.append(Section(clean(blocks[i]), title, number, body, good))
    return out


def _without_contents(found: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """Drop the headings of a table of contents, the last entry included.

    A run of headings with nothing between them is a table of contents unless each
    number nests in the one before ("5", "5.1", "5.1.1": a chapter opening on its first
    section). Without this, the last entry would take the chapter's introduction as body.
    """
    drop: set[int] = set()
    start = 0
    for k in range(1, len(found) + 1):
        if k < len(found) and found[k][0] == found[k - 1][0] + 1:
            continue
        run = found[start:k]
        nests = all(b[1].startswith(f"{a[1]}.") and bool(a[1]) for a, b in itertools.pairwise(run))
        if len(run) >= 2 and not nests:
            drop.update(range(start, k))
            # The first real heading may follow its own contents entry directly.
            if run[-1][1:] in [r[1:] for r in run[:-1]]:
                drop.discard(k - 1)
        start = k
    return [f for k, f in enumerate(found) if k not in drop]


def _is_prose(block: str) -> bool:
    """A paragraph of at least one clean sentence (what follows a real heading)."""
    return any(is_good_sentence(s) for s in split_sentences(block))
