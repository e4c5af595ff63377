"""The check job: verify a pairs file and write the kept and the rejected pairs.

:func:`check_file` is ``taskgen check``; :func:`run_checks` and :func:`write_checked` are
the steps it shares with :func:`~langchain_taskgen.jobs.generate_file` (``--verify``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from langchain_taskgen._atomic import atomic_write_text
from langchain_taskgen.checks.verify import VerifyReport, verify_pairs
from langchain_taskgen.errors import EngineError
from langchain_taskgen.jobs.base import (
    JobError,
    JobUsageError,
    NoInputError,
    NoteHandler,
    Notes,
    check_distinct_outputs,
    check_writable,
)
from langchain_taskgen.pairs import TaskPair


@dataclass
class CheckResult:
    """What :func:`check_file` did.

    Attributes:
        output: The kept pairs' file.
        kept: The kept pairs (as written, with ``quality`` and ``round_trip`` metadata).
        rejected: The rejected pairs, each with its reason.
        report: The checks' report (``report.summary()`` prints it).
        rejected_path: Where the rejected pairs went (``None``: not written).
        report_json: Where the report went (``None``: not written).
        broken_lines: One message per line of the input that could not be read (skipped).
    """

    output: Path
    kept: list[TaskPair]
    rejected: list[tuple[TaskPair, str]]
    report: VerifyReport
    rejected_path: Path | None = None
    report_json: Path | None = None
    broken_lines: list[str] = field(default_factory=list)


def read_pairs_file(
    path: str | Path, on_note: NoteHandler | None = None
) -> tuple[list[TaskPair], list[str]]:
    """The pairs of a JSONL file and one message per broken line (each also a warning note).

    Raises:
        JobError: If the file cannot be read.
        NoInputError: If it holds no pairs.
    """
    from langchain_taskgen.export import read_pairs

    path = Path(path)
    try:
        pairs, errors = read_pairs(path)
    except (OSError, UnicodeDecodeError) as error:
        raise JobError(f"cannot read {path}: {error}") from error
    notes = Notes(on_note)
    for message in errors:
        notes.warning(f"skipped broken line {message}")
    if not pairs:
        raise NoInputError(f"{path}: no pairs")
    return pairs, errors


def run_checks(
    pairs: list[TaskPair],
    *,
    embeddings: Embeddings | bool = True,
    min_quality: float | None = None,
    round_trip: Any = None,
    round_trip_tasks: Iterable[str] = (),
    min_round_trip: float = 0.0,
    reject_unscored: bool = True,
) -> tuple[list[TaskPair], list[tuple[TaskPair, str]], VerifyReport]:
    """:func:`~langchain_taskgen.verify_pairs` with its parts made from plain settings.

    Args:
        pairs: The pairs to check.
        embeddings: ``True``: the default
            :class:`~langchain_taskgen.SentenceTransformerEmbeddings`; ``False``: no
            near-duplicate and relevance checks; or an ``Embeddings`` to use.
        min_quality: Reject pairs whose relevance quality is lower (needs embeddings).
        round_trip: The round-trip check's model: ``None`` or ``False``: no round trip;
            ``True``: the embedded default model; else a model or engine (anything
            ``TaskGenerator(llm=...)`` takes).
        round_trip_tasks: Task types the round trip checks (``"all"``: every type); empty:
            its defaults.
        min_round_trip: Reject pairs whose round-trip score is at or below this.
        reject_unscored: Reject pairs the round trip could not score (the engine failed
            on them) as ``unscored``; ``False`` keeps them without a score.

    Returns:
        The kept pairs, the rejected pairs with their reasons, and the report.

    Raises:
        JobUsageError: For ``min_quality`` without embeddings, or an unknown task type.
        JobError: If the embeddings cannot be loaded or the engine fails.
    """
    encoder: Embeddings | None = None
    if embeddings is True:
        from langchain_taskgen.embeddings import SentenceTransformerEmbeddings

        try:
            encoder = SentenceTransformerEmbeddings()
        except ImportError as error:
            raise JobError(f"{error} (or pass --no-embeddings)") from error
    elif embeddings is not False:
        encoder = embeddings
    if min_quality is not None and encoder is None:
        raise JobUsageError("--min-quality needs the embeddings (drop --no-embeddings)")
    checker = None
    if round_trip is not None and round_trip is not False:
        from langchain_taskgen.checks.roundtrip import (
            DEFAULT_ROUND_TRIP_TASKS,
            RoundTripCheck,
            parse_task_types,
        )
        from langchain_taskgen.engines.resolve import resolve_engine

        names = list(round_trip_tasks)
        try:
            tasks = parse_task_types(names) if names else DEFAULT_ROUND_TRIP_TASKS
        except ValueError as error:
            raise JobUsageError(str(error)) from error
        checker = RoundTripCheck(
            resolve_engine(None if round_trip is True else round_trip),
            min_score=min_round_trip,
            task_types=tasks,
            reject_unscored=reject_unscored,
        )
    try:
        return verify_pairs(pairs, embeddings=encoder, min_quality=min_quality, round_trip=checker)
    except EngineError as error:
        raise JobError(f"{error} (or pass --no-round-trip)") from error


def note_round_trip(report: VerifyReport, notes: Notes) -> None:
    """Warn about pairs the round trip could not score, naming the engine's errors."""
    unscored = report.round_trip.get("unscored", 0)
    if not unscored:
        return
    fate = "rejected as unscored" if report.unscored_rejected else "kept without a score"
    cause = (
        "the engine failed: " + "; ".join(report.round_trip_errors)
        if report.round_trip_errors
        else "the engine gave no score (e.g. a prompt longer than the model's context)"
    )
    notes.warning(f"round trip: {unscored} pairs not checked, {fate}; {cause}")


def write_checked(
    kept: Sequence[TaskPair],
    rejected: Sequence[tuple[TaskPair, str]],
    output: Path,
    rejected_path: Path | None,
) -> None:
    """Write the kept pairs, and the rejected ones with ``metadata["rejected_reason"]``.

    Raises:
        JobError: If a file cannot be written.
    """
    from langchain_taskgen.export import write_jsonl

    try:
        write_jsonl(kept, output)
        if rejected_path is not None:
            marked = [pair.with_metadata(rejected_reason=reason) for pair, reason in rejected]
            write_jsonl(marked, rejected_path)
    except OSError as error:
        raise JobError(f"cannot write: {error}") from error


def check_file(
    pairs_file: str | Path,
    output: str | Path,
    *,
    rejected: str | Path | None = None,
    report_json: str | Path | None = None,
    embeddings: Embeddings | bool = True,
    min_quality: float | None = None,
    round_trip: Any = None,
    round_trip_tasks: Iterable[str] = (),
    min_round_trip: float = 0.0,
    reject_unscored: bool = True,
    on_note: NoteHandler | None = None,
) -> CheckResult:
    """Check any pairs file; write the pairs that pass every check (``taskgen check``).

    Every pair read ends in ``output`` or, with its reason in
    ``metadata["rejected_reason"]``, in ``rejected``. Broken lines of the input are
    skipped, each named in a warning note and in :attr:`CheckResult.broken_lines`.

    Args:
        pairs_file: The pairs JSONL file to check.
        output: The kept pairs' JSONL file.
        rejected: The rejected pairs' JSONL file (``None``: not written).
        report_json: Write the report's JSON here (``None``: not written).
        embeddings: See :func:`run_checks` (``True``: the default embeddings model).
        min_quality: See :func:`run_checks`.
        round_trip: See :func:`run_checks` (``None``: no round trip).
        round_trip_tasks: See :func:`run_checks`.
        min_round_trip: See :func:`run_checks`.
        reject_unscored: See :func:`run_checks`. Either way an engine failure is a
            warning note and :attr:`VerifyReport.round_trip_failed` (``taskgen check``
            exits 5).
        on_note: Receives each :class:`~langchain_taskgen.jobs.JobNote` (default: the log).

    Returns:
        What was kept, rejected and written.

    Raises:
        JobUsageError: If an output is the input file, or for the reasons of
            :func:`run_checks`.
        NoInputError: If the file holds no pairs.
        JobError: If a file cannot be read or written, or a check fails.

    Example:
        >>> import tempfile, pathlib
        >>> from langchain_taskgen import TaskPair
        >>> from langchain_taskgen.export import write_jsonl
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> good = TaskPair("Is the sky blue?", "Yes", "ynqa", context="The sky is blue.")
        >>> bad = TaskPair("Is the sky blue?", "Maybe", "ynqa", context="The sky is blue.")
        >>> write_jsonl([good, bad], folder / "pairs.jsonl")
        2
        >>> result = check_file(folder / "pairs.jsonl", folder / "kept.jsonl",
        ...                     rejected=folder / "rejected.jsonl", embeddings=False)
        >>> len(result.kept), result.rejected[0][1]
        (1, 'invalid_label')
    """
    pairs_file, output = Path(pairs_file), Path(output)
    rejected_path = None if rejected is None else Path(rejected)
    report_path = None if report_json is None else Path(report_json)
    pairs, broken = read_pairs_file(pairs_file, on_note)
    for path in (output, rejected_path, report_path):
        if path is not None and path.resolve() == pairs_file.resolve():
            raise JobUsageError(f"{path} is the input file; choose another output")
    check_distinct_outputs(
        {"output": output, "rejected": rejected_path, "report_json": report_path}
    )
    for path in (output, rejected_path, report_path):
        if path is not None:
            check_writable(path)  # now, not after every check has run
    kept, dropped, report = run_checks(
        pairs,
        embeddings=embeddings,
        min_quality=min_quality,
        round_trip=round_trip,
        round_trip_tasks=round_trip_tasks,
        min_round_trip=min_round_trip,
        reject_unscored=reject_unscored,
    )
    note_round_trip(report, Notes(on_note))
    write_checked(kept, dropped, output, rejected_path)
    if report_path is not None:
        try:
            atomic_write_text(report_path, json.dumps(report.to_dict(), indent=2))
        except OSError as error:
            raise JobError(f"cannot write: {error}") from error
    return CheckResult(output, kept, dropped, report, rejected_path, report_path, broken)
