"""``taskgen check``: keep the pairs that pass every check (see jobs.check_file)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from langchain_taskgen.cli.options import (
    EXIT_ENGINE,
    build_llm,
    echo_note,
    exit_status,
    job_errors,
    model_options,
)


@click.command()
@click.argument("pairs_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help="Kept pairs JSONL."
)
@click.option("--rejected", type=click.Path(path_type=Path), help="Rejected pairs JSONL.")
@click.option("--report-json", type=click.Path(path_type=Path), help="Write the report here.")
@click.option(
    "--embeddings/--no-embeddings",
    default=True,
    show_default=True,
    help="Also check near-duplicates and passage relevance with the default embeddings.",
)
@click.option(
    "--min-quality",
    type=click.FloatRange(0, 1),
    help="Reject pairs whose relevance quality (metadata['quality'], 0..1) is lower.",
)
@click.option(
    "--round-trip/--no-round-trip",
    default=True,
    show_default=True,
    help="Ask the model whether each pair's passage makes its answer more likely "
    "(rejects not_grounded pairs; starts the model).",
)
@click.option(
    "--round-trip-task",
    "round_trip_tasks",
    multiple=True,
    help="Task types the round trip checks (repeatable; 'all' for every type). "
    "Default: exqa, qa, qg, summarization, text_gen.",
)
@click.option(
    "--min-round-trip",
    type=float,
    default=0.0,
    show_default=True,
    help="Reject pairs whose round-trip score is at or below this.",
)
@click.option(
    "--reject-unscored/--keep-unscored",
    default=True,
    show_default=True,
    help="Pairs the round trip could not score (the model failed on them) are rejected "
    "as unscored, or kept without a score. Either way the run warns and exits 5.",
)
@model_options
def check(
    pairs_file: Path,
    output: Path,
    rejected: Path | None,
    report_json: Path | None,
    embeddings: bool,
    min_quality: float | None,
    round_trip: bool,
    round_trip_tasks: tuple[str, ...],
    min_round_trip: float,
    reject_unscored: bool,
    model: dict[str, Any],
) -> None:
    """Check any pairs file and keep the pairs that pass every check.

    Strict task checks (labels, options, answer spans, loops, answers given away in the
    input, question form), duplicates, with embeddings near-duplicates and pairs whose
    text does not point to their own passage, and with the round trip (the model, default
    the embedded one) answers that their passage does not make more likely. Kept pairs get
    metadata["quality"] (0..1, how well their text points to their own passage) and
    metadata["round_trip"] (the score). Rejected pairs keep their reason in
    metadata["rejected_reason"]. Pairs the model could not score (server down, timeouts)
    are not checked: they are rejected as unscored (or kept with --keep-unscored), the
    errors are named and the command exits 5; run it again to retry.

    \b
    Examples:
      taskgen check out/pairs.jsonl -o out/kept.jsonl --rejected out/rejected.jsonl
      taskgen check hand-written.jsonl -o kept.jsonl --no-embeddings --no-round-trip
      taskgen check pairs.jsonl -o kept.jsonl --round-trip-task all --model ./my-model
    """
    from langchain_taskgen.jobs import check_file

    engine = None
    if round_trip:
        from langchain_taskgen.engines.resolve import resolve_engine

        engine = resolve_engine(build_llm(**model))  # set up here, started by the check
    with job_errors():
        result = check_file(
            pairs_file,
            output,
            rejected=rejected,
            report_json=report_json,
            embeddings=embeddings,
            min_quality=min_quality,
            round_trip=engine,
            round_trip_tasks=round_trip_tasks,
            min_round_trip=min_round_trip,
            reject_unscored=reject_unscored,
            on_note=echo_note,
        )
    click.echo(result.report.summary())
    click.echo(f"wrote {len(result.kept)} pairs to {output}")
    if result.report.round_trip_failed:
        sys.exit(EXIT_ENGINE)  # the warning above names the errors
    exit_status(bool(result.broken_lines))
