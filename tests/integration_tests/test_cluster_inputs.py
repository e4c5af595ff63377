"""The Ray path's input accounting and ``--encoding`` on a real local Ray cluster (2 CPUs).

* a folder with a good file, an empty one, a binary one, a file without a suffix and a
  Latin-1 file: the Ray report carries the local report's input accounting (``files``,
  ``skipped_files``, ``not_files``, ``input_problems``, ``input_warnings``), each
  guessed-encoding warning once per file;
* ``encoding="latin-1"`` (``taskgen generate --encoding latin-1 --ray``) reaches the
  workers that read the files: no guess, the text read right, the local run's bytes.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from langchain_taskgen import TaskGenerator
from langchain_taskgen.cluster import generate_files_on_ray
from langchain_taskgen.jobs import generate_file
from langchain_taskgen.loading import GuessedEncodingWarning

ray = pytest.importorskip("ray")

ROOT = Path(__file__).resolve().parents[2]
TYPES = ["exqa", "sent_comp"]
INPUT_KEYS = ("files", "skipped_files", "not_files", "input_problems", "input_warnings")
WORD = "Softwär"  # 'ä' is one byte in Latin-1 (0xE4), two in UTF-8


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        (ROOT / "samples" / "corpus" / "bsd-3-clause.txt").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "NOTES").write_text("no suffix: not loaded\n", encoding="utf-8")
    # Accented letters throughout: not UTF-8 with a few stray bytes, a Latin-1 file.
    latin = (ROOT / "samples" / "corpus" / "mpl-2.0.txt").read_text(encoding="utf-8")
    latin = latin.replace("Software", WORD + "e").replace("e", "é")
    (folder / "latin.txt").write_bytes(latin.encode("latin-1"))
    return folder


def test_ray_report_carries_the_local_input_accounting(
    cluster: None, inputs: Path, tmp_path: Path
) -> None:
    local_json, ray_json = tmp_path / "local.json", tmp_path / "ray.json"
    generate_file(
        [inputs], tmp_path / "local.jsonl", TaskGenerator(task_type=TYPES),
        batch_chunks=8, report_json=local_json, audit=False,
    )  # fmt: skip
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = generate_files_on_ray(
            [inputs], tmp_path / "ray.jsonl", TaskGenerator(task_type=TYPES),
            batch_chunks=8, report_json=ray_json,
        )  # fmt: skip
    local, on_ray = json.loads(local_json.read_text()), json.loads(ray_json.read_text())
    assert {k: on_ray[k] for k in INPUT_KEYS} == {k: local[k] for k in INPUT_KEYS}
    assert local["files"] == 5 and local["skipped_files"] == {
        "unsupported": 1,
        "empty": 1,
        "binary": 1,
    }
    assert len(local["input_problems"]) == 3 and len(local["input_warnings"]) == 1
    assert "latin.txt" in local["input_warnings"][0]
    # Once per file, raised on the driver, not once per worker that loaded the file.
    guessed = [w for w in caught if issubclass(w.category, GuessedEncodingWarning)]
    assert [str(w.message) for w in guessed] == local["input_warnings"]
    assert result.files == 5 and result.not_files == 0
    assert (tmp_path / "ray.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()


def test_encoding_reaches_the_workers(cluster: None, inputs: Path, tmp_path: Path) -> None:
    from langchain_taskgen.cli import main as taskgen

    local_out, ray_out, report = tmp_path / "l.jsonl", tmp_path / "r.jsonl", tmp_path / "r.json"
    generate_file(
        [inputs], local_out, TaskGenerator(task_type=TYPES), batch_chunks=8,
        encoding="latin-1", audit=False,
    )  # fmt: skip
    # The CLI joins the running cluster (`--ray auto`), as a user of `ray start` does.
    args = ["generate", str(inputs), "-t", "exqa", "-t", "sent_comp", "-o", str(ray_out)]
    args += ["--ray", "auto", "--encoding", "latin-1", "--batch-chunks", "8"]
    done = CliRunner().invoke(taskgen, [*args, "--report-json", str(report), "--no-audit"])
    assert done.exit_code == 3, done.output  # 3: inputs were skipped (each named)
    assert "not UTF-8" not in done.output  # no guess: the encoding was given
    assert "input files: 5; skipped: 3 (" in done.output
    assert json.loads(report.read_text())["input_warnings"] == []
    assert ray_out.read_bytes() == local_out.read_bytes()
    text = ray_out.read_text(encoding="utf-8")
    assert WORD in text and "Softw\u00c3\u00a4r" not in text  # read as Latin-1, not UTF-8
