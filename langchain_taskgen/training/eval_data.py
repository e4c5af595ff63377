"""The data side of an evaluation: train/eval overlap, and the examples each pair gets."""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from langchain_taskgen.pairs.pair import TaskPair
from langchain_taskgen.training.eval_result import EvalResult
from langchain_taskgen.training.prompts import clip

__all__ = ["drop_overlap", "pick_examples"]


def _overlap_key(text: str) -> str:
    return " ".join(text.casefold().split())


def drop_overlap(
    train: Sequence[TaskPair], test: Sequence[TaskPair], allow: bool, notes: list[str]
) -> list[TaskPair]:
    """``test`` without the pairs whose input is also in ``train`` (kept when ``allow``).

    Inputs are compared after case folding and collapsing whitespace; either way a note
    says how many overlapped.

    Raises:
        ValueError: If every eval pair overlaps (and ``allow`` is false).
    """
    seen = {_overlap_key(p.input) for p in train}
    shared = [p for p in test if _overlap_key(p.input) in seen]
    if not shared:
        return list(test)
    if allow:
        notes.append(
            f"{len(shared)} of {len(test)} eval pairs have an input that is also in train "
            "(kept as asked): k-shot columns may copy the answer from their examples"
        )
        return list(test)
    kept = [p for p in test if _overlap_key(p.input) not in seen]
    notes.append(
        f"{len(shared)} of {len(test)} eval pairs have an input that is also in train: "
        "dropped (allow_overlap / --allow-overlap keeps them)"
    )
    if not kept:
        raise ValueError(f"nothing to evaluate: all {len(test)} eval pairs are in train")
    return kept


def pick_examples(
    train: Sequence[TaskPair],
    test: Sequence[TaskPair],
    k: int,
    seed: int,
    selector: Any,
    max_chars: int,
    result: EvalResult,
) -> dict[str, list[list[tuple[str, str]]]]:
    """Random and selected examples per eval pair (clipped), same task type as the pair.

    A type with no train pairs is recorded in ``result.fallbacks`` (random and selector are
    not run there); fewer than ``k`` train pairs of a type in ``result.notes``.
    """
    from langchain_taskgen.selection import TaskPairExampleSelector

    by_task: dict[str, list[TaskPair]] = defaultdict(list)
    for pair in train:
        by_task[pair.task_type].append(pair)
    for task in sorted(result.counts):
        if not by_task.get(task):
            result.fallbacks[task] = "no train pairs of this type: not run as k-shot"
        elif len(by_task[task]) < k:
            result.notes.append(f"{task}: only {len(by_task[task])} train pairs, fewer than k={k}")
    started = time.perf_counter()
    if selector is None and by_task:
        selector = TaskPairExampleSelector.from_pairs(train, k=k)
    setup = time.perf_counter() - started
    rng = random.Random(seed)
    chosen: dict[str, list[list[tuple[str, str]]]] = {"random": [], "selector": []}
    search = 0.0
    for pair in test:
        pool = by_task.get(pair.task_type, [])
        picks = rng.sample(pool, min(k, len(pool)))
        chosen["random"].append([(clip(p.input, max_chars), p.output) for p in picks])
        found: list[tuple[str, str]] = []
        if pool:
            started = time.perf_counter()
            hits = selector.search_with_scores(pair.input, k=k, task_types=[pair.task_type])
            search += time.perf_counter() - started
            found = [(clip(str(e["input"]), max_chars), str(e["output"])) for e, _ in hits]
        chosen["selector"].append(found)
    result.costs["selector"] = {"setup_seconds": round(setup, 2), "answer_seconds": search}
    return chosen
