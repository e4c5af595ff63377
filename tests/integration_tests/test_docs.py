"""README.md and docs/*.md stay true: their examples run and their commands parse.

Every fenced ```python block runs as written, as a plain script in a fresh process whose
working folder is a temporary one holding a link to ``samples/``. A block may be skipped
only with an HTML comment on the line before it, ``<!-- not-run: why -->``; a handful at
most. Every ``taskgen`` command in a ```bash / ```console block (and in inline code that
starts with ``taskgen``) must name a real subcommand, and every option it shows must be in
that subcommand's ``--help``.
"""

from __future__ import annotations

import ast
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from langchain_taskgen.cli import main as taskgen

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
README_MAX_LINES = 200
MAX_NOT_RUN = 3
MAIN_GUARD = 'if __name__ == "__main__":'
NOT_RUN = re.compile(r"^<!--\s*not-run:\s*(?P<why>\S.*?)\s*-->$")
FENCE = re.compile(r"^```(?P<lang>[\w-]*)\s*$")
SHELL_LANGS = {"bash", "console", "sh", "shell"}


@dataclass(frozen=True)
class Block:
    """One fenced code block of a page."""

    page: Path
    line: int
    lang: str
    code: str
    not_run: str | None

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def fenced_blocks(page: Path) -> list[Block]:
    lines = page.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        opening = FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        start = index
        index += 1
        body: list[str] = []
        while index < len(lines) and lines[index].strip() != "```":
            body.append(lines[index])
            index += 1
        assert index < len(lines), f"{page.name}:{start + 1}: unclosed code block"
        previous = next((ln.strip() for ln in reversed(lines[:start]) if ln.strip()), "")
        marker = NOT_RUN.match(previous)
        blocks.append(
            Block(
                page,
                start + 1,
                opening["lang"],
                "\n".join(body) + "\n",
                marker["why"] if marker else None,
            )
        )
        index += 1
    return blocks


ALL_BLOCKS = [block for page in PAGES for block in fenced_blocks(page)]
PYTHON_BLOCKS = [b for b in ALL_BLOCKS if b.lang == "python"]
RUNNABLE = [b for b in PYTHON_BLOCKS if b.not_run is None]


def prose(page: Path) -> str:
    return re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)


# -- the README is a front door -----------------------------------------------------------


def test_readme_is_a_short_front_door() -> None:
    text = README.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert len(lines) <= README_MAX_LINES, f"README has {len(lines)} lines"
    assert "make test" in text and "make demo" in text and "make lint" in text
    first_code = next(number for number, line in enumerate(lines, 1) if line.startswith("```"))
    assert first_code <= 60, f"the README's first code is at line {first_code}"
    readme_blocks = [b for b in ALL_BLOCKS if b.page == README]
    assert [b.lang for b in readme_blocks].count("python") == 1
    assert "stale" not in text.lower()


def test_readme_names_every_command_and_links_every_docs_page() -> None:
    text = README.read_text(encoding="utf-8")
    for command in taskgen.commands:  # type: ignore[attr-defined]
        assert f"`{command}`" in text or f"taskgen {command}" in text, command
    for page in PAGES[1:]:
        assert f"(docs/{page.name})" in text, f"README does not link docs/{page.name}"


PACKAGE = ROOT / "langchain_taskgen"


@pytest.mark.skipif(
    not (PACKAGE / "jobs").is_dir(),
    reason="the issue-20 layout the README describes is not merged yet (no jobs/ folder)",
)
def test_readme_layout_table_matches_the_package() -> None:
    text = README.read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `(\w+)/` \|", text, flags=re.MULTILINE))
    folders = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert listed == folders, f"README lists {sorted(listed)}, the package has {sorted(folders)}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_stay_inside_the_repository(page: Path) -> None:
    text = re.sub(r"`[^`]*`", "", prose(page))  # code spans hold example URLs, not links
    assert not re.search(r"https?://|www\.", text), f"{page.name} links outside the repository"
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        path = (page.parent / target.split("#", 1)[0]).resolve()
        assert path.is_relative_to(ROOT), f"{page.name}: link {target} leaves the repository"
        assert path.exists(), f"{page.name}: link {target} is broken"


def test_measured_figures_say_version_and_machine() -> None:
    # A page that quotes measured seconds, ms or tok/s also names the CPU and a date.
    for page in PAGES:
        text = prose(page)
        if re.search(r"\d (ms|s/step|tok/s)\b|\d+\.\d s\b", text):
            assert "lscpu" in text and re.search(r"20\d\d-\d\d-\d\d", text), page.name


# -- python examples ------------------------------------------------------------------------


def test_few_blocks_are_not_run() -> None:
    skipped = [b for b in ALL_BLOCKS if b.not_run is not None]
    assert len(skipped) <= MAX_NOT_RUN, [b.where for b in skipped]
    assert all(b.lang == "python" for b in skipped), "only python blocks can be not-run"
    assert len(RUNNABLE) >= 8, "the docs lost their runnable examples"


def imported_names(code: str) -> list[tuple[str, str]]:
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("langchain_taskgen"):
            found += [(node.module or "", alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(a.name, "") for a in node.names if a.name.startswith("langchain_taskgen")]
    return found


@pytest.mark.parametrize("block", PYTHON_BLOCKS, ids=lambda b: b.where)
def test_examples_use_only_public_names(block: Block) -> None:
    """Root names from ``__all__``; other names from a module that is not a deprecated shim."""
    import importlib

    import langchain_taskgen

    for module, name in imported_names(block.code):
        if module == "langchain_taskgen":
            assert name in langchain_taskgen.__all__, f"{block.where}: {name} is not public"
            continue
        source = Path(importlib.util.find_spec(module).origin).read_text()  # type: ignore[union-attr,arg-type]
        assert "warn_moved(__name__" not in source, f"{block.where}: {module} is deprecated"
        assert not name or hasattr(importlib.import_module(module), name), f"{module}.{name}"


def starts_default_model(code: str) -> bool:
    """Whether the code starts vLLM: an engine, or a generator left on the default model."""
    for node in ast.walk(ast.parse(code)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        keywords = {k.arg for k in node.keywords}
        if name in {"VLLMEngine", "Bonito"}:
            return True
        if name in {"TaskGenerator", "generate_tasks"} and "llm" not in keywords:
            return True
        if name == "evaluate_few_shot" and "llm" not in keywords and len(node.args) < 3:
            return True
    return False


def test_examples_that_start_vllm_have_a_main_guard() -> None:
    starting = [b for b in PYTHON_BLOCKS if starts_default_model(b.code)]
    for block in starting:
        assert MAIN_GUARD in block.code, f"{block.where} starts vLLM without a main guard"
    running = [b for b in starting if b.not_run is None]
    assert len(running) <= 1, f"more than one example starts vLLM: {[b.where for b in running]}"
    assert [b.page for b in running] == [README], "the vLLM example that runs is the README's"


@pytest.mark.parametrize("block", RUNNABLE, ids=lambda b: b.where)
def test_python_example_runs_as_a_plain_script(block: Block, tmp_path: Path) -> None:
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    script = tmp_path / "example.py"
    script.write_text(block.code, encoding="utf-8")
    python_path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    result = subprocess.run(
        # An example that imports an old, deprecated path fails here.
        [sys.executable, "-W", "error::DeprecationWarning:__main__", str(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "PYTHONPATH": python_path},
    )
    assert result.returncode == 0, f"{block.where}:\n{result.stderr[-3000:]}"


# -- taskgen commands -----------------------------------------------------------------------


@cache
def help_text(command: str | None) -> str:
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(taskgen, args, prog_name="taskgen")
    assert result.exit_code == 0, f"taskgen {' '.join(args)} failed:\n{result.output}"
    return result.output


def shell_commands(block: Block) -> list[str]:
    text = re.sub(r"\\\n\s*", " ", block.code)
    commands = []
    for line in text.splitlines():
        line = re.sub(r"^\s*\$\s*", "", line)
        line = re.sub(r"^\S*/taskgen(?=\s)", "taskgen", line)
        if line.startswith("taskgen "):
            commands.append(line)
    return commands


def inline_commands(page: Path) -> list[str]:
    spans = re.findall(r"`(taskgen [^`]+)`", prose(page))
    return [" ".join(span.split()) for span in spans]


COMMANDS = [
    (block.where, command)
    for block in ALL_BLOCKS
    if block.lang in SHELL_LANGS
    for command in shell_commands(block)
]
INLINE = [
    (str(page.relative_to(ROOT)), command) for page in PAGES for command in inline_commands(page)
]


def option_shown(option: str, help_output: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", help_output) is not None


def check_command(command: str, *, placeholders: bool) -> None:
    words = shlex.split(command, comments=True)[1:]
    while words and words[0].startswith("-"):  # global options before the command
        option = words.pop(0).split("=", 1)[0]
        assert option_shown(option, help_text(None)), f"taskgen has no option {option}"
        if option == "--label-task":
            words.pop(0)
    if not words or (placeholders and not re.fullmatch(r"[a-z]+", words[0])):
        return
    command_help = help_text(words[0])
    for word in words[1:]:
        if re.fullmatch(r"--?[A-Za-z][\w-]*(=.*)?", word):
            option = word.split("=", 1)[0]
            assert option_shown(option, command_help), f"taskgen {words[0]} has no {option}"


def test_docs_show_taskgen_commands() -> None:
    assert len(COMMANDS) >= 10
    shown = {shlex.split(c, comments=True)[1] for _, c in COMMANDS}
    assert {"generate", "check", "export", "select", "eval"} <= shown


@pytest.mark.parametrize(("where", "command"), COMMANDS, ids=[w for w, _ in COMMANDS])
def test_shell_command_parses(where: str, command: str) -> None:
    check_command(command, placeholders=False)


@pytest.mark.parametrize(("where", "command"), INLINE, ids=[w for w, _ in INLINE])
def test_inline_command_parses(where: str, command: str) -> None:
    check_command(command, placeholders=True)
