"""``taskgen eval``: baseline, zero-shot, k-shot and fine-tuned on the same eval pairs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from langchain_taskgen.cli.options import (
    EXIT_ENGINE,
    build_llm,
    exit_status,
    fail,
    model_options,
    read_pairs_or_exit,
    warn,
)

# Model options that only mean something with --openai-base-url: given without it, they
# would be silently ignored, so eval refuses them.
_SERVER_ONLY = ("openai_model", "concurrency", "timeout", "retries")


def _check_model_options(model: dict[str, Any], prompt_style: str) -> str:
    """The prompt style the options ask for; a usage error for options that would do nothing."""
    from click.core import ParameterSource

    ctx = click.get_current_context()

    def given(name: str) -> bool:
        return ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, None)

    if not model["openai_base_url"]:
        ignored = [f"--{n.replace('_', '-')}" for n in _SERVER_ONLY if given(n)]
        if ignored:
            raise click.UsageError(f"{', '.join(ignored)} apply to --openai-base-url only")
    if given("chat"):
        wanted = "chat" if model["chat"] else "completion"
        if prompt_style not in ("auto", wanted):
            raise click.UsageError(
                f"--{'' if model['chat'] else 'no-'}chat contradicts --prompt-style {prompt_style}"
            )
        if model["openai_base_url"] or model["llm_path"]:
            raise click.UsageError(
                "--chat/--no-chat apply to vLLM models (the default model or --model); a server "
                "or --llm model takes the prompt text as it is"
            )
        prompt_style = wanted
    return prompt_style


@click.command(name="eval")
@click.argument("train_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("eval_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@model_options
@click.option("-k", type=click.IntRange(min=1), default=3, show_default=True)
@click.option("--limit", type=click.IntRange(min=1), help="Evaluate at most this many eval pairs.")
@click.option(
    "--prompt-style",
    type=click.Choice(["auto", "chat", "completion"]),
    default="auto",
    show_default=True,
    help="The same for every model column. auto: chat (the model's chat template; "
    "examples as earlier turns) where the model's tokenizer has one, else completion "
    "(Input:/Output: text). --chat/--no-chat say the same.",
)
@click.option("--max-tokens", type=click.IntRange(min=1), default=32, show_default=True)
@click.option(
    "--max-input-chars",
    type=click.IntRange(min=1),
    default=1000,
    show_default=True,
    help="Characters kept of each eval input (its end), in every column.",
)
@click.option(
    "--allow-overlap",
    is_flag=True,
    help="Keep eval pairs whose input is also in train (dropped by default, with a warning).",
)
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
    type=click.Path(path_type=Path),
    help="A `taskgen finetune` model folder: adds the fine-tuned column (checked first).",
)
def evaluate(
    train_file: Path,
    eval_file: Path,
    model: dict[str, Any],
    k: int,
    limit: int | None,
    prompt_style: str,
    max_tokens: int,
    max_input_chars: int,
    allow_overlap: bool,
    seed: int,
    out_dir: Path,
    finetuned: Path | None,
) -> None:
    """Score a baseline, zero-shot, k-shot (random, selected) and a fine-tuned model.

    All on the same eval pairs, with one prompt style, dtype and input text for every
    model column; each difference with a 95% bootstrap interval. Prints the tables on
    stdout (engine logs go to stderr) and writes eval.json, eval.md, eval.png and
    predictions.jsonl (every answer and its scores) to OUT_DIR.

    \b
    Example:
      taskgen split out/pairs.jsonl -o out/split
      taskgen finetune out/split/train.jsonl -o out/ft --eval-fraction 0
      taskgen eval out/split/train.jsonl out/split/eval.jsonl -k 3 --finetune out/ft
    """
    import random

    from langchain_taskgen.training.evaluation import evaluate_few_shot
    from langchain_taskgen.training.model_folder import ModelFolderError, check_model_folder

    prompt_style = _check_model_options(model, prompt_style)
    if finetuned is not None:
        try:
            check_model_folder(finetuned)
        except ModelFolderError as error:
            raise click.BadParameter(str(error), param_hint="--finetune") from error
    train, broken_train = read_pairs_or_exit(train_file)
    test, broken_test = read_pairs_or_exit(eval_file)
    if limit and len(test) > limit:
        test = random.Random(seed).sample(test, limit)
    llm = build_llm(**model)
    try:
        result = evaluate_few_shot(
            train,
            test,
            llm,
            k=k,
            seed=seed,
            max_tokens=max_tokens,
            max_input_chars=max_input_chars,
            prompt_style=prompt_style,
            finetuned=finetuned,
            allow_overlap=allow_overlap,
        )
    except ValueError as error:
        raise click.UsageError(str(error)) from error
    for note in result.notes:
        warn(note)
    result.config["command"] = {
        "train": str(train_file),
        "eval": str(eval_file),
        "limit": limit,
        "finetune": str(finetuned) if finetuned else None,
        "model": {key: str(value) for key, value in model.items() if value is not None},
    }
    result.save(out_dir)
    click.echo(result.table())
    click.echo(f"engine failures per approach: {result.failures}")
    click.echo(
        f"wrote {out_dir / 'eval.json'}, {out_dir / 'eval.md'}, {out_dir / 'eval.png'}, "
        f"{out_dir / 'predictions.jsonl'}"
    )
    if result.errors:
        for column, message in result.errors.items():
            warn(f"{column} did not run: {message}")
        fail("some columns did not run (the others are saved)", EXIT_ENGINE)
    exit_status(broken_train or broken_test)
