"""Training and evaluation: ``taskgen finetune``; ``taskgen eval`` is in cli/evaluating.py."""

from __future__ import annotations

from pathlib import Path

import click

from langchain_taskgen.cli.evaluating import evaluate as evaluate  # eval lives there
from langchain_taskgen.cli.options import (
    exit_status,
    fail,
    read_pairs_or_exit,
    warn,
)


@click.command()
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
    from langchain_taskgen.training.finetune import check_output_dir
    from langchain_taskgen.training.finetune import finetune as run_finetune

    try:  # before any work: a base model or an input overwritten is lost for good
        check_output_dir(output_dir, base_model, [pairs_file])
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    pairs, broken = read_pairs_or_exit(pairs_file)
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
        fail(str(error))
    except (ValueError, OSError) as error:
        fail(str(error))
    click.echo(
        f"{result.method} fine-tune: {result.train_pairs} train / {result.eval_pairs} held-back "
        f"pairs, {result.steps} steps in {result.seconds:.1f} s "
        f"({result.seconds_per_step:.2f} s/step)"
        + (f", train loss {result.train_loss:.3f}" if result.train_loss is not None else "")
        + (f", held-back loss {result.eval_loss:.3f}" if result.eval_loss is not None else "")
    )
    if result.dropped_pairs or result.truncated_pairs:
        warn(
            f"{result.dropped_pairs} train pairs dropped (the prompt alone is over "
            f"--max-length {max_length} tokens), {result.truncated_pairs} with the answer cut; "
            "raise --max-length to keep them"
        )
    click.echo(f"saved to {result.output_dir}")
    exit_status(broken)
