"""HTML pages as text that keeps its blocks apart (BeautifulSoup, imported on load)."""

from __future__ import annotations

from pathlib import Path

from langchain_core.documents import Document

__all__ = ["BlockHTMLLoader"]

# Elements that start a new block of text. Without breaks around them, headings, sidebar
# labels and list items run into the next sentence ("...obsoleteCULTURE Telnet and RSH").
_BLOCK_TAGS = (
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "title", "tr",
    "ul",
)  # fmt: skip


class BlockHTMLLoader:
    r"""Load an HTML file as one Document, one blank line between blocks.

    Paragraphs, headings and list items stay apart; scripts and styles are dropped;
    ``title`` metadata comes from ``<title>``.

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
        from bs4 import BeautifulSoup

        with open(self.path, encoding=self.encoding, errors="replace") as handle:
            soup = BeautifulSoup(handle.read(), "html.parser")
        title = soup.title.get_text(" ", strip=True) if soup.title else ""
        for tag in soup(["script", "style", "noscript", "template"]):
            tag.decompose()
        for tag in soup.find_all(_BLOCK_TAGS):
            tag.insert_before("\n\n")
            tag.insert_after("\n\n")
        blocks = [" ".join(b.split()) for b in soup.get_text().split("\n\n")]
        text = "\n\n".join(b for b in blocks if b)
        return [Document(page_content=text, metadata={"title": title})]
