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

from langchain_taskgen.loading.html import html_to_text
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
    through a symbolic link): files are de-duplicated by their real path, and so are
    FIFOs, broken links and other paths that are no file (each is one problem). Files
    inside folders whose extension is not supported are not listed but named in problems
    (more than 3 in a folder: one problem counts them; :func:`expand_paths` gives their
    number).

    Example:
        >>> files, problems = iter_files(["samples/corpus", "samples/corpus/cc0-1.0.txt"])
        >>> len(files) == len(set(files)), problems
        (True, [])
    """
    expanded = expand_paths(paths)
    return expanded.files, expanded.problems


@dataclass
class Expanded:
    """Paths expanded: the files to load and what else was found.

    Attributes:
        files: Files to load (named, or with a supported extension inside folders).
        problems: One message per path that is no file, per unreadable or empty folder
            and per file of an unsupported extension (more than 3 in a folder: one
            message for them all).
        not_files: How many paths were no files (the first kind of ``problems``).
        unsupported: Files of unsupported extensions inside the folders named.
    """

    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    not_files: int = 0
    unsupported: int = 0


def _suffixes() -> str:
    return ", ".join(sorted(SUPPORTED_SUFFIXES))


def _unsupported(path: Path) -> str:
    return f"{path}: unsupported extension {path.suffix or '(none)'!r} (supported: {_suffixes()})"


def _unsupported_notes(folder: Path, found: list[Path]) -> list[str]:
    """One message per file of an unsupported extension, or one for them all if many."""
    if len(found) <= _NAMED_UNSUPPORTED:
        return [_unsupported(path) for path in found]
    by_suffix = Counter(p.suffix.lower() or "(none)" for p in found)
    kinds = ", ".join(f"{suffix}: {n}" for suffix, n in sorted(by_suffix.items()))
    examples = ", ".join(str(p) for p in found[:3])
    return [
        f"{folder}: {len(found)} files of unsupported extensions skipped ({kinds}; e.g. "
        f"{examples}); supported: {_suffixes()}"
    ]


# Up to this many unsupported files in a folder are named one by one, more are summed up.
_NAMED_UNSUPPORTED = 3


def expand_paths(paths: Iterable[str | Path], outputs: Iterable[str | Path] = ()) -> Expanded:
    """:func:`iter_files`, with the number of non-files and of unsupported files.

    ``outputs`` are files the caller writes (a run's pairs file): inside the folders
    named, such a file and those whose name starts with its name (``pairs.jsonl.lock``,
    ``pairs.jsonl.journal``) are not counted as unsupported files.

    Example:
        >>> expanded = expand_paths(["samples/corpus", "samples/no-such"])
        >>> expanded.not_files, expanded.unsupported
        (1, 0)
    """
    result = Expanded()
    seen: set[str] = set()
    own = [os.path.realpath(path) for path in outputs]

    def is_own(path: Path) -> bool:
        real = os.path.realpath(path)
        return any(real == out or real.startswith(out + ".") for out in own)

    def first_time(path: Path) -> bool:
        real = os.path.realpath(path)
        if real in seen:
            return False
        seen.add(real)
        return True

    def not_a_file(path: Path, what: str) -> None:
        if first_time(path):
            result.problems.append(f"{path}: {what}")
            result.not_files += 1

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found: list[Path] = []

            def walk_error(error: OSError) -> None:
                result.problems.append(
                    f"{error.filename}: unreadable directory ({error.strerror or error})"
                )
                result.not_files += 1

            for folder, dirs, names in os.walk(path, onerror=walk_error):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in names:
                    if not name.startswith("."):
                        found.append(Path(folder) / name)
            supported = sorted(p for p in found if p.suffix.lower() in SUPPORTED_SUFFIXES)
            if not supported:
                result.problems.append(f"{path}: no supported files ({_suffixes()}) inside")
                result.not_files += 1
            unsupported = sorted(
                p
                for p in found
                if p.suffix.lower() not in SUPPORTED_SUFFIXES
                and p.is_file()
                and not is_own(p)
                and first_time(p)
            )
            result.problems += _unsupported_notes(path, unsupported)
            result.unsupported += len(unsupported)
            for candidate in supported:
                if candidate.is_file():
                    if first_time(candidate):
                        result.files.append(candidate)
                else:
                    not_a_file(candidate, f"{_kind_of(candidate)}, not a file")
        elif path.is_file():
            if first_time(path):
                result.files.append(path)
        elif path.exists() or path.is_symlink():
            not_a_file(path, f"{_kind_of(path)}, not a file")
        else:
            result.problems.append(f"{path}: no such file or directory")
            result.not_files += 1
    return result


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
        _skip(result, "unsupported", _unsupported(path))
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
