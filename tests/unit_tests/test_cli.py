"""The ``taskgen`` group (langchain_taskgen.cli): help, shared options, import discipline."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import langchain_taskgen.cli as cli
from langchain_taskgen.cli import options
from langchain_taskgen.jobs import JobError, JobUsageError, NoInputError, OutputPathError

CLI_DIR = Path(cli.__file__).parent


def test_help_on_every_command() -> None:
    assert set(cli.main.commands) == {
        "generate",
        "check",
        "audit",
        "export",
        "finetune",
        "select",
        "stats",
        "split",
        "eval",
    }
    for command in cli.main.commands:
        result = CliRunner().invoke(cli.main, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.output, command
    result = CliRunner().invoke(cli.main, ["--help"])
    assert result.exit_code == 0 and "Exit codes: 0 done" in result.output


def test_copied_constants_match_the_library() -> None:
    from langchain_taskgen.engines.hardware import DTYPES
    from langchain_taskgen.generation import chunking

    assert options.DTYPES == DTYPES
    assert options.DEFAULT_CHUNK_SIZE == chunking.DEFAULT_CHUNK_SIZE
    assert options.DEFAULT_CHUNK_OVERLAP == chunking.DEFAULT_CHUNK_OVERLAP


def _top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names: set[str] = set()
    for node in tree.body:  # module level only: imports inside functions run when used
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(CLI_DIR.glob("*.py")), ids=lambda p: p.name)
def test_cli_modules_import_only_click_and_the_stdlib_at_import_time(path: Path) -> None:
    # `taskgen --help` imports every command module: the library's heavy parts (engines,
    # langchain_core, numpy, vllm) must wait for the command that needs them.
    allowed = set(sys.stdlib_module_names) | {"click", "__future__"}
    for name in _top_level_imports(path):
        if name.startswith("langchain_taskgen.cli"):
            continue
        assert name.split(".")[0] in allowed, f"{path.name} imports {name} at import time"


def test_cli_modules_stay_small() -> None:
    for path in CLI_DIR.glob("*.py"):
        assert len(path.read_text().splitlines()) <= 250, path.name


@pytest.mark.parametrize(
    ("error", "code", "shown"),
    [
        (OutputPathError("x is a directory, not a file"), 2, "error: x is a directory"),
        (JobUsageError("-o x is also an input"), 2, "Error: -o x is also an input"),
        (NoInputError("no documents could be loaded"), 4, "error: no documents could be"),
        (JobError("cannot write x"), 1, "error: cannot write x"),
    ],
)
def test_job_errors_map_to_exit_codes(error: JobError, code: int, shown: str) -> None:
    @click.command()
    def command() -> None:
        with options.job_errors():
            raise error

    result = CliRunner().invoke(command, [])
    assert result.exit_code == code and shown in result.output


def test_old_names_are_still_exported() -> None:
    assert callable(cli.build_llm) and callable(cli.model_options)
    assert (cli.EXIT_OK, cli.EXIT_FAILED, cli.EXIT_PARTIAL, cli.EXIT_EMPTY) == (0, 1, 3, 4)
    assert cli.EXIT_ENGINE == 5 and "hf" in cli.EXPORT_FORMATS and "auto" in cli.FORMATS
