"""Load files into Documents with langchain-community's loaders (the one place we use it)."""

from __future__ import annotations

import codecs
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.documents import Document

from langchain_taskgen.loading.html import html_to_text
from langchain_taskgen.loading.paths import (
    SUPPORTED_SUFFIXES,
    Expanded,
    expand_paths,
    iter_files,
    missing_paths,
    source_name,
    unsupported_message,
)
from langchain_taskgen.loading.text import (
    CP1252_FALLBACK,
    NotTextError,
    clean_text,
    guess_encoding,
)

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Expanded",
    "GuessedEncodingWarning",
    "LoadResult",
    "expand_paths",
    "iter_files",
    "load_paths",
    "missing_paths",
    "source_name",
]


class GuessedEncodingWarning(UserWarning):
    """A text file was not UTF-8 and its encoding was guessed (it may read wrongly)."""


@dataclass
class LoadResult:
    """Documents loaded from paths, and what could not be loaded.

    Attributes:
        documents: The documents loaded.
        problems: One message per file found but not loaded (``skipped`` of them; more
            than 3 of unsupported extensions in a folder are one message for them) and
            per other path that is no file (``not_files`` of them), each naming the path.
        files: Files found (named, or inside the folders named, unsupported ones too).
        skipped: Files found but not loaded, by reason (``unsupported``, ``unreadable``,
            ``binary``, ``undecodable``, ``broken``, ``empty``).
        missing: The paths named that do not exist (each also in ``problems``, and not
            among ``files`` nor ``skipped``).
        warnings: One message per file that was loaded but may read wrongly (a guessed
            encoding, or UTF-8 with stray bytes), naming the file and the encoding used.
        not_files: Paths that are no file (each once, however often named: a FIFO, a
            broken link, an unreadable folder, a folder without supported files, a path
            that does not exist).
    """

    documents: list[Document] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    files: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    not_files: int = 0


def _clean_document(doc: Document) -> Document:
    doc.page_content = clean_text(doc.page_content)
    doc.metadata = {
        key: clean_text(value) if isinstance(value, str) else value
        for key, value in doc.metadata.items()
    }
    return doc


def _loader(path: Path, kind: str, encoding: str | None, warn: Callable[[str], None]) -> Any:
    with warnings.catch_warnings():
        # langchain-community announces its sunset on import; it is still the loader set
        # users have, kept behind this one module.
        warnings.simplefilter("ignore", DeprecationWarning)
        from langchain_community import document_loaders as loaders
    if kind == "pdf":
        return loaders.PyPDFLoader(str(path), mode="single")
    data = path.read_bytes()
    guess = guess_encoding(data, encoding, html=kind == "html")
    if guess.errors == CP1252_FALLBACK:
        warn(
            f"{source_name(path)}: mostly UTF-8; {guess.reason}. If that text reads "
            "wrongly, fix those bytes, or give the file's encoding: taskgen generate "
            "--encoding NAME, or encoding=NAME in load_paths and generate_file"
        )
    elif guess.guessed:
        warn(
            f"{source_name(path)}: not UTF-8; read as {guess.encoding} ({guess.reason}). "
            "If its text reads wrongly, give the file's encoding: taskgen generate "
            "--encoding NAME, or encoding=NAME in load_paths and generate_file"
        )
    # Decoded here, once, the same way for text and HTML: a file the guess accepted
    # cannot fail later in a loader's own decoding (as UTF-16 without BOM did in open()).
    text = guess.decode(data)
    if kind == "text":
        return _Loaded([Document(page_content=text, metadata={"source": str(path)})])
    content, title = html_to_text(text)
    return _Loaded([Document(page_content=content, metadata={"title": title})])


@dataclass
class _Loaded:
    """Documents already read, behind a loader's ``load``."""

    documents: list[Document]

    def load(self) -> list[Document]:
        return self.documents


def _warn(message: str) -> None:
    # Pointing at the caller of load_paths: _warn, warn, _loader, _load_file, load_paths.
    warnings.warn(message, GuessedEncodingWarning, stacklevel=6)


def load_paths(
    paths: Iterable[str | Path],
    *,
    encoding: str | None = None,
    on_warning: Callable[[str], None] | None = None,
    outputs: Iterable[str | Path] = (),
) -> LoadResult:
    """Load txt, md, html and pdf files (directories recursively) into Documents.

    A file that cannot be loaded (unsupported extension, binary, unreadable, broken,
    empty or without extractable text) is reported in ``problems``, naming the file,
    and the rest still load; a path that does not exist is reported there too, and
    listed in ``missing``. Text encodings: a byte-order mark, else UTF-8 where the bytes
    are valid UTF-8, else ``encoding``, else a guess (see
    :mod:`~langchain_taskgen.loading.text`), which is warned about: one message per
    file, naming it and the encoding used, in ``warnings`` and to ``on_warning``
    (default: a :class:`GuessedEncodingWarning`). NUL characters are removed and lone
    surrogates replaced. Each document's metadata has ``source`` (the file path) and
    whatever the loader adds (e.g. PDF page counts).

    Args:
        paths: Files and folders (searched recursively).
        encoding: The encoding of text and HTML files that have no byte-order mark and
            are not UTF-8 (``None``: guess and warn). A file it cannot decode is skipped,
            named in ``problems``.
        on_warning: Receives each warning message.
        outputs: Files the caller writes (see :func:`expand_paths`): not counted as
            unsupported files when they lie in a folder named.

    Raises:
        LookupError: If ``encoding`` is no codec Python knows.

    Example:
        >>> result = load_paths(["samples/corpus/bsd-3-clause.txt", "samples/nope.txt"])
        >>> result.documents[0].metadata["source"], result.missing
        ('samples/corpus/bsd-3-clause.txt', ['samples/nope.txt'])
        >>> result.problems
        ['samples/nope.txt: no such file or directory']
    """
    if encoding is not None:
        codecs.lookup(encoding)
    paths = list(paths)
    expanded = expand_paths(paths, outputs)
    files = expanded.files
    result = LoadResult(
        problems=expanded.problems,
        files=len(files) + expanded.unsupported,
        missing=missing_paths(paths),
        not_files=expanded.not_files,
    )
    if expanded.unsupported:
        result.skipped["unsupported"] += expanded.unsupported

    def warn(message: str) -> None:
        result.warnings.append(message)
        (on_warning or _warn)(message)

    for path in files:
        _load_file(path, result, encoding, warn)
    return result


def _skip(result: LoadResult, reason: str, message: str) -> None:
    result.skipped[reason] += 1
    result.problems.append(message)


def _load_file(
    path: Path, result: LoadResult, encoding: str | None, warn: Callable[[str], None]
) -> None:
    """Load one file into ``result``: its documents, or one problem naming it."""
    kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
    if kind is None:
        _skip(result, "unsupported", unsupported_message(path))
        return
    try:
        docs = [_clean_document(d) for d in _loader(path, kind, encoding, warn).load()]
    except PermissionError:
        _skip(result, "unreadable", f"{path}: unreadable (permission denied)")
        return
    except NotTextError as error:
        # "binary file" says what the file is; the other messages say what is wrong.
        binary = str(error) == "binary file"
        message = f"{path}: {error}" + (f", not {kind}" if binary else "")
        _skip(result, "binary" if binary else "undecodable", message)
        return
    except Exception as error:  # noqa: BLE001 - one bad file must not stop the others
        _skip(result, "broken", f"{path}: cannot load: {type(error).__name__}: {error}")
        return
    if not any(d.page_content.strip() for d in docs):
        what = "no extractable text (scanned images?)" if kind == "pdf" else "empty (no text)"
        _skip(result, "empty", f"{path}: {what}")
        return
    for doc in docs:
        doc.metadata["source"] = source_name(path)
    result.documents += docs
