"""Pairs-file tools: ``taskgen stats``, ``taskgen split``, ``taskgen export``."""

from __future__ import annotations

import json
import math
import statistics
from collections import Counter
from pathlib import Path
from typing import Any

import click

from langchain_taskgen.cli.options import (
    echo_note,
    exit_status,
    fail,
    job_errors,
    read_pairs_or_exit,
    refuse_overwriting,
    warn,
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


def _open_fraction(_ctx: Any, param: Any, value: float) -> float:
    """A fraction strictly between 0 and 1 (NaN is none: it fails every comparison)."""
    if not 0.0 < value < 1.0:
        raise click.BadParameter(f"must be between 0 and 1 (exclusive), got {value}")
    return value


def _quality(_ctx: Any, param: Any, value: float | None) -> float | None:
    """A minimum quality in [0, 1]; NaN would keep or drop pairs by accident."""
    if value is not None and not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise click.BadParameter(f"must be a number from 0 to 1, got {value}")
    return value


@click.command()
@click.argument("pairs_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def stats(pairs_file: Path, as_json: bool) -> None:
    """Summarise a pairs file: per task type, per source, lengths, broken lines.

    Broken lines are skipped, each named (FILE:LINE) in a warning, counted in the
    summary, and the command exits 3, as ``taskgen audit`` does.

    \b
    Example:
      taskgen stats out/pairs.jsonl
    """
    from langchain_taskgen.jobs import read_pairs_file

    with job_errors():
        pairs, broken = read_pairs_file(pairs_file, echo_note)

    def lengths(values: list[int]) -> dict[str, float]:
        return {"mean": round(statistics.mean(values), 1), "min": min(values), "max": max(values)}

    task_counts = dict(Counter(p.task_type for p in pairs).most_common())
    source_counts = dict(Counter(str(p.metadata.get("source", "?")) for p in pairs).most_common())
    input_chars = lengths([len(p.input) for p in pairs])
    output_chars = lengths([len(p.output) for p in pairs])
    if as_json:
        summary = {
            "pairs": len(pairs),
            "broken_lines": broken,
            "task_types": task_counts,
            "sources": source_counts,
            "input_chars": input_chars,
            "output_chars": output_chars,
        }
        click.echo(json.dumps(summary, indent=2))
    else:
        click.echo(f"pairs: {len(pairs)}")
        if broken:
            click.echo(f"broken lines: {len(broken)} (skipped, each named in a warning)")
        for title, counts in (("task types", task_counts), ("sources", source_counts)):
            click.echo(f"{title}:")
            for name, count in counts.items():
                click.echo(f"  {name}: {count}")
        for title, v in (("input chars", input_chars), ("output chars", output_chars)):
            click.echo(f"{title}: mean {v['mean']}, min {v['min']}, max {v['max']}")
    exit_status(bool(broken))


@click.command()
@click.argument("pairs_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option(
    "--eval-fraction", type=float, default=0.2, show_default=True, callback=_open_fraction
)
@click.option("--seed", type=int, default=0, show_default=True)
def split(pairs_file: Path, out_dir: Path, eval_fraction: float, seed: int) -> None:
    """Split pairs into train/eval by source document (no document in both).

    \b
    Example:
      taskgen split out/pairs.jsonl -o out/split --eval-fraction 0.25
    """
    from langchain_taskgen.export import write_jsonl
    from langchain_taskgen.pairs import split_by_source

    refuse_overwriting(pairs_file, [out_dir / "train.jsonl", out_dir / "eval.jsonl"])
    pairs, broken = read_pairs_or_exit(pairs_file)
    try:
        train, test = split_by_source(pairs, eval_fraction, seed)
    except ValueError as error:
        fail(str(error))
    try:
        write_jsonl(train, out_dir / "train.jsonl")
        write_jsonl(test, out_dir / "eval.jsonl")
    except OSError as error:
        fail(f"cannot write to {out_dir}: {error.strerror or error}")
    sources = sorted({str(p.metadata.get("source", "?")) for p in test})
    click.echo(f"train: {len(train)} pairs -> {out_dir / 'train.jsonl'}")
    click.echo(f"eval : {len(test)} pairs -> {out_dir / 'eval.jsonl'} (sources: {sources})")
    exit_status(broken)


@click.command()
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
    type=float,
    callback=_quality,
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
    from langchain_taskgen.export.exporter import export_targets

    refuse_overwriting(pairs_file, [*export_targets(out_dir, fmt), out_dir / "dataset_info.json"])
    pairs, broken = read_pairs_or_exit(pairs_file)
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
        fail(f"cannot write to {out_dir}: {error.strerror or error}")
    except ValueError as error:  # a damaged dataset_info.json, named
        fail(str(error))
    summary = result.summary
    if as_json:
        click.echo(json.dumps(summary.to_dict(), indent=2))
    else:
        click.echo(summary.text())
    for warning in summary.warnings():
        warn(warning)
    for path in result.replaced:
        warn(f"replaced the earlier export {path}")
    written = ", ".join(str(f) for f in result.files)
    click.echo(
        f"wrote {result.records} records to {written}"
        + (f" ({summary.skipped} pairs do not fit {fmt})" if summary.skipped else ""),
        err=as_json,
    )
    exit_status(broken)
