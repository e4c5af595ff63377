"""Model-written questions: which engines write them, and the round trip that checks them.

For exqa, qa and qg, code chooses the answer (a span of a passage sentence) and builds a
question by rule. An engine that can write is also asked to write the question for that
passage and that answer (the plan's :attr:`~langchain_taskgen.generation.plan.Job.asking`
jobs). After the engine answered, :func:`check_written_questions` reads each written
question, checks its form (:func:`~langchain_taskgen.construct.asking.question_fault`)
and sends the survivors back to the same engine as a round trip. An engine that scores
continuations (``VLLMEngine``, as for ``taskgen check``'s round trip) scores the chosen
answer after the passage and the written question, and after the passage and the code
question: the written one must make the answer at least as likely (within
:data:`LIKELIHOOD_MARGIN`). Any other engine answers the written question from the passage
at temperature 0 and must give the chosen answer back (token F1 at least
:data:`ROUND_TRIP_MIN_F1`). The verdicts go in each result's
``metadata[WRITTEN_KEY]``; the judge keeps the written question where the verdict is
``None`` and the code question everywhere else (never the written one unchecked).

Which engines write: ``model_questions="auto"`` means every engine but the embedded
default model (SmolLM2-135M: asked for a question whose answer is a given span, about 2
of 72 were usable, issue 19), ``"on"`` and ``"off"`` force it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from langchain_taskgen.checks.roundtrip import ScoringEngine, round_trip_prompt, token_f1
from langchain_taskgen.construct.asking import QuestionAsk, question_fault, read_question
from langchain_taskgen.engines.base import PromptResult, SamplingConfig, TaskEngine
from langchain_taskgen.engines.naming import model_names
from langchain_taskgen.generation.plan import GenerationPlan
from langchain_taskgen.generation.sending import batches
from langchain_taskgen.pairs import TaskPair

ModelQuestions = Literal["auto", "on", "off"]
MODEL_QUESTIONS: tuple[str, ...] = ("auto", "on", "off")
WRITTEN_KEY = "written_questions"
"""``PromptResult.metadata`` key: one verdict per completion of a question-writing prompt,
``{"question": ..., "fault": None or a reason, "round_trip": "answer" or "likelihood"
(when one was run), "reply": the answer given, "score"/"code_score": the likelihoods}``."""
ROUND_TRIP_MIN_F1 = 0.5
"""The round trip's answer must share at least this token F1 with the chosen answer."""
LIKELIHOOD_MARGIN = 0.0
"""On a scoring engine, the answer's mean log-probability per token after the written
question may fall at most this far below its score after the code question."""
# No stop sequence: an answer that opens with a line break would read as nothing under a
# "\n" stop; the first non-empty line is read instead.
ROUND_TRIP_SAMPLING = SamplingConfig(max_tokens=32, temperature=0.0, n=1)
DEFAULT_MODEL_FOLDER = "smollm2-135m-instruct-"
"""How the embedded default model's converted folder is named (``engines/default.py``)."""


def is_default_model(llm: Any) -> bool:
    """Whether ``llm`` is the embedded default model (``None``, or an engine on its folder).

    Example:
        >>> from langchain_core.language_models import FakeListLLM
        >>> is_default_model(None), is_default_model(FakeListLLM(responses=["x"]))
        (True, False)
    """
    if llm is None:
        return True
    return any(
        Path(name.rstrip("/")).name.startswith(DEFAULT_MODEL_FOLDER) for name in model_names(llm)
    )


def writes_questions(setting: str, llm: Any) -> bool:
    """Whether the model writes the questions of exqa, qa and qg for ``setting``.

    Example:
        >>> writes_questions("auto", None), writes_questions("on", None)
        (False, True)

    Raises:
        ValueError: For a setting other than ``auto``, ``on`` or ``off``.
    """
    if setting not in MODEL_QUESTIONS:
        raise ValueError(f"model_questions must be one of {MODEL_QUESTIONS}, got {setting!r}")
    if setting == "auto":
        return not is_default_model(llm)
    return setting == "on"


def check_written_questions(
    engine: TaskEngine,
    plan: GenerationPlan,
    results: Sequence[PromptResult],
    batch_size: int | None = None,
) -> None:
    """Check the plan's written questions; verdicts go in ``metadata[WRITTEN_KEY]``.

    Runs one round trip per written question that passed its form checks: two prefill-only
    scorings on an engine that scores continuations, one answer prompt on any other.
    """
    pending = _read_all(plan, results)
    if isinstance(engine, ScoringEngine):
        _settle_scores(pending, engine.score_continuations(*_score_inputs(pending)))
        return
    prompts = [_prompt(ask, verdict["question"]) for ask, verdict in pending]
    replies: list[PromptResult] = []
    for lo, hi in batches(len(prompts), batch_size):
        replies += engine.generate(prompts[lo:hi], ROUND_TRIP_SAMPLING)
    _settle(pending, replies)


async def acheck_written_questions(
    engine: TaskEngine,
    plan: GenerationPlan,
    results: Sequence[PromptResult],
    batch_size: int | None = None,
) -> None:
    """Async twin of :func:`check_written_questions`."""
    pending = _read_all(plan, results)
    if isinstance(engine, ScoringEngine):
        scores = await asyncio.to_thread(engine.score_continuations, *_score_inputs(pending))
        _settle_scores(pending, scores)
        return
    prompts = [_prompt(ask, verdict["question"]) for ask, verdict in pending]
    replies: list[PromptResult] = []
    for lo, hi in batches(len(prompts), batch_size):
        replies += await engine.agenerate(prompts[lo:hi], ROUND_TRIP_SAMPLING)
    _settle(pending, replies)


Pending = list[tuple[QuestionAsk, dict[str, Any]]]


def _prompt(ask: QuestionAsk, question: str) -> str:
    """The round trip's prompt: the passage, then ``question``, then "Answer:"."""
    pair = TaskPair(question, ask.answer, "qa", context=ask.passage)
    return round_trip_prompt(pair, ask.passage)


def _read_all(plan: GenerationPlan, results: Sequence[PromptResult]) -> Pending:
    """Read and form-check every written question; the round trips still to run."""
    pending: Pending = []
    for job in plan.prompted_jobs:
        if job.asking is None or job.prompt_index is None:
            continue
        result = results[job.prompt_index]
        verdicts: list[dict[str, Any]] = []
        for completion in result.completions[: job.completions]:
            question = read_question(completion.text)
            fault = "truncated" if completion.finish_reason == "length" else None
            verdict = {"question": question, "fault": fault or question_fault(question, job.asking)}
            if verdict["fault"] is None:
                # Not yet: only a round trip that gives the answer back clears it.
                verdict["fault"] = "round_trip_pending"
                pending.append((job.asking, verdict))
            verdicts.append(verdict)
        result.metadata[WRITTEN_KEY] = verdicts
    return pending


def _settle(pending: Pending, replies: Sequence[PromptResult]) -> None:
    """Answer round trip: clear the questions whose answer gave the chosen one back."""
    for (ask, verdict), reply in zip(pending, replies, strict=True):
        verdict["round_trip"] = "answer"  # sent: counted in the report's model prompts
        if reply.error or not reply.completions:
            verdict["fault"] = "round_trip_failed"  # unchecked is never accepted
            continue
        lines = [line.strip() for line in reply.completions[0].text.splitlines()]
        verdict["reply"] = text = next((line for line in lines if line), "")
        agrees = token_f1(text, ask.answer) >= ROUND_TRIP_MIN_F1
        verdict["fault"] = None if agrees else "round_trip_mismatch"


def _score_inputs(pending: Pending) -> tuple[list[str], list[str]]:
    """Likelihood round trip: the answer after the written, then after the code question."""
    prompts = [_prompt(ask, verdict["question"]) for ask, verdict in pending]
    prompts += [_prompt(ask, ask.code_question) for ask, _ in pending]
    return prompts, [" " + ask.answer.strip() for ask, _ in pending] * 2


def _settle_scores(pending: Pending, scores: Sequence[float | None]) -> None:
    """Clear the written questions that make the answer at least as likely as the code's.

    The code question was built from the answer's own sentence, so it points at the
    answer; a written question that makes the answer less likely points elsewhere.
    """
    written, code = scores[: len(pending)], scores[len(pending) :]
    for (_, verdict), mine, theirs in zip(pending, written, code, strict=True):
        verdict["round_trip"] = "likelihood"
        if mine is None or theirs is None:
            verdict["fault"] = "round_trip_failed"
            continue
        verdict["score"], verdict["code_score"] = round(mine, 3), round(theirs, 3)
        agrees = mine >= theirs - LIKELIHOOD_MARGIN
        verdict["fault"] = None if agrees else "round_trip_mismatch"


__all__ = [
    "MODEL_QUESTIONS",
    "ROUND_TRIP_MIN_F1",
    "WRITTEN_KEY",
    "ModelQuestions",
    "acheck_written_questions",
    "check_written_questions",
    "is_default_model",
    "writes_questions",
]
