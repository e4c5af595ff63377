"""generation/plan.py and judge.py: one plan for every format, one judge, safe concurrency."""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from typing import Any

import pytest
from langchain_core.language_models import FakeListLLM

from langchain_taskgen import TaskGenerator
from langchain_taskgen.engines.base import Completion, PromptResult
from langchain_taskgen.errors import TaskParseError
from langchain_taskgen.generation.chunking import Chunk
from langchain_taskgen.generation.plan import DraftAdapter, PromptAdapter, adapter_for
from langchain_taskgen.generation.report import GenerationReport

from .conftest import PASSAGES
from .test_generator import good

STRUCTURED_PASSAGES = [
    "The backup job runs every night and keeps 14 copies of each database. The backup "
    "server is located in the second data centre. Restores can be started from the web "
    "console by any administrator.",
    "The mail server accepts messages from 12 internal networks only. Each mailbox can "
    "hold 5 gigabytes of messages. The quota is raised by the help desk on request.",
    "Short.",
]


def chunks_of(texts: list[str]) -> list[Chunk]:
    return [Chunk(text, {"source": f"d{i}"}, source=i) for i, text in enumerate(texts)]


def per_task_total(report: GenerationReport) -> Counter[str]:
    totals: Counter[str] = Counter(report.accepted_by_task)
    for task, reasons in report.rejected_by_task.items():
        totals[task] += sum(reasons.values())
    return totals


class Echo:
    """A user's own prompted format (no Bonito base class): the generic adapter plans it."""

    name = "echo"

    def prompt(self, context: str, task_type: str) -> str:
        return f"[{task_type}] {context}"

    def parse(self, completion: str, context: str, task_type: str | None = None) -> tuple[str, str]:
        question, sep, answer = completion.partition("=>")
        if not sep:
            raise TaskParseError("no_arrow", "no => in the completion", completion)
        return f"{context}\n{question.strip()}", answer.strip()

    def stop_sequences(self, task_type: str) -> list[str]:
        return ["\n\n"]


def test_a_prompted_format_plans_one_job_per_chunk_and_task() -> None:
    gen = TaskGenerator(
        llm=FakeListLLM(responses=["x"]), task_type=["ynqa", "qa"], format="bonito", n=3
    )
    plan = gen.plan(chunks_of(PASSAGES[:2]))
    assert isinstance(adapter_for(gen._format_obj()), PromptAdapter)
    assert [[(j.chunk, j.task.name) for j in p.jobs] for p in plan.parts] == [
        [(0, "ynqa"), (0, "qa")],
        [(1, "ynqa"), (1, "qa")],
    ]
    assert [j.prompt_index for j in plan.jobs()] == [0, 1, 2, 3]
    assert plan.prompt_chunk_indices() == gen.prompt_chunk_indices(plan.chunks) == [0, 0, 1, 1]
    assert plan.completions == 12 and plan.completions_per_prompt == 3
    assert all(j.built_by is None and j.constraint is None for j in plan.jobs())
    assert plan.constraints == []  # free text everywhere: no constraints sent
    json_plan = TaskGenerator(
        llm=FakeListLLM(responses=["x"]), task_type="nli", format="instruct-json"
    ).plan(chunks_of(PASSAGES[:1]))
    [constraint] = json_plan.constraints
    assert constraint is not None and "Entailment" in str(constraint.schema())


def test_a_drafting_format_plans_drafts_and_records_plan_time_rejections() -> None:
    gen = TaskGenerator(
        llm=FakeListLLM(responses=["x"]), task_type=["exqa", "paraphrase"], n=2, seed=1
    )
    plan = gen.plan(chunks_of(STRUCTURED_PASSAGES))
    assert isinstance(adapter_for(gen._format_obj()), DraftAdapter)
    assert plan.completions_per_prompt == 1 == gen.sampling().n
    for part in plan.parts:
        # Every chunk stands for tasks x n completions, planned or rejected at plan time.
        assert part.completions == 2 * 2
        for job in part.jobs:
            assert (job.prompt is None) == (job.prompt_index is None)
            # A fake model is not the embedded default: it is asked for exqa questions too,
            # with the code question as the fallback (built by code until judged).
            assert (job.asking is not None) == (job.task.name == "exqa")
            assert (job.prompt is None or job.asking is not None) == (job.built_by == "code")
            assert job.completions == 1 and job.fields
    assert {r.reason for r in plan.parts[2].rejections} == {"no_material"}
    assert [j.prompt_index for j in plan.prompted_jobs] == list(range(len(plan.prompts)))
    assert len(plan.prompts) >= 1


def test_judging_a_subset_counts_only_its_chunks() -> None:
    llm = FakeListLLM(responses=["x"])
    gen = TaskGenerator(llm=llm, task_type=["ynqa", "qa"], format="bonito", n=2)
    plan = gen.plan(chunks_of(PASSAGES))
    answers = {0: "{{context}}\nIs it?\n<|pipe|>\nYes", 1: "garbage", 2: "{{context}}\nQ?"}
    results = [
        PromptResult(
            completions=[
                Completion(f"{answers[job.chunk]}{k}" if job.chunk == 0 else answers[job.chunk])
                for k in range(2)
            ]
        )
        for job in plan.prompted_jobs
    ]
    results[plan.prompt_chunk_indices().index(1)] = PromptResult.failed("engine_error", "down")
    whole, whole_report = gen.judge(plan, results)
    subset, report = gen.judge(plan, results, chunks=[2, 0])
    assert subset == [whole[2], whole[0]]
    assert report.chunks == 2 and report.prompts == 4 and report.completions == 8
    assert report.accepted + report.rejected_total == report.completions
    assert per_task_total(report) == {"ynqa": 4, "qa": 4}
    assert "engine_error" not in report.rejected  # chunk 1's failure is not in the subset
    assert whole_report.rejected["engine_error"] == 2
    assert whole_report.completions == report.completions + 4
    with pytest.raises(ValueError, match="4 results"):
        gen.judge(plan, results[:4])
    for bad in ([0, 0], [-1], [len(PASSAGES)]):
        with pytest.raises(ValueError, match="distinct indices"):
            gen.judge(plan, results, chunks=bad)


def test_judging_a_subset_of_a_structured_plan_keeps_the_planned_tasks() -> None:
    llm = FakeListLLM(responses=["The job keeps 14 copies of each database every night."])
    gen = TaskGenerator(llm=llm, task_type=["mcqa", "ynqa", "paraphrase"], n=2, seed=3)
    plan = gen.plan(chunks_of(STRUCTURED_PASSAGES))
    results = gen.complete(plan)
    whole, _ = gen.judge(plan, results)
    [alone], report = gen.judge(plan, results, chunks=[1])
    # The same pairs as in the whole batch: distractors drawn from chunk 0 stay as planned.
    assert alone == whole[1]
    assert report.completions == plan.parts[1].completions == 3 * 2
    assert report.accepted + report.rejected_total == report.completions
    assert report.accepted_by_path.total() == len(alone)


def test_a_custom_prompted_format_goes_through_the_generic_adapter(scripted: Any) -> None:
    llm = scripted(lambda p: "Is it?\n=> yes" if "lighthouse" in p else "nothing")
    gen = TaskGenerator(llm=llm, task_type="ynqa", format=Echo(), n=2)
    pairs, report = gen.generate_with_report(PASSAGES)
    # The engine repeats each prompt n times in one call.
    assert [p[:22] for p in llm.calls[0][::2]] == [f"[ynqa] {t[:15]}" for t in PASSAGES]
    assert [p.output for p in pairs] == ["yes"]
    assert report.rejected == {"no_arrow": 4, "duplicate": 1}
    assert report.accepted + report.rejected_total == report.completions == 6


def test_two_threads_invoking_one_generator_get_their_own_pairs_and_reports(
    scripted: Any,
) -> None:
    # Both calls must be inside the engine at once: the first prompt of each waits for the
    # other's, so neither call returns before the other has started.
    barrier = threading.Barrier(2, timeout=20)
    replies = itertools.count()

    def script(prompt: str) -> str:
        if next(replies) < 2:
            barrier.wait()
        return good(prompt)

    gen = TaskGenerator(llm=scripted(script), task_type="ynqa", n=2)
    inputs = {0: [PASSAGES[0]], 1: [PASSAGES[1], PASSAGES[2]]}
    outcome: dict[int, Any] = {}

    def call(key: int) -> None:
        pairs, report = gen.generate_with_report(inputs[key])
        outcome[key] = (pairs, report, gen.invoke(inputs[key][0]))

    def paired_call(key: int) -> None:
        try:
            call(key)
        except Exception as error:  # noqa: BLE001 - reported by the assertions below
            outcome[key] = error

    threads = [threading.Thread(target=paired_call, args=(key,)) for key in inputs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    for key, texts in inputs.items():
        pairs, report, invoked = outcome[key]
        assert [p.context for p in pairs] == texts
        # Each question names its own passage: no reply went to another call's chunk.
        assert all(p.input.endswith(f"mention {p.context.split()[1]}?") for p in pairs)
        assert report.chunks == len(texts) and report.completions == 2 * len(texts)
        assert report.accepted == len(texts) and report.rejected == {"duplicate": len(texts)}
        assert [p.context for p in invoked] == texts[:1]
