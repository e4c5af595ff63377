"""HTML pages as text that keeps its blocks apart, in one linear pass.

The page is read by the standard library's streaming ``html.parser`` (the tokenizer
BeautifulSoup's ``"html.parser"`` uses too); no tree is built. An earlier version built a
BeautifulSoup tree and inserted a break before and after every block element, which costs
a scan of the parent's children per insert: 16k ``<p>`` took 20 s and 200k nested
``<div>`` never finished. Here time is linear in the page and memory does not grow with
the nesting depth (``benchmarks/html_loader.py`` measures it).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from langchain_core.documents import Document

__all__ = ["BlockHTMLLoader", "html_to_text"]

# Elements that start a new block of text. Without breaks around them, headings, sidebar
# labels and list items run into the next sentence ("...obsoleteCULTURE Telnet and RSH").
_BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "title", "tr",
    "ul",
))  # fmt: skip
# Elements whose content is not text for a reader.
_SKIPPED_TAGS = frozenset(("script", "style", "noscript", "template"))
_BREAK = "\n\n"
# A heading's permalink (Sphinx's <a class="headerlink">¶</a>, or any link whose whole text
# is such a mark) is not text: kept, "Device files¶" became a title and a summary.
_PERMALINK_CLASSES = frozenset(("headerlink", "anchorjs-link", "permalink", "anchor-link"))
_PERMALINK_MARKS = frozenset(("¶", "§", "#", "🔗"))
# Page chrome: navigation bars, menus, tables of contents and page footers repeat on every
# page and are not the page's text. Kept, DocBook's "PrevChapter 6 ... Next6.3. The
# apt-cache Command" sat in passages, and a table of contents became mcqa options.
# Matched as whole class tokens (``toc``, never ``tocify-content``) on elements that are
# always closed, so that the end of the region is known.
_CHROME_CLASSES = frozenset((
    "breadcrumb", "breadcrumbs", "docnav", "footer", "mainmenu", "menu", "nav", "navbar",
    "navfooter", "navheader", "navigation", "nosearch", "related", "searchbox", "searchmenu",
    "sphinxsidebar", "submenu", "toc", "fancy_toc", "fancy-toc1", "fancy-toc2", "fancy-toc3",
    "fancy-toc4", "tagline",
))  # fmt: skip
_CHROME_ROLES = frozenset(("navigation", "banner", "contentinfo", "search"))
_CHROME_IDS = frozenset(
    ("banner", "breadcrumbs", "footer", "menu", "nav", "navigation", "searchmenu", "submenu")
)
# Not <section>, nor a docutils <div class="section">: their ids come from the headings,
# and a chapter's "Menu" or "Navigation" section is text.
_CHROME_CONTAINERS = frozenset(("aside", "div", "footer", "header", "nav", "ol", "table", "ul"))
# A page's "This page last modified on 2022-12-14 ..." line: a date, not text.
_STAMP = re.compile(
    r"^(?:this page|page|document)?\s*(?:was\s+)?last\s+(?:modified|updated|changed)\b", re.I
)


def _is_chrome(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
    if tag == "nav":
        return True
    if tag not in _CHROME_CONTAINERS:
        return False
    values = dict(attrs)
    classes = set((values.get("class") or "").lower().split())
    if "section" in classes:
        return False
    return (
        bool(classes & _CHROME_CLASSES)
        or (values.get("role") or "").lower() in _CHROME_ROLES
        or (values.get("id") or "").lower() in _CHROME_IDS
    )


def _title(parts: list[str]) -> str:
    # As BeautifulSoup's get_text(" ", strip=True) gave it (a no-break space inside kept).
    return " ".join(part.strip() for part in parts if part.strip())


class _BlockText(HTMLParser):
    """Collects text, a blank line at each block boundary, and the first ``<title>``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title_parts: list[str] | None = None
        self.title = ""
        # Open skipped elements (script, template ...): a counter, not a stack, so that
        # deep nesting costs no memory.
        self.skipping = 0
        # Inside <a> (links do not nest): whether it is a permalink, and its text so far.
        self.link: list[str] | None = None
        self.permalink = False
        # The open chrome region (navigation, menu, toc): its tag and how many of that tag
        # are open inside it, so its end is found without a stack. ``keep_chrome`` turns
        # the skipping off, for a page whose chrome is never closed.
        self.keep_chrome = False
        self.chrome_tag: str | None = None
        self.chrome_depth = 0
        # Characters of text left out as chrome, against those kept: an unclosed chrome
        # <div> closed by its parent's end tag would take the content with it.
        self.chrome_chars = 0
        self.kept_chars = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.chrome_tag is not None:
            self.chrome_depth += tag == self.chrome_tag
            return
        if not self.keep_chrome and not self.skipping and _is_chrome(tag, attrs):
            self.flush_link()
            self.chrome_tag, self.chrome_depth = tag, 1
            self.parts.append(_BREAK)
            return
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.flush_link()
            self.parts.append(_BREAK)
        elif tag == "a":
            self.flush_link()
            classes = set((dict(attrs).get("class") or "").split())
            self.link, self.permalink = [], bool(classes & _PERMALINK_CLASSES)
        if tag == "title" and not self.title and not self.skipping:
            self.title_parts = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <hr/>: a void element opens and closes at once.
        if tag in _BLOCK_TAGS and not self.skipping and self.chrome_tag is None:
            self.parts.append(_BREAK)

    def handle_endtag(self, tag: str) -> None:
        if self.chrome_tag is not None:
            if tag == self.chrome_tag:
                self.chrome_depth -= 1
                if not self.chrome_depth:
                    self.chrome_tag = None
                    self.link = None
            return
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.flush_link()
            self.parts.append(_BREAK)
        elif tag == "a":
            self.flush_link()
            self.link = None
        if tag == "title" and self.title_parts is not None:
            self.title = _title(self.title_parts)
            self.title_parts = None

    def handle_data(self, data: str) -> None:
        if self.chrome_tag is not None and not self.skipping:
            self.chrome_chars += len(data.strip())
        if self.skipping or self.chrome_tag is not None:
            return
        self.kept_chars += len(data.strip())
        if self.title_parts is not None:
            self.title_parts.append(data)
        if self.link is not None:  # held until </a> or a block: a permalink's mark is dropped
            self.link.append(data)
            return
        self.parts.append(data)

    def flush_link(self) -> None:
        """The text held inside an open ``<a>``, unless it is a permalink's mark."""
        if self.link:
            text = "".join(self.link)
            if not self.permalink and text.strip() not in _PERMALINK_MARKS:
                self.parts.append(text)
            self.link = []


def html_to_text(html: str) -> tuple[str, str]:
    r"""The text of an HTML page, one blank line between blocks, and its title.

    Example:
        >>> html_to_text("<title>T</title><h2>Setup</h2><p>Run <b>apt</b>.<script>x()</script>")
        ('T\n\nSetup\n\nRun apt.', 'T')
        >>> html_to_text('<h2>Devices<a class="headerlink" href="#d">¶</a></h2><a href="x">See</a>')
        ('Devices\n\nSee', '')
        >>> html_to_text('<ul class="docnav"><li>Prev</li></ul><p>Run apt.</p><nav>Up</nav>')
        ('Run apt.', '')
    """
    parser = _parse(html, keep_chrome=False)
    # A chrome region never closed, or "chrome" that holds most of the page (an unclosed
    # navigation <div> ended by the content's wrapper, content inside a div named "nav"):
    # keep it all, lose no text.
    if parser.chrome_tag is not None or parser.chrome_chars > parser.kept_chars:
        parser = _parse(html, keep_chrome=True)
    blocks = (" ".join(block.split()) for block in "".join(parser.parts).split(_BREAK))
    return _BREAK.join(b for b in blocks if b and not _is_stamp(b)), parser.title


def _parse(html: str, keep_chrome: bool) -> _BlockText:
    parser = _BlockText()
    parser.keep_chrome = keep_chrome
    parser.feed(html)
    parser.close()
    parser.flush_link()  # an <a> never closed
    if parser.title_parts is not None:  # <title> never closed
        parser.title = _title(parser.title_parts)
    return parser


def _is_stamp(block: str) -> bool:
    # A date in it: "Last modified files are copied first." and a "Last modified" column
    # header are text.
    return len(block) < 80 and bool(_STAMP.match(block)) and any(c.isdigit() for c in block)


class BlockHTMLLoader:
    r"""Load an HTML file as one Document, one blank line between blocks.

    Paragraphs, headings and list items stay apart; scripts and styles are dropped;
    ``title`` metadata comes from ``<title>``. Linear in the size of the page, whatever
    its nesting.

    Example:
        >>> import tempfile, pathlib
        >>> page = pathlib.Path(tempfile.mkdtemp()) / "a.html"
        >>> _ = page.write_text("<h2>Setup</h2><p>Run the <code>apt</code> tool.</p>")
        >>> BlockHTMLLoader(page).load()[0].page_content
        'Setup\n\nRun the apt tool.'
    """

    def __init__(self, path: str | Path, encoding: str = "utf-8") -> None:
        self.path = Path(path)
        self.encoding = encoding

    def load(self) -> list[Document]:
        """Read and convert the file."""
        with open(self.path, encoding=self.encoding, errors="replace") as handle:
            text, title = html_to_text(handle.read())
        return [Document(page_content=text, metadata={"title": title})]
