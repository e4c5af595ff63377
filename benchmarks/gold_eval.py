"""Do generated pairs help answer real questions? The gold-set check of issue 19 item 6.

The check a user makes: generate pairs from a manual, then answer hand-written questions
about that manual with k examples from the pairs (``taskgen eval``), and compare with
examples from pairs of another domain and with no examples at all.

* Gold: ``benchmarks/data/gold_debian_reference.jsonl`` (115 hand-written questions about
  the Debian Reference manual: 89 ``qa`` scored by token F1, 26 ``ynqa`` by accuracy).
  The eval answers each question from the question alone (closed book).
* Same-domain pool: ``taskgen generate`` on the Debian Reference chapters the gold
  questions are about (``/usr/share/debian-reference/chNN.en.html``).
* Other-domain pool: ``taskgen generate`` on the licence texts in ``samples/corpus``.
* ``--match-size`` adds a third pool: the same-domain pool cut at random to the
  other-domain pool's size per task type, so pool size is not what differs.

Both use code-built types (``-t exqa,qa,ynqa`` by default) and the default engine;
only the ``taskgen`` CLI is called (subprocesses), and ``eval.json`` is read by column
name, so new columns in the eval harness are tolerated. Per pool it prints zero-shot,
random k-shot and selected k-shot scores per task type, the paired difference of
selected same-domain vs selected other-domain qa F1 per question with a bootstrap 95%
interval, then the machine (``lscpu`` model name, load) and as the last line::

    same_vs_other_f1=X same_vs_zero_f1=Y

(selected same-domain qa F1 minus selected other-domain qa F1, and minus zero-shot qa F1).

Run (nice: the machine is shared)::

    PYTHONPATH=$PWD nice python benchmarks/gold_eval.py -o out/gold_eval
    PYTHONPATH=$PWD nice python benchmarks/gold_eval.py --chapters 3,8 --limit 40  # smaller

Requires ``debian-reference-en`` (``apt-get install debian-reference-en``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shlex
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "benchmarks" / "data" / "gold_debian_reference.jsonl"
MANUAL = Path("/usr/share/debian-reference")
OTHER = ROOT / "samples" / "corpus"
MODES = ("baseline", "zero-shot", "random", "selector")


def cpu_model() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return platform.processor() or "?"
    for line in out.splitlines():
        if line.startswith("Model name"):
            return line.split(":", 1)[1].strip()
    return "?"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


ENGINE_ARGS: list[str] = []
"""Model options added to every generate and eval call (``--engine-args``)."""


def taskgen(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the CLI with this interpreter; stream its output to stderr, fail loudly."""
    command = [sys.executable, "-m", "langchain_taskgen.cli", *args, *ENGINE_ARGS]
    print("$ taskgen " + " ".join(args), file=sys.stderr, flush=True)
    began = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
    print(f"  ({time.perf_counter() - began:.0f} s, exit {done.returncode})", file=sys.stderr)
    if done.returncode != 0:
        raise SystemExit(f"taskgen {args[0]} failed with exit status {done.returncode}")
    return done


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_jsonl(records: list[dict[str, Any]], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    return path


def chapter_of(record: dict[str, Any]) -> str:
    match = re.search(r"ch(\d\d)\.en\.html$", str(record.get("metadata", {}).get("source", "")))
    if not match:
        raise SystemExit(f"gold item without a chNN.en.html source: {record.get('input')!r}")
    return match.group(1)


def generate(paths: list[Path], types: list[str], out: Path, resume: bool) -> Path:
    pairs = out / "pairs.jsonl"
    if resume and (out / "report.json").exists():
        print(f"reusing {pairs}", file=sys.stderr)
        return pairs
    args = ["generate", *map(str, paths), "-o", str(pairs), "--fresh"]
    for task_type in types:
        args += ["-t", task_type]
    taskgen(*args, "--report-json", str(out / "report.json"))
    return pairs


def cut_to(pool: Path, sizes: Counter[str], seed: int, out: Path) -> Path:
    """The pool cut at random to ``sizes`` pairs per task type."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for record in read_jsonl(pool):
        by_type.setdefault(record["task_type"], []).append(record)
    rng = random.Random(seed)
    kept = [
        r
        for task, records in sorted(by_type.items())
        for r in rng.sample(records, min(sizes.get(task, 0), len(records)))
    ]
    return write_jsonl(kept, out / "pairs.jsonl")


def evaluate(pool: Path, gold: Path, out: Path, args: argparse.Namespace) -> dict[str, Any]:
    extra = ["--limit", str(args.limit)] if args.limit else []
    if args.resume and (out / "eval.json").exists():
        print(f"reusing {out / 'eval.json'}", file=sys.stderr)
    else:
        taskgen(
            "eval",
            str(pool),
            str(gold),
            "-k",
            str(args.k),
            "--seed",
            str(args.seed),
            "-o",
            str(out),
            *extra,
        )
    result: dict[str, Any] = json.loads((out / "eval.json").read_text())
    predictions = out / "predictions.jsonl"
    result["per_item"] = {"f1": {}, "contains": {}}
    if predictions.exists():
        for record in read_jsonl(predictions):
            metrics = record.get("metrics", {}).get("selector")
            if record.get("task_type") == "qa" and metrics:
                for metric, items in result["per_item"].items():
                    items[record["input"]] = float(metrics[metric])
    return result


def score(result: dict[str, Any], task: str, column: str, metric: str) -> float:
    """One column's mean of one metric (``eval.json``'s ``metrics[task][metric][column]``)."""
    values = result.get("metrics", {}).get(task, {}).get(metric, {})
    return float(values.get(column, float("nan")))


def bootstrap(diffs: list[float], seed: int, rounds: int = 5000) -> tuple[float, float]:
    rng = random.Random(seed)
    means = sorted(sum(rng.choices(diffs, k=len(diffs))) / len(diffs) for _ in range(rounds))
    return means[int(0.025 * rounds)], means[int(0.975 * rounds) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument(
        "--chapters",
        help="Comma list, e.g. 3,8: only these chapters' "
        "questions and pages (default: every chapter the gold set cites)",
    )
    parser.add_argument("--other", type=Path, default=OTHER, help="Other-domain folder.")
    parser.add_argument("-t", "--types", default="exqa,qa,ynqa")
    parser.add_argument("-k", type=int, default=3)
    parser.add_argument("--limit", type=int, help="Evaluate at most this many gold items.")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--match-size",
        action="store_true",
        help="Also a same-domain pool cut to the other pool's size.",
    )
    parser.add_argument("-o", "--out", type=Path, default=Path("out/gold_eval"))
    parser.add_argument(
        "--resume",
        action="store_true",
        help="Reuse pools and eval results already in --out from a run with the same options "
        "(each eval restarts the engine, minutes on a loaded CPU).",
    )
    parser.add_argument(
        "--engine-args",
        default="",
        help="Model options for both generate and eval, e.g. "
        "'--openai-base-url http://host:8000/v1 --openai-model NAME' (default: embedded model).",
    )
    args = parser.parse_args()
    ENGINE_ARGS.extend(shlex.split(args.engine_args))

    began = time.perf_counter()
    gold_records = read_jsonl(args.gold)
    wanted = (
        {f"{int(c):02d}" for c in args.chapters.split(",")}
        if args.chapters
        else {chapter_of(r) for r in gold_records}
    )
    gold_records = [r for r in gold_records if chapter_of(r) in wanted]
    if not gold_records:
        raise SystemExit(f"no gold items in chapters {sorted(wanted)}")
    pages = [MANUAL / f"ch{c}.en.html" for c in sorted(wanted)]
    missing = [str(p) for p in pages if not p.exists()]
    if missing:
        raise SystemExit(f"missing {missing}: apt-get install debian-reference-en")
    options = {k: str(v) for k, v in vars(args).items() if k not in ("resume", "match_size")}
    stamp = args.out / "options.json"
    if args.resume and stamp.exists() and json.loads(stamp.read_text()) != options:
        raise SystemExit(f"--resume: {stamp} was written with other options; use another --out")
    gold = write_jsonl(gold_records, args.out / "gold.jsonl")
    stamp.write_text(json.dumps(options, indent=1))
    types = [t.strip() for t in args.types.split(",") if t.strip()]

    same = generate(pages, types, args.out / "same", args.resume)
    other = generate([args.other], types, args.out / "other", args.resume)
    pools = {"same-domain": same, "other-domain": other}
    if args.match_size:
        sizes = Counter(r["task_type"] for r in read_jsonl(other))
        pools["same-domain, other's size"] = cut_to(same, sizes, args.seed, args.out / "same_cut")
    results = {
        name: evaluate(pool, gold, args.out / f"eval_{i}", args)
        for i, (name, pool) in enumerate(pools.items())
    }

    counts = Counter(r["task_type"] for r in gold_records)
    print(
        f"gold: {args.gold.name}, chapters {','.join(sorted(wanted))}: {dict(counts)}"
        f"{f', limit {args.limit}' if args.limit else ''}; k={args.k}, types {','.join(types)}"
    )
    tasks = sorted(counts)
    for name, pool in pools.items():
        result = results[name]
        size = dict(Counter(r["task_type"] for r in read_jsonl(pool)))
        print(f"\n{name} pool ({pool.parent.name}): {size}")
        print(f"{'task':<6} {'metric':<9} {'n':>4} " + " ".join(f"{m:>10}" for m in MODES))
        for task in tasks:
            n = result.get("counts", {}).get(task, 0)
            for metric in ("contains", "f1") if task == "qa" else ("accuracy",):
                cells = " ".join(f"{score(result, task, m, metric):>10.3f}" for m in MODES)
                print(f"{task:<6} {metric:<9} {n:>4} {cells}")

    same_r, other_r = results["same-domain"], results["other-domain"]
    for metric in ("contains", "f1"):
        mine, theirs = same_r["per_item"][metric], other_r["per_item"][metric]
        shared = sorted(set(mine) & set(theirs))
        if not shared:
            continue
        diffs = [mine[q] - theirs[q] for q in shared]
        low, high = bootstrap(diffs, args.seed)
        better = sum(d > 0 for d in diffs)
        worse = sum(d < 0 for d in diffs)
        print(
            f"\nselected same vs other, qa {metric} per question (n={len(diffs)}): mean "
            f"{sum(diffs) / len(diffs):+.3f}, bootstrap 95% [{low:+.3f}, {high:+.3f}], "
            f"same better on {better}, worse on {worse}, tied on {len(diffs) - better - worse}"
        )
    line = []
    for metric in ("f1", "contains"):
        selected = score(same_r, "qa", "selector", metric)
        other_selected = score(other_r, "qa", "selector", metric)
        zero = score(same_r, "qa", "zero-shot", metric)
        line.append(
            f"same_vs_other_{metric}={selected - other_selected:.3f} "
            f"same_vs_zero_{metric}={selected - zero:.3f}"
        )
    print(f"\ncpu: {cpu_model()}; load average {load()}; wall {time.perf_counter() - began:.0f} s")
    print(" ".join(line))


if __name__ == "__main__":
    main()
