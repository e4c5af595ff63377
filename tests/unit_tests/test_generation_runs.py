"""generation/runs.py: the journal holds exactly the chunks whose prompts the engine answered."""

from __future__ import annotations

import itertools
import json
import threading
from pathlib import Path
from typing import Any

import pytest

from langchain_taskgen import TaskGenerator
from langchain_taskgen.generation.runs import JOURNAL_VERSION, ResumableRun, RunResult

from .conftest import PASSAGES
from .test_generation_plan import STRUCTURED_PASSAGES
from .test_generator import good


def journal(path: Path) -> list[dict[str, Any]]:
    lines = path.with_name(path.name + ".journal").read_text().splitlines()
    return [json.loads(line) for line in lines]


def check_accounting(result: RunResult, gen: TaskGenerator, chunks: int) -> None:
    report = result.report
    assert report.accepted + report.rejected_total == report.completions
    for task in gen.task_types:
        total = report.accepted_by_task.get(task.name, 0) + sum(
            report.rejected_by_task.get(task.name, {}).values()
        )
        assert total == chunks * gen.n, task.name


def test_a_failed_chunk_is_left_out_of_the_journal_and_retried(
    scripted: Any, tmp_path: Path
) -> None:
    down = {"lighthouse": True}

    def script(prompt: str) -> Any:
        if down["lighthouse"] and "lighthouse" in prompt:
            return RuntimeError("engine unreachable")  # not transient: no retry backoff
        return good(prompt)

    llm = scripted(script)
    gen = TaskGenerator(llm=llm, task_type=["ynqa", "qa"], n=2)
    out = tmp_path / "pairs.jsonl"
    first = ResumableRun(gen, out, chunks_per_batch=3).run(PASSAGES)
    assert first.failed_chunks == 1 and not first.complete
    assert "engine unreachable" in first.engine_errors[0]
    [entry] = journal(out)
    assert entry["v"] == JOURNAL_VERSION and len(entry["keys"]) == 2
    # The journaled report covers the two good chunks only: no engine_error in it.
    assert entry["report"]["chunks"] == 2 and "engine_error" not in entry["report"]["rejected"]
    assert entry["report"]["completions"] == 2 * 2 * 2
    check_accounting(first, gen, chunks=2)
    assert {p.context for p in first.pairs} == {PASSAGES[0], PASSAGES[2]}

    down["lighthouse"] = False
    llm.calls.clear()
    second = ResumableRun(gen, out, chunks_per_batch=3).run(PASSAGES)
    assert second.complete and second.resumed_chunks == 2 and second.generated_chunks == 1
    assert all("lighthouse" in prompt for call in llm.calls for prompt in call)
    check_accounting(second, gen, chunks=3)
    assert {p.context for p in second.pairs} == set(PASSAGES)


def test_a_structured_batch_keeps_its_good_chunks_when_one_fails(
    scripted: Any, tmp_path: Path
) -> None:
    # A paraphrase prompt about the mail passage fails; the other chunks of the batch are
    # judged from the same plan and journaled.
    def script(prompt: str) -> Any:
        source = prompt.rsplit("Sentence: ", 1)[-1].split("\nRewritten:", 1)[0]
        if source in STRUCTURED_PASSAGES[1]:
            return RuntimeError("engine unreachable")  # not transient: no retry backoff
        return source.replace("The ", "This ", 1)

    gen = TaskGenerator(
        llm=scripted(script),
        task_type=["paraphrase", "sent_comp", "ynqa"],
        format="structured",
        n=2,
    )
    out = tmp_path / "pairs.jsonl"
    result = ResumableRun(gen, out, chunks_per_batch=3).run(STRUCTURED_PASSAGES)
    assert result.failed_chunks == 1
    [entry] = journal(out)
    assert len(entry["keys"]) == 2 and entry["report"]["chunks"] == 2
    check_accounting(result, gen, chunks=2)
    assert STRUCTURED_PASSAGES[1] not in {p.context for p in result.pairs}
    assert {p.context for p in result.pairs} >= {STRUCTURED_PASSAGES[0]}


def test_two_runs_share_one_generator_from_two_threads(scripted: Any, tmp_path: Path) -> None:
    barrier = threading.Barrier(2, timeout=20)
    replies = itertools.count()

    def script(prompt: str) -> Any:
        if next(replies) < 2:  # both runs are inside the engine at once
            barrier.wait()
        if "lighthouse" in prompt:
            return RuntimeError("engine unreachable")  # not transient: no retry backoff
        return good(prompt)

    gen = TaskGenerator(llm=scripted(script), task_type="ynqa")
    inputs = {"a": PASSAGES[:1], "b": PASSAGES[1:]}
    results: dict[str, Any] = {}

    def run(key: str) -> None:
        try:
            results[key] = ResumableRun(gen, tmp_path / f"{key}.jsonl").run(inputs[key])
        except Exception as error:  # noqa: BLE001 - reported by the assertions below
            results[key] = error

    threads = [threading.Thread(target=run, args=(key,)) for key in inputs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    # Each run sees its own results only: run b's engine failure costs run b's lighthouse
    # chunk alone, and run a is complete.
    a, b = results["a"], results["b"]
    assert isinstance(a, RunResult) and isinstance(b, RunResult), results
    assert a.complete and [p.context for p in a.pairs] == PASSAGES[:1]
    assert b.failed_chunks == 1 and [p.context for p in b.pairs] == PASSAGES[2:]
    check_accounting(a, gen, chunks=1)
    check_accounting(b, gen, chunks=1)
    assert [len(journal(tmp_path / f"{k}.jsonl")[0]["keys"]) for k in "ab"] == [1, 1]
    assert type(gen.engine).__name__ == "LangChainEngine"  # never swapped


def test_a_custom_types_facets_are_in_the_run_fingerprint() -> None:
    import dataclasses

    from langchain_core.language_models import FakeListLLM

    from langchain_taskgen.generation.runs import run_fingerprint
    from langchain_taskgen.tasks import (
        AnswerKind,
        TaskType,
        register_task_type,
        unregister_task_type,
    )

    base = TaskType(
        "fp_intent",
        "fingerprint intent",
        "what the reader wants",
        AnswerKind.LABEL,
        frozenset({"install", "remove"}),
        demonstration=("What does the reader want?", "install"),
    )
    prints = []
    try:
        for task in (
            base,
            dataclasses.replace(base, demonstration=("What is wanted here?", "remove")),
            dataclasses.replace(base, round_trip=True),
        ):
            register_task_type(task, replace=True)
            gen = TaskGenerator(
                llm=FakeListLLM(responses=["x"]), task_type="fp_intent", format="instruct"
            )
            prints.append(run_fingerprint(gen))
    finally:
        unregister_task_type("fp_intent")
    assert len(set(prints)) == 3


def test_cross_batch_duplicates_leave_the_built_by_counts_with_accepted(
    scripted: Any, tmp_path: Path
) -> None:
    # Issue 21: "built by: code 2222" beside "accepted: 90". The same passage in two
    # documents gives the same pairs in two batches; the second copies are duplicates,
    # and each path's count must drop with them.
    from langchain_core.documents import Document

    gen = TaskGenerator(
        llm=scripted(lambda prompt: "This is rewritten."),
        task_type=["sent_comp", "ynqa"],
        format="structured",
    )
    docs = [Document(STRUCTURED_PASSAGES[0], metadata={"source": name}) for name in ("a", "b")]
    result = ResumableRun(gen, tmp_path / "p.jsonl", chunks_per_batch=1).run(docs)
    report = result.report
    assert report.rejected["duplicate"] > 0
    assert report.accepted == len(result.pairs)
    assert sum(report.accepted_by_path.values()) == report.accepted
    assert report.accepted + report.rejected_total == report.completions


def test_fingerprint_of_the_default_engine_does_not_import_vllm() -> None:
    """Every run makes a fingerprint; with vLLM's CPU build it needs no vLLM import (seconds)."""
    import subprocess
    import sys

    from langchain_taskgen.engines.vllm_support import cpu_build_installed

    if not cpu_build_installed():
        pytest.skip("the installed vLLM is not its CPU build")
    code = (
        "import sys\n"
        "from langchain_taskgen import TaskGenerator\n"
        "from langchain_taskgen.generation.runs import run_fingerprint\n"
        "run_fingerprint(TaskGenerator(task_type='exqa'))\n"
        "print('vllm' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False", done.stderr[-2000:]
