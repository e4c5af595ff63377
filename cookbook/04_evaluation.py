"""Zero-shot vs random k-shot vs selector k-shot on pairs split by source document.

Generates pairs from the sample corpus on the default model (or reads PAIRS if given),
splits them so no document is in both halves, answers the eval inputs three ways and
writes the table and plot to out/eval/.

Run: .venv/bin/python cookbook/04_evaluation.py [PAIRS.jsonl] [--limit 40]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from langchain_taskgen import TaskGenerator, read_pairs
from langchain_taskgen.export import write_jsonl
from langchain_taskgen.loading import load_paths
from langchain_taskgen.pairs import split_by_source
from langchain_taskgen.training.evaluation import evaluate_few_shot

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pairs", nargs="?", type=Path)
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("-k", type=int, default=3)
    args = parser.parse_args()
    if args.pairs:
        pairs, _ = read_pairs(args.pairs)
    else:
        docs = load_paths([ROOT / "samples" / "corpus"]).documents
        generator = TaskGenerator(
            task_type=["ynqa", "exqa"], n=2, max_tokens=64, chunk_size=800, chunk_overlap=0
        )
        pairs = generator.invoke(docs)
        print(generator.last_report)
        write_jsonl(pairs, ROOT / "out" / "eval" / "pairs.jsonl")
    train, test = split_by_source(pairs, eval_fraction=0.3)
    test = random.Random(0).sample(test, min(args.limit, len(test)))
    print(f"train {len(train)} pairs, eval {len(test)} pairs")
    result = evaluate_few_shot(train, test, k=args.k)
    result.save(ROOT / "out" / "eval")
    print(result.table())


if __name__ == "__main__":
    main()
