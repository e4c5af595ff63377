"""Ctrl-C: one line and exit 130, not a traceback (``Aborted!``, ``EngineDeadError``).

A Ctrl-C reaches the whole process group: this process gets ``KeyboardInterrupt``, and
vLLM's engine process dies with it, so the interrupted call may instead end in an
``EngineDeadError`` (in this thread or in one of vLLM's), wrapped by the job into a
``JobError``. Whatever the command ends with once Ctrl-C was pressed is reported as the
interruption it is: ``interrupted, rerun to resume`` (a generation's finished chunks are
in its journal), exit 130 as shells report SIGINT.

A SIGTERM (``kill``, a job scheduler) prints ``terminated, rerun to resume`` and then
dies of the signal as it would have without a handler: it is not turned into an
exception, because code that catches ``BaseException`` (vLLM's engine start does) would
swallow it and the run would go on. Dying is safe: finished chunks are journaled, and the
watchdog (:mod:`langchain_taskgen.engines.reaper`) ends the engine's processes.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import NoReturn

import click

EXIT_INTERRUPTED = 130


class _State:
    hit = False
    exit_hook = False


STATE = _State()


def interrupted() -> bool:
    """Whether Ctrl-C was pressed during the running command."""
    return STATE.hit


def _hint(command: str | None) -> str:
    return ", rerun to resume" if command == "generate" else ""


def exit_interrupted(command: str | None = None) -> NoReturn:
    """Print the one line and exit 130."""
    click.echo(f"interrupted{_hint(command)}", err=True)
    sys.exit(EXIT_INTERRUPTED)


def _on_sigint_at_exit(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C once the command is over (its outputs written): stop now, quietly."""
    STATE.hit = True
    sys.stderr.write("interrupted\n")
    sys.stderr.flush()
    os._exit(EXIT_INTERRUPTED)


def _die_of(signum: int, line: str) -> None:
    """Print ``line``, then die of ``signum`` with its default action (exit 128 + signum)."""
    sys.stderr.write(f"\n{line}\n")
    sys.stderr.flush()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


@contextmanager
def interrupt_guard(ctx: click.Context) -> Iterator[None]:
    """Run a command of ``ctx``'s group; once Ctrl-C or SIGTERM came, any way it ends is one.

    Outside the main thread nothing changes; a signal this process ignores (SIGINT in a
    background job of a non-interactive shell) stays ignored.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    handled = [sig for sig, handler in previous.items() if handler is not signal.SIG_IGN]

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if signum == signal.SIGTERM:
            _die_of(signum, f"terminated{_hint(ctx.invoked_subcommand)}")
        STATE.hit = True
        raise KeyboardInterrupt

    previous_hook = threading.excepthook

    def quiet_after_interrupt(args: threading.ExceptHookArgs) -> None:
        # vLLM's background threads fail loudly once its engine process died of the
        # same Ctrl-C; that is the interruption, already reported.
        if not STATE.hit:
            previous_hook(args)

    STATE.hit = False
    for sig in handled:
        signal.signal(sig, on_signal)
    threading.excepthook = quiet_after_interrupt
    try:
        yield
    except KeyboardInterrupt:
        exit_interrupted(ctx.invoked_subcommand)
    except SystemExit as error:
        if STATE.hit and error.code not in (0, None):
            exit_interrupted(ctx.invoked_subcommand)
        raise
    except Exception:
        if STATE.hit:
            exit_interrupted(ctx.invoked_subcommand)
        raise
    finally:
        for sig in handled:
            # Exiting 130: a Ctrl-C in vLLM's threads and exit hooks stays quiet.
            quiet = STATE.hit and sig == signal.SIGINT
            signal.signal(sig, _on_sigint_at_exit if quiet else previous[sig])
        if not STATE.hit:
            threading.excepthook = previous_hook
        _quiet_at_exit()


def _quiet_at_exit() -> None:
    """Make a Ctrl-C during interpreter exit quiet (registered once).

    Exit hooks run last registered first: this one, registered after vLLM's, runs
    before its engine shutdown, which would otherwise print a KeyboardInterrupt
    traceback.
    """
    if not STATE.exit_hook:
        STATE.exit_hook = True
        atexit.register(signal.signal, signal.SIGINT, _on_sigint_at_exit)
