"""The Ray path on a real local Ray cluster (2 CPUs): no fakes for Ray, vLLM or processes.

* code-built types: the same pairs (byte-identical records, same order) and accounting as
  a local run, also where two batches make the same pair;
* a model-written type through Ray's HTTP stage to a real loopback ``vllm serve`` of the
  default model: every completion accounted for, as many as a local run asks;
* a job killed with SIGKILL mid-way and run again: no duplicate, finished batches reused.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from langchain_taskgen import TaskGenerator
from langchain_taskgen.cluster import HttpServers, generate_files_on_ray, generate_on_ray
from langchain_taskgen.jobs import generate_file

# The loopback `vllm serve` of the default model, as the server tests start it.
from tests.integration_tests.slow_check import slow
from tests.integration_tests.test_vllm_server import NAME, server  # noqa: F401

ray = pytest.importorskip("ray")

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "samples" / "corpus"
CODE_BUILT = ["exqa", "ynqa"]
BATCH = 8
ACCOUNTING = (
    "documents",
    "skipped_documents",
    "chunks",
    "completions",
    "accepted",
    "rejected",
    "accepted_by_task",
    "rejected_by_task",
    "labels_by_task",
    "accepted_by_path",
)


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("local") / "pairs.jsonl"
    result = generate_file([CORPUS], out, TaskGenerator(task_type=CODE_BUILT), batch_chunks=BATCH)
    return out, result.report.to_dict()


def sorted_lines(path: Path) -> list[str]:
    return sorted(path.read_text(encoding="utf-8").splitlines())


def per_type_balanced(report: dict) -> None:
    for task in set(report["accepted_by_task"]) | set(report["rejected_by_task"]):
        rejected = sum(report["rejected_by_task"].get(task, {}).values())
        assert report["accepted_by_task"].get(task, 0) + rejected > 0
    assert report["accepted"] + report["rejected_total"] == report["completions"]


def test_code_built_types_give_the_local_pairs(cluster: None, local_run, tmp_path: Path) -> None:
    local_out, local_report = local_run
    out = tmp_path / "pairs.jsonl"
    result = generate_files_on_ray(
        [CORPUS], out, TaskGenerator(task_type=CODE_BUILT), batch_chunks=BATCH
    )
    assert result.pairs > 0
    assert sorted_lines(out) == sorted_lines(local_out)  # byte-identical records
    # ... in the same order: segments are written in corpus order, no sort needed.
    assert out.read_bytes() == local_out.read_bytes()
    batches = -(-result.report.chunks // BATCH)
    assert result.generation.ordered and result.generation.segments == min(batches, 8) > 1
    report = result.report.to_dict()
    assert {k: report[k] for k in ACCOUNTING} == {k: local_report[k] for k in ACCOUNTING}
    per_type_balanced(report)
    assert result.generation.generated_batches == -(-report["chunks"] // BATCH)
    # The Python entry on a Dataset of documents (not files) gives the same records.
    docs = [
        {"order": i, "text": p.read_text(encoding="utf-8"), "source": str(p)}
        for i, p in enumerate(sorted(CORPUS.glob("*.txt")))
    ]
    done = generate_on_ray(
        ray.data.from_items(docs), TaskGenerator(task_type=CODE_BUILT), batch_chunks=BATCH
    )
    records = sorted(done.pairs.to_pandas()["record"])
    assert records == sorted_lines(local_out)
    assert done.report.accepted == len(records)


def test_pairs_repeated_across_batches_are_dropped_as_locally(
    cluster: None, tmp_path: Path
) -> None:
    """Each manual passage twice, in batches of 2: the same pairs come from two batches."""
    from tests.data.handbook_passages import PASSAGES

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for copy in range(2):
        for i, text in enumerate(PASSAGES[:8]):
            (corpus / f"{copy}-{i}.txt").write_text(text)
    types = ["sent_comp", "exqa", "ynqa", "wsd", "topic_class"]
    local = generate_file(
        [corpus], tmp_path / "local.jsonl", TaskGenerator(task_type=types), batch_chunks=2
    )
    out = tmp_path / "ray.jsonl"
    result = generate_files_on_ray([corpus], out, TaskGenerator(task_type=types), batch_chunks=2)
    report, theirs = result.report.to_dict(), local.report.to_dict()
    assert theirs["rejected"].get("duplicate", 0) > 0, "the corpus no longer repeats a pair"
    assert {k: report[k] for k in ACCOUNTING} == {k: theirs[k] for k in ACCOUNTING}
    assert out.read_bytes() == (tmp_path / "local.jsonl").read_bytes()
    assert result.generation.segments == 8
    per_type_balanced(report)


def test_run_limits_of_wsd_and_topic_class_hold_over_the_run_as_locally(
    cluster: None, tmp_path: Path
) -> None:
    """wsd's partner caps and label balance, topic_class's readers at chance: run-wide.

    The wsd passages three times (each copy its own text, so its own candidates, the same
    everyday partners), manual sections twice and in pairs, in batches of 8 on 2 CPUs:
    the limits drop and re-choose candidates across batches, and the Ray run must do it
    as the local run does (same pairs, byte for byte, same accounting, run_limit
    included).
    """
    import json
    from collections import Counter

    from langchain_taskgen.construct.run_limits import FIELD, MAX_PARTNER_USES
    from tests.data.manual_sections import CHUNKS as MANUAL
    from tests.data.shared_terms_sections import CHUNKS as SHARED
    from tests.data.wsd_passages import PASSAGES

    # topic_class takes no section whose title names its passage's key term: a chapter
    # whose titles share its words gives the items.
    CHUNKS = MANUAL + SHARED
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for part in range(3):
        for i, text in enumerate(PASSAGES):
            (corpus / f"w{part}-{i:02d}.txt").write_text(f"{text}\n\nPart {part}.")
    for copy in range(2):
        for i, text in enumerate(CHUNKS):
            (corpus / f"s{copy}-{i}.txt").write_text(text)
    for i, text in enumerate(CHUNKS):  # two sections a chunk: candidates of two variants
        (corpus / f"t-{i}.txt").write_text(f"{text}\n\n{CHUNKS[(i + 3) % len(CHUNKS)]}")
    types = ["exqa", "sent_comp", "wsd", "topic_class"]
    local_out = tmp_path / "local.jsonl"
    generator = TaskGenerator(task_type=types, n=4)
    local = generate_file([corpus], local_out, generator, batch_chunks=8)
    out = tmp_path / "ray.jsonl"
    generator = TaskGenerator(task_type=types, n=4)
    result = generate_files_on_ray([corpus], out, generator, batch_chunks=8)
    report, theirs = result.report.to_dict(), local.report.to_dict()
    limited = {t: theirs["rejected_by_task"].get(t, {}).get("run_limit", 0) for t in types}
    assert limited["wsd"] > 0 and limited["topic_class"] > 0, limited
    made = theirs["accepted_by_task"]
    assert made["wsd"] > 0 and made["topic_class"] > 0, made
    assert {k: report[k] for k in ACCOUNTING} == {k: theirs[k] for k in ACCOUNTING}
    assert sorted_lines(out) == sorted_lines(local_out)
    assert out.read_bytes() == local_out.read_bytes()
    per_type_balanced(report)
    uses: Counter[str] = Counter()
    for line in sorted_lines(out):
        record = json.loads(line)
        fields = record["metadata"].get("task_fields", {})
        assert FIELD not in fields  # no candidate left unfinished
        if record["task_type"] == "wsd":
            mine = record["context"]
            uses.update(s for s in (fields["sentence1"], fields["sentence2"]) if s not in mine)
    assert uses and max(uses.values()) <= MAX_PARTNER_USES


KILLED_JOB = """
import sys
from langchain_taskgen import TaskGenerator
from langchain_taskgen.cluster import generate_files_on_ray
from tests.integration_tests.slow_check import slow  # the rerun passes it too (resume key)

generate_files_on_ray([sys.argv[1]], sys.argv[2], TaskGenerator(task_type={types!r},
                      checks=[slow]), address="local", num_cpus=2, batch_chunks={batch})
"""


def test_killed_job_rerun_adds_no_duplicate(cluster: None, local_run, tmp_path: Path) -> None:
    _, local_report = local_run
    out = tmp_path / "pairs.jsonl"
    manifest = tmp_path / "pairs.jsonl.ray"
    script = tmp_path / "job.py"
    script.write_text(textwrap.dedent(KILLED_JOB.format(types=CODE_BUILT, batch=2)))
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "TASKGEN_TEST_SLOW": "1",
    }
    job = subprocess.Popen(
        [sys.executable, str(script), str(CORPUS), str(out)],
        env=env,
        start_new_session=True,  # the job and the Ray cluster it started: killed together
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 600
        while len(list(manifest.glob("*.json"))) < 2:
            assert job.poll() is None, "the job ended before it could be killed"
            assert time.time() < deadline, "no batch finished in time"
            time.sleep(0.5)
    finally:
        os.killpg(job.pid, signal.SIGKILL)
        job.wait()
    finished = len(list(manifest.glob("*.json")))
    total = -(-local_report["chunks"] // 2)
    assert 2 <= finished < total, "kill the job mid-way"
    assert not out.exists()

    result = generate_files_on_ray(
        [CORPUS], out, TaskGenerator(task_type=CODE_BUILT, checks=[slow]), batch_chunks=2
    )
    assert result.generation.resumed_batches >= finished  # finished work is not redone
    assert result.generation.resumed_batches + result.generation.generated_batches == total
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(set(lines))  # no duplicate
    local = generate_file(
        [CORPUS], tmp_path / "local2.jsonl", TaskGenerator(task_type=CODE_BUILT), batch_chunks=2
    )
    assert sorted(lines) == sorted_lines(tmp_path / "local2.jsonl")
    assert result.report.accepted == local.report.accepted == len(lines)
    per_type_balanced(result.report.to_dict())


def test_model_written_type_through_the_http_stage(
    cluster: None,
    server: str,  # noqa: F811 - the imported fixture
    tmp_path: Path,
) -> None:
    from langchain_taskgen.engines.resolve import engine_from_options

    files = [CORPUS / "bsd-3-clause.txt", CORPUS / "cc0-1.0.txt"]
    types = ["summarization", "exqa"]
    # Model-written questions do not run on Ray yet: both runs build them by code.
    settings = {
        "task_type": types,
        "max_tokens": 48,
        "temperature": 0.0,
        "model_questions": "off",
    }
    out = tmp_path / "pairs.jsonl"
    result = generate_files_on_ray(
        files,
        out,
        TaskGenerator(
            llm=engine_from_options(openai_base_url=server, openai_model=NAME), **settings
        ),
        engine=HttpServers(server, model=NAME, concurrency=1, batch_size=8),
        batch_chunks=BATCH,
    )
    report = result.report.to_dict()
    assert result.complete and "engine_error" not in report["rejected"], report["examples"]
    per_type_balanced(report)
    # Every prompt's reply came back and was judged: accepted, or rejected for what the
    # model wrote (not for a missing reply).
    summaries = report["rejected_by_task"].get("summarization", {})
    judged = report["accepted_by_path"].get("model", 0) + sum(
        count for reason, count in summaries.items() if reason != "no_material"
    )
    assert report["prompts"] > 0 and judged == report["prompts"], report
    assert report["completion_tokens"] > 0
    # The local run through the same server asks exactly as much.
    local = generate_file(
        files,
        tmp_path / "local.jsonl",
        TaskGenerator(
            llm=engine_from_options(openai_base_url=server, openai_model=NAME), **settings
        ),
        batch_chunks=BATCH,
    ).report.to_dict()
    for key in ("documents", "chunks", "prompts", "completions"):
        assert report[key] == local[key], key
    for task in types:
        ours = report["accepted_by_task"].get(task, 0) + sum(
            report["rejected_by_task"].get(task, {}).values()
        )
        theirs = local["accepted_by_task"].get(task, 0) + sum(
            local["rejected_by_task"].get(task, {}).values()
        )
        assert ours == theirs, task
    assert len(out.read_text().splitlines()) == report["accepted"]
