"""The file side of a saved index: one lock per directory, unique temporaries, read once.

Savers hold an exclusive ``flock`` on the index directory itself (no extra file, and a
reader that may not write can still take its shared lock), so two saves never
interleave and a locked reader sees one whole save. Each save writes its files under
unique names created with ``O_EXCL`` (a planted link at a temporary name is never
followed) and renames them into place, ``config.json`` last; on any failure (a full
disk) the temporaries are removed and the previous index stays as it was. A loader reads
each file once into memory and checks and parses those same bytes, so a file swapped
between the check and the parse cannot slip in.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: saves are not serialised
    fcntl = None  # type: ignore[assignment]

_TMP_SUFFIX = ".tmp"


@contextlib.contextmanager
def directory_lock(directory: Path, *, shared: bool) -> Iterator[None]:
    """Hold a ``flock`` on ``directory`` (shared for readers, exclusive for savers).

    A directory that cannot be opened (it does not exist yet for a reader, or the
    platform has no ``flock``) is read unlocked: the checksums still refuse a crossed
    index, it just cannot be told apart from a damaged one.
    """
    if fcntl is None:
        yield
        return
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def remove_stale_temporaries(directory: Path, names: tuple[str, ...]) -> None:
    """Remove what killed saves left (``.NAME.XXXX.tmp``); call with the exclusive lock."""
    for name in names:
        for path in directory.glob(f".{name}.*{_TMP_SUFFIX}"):
            with contextlib.suppress(OSError):
                if path.is_file() or path.is_symlink():
                    path.unlink()


def write_temporary(
    directory: Path, name: str, write: Callable[[IO[bytes]], object], made: list[Path]
) -> Path:
    """Write a fresh ``.NAME.XXXX.tmp`` in ``directory`` and return it (added to ``made``).

    ``mkstemp`` creates the file with ``O_EXCL``: an existing name, a symlink included,
    is never opened. The file gets ``0644`` like the files it replaces.
    """
    fd, raw = tempfile.mkstemp(prefix=f".{name}.", suffix=_TMP_SUFFIX, dir=directory)
    path = Path(raw)
    made.append(path)
    with os.fdopen(fd, "wb") as handle:
        write(handle)
        handle.flush()
        os.fchmod(handle.fileno(), 0o644)
    return path


def discard(paths: list[Path]) -> None:
    """Remove temporaries of a failed save (missing ones are fine)."""
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def read_once(path: Path, *, size: int | None = None, limit: int | None = None) -> bytearray:
    """The whole file, read through one open handle (what is checked is what is parsed).

    Args:
        path: The file.
        size: The exact size it must have (checked on the open handle, before reading).
        limit: The most bytes it may have.

    Raises:
        OSError: If it cannot be read.
        ValueError: If its size is not ``size``, is over ``limit``, or it changes size
            while being read.
    """
    with path.open("rb") as handle:
        actual = os.fstat(handle.fileno()).st_size
        if size is not None and actual != size:
            raise ValueError(f"{path} has {actual} bytes; expected {size}")
        if limit is not None and actual > limit:
            raise ValueError(f"{path} is larger than {limit} bytes")
        buffer = bytearray(actual)
        view, done = memoryview(buffer), 0
        while done < actual:
            got = handle.readinto(view[done:])
            if not got:
                break
            done += got
        if done != actual or handle.read(1):
            raise ValueError(f"{path} changed size while being read")
    return buffer


def sha256_hex(data: bytes | bytearray | memoryview) -> str:
    """SHA-256 of bytes in memory, as hex."""
    return hashlib.sha256(data).hexdigest()
