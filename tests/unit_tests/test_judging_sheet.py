"""benchmarks/judging.py: the reader's sheet is sampled as JUDGING.md says and tallied strictly."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from langchain_taskgen import TaskPair
from langchain_taskgen.export import write_jsonl


def judging() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "judging.py"
    spec = importlib.util.spec_from_file_location("judging", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sample_caps_each_type_tops_up_and_is_seeded(tmp_path: Path) -> None:
    pairs = [
        TaskPair(f"Question {t} {i}?", "yes", t, context=f"Passage {i}.")
        for t, count in (("ynqa", 30), ("qa", 3), ("nli", 10))
        for i in range(count)
    ]
    source = tmp_path / "pairs.jsonl"
    write_jsonl(pairs, source)
    module = judging()
    rows = module.sample(source, per_type=6, min_total=20, seed=1)
    kinds = [row["task_type"] for row in rows]
    assert len(rows) == 20 and kinds.count("qa") == 3
    assert kinds.count("ynqa") >= 6 and kinds.count("nli") >= 6
    assert rows == module.sample(source, per_type=6, min_total=20, seed=1)
    assert rows != module.sample(source, per_type=6, min_total=20, seed=2)
    assert all(row["verdict"] == "" and row["passage"].startswith("Passage") for row in rows)


def test_tally_counts_verdicts_and_refuses_an_unfilled_line(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.jsonl"
    rows = [
        {"task_type": "qa", "verdict": "good", "flags": [], "accepted_of_type": 9},
        {"task_type": "qa", "verdict": "unnatural", "flags": ["cloze"], "accepted_of_type": 9},
        {"task_type": "ynqa", "verdict": "trivial", "flags": [], "accepted_of_type": 4},
        {"task_type": "ynqa", "verdict": "wrong", "flags": ["repeat"], "accepted_of_type": 4},
    ]
    sheet.write_text("".join(json.dumps(row) + "\n" for row in rows))
    module = judging()
    result = module.tally(sheet)
    assert (result["good"], result["good_or_trivial"], result["correct"]) == (0.25, 0.5, 0.75)
    assert result["types_with_good"] == ["qa"] and result["flags"] == {"cloze": 1, "repeat": 1}
    assert "| qa | 9 | 2 | 1 | 0 | 1 |" in module.table(result)
    rows[2]["verdict"] = ""
    sheet.write_text("".join(json.dumps(row) + "\n" for row in rows))
    with pytest.raises(ValueError, match=r"sheet.jsonl:3: verdict ''"):
        module.tally(sheet)
