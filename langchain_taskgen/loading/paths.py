"""Input paths expanded: folders walked, files listed once, the rest counted and named.

Example:
    >>> files, problems = iter_files(["samples/corpus"])
    >>> [path.name for path in files][:2], problems
    (['apache-2.0.txt', 'bsd-3-clause.txt'], [])
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Expanded",
    "expand_paths",
    "iter_files",
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


def unsupported_message(path: Path) -> str:
    return f"{path}: unsupported extension {path.suffix or '(none)'!r} (supported: {_suffixes()})"


def _unsupported_notes(folder: Path, found: list[Path]) -> list[str]:
    """One message per file of an unsupported extension, or one for them all if many."""
    if len(found) <= _NAMED_UNSUPPORTED:
        return [unsupported_message(path) for path in found]
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
