"""The structured format: plans from the task types' builders, drafts through the generator.

Control flow through the generator uses a scripted fake model; the builders themselves
are tested in test_tasks_builders.py and the text machinery in test_construct.py.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from langchain_core.language_models import FakeListLLM

from langchain_taskgen import TaskGenerator
from langchain_taskgen.construct import Corpus, Draft
from langchain_taskgen.formats import StructuredFormat
from langchain_taskgen.tasks import TaskType, get_task_type
from tests.data.admin_passages import CHOICE_PASSAGE, PASSAGES


def test_generator_accounts_for_code_and_model_parts() -> None:
    # The fake model answers every paraphrase prompt the same way: a paraphrase of one
    # sentence at most, so most model-written parts are rejected with a reason.
    llm = FakeListLLM(responses=["Up to 5 gigabytes of messages fit in each mailbox."])
    # Questions stay code-built here (test_asking.py covers model-written ones).
    gen = TaskGenerator(
        llm=llm,
        task_type=["exqa", "paraphrase", "sent_comp", "coref"],
        n=2,
        seed=1,
        model_questions="off",
    )
    pairs, report = gen.generate_with_report(PASSAGES)
    assert gen._format_obj().name == "structured"
    per_task = {
        t: report.accepted_by_task.get(t, 0) + sum(report.rejected_by_task.get(t, {}).values())
        for t in ("exqa", "paraphrase", "sent_comp", "coref")
    }
    # Every planned completion of every chunk ends as a pair or a counted reason.
    assert per_task == dict.fromkeys(per_task, report.chunks * 2)
    assert report.accepted == len(pairs)
    assert report.accepted_by_path["code"] == sum(p.metadata["built_by"] == "code" for p in pairs)
    # Only paraphrases went to the model: one prompt per planned paraphrase.
    planned = per_task["paraphrase"] - report.rejected_by_task["paraphrase"]["no_material"]
    assert report.prompts == planned >= 1
    assert {p.metadata["built_by"] for p in pairs} >= {"code"}
    assert all(p.metadata["task_fields"] for p in pairs if p.task_type == "exqa")
    assert report.rejected["no_material"] >= 1  # four passages offer no "It ..." to resolve


def rendered(drafts: list[Draft]) -> list[tuple[dict[str, str], object]]:
    """What a plan holds: each draft's fields and its pair (or what the model is asked)."""
    return [(dict(d.fields), d.source if d.needs_model else d.render(None)) for d in drafts]


def test_plans_are_reproducible() -> None:
    fmt = StructuredFormat()
    corpus = fmt.read(PASSAGES)
    # mcqa on the passage with options of one sort (its options all come from the
    # passage; the notes hold no three facts of one sort).
    texts = [*PASSAGES, CHOICE_PASSAGE]
    corpus = fmt.read(texts)
    for index, task in ((len(PASSAGES), "mcqa"), (2, "ynqa"), (2, "nli")):
        first = rendered(fmt.plan(corpus, index, task, 2, seed=3))
        again = rendered(fmt.plan(fmt.read(texts), index, task, 2, seed=3))
        # Equal plans prove nothing when both are empty: each must hold drafts.
        assert first and first == again, task
    # The seed is part of what decides a plan.
    assert any(
        rendered(fmt.plan(corpus, i, t, 2, seed=3)) != rendered(fmt.plan(corpus, i, t, 2, seed=4))
        for t in ("ynqa", "nli")
        for i in range(len(PASSAGES))
    )


def test_plan_uses_the_task_types_builder_and_names_a_missing_one() -> None:
    fmt = StructuredFormat()
    corpus = fmt.read([*PASSAGES, CHOICE_PASSAGE])
    mcqa = get_task_type("mcqa")
    at = len(PASSAGES)
    by_object = rendered(fmt.plan(corpus, at, mcqa, 2, seed=3))
    assert by_object and by_object == rendered(fmt.plan(corpus, at, "mcqa", 2, seed=3))
    # A TaskType passed in is built with its own builder (no registration needed).
    calls: list[int] = []

    def build(index: int, corpus: Corpus, rng: object, n: int) -> list[Draft]:
        calls.append(index)
        return []

    lone = replace(mcqa, name="lone_mcqa", full_name="lone mcqa", builder=build)
    assert fmt.plan(corpus, 2, lone, 1) == [] and calls == [2]
    with pytest.raises(ValueError, match="no builder for task type 'bare'"):
        fmt.plan(corpus, 0, TaskType("bare", "bare task", "x"))


def test_a_call_with_nothing_to_build_reports_every_completion() -> None:
    # No statement, span or sentence to build on: every completion is no_material.
    gen = TaskGenerator(llm=FakeListLLM(responses=["x"]), task_type=["ynqa", "exqa"], n=2)
    pairs, report = gen.generate_with_report(["Short.", "Tiny text"])
    assert pairs == [] and report.prompts == 0
    assert report.rejected == {"no_material": report.chunks * 4}
    assert report.completions == report.accepted + report.rejected_total


def test_run_fingerprint_changes_with_n_in_the_structured_format() -> None:
    from langchain_taskgen.generation.runs import run_fingerprint

    llm = FakeListLLM(responses=["x"])
    one = TaskGenerator(llm=llm, task_type="ynqa", n=1, format="structured")
    two = TaskGenerator(llm=llm, task_type="ynqa", n=2, format="structured")
    assert one.sampling().n == two.sampling().n == 1  # n lives in the plan
    assert run_fingerprint(one) != run_fingerprint(two)
