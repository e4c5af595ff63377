"""Paired differences between two columns with a bootstrap 95% interval.

Two approaches answered the same eval items, so their scores are paired: the difference
is the mean of per-item differences, and its uncertainty comes from resampling items
with replacement (percentile bootstrap). The seed is fixed, so the same scores give the
same interval on every run. A column is said to beat another only when the whole
interval lies above 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["RESAMPLES", "Difference", "paired_difference"]

RESAMPLES = 2000
"""Bootstrap resamples per difference."""


@dataclass(frozen=True)
class Difference:
    """A paired difference ``a - b`` over ``n`` items with its bootstrap interval.

    Attributes:
        mean: Mean of the per-item differences.
        low: Lower end of the interval.
        high: Upper end of the interval.
        n: Items compared.
        level: Coverage of the interval (0.95).
    """

    mean: float
    low: float
    high: float
    n: int
    level: float = 0.95

    @property
    def verdict(self) -> int:
        """+1 when the interval is above 0, -1 when below, 0 when it contains 0.

        Example:
            >>> Difference(0.2, 0.05, 0.35, 30).verdict, Difference(0.1, -0.02, 0.2, 30).verdict
            (1, 0)
        """
        if self.low > 0:
            return 1
        if self.high < 0:
            return -1
        return 0

    def text(self) -> str:
        """``+0.120 [+0.030, +0.210]``.

        Example:
            >>> Difference(0.12, 0.03, 0.21, 30).text()
            '+0.120 [+0.030, +0.210]'
        """
        return f"{self.mean:+.3f} [{self.low:+.3f}, {self.high:+.3f}]"

    def to_dict(self) -> dict[str, Any]:
        """JSON form: mean, low, high, n, level."""
        return {
            "mean": round(self.mean, 4),
            "low": round(self.low, 4),
            "high": round(self.high, 4),
            "n": self.n,
            "level": self.level,
        }


def paired_difference(
    a: Sequence[float],
    b: Sequence[float],
    *,
    seed: int = 0,
    resamples: int = RESAMPLES,
    level: float = 0.95,
) -> Difference:
    """The mean of ``a[i] - b[i]`` with a percentile bootstrap interval (numpy, fixed seed).

    Args:
        a: Per-item scores of one column.
        b: The other column's scores on the same items, in the same order.
        seed: Seed of the resampling (same seed and scores: same interval).
        resamples: Bootstrap resamples.
        level: Interval coverage.

    Raises:
        ValueError: If the lengths differ or there are no items.

    Example:
        >>> d = paired_difference([1, 1, 1, 0] * 5, [0, 1, 0, 0] * 5, seed=0)
        >>> round(d.mean, 2), d.low > 0
        (0.5, True)
    """
    if len(a) != len(b):
        raise ValueError(f"paired scores need equal lengths, got {len(a)} and {len(b)}")
    if not a:
        raise ValueError("no items to compare")
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    diffs = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(diffs), size=(resamples, len(diffs)))
    means = diffs[picks].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return Difference(float(diffs.mean()), float(low), float(high), len(diffs), level)
