"""Selector speed: ours vs LangChain's SemanticSimilarityExampleSelector, same model.

Measured side by side in one run on the same pairs (built from sentences of the sample
corpus) with the packaged all-MiniLM-L6-v2 weights:

* build throughput: raw float32 ``SentenceTransformer.encode`` (torch, at its default
  batch size, 32, as users call it) vs our ``add_pairs`` (encode + faiss + BM25) with
  the default embeddings (ONNX float32 when onnxruntime is installed; vectors equal
  torch's) and the opt-in int8 backends (torch dynamic int8, ONNX dynamic int8),
  taking turns chunk by chunk;
* select latency p50/p95 over 200 queries, every query text seen for the first time
  (the LRU query cache cannot help; a cache hit is timed on its own), rows taking turns
  in blocks of 25 queries (see ``interleaved``): ours (hybrid default, dense, hybrid on
  torch float32, the int8 backends) vs LangChain with InMemoryVectorStore and with
  community FAISS, whose queries go through sentence-transformers on torch (what
  LangChain's own HuggingFaceEmbeddings runs), and LangChain FAISS with our default
  embeddings;
* query embedding alone per backend, and torch on one thread;
* select latency at 1M pairs with the approximate (HNSW) index, random vectors.

The last line is ``select_ratio=<ours/LangChain p50> build_ratio=<ours/raw encode>
select_ratio_<backend>=.. build_ratio_<backend>=.. cached_select_ratio=..
build_ratio_same_batch=..`` (the last: against torch at our batch size, 8 on the CPU);
LangChain's p50 is the faster of its two stores; ``cached_select_ratio`` is a repeated
query (LRU hit) against LangChain. Taking turns spreads load from other jobs over all
rows, but a loaded machine still hurts torch on two threads most (see the README).
Run: ``.venv/bin/python benchmarks/selector.py [--pairs 10000] [--large 1000000]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import statistics
import subprocess
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import torch
from langchain_core.embeddings import Embeddings
from langchain_core.example_selectors import SemanticSimilarityExampleSelector
from langchain_core.vectorstores import InMemoryVectorStore

from langchain_taskgen import TaskPair, TaskPairExampleSelector
from langchain_taskgen.embeddings import SentenceTransformerEmbeddings

CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"
STEMS = [
    "Does the licence say that",
    "Is it true that",
    "Must a user accept that",
    "According to the text,",
    "Under these terms,",
    "Explain whether",
]


def make_pairs(n: int, seed: int = 0) -> tuple[list[TaskPair], list[str]]:
    text = " ".join(p.read_text() for p in sorted(CORPUS.glob("*.txt")))
    sentences = [
        s.strip()
        for s in re.split(r"(?<=[.;:])\s+", " ".join(text.split()))
        if 30 < len(s.strip()) < 300
    ]
    rng = random.Random(seed)
    pairs = []
    for i in range(n):
        sentence = sentences[i % len(sentences)]
        stem = STEMS[(i // len(sentences)) % len(STEMS)]
        pairs.append(
            TaskPair(
                f"{stem} {sentence[0].lower()}{sentence[1:]} (case {i})",
                rng.choice(["Yes", "No"]),
                "ynqa",
                metadata={"source": f"doc{i % 50}"},
            )
        )
    picks = [rng.choice(sentences) for _ in range(200)]
    # Numbered, so every query text is new to each selector's LRU cache.
    queries = [f"Can you tell me if {s[0].lower()}{s[1:]} ({i})" for i, s in enumerate(picks)]
    return pairs, queries


class CachedEmbeddings(Embeddings):
    """Serves precomputed vectors so LangChain's builds skip the (shared) encode cost."""

    def __init__(self, inner: SentenceTransformerEmbeddings, cache: dict[str, list[float]]):
        self.inner = inner
        self.cache = cache

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        missing = [t for t in texts if t not in self.cache]
        if missing:
            self.cache.update(zip(missing, self.inner.embed_documents(missing), strict=True))
        return [self.cache[t] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def latencies(select: Callable[[str], Any], queries: list[str]) -> tuple[float, float]:
    return interleaved({"one": select}, queries)["one"]


def _select(selector: TaskPairExampleSelector, query: str) -> Any:
    return selector.select_examples({"input": query})


def interleaved(
    selects: dict[str, Callable[[str], Any]], queries: list[str], block: int = 25
) -> dict[str, tuple[float, float]]:
    """p50 / p95 ms of each select, rows taking turns block by block.

    Taking turns spreads changes in the machine's load (other jobs on shared cores)
    evenly over the rows being compared. Turns are blocks of ``block`` queries, and the
    first three of each block are not counted: right after another row ran, that row's
    runtime (torch's OpenMP or onnxruntime's pool) still holds the cores. Turning query
    by query measured that contention instead, which no user of one runtime sees: on two
    AMD EPYC cores it made torch's query embedding 57 ms instead of 16 ms and ONNX's
    13 ms instead of 5.5 ms.
    """
    for select in selects.values():
        for q in queries[:5]:
            select("warm-up " + q)  # not a query timed below (no cache hit)
    times: dict[str, list[float]] = {name: [] for name in selects}
    for lo in range(0, len(queries), block):
        for name, select in selects.items():
            for i, q in enumerate(queries[lo : lo + block]):
                start = time.perf_counter()
                select(q)
                if i >= 3:
                    times[name].append((time.perf_counter() - start) * 1000)
    out = {}
    for name, row in times.items():
        row.sort()
        out[name] = (statistics.median(row), row[int(0.95 * (len(row) - 1))])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=10_000)
    parser.add_argument(
        "--large",
        type=int,
        default=1_000_000,
        help="pairs for the approximate-index part (0 skips it)",
    )
    args = parser.parse_args()
    pairs, queries = make_pairs(args.pairs)
    texts = [p.input for p in pairs]
    # LangChain's side: the same weights through sentence-transformers on torch, which is
    # what LangChain's own HuggingFaceEmbeddings runs.
    torch_embeddings = SentenceTransformerEmbeddings(backend="torch")
    embeddings = SentenceTransformerEmbeddings()  # our default (ONNX when installed)
    model = torch_embeddings.model
    model.encode(texts[:256])  # warm-up
    variants = {
        "default": embeddings,
        "torch int8": SentenceTransformerEmbeddings(backend="torch", precision="int8"),
    }
    if embeddings.backend == "onnx":
        variants["onnx int8"] = SentenceTransformerEmbeddings(backend="onnx", precision="int8")
    for variant in variants.values():
        variant.encode(texts[:256])  # load / export / quantise and warm up, untimed

    # Builds take turns chunk by chunk (raw encode, then each of ours), for the same
    # reason as the select timings; the totals are summed over the chunks.
    selectors = {name: TaskPairExampleSelector(k=4, embeddings=v) for name, v in variants.items()}
    raw_s, raw_small_s, seconds = 0.0, 0.0, dict.fromkeys(variants, 0.0)
    raw_parts = []
    small = embeddings.batch_size
    for lo in range(0, len(pairs), 250):
        start = time.perf_counter()
        raw_parts.append(model.encode(texts[lo : lo + 250], normalize_embeddings=True))
        raw_s += time.perf_counter() - start
        # The same torch encode at our batch size: how much of the gap is batch size.
        start = time.perf_counter()
        model.encode(texts[lo : lo + 250], batch_size=small, normalize_embeddings=True)
        raw_small_s += time.perf_counter() - start
        for name, selector in selectors.items():
            start = time.perf_counter()
            selector.add_pairs(pairs[lo : lo + 250])
            seconds[name] += time.perf_counter() - start
    raw = np.concatenate(raw_parts)
    built = {name: (selectors[name], seconds[name]) for name in variants}
    ours, ours_s = built["default"]
    dense = TaskPairExampleSelector(embeddings=embeddings, k=4, search="dense")
    dense.add_examples([p.to_example() for p in pairs], vectors=raw)
    ours_torch = TaskPairExampleSelector(embeddings=torch_embeddings, k=4)
    ours_torch.add_examples([p.to_example() for p in pairs], vectors=raw)

    cache = dict(zip(texts, raw.tolist(), strict=True))
    cached = CachedEmbeddings(torch_embeddings, cache)
    examples = [p.to_example() for p in pairs]
    start = time.perf_counter()
    lc_memory = SemanticSimilarityExampleSelector.from_examples(
        examples, cached, InMemoryVectorStore, k=4, input_keys=["input"]
    )
    lc_memory_s = time.perf_counter() - start
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from langchain_community.vectorstores import FAISS
    start = time.perf_counter()
    lc_faiss = SemanticSimilarityExampleSelector.from_examples(
        examples, cached, FAISS, k=4, input_keys=["input"]
    )
    lc_faiss_s = time.perf_counter() - start
    lc_faiss_ours = SemanticSimilarityExampleSelector.from_examples(
        examples, CachedEmbeddings(embeddings, cache), FAISS, k=4, input_keys=["input"]
    )

    n = len(pairs)
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    cpu_model = next(
        (line.split(":", 1)[1].strip() for line in cpu.splitlines() if "Model name" in line),
        platform.processor(),
    )
    print(f"CPU: {cpu_model}  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"pairs: {n}  queries: {len(queries)}  embeddings: all-MiniLM-L6-v2 (cpu), "
        f"default backend {embeddings.backend}"
    )
    print(f"build raw SentenceTransformer.encode : {raw_s:7.2f} s  {n / raw_s:7.1f} pairs/s")
    print(
        f"build raw, at our batch size ({small:2d})   : {raw_small_s:7.2f} s  "
        f"{n / raw_small_s:7.1f} pairs/s"
    )
    for name, (_, took) in built.items():
        label = f"build ours ({name})"
        print(f"{label:37s}: {took:7.2f} s  {n / took:7.1f} pairs/s")
    print(f"build LangChain InMemory (cached vec): {lc_memory_s:7.2f} s")
    print(f"build LangChain FAISS (cached vec)   : {lc_faiss_s:7.2f} s")

    rows: dict[str, Callable[[str], Any]] = {
        "ours hybrid (default)": lambda q: ours.select_examples({"input": q}),
        "ours dense": lambda q: dense.select_examples({"input": q}),
        "ours hybrid, torch float32": lambda q: ours_torch.select_examples({"input": q}),
    }
    for name, (selector, _) in built.items():
        if name != "default":
            rows[f"ours hybrid, {name}"] = partial(_select, selector)
    rows["LangChain InMemoryVectorStore"] = lambda q: lc_memory.select_examples({"input": q})
    rows["LangChain community FAISS"] = lambda q: lc_faiss.select_examples({"input": q})
    rows["LangChain FAISS, our embeddings"] = lambda q: lc_faiss_ours.select_examples({"input": q})
    results = interleaved(rows, queries)
    for name, (p50, p95) in results.items():
        print(f"select {name:33s}: p50 {p50:6.2f} ms  p95 {p95:6.2f} ms")
    encoders = {"torch float32": torch_embeddings, **variants}
    alone = interleaved({name: e.embed_query for name, e in encoders.items()}, queries)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    one_thread = latencies(torch_embeddings.embed_query, queries)[0]
    torch.set_num_threads(threads)
    print(
        "(query embedding alone, p50: "
        + ", ".join(f"{k} {v[0]:.2f} ms" for k, v in alone.items())
        + f"; torch float32 on 1 thread instead of {threads}: {one_thread:.2f} ms)"
    )
    cached_p50, _ = latencies(lambda q: ours.select_examples({"input": queries[0]}), queries)
    print(f"select ours hybrid, repeated query (LRU cache hit): p50 {cached_p50:6.2f} ms")

    if args.large:
        rng = np.random.default_rng(0)
        dim = raw.shape[1]
        big = TaskPairExampleSelector(embeddings=embeddings, k=4, search="dense", index="hnsw")
        start = time.perf_counter()
        step = 100_000
        for lo in range(0, args.large, step):
            count = min(step, args.large - lo)
            vectors = rng.standard_normal((count, dim), dtype=np.float32)
            big.add_examples(
                [
                    {"input": f"synthetic {i}", "output": "x", "task_type": "qa"}
                    for i in range(lo, lo + count)
                ],
                vectors=vectors,
            )
        big_s = time.perf_counter() - start
        query_vectors = rng.standard_normal((200, dim), dtype=np.float32)
        vector_iter = iter(list(query_vectors) * 2)
        p50, p95 = latencies(
            lambda q: big.search_with_scores(q, query_vector=next(vector_iter)), ["q"] * 195
        )
        print(
            f"approximate HNSW index, {args.large} pairs: built in {big_s:.1f} s; "
            f"select (vector given) p50 {p50:.3f} ms  p95 {p95:.3f} ms"
        )

    lc_p50 = min(
        results["LangChain InMemoryVectorStore"][0], results["LangChain community FAISS"][0]
    )
    extra = " ".join(
        f"select_ratio_{name.replace(' ', '_')}={results[f'ours hybrid, {name}'][0] / lc_p50:.2f} "
        f"build_ratio_{name.replace(' ', '_')}={raw_s / seconds:.2f}"
        for name, (_, seconds) in built.items()
        if name != "default"
    )
    print(
        f"select_ratio={results['ours hybrid (default)'][0] / lc_p50:.2f} "
        f"build_ratio={raw_s / ours_s:.2f} {extra} cached_select_ratio={cached_p50 / lc_p50:.2f} "
        f"build_ratio_same_batch={raw_small_s / ours_s:.2f}"
    )


if __name__ == "__main__":
    main()
