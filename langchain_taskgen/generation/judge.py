"""Judging a plan's engine results: every completion ends as a pair or a counted reason."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from langchain_taskgen.checks.answers import canonical_label, normalize, validate_pair
from langchain_taskgen.construct.run_limits import FIELD, restrict, variants_of
from langchain_taskgen.engines.base import PromptResult
from langchain_taskgen.errors import TaskParseError
from langchain_taskgen.generation.asking import WRITTEN_KEY
from langchain_taskgen.generation.chunking import Chunk
from langchain_taskgen.generation.plan import GenerationPlan, Job
from langchain_taskgen.generation.report import GenerationReport
from langchain_taskgen.generation.sending import DECODING_KEY
from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.tasks import BUILT_IN_TASK_NAMES, AnswerKind

logger = logging.getLogger(__name__)

_CHECK_ERRORS_SAID: set[tuple[int, str]] = set()

Check = Callable[[TaskPair], str | None]
"""A user's check: ``None`` keeps the pair, a string is the rejection reason."""


def judge_plan(
    plan: GenerationPlan,
    results: Sequence[PromptResult],
    *,
    chunks: Sequence[int] | None = None,
    check_answers: bool = True,
    deduplicate: bool = True,
    checks: Sequence[Check] = (),
) -> tuple[list[list[TaskPair]], GenerationReport]:
    """Judge the engine's results for a plan (all its chunks, or the ``chunks`` given).

    Args:
        plan: The plan the results answer.
        results: One result per prompt of the WHOLE plan (``plan.prompts``), in order.
        chunks: Indices of the chunks to judge (default: all); the report covers only
            them, so judging the good chunks of a batch alone gives their own counts.
        check_answers: Apply the task-aware answer checks.
        deduplicate: Reject exact duplicate pairs among the judged chunks.
        checks: User checks run on each pair after the built-in ones.

    Returns:
        The pairs of each judged chunk (in the order of ``chunks``) and their report:
        per task type, accepted + rejected == the completions the chunks stand for.

    Raises:
        ValueError: If ``results`` does not have one entry per prompt of the plan, or
            ``chunks`` holds a repeated or out-of-range index.
    """
    if len(results) != len(plan.prompts):
        raise ValueError(
            f"the plan has {len(plan.prompts)} prompts but {len(results)} results were given"
        )
    selected = range(len(plan.parts)) if chunks is None else list(chunks)
    if chunks is not None:
        # A repeated index would count a chunk twice, a negative one judge another chunk.
        bad = [c for c in selected if not 0 <= c < len(plan.parts)]
        if bad or len(set(selected)) != len(selected):
            raise ValueError(
                f"chunks must be distinct indices below {len(plan.parts)}; got {list(chunks)}"
            )
    judge = _Judge(GenerationReport(chunks=len(selected)), check_answers, deduplicate, checks)
    out = [judge.chunk(plan, c, results) for c in selected]
    return out, judge.report


class _Judge:
    """The state of one judging pass: its report and the pairs seen (for duplicates)."""

    def __init__(
        self,
        report: GenerationReport,
        check_answers: bool,
        deduplicate: bool,
        checks: Sequence[Check],
    ) -> None:
        self.report = report
        self.check_answers = check_answers
        self.deduplicate = deduplicate
        self.checks = checks
        self.seen: set[str] = set()

    def chunk(
        self, plan: GenerationPlan, index: int, results: Sequence[PromptResult]
    ) -> list[TaskPair]:
        """Judge every job of one chunk; its plan-time rejections are counted too."""
        part, report = plan.parts[index], self.report
        report.completions += part.completions
        for rejection in part.rejections:
            report.reject(rejection.reason, rejection.example, rejection.count, rejection.task)
        pairs: list[TaskPair] = []
        for job in part.jobs:
            if job.prompt_index is None:
                self.text(job, part.chunk, None, pairs)
                continue
            report.prompts += 1
            result = results[job.prompt_index]
            decoding = result.metadata.get(DECODING_KEY)
            if decoding is not None:
                report.completions_by_decoding[str(decoding)] += len(result.completions)
            completions = result.completions[: job.completions]
            if job.asking is not None:
                self.asked(job, part.chunk, result, pairs)
                continue
            missing = job.completions - len(completions)
            if missing:
                # A sample can fail while its siblings succeed; its error is in the metadata.
                detail = result.detail or "; ".join(map(str, result.metadata.get("errors", [])))
                report.reject(result.error or "engine_error", detail, missing, job.task.name)
            for completion in completions:
                report.prompt_tokens += completion.prompt_tokens or 0
                report.completion_tokens += completion.completion_tokens or 0
                if completion.finish_reason == "length":
                    report.reject("truncated", completion.text, task=job.task.name)
                    continue
                self.text(job, part.chunk, completion.text, pairs)
        return pairs

    def asked(self, job: Job, chunk: Chunk, result: PromptResult, pairs: list[TaskPair]) -> None:
        """A code-built task whose question the model was asked to write.

        Each completion ends as one pair (the written question where its verdict is clear,
        else the code question) or one reason: a failed or truncated prompt costs the
        written question, never the task. No verdict (the round trip was not run) is a
        fault too: an unchecked question is never used.
        """
        verdicts: list[dict[str, Any]] = list(result.metadata.get(WRITTEN_KEY) or [])
        completions = result.completions[: job.completions]
        for completion in completions:
            self.report.prompt_tokens += completion.prompt_tokens or 0
            self.report.completion_tokens += completion.completion_tokens or 0
        for k in range(job.completions):
            if k >= len(completions):
                verdict = {"question": "", "fault": result.error or "engine_error"}
            elif k >= len(verdicts):
                verdict = {"question": completions[k].text, "fault": "unchecked"}
            else:
                verdict = verdicts[k]
            self.text(job, chunk, None, pairs, verdict)

    def written(
        self,
        job: Job,
        chunk: Chunk,
        verdict: dict[str, Any],
        code_pair: tuple[str, str],
        fields: dict[str, Any],
    ) -> tuple[str, str, str]:
        """The pair with the written question where it passed, else the code-built pair.

        Returns ``(input, output, built_by)``; counts the choice in the report and
        records it in ``fields`` (the pair's ``task_fields``).
        """
        assert job.asking is not None
        question, fault = str(verdict.get("question") or ""), verdict.get("fault")
        swapped = None
        if fault is None:
            swapped = job.asking.apply(*code_pair, question)
            fault = "no_slot" if swapped is None else None
        if swapped is not None and self.check_answers:
            try:
                validate_pair(*swapped, job.task.name, job.context or chunk.text)
            except TaskParseError as error:
                fault = f"checks:{error.reason}"
            except Exception as error:  # noqa: BLE001 - costs the written question only
                logger.debug("checking a written question of %s failed: %r", job.task.name, error)
                fault = "checks:error"
        self.report.written_questions["asked"] += 1
        if "round_trip" in verdict:
            # The round trip's prompts (two scorings, or one answer) are model prompts too.
            self.report.written_questions["round_trips"] += 1
            self.report.prompts += 2 if verdict["round_trip"] == "likelihood" else 1
        if fault is None and swapped is not None:
            self.report.written_questions["used"] += 1
            fields.update(question=question, code_question=job.asking.code_question)
            return swapped[0], swapped[1], "model"
        self.report.written_questions[f"code:{fault}"] += 1
        if question:
            fields.update(written_question=question[:300], written_fault=str(fault))
        return code_pair[0], code_pair[1], "code"

    def text(
        self,
        job: Job,
        chunk: Chunk,
        text: str | None,
        pairs: list[TaskPair],
        verdict: dict[str, Any] | None = None,
    ) -> None:
        """One completion (``None``: a code-built job) to a pair in ``pairs`` or a reason.

        ``verdict``: for a job whose question the model was asked to write, what became
        of the written question (see :meth:`written`).
        """
        task, report = job.task, self.report
        built_by, fields = job.built_by, dict(job.fields)
        try:
            task_input, task_output = job.read(text)
            if verdict is not None:
                code_pair = (task_input, task_output)
                task_input, task_output, built_by = self.written(
                    job, chunk, verdict, code_pair, fields
                )
            # A candidate's variants are each checked below: the run may finish it as any.
            if self.check_answers and FIELD not in fields:
                validate_pair(task_input, task_output, task.name, job.context or chunk.text)
        except TaskParseError as error:
            example = text if text is not None else error.completion
            report.reject(error.reason, example, task=task.name)
            return
        except Exception as error:  # noqa: BLE001 - a custom format's bug costs one completion
            logger.debug("reading a completion of %s failed: %r", task.name, error)
            report.reject("parse_error", text or "", task=task.name)
            return
        if task.answer is AnswerKind.LABEL and task.name not in BUILT_IN_TASK_NAMES:
            # Your classes exactly as you named them: "Networking." and "networking"
            # would otherwise train as two classes.
            task_output = canonical_label(task.name, task_output) or task_output
        metadata = dict(chunk.metadata)
        if built_by is not None:
            metadata["built_by"] = built_by
            metadata["task_fields"] = fields
        pair = TaskPair(
            input=task_input,
            output=task_output,
            task_type=task.name,
            context=job.context or chunk.text,
            metadata=metadata,
        )
        # Code-built jobs have no completion: their output stands in as the example.
        example = text if text is not None else task_output
        if FIELD in fields:
            checked, reason = self.variants_checked(pair)
            pair = checked if checked is not None else pair
        else:
            reason = run_checks(self.checks, pair)
        if reason is not None:
            report.reject(reason, example, task=task.name)
            return
        if self.deduplicate:
            if pair.id in self.seen:
                report.reject("duplicate", example, task=task.name)
                return
            self.seen.add(pair.id)
        task_output = pair.output
        report.accepted += 1
        report.accepted_by_task[task.name] += 1
        if built_by is not None:
            report.accepted_by_path[built_by] += 1
        if task.answer is AnswerKind.LABEL:
            report.labels_by_task.setdefault(task.name, Counter())[normalize(task_output)] += 1
        pairs.append(pair)

    def variants_checked(self, pair: TaskPair) -> tuple[TaskPair | None, str | None]:
        """A candidate with only the variants that pass every check, or the first's reason.

        The run's limits (``construct/run_limits.py``) may finish a candidate as any of
        its variants, so each is checked as the pair it would become: none is written
        unchecked.
        """
        keep, first_reason = [], None
        for index, variant in enumerate(variants_of(pair)):
            reason = None
            if self.check_answers:
                try:
                    validate_pair(variant.input, variant.output, variant.task_type, variant.context)
                except TaskParseError as error:
                    reason = error.reason
                except Exception as error:  # noqa: BLE001 - as in text(): one variant lost
                    logger.debug("checking a variant of %s failed: %r", variant.task_type, error)
                    reason = "parse_error"
            reason = reason or run_checks(self.checks, variant)
            if reason is None:
                keep.append(index)
            elif first_reason is None:
                first_reason = reason
        if not keep:
            return None, first_reason or "checks:error"
        return restrict(pair, keep), None


def run_checks(checks: Sequence[Check], pair: TaskPair) -> str | None:
    """The first rejection reason of the user's ``checks`` (``None``: keep)."""
    for check in checks:
        try:
            reason = check(pair)
        except Exception as error:  # noqa: BLE001 - a buggy check costs one pair
            # Said once per check and kind of error, so a check that fails on every pair
            # is seen at once (a run of "check_error" with no word said why) yet not
            # thousands of times.
            said = (id(check), type(error).__name__)
            if said not in _CHECK_ERRORS_SAID:
                _CHECK_ERRORS_SAID.add(said)
                logger.warning(
                    "check %s raised %r on a pair; such pairs are rejected as check_error",
                    getattr(check, "__qualname__", repr(check)),
                    error,
                )
            return "check_error"
        if reason is not None:
            return str(reason) or "rejected_by_check"
    return None
