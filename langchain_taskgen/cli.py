"""The ``taskgen`` command: the whole job without writing Python (thin over the library).

Exit codes: 0 done; 1 failed; 2 bad usage; 3 done, but some inputs were skipped
(unreadable files, broken lines: each is named on stderr); 4 nothing to do (no input);
5 engine failures remain (chunks the model could not answer are not journaled: run the
same command again to retry them).
"""

from __future__ import annotations

import functools
import json
import logging
import os
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Any, NoReturn

import click

from langchain_taskgen.engines.hardware import DTYPES
from langchain_taskgen.generation.chunking import DEFAULT_CHUNK_OVERLAP, DEFAULT_CHUNK_SIZE

EXIT_OK, EXIT_FAILED, EXIT_PARTIAL, EXIT_EMPTY, EXIT_ENGINE = 0, 1, 3, 4, 5
FORMATS = ["auto", "structured", "bonito", "instruct", "instruct-json"]
MODEL_OPTION_NAMES = (
    "model_dir",
    "chat",
    "dtype",
    "prefix_caching",
    "openai_base_url",
    "openai_model",
    "concurrency",
    "timeout",
    "retries",
    "llm_path",
)
EXPORT_FORMATS = [
    "trl",
    "openai-chat",
    "openai-completion",
    "alpaca",
    "sharegpt",
    "squad",
    "hf",
]


def _fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def model_options(func: Any) -> Any:
    """Options that choose the model (shared by generate and eval)."""
    options = [
        click.option(
            "--model",
            "model_dir",
            type=click.Path(path_type=Path),
            help="Local transformers model folder for vLLM (default: the embedded "
            "SmolLM2-135M-Instruct).",
        ),
        click.option(
            "--chat/--no-chat", default=False, help="Apply the model's chat template (vLLM models)."
        ),
        click.option(
            "--dtype",
            type=click.Choice(list(DTYPES)),
            default="auto",
            show_default=True,
            help="vLLM weight dtype. auto: bfloat16 on CPUs with native bf16 (avx512_bf16/AMX), "
            "float32 on other CPUs, vLLM's choice on GPUs.",
        ),
        click.option(
            "--prefix-caching/--no-prefix-caching",
            default=None,
            help="vLLM automatic prefix caching (shared demonstrations and passages are "
            "computed once). Default: vLLM's choice, on wherever supported.",
        ),
        click.option(
            "--openai-base-url",
            metavar="URL",
            help="An OpenAI-compatible server, e.g. `vllm serve` at "
            "http://host:8000/v1 (needs langchain-openai).",
        ),
        click.option(
            "--openai-model",
            metavar="NAME",
            default="default",
            help="Model name on the OpenAI-compatible server.",
        ),
        click.option(
            "--concurrency",
            type=click.IntRange(min=1),
            default=16,
            show_default=True,
            help="Requests in flight to the server.",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0, min_open=True),
            default=120.0,
            show_default=True,
            help="Seconds one request to the server may take.",
        ),
        click.option(
            "--retries",
            type=click.IntRange(min=0),
            default=2,
            show_default=True,
            help="Retries of a failed request (connection errors, timeouts, 429, 5xx).",
        ),
        click.option(
            "--llm",
            "llm_path",
            metavar="MODULE:ATTR",
            help="Import a LangChain model or TaskEngine (or a function returning one) instead.",
        ),
    ]

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["model"] = {name: kwargs.pop(name) for name in MODEL_OPTION_NAMES}
        return func(*args, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def build_llm(
    model_dir: Path | None,
    chat: bool,
    dtype: str,
    prefix_caching: bool | None,
    openai_base_url: str | None,
    openai_model: str,
    concurrency: int,
    timeout: float,
    retries: int,
    llm_path: str | None,
) -> Any:
    """Turn the model options into what ``TaskGenerator(llm=...)`` takes (see engines.resolve)."""
    from langchain_taskgen.engines.resolve import EngineOptionError, engine_from_options
    from langchain_taskgen.errors import EngineError

    try:
        return engine_from_options(
            model_dir=model_dir,
            chat=chat,
            dtype=dtype,
            prefix_caching=prefix_caching,
            openai_base_url=openai_base_url,
            openai_model=openai_model,
            concurrency=concurrency,
            timeout=timeout,
            retries=retries,
            llm_path=llm_path,
        )
    except EngineOptionError as error:
        raise click.UsageError(str(error)) from error
    except EngineError as error:
        _fail(str(error))


def _read_pairs_or_exit(path: Path) -> tuple[list[Any], bool]:
    """The pairs of a JSONL file and whether any line was broken (each one is named)."""
    from langchain_taskgen.export import read_pairs

    try:
        pairs, errors = read_pairs(path)
    except (OSError, UnicodeDecodeError) as error:
        _fail(f"cannot read {path}: {error}")
    for message in errors:
        _warn(f"skipped broken line {message}")
    if not pairs:
        _fail(f"{path}: no pairs", EXIT_EMPTY)
    return pairs, bool(errors)


def _register_label_tasks(specs: tuple[str, ...]) -> None:
    """Register each ``NAME=LABEL,LABEL,...`` as a :class:`LabelTask`."""
    from langchain_taskgen.construct.labels import LabelTask

    names = [spec.partition("=")[0].strip() for spec in specs]
    for spec, name in zip(specs, names, strict=True):
        if "=" not in spec:
            raise click.BadParameter(
                f"{spec!r} has no '=': expected NAME=LABEL,LABEL,...", param_hint="--label-task"
            )
        if names.count(name) > 1:
            raise click.BadParameter(f"{name!r} is given twice", param_hint="--label-task")
        chosen = [label.strip() for label in spec.partition("=")[2].split(",") if label.strip()]
        try:
            LabelTask(name, chosen).register(replace=True)
        except ValueError as error:
            raise click.BadParameter(
                f"{spec!r}: {error} (expected NAME=LABEL,LABEL,...)", param_hint="--label-task"
            ) from error


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log progress details.")
@click.option(
    "--label-task",
    "label_tasks",
    multiple=True,
    metavar="NAME=A,B,...",
    help="Register a classification task over your own labels (repeatable); use it with "
    "-t NAME. Every command reading such pairs needs it too.",
)
@click.version_option(package_name="langchain-taskgen")
def main(verbose: bool, label_tasks: tuple[str, ...]) -> None:
    """Turn unlabelled documents into instruction-tuning task pairs and few-shot examples.

    \b
    Exit codes: 0 done, 1 failed, 2 bad usage, 3 done but inputs skipped, 4 no input,
    5 engine failures remain (rerun to retry them).
    \b
    Your own labels (the structured format labels each passage by embeddings):
      taskgen --label-task doc_topic=networking,security,storage \\
        generate docs/ -t doc_topic -o out/topics.jsonl
    """
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    _register_label_tasks(label_tasks)


@main.command()
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
    "--verify",
    is_flag=True,
    help="Then run `taskgen check`'s checks (near-duplicates and relevance with the default "
    "embeddings, the round trip on the same model): OUTPUT gets the kept pairs, "
    "OUTPUT's .rejected.jsonl the others with their reason.",
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
    verify: bool,
) -> None:
    """Generate task pairs from files (txt, md, html, pdf; directories recursively).

    Resumable: results go to OUTPUT.journal as they are made; run the same command again
    after an interruption (even kill -9) and finished chunks are not generated again.
    Chunks the model could not answer (server down, timeouts) are not journaled: the run
    exits 5 and the same command retries them. One run per OUTPUT at a time.

    \b
    Examples:
      taskgen generate samples/corpus -t ynqa -t exqa -o out/pairs.jsonl
      taskgen generate docs/ -t nli --model ./bonito-v1 --format bonito -o nli.jsonl
      taskgen generate a.pdf -t qa --openai-base-url http://localhost:8000/v1 -o qa.jsonl
      taskgen generate docs/ -t qa -t exqa --verify -o checked.jsonl
    """
    from langchain_taskgen.engines.resolve import looks_like_bonito
    from langchain_taskgen.generation.generator import TaskGenerator
    from langchain_taskgen.generation.runs import OutputLock, ResumableRun, RunLockedError
    from langchain_taskgen.loaders import iter_files, load_paths

    files, _ = iter_files(paths)
    _check_output(output, files)
    if verify:
        _check_writable(output.with_name(output.stem + ".rejected.jsonl"))
    if report_json:
        _check_writable(report_json)
    # Taken before loading and before the engine starts: a second run on the same output
    # stops at once, and a read-only output folder is found before any generation.
    lock = OutputLock(output)
    try:
        lock.acquire()
    except RunLockedError as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"cannot write next to {output}: {error.strerror or error}")
    loaded = load_paths(paths)
    for problem in loaded.problems:
        _warn(problem)
    if not loaded.documents:
        _fail("no documents could be loaded", EXIT_EMPTY)
    click.echo(f"loaded {len(loaded.documents)} documents from {loaded.files} files", err=True)
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
    run = ResumableRun(
        generator, output, chunks_per_batch=batch_chunks, fresh=fresh, show_progress=True
    )
    try:
        result = run.run(loaded.documents)
    except Exception as error:  # noqa: BLE001 - report engine failures as a clean exit
        _fail(f"generation failed: {type(error).__name__}: {error}")
    for problem in result.journal_problems:
        _warn(problem)
    if result.resumed_chunks:
        click.echo(f"resumed: {result.resumed_chunks} chunks from {run.journal}", err=True)
    click.echo(result.report.summary())
    report = result.report.to_dict()
    rejected_path = output.with_name(output.stem + ".rejected.jsonl")
    if not verify and rejected_path.exists():
        _warn(f"{rejected_path} is from an earlier --verify run, not from this one")
    if verify:
        from langchain_taskgen.export import write_jsonl

        kept, dropped, checked = _verify(
            result.pairs, embeddings=True, min_quality=None, engine=generator.engine
        )
        try:
            write_jsonl(kept, output)
            write_jsonl([p.with_metadata(rejected_reason=r) for p, r in dropped], rejected_path)
        except OSError as error:
            _fail(f"cannot write: {error}")
        click.echo("verify: " + checked.summary())
        click.echo(f"wrote {len(kept)} pairs to {output}, {len(dropped)} to {rejected_path}")
        report["verify"] = checked.to_dict()
    else:
        click.echo(f"wrote {len(result.pairs)} pairs to {output}")
    if report_json:
        try:
            report_json.write_text(json.dumps(report, indent=2))
        except OSError as error:
            _fail(f"cannot write {report_json}: {error.strerror or error}")
    if result.failed_chunks:
        _warn(
            f"{result.failed_chunks} chunks failed for engine reasons and are not journaled; "
            "run the same command again to retry them. Errors: " + "; ".join(result.engine_errors)
        )
        sys.exit(EXIT_ENGINE)
    sys.exit(EXIT_PARTIAL if loaded.problems else EXIT_OK)


def _verify(
    pairs: list[Any],
    *,
    embeddings: bool,
    min_quality: float | None,
    engine: Any,
    round_trip_tasks: tuple[str, ...] = (),
    min_round_trip: float = 0.0,
) -> tuple[list[Any], list[tuple[Any, str]], Any]:
    """``verify_pairs`` with the default embeddings (if asked) and a round trip on ``engine``."""
    from langchain_taskgen.checks.verify import verify_pairs
    from langchain_taskgen.errors import EngineError

    encoder = None
    if embeddings:
        from langchain_taskgen.embeddings import SentenceTransformerEmbeddings

        try:
            encoder = SentenceTransformerEmbeddings()
        except ImportError as error:
            _fail(f"{error} (or pass --no-embeddings)")
    if min_quality is not None and encoder is None:
        raise click.UsageError("--min-quality needs the embeddings (drop --no-embeddings)")
    checker = None
    if engine is not None:
        from langchain_taskgen.checks.roundtrip import (
            DEFAULT_ROUND_TRIP_TASKS,
            RoundTripCheck,
            parse_task_types,
        )

        try:
            tasks = (
                parse_task_types(round_trip_tasks) if round_trip_tasks else DEFAULT_ROUND_TRIP_TASKS
            )
        except ValueError as error:
            raise click.UsageError(str(error)) from error
        checker = RoundTripCheck(engine, min_score=min_round_trip, task_types=tasks)
    try:
        return verify_pairs(pairs, embeddings=encoder, min_quality=min_quality, round_trip=checker)
    except EngineError as error:
        _fail(f"{error} (or pass --no-round-trip)")


def _check_writable(path: Path) -> None:
    """Fail now, before any work, if ``path`` could not be written later.

    A real write probe (permission bits say nothing when running as root, or on a
    read-only mount): the folder is created, the file opened for appending or created
    and removed again.
    """
    if path.is_dir():
        _fail(f"{path} is a directory, not a file", 2)
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
        _fail(f"cannot write {path}: {error.strerror or error}")


def _check_output(output: Path, inputs: list[Path]) -> None:
    """The output (and its journal) must not be one of the inputs."""
    _check_writable(output)
    real = os.path.realpath(output)
    guarded = {real, real + ".journal", real + ".lock"}
    for path in inputs:
        if os.path.realpath(path) in guarded:
            raise click.UsageError(
                f"-o {output} is also an input ({path}); it would be overwritten"
            )


@main.command()
@click.argument("pairs_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--to", "fmt", type=click.Choice(EXPORT_FORMATS), required=True)
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--system", help="System message added to every example.")
@click.option("--dedupe", is_flag=True, help="Drop repeated pairs (same task, input, output).")
@click.option(
    "--max-length",
    type=int,
    default=2048,
    show_default=True,
    help="The trainer's max sequence length in tokens; longer examples are warned about.",
)
@click.option(
    "--tokenizer",
    metavar="DIR|default|chars",
    default="default",
    show_default=True,
    help="Tokenizer to count tokens with: a model folder, the default model's, or chars/4.",
)
@click.option(
    "--sharegpt-roles",
    type=click.Choice(["sharegpt", "openai"]),
    default="sharegpt",
    show_default=True,
    help="sharegpt: human/gpt (LLaMA-Factory, Axolotl); openai: user/assistant (TRL).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the data check as JSON.")
@click.option(
    "--min-quality",
    type=click.FloatRange(0, 1),
    help="Drop pairs whose metadata['quality'] (from taskgen check) is lower.",
)
def export(
    pairs_file: Path,
    fmt: str,
    out_dir: Path,
    system: str | None,
    dedupe: bool,
    max_length: int,
    tokenizer: str,
    sharegpt_roles: str,
    as_json: bool,
    min_quality: float | None,
) -> None:
    """Export a pairs file to a fine-tuning format in OUT_DIR, with a data check.

    \b
    Formats: trl (prompt/completion, answer-only loss in TRL SFTTrainer), openai-chat,
    openai-completion, alpaca, sharegpt (+ LLaMA-Factory dataset_info.json for these
    three), squad (+ squad-v1.1.json, squad-run_qa.json; exqa pairs only), hf
    (datasets.save_to_disk).

    \b
    Examples:
      taskgen export out/pairs.jsonl --to trl out/ft              # out/ft/trl.jsonl
      taskgen export out/pairs.jsonl --to squad out/ft            # exqa pairs only
      taskgen export out/pairs.jsonl --to hf out/ft --dedupe      # datasets folder
      taskgen export out/pairs.jsonl --to sharegpt out/ft --sharegpt-roles openai
      taskgen export out/kept.jsonl --to trl out/ft --min-quality 0.9   # after taskgen check
    """
    from langchain_taskgen.export import export_pairs, load_tokenizer

    pairs, broken = _read_pairs_or_exit(pairs_file)
    counter = (
        None
        if tokenizer == "chars"
        else load_tokenizer(None if tokenizer == "default" else tokenizer)
    )
    try:
        result = export_pairs(
            pairs,
            out_dir,
            fmt,
            system=system,
            dedupe=dedupe,
            max_length=max_length,
            tokenizer=counter,
            sharegpt_roles=sharegpt_roles,
            min_quality=min_quality,
        )
    except OSError as error:
        _fail(f"cannot write to {out_dir}: {error.strerror or error}")
    summary = result.summary
    if as_json:
        click.echo(json.dumps(summary.to_dict(), indent=2))
    else:
        click.echo(summary.text())
    for warning in summary.warnings():
        _warn(warning)
    written = ", ".join(str(f) for f in result.files)
    click.echo(
        f"wrote {result.records} records to {written}"
        + (f" ({summary.skipped} pairs do not fit {fmt})" if summary.skipped else ""),
        err=as_json,
    )
    sys.exit(EXIT_PARTIAL if broken else EXIT_OK)


@main.command()
@click.argument("pairs_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output-dir", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option(
    "--base-model",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Transformers model folder to start from (default: the embedded SmolLM2-135M).",
)
@click.option("--lora", is_flag=True, help="Train LoRA adapters (merged when saved).")
@click.option("--max-steps", type=int, default=-1, show_default=True, help="-1: run --epochs.")
@click.option("--epochs", type=float, default=1.0, show_default=True)
@click.option("--batch-size", type=int, default=2, show_default=True)
@click.option("--max-length", type=int, default=512, show_default=True, help="Tokens.")
@click.option("--learning-rate", type=float, help="Default 5e-5 (full) or 2e-4 (LoRA).")
@click.option("--eval-fraction", type=float, default=0.1, show_default=True)
@click.option("--system", help="System message added to every example.")
@click.option("--seed", type=int, default=0, show_default=True)
def finetune(
    pairs_file: Path,
    output_dir: Path,
    base_model: Path | None,
    lora: bool,
    max_steps: int,
    epochs: float,
    batch_size: int,
    max_length: int,
    learning_rate: float | None,
    eval_fraction: float,
    system: str | None,
    seed: int,
) -> None:
    """Fine-tune a model on a pairs file with TRL (loss on the answers only).

    Saves a transformers folder that `--model DIR` and `taskgen eval --finetune DIR`
    load; the held-back pairs go to DIR/heldout.jsonl. Needs the finetune extra
    (pip install "langchain-taskgen[finetune]").

    \b
    Examples:
      taskgen finetune out/split/train.jsonl -o out/ft-model --max-steps 50
      taskgen finetune out/pairs.jsonl -o out/ft-lora --lora --epochs 2
    """
    from langchain_taskgen.finetune import finetune as run_finetune

    pairs, broken = _read_pairs_or_exit(pairs_file)
    try:
        result = run_finetune(
            pairs,
            output_dir,
            base_model=base_model,
            lora=lora,
            max_steps=max_steps,
            epochs=epochs,
            batch_size=batch_size,
            max_length=max_length,
            learning_rate=learning_rate,
            eval_fraction=eval_fraction,
            system=system,
            seed=seed,
        )
    except ImportError as error:
        _fail(str(error))
    except ValueError as error:
        _fail(str(error))
    click.echo(
        f"{result.method} fine-tune: {result.train_pairs} train / {result.eval_pairs} held-back "
        f"pairs, {result.steps} steps in {result.seconds:.1f} s "
        f"({result.seconds_per_step:.2f} s/step)"
        + (f", train loss {result.train_loss:.3f}" if result.train_loss is not None else "")
        + (f", held-back loss {result.eval_loss:.3f}" if result.eval_loss is not None else "")
    )
    if result.dropped_pairs or result.truncated_pairs:
        _warn(
            f"{result.dropped_pairs} train pairs dropped (the prompt alone is over "
            f"--max-length {max_length} tokens), {result.truncated_pairs} with the answer cut; "
            "raise --max-length to keep them"
        )
    click.echo(f"saved to {result.output_dir}")
    sys.exit(EXIT_PARTIAL if broken else EXIT_OK)


@main.command()
@click.argument("source", type=click.Path(exists=True, path_type=Path))
@click.argument("query")
@click.option("-k", type=int, default=4, show_default=True)
@click.option("-t", "--task-type", "task_types", multiple=True, help="Only these task types.")
@click.option(
    "--search",
    type=click.Choice(["hybrid", "dense", "lexical"]),
    default="hybrid",
    show_default=True,
    help="hybrid = embeddings fused with BM25 (recommended).",
)
@click.option("--mmr", is_flag=True, help="Diversify with maximal marginal relevance.")
@click.option(
    "--min-quality",
    type=click.FloatRange(0, 1),
    help="Skip pairs whose metadata['quality'] (from `taskgen check`) is lower; "
    "pairs without a score stay selectable.",
)
@click.option(
    "--save-index",
    type=click.Path(file_okay=False, path_type=Path),
    help="Save the built index here (load it later by passing the folder).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def select(
    source: Path,
    query: str,
    k: int,
    task_types: tuple[str, ...],
    search: str,
    mmr: bool,
    min_quality: float | None,
    save_index: Path | None,
    as_json: bool,
) -> None:
    """Show the K examples the selector picks for QUERY.

    SOURCE is a pairs JSONL file or an index folder saved with --save-index.

    \b
    Examples:
      taskgen select out/pairs.jsonl "Must I keep the NOTICE file?" -k 3
      taskgen select out/pairs.jsonl "warranty" --save-index out/index
      taskgen select out/index "warranty" -t ynqa --mmr
      taskgen select out/kept.jsonl "warranty" --min-quality 0.8
    """
    from langchain_taskgen.selection import SelectorLoadError, TaskPairExampleSelector

    settings: dict[str, Any] = {
        "k": k,
        "search": search,
        "mmr": mmr,
        "task_types": list(task_types) or None,
        "min_quality": min_quality,
    }
    broken = False
    try:
        if source.is_dir():
            selector = TaskPairExampleSelector.load(source, **settings)
        else:
            pairs, broken = _read_pairs_or_exit(source)
            selector = TaskPairExampleSelector(**settings, show_progress=True)
            selector.add_pairs(pairs)
    except (SelectorLoadError, ValueError) as error:
        _fail(str(error))
    if save_index:
        selector.save(save_index)
        click.echo(f"saved index of {len(selector)} pairs to {save_index}", err=True)
    chosen = selector.search_with_scores(query)
    if as_json:
        click.echo(json.dumps([{**e, "score": s} for e, s in chosen], ensure_ascii=False, indent=2))
    else:
        for i, (example, value) in enumerate(chosen, 1):
            click.echo(f"#{i} [{example.get('task_type', '?')}] score={value:.4f}")
            click.echo(f"  input : {_short(str(example['input']))}")
            click.echo(f"  output: {_short(str(example['output']))}")
    sys.exit(EXIT_PARTIAL if broken else EXIT_OK)


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else "..." + text[-limit:]


@main.command()
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
    "Default: exqa, qa, qg, sent_comp, summarization, text_gen.",
)
@click.option(
    "--min-round-trip",
    type=float,
    default=0.0,
    show_default=True,
    help="Reject pairs whose round-trip score is at or below this.",
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
    model: dict[str, Any],
) -> None:
    """Check any pairs file and keep the pairs that pass every check.

    Strict task checks (labels, options, answer spans, loops, answers given away in the
    input, question form), duplicates, with embeddings near-duplicates and pairs whose
    text does not point to their own passage, and with the round trip (the model, default
    the embedded one) answers that their passage does not make more likely. Kept pairs get
    metadata["quality"] (0..1, how well their text points to their own passage) and
    metadata["round_trip"] (the score). Rejected pairs keep their reason in
    metadata["rejected_reason"].

    \b
    Examples:
      taskgen check out/pairs.jsonl -o out/kept.jsonl --rejected out/rejected.jsonl
      taskgen check hand-written.jsonl -o kept.jsonl --no-embeddings --no-round-trip
      taskgen check pairs.jsonl -o kept.jsonl --round-trip-task all --model ./my-model
    """
    from langchain_taskgen.export import write_jsonl

    pairs, broken = _read_pairs_or_exit(pairs_file)
    for path in (output, rejected, report_json):
        if path is not None and path.resolve() == pairs_file.resolve():
            raise click.UsageError(f"{path} is the input file; choose another output")
    engine = None
    if round_trip:
        from langchain_taskgen.engines.resolve import resolve_engine

        engine = resolve_engine(build_llm(**model))
    kept, dropped, report = _verify(
        pairs,
        embeddings=embeddings,
        min_quality=min_quality,
        engine=engine,
        round_trip_tasks=round_trip_tasks,
        min_round_trip=min_round_trip,
    )
    try:
        write_jsonl(kept, output)
        if rejected is not None:
            marked = [p.with_metadata(rejected_reason=reason) for p, reason in dropped]
            write_jsonl(marked, rejected)
        if report_json is not None:
            report_json.write_text(json.dumps(report.to_dict(), indent=2), encoding="utf-8")
    except OSError as error:
        _fail(f"cannot write: {error}")
    click.echo(report.summary())
    click.echo(f"wrote {len(kept)} pairs to {output}")
    sys.exit(EXIT_PARTIAL if broken else EXIT_OK)


@main.command()
@click.argument("pairs_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats(pairs_file: Path, as_json: bool) -> None:
    """Summarise a pairs file: per task type, per source, lengths.

    \b
    Example:
      taskgen stats out/pairs.jsonl
    """
    pairs, broken = _read_pairs_or_exit(pairs_file)

    def lengths(values: list[int]) -> dict[str, float]:
        return {"mean": round(statistics.mean(values), 1), "min": min(values), "max": max(values)}

    task_counts = dict(Counter(p.task_type for p in pairs).most_common())
    source_counts = dict(Counter(str(p.metadata.get("source", "?")) for p in pairs).most_common())
    input_chars = lengths([len(p.input) for p in pairs])
    output_chars = lengths([len(p.output) for p in pairs])
    if as_json:
        summary = {
            "pairs": len(pairs),
            "task_types": task_counts,
            "sources": source_counts,
            "input_chars": input_chars,
            "output_chars": output_chars,
        }
        click.echo(json.dumps(summary, indent=2))
    else:
        click.echo(f"pairs: {len(pairs)}")
        for title, counts in (("task types", task_counts), ("sources", source_counts)):
            click.echo(f"{title}:")
            for name, count in counts.items():
                click.echo(f"  {name}: {count}")
        for title, v in (("input chars", input_chars), ("output chars", output_chars)):
            click.echo(f"{title}: mean {v['mean']}, min {v['min']}, max {v['max']}")
    sys.exit(EXIT_PARTIAL if broken else EXIT_OK)


@main.command()
@click.argument("pairs_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("--eval-fraction", type=float, default=0.2, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
def split(pairs_file: Path, out_dir: Path, eval_fraction: float, seed: int) -> None:
    """Split pairs into train/eval by source document (no document in both).

    \b
    Example:
      taskgen split out/pairs.jsonl -o out/split --eval-fraction 0.25
    """
    from langchain_taskgen.evaluation import split_by_source
    from langchain_taskgen.export import write_jsonl

    pairs, broken = _read_pairs_or_exit(pairs_file)
    try:
        train, test = split_by_source(pairs, eval_fraction, seed)
    except ValueError as error:
        _fail(str(error))
    write_jsonl(train, out_dir / "train.jsonl")
    write_jsonl(test, out_dir / "eval.jsonl")
    sources = sorted({str(p.metadata.get("source", "?")) for p in test})
    click.echo(f"train: {len(train)} pairs -> {out_dir / 'train.jsonl'}")
    click.echo(f"eval : {len(test)} pairs -> {out_dir / 'eval.jsonl'} (sources: {sources})")
    sys.exit(EXIT_PARTIAL if broken else EXIT_OK)


@main.command(name="eval")
@click.argument("train_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("eval_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@model_options
@click.option("-k", type=int, default=3, show_default=True)
@click.option("--limit", type=int, help="Evaluate at most this many eval pairs.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "-o",
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("out/eval"),
    show_default=True,
)
@click.option(
    "--finetune",
    "finetuned",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A `taskgen finetune` model folder: adds the fine-tuned column.",
)
def evaluate(
    train_file: Path,
    eval_file: Path,
    model: dict[str, Any],
    k: int,
    limit: int | None,
    seed: int,
    out_dir: Path,
    finetuned: Path | None,
) -> None:
    """Score a baseline, zero-shot, k-shot (random, selected) and a fine-tuned model.

    All on the same eval pairs, with what each approach cost. Writes eval.json,
    eval.md (tables), eval.png (plot) and predictions.jsonl (every answer and its
    score) to OUT_DIR.

    \b
    Example:
      taskgen split out/pairs.jsonl -o out/split
      taskgen finetune out/split/train.jsonl -o out/ft --eval-fraction 0
      taskgen eval out/split/train.jsonl out/split/eval.jsonl -k 3 --finetune out/ft
    """
    import random

    from langchain_taskgen.evaluation import evaluate_few_shot

    train, broken_train = _read_pairs_or_exit(train_file)
    test, broken_test = _read_pairs_or_exit(eval_file)
    if limit and len(test) > limit:
        test = random.Random(seed).sample(test, limit)
    llm = build_llm(**model)
    result = evaluate_few_shot(train, test, llm, k=k, seed=seed, finetuned=finetuned)
    result.save(out_dir)
    click.echo(result.table())
    click.echo(f"engine failures per approach: {result.failures}")
    click.echo(
        f"wrote {out_dir / 'eval.json'}, {out_dir / 'eval.md'}, {out_dir / 'eval.png'}, "
        f"{out_dir / 'predictions.jsonl'}"
    )
    sys.exit(EXIT_PARTIAL if broken_train or broken_test else EXIT_OK)


if __name__ == "__main__":
    main()
