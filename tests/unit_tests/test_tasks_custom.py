"""A custom task type registered with every facet is used by every part that reads it.

The structured format builds it with its builder, the instruct format shows and checks
its demonstration and decoding labels, the pair checks apply its structure and label
rule, verification its relevance facet and the round trip its default.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Iterator
from dataclasses import replace

import pytest
from langchain_core.language_models import FakeListLLM

from langchain_taskgen import TaskGenerator, TaskPair, verify_pairs
from langchain_taskgen.checks import roundtrip
from langchain_taskgen.checks.answers import validate_pair
from langchain_taskgen.construct import Corpus, Draft
from langchain_taskgen.errors import TaskParseError
from langchain_taskgen.formats import InstructFormat, StructuredFormat
from langchain_taskgen.tasks import (
    TASK_TYPES,
    AnswerKind,
    Structure,
    TaskType,
    get_task_type,
    register_task_type,
    unregister_task_type,
)

QUESTION = "Does the passage support the claim? Answer supported, unsupported or partly."
PASSAGES = [
    "The network card joins the network bridge. The network gateway routes the traffic.",
    "Security updates close security holes. The security team signs every update.",
    "The disk holds the archive. Each disk is checked for bad blocks every week.",
]


def build_claims(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    sentence = corpus.sentences[index][0] if corpus.sentences[index] else None
    if sentence is None:
        sentence = corpus.passages[index].split(". ")[0] + "."
    inp = f"{corpus.passages[index]}\n\nClaim: {sentence}\n{QUESTION}"
    return [Draft("claim", {"claim": sentence}, lambda _w: (inp, "supported"))][:n]


CLAIM = TaskType(
    "claim",
    "claim verification",
    "a claim and the question whether the passage supports it",
    AnswerKind.LABEL,
    frozenset({"supported", "unsupported"}),
    demonstration=("Claim: the library opens at noon on Sundays. Is it supported?", "supported"),
    builder=build_claims,
    schema_labels=("Supported", "Unsupported"),
    structure=Structure.QUESTION,
    strict_labels=False,
    about_passage=True,
    round_trip=True,
)


@pytest.fixture
def claim() -> Iterator[TaskType]:
    task = register_task_type(CLAIM, replace=True)
    yield task
    TASK_TYPES.pop("claim", None)


class KeywordEmbeddings:
    """One axis per keyword: a text's vector counts the keywords it contains."""

    keys = ("network", "security", "disk")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[float(t.lower().count(k)) + 0.01 for k in self.keys] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def test_the_structured_format_builds_it_with_its_builder(claim: TaskType) -> None:
    fmt = StructuredFormat()
    corpus = fmt.read(PASSAGES)
    (draft,) = fmt.plan(corpus, 1, "claim verification", 3, seed=0)
    assert draft.task_type == "claim" and not draft.needs_model
    pairs = TaskGenerator(llm=FakeListLLM(responses=["x"]), task_type="claim").invoke(PASSAGES)
    assert [p.output for p in pairs] == ["supported"] * 3
    assert all(p.metadata["built_by"] == "code" for p in pairs)


def test_the_instruct_format_shows_and_checks_its_demonstration(claim: TaskType) -> None:
    fmt = InstructFormat()
    prompt = fmt.prompt(PASSAGES[0], "claim")
    assert "Input: Claim: the library opens at noon on Sundays. Is it supported?" in prompt
    assert "Output: supported" in prompt and "one of: supported, unsupported" in prompt
    schema = InstructFormat(style="json").constraint("claim").schema()  # type: ignore[union-attr]
    assert schema["properties"]["output"]["enum"] == ["Supported", "Unsupported"]
    # Its own demonstration copied back is caught as such.
    with pytest.raises(TaskParseError) as error:
        fmt.parse(
            " Claim: the library opens at noon on Sundays. Supported?\nOutput: yes", "x", "claim"
        )
    assert error.value.reason == "copied_demonstration"
    # Without a demonstration the prompt has none to show.
    register_task_type(replace(claim, demonstration=None), replace=True)
    assert "Output:" not in fmt.prompt(PASSAGES[0], "claim")


def test_the_checks_apply_its_structure_and_label_rule(claim: TaskType) -> None:
    context = PASSAGES[1]
    validate_pair(f"Claim: updates are signed.\n{QUESTION}", "supported", "claim", context)
    # strict_labels off: an answer the task itself lists passes; anything else does not.
    validate_pair(f"Claim: updates are signed.\n{QUESTION}", "partly", "claim", context)
    for task_input, output, reason in [
        (f"Claim: updates are signed.\n{QUESTION}", "maybe", "invalid_label"),
        ("Claim: updates are signed.", "supported", "not_a_question"),
    ]:
        with pytest.raises(TaskParseError) as error:
            validate_pair(task_input, output, "claim", context)
        assert error.value.reason == reason
    register_task_type(replace(claim, strict_labels=True), replace=True)
    with pytest.raises(TaskParseError, match="invalid_label"):
        validate_pair(f"Claim: updates are signed.\n{QUESTION}", "partly", "claim", context)


def test_verification_reads_its_relevance_facet(claim: TaskType) -> None:
    # Each pair's own text (without its passage) names the disk: off its passage twice.
    pairs = [
        TaskPair(f"{p}\n\nClaim: the disk.\n{QUESTION}", "supported", "claim", p) for p in PASSAGES
    ]
    kept, rejected, _ = verify_pairs(pairs, embeddings=KeywordEmbeddings(), relevance_top=1)  # type: ignore[arg-type]
    assert len(kept) == 1 and [r for _, r in rejected] == ["off_passage", "off_passage"]
    register_task_type(replace(claim, about_passage=False), replace=True)
    kept, rejected, _ = verify_pairs(pairs, embeddings=KeywordEmbeddings(), relevance_top=1)  # type: ignore[arg-type]
    assert len(kept) == 3 and rejected == []


def test_the_round_trip_applies_by_its_facet(claim: TaskType) -> None:
    pair = TaskPair("Claim: x?", "supported", "claim", context=PASSAGES[0])
    assert roundtrip.RoundTripCheck(engine=None).applies_to(pair)  # type: ignore[arg-type]
    assert "claim" in roundtrip.DEFAULT_ROUND_TRIP_TASKS
    unregister_task_type("claim")
    assert not roundtrip.RoundTripCheck(engine=None).applies_to(pair)  # type: ignore[arg-type]
    assert "claim" not in roundtrip.DEFAULT_ROUND_TRIP_TASKS


def test_the_old_builder_paths_still_work_and_warn(claim: TaskType) -> None:
    with pytest.warns(DeprecationWarning, match="construct.builders moved"):
        builders = importlib.reload(importlib.import_module("langchain_taskgen.construct.builders"))
    with pytest.warns(DeprecationWarning), pytest.raises(ValueError, match="built in"):
        builders.register_builder("ynqa", build_claims, replace=True)
    with pytest.warns(DeprecationWarning, match="register_builder"):
        with pytest.raises(ValueError, match="exists"):
            builders.register_builder("claim", build_claims)
    assert builders.BUILDERS["claim"] is build_claims and set(builders.BUILDERS) >= {"claim"}
    del builders.BUILDERS["claim"]
    assert get_task_type("claim").builder is None and "claim" not in builders.BUILDERS
    with pytest.warns(DeprecationWarning):
        builders.register_builder("claim", build_claims)
    assert get_task_type("claim").builder is build_claims
    # A builder registered before its type waits for it.
    unregister_task_type("claim")
    with pytest.warns(DeprecationWarning):
        builders.register_builder("claim", build_claims)
    assert builders.BUILDERS["claim"] is build_claims
    assert register_task_type(replace(CLAIM, builder=None)).builder is build_claims
    with pytest.warns(DeprecationWarning, match="tasks.labels"):
        importlib.reload(importlib.import_module("langchain_taskgen.construct.labels"))


def test_the_checks_take_an_unregistered_task_type_object() -> None:
    lone = replace(CLAIM, name="lone_claim", full_name="lone claim")
    validate_pair(f"Claim: updates are signed.\n{QUESTION}", "Supported", lone, PASSAGES[1])
    with pytest.raises(TaskParseError, match="invalid_label"):
        validate_pair(f"Claim: updates are signed.\n{QUESTION}", "maybe", lone, PASSAGES[1])


def test_a_builder_that_raises_costs_its_tasks_and_bad_builders_are_refused() -> None:
    from langchain_core.language_models import FakeListLLM

    from langchain_taskgen import TaskGenerator
    from langchain_taskgen.tasks import TaskType, register_task_type, unregister_task_type

    def boom(index: int, corpus: object, rng: object, n: int) -> list[object]:
        raise RuntimeError("my builder has a bug")

    register_task_type(TaskType("boom", "boom task", "raises"), replace=True)
    try:
        with pytest.raises(TypeError, match="must be callable"):
            register_task_type(TaskType("boom", "boom task", "raises", builder=42), replace=True)  # type: ignore[arg-type]
        register_task_type(TaskType("boom", "boom task", "raises", builder=boom), replace=True)
        generator = TaskGenerator(
            llm=FakeListLLM(responses=["x"]), task_type=["boom", "exqa"], format="structured"
        )
        pairs, report = generator.generate_with_report(
            "The archive keeps 12 snapshots. Each snapshot is kept for 30 days."
        )
        assert report.rejected["builder_error"] == 1
        assert {p.task_type for p in pairs} == {"exqa"}
        assert report.accepted + sum(report.rejected.values()) == report.completions
    finally:
        unregister_task_type("boom")
    with pytest.raises(TypeError, match="register a TaskType"):
        register_task_type("foo")  # type: ignore[arg-type]
