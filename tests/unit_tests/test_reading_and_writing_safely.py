"""Issue 21: bad lines, odd file names, collisions and interrupted writes, in real processes.

Each test runs ``taskgen`` (or a small script) as a separate process on real files, with
the fake model of ``tests/fake_models.py`` where a model is needed.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAKE = ["--llm", "tests.fake_models:make_llm", "--format", "instruct"]


def taskgen(
    *args: str, cwd: Path | None = None, file_limit: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m langchain_taskgen.cli ARGS`` in its own process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}

    def limit() -> None:  # a full disk, as the process sees it: writes fail with EFBIG
        if file_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))

    return subprocess.run(
        [sys.executable, "-m", "langchain_taskgen.cli", *args],
        cwd=cwd or ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=limit,
        check=False,
    )


def pair_line(**fields: object) -> str:
    record = {"input": "Is the sky blue?", "output": "Yes", "task_type": "ynqa"}
    record.update(fields)  # type: ignore[arg-type]
    return json.dumps(record)


GOOD = pair_line(context="The sky is blue.", metadata={"source": "sky.txt", "chunk_index": 0})


# Item 4 -------------------------------------------------------------------------------


def test_non_utf8_file_name_gives_readable_pairs_and_a_clean_resume(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    name = os.fsdecode(b"d_caf\xe9.txt")
    (docs / name).write_text(
        "Logs go to /var/log/syslog. Administrators must rotate the logs every 7 days."
    )
    out = tmp_path / "o.jsonl"
    first = taskgen("generate", str(docs), "-t", "ynqa", "-o", str(out), *FAKE)
    assert first.returncode == 0, first.stderr
    raw = out.read_bytes()
    raw.decode("utf-8")  # the whole file is valid UTF-8
    record = json.loads(raw.splitlines()[0])
    assert record["metadata"]["source"].endswith("d_caf\\xe9.txt")  # lossless, escaped
    stats = taskgen("stats", str(out))
    assert stats.returncode == 0, stats.stderr
    assert "pairs: 1" in stats.stdout
    journal = out.with_name(out.name + ".journal")
    lines = journal.read_bytes().count(b"\n")
    again = taskgen("generate", str(docs), "-t", "ynqa", "-o", str(out), *FAKE)
    assert again.returncode == 0, again.stderr
    assert "damaged" not in again.stderr
    assert journal.read_bytes().count(b"\n") == lines  # resumed, nothing appended
    assert "resumed: 1 chunks" in again.stderr


# Item 6 -------------------------------------------------------------------------------


def test_report_counts_each_chunk_once_after_runs_on_other_inputs(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("The licence must be included with every copy of the work.")
    b.write_text("Modified files must carry prominent notices stating the change.")
    out = tmp_path / "o.jsonl"
    base = ["-t", "ynqa", "-o", str(out), *FAKE]
    assert taskgen("generate", str(a), str(b), *base).returncode == 0
    assert taskgen("generate", str(b), *base).returncode == 0
    third = taskgen("generate", str(a), str(b), *base, "--report-json", str(tmp_path / "r.json"))
    assert third.returncode == 0, third.stderr
    report = json.loads((tmp_path / "r.json").read_text())
    pairs = out.read_text().splitlines()
    # Two chunks, one completion each (n=1, one task type): not 3 from a stale entry.
    assert report["chunks"] == 2
    assert report["completions"] == 2
    assert report["accepted"] == len(pairs) == 2


# Item 7 -------------------------------------------------------------------------------


def test_finetune_refuses_to_overwrite_its_base_model(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text('{"model_type": "llama"}')
    pairs = tmp_path / "pairs.jsonl"
    pairs.write_text(GOOD + "\n")
    result = taskgen("finetune", str(pairs), "--base-model", str(model), "-o", str(model))
    assert result.returncode == 2, result.stderr
    assert "base model" in result.stderr and "Traceback" not in result.stderr
    assert (model / "config.json").read_text() == '{"model_type": "llama"}'
    assert sorted(p.name for p in model.iterdir()) == ["config.json"]


def test_finetune_refuses_an_output_folder_whose_files_replace_the_input(tmp_path: Path) -> None:
    folder = tmp_path / "ft"
    folder.mkdir()
    pairs = folder / "train.jsonl"
    pairs.write_text(GOOD + "\n")
    result = taskgen("finetune", str(pairs), "-o", str(folder))
    assert result.returncode == 2, result.stderr
    assert "would be overwritten" in result.stderr
    assert pairs.read_text() == GOOD + "\n"


@pytest.mark.parametrize("command", ["check", "generate"])
def test_report_json_on_the_journal_or_the_output_is_refused(command: str, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(GOOD + "\n")
    doc = tmp_path / "a.txt"
    doc.write_text("The licence must be included with every copy of the work.")
    out = tmp_path / "o.jsonl"
    journal = out.with_name(out.name + ".journal")
    journal.write_text("precious\n")
    for report in (journal, out):
        if command == "check":
            args = ["check", str(src), "-o", str(out), "--no-embeddings", "--no-round-trip"]
        else:
            args = ["generate", str(doc), "-t", "ynqa", "-o", str(out), *FAKE]
        result = taskgen(*args, "--report-json", str(report))
        assert result.returncode == 2, result.stderr
        assert "same file" in result.stderr
    assert journal.read_text() == "precious\n"
    assert not out.exists()


# Item 8 -------------------------------------------------------------------------------

BAD_LINES = {
    "deep": '{"input": ' + "[" * 3000 + "]" * 3000 + "}",
    "surrogate": '{"input": "Is it?", "output": "\\ud800", "task_type": "ynqa"}',
    "infinity": pair_line(metadata={"start_index": "X"}).replace('"X"', "Infinity"),
    "huge": pair_line(metadata={"chunk_index": 2**63}),
    "overflowing float": pair_line(metadata={"quality": "X"}).replace('"X"', "1e400"),
}


@pytest.mark.parametrize("command", ["stats", "check", "export-hf", "export-trl"])
def test_one_bad_line_is_named_and_skipped(command: str, tmp_path: Path) -> None:
    src = tmp_path / "pairs.jsonl"
    lines = [GOOD, *BAD_LINES.values()]
    # A byte-order mark (Windows editors write one) must not cost the first line.
    src.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode() + b"\n")
    args = {
        "stats": ["stats", str(src)],
        "check": ["check", str(src), "-o", str(tmp_path / "k.jsonl"), "--no-embeddings"],
        "export-hf": ["export", str(src), "--to", "hf", str(tmp_path / "x")],
        "export-trl": ["export", str(src), "--to", "trl", str(tmp_path / "x")],
    }[command]
    if command == "check":
        args.append("--no-round-trip")
    if command.startswith("export"):
        args += ["--tokenizer", "chars"]
    result = taskgen(*args)
    assert result.returncode == 3, result.stderr  # 3: done, some input skipped
    assert "Traceback" not in result.stderr
    for number in range(2, 2 + len(BAD_LINES)):
        assert f"{src}:{number}:" in result.stderr
    assert f"{src}:1:" not in result.stderr
    if command == "stats":
        assert "pairs: 1" in result.stdout
    if command == "export-hf":
        assert (tmp_path / "x" / "hf" / "dataset_info.json").exists()


def test_nan_in_metadata_is_written_back_as_json(tmp_path: Path) -> None:
    from langchain_taskgen.pairs import TaskPair, read_pairs, write_pairs

    path = tmp_path / "p.jsonl"
    write_pairs([TaskPair("Q?", "A", "qa", metadata={"quality": float("inf"), "x": 1.5})], path)
    text = path.read_text()
    assert "Infinity" not in text and "NaN" not in text
    assert json.loads(text)["metadata"] == {"quality": None, "x": 1.5}
    assert read_pairs(path)[1] == []


# Item 12 ------------------------------------------------------------------------------

KILL_DURING_VERIFY = """
import os, signal, sys
from langchain_taskgen import TaskGenerator
from langchain_taskgen.jobs import generate as job
from tests.fake_models import make_llm

def killed(*args, **kwargs):
    # The moment of the issue: generation done, verification running.
    os.kill(os.getpid(), signal.SIGKILL)

if sys.argv[3] == "kill":
    job.run_checks = killed
gen = TaskGenerator(llm=make_llm(), task_type="ynqa", format="instruct")
job.generate_file([sys.argv[1]], sys.argv[2], gen, verify=True, embeddings=False,
                  round_trip=False)
"""


def test_kill_during_verification_leaves_no_unverified_output(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("The licence must be included with every copy of the work.")
    out = tmp_path / "o.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = [sys.executable, "-c", KILL_DURING_VERIFY, str(doc), str(out)]
    log = tmp_path / "calls.log"
    env["TASKGEN_FAKE_LOG"] = str(log)
    result = subprocess.run([*script, "kill"], cwd=ROOT, env=env, capture_output=True, timeout=300)
    assert result.returncode == -9, result.stderr
    assert not out.exists()  # never the unverified pairs, looking final
    assert out.with_name(out.name + ".journal").exists()  # the work is kept for a rerun
    calls = log.read_text()
    rerun = subprocess.run([*script, "run"], cwd=ROOT, env=env, capture_output=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert log.read_text() == calls  # resumed from the journal, not generated again
    assert len(out.read_text().splitlines()) == 1


@pytest.mark.parametrize("command", ["check", "export", "split"])
def test_a_full_disk_keeps_the_previous_file(command: str, tmp_path: Path) -> None:
    src = tmp_path / "pairs.jsonl"
    big = [
        pair_line(
            input=f"Is the sky blue {i}? " + "x" * 400,
            context="The sky is blue.",
            metadata={"source": f"d{i % 3}"},
        )
        for i in range(40)
    ]
    src.write_text("\n".join(big) + "\n")
    target = {
        "check": tmp_path / "k.jsonl",
        "export": tmp_path / "x" / "trl.jsonl",
        "split": tmp_path / "s" / "train.jsonl",
    }[command]
    target.parent.mkdir(exist_ok=True)
    target.write_text("previous\n")
    args = {
        "check": ["check", str(src), "-o", str(target), "--no-embeddings", "--no-round-trip"],
        "export": ["export", str(src), "--to", "trl", str(target.parent), "--tokenizer", "chars"],
        "split": ["split", str(src), "-o", str(target.parent)],
    }[command]
    # Files may grow to 8 kB: the input (18 kB) is read, the new output cannot be written.
    result = taskgen(*args, file_limit=8192)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "File too large" in result.stderr
    assert target.read_text() == "previous\n"
    assert sorted(p.name for p in target.parent.iterdir() if p.name.startswith(".")) == []


def test_planted_symlinks_are_not_followed(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("The licence must be included with every copy of the work.")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    out = tmp_path / "o.jsonl"
    (tmp_path / ".o.jsonl.tmp").symlink_to(victim)  # the old fixed temporary name
    result = taskgen("generate", str(doc), "-t", "ynqa", "-o", str(out), *FAKE)
    assert result.returncode == 0, result.stderr
    assert victim.read_text() == "keep me\n"
    assert len(out.read_text().splitlines()) == 1
    other = tmp_path / "p.jsonl"
    (tmp_path / "p.jsonl.lock").symlink_to(victim)
    result = taskgen("generate", str(doc), "-t", "ynqa", "-o", str(other), *FAKE)
    assert result.returncode == 1, result.stderr
    assert "symbolic link" in result.stderr
    assert victim.read_text() == "keep me\n"


# Low items ----------------------------------------------------------------------------


@pytest.mark.parametrize("fraction", ["0", "1", "nan", "-0.5"])
def test_split_fraction_out_of_range_is_a_usage_error(fraction: str, tmp_path: Path) -> None:
    src = tmp_path / "p.jsonl"
    src.write_text(GOOD + "\n")
    result = taskgen("split", str(src), "-o", str(tmp_path / "s"), "--eval-fraction", fraction)
    assert result.returncode == 2, result.stderr
    assert "--eval-fraction" in result.stderr


def test_split_into_an_unwritable_folder_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    src = tmp_path / "p.jsonl"
    lines = [pair_line(input=f"Q{i}?", metadata={"source": f"d{i}"}) for i in range(4)]
    src.write_text("\n".join(lines) + "\n")
    blocker = tmp_path / "file"
    blocker.write_text("")
    # Root ignores permission bits: a folder below a regular file cannot be made by anyone.
    result = taskgen("split", str(src), "-o", str(blocker / "split"))
    assert result.returncode == 1, result.stderr
    assert "cannot write to" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ["nan", "inf", "2"])
def test_export_min_quality_must_be_a_number_in_range(value: str, tmp_path: Path) -> None:
    src = tmp_path / "p.jsonl"
    src.write_text(GOOD + "\n")
    result = taskgen("export", str(src), "--to", "trl", str(tmp_path / "x"), "--min-quality", value)
    assert result.returncode == 2, result.stderr
    assert "--min-quality" in result.stderr


def test_export_keeps_a_damaged_dataset_info_and_says_so(tmp_path: Path) -> None:
    src = tmp_path / "p.jsonl"
    src.write_text(GOOD + "\n")
    out = tmp_path / "x"
    out.mkdir()
    info = out / "dataset_info.json"
    info.write_text('{"my_data": {"file_name": "mine.json"},')  # a trailing comma
    args = ["export", str(src), "--to", "alpaca", str(out), "--tokenizer", "chars"]
    result = taskgen(*args)
    assert result.returncode == 1, result.stderr
    assert "dataset_info.json is not valid JSON" in result.stderr
    assert info.read_text() == '{"my_data": {"file_name": "mine.json"},'
    assert not (out / "alpaca.jsonl").exists()
    info.write_text('{"my_data": {"file_name": "mine.json"}}')
    assert taskgen(*args).returncode == 0
    assert set(json.loads(info.read_text())) == {"my_data", "taskgen_alpaca"}
    again = taskgen(*args)
    assert again.returncode == 0 and "replaced the earlier export" in again.stderr


def test_journal_warnings_are_printed_once(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("The licence must be included with every copy of the work.")
    out = tmp_path / "o.jsonl"
    args = ["generate", str(doc), "-t", "ynqa", "-o", str(out), *FAKE]
    assert taskgen(*args).returncode == 0
    with out.with_name(out.name + ".journal").open("a") as handle:
        handle.write('{"v": 1, "broken\n')
    result = taskgen(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("damaged line skipped") == 1


def test_changing_one_file_regenerates_only_its_chunk(tmp_path: Path) -> None:
    # Issue 21 item 6: one changed file of 1000 regenerated the 31 unchanged neighbours
    # of its batch. Here 4 files, one batch of 4 chunks.
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(4):
        (docs / f"d{i}.txt").write_text(f"Rule {i}: every copy of the work must keep notice {i}.")
    out, log = tmp_path / "o.jsonl", tmp_path / "calls.log"
    args = ["generate", str(docs), "-t", "ynqa", "-o", str(out), "--batch-chunks", "4", *FAKE]
    env_log = {"TASKGEN_FAKE_LOG": str(log)}
    os.environ.update(env_log)
    try:
        assert taskgen(*args).returncode == 0
        assert log.read_text().count("\n") == 4
        (docs / "d2.txt").write_text("Rule 2 changed: every copy must keep the new notice.")
        rerun = taskgen(*args, "--report-json", str(tmp_path / "r.json"))
    finally:
        del os.environ["TASKGEN_FAKE_LOG"]
    assert rerun.returncode == 0, rerun.stderr
    assert log.read_text().count("\n") == 5  # the changed chunk only
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["chunks"] == 4 and report["completions"] == 4
    assert report["accepted"] == len(out.read_text().splitlines()) == 4
