"""``taskgen generate --ray``: the main job on a Ray cluster (:mod:`langchain_taskgen.cluster`)."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path
from typing import Any, NoReturn

import click

from langchain_taskgen.cli.inputs import skipped_inputs_line
from langchain_taskgen.cli.options import (
    EXIT_ENGINE,
    exit_status,
    fail,
    job_errors,
    warn,
)


def generate_on_ray(
    paths: tuple[Path, ...],
    output: Path,
    generator: Any,
    model: dict[str, Any],
    address: str,
    batch_chunks: int,
    fresh: bool,
    report_json: Path | None,
    audit: bool = True,
    encoding: str | None = None,
) -> NoReturn:
    """``--ray``: the same job on a Ray cluster (langchain_taskgen.cluster); exits."""
    if generator.writes_questions():
        # The written questions' round trip runs on the engine between sending and
        # judging, a step the Ray stages do not have yet: code builds the questions.
        if generator.model_questions == "on":
            raise click.UsageError(
                "--model-questions on does not run on Ray yet; use --model-questions off"
            )
        generator.model_questions = "off"
        warn("on Ray, exqa, qa and qg questions are built by code (--model-questions off)")
    from langchain_taskgen.cluster.command import engine_for_options
    from langchain_taskgen.cluster.files import generate_files_on_ray
    from langchain_taskgen.loading import GuessedEncodingWarning

    with job_errors(), warnings.catch_warnings():
        # Printed below from the result, once per file, as a local run prints them.
        warnings.simplefilter("ignore", GuessedEncodingWarning)
        try:
            engine = engine_for_options(model)
            result = generate_files_on_ray(
                list(paths),
                output,
                generator,
                engine=engine,
                address=address,
                resume=not fresh,
                batch_chunks=batch_chunks,
                report_json=report_json,
                encoding=encoding,
            )
        except ImportError as error:
            fail(str(error))
    for message in [*result.input_warnings, *result.input_problems]:
        warn(message)
    click.echo(
        skipped_inputs_line(
            result.files, result.input_problems, result.skipped_files, result.not_files
        )
    )
    click.echo(result.report.summary())
    done = result.generation
    click.echo(
        f"wrote {result.pairs} pairs to {output} (Ray: {done.generated_batches} batches "
        f"generated, {done.resumed_batches} taken from {result.manifest})"
    )
    if audit:
        _audit_output(output, report_json)
    if not result.complete:
        warn(
            f"{done.failed_chunks} chunks failed for engine reasons and are not in the "
            "manifest; run the same command again to retry them. Errors: "
            + "; ".join(done.engine_errors)
        )
        sys.exit(EXIT_ENGINE)
    exit_status(bool(result.input_problems))


def _audit_output(output: Path, report_json: Path | None) -> None:
    """The shortcut audit of the pairs written, as a local run prints it and records it.

    The pairs are read back from ``output``: on Ray they never sit on the driver whole.
    """
    import json
    import shlex

    from langchain_taskgen._atomic import atomic_write_text
    from langchain_taskgen.checks.audit import audit_pairs
    from langchain_taskgen.pairs import read_pairs

    try:
        pairs, _ = read_pairs(output)
        report = audit_pairs(pairs)
    except Exception as error:  # noqa: BLE001 - the pairs are written; say the audit did not run
        warn(f"the shortcut audit could not run: {type(error).__name__}: {error}")
        return
    click.echo(report.summary() + f" (details: taskgen audit {shlex.quote(str(output))})")
    if report_json is not None:
        data = json.loads(report_json.read_text(encoding="utf-8"))
        data["audit"] = report.to_dict()
        atomic_write_text(report_json, json.dumps(data, indent=2))
