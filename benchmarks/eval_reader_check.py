"""Does `taskgen eval` rank the columns as a reader does? Hand marks against the harness.

Reads an eval run's ``predictions.jsonl`` and a file of hand marks (one JSON object a line:
``input``, ``column``, ``correct`` true/false, optional ``note``), then prints, per column,
the reader's share of correct answers and the harness's contains / exact / f1 on the same
marked items, the column ranking by each, and how often each metric agrees with the reader
answer by answer (contains and exact: equal to the mark; f1: >= 0.5 read as correct).

Run (after `bash benchmarks/eval_table.sh`)::

    python benchmarks/eval_reader_check.py out/eval-table/eval/predictions.jsonl \\
        benchmarks/data/eval_reader_marks.jsonl
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path
from typing import Any


def load(path: Path) -> list[dict[str, Any]]:
    """The JSON objects of a JSONL file, naming file and line on a bad one."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except ValueError as error:
                raise SystemExit(f"{path}:{number}: not JSON ({error})") from error
    return rows


def ranking(values: dict[str, float]) -> str:
    """Columns best first; ties share a place (written with '=')."""
    order = sorted(values, key=lambda c: -values[c])
    text = order[0]
    for before, column in itertools.pairwise(order):
        text += (" = " if abs(values[before] - values[column]) < 1e-9 else " > ") + column
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("predictions", type=Path)
    parser.add_argument("marks", type=Path)
    args = parser.parse_args()
    records = {r["input"]: r for r in load(args.predictions)}
    marks = load(args.marks)
    by_column: dict[str, list[tuple[bool, dict[str, float]]]] = {}
    for number, mark in enumerate(marks, 1):
        record = records.get(mark["input"])
        if record is None or mark["column"] not in record.get("metrics", {}):
            raise SystemExit(f"{args.marks}:{number}: no such answer in {args.predictions}")
        metrics = record["metrics"][mark["column"]]
        by_column.setdefault(mark["column"], []).append((bool(mark["correct"]), metrics))
    reader: dict[str, float] = {}
    harness: dict[str, dict[str, float]] = {"contains": {}, "exact": {}, "f1": {}}
    agree = {"contains": 0, "exact": 0, "f1": 0}
    total = 0
    print("| column | marked | reader correct | contains | exact | f1 |")
    print("|---|---|---|---|---|---|")
    for column, rows in by_column.items():
        n = len(rows)
        reader[column] = sum(ok for ok, _ in rows) / n
        for metric in harness:
            harness[metric][column] = sum(m[metric] for _, m in rows) / n
        for ok, m in rows:
            total += 1
            agree["contains"] += ok == bool(m["contains"])
            agree["exact"] += ok == bool(m["exact"])
            agree["f1"] += ok == (m["f1"] >= 0.5)
        print(
            f"| {column} | {n} | {reader[column]:.3f} ({sum(ok for ok, _ in rows)}/{n}) | "
            f"{harness['contains'][column]:.3f} | {harness['exact'][column]:.3f} | "
            f"{harness['f1'][column]:.3f} |"
        )
    print()
    print(f"reader ranking:   {ranking(reader)}")
    for metric, values in harness.items():
        same = ranking(values) == ranking(reader)
        print(f"{metric:8} ranking: {ranking(values)}  ({'same' if same else 'differs'})")
    print()
    for metric, count in agree.items():
        print(f"{metric} agrees with the reader on {count}/{total} answers ({count / total:.0%})")


if __name__ == "__main__":
    main()
