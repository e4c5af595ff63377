"""What every job shares: its exceptions, its progress notes, and its checks of paths.

A job checks its output paths before any work (a run of hours must not die at the
write), reports progress as :class:`JobNote` s while it works, and stops with a
:class:`JobError` whose message names the cause. The ``taskgen`` command maps the error
classes to its exit codes (``JobError`` 1, ``JobUsageError`` 2 (``MissingInputError``
and ``OutputPathError`` too), ``NoInputError`` 4).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

logger = logging.getLogger("langchain_taskgen.jobs")


class JobError(RuntimeError):
    """A job stopped before it finished; the message says why (the cause is chained)."""


class JobUsageError(JobError, ValueError):
    """The job's arguments cannot work together (e.g. an output that is also an input)."""


class OutputPathError(JobUsageError):
    """An output path is not a file path at all (an existing directory)."""


class MissingInputError(JobUsageError):
    """An input path named does not exist (a typo must not make a smaller dataset silently)."""


class NoInputError(JobError):
    """Nothing to do: no document could be loaded, or the pairs file holds no pairs."""


@dataclass(frozen=True)
class JobNote:
    """One progress message of a running job.

    Attributes:
        level: ``"info"`` (progress) or ``"warning"`` (something was skipped or is off).
        text: The message.
    """

    level: Literal["info", "warning"]
    text: str


NoteHandler = Callable[[JobNote], None]


def log_note(note: JobNote) -> None:
    """The default note handler: the ``langchain_taskgen.jobs`` logger."""
    logger.log(logging.WARNING if note.level == "warning" else logging.INFO, "%s", note.text)


class Notes:
    """Sends a job's notes to the caller's handler (default: :func:`log_note`)."""

    def __init__(self, handler: NoteHandler | None) -> None:
        self._handler = handler or log_note

    def info(self, text: str) -> None:
        """Progress."""
        self._handler(JobNote("info", text))

    def warning(self, text: str) -> None:
        """Something skipped or suspicious; the job goes on."""
        self._handler(JobNote("warning", text))


def rejected_path_for(output: str | Path) -> Path:
    """Where a verified run writes its rejected pairs: ``OUTPUT``'s ``.rejected.jsonl``.

    Example:
        >>> rejected_path_for("out/pairs.jsonl").as_posix()
        'out/pairs.rejected.jsonl'
    """
    output = Path(output)
    return output.with_name(output.stem + ".rejected.jsonl")


def check_writable(path: Path) -> None:
    """Fail now, before any work, if ``path`` could not be written later.

    A real write probe (permission bits say nothing when running as root, or on a
    read-only mount): the folder is created, the file opened for appending or created
    and removed again.

    Raises:
        OutputPathError: If ``path`` is a directory.
        JobError: If it cannot be written.
    """
    if path.is_dir():
        raise OutputPathError(f"{path} is a directory, not a file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            with path.open("ab"):
                pass
        else:
            with path.open("xb"):
                pass
            path.unlink()
    except OSError as error:
        raise JobError(f"cannot write {path}: {error.strerror or error}") from error


def check_output(output: Path, inputs: Iterable[Path]) -> None:
    """The output must be writable, and neither it nor its journal or lock an input.

    Raises:
        JobUsageError: If the output (or its journal or lock) is one of ``inputs``.
        JobError: If it cannot be written.
    """
    check_writable(output)
    journal, lock = Path(f"{output}.journal"), Path(f"{output}.lock")
    check_not_input({"-o": output, "the journal": journal, "the lock": lock}, inputs)


def check_not_input(outputs: dict[str, Path | None], inputs: Iterable[str | Path]) -> None:
    """No output may be one of the inputs: writing it would destroy what the job reads.

    Args:
        outputs: Each output by the option the user knows it by (``None``: not written).
        inputs: The files the job reads.

    Raises:
        JobUsageError: Naming the output and the input it would overwrite.

    Example:
        >>> try:
        ...     check_not_input({"--report-json": Path("docs/a.txt")}, [Path("docs/a.txt")])
        ... except JobUsageError as error:
        ...     print(error)
        --report-json docs/a.txt is also an input; it would be overwritten
    """
    real_inputs = {os.path.realpath(path) for path in inputs}
    for option, path in outputs.items():
        if path is not None and os.path.realpath(path) in real_inputs:
            raise JobUsageError(f"{option} {path} is also an input; it would be overwritten")


def check_distinct_outputs(outputs: dict[str, Path | None]) -> None:
    """No two outputs may be one file: the later write would replace the earlier one.

    Args:
        outputs: Each output by the name the caller knows it by (``None``: not written).
            The first one is the pairs file, whose journal and lock are guarded too.

    Raises:
        JobUsageError: Naming the two outputs that resolve to the same file.

    Example:
        >>> check_distinct_outputs({"output": Path("a.jsonl"), "report_json": Path("b.json")})
        >>> try:
        ...     check_distinct_outputs({"output": Path("a.jsonl"), "rejected": Path("./a.jsonl")})
        ... except JobUsageError as error:
        ...     print(error)
        rejected (a.jsonl) is the same file as output (a.jsonl)
    """
    seen: dict[str, str] = {}
    for index, (name, path) in enumerate(outputs.items()):
        if path is None:
            continue
        real = os.path.realpath(path)
        label = f"{name} ({path})"
        if real in seen:
            raise JobUsageError(f"{label} is the same file as {seen[real]}")
        seen[real] = label
        if index == 0:
            seen.setdefault(real + ".journal", f"the journal of {label}")
            seen.setdefault(real + ".lock", f"the lock of {label}")
