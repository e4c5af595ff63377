"""The main job: files -> task pairs -> (checks) -> kept and rejected pairs and a report."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings

from langchain_taskgen._atomic import atomic_write_text
from langchain_taskgen.checks.audit import AuditReport
from langchain_taskgen.checks.verify import VerifyReport
from langchain_taskgen.generation.generator import TaskGenerator
from langchain_taskgen.generation.report import GenerationReport
from langchain_taskgen.generation.runs import OutputLock, ResumableRun, RunLockedError, RunResult
from langchain_taskgen.jobs.base import (
    JobError,
    JobUsageError,
    MissingInputError,
    NoInputError,
    NoteHandler,
    Notes,
    check_distinct_outputs,
    check_not_input,
    check_output,
    check_writable,
    rejected_path_for,
)
from langchain_taskgen.jobs.check import note_round_trip, run_checks, write_checked
from langchain_taskgen.pairs import TaskPair


@dataclass
class GenerateResult:
    """What :func:`generate_file` did.

    Attributes:
        output: The pairs file written.
        pairs: The pairs in ``output`` (with ``verify``, the kept ones).
        run: The generation run: its report, resumed and failed chunks, engine errors.
        files: Input files found (named, or inside the folders named).
        documents: Documents loaded from them.
        input_problems: One message per input that was skipped (unreadable, empty, ...):
            paths that are no files (a FIFO, an unreadable folder, a folder without
            supported files) and the ``skipped_files`` files found but not loaded (more
            than 3 of unsupported extensions in one folder: one message).
        skipped_files: Files found but not loaded, by reason (see
            :class:`~langchain_taskgen.loading.LoadResult`).
        not_files: Input paths that are no file (a FIFO, a broken link, an unreadable
            folder, a folder without supported files), each counted once.
        input_warnings: One message per file loaded with a guessed encoding (it may
            read wrongly), naming the file and the encoding used.
        rejected: With ``verify``, the rejected pairs and their reasons.
        rejected_path: With ``verify``, where the rejected pairs went.
        verify_report: With ``verify``, the checks' report.
        report_json: Where the report's JSON went (``None``: not written).
        audit: The shortcut audit of the pairs written (``None``: not run, or it could
            not run; a note says which).
    """

    output: Path
    pairs: list[TaskPair]
    run: RunResult
    files: int
    documents: int
    input_problems: list[str] = field(default_factory=list)
    skipped_files: dict[str, int] = field(default_factory=dict)
    not_files: int = 0
    input_warnings: list[str] = field(default_factory=list)
    rejected: list[tuple[TaskPair, str]] = field(default_factory=list)
    rejected_path: Path | None = None
    verify_report: VerifyReport | None = None
    report_json: Path | None = None
    audit: AuditReport | None = None

    @property
    def report(self) -> GenerationReport:
        """The generation report (``report.summary()`` prints it)."""
        return self.run.report

    @property
    def complete(self) -> bool:
        """Whether every chunk is done (none failed for engine reasons; rerun to retry)."""
        return self.run.complete

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON data: the generation report, and the checks' as ``verify``."""
        data = self.run.report.to_dict()
        # Files that never became documents are not in the generation report's
        # ``skipped_documents`` (that counts loaded documents without a chunk).
        data["files"] = self.files
        data["skipped_files"] = dict(self.skipped_files)
        data["not_files"] = self.not_files
        data["input_problems"] = list(self.input_problems)
        data["input_warnings"] = list(self.input_warnings)
        if self.verify_report is not None:
            data["verify"] = self.verify_report.to_dict()
        if self.audit is not None:
            data["audit"] = self.audit.to_dict()
        return data


def generate_file(
    inputs: str | Path | Iterable[str | Path],
    output: str | Path,
    generator: TaskGenerator,
    *,
    verify: bool = False,
    embeddings: Embeddings | bool = True,
    round_trip: bool = True,
    reject_unscored: bool = True,
    rejected: str | Path | None = None,
    report_json: str | Path | None = None,
    resume: bool = True,
    batch_chunks: int = 32,
    show_progress: bool = False,
    audit: bool = True,
    encoding: str | None = None,
    on_note: NoteHandler | None = None,
) -> GenerateResult:
    """Generate task pairs from files into a JSONL file, resumably (``taskgen generate``).

    Output paths are checked before any work, and ``OUTPUT.lock`` is held for the whole
    job (one run per output). Results are journaled in ``OUTPUT.journal`` as they are
    made: run the same job again after an interruption (even ``kill -9``) and finished
    chunks are not generated again. Chunks the model could not answer (outage, timeout)
    are not journaled: :attr:`GenerateResult.complete` is ``False`` and a rerun retries
    them. Inputs that cannot be loaded are skipped, each named in a warning note and in
    :attr:`GenerateResult.input_problems`; an input path that does not exist stops the
    job before any work (a mistyped path would otherwise make a smaller dataset). A
    text file that is not UTF-8 and has no byte-order mark is read in ``encoding``, or
    in a guessed encoding named in a warning note (see
    :func:`~langchain_taskgen.loading.load_paths`).

    Args:
        inputs: Files and folders (searched recursively): txt, md, html, pdf.
        output: The pairs JSONL file to write.
        generator: The configured generator (model, task types, format, sampling).
        verify: Then check the pairs (as :func:`~langchain_taskgen.jobs.check_file` does):
            ``output`` gets the kept pairs, ``rejected`` the others with their reason.
        embeddings: With ``verify``: ``True`` the default embeddings model, ``False``
            none, or an ``Embeddings`` (near-duplicates and passage relevance).
        round_trip: With ``verify``: run the round-trip check on the generator's model.
        reject_unscored: With ``verify``: reject the pairs the round trip could not score
            (see :func:`~langchain_taskgen.jobs.run_checks`).
        rejected: With ``verify``, the rejected pairs' file (default: ``output``'s
            ``.rejected.jsonl``, see :func:`~langchain_taskgen.jobs.rejected_path_for`).
        report_json: Write the report's JSON (:meth:`GenerateResult.to_dict`) here.
        resume: Continue from the journal of an earlier run (``False``: start afresh).
        batch_chunks: Chunks per engine call and per journal entry.
        show_progress: Show a progress bar over chunks.
        audit: Run the shortcut audit (:func:`~langchain_taskgen.checks.audit.audit_pairs`)
            on the pairs written; its summary is in :attr:`GenerateResult.audit` and the
            report's JSON.
        encoding: The encoding of input text and HTML files that have no byte-order
            mark and are not UTF-8 (``None``: guessed, each guess warned about).
        on_note: Receives each :class:`~langchain_taskgen.jobs.JobNote` (default: the log).

    Returns:
        What was generated, checked and written.

    Raises:
        MissingInputError: If an input path does not exist (every such path is named).
        JobUsageError: If the output is also an input, ``encoding`` is no known codec,
            or for the checks' arguments.
        NoInputError: If no document could be loaded.
        JobError: If a file cannot be written, another run holds ``output``, or the
            generation or a check fails (the cause is chained).

    Example:
        >>> import tempfile, pathlib
        >>> from langchain_core.language_models import FakeListLLM
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "doc.txt").write_text("The notice must be kept in every copy.")
        >>> llm = FakeListLLM(responses=["What must be kept?\\n<|pipe|>\\nThe notice"])
        >>> generator = TaskGenerator(llm=llm, task_type="qa", format="bonito")
        >>> result = generate_file([folder / "doc.txt"], folder / "pairs.jsonl", generator)
        >>> result.report.accepted, result.complete, result.pairs[0].output
        (1, True, 'The notice')
    """
    import codecs

    from langchain_taskgen.loading import iter_files, missing_paths

    paths = [inputs] if isinstance(inputs, str | Path) else list(inputs)
    output = Path(output)
    if batch_chunks < 1:
        raise JobUsageError("batch_chunks must be at least 1")
    if missing := missing_paths(paths):
        raise MissingInputError(
            f"input path{'s' if len(missing) > 1 else ''} not found (no such file or "
            f"directory): {', '.join(missing)}"
        )
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError as error:
            raise JobUsageError(f"unknown encoding {encoding!r}") from error
    files, _ = iter_files(paths)
    check_output(output, files)
    rejected_path = Path(rejected) if rejected is not None else rejected_path_for(output)
    if verify:
        check_writable(rejected_path)
    report_path = None if report_json is None else Path(report_json)
    check_distinct_outputs(
        {
            "output": output,
            "rejected": rejected_path if verify else None,
            "report_json": report_path,
        }
    )
    check_not_input(
        {"--rejected": rejected_path if verify else None, "--report-json": report_path}, files
    )
    if report_path is not None:
        check_writable(report_path)
    # Taken before loading and before the engine starts: a second run on the same output
    # stops at once, and a read-only output folder is found before any generation.
    lock = OutputLock(output)
    try:
        lock.acquire()
    except RunLockedError as error:
        raise JobError(str(error)) from error
    except OSError as error:
        raise JobError(f"cannot write next to {output}: {error.strerror or error}") from error
    try:
        return _generate_locked(
            paths,
            output,
            generator,
            Notes(on_note),
            verify=verify,
            embeddings=embeddings,
            round_trip=round_trip,
            reject_unscored=reject_unscored,
            rejected_path=rejected_path,
            report_path=report_path,
            resume=resume,
            batch_chunks=batch_chunks,
            show_progress=show_progress,
            audit=audit,
            encoding=encoding,
        )
    finally:
        lock.release()


def _generate_locked(
    paths: list[str | Path],
    output: Path,
    generator: TaskGenerator,
    notes: Notes,
    *,
    verify: bool,
    embeddings: Embeddings | bool,
    round_trip: bool,
    reject_unscored: bool,
    rejected_path: Path,
    report_path: Path | None,
    resume: bool,
    batch_chunks: int,
    show_progress: bool,
    audit: bool,
    encoding: str | None,
) -> GenerateResult:
    from langchain_taskgen.loading import load_paths

    # The run's own files (pairs, journal, lock, rejected, report) are no skipped inputs.
    own = [output, rejected_path, *([report_path] if report_path is not None else [])]
    loaded = load_paths(paths, encoding=encoding, on_warning=notes.warning, outputs=own)
    for problem in loaded.problems:
        notes.warning(problem)
    if not loaded.documents:
        raise NoInputError("no documents could be loaded")
    notes.info(f"loaded {len(loaded.documents)} documents from {loaded.files} files")
    run = ResumableRun(
        generator,
        output,
        chunks_per_batch=batch_chunks,
        fresh=not resume,
        show_progress=show_progress,
        # With checks, OUTPUT is written once, after them: a run killed while checking
        # must not leave unchecked pairs that look final.
        write_output=not verify,
        on_warning=notes.warning,
    )
    try:
        done = run.run(loaded.documents)
    except Exception as error:  # any failure of the run ends the job, its cause chained
        raise JobError(f"generation failed: {type(error).__name__}: {error}") from error
    if done.resumed_chunks:
        notes.info(f"resumed: {done.resumed_chunks} chunks from {run.journal}")
    result = GenerateResult(
        output=output,
        pairs=done.pairs,
        run=done,
        files=loaded.files,
        documents=len(loaded.documents),
        input_problems=list(loaded.problems),
        skipped_files=dict(loaded.skipped),
        not_files=loaded.not_files,
        input_warnings=list(loaded.warnings),
        report_json=report_path,
    )
    if not verify and rejected_path.exists():
        notes.warning(f"{rejected_path} is from an earlier --verify run, not from this one")
    if verify:
        kept, dropped, checked = run_checks(
            done.pairs,
            embeddings=embeddings,
            round_trip=generator.engine if round_trip else None,
            reject_unscored=reject_unscored,
        )
        note_round_trip(checked, notes)
        write_checked(kept, dropped, output, rejected_path)
        result.pairs, result.rejected, result.verify_report = kept, dropped, checked
        result.rejected_path = rejected_path
    if audit:
        result.audit = _audit(result.pairs, notes)
    if report_path is not None:
        try:
            atomic_write_text(report_path, json.dumps(result.to_dict(), indent=2))
        except OSError as error:
            raise JobError(f"cannot write {report_path}: {error.strerror or error}") from error
    return result


def _audit(pairs: list[TaskPair], notes: Notes) -> AuditReport | None:
    """The shortcut audit of the pairs written; a report, so a failure is a note, not fatal."""
    from langchain_taskgen.checks.audit import audit_pairs

    try:
        return audit_pairs(pairs)
    except Exception as error:  # noqa: BLE001 - the pairs are written; say the audit did not run
        notes.warning(f"the shortcut audit could not run: {type(error).__name__}: {error}")
        return None
