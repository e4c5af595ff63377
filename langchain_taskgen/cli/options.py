"""What the commands share: exit codes, messages, the model options, job error mapping.

Nothing here imports the library's heavy parts at import time (``taskgen --help`` loads
every command module): the few library constants the options show are copied below, and
``tests/unit_tests/test_cli.py`` checks that the copies match.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from langchain_taskgen.cli.interrupts import interrupted

if TYPE_CHECKING:
    from langchain_taskgen.jobs import JobNote
    from langchain_taskgen.pairs import TaskPair

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_PARTIAL, EXIT_EMPTY, EXIT_ENGINE = 0, 1, 2, 3, 4, 5
EXIT_AUDIT = 6  # taskgen audit: a trick answers a type beyond --max-gap (or --min-distinct)
FORMATS = ["auto", "structured", "bonito", "instruct", "instruct-json"]
# Copies of engines.hardware.DTYPES and generation.chunking's defaults (see the docstring).
DTYPES = ("auto", "float32", "bfloat16", "float16")
DEFAULT_CHUNK_SIZE = 1500
DEFAULT_CHUNK_OVERLAP = 150
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


def fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    """Print ``error: MESSAGE`` on stderr and exit with ``code``.

    After a Ctrl-C the failure is its consequence (vLLM's engine died of the same
    signal): the command's interrupt guard reports it instead.
    """
    if not interrupted():
        click.echo(f"error: {message}", err=True)
    sys.exit(code)


def warn(message: str) -> None:
    """Print ``warning: MESSAGE`` on stderr."""
    click.echo(f"warning: {message}", err=True)


def echo_note(note: JobNote) -> None:
    """Print a job's progress note on stderr (warnings marked as such)."""
    if note.level == "warning":
        warn(note.text)
    else:
        click.echo(note.text, err=True)


@contextmanager
def job_errors() -> Iterator[None]:
    """Turn a job's errors into the command's exits (2 usage, 4 no input, 1 failed)."""
    from langchain_taskgen.jobs import (
        JobError,
        JobUsageError,
        MissingInputError,
        NoInputError,
        OutputPathError,
    )

    try:
        yield
    except (OutputPathError, MissingInputError) as error:
        fail(str(error), EXIT_USAGE)
    except JobUsageError as error:
        raise click.UsageError(str(error)) from error
    except NoInputError as error:
        fail(str(error), EXIT_EMPTY)
    except JobError as error:
        fail(str(error))


def read_pairs_or_exit(path: Path) -> tuple[list[TaskPair], bool]:
    """The pairs of a JSONL file and whether any line was broken (each one is named)."""
    from langchain_taskgen.jobs import read_pairs_file

    with job_errors():
        pairs, broken = read_pairs_file(path, echo_note)
    return pairs, bool(broken)


def refuse_overwriting(source: Path, targets: list[Path]) -> None:
    """A usage error (exit 2) before any work if writing ``targets`` would replace ``source``."""
    from langchain_taskgen.jobs.base import JobUsageError, check_not_input

    try:
        for target in targets:
            check_not_input({"the output": target}, [source])
    except JobUsageError as error:
        raise click.UsageError(str(error)) from error


def exit_status(broken: bool) -> NoReturn:
    """Exit 3 if some input was skipped, else 0."""
    sys.exit(EXIT_PARTIAL if broken else EXIT_OK)


def model_options(func: Any) -> Any:
    """Options that choose the model (shared by generate, check and eval).

    The command receives them as one ``model`` dict for :func:`build_llm`.
    """
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
        fail(str(error))
