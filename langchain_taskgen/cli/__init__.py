"""The ``taskgen`` command: the whole job without writing Python (thin over the library).

Each command parses its options, calls the library (the main jobs are
:mod:`langchain_taskgen.jobs`), prints, and maps the outcome to an exit code.
Modules: :mod:`~langchain_taskgen.cli.options` (shared options and messages),
:mod:`~langchain_taskgen.cli.generating` (with :mod:`~langchain_taskgen.cli.inputs`),
:mod:`~langchain_taskgen.cli.checking`,
:mod:`~langchain_taskgen.cli.pairs` (stats, split, export),
:mod:`~langchain_taskgen.cli.selection` (select), :mod:`~langchain_taskgen.cli.training`
(finetune, eval). None imports the heavy parts of the library at import time, so
``taskgen --help`` stays fast: each command imports what it needs when it runs.

Exit codes: 0 done; 1 failed; 2 bad usage; 3 done, but some inputs were skipped
(unreadable files, broken lines: each is named on stderr); 4 nothing to do (no input);
5 engine failures remain (chunks the model could not answer are not journaled, or pairs
the round trip could not score: run the same command again to retry them); 6 the audit
failed (``taskgen audit --max-gap``); 130 interrupted (Ctrl-C: ``interrupted, rerun to
resume``, no traceback); 143 terminated (SIGTERM: ``terminated, rerun to resume``).
"""

from __future__ import annotations

import logging
import os

import click

from langchain_taskgen.cli.auditing import audit
from langchain_taskgen.cli.checking import check
from langchain_taskgen.cli.generating import generate
from langchain_taskgen.cli.interrupts import EXIT_INTERRUPTED, interrupt_guard
from langchain_taskgen.cli.options import (
    EXIT_AUDIT,
    EXIT_EMPTY,
    EXIT_ENGINE,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_PARTIAL,
    EXIT_USAGE,
    FORMATS,
    MODEL_OPTION_NAMES,
    build_llm,
    model_options,
)
from langchain_taskgen.cli.pairs import EXPORT_FORMATS, export, split, stats
from langchain_taskgen.cli.selection import select
from langchain_taskgen.cli.training import evaluate, finetune

__all__ = [
    "EXIT_AUDIT",
    "EXIT_EMPTY",
    "EXIT_ENGINE",
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PARTIAL",
    "EXIT_USAGE",
    "EXPORT_FORMATS",
    "FORMATS",
    "MODEL_OPTION_NAMES",
    "audit",
    "build_llm",
    "check",
    "evaluate",
    "export",
    "finetune",
    "generate",
    "main",
    "model_options",
    "select",
    "split",
    "stats",
]


def _register_label_tasks(specs: tuple[str, ...]) -> None:
    """Register each ``NAME=LABEL,LABEL,...`` as a :class:`LabelTask`."""
    if not specs:
        return
    from langchain_taskgen.tasks.labels import LabelTask

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


class _Taskgen(click.Group):
    """The command group; each command runs under the Ctrl-C guard (exit 130, one line)."""

    def invoke(self, ctx: click.Context) -> object:
        with interrupt_guard(ctx):
            return super().invoke(ctx)


@click.group(cls=_Taskgen, context_settings={"help_option_names": ["-h", "--help"]})
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
    5 engine failures remain (rerun to retry them), 6 the audit failed, 130 interrupted,
    143 terminated (SIGTERM).
    \b
    Your own labels (the structured format labels each passage by embeddings):
      taskgen --label-task doc_topic=networking,security,storage \\
        generate docs/ -t doc_topic -o out/topics.jsonl
    """
    # vLLM logs to stdout by default, among the report and the tables (generate, check,
    # eval); its engine process inherits this.
    os.environ.setdefault("VLLM_LOGGING_STREAM", "ext://sys.stderr")
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    _register_label_tasks(label_tasks)


for _command in (generate, check, audit, export, finetune, select, stats, split, evaluate):
    main.add_command(_command)
