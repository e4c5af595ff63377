"""Structured-decoding plumbing and the round-trip check's control flow.

Fake engines only decide what comes back; the real model runs these paths in
tests/integration_tests/test_vllm_engine.py.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from langchain_taskgen import TaskGenerator, TaskPair
from langchain_taskgen.checks.roundtrip import (
    RoundTripCheck,
    contrast_passages,
    parse_task_types,
    round_trip_prompt,
    token_f1,
)
from langchain_taskgen.checks.verify import verify_pairs
from langchain_taskgen.engines.base import (
    Completion,
    OutputConstraint,
    PromptResult,
    SamplingConfig,
)
from langchain_taskgen.engines.langchain import LangChainEngine, response_format
from langchain_taskgen.formats.instruct import InstructFormat


def test_output_constraint_needs_exactly_one_kind() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        OutputConstraint()
    with pytest.raises(ValueError, match="exactly one"):
        OutputConstraint(json_schema="{}", choices=("a",))
    with pytest.raises(ValueError, match="object"):
        OutputConstraint(json_schema="[1]")
    assert OutputConstraint(choices=("a", "b")).schema() == {"type": "string", "enum": ["a", "b"]}


def test_instruct_json_schema_fixes_labels_and_requires_both_fields() -> None:
    schema = InstructFormat(style="json").constraint("nli").schema()  # type: ignore[union-attr]
    assert schema["required"] == ["input", "output"]
    assert set(schema["properties"]["output"]["enum"]) == {"Entailment", "Neutral", "Contradiction"}
    free = InstructFormat(style="json").constraint("qa").schema()  # type: ignore[union-attr]
    assert free["properties"]["output"] == {"type": "string", "minLength": 1}


class _ConstrainedEngine:
    """Answers each prompt with valid JSON and records the constraints it was given."""

    supports_constraints = True

    def __init__(self) -> None:
        self.seen: list[tuple[OutputConstraint | None, ...]] = []

    def generate(
        self, prompts: Sequence[str], sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        self.seen.append(sampling.constraints)
        reply = json.dumps({"input": "Does the text mention cats?", "output": "Yes"})
        return [PromptResult([Completion(reply, "stop")]) for _ in prompts]

    async def agenerate(
        self, prompts: Sequence[str], sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        return self.generate(prompts, sampling)


def test_generator_sends_one_constraint_per_prompt_and_counts_the_path() -> None:
    engine = _ConstrainedEngine()
    gen = TaskGenerator(llm=engine, task_type=["ynqa", "qa"], format="instruct-json", batch_size=1)
    gen.invoke(["Cats sleep a lot. Cats like warm places.", "Dogs bark at night."])
    # batch_size=1: one prompt per call, each with its own task type's schema.
    assert len(engine.seen) == 4
    assert all(len(c) == 1 and c[0] is not None for c in engine.seen)
    report = gen.last_report
    assert report is not None
    assert report.completions_by_decoding == {"constrained": 4}
    assert "decoding: constrained 4" in report.summary()
    assert report.accepted + report.rejected_total == report.completions
    # An engine without structured decoding gets plain sampling, counted as free text.
    free = TaskGenerator(llm=_PlainEngine(), task_type="ynqa", format="instruct-json")
    free.invoke(["Cats sleep a lot."])
    assert free.last_report is not None
    assert free.last_report.completions_by_decoding == {"free": 1}
    # The completion-style instruct format has no schema: nothing counted.
    plain = TaskGenerator(llm=engine, task_type="ynqa", format="instruct")
    plain.invoke(["Cats sleep a lot."])
    assert plain.last_report is not None and not plain.last_report.completions_by_decoding


class _PlainEngine(_ConstrainedEngine):
    supports_constraints = False

    def generate(
        self, prompts: Sequence[str], sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        assert sampling.constraints == ()
        return super().generate(prompts, sampling)


class _RecordingChat(GenericFakeChatModel):
    calls: list[dict[str, Any]] = []

    def _generate(self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any):  # type: ignore[no-untyped-def]
        self.calls.append(kwargs)
        # Chat batches run one thread per input: answer by the request, not by arrival order.
        reply = '{"answer": "neutral"}' if kwargs.get("response_format") else "hi"
        return ChatResult(generations=[ChatGeneration(message=AIMessage(reply))])


def test_langchain_chat_engine_sends_response_format_and_unwraps_choices() -> None:
    model = _RecordingChat(messages=iter([]))
    engine = LangChainEngine(model, structured_outputs=True, pass_sampling=False)
    assert engine.supports_constraints
    choice = OutputConstraint(choices=("entailment", "neutral"))
    results = engine.generate(
        ["a", "b"], SamplingConfig(constraints=(choice, None)), callbacks=None
    )
    assert results[0].completions[0].text == "neutral"
    assert results[1].completions[0].text == "hi"
    formats = [call.get("response_format") for call in model.calls]
    assert formats.count(None) == 1
    assert response_format(choice) in formats
    assert not LangChainEngine(model).supports_constraints  # opt-in


def test_contrast_passages_skip_overlapping_chunks_and_are_stable() -> None:
    text = "one two three four five six seven eight nine ten"
    pair = TaskPair("Which number?", "nine", "exqa", context=text)
    overlap = "seven eight nine ten eleven " + "one two three four five six seven eight"
    pool = [text, overlap, "Cats sleep.", "Dogs bark."]
    picks = contrast_passages(pair, pool)
    assert overlap not in picks and len(picks) == 2
    assert picks == contrast_passages(pair, pool)
    assert contrast_passages(pair, [text]) == [None]
    assert "Passage:" not in round_trip_prompt(pair, None)


class _ScoringEngine:
    """Scores an answer high after a passage that contains it, low otherwise."""

    def __init__(self, broken: set[str] = frozenset()) -> None:  # type: ignore[assignment]
        self.broken = broken

    def score_continuations(
        self, prompts: Sequence[str], continuations: Sequence[str]
    ) -> list[float | None]:
        out: list[float | None] = []
        for prompt, answer in zip(prompts, continuations, strict=True):
            if answer.strip() in self.broken:
                out.append(None)
            else:
                passage = prompt.split("\n\n")[0] if prompt.startswith("Passage:") else ""
                out.append(-0.5 if answer.strip() in passage else -3.0)
        return out

    def generate(self, prompts: Sequence[str], sampling: SamplingConfig, **_: Any) -> Any:
        raise AssertionError("the likelihood path must not generate")

    async def agenerate(self, prompts: Sequence[str], sampling: SamplingConfig, **_: Any) -> Any:
        raise AssertionError("the likelihood path must not generate")


PASSAGES = [
    "The dpkg tool installs a single deb file.",
    "Reportbug sends bug reports to the tracker.",
    "Backports are not installed by default.",
]


def test_round_trip_rejects_answers_the_passage_does_not_give() -> None:
    good = TaskPair("Which tool installs a deb file?", "dpkg", "exqa", PASSAGES[0])
    swapped = TaskPair(good.input, good.output, "exqa", PASSAGES[1])
    unscored = TaskPair("Who sends reports?", "Reportbug", "exqa", PASSAGES[1])
    label = TaskPair("Are backports installed by default?", "No", "ynqa", PASSAGES[2])
    check = RoundTripCheck(_ScoringEngine(broken={"Reportbug"}))  # type: ignore[arg-type]
    assert check.method == "likelihood"
    scores = check.score([good, swapped, unscored, label])
    assert scores == [2.5, -2.5, None, None]  # ynqa is not a default round-trip type
    kept, rejected, counts = check.check([good, swapped, unscored, label])
    assert [p.metadata.get("round_trip") for p in kept] == [2.5, None]
    assert [(p.output, r) for p, r in rejected] == [
        ("dpkg", "not_grounded"),
        ("Reportbug", "unscored"),  # not checked: never passed as if it were (issue 21.1)
    ]
    assert counts == {"checked": 2, "not_grounded": 1, "unscored": 1}
    lenient = RoundTripCheck(check.engine, reject_unscored=False)
    kept, rejected, counts = lenient.check([good, swapped, unscored, label])
    assert [p.output for p in kept] == ["dpkg", "Reportbug", "No"]
    assert "round_trip" not in kept[1].metadata and counts["unscored"] == 1
    # Through verify_pairs (qa: the strict span check would already catch the exqa swap):
    # counted in the report, accepted + rejected == pairs in.
    # (another wording, or the two would be exact duplicates: same task, input, output)
    good = TaskPair(good.input, good.output, "qa", good.context)
    swapped = TaskPair("What installs one deb file?", "dpkg", "qa", swapped.context)
    _, _, report = verify_pairs([good, swapped, label], round_trip=check)
    assert report.kept + sum(report.rejected.values()) == 3
    assert report.rejected["not_grounded"] == 1
    assert report.round_trip_method == "likelihood"
    assert "round trip (likelihood): checked 2, not grounded 1" in report.summary()
    assert report.to_dict()["round_trip"] == {"checked": 2, "not_grounded": 1}


class _AnsweringEngine:
    """No scoring: answers with the passage's first word when it sees a passage."""

    def generate(
        self, prompts: Sequence[str], sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        assert sampling.temperature == 0.0
        out = []
        for prompt in prompts:
            word = prompt.split()[1] if prompt.startswith("Passage:") else "unknown"
            out.append(PromptResult([Completion(word, "stop")]))
        return out

    async def agenerate(
        self, prompts: Sequence[str], sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        return self.generate(prompts, sampling)


def test_round_trip_without_likelihoods_compares_answers() -> None:
    good = TaskPair(
        "Which tool installs a deb file?", "dpkg", "qa", PASSAGES[0].replace("The ", "")
    )
    swapped = TaskPair("Which tool installs a deb file?", "dpkg", "qa", PASSAGES[1])
    check = RoundTripCheck(_AnsweringEngine(), task_types=parse_task_types(["qa"]))
    assert check.method == "answer"
    assert check.score([good, swapped]) == [1.0, -1.0]
    assert token_f1("the apt update command", "apt update") == 0.8
    with pytest.raises(ValueError):
        parse_task_types(["no-such-task"])
    assert len(parse_task_types(["all"])) == 16


def test_custom_task_types_work_in_every_format_that_can_build_them() -> None:
    from dataclasses import replace

    from langchain_taskgen.checks.answers import validate_pair
    from langchain_taskgen.construct.draft import Draft
    from langchain_taskgen.errors import TaskParseError
    from langchain_taskgen.formats.structured import StructuredFormat
    from langchain_taskgen.tasks import (
        AnswerKind,
        TaskType,
        get_task_type,
        register_task_type,
        unregister_task_type,
    )

    with pytest.raises(ValueError, match="built-in"):
        register_task_type(TaskType("ynqa", "my ynqa", "x"))
    with pytest.raises(ValueError, match="needs labels"):
        register_task_type(TaskType("intent", "request intent", "x", AnswerKind.LABEL))
    intent = TaskType(
        "intent",
        "request intent",
        "what the reader wants to do",
        AnswerKind.LABEL,
        frozenset({"install", "configure"}),
        demonstration=("What does a reader of this passage want?", "configure"),
    )
    register_task_type(intent)
    try:
        with pytest.raises(ValueError, match="already registered"):
            register_task_type(intent)
        assert get_task_type("request intent") is intent
        fmt = InstructFormat()
        prompt = fmt.prompt("Edit /etc/hosts to add a name.", "intent")
        assert "one of: configure, install" in prompt
        assert "What does a reader of this passage want?" in prompt
        schema = InstructFormat(style="json").constraint("intent").schema()  # type: ignore[union-attr]
        assert schema["properties"]["output"]["enum"] == ["configure", "install"]
        validate_pair("What does the reader want?", "configure", "intent", "Edit /etc/hosts.")
        with pytest.raises(TaskParseError) as error:
            validate_pair("What does the reader want?", "dance", "intent", "Edit /etc/hosts.")
        assert error.value.reason == "invalid_label"
        gen = TaskGenerator(llm=_ConstrainedEngine(), task_type="intent", format="instruct-json")
        gen.invoke(["Edit /etc/hosts to add a name."])
        assert gen.last_report is not None
        # The fake replies "Yes", which is not an intent label: rejected, counted.
        assert gen.last_report.rejected == {"invalid_label": 1}

        structured = StructuredFormat()
        corpus = structured.read(["Edit the hosts file. Then restart the service."])
        with pytest.raises(ValueError, match="no builder for task type 'intent'"):
            structured.plan(corpus, 0, "intent")

        def build(index: int, corpus: Any, rng: Any, n: int) -> list[Draft]:
            passage = corpus.passages[index]
            inp = f"{passage}\n\nWhat does the reader want to do?"
            return [Draft("intent", {"label": "configure"}, lambda _w: (inp, "configure"))]

        # The same door: the type, now carrying its builder, replaces the bare one.
        with pytest.raises(ValueError, match="already registered"):
            register_task_type(replace(intent, builder=build))
        register_task_type(replace(intent, builder=build), replace=True)
        pairs = TaskGenerator(llm=_PlainEngine(), task_type="intent").invoke(
            ["Edit the hosts file. Then restart the service."]
        )
        assert [(p.task_type, p.output) for p in pairs] == [("intent", "configure")]
    finally:
        unregister_task_type("intent")
    with pytest.raises(ValueError, match="unknown task type"):
        get_task_type("intent")


def test_user_checks_reject_with_their_own_reasons() -> None:
    def no_cats(pair: TaskPair) -> str | None:
        return "mentions_cats" if "cats" in pair.input.casefold() else None

    def broken(pair: TaskPair) -> str | None:
        raise RuntimeError("bug in a user's check")

    gen = TaskGenerator(llm=_ConstrainedEngine(), task_type="ynqa", format="instruct-json")
    gen.checks = [no_cats]
    assert gen.invoke(["Cats sleep a lot."]) == []
    assert gen.last_report is not None
    assert gen.last_report.rejected == {"mentions_cats": 1}
    gen.checks = [broken]
    gen.invoke(["Cats sleep a lot."])
    assert gen.last_report.rejected == {"check_error": 1}
    structured = TaskGenerator(llm=_PlainEngine(), task_type="exqa", checks=[lambda p: "nope"])
    structured.invoke(["The debsums tool checks the checksums of installed package files."])
    report = structured.last_report
    assert report is not None and report.accepted == 0
    assert report.rejected.get("nope", 0) >= 1
    assert report.accepted + report.rejected_total == report.completions


def test_report_splits_engine_start_from_generation() -> None:
    import time

    class _SlowStart(_ConstrainedEngine):
        started = 0

        def start(self) -> None:
            time.sleep(0.2)
            self.started += 1

    engine = _SlowStart()
    gen = TaskGenerator(llm=engine, task_type="ynqa", format="instruct-json")
    gen.invoke(["Cats sleep a lot."])
    report = gen.last_report
    assert report is not None and engine.started == 1
    assert 0.2 <= report.engine_start_seconds <= report.seconds
    assert "seconds: " in report.summary() and "(engine start 0.2" in report.summary()
    assert report.to_dict()["engine_start_seconds"] >= 0.2


def test_a_structured_reply_cut_at_max_tokens_is_truncated_not_an_engine_error() -> None:
    from types import SimpleNamespace

    class LengthFinishReasonError(Exception):  # the OpenAI SDK's name, raised by parse()
        def __init__(self) -> None:
            super().__init__("length limit reached")
            message = SimpleNamespace(content='{"input": "Is it')
            usage = SimpleNamespace(prompt_tokens=30, completion_tokens=64)
            self.completion = SimpleNamespace(
                choices=[SimpleNamespace(message=message)], usage=usage
            )

    class _Cut(GenericFakeChatModel):
        def _generate(self, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
            raise LengthFinishReasonError()

    engine = LangChainEngine(_Cut(messages=iter([])), structured_outputs=True, max_retries=0)
    schema = InstructFormat(style="json").constraint("ynqa")
    result = engine.generate(["p"], SamplingConfig(constraints=(schema,)))[0]
    assert result.error is None
    assert result.completions[0].finish_reason == "length"
    assert result.completions[0].completion_tokens == 64
