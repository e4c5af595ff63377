"""Load files into Documents with langchain-community's loaders (the one place we use it)."""

from __future__ import annotations

import codecs
import os
import stat
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.documents import Document

from langchain_taskgen.loading.html import BlockHTMLLoader
from langchain_taskgen.loading.text import NotTextError, clean_text, guess_encoding

__all__ = [
    "SUPPORTED_SUFFIXES",
    "GuessedEncodingWarning",
    "LoadResult",
    "iter_files",
    "load_paths",
    "missing_paths",
    "source_name",
]

SUPPORTED_SUFFIXES = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".rst": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}


class GuessedEncodingWarning(UserWarning):
    """A text file was not UTF-8 and its encoding was guessed (it may read wrongly)."""


@dataclass
class LoadResult:
    """Documents loaded from paths, and what could not be loaded.

    Attributes:
        documents: The documents loaded.
        problems: One message per file found but not loaded (``skipped`` of them) and per
            other path that is no file (a FIFO, an unreadable folder, a folder without
            supported files, a path that does not exist), each naming the path.
        files: Files found (named, or inside the folders named).
        skipped: Files found but not loaded, by reason (``unsupported``, ``unreadable``,
            ``binary``, ``undecodable``, ``broken``, ``empty``).
        missing: The paths named that do not exist (each also in ``problems``, and not
            among ``files`` nor ``skipped``).
        warnings: One message per file that was loaded but may read wrongly (a guessed
            encoding), naming the file and the encoding used.
    """

    documents: list[Document] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    files: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def source_name(path: str | Path) -> str:
    """A file path as text that is always valid UTF-8 (the ``source`` of its documents).

    A name that is not UTF-8 (``caf\\xe9.txt`` written in Latin-1) reaches Python with
    lone surrogates, which no UTF-8 file can hold: its undecodable bytes are written as
    ``\\xNN`` escapes instead, the same way every time (the journal's keys depend on it).

    Example:
        >>> import os
        >>> source_name(os.fsdecode(b"d_caf\\xe9.txt"))
        'd_caf\\\\xe9.txt'
        >>> source_name("notes/été.txt")
        'notes/été.txt'
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


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
    guess = guess_encoding(path.read_bytes(), encoding, html=kind == "html")
    if guess.guessed:
        warn(
            f"{source_name(path)}: not UTF-8; read as {guess.encoding} ({guess.reason}). "
            "If its text reads wrongly, give the file's encoding: taskgen generate "
            "--encoding NAME, or encoding=NAME in load_paths and generate_file"
        )
    if kind == "text":
        return loaders.TextLoader(str(path), encoding=guess.encoding)
    return BlockHTMLLoader(path, guess.encoding)


def _kind_of(path: Path) -> str:
    mode = path.lstat().st_mode if path.is_symlink() and not path.exists() else None
    if mode is not None:
        return "broken symbolic link"
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return error.strerror or "unreadable"
    for test, name in (
        (stat.S_ISFIFO, "named pipe (FIFO)"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def missing_paths(paths: Iterable[str | Path]) -> list[str]:
    """The paths that do not exist (a broken symbolic link exists: it is named as such).

    Example:
        >>> missing_paths(["samples/corpus", "samples/corpsu"])
        ['samples/corpsu']
    """
    return [
        source_name(path) for path in map(Path, paths) if not (path.exists() or path.is_symlink())
    ]


def iter_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Expand directories recursively; returns the files and problems with the paths.

    Each file is listed once even when named twice (directly and through a directory, or
    through a symbolic link): files are de-duplicated by their real path. Unreadable
    subdirectories, FIFOs and other non-regular files are reported, not skipped silently.
    """
    files: list[Path] = []
    problems: list[str] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            files.append(path)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found: list[Path] = []

            def walk_error(error: OSError) -> None:
                problems.append(
                    f"{error.filename}: unreadable directory ({error.strerror or error})"
                )

            for folder, dirs, names in os.walk(path, onerror=walk_error):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in names:
                    if not name.startswith("."):
                        found.append(Path(folder) / name)
            supported = sorted(p for p in found if p.suffix.lower() in SUPPORTED_SUFFIXES)
            if not supported:
                problems.append(f"{path}: no supported files (.txt, .md, .html, .pdf) inside")
            for candidate in supported:
                if candidate.is_file():
                    add(candidate)
                else:
                    problems.append(f"{candidate}: {_kind_of(candidate)}, not a file")
        elif path.is_file():
            add(path)
        elif path.exists() or path.is_symlink():
            problems.append(f"{path}: {_kind_of(path)}, not a file")
        else:
            problems.append(f"{path}: no such file or directory")
    return files, problems


def _warn(message: str) -> None:
    # Pointing at the caller of load_paths: _warn, warn, _loader, _load_file, load_paths.
    warnings.warn(message, GuessedEncodingWarning, stacklevel=6)


def load_paths(
    paths: Iterable[str | Path],
    *,
    encoding: str | None = None,
    on_warning: Callable[[str], None] | None = None,
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
    files, problems = iter_files(paths)
    result = LoadResult(problems=problems, files=len(files), missing=missing_paths(paths))

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
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        message = f"{path}: unsupported extension {path.suffix or '(none)'!r} "
        _skip(result, "unsupported", message + f"(supported: {supported})")
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
