"""Text files read right: encoding detection and text safe to chunk, hash and write.

The encoding of a text or HTML file is decided in this order:

1. a byte-order mark (UTF-8, UTF-16, UTF-32): certain;
2. UTF-8, when the bytes decode as UTF-8 strictly: certain (text in other encodings
   is almost never valid UTF-8 by chance);
3. UTF-8 with a few stray bytes, when the file is mostly UTF-8 (see
   :func:`mostly_utf8`): each invalid byte is read as Windows-1252 (the usual mix: a
   Latin-1 line pasted into a UTF-8 file), warned about with the count and the first
   line; with the caller's ``encoding`` UTF-8 every invalid byte is read so, as the user
   said the file is UTF-8;
4. the caller's ``encoding`` (``taskgen generate --encoding``), when given: it must
   decode the bytes strictly;
5. for HTML, the charset its ``<meta>`` tag declares, where it decodes the bytes
   (``ISO-8859-1`` read as Windows-1252, as browsers do) and, for a Latin code page, its
   accented letters fit one language of it (else the first code page of step 6 that
   fits, warned about: the declaration looked wrong; where none fits, the declaration
   stands);
6. otherwise a guess, warned about: the first of Windows-1252 (Western European, a
   superset of Latin-1 for text), Windows-1250 (Central European), Windows-1257
   (Baltic) and Windows-1254 (Turkish) whose reading of the bytes is plausible (every
   accented letter belongs to one language's alphabet of that code page, and no symbol
   sits inside a word, as "¹" and "¿" do when Polish is read as Western), else
   charset-normalizer's best match (also first where that is a multi-byte encoding).

Charset-normalizer alone is not enough for the Latin code pages: on short text its
measures tie between them and its pick among the ties is arbitrary ("crème" in Latin-1
came back as cp1250's "crčme", "Crème" as the EBCDIC cp037), and on longer Czech text it
took cp1252. The code pages agree on most letters (é, á, ö, ü ...), so where the
readings differ the letters that differ tell the languages apart: Czech read as cp1252
mixes ì, ù and ø in one text, which no Western language does.

Only steps 3, 5 (a declaration overruled) and 6 are guesses, and every guess is reported
(:func:`guess_encoding` says which rule decided) so the loader can warn and name the
option that fixes a wrong one.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

__all__ = [
    "CP1252_FALLBACK",
    "EncodingGuess",
    "NotTextError",
    "clean_text",
    "declared_encoding",
    "detect_encoding",
    "guess_encoding",
    "mostly_utf8",
]


class NotTextError(ValueError):
    """A file that should hold text does not (binary, or no known encoding fits)."""


# Invalid UTF-8 bytes read as Windows-1252 (its 5 undefined bytes as U+FFFD): the error
# handler of step 3, registered so any codec call can name it.
CP1252_FALLBACK = "taskgen-cp1252"


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return error.object[error.start : error.end].decode("cp1252", "replace"), error.end


codecs.register_error(CP1252_FALLBACK, _cp1252_fallback)


_BOMS = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The single-byte code pages tried in order, each with the accented letters of the
# languages it is used for (one language's letters must cover a text's).
_CODE_PAGES: dict[str, tuple[str, ...]] = {
    "cp1252": (
        "àâæçéèêëîïôœùûüÿ",  # French
        "äöüßé",  # German
        "áéíóúñü",  # Spanish
        "áâãàçéêíóôõú",  # Portuguese
        "àèéìíîòóùú",  # Italian
        "àçéèíïòóúü",  # Catalan
        "áéíóúàèëïöü",  # Dutch
        "æøåéóü",  # Danish, Norwegian
        "åäöéü",  # Swedish, Finnish
        "áðéíóúýþæö",  # Icelandic
    ),
    "cp1250": (
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "ąćęłńóśźż",  # Polish
        "áéíóöőúüű",  # Hungarian
        "čćđšžé",  # Slovenian, Croatian, Bosnian
        "ăâîșțşţ",  # Romanian
    ),
    "cp1257": (
        "ąčęėįšųūž",  # Lithuanian
        "āčēģīķļņšūž",  # Latvian
        "äõöüšž",  # Estonian
    ),
    "cp1254": ("çğıöşüâîû",),  # Turkish
}
# Declared Latin code pages (Python's codec names) and the alphabets their text must fit.
_DECLARABLE = {
    "cp1252": _CODE_PAGES["cp1252"],
    "iso8859-15": _CODE_PAGES["cp1252"],
    "cp1250": _CODE_PAGES["cp1250"],
    "iso8859-2": _CODE_PAGES["cp1250"],
    "cp1257": _CODE_PAGES["cp1257"],
    "iso8859-13": _CODE_PAGES["cp1257"],
    "iso8859-4": _CODE_PAGES["cp1257"],
    "cp1254": _CODE_PAGES["cp1254"],
    "iso8859-9": _CODE_PAGES["cp1254"],
}
_NAMES = {
    "cp1252": "Western European",
    "cp1250": "Central European",
    "cp1257": "Baltic",
    "cp1254": "Turkish",
}
# Non-letters that may touch a letter: quotes, dashes, the ellipsis, degrees, no-break space.
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_TOUCHING = frozenset("’‘“”«»–—…°·\xa0")


@dataclass(frozen=True)
class EncodingGuess:
    """How a file's bytes are decoded, and whether that was a guess.

    Attributes:
        encoding: A Python codec name (``"utf-8"``, ``"utf-16"``, ``"cp1252"`` ...).
        guessed: ``True`` when no byte-order mark, valid UTF-8 or caller's choice decided:
            the text may be decoded wrongly and the loader warns.
        reason: Which rule decided, in words.
        errors: The codec error handler to decode with: ``"strict"``, or
            :data:`CP1252_FALLBACK` for UTF-8 with stray bytes (step 3).
    """

    encoding: str
    guessed: bool
    reason: str
    errors: str = "strict"

    def decode(self, data: bytes) -> str:
        r"""The text of ``data``, line ends made ``\n`` (as a file opened in text mode).

        Example:
            >>> guess = EncodingGuess("utf-8", True, "stray bytes", CP1252_FALLBACK)
            >>> guess.decode(b"caf\xe9\r\n\xe2\x80\x94")
            'café\n—'
        """
        text = data.decode(self.encoding, self.errors)
        return text.replace("\r\n", "\n").replace("\r", "\n")


# UTF-8 read with surrogateescape turns each invalid byte into one of these.
_ESCAPED = re.compile("[\udc80-\udcff]")
_ASCII_BYTES = bytes(range(128))


def mostly_utf8(data: bytes) -> tuple[int, int] | None:
    r"""Whether bytes that are not valid UTF-8 are mostly UTF-8: the stray bytes and line.

    Mostly UTF-8: the invalid bytes are at most 1 % of the non-ASCII bytes, or at most 5
    while the valid multi-byte sequences are at least twice as many. Valid multi-byte
    UTF-8 is almost never made by chance by another encoding, so many of them around a
    few stray bytes say the file is UTF-8 with a pasted-in line; a Latin-1 file has none.

    Returns:
        The number of invalid bytes and the line of the first, or ``None``.

    Example:
        >>> mostly_utf8(("“Quoted” — " * 20).encode("utf-8") + "\nVoilà.".encode("latin-1"))
        (1, 2)
        >>> mostly_utf8("Une crème brûlée.".encode("latin-1")) is None
        True
    """
    text = data.decode("utf-8", "surrogateescape")
    first = _ESCAPED.search(text)
    if first is None:
        return None
    bad = len(_ESCAPED.findall(text))
    # Counted without a list per character: a large file costs a few linear passes.
    non_ascii_bytes = len(data.translate(None, _ASCII_BYTES))  # the ASCII bytes deleted
    sequences = len(text) - len(text.encode("ascii", "ignore")) - bad
    if bad * 100 <= non_ascii_bytes or (bad <= 5 and sequences >= 2 * bad):
        return bad, text.count("\n", 0, first.start()) + 1
    return None


def plausible(text: str, alphabets: tuple[str, ...]) -> bool:
    """Whether one language's alphabet covers the accented letters of ``text``.

    Also refused: a non-ASCII symbol inside or at the end of a word ("mo¿e", "rodz¹"),
    and control characters.

    Example:
        >>> plausible("Une crème brûlée.", _CODE_PAGES["cp1252"])
        True
        >>> plausible("Všichni lidé rodí se svobodní a sobì rovní.", _CODE_PAGES["cp1252"])
        False
    """
    letters = set()
    # Only the non-ASCII characters are looked at: a large file costs one regex pass.
    for match in _NON_ASCII.finditer(text):
        i, ch = match.start(), match.group()
        if ch.isalpha():
            letters.add(ch.lower())
            continue
        if unicodedata.category(ch).startswith("C"):
            return False
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opening = ch in "¿¡" and not before.isalpha()  # "¿Qué?", not "mo¿e"
        if (before.isalpha() or after.isalpha()) and ch not in _TOUCHING and not opening:
            return False
    return any(letters <= set(alphabet) for alphabet in alphabets)


# <meta charset="..."> or <meta http-equiv="Content-Type" content="...; charset=...">.
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
# As browsers read these labels (WHATWG Encoding): Latin-1 and ASCII pages are Windows-1252.
_AS_BROWSERS_READ = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252"}


def declared_encoding(data: bytes) -> str | None:
    """The encoding an HTML page declares in a ``<meta>`` tag of its first 4 KiB.

    Example:
        >>> declared_encoding(b'<html><head><meta charset="windows-1250">')
        'windows-1250'
        >>> declared_encoding(b'<meta http-equiv="Content-Type" content="text/html; '
        ...                   b'charset=ISO-8859-1">')
        'cp1252'
        >>> declared_encoding(b"<p>no declaration</p>") is None
        True
    """
    match = _META_CHARSET.search(data[:4096])
    if match is None:
        return None
    label = match.group(1).decode("ascii").lower()
    try:
        codecs.lookup(label)
    except LookupError:
        return None  # an unknown label declares nothing usable: guess instead
    return _AS_BROWSERS_READ.get(label, label)


def guess_encoding(
    data: bytes, encoding: str | None = None, *, html: bool = False
) -> EncodingGuess:
    """The encoding of a text file's bytes (see the module's docstring for the order).

    Args:
        data: The file's bytes.
        encoding: The encoding to use where neither a byte-order mark nor UTF-8 decides
            (``None``: guess). Given, NUL bytes are binary only where it does not read
            them as text (UTF-16 without BOM); given UTF-8, bytes that are not UTF-8 are
            read as Windows-1252 and warned about, not refused.
        html: The bytes are an HTML page: a ``<meta>`` charset it declares, where it
            decodes the bytes, is used before any guess.

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
        >>> given = guess_encoding("crème".encode("latin-1"), "latin-1")
        >>> given.encoding, given.guessed, given.reason
        ('latin-1', False, 'the encoding given')
    """
    if encoding is not None:
        codecs.lookup(encoding)  # an unknown name fails here, before any file is read
    for bom, name in _BOMS:
        if data.startswith(bom):
            return EncodingGuess(name, False, "byte-order mark")
    if b"\x00" in data[:8192]:
        # NUL bytes: binary, unless the encoding given reads them as text (UTF-16 ...).
        if encoding is not None and _decodes_as_text(data, encoding):
            return EncodingGuess(encoding, False, "the encoding given")
        raise NotTextError("binary file")
    try:
        data.decode("utf-8")
        return EncodingGuess("utf-8", False, "valid UTF-8")
    except UnicodeDecodeError as error:
        first_bad = error.start
    given_utf8 = encoding is not None and codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")
    stray = mostly_utf8(data)
    if stray is None and given_utf8:  # the user says UTF-8: every invalid byte is stray
        bad = len(_ESCAPED.findall(data.decode("utf-8", "surrogateescape")))
        stray = bad, data.count(b"\n", 0, first_bad) + 1
    if stray is not None:
        bad, line = stray
        reason = f"{bad} byte{'s' if bad > 1 else ''} not UTF-8 (the first on line {line}) "
        reason += "read as Windows-1252"
        return EncodingGuess("utf-8", True, reason, CP1252_FALLBACK)
    if encoding is not None:
        try:
            data.decode(encoding)
        except UnicodeDecodeError as error:
            raise NotTextError(
                f"not {encoding}: byte {data[error.start]:#04x} at offset {error.start} "
                "does not decode"
            ) from None
        return EncodingGuess(encoding, False, "the encoding given")
    wrong = ""
    if html and (declared := declared_encoding(data)) is not None:
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            wrong = f"the page declares {declared}, wrongly: its bytes do not decode in it; "
        else:
            alphabets = _DECLARABLE.get(codecs.lookup(declared).name)
            if alphabets is not None and not plausible(text, alphabets):
                if (other := _fitting_code_page(data)) is not None:
                    wrong = f"the page declares {declared}, wrongly: its accented letters "
                    wrong += f"fit no language of it; {_NAMES[other]}: they fit one language"
                    return EncodingGuess(other, True, wrong)
            # No code page fits better (a page in two languages): the declaration stands.
            return EncodingGuess(declared, False, "declared in the page")
    guess = _guess(data)
    return replace(guess, reason=wrong + guess.reason)


def _decodes_as_text(data: bytes, encoding: str) -> bool:
    try:
        return "\x00" not in data.decode(encoding)[:8192]
    except UnicodeDecodeError:
        return False


def _fitting_code_page(data: bytes) -> str | None:
    """The first Latin code page in whose reading of ``data`` one language fits."""
    for name, alphabets in _CODE_PAGES.items():
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if plausible(text, alphabets):
            return name
    return None


def _guess(data: bytes) -> EncodingGuess:
    """Step 6: the first Latin code page that fits, else charset-normalizer's guess."""
    from charset_normalizer import from_bytes
    from charset_normalizer.utils import is_multi_byte_encoding

    best = from_bytes(data).best()
    if best is None:
        raise NotTextError("not text in any known encoding")
    guessed = str(best.encoding)
    name = None if is_multi_byte_encoding(guessed) else _fitting_code_page(data)
    if name is None:
        try:  # its guess comes from samples of the file: the rest may not decode
            data.decode(guessed)
        except UnicodeDecodeError:
            reason = "charset-normalizer's guess, bytes it cannot decode as U+FFFD"
            return EncodingGuess(guessed, True, reason, "replace")
        return EncodingGuess(guessed, True, "charset-normalizer's guess")
    agrees = name == guessed or name in best.could_be_from_charset
    how = "agrees" if agrees else f"guessed {guessed}"
    reason = f"{_NAMES[name]}: its accented letters fit one language; charset-normalizer {how}"
    return EncodingGuess(name, True, reason)


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
