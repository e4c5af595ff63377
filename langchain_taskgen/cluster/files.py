"""``taskgen generate --ray``: files in, the same output files as a local run out."""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_taskgen.cluster.engine import Engine
from langchain_taskgen.cluster.manifest import manifest_dir
from langchain_taskgen.cluster.pipeline import EngineRequiredError, RayGeneration, generate_on_ray
from langchain_taskgen.cluster.session import ray_session
from langchain_taskgen.cluster.stages import eager
from langchain_taskgen.generation.generator import TaskGenerator
from langchain_taskgen.generation.locking import OutputLock, RunLockedError
from langchain_taskgen.generation.report import GenerationReport
from langchain_taskgen.jobs.base import (
    JobError,
    JobUsageError,
    NoInputError,
    check_distinct_outputs,
    check_not_input,
    check_output,
    check_writable,
)


@dataclass
class RayFileResult:
    """What :func:`generate_files_on_ray` wrote.

    Attributes:
        output: The pairs JSONL written (the records a local run writes).
        pairs: Pairs written.
        generation: The Ray run: accounting, failed chunks, resumed batches.
        input_problems: One message per input path or file that was skipped.
        manifest: The batch manifest folder (``OUTPUT.ray``).
        files: Input files found (named, or inside the folders named), as a local run
            counts them.
        skipped_files: Files found but not loaded, by reason (``unsupported`` on the
            driver; ``binary``, ``empty``, ... on the workers that loaded them).
        not_files: Input paths that are no file (a FIFO, a broken link, an unreadable
            folder, a folder without supported files).
        input_warnings: One message per file read with a guessed encoding.
    """

    output: Path
    pairs: int
    generation: RayGeneration
    input_problems: list[str] = field(default_factory=list)
    manifest: Path | None = None
    files: int = 0
    skipped_files: dict[str, int] = field(default_factory=dict)
    not_files: int = 0
    input_warnings: list[str] = field(default_factory=list)

    @property
    def report(self) -> GenerationReport:
        """The accounting (``report.summary()`` prints it)."""
        return self.generation.report

    @property
    def complete(self) -> bool:
        """Whether every chunk is done (none failed for engine reasons)."""
        return self.generation.complete

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON data: the keys of a local run's report, and ``ray``."""
        data: dict[str, Any] = self.report.to_dict()
        # As GenerateResult.to_dict: files that never became documents are not in the
        # generation report's skipped_documents.
        data["files"] = self.files
        data["skipped_files"] = dict(self.skipped_files)
        data["not_files"] = self.not_files
        data["input_problems"] = list(self.input_problems)
        data["input_warnings"] = list(self.input_warnings)
        data["ray"] = {
            "resumed_batches": self.generation.resumed_batches,
            "generated_batches": self.generation.generated_batches,
            "failed_chunks": self.generation.failed_chunks,
        }
        return data


def write_pairs(generation: RayGeneration, output: Path) -> int:
    """Stream the pairs into ``output`` in local order (atomically); returns the count.

    The rows are read a block at a time (the driver holds one block, never the whole
    set), in segment order when the run kept it, else sorted on the cluster first.
    """
    tmp = output.with_name("." + output.name + ".tmp")
    count = 0
    pairs = generation.pairs if generation.ordered else generation.pairs.sort(["pos", "seq"])
    with tmp.open("w", encoding="utf-8", errors="surrogatepass") as handle:
        for batch in pairs.iter_batches(batch_size=None, batch_format="pandas"):
            for record in batch["record"]:
                handle.write(record + "\n")
                count += 1
    os.replace(tmp, output)
    return count


def generate_files_on_ray(
    paths: list[str | Path],
    output: str | Path,
    generator: TaskGenerator,
    *,
    engine: Engine | None = None,
    address: str = "auto",
    num_cpus: int | None = None,
    resume: bool = True,
    batch_chunks: int = 32,
    report_json: str | Path | None = None,
    show_progress: bool = False,
    encoding: str | None = None,
) -> RayFileResult:
    """Generate task pairs from files on a Ray cluster into one JSONL file.

    Writes what a local ``generate_file`` writes (``output``, and the report's JSON
    where asked), with ``OUTPUT.ray/`` as its batch manifest in place of the local
    journal: after a failure or a kill, the same call takes the finished batches from
    it and generates only the others. The output folder must be shared by every node.
    ``encoding`` is that of text and HTML files that are not UTF-8 (``None``: guess,
    and warn once per file), as in ``generate_file``; the workers that load the files
    get it.

    Raises:
        JobUsageError: If the output is also an input, ``batch_chunks`` < 1, or
            ``encoding`` is no codec Python knows.
        NoInputError: If no input file was found.
        JobError: If another run holds ``output`` or the job fails (cause chained).
    """
    import codecs

    from langchain_taskgen.loading.paths import expand_paths

    output = Path(output)
    if batch_chunks < 1:
        raise JobUsageError("batch_chunks must be at least 1")
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError as error:
            raise JobUsageError(f"unknown encoding {encoding!r}") from error
    report_path = None if report_json is None else Path(report_json)
    # The run's own files (pairs, lock, manifest, report) are no skipped inputs.
    own = [output, *([report_path] if report_path is not None else [])]
    expanded = expand_paths(paths, outputs=own)
    files, problems = expanded.files, expanded.problems
    check_output(output, files)
    check_distinct_outputs({"output": output, "report_json": report_path})
    check_not_input({"--report-json": report_path}, files)
    if report_path is not None:
        check_writable(report_path)
    if not files:
        raise NoInputError("no input files found: " + "; ".join(problems))
    folder = manifest_dir(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    lock = OutputLock(output)
    try:
        lock.acquire()
    except RunLockedError as error:
        raise JobError(str(error)) from error
    try:
        if not resume and folder.exists():
            shutil.rmtree(folder)
        with ray_session(address, num_cpus=num_cpus, progress=show_progress) as ray:
            items = [{"order": i, "path": str(p)} for i, p in enumerate(files)]
            inputs = eager(ray.data.from_items(items))  # made here: its context is ours
            try:
                done = generate_on_ray(
                    inputs,
                    generator,
                    engine=engine,
                    manifest=str(folder),
                    batch_chunks=batch_chunks,
                    encoding=encoding,
                )
                count = write_pairs(done, output)
            except EngineRequiredError as error:
                raise JobUsageError(str(error)) from error
            except Exception as error:  # the job's failure, its cause chained
                message = f"generation on Ray failed: {type(error).__name__}: {error}"
                raise JobError(message) from error
        problems += done.input_problems
        if not done.report.documents:
            raise NoInputError("no documents could be loaded: " + "; ".join(problems))
        skipped = Counter(done.skipped_files)
        if expanded.unsupported:
            skipped["unsupported"] += expanded.unsupported
        result = RayFileResult(
            output,
            count,
            done,
            problems,
            folder,
            files=len(files) + expanded.unsupported,
            skipped_files=dict(skipped),
            not_files=expanded.not_files,
            input_warnings=list(done.input_warnings),
        )
        if report_path is not None:
            report_path.write_text(json.dumps(result.to_dict(), indent=2))
        return result
    finally:
        lock.release()
