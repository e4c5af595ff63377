"""Text files read right: encoding detection and text safe to chunk, hash and write."""

from __future__ import annotations

import codecs
from pathlib import Path

__all__ = ["NotTextError", "clean_text", "detect_encoding"]


class NotTextError(ValueError):
    """A file that should hold text does not (binary, or no known encoding fits)."""


_BOMS = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect_encoding(path: str | Path) -> str:
    """The text encoding of a file: a byte-order mark, else UTF-8, else charset-normalizer.

    Raises:
        NotTextError: If the file is binary (NUL bytes without a UTF-16/32 BOM) or no
            encoding fits.
        OSError: If the file cannot be read.

    Example:
        >>> detect_encoding("samples/corpus/bsd-3-clause.txt")
        'utf-8'
    """
    data = Path(path).read_bytes()
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    if b"\x00" in data[:8192]:
        raise NotTextError("binary file")
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise NotTextError("not text in any known encoding")
    return str(best.encoding)


def clean_text(text: str) -> str:
    """Text safe to chunk, hash and write as UTF-8: NULs removed, lone surrogates replaced.

    PDF text extraction can yield lone surrogates (pypdf decodes with ``surrogatepass``);
    they cannot be encoded, so they become U+FFFD; valid surrogate pairs are rejoined.

    Example:
        >>> clean_text("a" + chr(0) + "b" + chr(0xD800) + "c") == "ab" + chr(0xFFFD) + "c"
        True
    """
    text = text.replace("\x00", "")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text
