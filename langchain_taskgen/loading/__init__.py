"""Files in, LangChain Documents out: txt, md, html and pdf, directories recursively.

:mod:`~langchain_taskgen.loading.paths` expands paths (each file once, other paths
counted and named); :mod:`~langchain_taskgen.loading.files` loads each file, reporting the
ones it cannot load; :mod:`~langchain_taskgen.loading.text` detects encodings (a
byte-order mark, UTF-8, the caller's ``encoding``, else a guess that is warned about)
and cleans text; :mod:`~langchain_taskgen.loading.html` turns HTML into blocks of text.

Example:
    >>> from langchain_taskgen.loading import load_paths
    >>> load_paths(["samples/corpus/bsd-3-clause.txt"]).problems
    []
"""

from langchain_taskgen.loading.files import (
    SUPPORTED_SUFFIXES,
    Expanded,
    GuessedEncodingWarning,
    LoadResult,
    expand_paths,
    iter_files,
    load_paths,
    missing_paths,
)
from langchain_taskgen.loading.html import BlockHTMLLoader
from langchain_taskgen.loading.text import (
    EncodingGuess,
    NotTextError,
    clean_text,
    detect_encoding,
    guess_encoding,
    mostly_utf8,
)

__all__ = [
    "SUPPORTED_SUFFIXES",
    "BlockHTMLLoader",
    "EncodingGuess",
    "Expanded",
    "GuessedEncodingWarning",
    "LoadResult",
    "NotTextError",
    "clean_text",
    "detect_encoding",
    "expand_paths",
    "guess_encoding",
    "iter_files",
    "load_paths",
    "missing_paths",
    "mostly_utf8",
]
