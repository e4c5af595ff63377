"""A strict reading of generated pairs, as ``../shared/JUDGING.md`` lays it out.

Two steps, so the reader never runs the generator and never sees its code:

``sample``
    Draws up to ``--per-type`` accepted pairs per task type at random with a fixed seed
    (at least ``--min-total`` in all, topping up from the larger types), and writes a
    sheet for the reader: one JSON line per item with the passage, the task input and the
    answer, and empty ``verdict`` / ``flags`` / ``note`` fields.
``tally``
    Reads the filled sheet and prints, per type, the sampled count and each verdict's
    count; overall good rate, good-or-trivial, correct (good + trivial + unnatural), the
    cloze and repeat flags, and how many types have at least one good pair. A sheet with
    a missing or unknown verdict is refused, naming the line.

Example::

    python benchmarks/judging.py sample out/pairs.jsonl -o sheet.jsonl --seed 0
    # the reader fills "verdict" (good, trivial, unnatural, wrong, unanswerable, malformed)
    # and "flags" (a list: cloze, repeat) in sheet.jsonl
    python benchmarks/judging.py tally sheet.jsonl --json tally.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

VERDICTS = ("good", "trivial", "unnatural", "wrong", "unanswerable", "malformed")
FLAGS = ("cloze", "repeat")


def sample(pairs_path: Path, per_type: int, min_total: int, seed: int) -> list[dict[str, Any]]:
    """Up to ``per_type`` pairs per type at random, topped up to ``min_total`` if it can."""
    from langchain_taskgen import read_pairs

    pairs, problems = read_pairs(pairs_path)
    for problem in problems:
        print(f"skipped: {problem}", file=sys.stderr)
    by_type: dict[str, list[Any]] = defaultdict(list)
    for pair in pairs:
        by_type[pair.task_type].append(pair)
    rng = random.Random(seed)
    chosen: list[Any] = []
    rest: list[Any] = []
    for name in sorted(by_type):
        pool = list(by_type[name])
        rng.shuffle(pool)
        chosen += pool[:per_type]
        rest += pool[per_type:]
    rng.shuffle(rest)
    chosen += rest[: max(0, min_total - len(chosen))]
    rows = []
    for number, pair in enumerate(sorted(chosen, key=lambda p: (p.task_type, p.id)), 1):
        rows.append(
            {
                "item": number,
                "task_type": pair.task_type,
                "passage": pair.context,
                "input": pair.input,
                "output": pair.output,
                "source": pair.metadata.get("source"),
                "accepted_of_type": len(by_type[pair.task_type]),
                "verdict": "",
                "flags": [],
                "note": "",
            }
        )
    return rows


def tally(sheet: Path) -> dict[str, Any]:
    """Counts per type and overall; raises ``ValueError`` naming a line that is not filled."""
    rows = []
    for number, line in enumerate(sheet.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("verdict") not in VERDICTS:
            raise ValueError(
                f"{sheet}:{number}: verdict {row.get('verdict')!r} is not one of {VERDICTS}"
            )
        unknown = set(row.get("flags") or []) - set(FLAGS)
        if unknown:
            raise ValueError(f"{sheet}:{number}: unknown flags {sorted(unknown)}")
        rows.append(row)
    per_type: dict[str, Counter[str]] = defaultdict(Counter)
    accepted: dict[str, int] = {}
    flags: Counter[str] = Counter()
    for row in rows:
        per_type[row["task_type"]][row["verdict"]] += 1
        accepted[row["task_type"]] = row.get("accepted_of_type", 0)
        flags.update(row.get("flags") or [])
    total = Counter(row["verdict"] for row in rows)
    n = len(rows)

    def share(*names: str) -> float:
        return sum(total[name] for name in names) / n if n else 0.0

    return {
        "sampled": n,
        "good": share("good"),
        "good_or_trivial": share("good", "trivial"),
        "correct": share("good", "trivial", "unnatural"),
        "verdicts": dict(total),
        "flags": dict(flags),
        "types_with_good": sorted(t for t, c in per_type.items() if c["good"]),
        "per_type": {
            t: {"accepted": accepted[t], "sampled": sum(c.values()), **dict(c)}
            for t, c in sorted(per_type.items())
        },
    }


def table(result: dict[str, Any]) -> str:
    """The tally as a Markdown table plus the overall lines."""
    head = "| type | accepted | sampled | " + " | ".join(VERDICTS) + " |"
    lines = [head, "|" + "---|" * (3 + len(VERDICTS))]
    for name, row in result["per_type"].items():
        counts = " | ".join(str(row.get(v, 0)) for v in VERDICTS)
        lines.append(f"| {name} | {row['accepted']} | {row['sampled']} | {counts} |")
    lines.append(
        f"\nsampled {result['sampled']}: good {result['good']:.1%}, good or trivial "
        f"{result['good_or_trivial']:.1%}, correct {result['correct']:.1%}; flags "
        f"{result['flags']}; types with a good pair: {len(result['types_with_good'])} "
        f"({', '.join(result['types_with_good'])})"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    draw = commands.add_parser("sample", help="write a reader's sheet")
    draw.add_argument("pairs", type=Path)
    draw.add_argument("-o", "--output", type=Path, required=True)
    draw.add_argument("--per-type", type=int, default=6)
    draw.add_argument("--min-total", type=int, default=80)
    draw.add_argument("--seed", type=int, default=0)
    count = commands.add_parser("tally", help="count a filled sheet")
    count.add_argument("sheet", type=Path)
    count.add_argument("--json", type=Path, help="also write the tally here")
    args = parser.parse_args(argv)
    if args.command == "sample":
        rows = sample(args.pairs, args.per_type, args.min_total, args.seed)
        with args.output.open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        kinds = len({row["task_type"] for row in rows})
        print(f"wrote {len(rows)} items of {kinds} types to {args.output}")
        return 0
    try:
        result = tally(args.sheet)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(table(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
