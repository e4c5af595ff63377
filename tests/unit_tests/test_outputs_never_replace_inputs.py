"""An output that is one of the command's inputs is refused before any work (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from langchain_taskgen.cli import main
from langchain_taskgen.jobs import JobUsageError
from langchain_taskgen.jobs.base import check_not_input

PAIRS = "".join(
    json.dumps({"input": f"Q{i}?", "output": "A", "task_type": "qa", "metadata": {"source": s}})
    + "\n"
    for i, s in enumerate("abcd")
)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_generate_report_json_onto_an_input_document(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    doc = docs / "a.txt"
    doc.write_text("The notice must be kept in every copy of the work.")
    code, out = run(
        "generate", str(docs), "-t", "exqa", "-o", str(tmp_path / "p.jsonl"),
        "--report-json", str(doc),
    )  # fmt: skip
    assert code == 2 and "is also an input; it would be overwritten" in out
    assert doc.read_text().startswith("The notice")


@pytest.mark.parametrize("name", ["train.jsonl", "eval.jsonl"])
def test_split_into_the_folder_of_its_input(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    source.write_text(PAIRS)
    code, out = run("split", str(source), "-o", str(tmp_path))
    assert code == 2 and "is also an input" in out
    assert source.read_text() == PAIRS


@pytest.mark.parametrize(("fmt", "name"), [("trl", "trl.jsonl"), ("alpaca", "dataset_info.json")])
def test_export_over_its_own_input(tmp_path: Path, fmt: str, name: str) -> None:
    source = tmp_path / name
    source.write_text(PAIRS)
    code, out = run("export", str(source), "--to", fmt, str(tmp_path), "--tokenizer", "chars")
    assert code == 2 and "is also an input" in out
    assert source.read_text() == PAIRS


def test_export_beside_its_input_still_works(tmp_path: Path) -> None:
    source = tmp_path / "pairs.jsonl"
    source.write_text(PAIRS)
    code, out = run("export", str(source), "--to", "trl", str(tmp_path), "--tokenizer", "chars")
    assert code == 0, out
    assert (tmp_path / "trl.jsonl").exists() and source.read_text() == PAIRS


def test_check_not_input_follows_links(tmp_path: Path) -> None:
    real = tmp_path / "a.txt"
    real.write_text("x")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    with pytest.raises(JobUsageError, match="--report-json"):
        check_not_input({"--report-json": link, "--rejected": None}, [real])
    check_not_input({"--report-json": tmp_path / "b.json"}, [real])


def test_ray_report_json_onto_an_input_is_refused_before_ray_starts(tmp_path: Path) -> None:
    pytest.importorskip("ray")
    doc = tmp_path / "a.txt"
    doc.write_text("The notice must be kept in every copy of the work.")
    code, out = run(
        "generate", str(doc), "-t", "exqa", "-o", str(tmp_path / "p.jsonl"),
        "--report-json", str(doc), "--ray", "local",
    )  # fmt: skip
    assert code == 2 and "is also an input" in out, out
    assert doc.read_text().startswith("The notice")
