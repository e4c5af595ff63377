"""One run per output file: an exclusive, crash-safe lock next to the output."""

from __future__ import annotations

import errno
import fcntl
import os
import threading
from pathlib import Path


class RunLockedError(RuntimeError):
    """Another run (another process, or another thread of this one) writes the same file."""


# real path -> (fd, holders, the thread that holds it)
_held_locks: dict[str, tuple[int, int, int]] = {}
_held_guard = threading.Lock()


class OutputLock:
    """An exclusive ``flock`` on ``OUTPUT.lock``: one run per output file at a time.

    The kernel drops a ``flock`` when its holder dies, so a killed run never leaves a stale
    lock. Re-entrant within one thread (the job takes it for its whole run, the resumable
    run inside it again); another thread of the same process is refused like another
    process, since ``flock`` alone cannot tell two threads apart.

    Args:
        output: The output file the lock guards.

    Raises:
        RunLockedError: From :meth:`acquire`, if another process holds the lock.
        OSError: From :meth:`acquire`, if the lock file cannot be created (read-only folder).
    """

    def __init__(self, output: str | Path) -> None:
        output = Path(output)
        self.path = output.with_name(output.name + ".lock")
        self._key = str(self.path.resolve())
        self._held = False

    def acquire(self) -> OutputLock:
        """Take the lock without waiting."""
        if self._held:
            return self
        with _held_guard:
            if self._key in _held_locks:
                fd, count, owner = _held_locks[self._key]
                if owner != threading.get_ident():
                    raise RunLockedError(
                        f"another run in this process is writing "
                        f"{self.path.name[: -len('.lock')]}; wait for it to finish"
                    )
                _held_locks[self._key] = (fd, count + 1, owner)
                self._held = True
                return self
            # O_NOFOLLOW: a symlink planted at OUTPUT.lock must not lead the truncate
            # below to another file (it fails with ELOOP instead).
            try:
                fd = os.open(
                    self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644
                )
            except OSError as error:
                if error.errno == errno.ELOOP:
                    raise OSError(
                        error.errno, f"{self.path} is a symbolic link; remove it"
                    ) from None
                raise
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 64).decode(errors="replace").strip() or "?"
                os.close(fd)
                raise RunLockedError(
                    f"another run is writing {self.path.name[: -len('.lock')]} "
                    f"(pid {holder} holds {self.path}); wait for it to finish"
                ) from None
            os.ftruncate(fd, 0)
            os.write(fd, str(os.getpid()).encode())
            _held_locks[self._key] = (fd, 1, threading.get_ident())
            self._held = True
        return self

    def release(self) -> None:
        """Release the lock (the file stays; a lock file alone locks nothing)."""
        if not self._held:
            return
        with _held_guard:
            fd, count, owner = _held_locks[self._key]
            if count > 1:
                _held_locks[self._key] = (fd, count - 1, owner)
            else:
                del _held_locks[self._key]
                os.close(fd)
            self._held = False

    def __enter__(self) -> OutputLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
