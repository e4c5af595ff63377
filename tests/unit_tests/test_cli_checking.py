"""``taskgen check`` (langchain_taskgen.cli.checking) on real files, without models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from langchain_taskgen import TaskPair
from langchain_taskgen.cli import main
from langchain_taskgen.export import write_jsonl

OFF = ["--no-embeddings", "--no-round-trip"]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def pairs_file(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.jsonl"
    good = TaskPair("Is the sky blue?", "Yes", "ynqa", context="The sky is blue.")
    bad = TaskPair("Is the sky blue?", "Maybe", "ynqa", context="The sky is blue.")
    write_jsonl([good, bad], path)
    return path


def test_check_keeps_rejects_and_reports(pairs_file: Path, tmp_path: Path) -> None:
    kept, rejected, report = tmp_path / "k.jsonl", tmp_path / "r.jsonl", tmp_path / "r.json"
    code, text = run(
        "check",
        str(pairs_file),
        "-o",
        str(kept),
        "--rejected",
        str(rejected),
        "--report-json",
        str(report),
        *OFF,
    )
    assert code == 0, text
    assert f"wrote 1 pairs to {kept}" in text and "invalid_label" in text
    assert json.loads(rejected.read_text())["metadata"]["rejected_reason"] == "invalid_label"
    assert json.loads(report.read_text())["kept"] == 1


def test_check_exit_codes(pairs_file: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "k.jsonl")
    code, text = run("check", str(pairs_file), "-o", str(pairs_file), *OFF)
    assert code == 2 and "is the input file" in text
    code, text = run("check", str(pairs_file), "-o", out, *OFF, "--min-quality", "0.5")
    assert code == 2 and "--min-quality needs the embeddings" in text
    with pairs_file.open("a") as handle:
        handle.write("{broken\n")
    code, text = run("check", str(pairs_file), "-o", out, *OFF)
    assert code == 3 and f"warning: skipped broken line {pairs_file}:3:" in text
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    code, text = run("check", str(empty), "-o", out, *OFF)
    assert code == 4 and f"error: {empty}: no pairs" in text
