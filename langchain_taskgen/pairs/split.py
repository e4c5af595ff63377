"""Leak-safe train/eval splits: no source document on both sides (``taskgen split``)."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence

from langchain_taskgen.pairs.pair import TaskPair

__all__ = ["split_by_source"]


def split_by_source(
    pairs: Sequence[TaskPair], eval_fraction: float = 0.2, seed: int = 0
) -> tuple[list[TaskPair], list[TaskPair]]:
    """Split pairs into train and eval so that no source document is in both.

    Pairs are grouped by ``metadata["source"]`` (pairs without one are grouped by their
    context); whole groups go to eval until it holds about ``eval_fraction`` of the pairs.

    Raises:
        ValueError: If the fraction is not in (0, 1) or there are fewer than two sources.

    Example:
        >>> ps = [TaskPair(f"q{i}", "a", "qa", metadata={"source": f"d{i % 4}"}) for i in range(8)]
        >>> train, test = split_by_source(ps, 0.25)
        >>> {p.metadata["source"] for p in train} & {p.metadata["source"] for p in test}
        set()
    """
    if not 0.0 < eval_fraction < 1.0:
        raise ValueError(f"eval_fraction must be in (0, 1), got {eval_fraction}")
    groups: dict[str, list[TaskPair]] = defaultdict(list)
    for pair in pairs:
        groups[str(pair.metadata.get("source") or pair.context)].append(pair)
    if len(groups) < 2:
        raise ValueError(
            f"a leak-safe split needs at least two source documents, found {len(groups)}"
        )
    names = sorted(groups)
    random.Random(seed).shuffle(names)
    target = eval_fraction * len(pairs)
    eval_names: list[str] = []
    size = 0
    # Take a group when it brings the eval size closer to the target; keep one group on
    # each side.
    for name in names:
        if len(eval_names) == len(names) - 1:
            break
        grown = size + len(groups[name])
        if not eval_names or abs(grown - target) < abs(size - target):
            eval_names.append(name)
            size = grown
    chosen = set(eval_names)
    train = [p for p in pairs if str(p.metadata.get("source") or p.context) not in chosen]
    test = [p for p in pairs if str(p.metadata.get("source") or p.context) in chosen]
    return train, test
