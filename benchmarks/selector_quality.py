"""Selection quality: does the selector find the pair a query is about?

Pairs are questions built on the sentences of the sample corpus (real legal text). Each
query keeps a random half of its target sentence's content words, shuffled, with a
question stem: the way users type terms ("NOTICE file redistribute keep?"). We count how
often the target pair is selected first (hit@1) and the mean reciprocal rank within the
top 4 (MRR@4), for LangChain's ``SemanticSimilarityExampleSelector`` (InMemoryVectorStore)
and for our selector in dense and hybrid mode, all with the same MiniLM embeddings.

The last line is ``hybrid_mrr=<ours hybrid> langchain_mrr=<LangChain>``.
Run: ``.venv/bin/python benchmarks/selector_quality.py``.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

from langchain_core.example_selectors import SemanticSimilarityExampleSelector
from langchain_core.vectorstores import InMemoryVectorStore

from langchain_taskgen import TaskPair, TaskPairExampleSelector
from langchain_taskgen.embeddings import SentenceTransformerEmbeddings
from langchain_taskgen.lexical import tokenize

CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"


def build(seed: int = 0) -> tuple[list[TaskPair], list[tuple[str, str]]]:
    text = " ".join(" ".join(p.read_text().split()) for p in sorted(CORPUS.glob("*.txt")))
    sentences = sorted(
        {s.strip() for s in re.split(r"(?<=[.;])\s+", text) if 60 < len(s.strip()) < 400}
    )
    rng = random.Random(seed)
    pairs, queries = [], []
    for i, sentence in enumerate(sentences):
        pair = TaskPair(
            f"Does the licence state that {sentence[0].lower()}{sentence[1:]}",
            "Yes",
            "ynqa",
            metadata={"source": f"s{i}"},
        )
        pairs.append(pair)
        words = [w for w in re.findall(r"[A-Za-z]+", sentence) if tokenize(w)]
        if len(words) < 6:
            continue
        kept = rng.sample(words, max(3, len(words) // 2))
        queries.append(("What about " + " ".join(kept) + "?", pair.input))
    return pairs, queries


def score(select: Any, queries: list[tuple[str, str]]) -> tuple[float, float]:
    hits = mrr = 0.0
    for query, target in queries:
        chosen = [e["input"] for e in select(query)]
        if chosen and chosen[0] == target:
            hits += 1
        if target in chosen:
            mrr += 1 / (chosen.index(target) + 1)
    return hits / len(queries), mrr / len(queries)


def main() -> None:
    pairs, queries = build()
    embeddings = SentenceTransformerEmbeddings()
    examples = [p.to_example() for p in pairs]
    langchain = SemanticSimilarityExampleSelector.from_examples(
        examples, embeddings, InMemoryVectorStore, k=4, input_keys=["input"]
    )
    dense = TaskPairExampleSelector.from_pairs(pairs, k=4, embeddings=embeddings, search="dense")
    hybrid = TaskPairExampleSelector.from_pairs(pairs, k=4, embeddings=embeddings)
    print(f"pairs: {len(pairs)}  queries: {len(queries)}")
    results = {}
    for name, selector in (
        ("LangChain SemanticSimilarity", langchain),
        ("ours dense", dense),
        ("ours hybrid (default)", hybrid),
    ):
        results[name] = score(lambda q, s=selector: s.select_examples({"input": q}), queries)
        print(f"{name:30s} hit@1 {results[name][0]:.3f}  MRR@4 {results[name][1]:.3f}")
    print(
        f"hybrid_mrr={results['ours hybrid (default)'][1]:.2f} "
        f"langchain_mrr={results['LangChain SemanticSimilarity'][1]:.2f}"
    )


if __name__ == "__main__":
    main()
