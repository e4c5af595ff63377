"""Load files into Documents with langchain-community's loaders (the one place we use it)."""

from __future__ import annotations

import os
import stat
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.documents import Document

from langchain_taskgen.loading.html import BlockHTMLLoader
from langchain_taskgen.loading.text import NotTextError, clean_text, detect_encoding

__all__ = ["SUPPORTED_SUFFIXES", "LoadResult", "iter_files", "load_paths", "source_name"]

SUPPORTED_SUFFIXES = {
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".rst": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}


@dataclass
class LoadResult:
    """Documents loaded from paths, and one message per file that could not be loaded."""

    documents: list[Document] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    files: int = 0


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


def _loader(path: Path, kind: str) -> Any:
    with warnings.catch_warnings():
        # langchain-community announces its sunset on import; it is still the loader set
        # users have, kept behind this one module.
        warnings.simplefilter("ignore", DeprecationWarning)
        from langchain_community import document_loaders as loaders
    if kind == "text":
        return loaders.TextLoader(str(path), encoding=detect_encoding(path))
    if kind == "html":
        return BlockHTMLLoader(path, detect_encoding(path))
    return loaders.PyPDFLoader(str(path), mode="single")


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


def load_paths(paths: Iterable[str | Path]) -> LoadResult:
    """Load txt, md, html and pdf files (directories recursively) into Documents.

    A file that cannot be loaded (unsupported extension, binary, unreadable, broken,
    empty or without extractable text) is reported in ``problems``, naming the file,
    and the rest still load. Text encodings are detected (byte-order marks, UTF-8, then
    charset-normalizer); NUL characters are removed and lone surrogates replaced. Each
    document's metadata has ``source`` (the file path) and whatever the loader adds
    (e.g. PDF page counts).

    Example:
        >>> result = load_paths(["samples/corpus/bsd-3-clause.txt"])
        >>> result.documents[0].metadata["source"], result.problems
        ('samples/corpus/bsd-3-clause.txt', [])
    """
    files, problems = iter_files(paths)
    result = LoadResult(problems=problems, files=len(files))
    for path in files:
        kind = SUPPORTED_SUFFIXES.get(path.suffix.lower())
        if kind is None:
            result.problems.append(
                f"{path}: unsupported extension {path.suffix or '(none)'!r} "
                f"(supported: {', '.join(sorted(SUPPORTED_SUFFIXES))})"
            )
            continue
        try:
            docs = [_clean_document(d) for d in _loader(path, kind).load()]
        except PermissionError:
            result.problems.append(f"{path}: unreadable (permission denied)")
            continue
        except NotTextError as error:
            result.problems.append(f"{path}: {error}, not {kind}")
            continue
        except Exception as error:  # noqa: BLE001 - one bad file must not stop the others
            result.problems.append(f"{path}: cannot load: {type(error).__name__}: {error}")
            continue
        if not any(d.page_content.strip() for d in docs):
            what = "no extractable text (scanned images?)" if kind == "pdf" else "empty (no text)"
            result.problems.append(f"{path}: {what}")
            continue
        for doc in docs:
            doc.metadata["source"] = source_name(path)
        result.documents += docs
    return result
