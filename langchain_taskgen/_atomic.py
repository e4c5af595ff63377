"""Atomic file writes (bottom level: imports nothing of the package).

A file written in place is half-written when the process dies or the disk fills, and the
previous version is already gone. :func:`atomic_write` writes a temporary beside the
target instead (a unique name made with ``O_CREAT | O_EXCL``, so a symlink planted at a
predictable name is never followed) and renames it over the target only when the whole
content is on disk: readers see the old file or the new one, never a torn one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_dir", "atomic_write", "atomic_write_text"]

_UMASK: int | None = None


def _umask() -> int:
    global _UMASK
    if _UMASK is None:
        # Read once: os.umask can only be read by setting it.
        _UMASK = os.umask(0o022)
        os.umask(_UMASK)
    return _UMASK


def _file_mode() -> int:
    """The mode ``open()`` would give a new file (``0o666`` less the umask)."""
    return 0o666 & ~_umask()


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (best effort: not every file system allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_write(
    path: str | Path,
    mode: str = "w",
    *,
    encoding: str | None = "utf-8",
    errors: str | None = None,
) -> Iterator[IO[Any]]:
    """Open a temporary beside ``path``; on a clean exit it replaces ``path`` atomically.

    On any error (a full disk, an exception in the caller's block, Ctrl-C) the temporary
    is removed and ``path`` keeps its previous content. A symlink at ``path`` is replaced
    by the new file, not followed.

    Args:
        path: The file to write (parent folders are made).
        mode: ``"w"`` (text) or ``"wb"`` (bytes).
        encoding: Text encoding (text mode only).
        errors: Text encoding error handler (text mode only).

    Example:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
        >>> with atomic_write(target) as handle:
        ...     _ = handle.write("new")
        >>> target.read_text(), sorted(p.name for p in target.parent.iterdir())
        ('new', ['a.txt'])
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"mode must be 'w' or 'wb', got {mode!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    tmp = Path(name)
    try:
        if mode == "wb":
            handle: IO[Any] = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding=encoding, errors=errors, newline="")
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, _file_mode())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` atomically (see :func:`atomic_write`).

    Example:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "r.json"
        >>> atomic_write_text(target, "{}")
        >>> target.read_text()
        '{}'
    """
    with atomic_write(path, encoding=encoding) as handle:
        handle.write(text)


@contextlib.contextmanager
def atomic_dir(path: str | Path) -> Iterator[Path]:
    """A fresh temporary folder beside ``path``; on a clean exit it takes ``path``'s place.

    The caller fills the yielded folder. An existing folder at ``path`` is moved aside
    first and removed only once the new one is in place; on an error the temporary is
    removed and ``path`` is left as it was.

    Example:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "hf"
        >>> with atomic_dir(target) as work:
        ...     _ = (work / "data").write_text("x")
        >>> sorted(p.name for p in target.iterdir())
        ['data']
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"))
    try:
        yield work
        os.chmod(work, 0o777 & ~_umask())
        old = None
        if path.is_symlink() or path.exists():
            old = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".old"))
            os.rmdir(old)
            os.replace(path, old)
        os.replace(work, path)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    if old is not None:
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                old.unlink()
    _fsync_dir(path.parent)
