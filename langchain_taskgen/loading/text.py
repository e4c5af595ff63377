"""Text files read right: encoding detection and text safe to chunk, hash and write.

The encoding of a text or HTML file is decided in this order:

1. a byte-order mark (UTF-8, UTF-16, UTF-32): certain;
2. UTF-8, when the bytes decode as UTF-8 strictly: certain (other encodings rarely
   produce valid UTF-8 by chance);
3. the caller's ``encoding`` (``taskgen generate --encoding``), when given: it must
   decode the bytes strictly;
4. otherwise a guess: charset-normalizer's best match, except that Windows-1252 (a
   superset of Latin-1 for text) is preferred where it reads the bytes as well as the
   guess does (the same chaos, at least the same language coherence) into printable
   characters. On short text charset-normalizer's measures tie between code pages and
   its pick among the ties is arbitrary ("crème" in Latin-1 came back as cp1250's
   "crčme"); most legacy non-UTF-8 text is Western European. A real Czech text in
   cp1250 scores a higher coherence as cp1250 and keeps it.

Only step 4 is a guess, and every guess is reported (:func:`guess_encoding` says which
step decided) so the loader can warn and name the option that fixes a wrong one.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass
from pathlib import Path

__all__ = ["EncodingGuess", "NotTextError", "clean_text", "detect_encoding", "guess_encoding"]


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
_WESTERN = "cp1252"
# charset-normalizer's coherence is a ratio of a few letter frequencies: equal values
# print alike but may differ in the last digits.
_TIE = 1e-3


@dataclass(frozen=True)
class EncodingGuess:
    """How a file's bytes are decoded, and whether that was a guess.

    Attributes:
        encoding: A Python codec name (``"utf-8"``, ``"utf-16"``, ``"cp1252"`` ...).
        guessed: ``True`` when no byte-order mark, valid UTF-8 or caller's choice decided:
            the text may be decoded wrongly and the loader warns.
        reason: Which rule decided, in words.
    """

    encoding: str
    guessed: bool
    reason: str


def _printable(text: str) -> bool:
    """Whether every non-ASCII character is a letter, digit, mark, symbol or punctuation."""
    return all(
        ch.isascii() or not unicodedata.category(ch).startswith("C") or ch in "\t\n\r"
        for ch in text
    )


def guess_encoding(data: bytes, encoding: str | None = None) -> EncodingGuess:
    """The encoding of a text file's bytes (see the module's docstring for the order).

    Args:
        data: The file's bytes.
        encoding: The encoding to use where neither a byte-order mark nor UTF-8 decides
            (``None``: guess).

    Raises:
        NotTextError: If the bytes are binary (NUL bytes without a UTF-16/32 BOM), do not
            decode in ``encoding``, or fit no known encoding.
        LookupError: If ``encoding`` is no codec Python knows.

    Example:
        >>> guess_encoding("crème".encode("utf-8")).encoding
        'utf-8'
        >>> guess = guess_encoding("Une crème brûlée.".encode("latin-1"))
        >>> guess.encoding, guess.guessed
        ('cp1252', True)
        >>> guess_encoding("crème".encode("latin-1"), "latin-1")
        EncodingGuess(encoding='latin-1', guessed=False, reason='the encoding given')
    """
    if encoding is not None:
        codecs.lookup(encoding)  # an unknown name fails here, before any file is read
    for bom, name in _BOMS:
        if data.startswith(bom):
            return EncodingGuess(name, False, "byte-order mark")
    if b"\x00" in data[:8192]:
        raise NotTextError("binary file")
    try:
        data.decode("utf-8")
        return EncodingGuess("utf-8", False, "valid UTF-8")
    except UnicodeDecodeError:
        pass
    if encoding is not None:
        try:
            data.decode(encoding)
        except UnicodeDecodeError as error:
            raise NotTextError(
                f"not {encoding}: byte {data[error.start]:#04x} at offset {error.start} "
                "does not decode"
            ) from None
        return EncodingGuess(encoding, False, "the encoding given")
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise NotTextError("not text in any known encoding")
    if best.encoding == _WESTERN or _WESTERN in best.could_be_from_charset:
        return EncodingGuess(_WESTERN, True, "guessed by charset-normalizer")
    western = next((m for m in matches if m.encoding == _WESTERN), None)
    if (
        western is not None
        and western.chaos <= best.chaos
        and western.coherence >= best.coherence - _TIE
        and _printable(str(western))
    ):
        reason = (
            f"Western European: it reads as well as charset-normalizer's guess, {best.encoding}"
        )
        return EncodingGuess(_WESTERN, True, reason)
    return EncodingGuess(str(best.encoding), True, "guessed by charset-normalizer")


def detect_encoding(path: str | Path, encoding: str | None = None) -> str:
    """The text encoding of a file (:func:`guess_encoding` on its bytes).

    Raises:
        NotTextError: If the file is binary (NUL bytes without a UTF-16/32 BOM), does
            not decode in ``encoding``, or no encoding fits.
        OSError: If the file cannot be read.

    Example:
        >>> detect_encoding("samples/corpus/bsd-3-clause.txt")
        'utf-8'
    """
    return guess_encoding(Path(path).read_bytes(), encoding).encoding


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
