"""Sending a plan's prompts to an engine, in batches, with their output constraints."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from tqdm.auto import tqdm

from langchain_taskgen.engines.base import (
    OutputConstraint,
    PromptResult,
    SamplingConfig,
    TaskEngine,
)
from langchain_taskgen.generation.plan import GenerationPlan

DECODING_KEY = "decoding"
"""``PromptResult.metadata`` key saying how a prompt was decoded (``"constrained"`` or
``"free"``); set only when some prompt of the plan has an output constraint."""


def send(
    engine: TaskEngine,
    plan: GenerationPlan,
    *,
    sampling: SamplingConfig,
    batch_size: int | None = None,
    show: bool = False,
    callbacks: Any = None,
) -> list[PromptResult]:
    """One result per prompt of ``plan``, ``batch_size`` prompts per engine call.

    ``show`` shows a progress bar over the prompts.
    """
    results: list[PromptResult] = []
    prompts, constraints = plan.prompts, plan.constraints
    with _progress(len(prompts), show) as bar:
        for lo, hi in batches(len(prompts), batch_size):
            batch = _batch_sampling(engine, sampling, constraints, lo, hi)
            results += engine.generate(prompts[lo:hi], batch, callbacks=callbacks)
            bar.update(hi - lo)
    return _mark_decoding(engine, plan, results)


async def asend(
    engine: TaskEngine,
    plan: GenerationPlan,
    *,
    sampling: SamplingConfig,
    batch_size: int | None = None,
    show: bool = False,
    callbacks: Any = None,
) -> list[PromptResult]:
    """Async twin of :func:`send`."""
    results: list[PromptResult] = []
    prompts, constraints = plan.prompts, plan.constraints
    with _progress(len(prompts), show) as bar:
        for lo, hi in batches(len(prompts), batch_size):
            batch = _batch_sampling(engine, sampling, constraints, lo, hi)
            results += await engine.agenerate(prompts[lo:hi], batch, callbacks=callbacks)
            bar.update(hi - lo)
    return _mark_decoding(engine, plan, results)


def batches(count: int, size: int | None) -> list[tuple[int, int]]:
    """``(lo, hi)`` bounds of the engine calls for ``count`` prompts.

    Example:
        >>> batches(5, 2), batches(3, None)
        ([(0, 2), (2, 4), (4, 5)], [(0, 3)])
    """
    size = size or max(count, 1)
    return [(i, min(i + size, count)) for i in range(0, count, size)]


@contextmanager
def _progress(total: int, show: bool) -> Iterator[Any]:
    with tqdm(total=total, desc="generating tasks", unit="prompt", disable=not show) as bar:
        yield bar


def _batch_sampling(
    engine: TaskEngine,
    sampling: SamplingConfig,
    constraints: list[OutputConstraint | None],
    lo: int,
    hi: int,
) -> SamplingConfig:
    """``sampling`` with the batch's constraints, where the engine decodes with them."""
    if not constraints or not getattr(engine, "supports_constraints", False):
        return sampling
    return replace(sampling, constraints=tuple(constraints[lo:hi]))


def _mark_decoding(
    engine: TaskEngine, plan: GenerationPlan, results: list[PromptResult]
) -> list[PromptResult]:
    constraints = plan.constraints
    if constraints:
        constrained = bool(getattr(engine, "supports_constraints", False))
        for constraint, result in zip(constraints, results, strict=False):
            path = "constrained" if constrained and constraint is not None else "free"
            result.metadata[DECODING_KEY] = path
    return results
