"""The generation batch stages: plan, judge, and the manifest between runs.

:func:`batch_rows` gets one batch's chunks (from its segment), plans it with the
generator's public :meth:`~langchain_taskgen.TaskGenerator.plan`, and either finishes it
at once (every task built by code, or the batch is in the manifest) or emits one
``prompt`` row per sample for Ray's LLM stage. :func:`judge_batch` gets those rows back
answered, plans the batch again (a plan is a pure function of its chunks and settings)
and judges it with :meth:`~langchain_taskgen.TaskGenerator.judge`. Either way a batch
ends as ``pair`` rows and one ``report`` row, and is written to the manifest once all
its chunks are done.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any

from langchain_taskgen.checks.answers import normalize
from langchain_taskgen.cluster.manifest import batch_key, read_batch, write_batch
from langchain_taskgen.cluster.rows import dumps, frame, records, row
from langchain_taskgen.cluster.spec import GeneratorSpec
from langchain_taskgen.construct.run_limits import ticket_of
from langchain_taskgen.engines.base import Completion, PromptResult
from langchain_taskgen.generation.chunking import Chunk
from langchain_taskgen.generation.plan import GenerationPlan
from langchain_taskgen.generation.runs import ENGINE_FAILURES, chunk_key
from langchain_taskgen.generation.sending import DECODING_KEY
from langchain_taskgen.pairs import TaskPair


def _finished_rows(
    batch: int,
    positions: Sequence[int],
    per_chunk: Sequence[Sequence[dict[str, Any]]],
    report: dict[str, Any],
    extra: dict[str, Any],
) -> list[dict[str, Any]]:
    """A finished batch's ``pair`` rows (records as a local run writes them) and report."""
    out = []
    for position, pairs in zip(positions, per_chunk, strict=True):
        for seq, record in enumerate(pairs):
            pair = TaskPair.from_dict(record)
            # A wsd or topic_class candidate carries its ticket: what the driver reads to
            # apply the run's limits (cluster/limits.py).
            ticket = ticket_of(pair)
            out.append(
                row(
                    "pair",
                    batch=batch,
                    pos=position,
                    seq=seq,
                    id=pair.id,
                    task=pair.task_type,
                    label=normalize(pair.output),
                    data=pair.to_json(),
                    extra=dumps(ticket) if ticket is not None else "",
                )
            )
    out.append(row("report", batch=batch, data=dumps(report), extra=dumps(extra)))
    return out


def _settle(
    spec: GeneratorSpec,
    manifest: str | None,
    key: str,
    batch: int,
    positions: list[int],
    plan: GenerationPlan,
    results: list[PromptResult],
    started: float,
) -> list[dict[str, Any]]:
    """Judge a planned batch; journal it in the manifest when every chunk is done.

    As in a local run, a chunk whose prompt the engine could not answer is neither
    judged nor journaled: the rerun asks it again.
    """
    failures: list[str | None] = [None] * len(positions)
    for job in plan.prompted_jobs:
        assert job.prompt_index is not None
        result = results[job.prompt_index]
        if len(result.completions) < job.completions and (result.error or "engine_error") in (
            ENGINE_FAILURES
        ):
            failures[job.chunk] = failures[job.chunk] or (result.detail or "engine_error")
    good = [i for i, failure in enumerate(failures) if failure is None]
    per_chunk, report = spec.generator().judge(plan, results, chunks=good)
    report.seconds = time.perf_counter() - started
    records_ = [[p.to_dict() for p in pairs] for pairs in per_chunk]
    errors = sorted({f for f in failures if f is not None})[:5]
    if manifest is not None and len(good) == len(positions):
        write_batch(manifest, key, {"pairs": records_, "report": report.to_dict()})
    extra = {"failed_chunks": len(positions) - len(good), "errors": errors, "resumed": False}
    return _finished_rows(batch, [positions[i] for i in good], records_, report.to_dict(), extra)


def batch_rows(
    spec: GeneratorSpec,
    manifest: str | None,
    batch: int,
    positions: list[int],
    chunks: list[Chunk],
) -> list[dict[str, Any]]:
    """One batch's chunks: finish it (code-built, or in the manifest), or emit its prompts."""
    started = time.perf_counter()
    if not chunks:
        return []
    key = batch_key(spec.fingerprint, [chunk_key(spec.fingerprint, c) for c in chunks])
    done = read_batch(manifest, key) if manifest is not None else None
    if done is not None and len(done["pairs"]) == len(positions):
        extra = {"failed_chunks": 0, "errors": [], "resumed": True}
        return _finished_rows(batch, positions, done["pairs"], done["report"], extra)
    plan = spec.generator().plan(chunks)
    if not plan.prompts:
        return _settle(spec, manifest, key, batch, positions, plan, [], started)
    # The batch's chunks ride on its first prompt row only, so the judge stage can plan
    # the batch again without a copy per prompt.
    saved = dumps([[c.text, c.metadata, p] for c, p in zip(chunks, positions, strict=True)])
    out = []
    for job in plan.prompted_jobs:
        constraint = job.constraint.schema() if job.constraint is not None else None
        choices = list(job.constraint.choices) if job.constraint is not None else []
        for sample in range(plan.completions_per_prompt):
            first = job.prompt_index == 0 and sample == 0
            out.append(
                row(
                    "prompt",
                    batch=batch,
                    pos=job.prompt_index,
                    seq=sample,
                    id=key,
                    task=job.task.name,
                    data=dumps({"prompt": job.prompt, "schema": constraint, "choices": choices}),
                    extra=saved if first else "",
                )
            )
    return out


def _results(plan: GenerationPlan, answers: Sequence[dict[str, Any]]) -> list[PromptResult]:
    """One :class:`PromptResult` per prompt of the plan from the answered sample rows."""
    results = [PromptResult() for _ in plan.prompts]
    errors: list[list[str]] = [[] for _ in plan.prompts]
    for answer in sorted(answers, key=lambda r: (int(r["pos"]), int(r["seq"]))):
        reply = json.loads(answer["reply"])
        index = int(answer["pos"])
        if reply.get("error"):
            errors[index].append(str(reply["error"]))
            continue
        results[index].completions.append(
            Completion(
                text=str(reply.get("text") or ""),
                finish_reason=reply.get("finish_reason"),
                prompt_tokens=reply.get("prompt_tokens"),
                completion_tokens=reply.get("completion_tokens"),
            )
        )
    constraints = plan.constraints
    for index, result in enumerate(results):
        if errors[index]:
            result.error, result.detail = "engine_error", errors[index][0][:300]
            result.metadata["errors"] = errors[index]
        if constraints:
            # The HTTP stage sends each constraint as an OpenAI response_format.
            result.metadata[DECODING_KEY] = "constrained" if constraints[index] else "free"
    return results


def judge_batch(group: Any, spec: GeneratorSpec, manifest: str | None) -> Any:
    """``map_groups`` stage over one batch's answered prompt rows: pairs and report."""
    started = time.perf_counter()
    items = records(group)
    if not items:
        return frame([])
    carrier = next(r for r in items if r["extra"])
    saved = json.loads(carrier["extra"])
    chunks = [Chunk(text, metadata) for text, metadata, _ in saved]
    positions = [int(p) for _, _, p in saved]
    plan = spec.generator().plan(chunks)
    results = _results(plan, items)
    key, batch = str(carrier["id"]), int(carrier["batch"])
    return frame(_settle(spec, manifest, key, batch, positions, plan, results, started))
