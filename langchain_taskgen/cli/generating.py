"""``taskgen generate``: documents in, pairs out (:func:`~langchain_taskgen.jobs.generate_file`)."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any, Literal

import click

from langchain_taskgen.cli.inputs import encoding_option, inputs_line, refuse_missing
from langchain_taskgen.cli.options import (
    DEFAULT_CHUNK_OVERLAP,
    DEFAULT_CHUNK_SIZE,
    EXIT_ENGINE,
    FORMATS,
    build_llm,
    echo_note,
    exit_status,
    job_errors,
    model_options,
    warn,
)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-t",
    "--task-type",
    "task_types",
    multiple=True,
    default=["exqa"],
    show_default=True,
    help="Task type (repeat for several): exqa, ynqa, mcqa, ...",
)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True, help="Pairs JSONL to write."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="auto",
    show_default=True,
    help="structured: code builds each task, the model writes only paraphrases and "
    "summaries (any model); bonito for Bonito models; instruct: the model writes whole "
    "pairs by prompt. auto: bonito if the model's name says so, else structured.",
)
@model_options
@click.option(
    "-n",
    "--samples",
    "n",
    type=int,
    default=1,
    show_default=True,
    help="Completions per chunk and task type.",
)
@click.option(
    "--chunk-size", type=int, default=DEFAULT_CHUNK_SIZE, show_default=True, help="Characters."
)
@click.option("--chunk-overlap", type=int, default=DEFAULT_CHUNK_OVERLAP, show_default=True)
@click.option("--max-tokens", type=int, default=256, show_default=True)
@click.option("--temperature", type=float, default=0.5, show_default=True)
@click.option(
    "--batch-chunks",
    type=click.IntRange(min=1),
    default=32,
    show_default=True,
    help="Chunks per engine call and per journal entry.",
)
@click.option("--fresh", is_flag=True, help="Ignore the journal of an earlier run.")
@click.option("--report-json", type=click.Path(path_type=Path), help="Write the report here.")
@click.option(
    "--force-format",
    is_flag=True,
    help="Use --format bonito even though the model's name does not say Bonito.",
)
@click.option(
    "--model-questions",
    type=click.Choice(["auto", "on", "off"]),
    default="auto",
    show_default=True,
    help="structured format: the model writes the questions of exqa, qa and qg for the "
    "answers code chose, each checked (no copied sentence, no answer inside, a round trip "
    "gives the answer back) with the code question as fallback. auto: every model but the "
    "embedded default.",
)
@click.option(
    "--code-rewrites/--model-rewrites",
    "code_rewrites",
    default=None,
    help="structured format: nli, te and paraphrase_id build their second sentence by "
    "code (one word changed; the kind of change tends to give the label away) or from the "
    "model's checked paraphrase. Default: the model's, except on the embedded default "
    "model, which makes none of these three, nor ynqa, unless --code-rewrites.",
)
@click.option(
    "--verify",
    is_flag=True,
    help="Then run `taskgen check`'s checks (near-duplicates and relevance with the default "
    "embeddings, the round trip on the same model): OUTPUT gets the kept pairs, "
    "OUTPUT's .rejected.jsonl the others with their reason.",
)
@click.option(
    "--reject-unscored/--keep-unscored",
    default=True,
    show_default=True,
    help="With --verify: pairs the round trip could not score (the model failed on them) "
    "are rejected as unscored, or kept without a score. Either way the run exits 5.",
)
@click.option(
    "--audit/--no-audit",
    default=True,
    show_default=True,
    help="Run the shortcut audit (`taskgen audit`) on the pairs written and print its summary.",
)
@encoding_option
@click.option(
    "--ray",
    "ray_address",
    is_flag=False,
    flag_value="auto",
    default=None,
    metavar="ADDRESS",
    help="Run on a Ray cluster (needs langchain-taskgen[ray]): auto joins the running "
    "cluster or starts a local one, local starts one here, or Ray's address "
    "(ray://head:10001). Same pairs as a local run; OUTPUT.ray/ is its batch manifest. "
    "See docs/cluster.md.",
)
def generate(
    paths: tuple[Path, ...],
    task_types: tuple[str, ...],
    output: Path,
    fmt: str,
    model: dict[str, Any],
    n: int,
    chunk_size: int,
    chunk_overlap: int,
    max_tokens: int,
    temperature: float,
    batch_chunks: int,
    fresh: bool,
    report_json: Path | None,
    force_format: bool,
    model_questions: Literal["auto", "on", "off"],
    code_rewrites: bool | None,
    verify: bool,
    reject_unscored: bool,
    audit: bool,
    encoding: str | None,
    ray_address: str | None,
) -> None:
    """Generate task pairs from files (txt, md, html, pdf; directories recursively).

    Resumable: results go to OUTPUT.journal as they are made; run the same command again
    after an interruption (even kill -9) and finished chunks are not generated again.
    Chunks the model could not answer (server down, timeouts) are not journaled: the run
    exits 5 and the same command retries them. One run per OUTPUT at a time. A path
    that does not exist stops the command before any work (exit 2).

    \b
    Examples:
      taskgen generate samples/corpus -t ynqa -t exqa -o out/pairs.jsonl
      taskgen generate docs/ -t nli --model ./bonito-v1 --format bonito -o nli.jsonl
      taskgen generate a.pdf -t qa --openai-base-url http://localhost:8000/v1 -o qa.jsonl
      taskgen generate docs/ -t qa -t exqa --verify -o checked.jsonl
    """
    from langchain_taskgen.engines.resolve import looks_like_bonito
    from langchain_taskgen.generation.generator import TaskGenerator
    from langchain_taskgen.jobs import generate_file

    if ray_address is not None and verify:
        raise click.UsageError("--verify does not run on Ray: run `taskgen check` on OUTPUT")
    refuse_missing(paths)  # before the model starts
    llm = build_llm(**model)
    try:
        generator = TaskGenerator(
            llm=llm,
            task_type=list(task_types),
            format=fmt,
            n=n,
            chunk_size=chunk_size,
            chunk_overlap=chunk_overlap,
            max_tokens=max_tokens,
            temperature=temperature,
            model_questions=model_questions,
            code_rewrites=code_rewrites,
        )
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    if fmt == "bonito" and not force_format and not looks_like_bonito(llm):
        # A model never trained on the Bonito format answers it with noise (the default
        # model: 0 parseable completions of 384); say so before spending the run.
        raise click.UsageError(
            "--format bonito needs a Bonito-trained model (e.g. --model ./bonito-v1); this "
            "model's name does not say Bonito, and other models give almost no parseable "
            "completions in that format. Use --format structured, or --force-format to insist."
        )
    if ray_address is not None:
        from langchain_taskgen.cli.on_ray import generate_on_ray

        job = (paths, output, generator, model, ray_address, batch_chunks, fresh, report_json)
        generate_on_ray(*job, audit, encoding)
    with job_errors():
        result = generate_file(
            paths,
            output,
            generator,
            verify=verify,
            reject_unscored=reject_unscored,
            report_json=report_json,
            resume=not fresh,
            batch_chunks=batch_chunks,
            show_progress=True,
            audit=audit,
            encoding=encoding,
            on_note=echo_note,
        )
    click.echo(inputs_line(result))
    click.echo(result.report.summary())
    if result.verify_report is not None:
        click.echo("verify: " + result.verify_report.summary())
        click.echo(
            f"wrote {len(result.pairs)} pairs to {output}, "
            f"{len(result.rejected)} to {result.rejected_path}"
        )
    else:
        click.echo(f"wrote {len(result.pairs)} pairs to {output}")
    if result.audit is not None:
        details = f" (details: taskgen audit {shlex.quote(str(output))})"
        click.echo(result.audit.summary() + details)
    if not result.complete:
        warn(
            f"{result.run.failed_chunks} chunks failed for engine reasons and are not "
            "journaled; run the same command again to retry them. Errors: "
            + "; ".join(result.run.engine_errors)
        )
        sys.exit(EXIT_ENGINE)
    if result.verify_report is not None and result.verify_report.round_trip_failed:
        sys.exit(EXIT_ENGINE)  # the warning above names the errors
    exit_status(bool(result.input_problems))
