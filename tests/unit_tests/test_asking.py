"""Model-written questions for code-chosen answers: checks, round trip, fallback, accounting.

The control flow runs on a fake engine whose reply is a function of the prompt, so each
path (written question used, copied sentence, answer inside, round-trip mismatch, engine
failure, truncation, no verdict) is forced and its counts asserted; one test goes through
a LangChain model (LangChainEngine). The real model is in
tests/integration_tests/test_asking_vllm.py.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import FakeListLLM

from langchain_taskgen import TaskGenerator
from langchain_taskgen.construct.asking import (
    QuestionAsk,
    question_fault,
    read_question,
    sentence_copy,
)
from langchain_taskgen.engines.base import Completion, PromptResult, SamplingConfig
from langchain_taskgen.generation.asking import WRITTEN_KEY, is_default_model, writes_questions
from langchain_taskgen.generation.chunking import Chunk
from langchain_taskgen.generation.report import GenerationReport
from langchain_taskgen.pairs import TaskPair
from tests.data.admin_passages import PASSAGES

TYPES = ["exqa", "qa", "qg"]
Reply = str | tuple[str, str] | None  # text, (text, finish_reason), or None: the prompt fails


class FakeEngine:
    """A TaskEngine answering each prompt by a script; records every prompt it got."""

    def __init__(self, script: Callable[[str], Reply]) -> None:
        self.script = script
        self.prompts: list[str] = []

    def generate(
        self, prompts: Sequence[str], sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        results = []
        for prompt in prompts:
            self.prompts.append(prompt)
            reply = self.script(prompt)
            if reply is None:
                results.append(PromptResult.failed("engine_error", "scripted failure"))
                continue
            text, finish = (reply, "stop") if isinstance(reply, str) else reply
            results.append(PromptResult([Completion(text, finish)] * sampling.n))
        return results

    async def agenerate(
        self, prompts: Sequence[str], sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        return self.generate(prompts, sampling)


def is_question_prompt(prompt: str) -> bool:
    return prompt.startswith("Write one question about the passage")


def asked_answer(prompt: str) -> str:
    return re.findall(r"^Answer: (.*)$", prompt, re.M)[-1]


def asked_passage(prompt: str) -> str:
    return re.findall(r"^Passage: (.*)$", prompt, re.M)[-1]


class Writer:
    """Writes a distinct question per asked answer, and answers it back in the round trip."""

    def __init__(self, round_trip: Callable[[str], str] = lambda answer: answer) -> None:
        self.answers: list[str] = []
        self.round_trip = round_trip

    def __call__(self, prompt: str) -> Reply:
        if is_question_prompt(prompt):
            self.answers.append(asked_answer(prompt))
            return f" Which value does item {len(self.answers)} of the passage give?\n"
        item = re.search(r"item (\d+) of the passage", prompt)
        assert item, prompt  # the round trip asks the written question
        return " " + self.round_trip(self.answers[int(item.group(1)) - 1])


def copy_with_blank(prompt: str) -> Reply:
    """The source sentence with the answer replaced by "what": the echo question."""
    if not is_question_prompt(prompt):
        return pytest.fail("no round trip for a question that failed its form checks")
    answer = asked_answer(prompt)
    for sentence in re.split(r"(?<=\.) ", asked_passage(prompt)):
        if answer in sentence:
            return sentence.replace(answer, "what", 1).rstrip(".") + "?"
    raise AssertionError(answer)


def run(engine: Any, setting: str = "on", **kwargs: Any) -> tuple[list[TaskPair], Any]:
    gen = TaskGenerator(llm=engine, task_type=TYPES, n=2, seed=1, model_questions=setting, **kwargs)
    pairs, report = gen.generate_with_report(PASSAGES)
    assert_accounted(report)
    return pairs, report


def assert_accounted(report: GenerationReport) -> None:
    """accepted + rejected == completions, in total and per task type."""
    assert report.accepted + report.rejected_total == report.completions
    planned = report.chunks * 2  # n per chunk and type
    for task in TYPES:
        rejected = sum(report.rejected_by_task.get(task, {}).values())
        assert report.accepted_by_task.get(task, 0) + rejected == planned, task


def code_pairs() -> list[TaskPair]:
    pairs, _ = run(FakeEngine(lambda _: pytest.fail("the model was asked")), "off")
    return pairs


def test_written_questions_that_pass_are_used_and_marked() -> None:
    engine = FakeEngine(Writer())
    pairs, report = run(engine)
    asked = report.written_questions["asked"]
    # Four: the garbled "Than how many megabytes does the mail server rejects attachment
    # larger?" is no longer built, nor asked of the model, nor "For how many days are
    # Logs kept?" (a sentence's capitalised opener kept inside the question).
    assert asked >= 4 and report.written_questions["used"] == asked
    assert sum(is_question_prompt(p) for p in engine.prompts) == asked
    # One round trip per written question that passed its form checks.
    assert sum(p.startswith("Passage:") for p in engine.prompts) == asked
    assert {p.metadata["built_by"] for p in pairs} == {"model"}
    assert report.accepted_by_path["model"] == len(pairs)
    # "model prompts" counts the round trips too.
    assert report.written_questions["round_trips"] == asked
    assert report.prompts == len(engine.prompts) == 2 * asked
    for pair in pairs:
        fields = pair.metadata["task_fields"]
        written = fields["question"]
        assert written.startswith("Which value does item") and fields["code_question"]
        if pair.task_type == "qg":
            assert pair.output == written
        else:
            assert written in pair.input and fields["code_question"] not in pair.input
            assert pair.output == fields["answer"]  # the answer code chose
    assert "questions written by the model" in report.summary()


def test_the_round_trip_reads_the_first_line_of_an_answer_after_a_line_break() -> None:
    # Under a "\n" stop an answer opening with a line break would read as nothing.
    engine = FakeEngine(Writer(round_trip=lambda answer: f"\n{answer}\nIt says so."))
    _, report = run(engine)
    assert report.written_questions["used"] == report.written_questions["asked"] > 0


class ScoringFake(FakeEngine):
    """Scores continuations like VLLMEngine: the round trip compares likelihoods."""

    def __init__(self, script: Callable[[str], Reply], written: float, code: float) -> None:
        super().__init__(script)
        self.written, self.code = written, code
        self.scored: list[str] = []

    def score_continuations(
        self, prompts: Sequence[str], continuations: Sequence[str]
    ) -> list[float | None]:
        self.scored += prompts
        return [self.written if "item" in p else self.code for p in prompts]


@pytest.mark.parametrize(("written", "code", "used"), [(-1.0, -2.0, True), (-3.0, -2.0, False)])
def test_a_scoring_engine_compares_the_answer_s_likelihood_with_the_code_question(
    written: float, code: float, used: bool
) -> None:
    engine = ScoringFake(Writer(), written, code)
    pairs, report = run(engine)
    asked = report.written_questions["asked"]
    # No answer prompts: each written question and its code question are scored instead.
    assert not any(p.startswith("Passage:") for p in engine.prompts)
    assert len(engine.scored) == 2 * asked and report.prompts == 3 * asked
    key = "used" if used else "code:round_trip_mismatch"
    assert report.written_questions[key] == asked > 0
    assert {p.metadata["built_by"] for p in pairs} == {"model" if used else "code"}


def test_copied_sentence_falls_back_to_the_code_question() -> None:
    pairs, report = run(FakeEngine(copy_with_blank))
    assert report.written_questions["used"] == 0
    assert report.written_questions["code:copied_sentence"] == report.written_questions["asked"]
    assert {p.metadata["built_by"] for p in pairs} == {"code"}
    # The fallback is exactly what code builds without asking.
    assert [p.id for p in pairs] == [p.id for p in code_pairs()]
    fields = pairs[0].metadata["task_fields"]
    assert fields["written_fault"] == "copied_sentence" and fields["written_question"]


def test_round_trip_mismatch_falls_back_to_the_code_question() -> None:
    engine = FakeEngine(Writer(round_trip=lambda _answer: "the passage does not say"))
    pairs, report = run(engine)
    asked = report.written_questions["asked"]
    assert asked and report.written_questions["code:round_trip_mismatch"] == asked
    assert [p.id for p in pairs] == [p.id for p in code_pairs()]


def test_a_question_holding_its_answer_is_not_used() -> None:
    def script(prompt: str) -> Reply:
        if is_question_prompt(prompt):
            return f"Is {asked_answer(prompt)} what the passage is about here?"
        return pytest.fail("no round trip for a question that failed its form checks")

    _, report = run(FakeEngine(script))
    assert report.written_questions["code:contains_answer"] == report.written_questions["asked"]
    assert report.written_questions["round_trips"] == 0


def test_failed_and_truncated_prompts_cost_the_question_not_the_task() -> None:
    writer = Writer()
    calls = {"n": 0}

    def script(prompt: str) -> Reply:
        if is_question_prompt(prompt):
            calls["n"] += 1
            if calls["n"] % 3 == 1:
                return None  # engine failure
            if calls["n"] % 3 == 2:
                writer.answers.append(asked_answer(prompt))
                return ("Which value does item", "length")  # truncated
        return writer(prompt)

    pairs, report = run(FakeEngine(script))
    counts = report.written_questions
    assert counts["code:engine_error"] and counts["code:truncated"] and counts["used"]
    assert (
        counts["asked"] == counts["used"] + counts["code:engine_error"] + counts["code:truncated"]
    )
    # No task was lost to the engine: the same number of pairs as code alone gives.
    assert len(pairs) == len(code_pairs())
    assert "engine_error" not in report.rejected and "truncated" not in report.rejected


def test_unchecked_questions_are_never_used() -> None:
    # Sent but judged without the round trip (metadata stripped): the code question stays.
    gen = TaskGenerator(llm=FakeEngine(Writer()), task_type=TYPES, seed=1, model_questions="on")
    plan = gen.plan([Chunk(text, {}) for text in PASSAGES[:4]])
    results = gen.complete(plan)
    assert all(WRITTEN_KEY in results[j.prompt_index].metadata for j in plan.prompted_jobs)  # type: ignore[index]
    for result in results:
        result.metadata.pop(WRITTEN_KEY)
    per_chunk, report = gen.judge(plan, results)
    assert report.written_questions["code:unchecked"] == report.written_questions["asked"] > 0
    assert {p.metadata["built_by"] for pairs in per_chunk for p in pairs} == {"code"}


def test_async_path_checks_the_same_way() -> None:
    gen = TaskGenerator(
        llm=FakeEngine(Writer()), task_type=TYPES, n=2, seed=1, model_questions="on"
    )
    pairs, report = asyncio.run(gen.agenerate_with_report(PASSAGES))
    assert_accounted(report)
    assert report.written_questions["used"] == report.written_questions["asked"] == len(pairs)


def test_a_langchain_model_goes_through_the_same_path(scripted: Any) -> None:
    llm = scripted(Writer())
    pairs, report = run(llm, "auto", format="structured")
    assert report.written_questions["used"] == report.written_questions["asked"] > 0
    assert any(is_question_prompt(p) for call in llm.calls for p in call)
    assert {p.metadata["built_by"] for p in pairs} == {"model"}


def test_who_writes_questions() -> None:
    class OnDefaultFolder:
        model = "/home/u/.cache/langchain_taskgen/smollm2-135m-instruct-0123456789abcdef"

    assert writes_questions("auto", FakeListLLM(responses=["x"]))
    assert not writes_questions("auto", None) and not is_default_model(FakeListLLM(responses=[]))
    assert is_default_model(OnDefaultFolder()) and not writes_questions("auto", OnDefaultFolder())
    assert writes_questions("on", None) and not writes_questions("off", FakeListLLM(responses=[]))
    with pytest.raises(ValueError, match="model_questions"):
        writes_questions("maybe", None)
    with pytest.raises(ValueError, match="model_questions"):
        TaskGenerator(task_type="qa", model_questions="maybe")  # type: ignore[arg-type]
    # The default model is not asked unless the user says so: no question prompts planned.
    plan = TaskGenerator(task_type=TYPES, seed=1).plan([Chunk(PASSAGES[0], {})])
    assert plan.prompts == []


def test_form_checks() -> None:
    sentence = "The web cluster has 4 nodes behind a load balancer."
    ask = QuestionAsk(sentence, "4 nodes", sentence, "How many nodes does it have?", "input")
    assert question_fault("The web cluster has what behind a load balancer?", ask) == (
        "copied_sentence"
    )
    assert question_fault("How many machines serve the web cluster?", ask) is None
    assert question_fault("How many machines serve the web cluster", ask) == "not_a_question"
    assert question_fault("Does it have 4 nodes?", ask) == "contains_answer"
    assert question_fault("Why?", ask) == "length"
    assert question_fault("How many nodes does it have?", ask) == "same_as_code"
    assert sentence_copy("What sits behind it?", sentence, "4 nodes")[1] <= 2
    assert read_question("1. Question: 'Where are logs kept?'\nAnswer: /var/log") == (
        "Where are logs kept?"
    )
    assert ask.apply(f"Passage: {sentence}\n\nHow many nodes does it have?", "4 nodes", "Q?") == (
        f"Passage: {sentence}\n\nQ?",
        "4 nodes",
    )
    # The code question must follow the passage where the slot says; else no swap.
    assert ask.apply("something else", "4 nodes", "Q?") is None
    qg = QuestionAsk(sentence, "4 nodes", sentence, "How many?", "output")
    assert qg.apply("Write a question.", "How many?", "Q?") == ("Write a question.", "Q?")


def test_report_round_trips_its_written_question_counts() -> None:
    report = GenerationReport()
    report.written_questions.update({"asked": 2, "used": 1, "code:copied_sentence": 1})
    again = GenerationReport.from_dict(report.to_dict())
    assert again.written_questions == report.written_questions
    assert again.merge(report).written_questions["asked"] == 4


def test_cli_option_reaches_the_generator(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from langchain_taskgen.cli import main

    source = tmp_path / "admin.txt"
    source.write_text("\n\n".join(PASSAGES), encoding="utf-8")
    base = ["generate", str(source), "-t", "qa", "--llm", "tests.fake_models:make_llm"]
    base += ["--format", "structured", "--fresh"]
    runner = CliRunner()
    asked = runner.invoke(
        main, [*base, "-o", str(tmp_path / "on.jsonl"), "--model-questions", "on"]
    )
    assert asked.exit_code == 0, asked.output
    # The fake model's questions name a passage hash and never give the answer back.
    assert "questions written by the model: 0 used of" in asked.output
    off = runner.invoke(
        main, [*base, "-o", str(tmp_path / "off.jsonl"), "--model-questions", "off"]
    )
    assert off.exit_code == 0 and "questions written by the model" not in off.output
    on_lines = (tmp_path / "on.jsonl").read_text().splitlines()
    assert len(on_lines) == len((tmp_path / "off.jsonl").read_text().splitlines()) > 0
    bad = runner.invoke(main, [*base, "-o", str(tmp_path / "x.jsonl"), "--model-questions", "yes"])
    assert bad.exit_code == 2 and "--model-questions" in bad.output
