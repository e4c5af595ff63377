"""``taskgen check`` (langchain_taskgen.cli.checking) on real files, without models."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from langchain_taskgen import TaskPair
from langchain_taskgen.cli import main
from langchain_taskgen.export import write_jsonl
from tests.unit_tests.loopback import closed_port
from tests.unit_tests.loopback import failing_server as serve_failing

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


# Issue 21.1: the round trip failed open. With the model's server down, every pair was
# reported "checked, unscored" and kept, exit 0, nothing on stderr.

ROUND_TRIP_PAIRS = [
    TaskPair(
        "Which tool installs a single deb file?",
        "dpkg",
        "qa",
        context="The dpkg tool installs a single deb file.",
    ),
    TaskPair(
        "What sends bug reports to the tracker?",
        "Reportbug",
        "qa",
        context="Reportbug sends bug reports to the tracker.",
    ),
    TaskPair("Is the sky blue?", "Yes", "ynqa", context="The sky is blue."),
]


@pytest.fixture
def failing_server() -> Iterator[str]:
    with serve_failing() as url:
        yield url


def _check_on(url: str, tmp_path: Path, *extra: str) -> tuple[int, str, Path, Path]:
    source, kept, rejected = tmp_path / "p.jsonl", tmp_path / "k.jsonl", tmp_path / "r.jsonl"
    write_jsonl(ROUND_TRIP_PAIRS, source)
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(source),
            "-o",
            str(kept),
            "--rejected",
            str(rejected),
            "--no-embeddings",
            "--openai-base-url",
            url,
            "--retries",
            "0",
            "--timeout",
            "2",
            *extra,
        ],
        catch_exceptions=False,
    )
    return result.exit_code, result.output, kept, rejected


def _records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_round_trip_on_a_dead_server_rejects_unscored_pairs_and_exits_5(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/v1"
    code, text, kept, rejected = _check_on(url, tmp_path)
    assert code == 5, text
    assert "warning: round trip: 2 pairs not checked, rejected as unscored" in text
    assert "Connection" in text  # the engine's own error, named
    assert "checked 0, not grounded 0, unscored 2 rejected" in text
    assert [r["task_type"] for r in _records(kept)] == ["ynqa"]  # not round-tripped
    reasons = [r["metadata"]["rejected_reason"] for r in _records(rejected)]  # type: ignore[index]
    assert reasons == ["unscored", "unscored"]


def test_round_trip_on_a_server_that_fails_names_the_error(
    failing_server: str, tmp_path: Path
) -> None:
    code, text, kept, rejected = _check_on(failing_server, tmp_path, "--keep-unscored")
    assert code == 5, text
    assert "2 pairs not checked, kept without a score" in text and "model crashed" in text
    records = _records(kept)
    assert len(records) == 3 and not rejected.read_text()
    assert all("round_trip" not in r["metadata"] for r in records)  # type: ignore[operator]


def test_a_command_leaves_the_callers_sigint_handler_as_it_was(pairs_file: Path) -> None:
    # The Ctrl-C guard replaces SIGINT's handler only while a command runs: a program or
    # test runner calling the CLI in-process keeps its own.
    import signal

    before = signal.getsignal(signal.SIGINT)
    code, _ = run("check", str(pairs_file), "-o", str(pairs_file.with_name("k.jsonl")), *OFF)
    assert code == 0 and signal.getsignal(signal.SIGINT) is before
