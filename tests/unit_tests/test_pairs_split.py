"""Leak-safe train/eval splits (pairs.split)."""

from __future__ import annotations

import pytest

from langchain_taskgen.pairs import split_by_source
from tests.data.clause_pairs import PAIRS


def test_split_by_source_is_leak_free_and_checks_input() -> None:
    train, test = split_by_source(PAIRS, 0.2, seed=1)
    assert train and test and len(train) + len(test) == len(PAIRS)
    assert not {p.metadata["source"] for p in train} & {p.metadata["source"] for p in test}
    with pytest.raises(ValueError, match="eval_fraction"):
        split_by_source(PAIRS, 1.5)
    with pytest.raises(ValueError, match="two source documents"):
        split_by_source([p for p in PAIRS if p.metadata["source"] == "doc0.txt"])
