"""``taskgen stats``, ``split`` and ``export`` (langchain_taskgen.cli.pairs) on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from langchain_taskgen import TaskPair
from langchain_taskgen.cli import main
from langchain_taskgen.export import write_jsonl


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


PAIRS = [
    TaskPair(
        "Ctx. When was it automated?",
        "1990",
        "exqa",
        "Ctx. It was automated in 1990.",
        {"source": "light.txt"},
    ),
    TaskPair("Is the software warranted?", "No", "ynqa", "No warranty.", {"source": "mit.txt"}),
    TaskPair(
        "Who appoints the steward?",
        "The board",
        "qa",
        "The board appoints the steward.",
        {"source": "gov.txt"},
    ),
    TaskPair(
        "Must the NOTICE file be kept?",
        "Yes",
        "ynqa",
        "Keep the NOTICE file.",
        {"source": "apache.txt"},
    ),
]


@pytest.fixture
def pairs_file(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.jsonl"
    write_jsonl(PAIRS, path)
    return path


@pytest.mark.parametrize(
    "fmt", ["trl", "openai-chat", "openai-completion", "alpaca", "sharegpt", "squad", "hf"]
)
def test_export_formats(pairs_file: Path, tmp_path: Path, fmt: str) -> None:
    code, text = run(
        "export", str(pairs_file), "--to", fmt, str(tmp_path / "ft"), "--tokenizer", "chars"
    )
    assert code == 0, text
    if fmt == "hf":
        from datasets import load_from_disk

        assert len(load_from_disk(str(tmp_path / "ft" / "hf"))) == 4
    else:
        lines = (tmp_path / "ft" / f"{fmt}.jsonl").read_text().splitlines()
        assert len(lines) == (1 if fmt == "squad" else 4)


def test_broken_lines_are_named_and_exit_3(pairs_file: Path, tmp_path: Path) -> None:
    with pairs_file.open("a") as handle:
        handle.write("{not json\n")
    code, text = run("stats", str(pairs_file))
    assert code == 3
    assert f"{pairs_file}:5:" in text
    assert "pairs: 4" in text and "ynqa: 2" in text
    code, text = run(
        "export", str(pairs_file), "--to", "alpaca", str(tmp_path / "x"), "--tokenizer", "chars"
    )
    assert code == 3 and "wrote 4 records" in text


def test_export_check_dedupe_and_length_warning(pairs_file: Path, tmp_path: Path) -> None:
    with pairs_file.open("a") as handle:
        handle.write(pairs_file.read_text().splitlines()[0] + "\n")
    args = ["export", str(pairs_file), "--to", "trl", str(tmp_path / "x"), "--tokenizer", "chars"]
    code, text = run(*args, "--max-length", "5")
    assert code == 0, text
    assert "duplicates: 1" in text and "missing system message: 5" in text
    assert "over the 5-token limit" in text and "--dedupe" in text
    code, text = run(*args, "--dedupe", "--system", "Answer briefly.", "--json")
    summary = json.loads(text[: text.rindex("}") + 1])
    assert summary["removed_duplicates"] == 1 and summary["missing_system"] == 0


def test_stats_json(pairs_file: Path) -> None:
    code, text = run("stats", str(pairs_file), "--json")
    data = json.loads(text)
    assert code == 0 and data["pairs"] == 4 and data["sources"]["mit.txt"] == 1


def test_split_is_leak_free(pairs_file: Path, tmp_path: Path) -> None:
    code, text = run("split", str(pairs_file), "-o", str(tmp_path / "s"), "--eval-fraction", "0.25")
    assert code == 0, text
    train = [json.loads(x) for x in (tmp_path / "s" / "train.jsonl").read_text().splitlines()]
    test = [json.loads(x) for x in (tmp_path / "s" / "eval.jsonl").read_text().splitlines()]
    assert len(train) + len(test) == 4 and test
    assert not ({r["metadata"]["source"] for r in train} & {r["metadata"]["source"] for r in test})


def test_missing_pairs_file_is_a_usage_error(tmp_path: Path) -> None:
    code, text = run("stats", str(tmp_path / "nope.jsonl"))
    assert code == 2 and "does not exist" in text


def test_split_with_a_broken_line_exits_3(pairs_file: Path, tmp_path: Path) -> None:
    with pairs_file.open("a") as handle:
        handle.write('{"input": "no output"}\n')
    code, text = run("split", str(pairs_file), "-o", str(tmp_path / "s"))
    assert code == 3
    assert f"{pairs_file}:5:" in text and "output" in text
    assert (tmp_path / "s" / "eval.jsonl").exists()


def test_stats_and_audit_agree_on_broken_lines_in_real_processes(pairs_file: Path) -> None:
    """The probe: stats must name the broken lines and exit as audit does (3), not 0."""
    import os
    import subprocess
    import sys

    with pairs_file.open("a", encoding="utf-8") as handle:
        handle.write('{"input": "no output"}\n\n{broken\n')
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}

    def taskgen(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "langchain_taskgen.cli", *args, str(pairs_file)]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)

    audited, counted, as_json = taskgen("audit"), taskgen("stats"), taskgen("stats", "--json")
    assert audited.returncode == counted.returncode == as_json.returncode == 3
    for done in (audited, counted, as_json):
        assert f"{pairs_file}:5:" in done.stderr and f"{pairs_file}:7:" in done.stderr
    assert "pairs: 4\nbroken lines: 2 (skipped, each named in a warning)" in counted.stdout
    broken = json.loads(as_json.stdout)["broken_lines"]
    assert [line.split(": ")[0] for line in broken] == [f"{pairs_file}:5", f"{pairs_file}:7"]
