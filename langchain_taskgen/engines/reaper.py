"""A watchdog that kills the engine's child processes when this process dies, however it dies.

vLLM runs its model in separate processes (``VLLM::EngineCore``, ``VLLM::Worker``). If the
Python process that started them is killed with SIGKILL, nothing in it runs, and those
processes are adopted by init and keep gigabytes of memory. So before the engine starts we
start one small watchdog process. It records the descendants the parent creates from then
on (by reading ``/proc``) and, as soon as its parent is gone, SIGKILLs the recorded ones and
their children. The watchdog polls ``getppid()`` rather than waiting for EOF on a pipe:
vLLM forks its processes, and a forked child would keep the pipe's write end open.

Linux only (it needs ``/proc``); elsewhere :func:`reap_children_on_exit` does nothing.

Example:
    >>> from langchain_taskgen.engines.reaper import reap_children_on_exit
    >>> reap_children_on_exit()  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.25
_lock = threading.Lock()
_started_for: int | None = None
_watchdog: subprocess.Popen[bytes] | None = None


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, start time in clock ticks) of a process, or None if it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after the last ")".
    fields = raw[raw.rfind(b")") + 2 :].split()
    try:
        return int(fields[1]), int(fields[19])
    except (IndexError, ValueError):
        return None


def _now_ticks() -> int:
    uptime = float(Path("/proc/uptime").read_text().split()[0])
    return int(uptime * os.sysconf("SC_CLK_TCK"))


def _processes() -> dict[int, tuple[int, int]]:
    out: dict[int, tuple[int, int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            info = _stat(int(entry))
            if info is not None:
                out[int(entry)] = info
    return out


def _descendants(root: int, table: dict[int, tuple[int, int]]) -> set[int]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found: set[int] = set()
    stack = [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def watch(parent: int, since_ticks: int) -> None:
    """Run the watchdog loop for ``parent`` (the body of the watchdog process).

    Args:
        parent: The process to watch.
        since_ticks: Only descendants started at or after this time (clock ticks since
            boot, as in ``/proc/PID/stat``) are recorded: those the engine created.
    """
    me = os.getpid()
    recorded: dict[int, int] = {}  # pid -> start time, so a reused pid is never killed
    while os.getppid() == parent:
        table = _processes()
        for pid in _descendants(parent, table) - {me}:
            start = table[pid][1]
            if start >= since_ticks:
                recorded[pid] = start
        time.sleep(POLL_SECONDS)
    # The parent is gone. Kill what it left, and whatever those started meanwhile.
    for _ in range(3):
        table = _processes()
        targets = {pid for pid, start in recorded.items() if table.get(pid, (0, -1))[1] == start}
        for pid in list(targets):
            targets |= _descendants(pid, table)
        targets.discard(me)
        if not targets:
            return
        for pid in targets:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
            if pid in table:
                recorded[pid] = table[pid][1]
        time.sleep(POLL_SECONDS)


def reap_children_on_exit() -> subprocess.Popen[bytes] | None:
    """Start (once per process) the watchdog that kills this process's new descendants at death.

    Call it just before starting something that spawns processes which must not outlive
    this one. Returns the watchdog process, or ``None`` where ``/proc`` is missing.
    """
    global _started_for, _watchdog
    if not Path("/proc/self/stat").exists():
        return None
    with _lock:
        if _started_for == os.getpid() and _watchdog is not None and _watchdog.poll() is None:
            return _watchdog
        since = _now_ticks() - 1
        try:
            _watchdog = subprocess.Popen(
                # -I and a file path: only the standard library is imported (fast, and no
                # module next to this file can shadow one).
                [sys.executable, "-I", __file__, str(os.getpid()), str(since)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                # Its own session: a Ctrl-C or a signal to our process group must not end it
                # before it has cleaned up.
                start_new_session=True,
                close_fds=True,
            )
        except OSError as error:
            logger.warning("could not start the engine process watchdog: %s", error)
            return None
        _started_for = os.getpid()
        return _watchdog


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    watch(int(sys.argv[1]), int(sys.argv[2]))
