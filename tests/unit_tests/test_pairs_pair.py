"""TaskPair: ids, conversions and its JSON record (pairs.pair)."""

from __future__ import annotations

import json

import pytest

from langchain_taskgen.pairs import TaskPair
from tests.data.lighthouse_pairs import EXQA, YNQA


def test_pair_conversions() -> None:
    assert EXQA.to_example() == {"input": EXQA.input, "output": "1990", "task_type": "exqa"}
    messages = EXQA.to_messages(system="Answer.")
    assert [m.type for m in messages] == ["system", "human", "ai"]
    assert EXQA.id == TaskPair(EXQA.input, "1990", "exqa").id
    assert EXQA.id != YNQA.id
    assert TaskPair.from_dict(json.loads(EXQA.to_json())) == EXQA
    with pytest.raises(ValueError, match="input"):
        TaskPair.from_dict({"output": "x", "task_type": "qa"})
