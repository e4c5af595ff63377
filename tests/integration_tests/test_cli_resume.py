"""The `taskgen` command in real subprocesses: kill -9 mid-run and resume; the default model."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "langchain_taskgen.cli"]


def env(**extra: str) -> dict[str, str]:
    out = dict(os.environ)
    out["PYTHONPATH"] = str(ROOT) + os.pathsep + out.get("PYTHONPATH", "")
    out.update(extra)
    return out


def journal_lines(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text().splitlines() if x.endswith("}")]


def test_kill_9_mid_run_then_resume_loses_and_repeats_nothing(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(40):
        (corpus / f"doc{i:02d}.txt").write_text(
            f"Clause {i}. The licensee shall keep notice number {i} in every copy."
        )
    out = tmp_path / "pairs.jsonl"
    journal = tmp_path / "pairs.jsonl.journal"
    log = tmp_path / "prompts.log"
    command = [
        *CLI,
        "generate",
        str(corpus),
        "-t",
        "ynqa",
        "-o",
        str(out),
        "--batch-chunks",
        "4",
        "--llm",
        "tests.fake_models:make_llm",
        "--format",
        "instruct",
    ]
    first = subprocess.Popen(
        command,
        env=env(TASKGEN_FAKE_DELAY="0.4", TASKGEN_FAKE_LOG=str(log)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.time() + 60
    while len(journal_lines(journal)) < 3 and time.time() < deadline:
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert first.returncode == -signal.SIGKILL
    done_before = journal_lines(journal)
    assert 3 <= len(done_before) < 10, "the kill must land mid-run"
    assert not out.exists()
    prompted_first = log.read_text().splitlines()
    # A torn last line, as a kill during a write would leave it.
    with journal.open("a") as handle:
        handle.write('{"v": 1, "keys": ["abc"], "pai')
    log.write_text("")

    second = subprocess.run(
        command, env=env(TASKGEN_FAKE_LOG=str(log)), capture_output=True, text=True, timeout=120
    )
    assert second.returncode == 0, second.stdout + second.stderr
    assert "resumed: " in second.stderr
    pairs = [json.loads(x) for x in out.read_text().splitlines()]
    assert len(pairs) == 40
    assert len({p["id"] for p in pairs}) == 40
    assert {Path(p["metadata"]["source"]).name for p in pairs} == {
        f"doc{i:02d}.txt" for i in range(40)
    }
    prompted_second = log.read_text().splitlines()
    finished_first = 4 * len(done_before)
    assert len(prompted_second) == 40 - finished_first
    journaled = set(prompted_first[:finished_first])
    assert not journaled & set(prompted_second), "a finished chunk was generated again"
    assert "accepted: 40" in second.stdout

    third = subprocess.run(
        command, env=env(TASKGEN_FAKE_LOG=str(log)), capture_output=True, text=True, timeout=120
    )
    assert third.returncode == 0
    assert "resumed: 40 chunks" in third.stderr
    assert out.read_text().count("\n") == 40


def test_generate_on_the_default_model_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "pairs.jsonl"
    # A Latin-1 file beside the UTF-8 one: read right, and its guessed encoding named.
    latin1 = tmp_path / "licence-fr.txt"
    latin1.write_bytes(
        "Le logiciel est fourni « tel quel », sans garantie d'aucune sorte. La présente "
        "licence doit être incluse dans toutes les copies du logiciel.".encode("latin-1")
    )
    result = subprocess.run(
        [
            *CLI,
            "generate",
            str(ROOT / "samples" / "corpus" / "bsd-3-clause.txt"),
            str(latin1),
            "-t",
            "ynqa",
            "-t",
            # The embedded model writes paraphrases (summaries there are section titles,
            # built by code).
            "paraphrase",
            "-n",
            "2",
            "--max-tokens",
            "96",
            "-o",
            str(out),
            "--report-json",
            str(tmp_path / "report.json"),
        ],
        env=env(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["accepted"] + report["rejected_total"] == report["completions"]
    # Per task type, from counters kept apart from the totals: chunks x n each.
    for task in ("ynqa", "paraphrase"):
        seen = report["accepted_by_task"].get(task, 0) + sum(
            report["rejected_by_task"].get(task, {}).values()
        )
        assert seen == report["chunks"] * 2
    assert report["prompts"] >= 1 and report["completion_tokens"] > 0  # paraphrases asked
    assert len(out.read_text().splitlines()) == report["accepted"]
    assert "accepted:" in result.stdout
    assert report["files"] == 2 and report["skipped_files"] == {}
    assert report["input_problems"] == [] and len(report["input_warnings"]) == 1
    assert "licence-fr.txt: not UTF-8; read as cp1252" in report["input_warnings"][0]
    assert "licence-fr.txt: not UTF-8; read as cp1252" in result.stderr
    assert "input files: 2; skipped: 0" in result.stdout


def _interrupt(
    command: list[str], ready: Callable[[], bool], sig: int = signal.SIGINT, **extra: str
) -> tuple[int, str]:
    """Start ``command`` in its own process group, Ctrl-C the group once ``ready()``.

    The whole group gets SIGINT, as from a terminal: vLLM's engine process too. With
    ``sig=SIGTERM`` only the command gets it, as from ``kill`` or a job scheduler.
    """
    process = subprocess.Popen(
        command,
        env=env(**extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.time() + 300
    while not ready() and process.poll() is None and time.time() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the command ended before the interrupt"
    if sig == signal.SIGINT:
        os.killpg(process.pid, signal.SIGINT)
    else:
        process.send_signal(sig)
    _, err = process.communicate(timeout=120)
    return process.returncode, err


@pytest.mark.parametrize(
    ("sig", "code", "word"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, -signal.SIGTERM, "terminated")],
)
def test_ctrl_c_mid_run_says_interrupted_exits_130_and_resumes(
    tmp_path: Path, sig: int, code: int, word: str
) -> None:
    # Issue 21 (low): Ctrl-C printed a traceback (click's "Aborted!" here) and exited 1.
    # SIGTERM died (143 in a shell) with no word of resuming; it still dies of the signal.
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(12):
        (corpus / f"doc{i:02d}.txt").write_text(f"Clause {i}. Keep notice {i} in every copy.")
    out, log = tmp_path / "pairs.jsonl", tmp_path / "prompts.log"
    command = [
        *CLI,
        "generate",
        str(corpus),
        "-t",
        "ynqa",
        "-o",
        str(out),
        "--batch-chunks",
        "2",
        "--llm",
        "tests.fake_models:make_llm",
        "--format",
        "instruct",
    ]
    returned, err = _interrupt(
        command,
        lambda: len(journal_lines(tmp_path / "pairs.jsonl.journal")) >= 2,
        sig,
        TASKGEN_FAKE_DELAY="0.5",
        TASKGEN_FAKE_LOG=str(log),
    )
    assert returned == code, err
    assert err.rstrip().endswith(f"{word}, rerun to resume")
    assert "Traceback" not in err and "Aborted" not in err
    again = subprocess.run(command, env=env(), capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert "resumed: " in again.stderr and "accepted: 12" in again.stdout


def test_ctrl_c_during_vllm_generation_is_one_line_and_exit_130(tmp_path: Path) -> None:
    # Issue 21 (low): on vLLM, Ctrl-C printed an EngineDeadError traceback, exit 1.
    # Paraphrases need the model, so the interrupt lands in vLLM's generate call.
    out = tmp_path / "pairs.jsonl"
    started = tmp_path / "stderr.log"
    command = [
        *CLI,
        "generate",
        str(ROOT / "samples" / "corpus"),
        "-t",
        "paraphrase",
        "--batch-chunks",
        "2",
        "-o",
        str(out),
    ]
    process = subprocess.Popen(
        command,
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=started.open("w"),
        start_new_session=True,
    )
    deadline = time.time() + 400
    while "chunks:" not in started.read_text() and process.poll() is None:
        assert time.time() < deadline, "vLLM did not start generating"
        time.sleep(0.2)
    time.sleep(2.0)  # inside the first batch's generate call
    assert process.poll() is None, started.read_text()[-2000:]
    os.killpg(process.pid, signal.SIGINT)
    process.wait(timeout=120)
    err = started.read_text()
    assert process.returncode == 130, err[-3000:]
    assert err.rstrip().endswith("interrupted, rerun to resume")
    assert "Traceback" not in err and "EngineDeadError" not in err
