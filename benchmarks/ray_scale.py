"""Scale-out on Ray Data: code-built tasks over a synthetic corpus, Ray 2 workers vs 1 vs local.

The corpus is made here from the sample licence texts: each file a seeded shuffle of their
sentences, cut into ``--chunk-size`` character chunks, as many files as it takes to reach
``--chunks`` chunks (counted with the job's own chunker). The same job (every type the
embedded default model's generator builds by code, no model: exqa, qa, qg, mcqa, coref,
sent_comp, topic_class, wsd) runs three ways, each in a fresh process so its peak memory is
its own:

  (a) the local path (``generate_file``: one process);
  (b) ``generate_files_on_ray`` on a local Ray cluster with 1 CPU;
  (c) the same with 2 CPUs;

all with the same ``--batch-chunks``, and the output files are checked to be the same
bytes. Throughput is pairs per second end to end: for Ray, starting the local cluster
(``ray.init``) and the job; the ratios without ``ray.init`` are printed too (``job
only``), and each Ray run prints the seconds of its steps (``stages``). On a shared
machine one run does not settle a ratio, so (b) and (c) run ``--repeats`` times,
interleaved (1, 2, then 2, 1, ...: a drift in the machine's load falls on both), and the
ratios are the median of the rounds' ratios, each round's printed too. ``--warm`` runs
each job again in the same process (Ray started, imports done, Ray's workers up) and
prints those ratios. The driver's peak RSS is measured for the Ray job at ``--small``
chunks and at ``--chunks``.

Last line: ``ray_2w/ray_1w=X ray_2w/local=Y driver_rss_mb=Z`` (end to end, medians over
the rounds; Z: the largest at ``--chunks``).
Run: ``nice .venv/bin/python benchmarks/ray_scale.py [--chunks 100000] [--small 10000]
[--repeats 2] [--types exqa,sent_comp]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "samples" / "corpus"
# Every type the embedded default model's generator builds by code (no prompt): see
# `taskgen generate --help`; nli, te, paraphrase_id and ynqa make none there.
TYPES = ["exqa", "qa", "qg", "mcqa", "coref", "sent_comp", "topic_class", "wsd"]


def make_corpus(folder: Path, chunks: int, chunk_size: int) -> int:
    """Write files until they hold ``chunks`` chunks or a few more; returns the number of files."""
    from langchain_core.documents import Document

    from langchain_taskgen import TaskGenerator

    chunker = TaskGenerator(llm=None, chunk_size=chunk_size, chunk_overlap=0).chunker()
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    sentences = [s.strip() for s in re.split(r"(?<=[.;:])\s+", text) if len(s.strip()) > 40]
    per_file = 200  # about 200 chunks a file: a corpus of many mid-sized documents
    folder.mkdir(parents=True, exist_ok=True)
    made = i = 0
    while made < chunks:
        rng = random.Random(i)
        body: list[str] = []
        size = 0
        while size < per_file * chunk_size * 0.93:
            paragraph = " ".join(rng.sample(sentences, 4))
            body.append(paragraph)
            size += len(paragraph) + 2
        document = "\n\n".join(body)
        (folder / f"doc{i:05d}.txt").write_text(document, encoding="utf-8")
        made += len(chunker.split([Document(document)])[0])
        i += 1
    return i


JOB = """
import hashlib, json, resource, sys, time
from langchain_taskgen import TaskGenerator
mode, corpus, out = sys.argv[1:4]
chunk_size, batch, warm = int(sys.argv[4]), int(sys.argv[5]), sys.argv[6] == "warm"
gen = TaskGenerator(task_type={types!r}, chunk_size=chunk_size, chunk_overlap=0)
stages, start, again = {{}}, 0.0, None
if mode == "local":
    from langchain_taskgen.jobs import generate_file
    job = lambda path: generate_file([corpus], path, gen, batch_chunks=batch, resume=False)
else:
    import ray
    from langchain_taskgen.cluster import generate_files_on_ray
    began = time.perf_counter()
    ray.init(num_cpus=int(mode), include_dashboard=False, logging_level="ERROR")
    ray.data.DataContext.get_current().enable_progress_bars = False
    start = time.perf_counter() - began
    job = lambda path: generate_files_on_ray([corpus], path, gen, batch_chunks=batch,
                                             resume=False)
began = time.perf_counter()
result = job(out)
seconds = time.perf_counter() - began
if mode == "local":
    pairs = len(result.pairs)
else:
    pairs = result.pairs
    stages = dict(result.generation.stage_seconds)
    stages["write"] = seconds - result.report.seconds
    stages = {{k: round(v, 2) for k, v in stages.items()}}
chunks = result.report.chunks
if warm:  # the same job again in this process: start-up and imports already paid
    began = time.perf_counter()
    job(out + ".again")
    again = time.perf_counter() - began
if mode != "local":
    ray.shutdown()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
digest = hashlib.sha256(open(out, "rb").read()).hexdigest()[:16]
print(json.dumps(dict(seconds=seconds, start=start, total=seconds + start, warm=again,
                      pairs=pairs, chunks=chunks, rss_mb=rss, sha256=digest, stages=stages)))
"""


def run(
    mode: str,
    corpus: Path,
    out: Path,
    chunk_size: int,
    batch: int,
    warm: bool = False,
    types: list[str] = TYPES,
) -> dict[str, Any]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            JOB.format(types=types),
            mode,
            str(corpus),
            str(out),
            str(chunk_size),
            str(batch),
            "warm" if warm else "cold",
        ],
        env=env,
        cwd=ROOT,  # `python -c` puts the working folder first on sys.path: this tree's
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"{mode} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def machine() -> str:
    name = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    return f"{name}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"


def median_ratios(rounds: list[dict[str, dict[str, Any]]], local: dict[str, Any], key: str) -> Any:
    """Each round's (ray_2w/ray_1w, ray_2w/local) on seconds ``key``, and their medians."""
    each = [
        (r["1"][key] / r["2"][key], local[key] / r["2"][key]) for r in rounds
    ]  # equal output (checked), so the ratio of throughputs is that of the seconds
    return each, statistics.median(x for x, _ in each), statistics.median(y for _, y in each)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000, help="chunks for the RSS check")
    parser.add_argument("--chunk-size", type=int, default=400)
    parser.add_argument("--batch-chunks", type=int, default=256)
    parser.add_argument(
        "--repeats", type=int, default=2, help="rounds of the 1- and 2-CPU Ray runs (interleaved)"
    )
    parser.add_argument(
        "--types",
        default=",".join(TYPES),
        help="task types of the job, comma-separated (default: every code-built type)",
    )
    parser.add_argument(
        "--warm",
        action="store_true",
        help="also run each job again in the same process (start-up already paid)",
    )
    args = parser.parse_args()
    types = [t.strip() for t in args.types.split(",") if t.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        print(f"machine: {machine()}  (lscpu 'Model name'; load from os.getloadavg)")
        print(f"types: {' '.join(types)}")
        small = root / "small"
        make_corpus(small, args.small, args.chunk_size)
        rss_small = run(
            "2", small, root / "small.jsonl", args.chunk_size, args.batch_chunks, types=types
        )
        print(f"ray 2w at {rss_small['chunks']} chunks: {json.dumps(rss_small)}")
        big = root / "big"
        files = make_corpus(big, args.chunks, args.chunk_size)
        print(f"corpus: {files} files, chunk size {args.chunk_size}, batch {args.batch_chunks}")

        def one(mode: str, name: str) -> dict[str, Any]:
            out = root / f"{name}.jsonl"
            got = run(mode, big, out, args.chunk_size, args.batch_chunks, args.warm, types)
            out.unlink()
            print(
                f"{name:>7}: {json.dumps(got)}  {got['pairs'] / got['total']:.2f} pairs/s  "
                f"(load {os.getloadavg()[0]:.1f})",
                flush=True,
            )
            return got

        local = one("local", "local")
        rounds: list[dict[str, dict[str, Any]]] = []
        for r in range(max(1, args.repeats)):
            order = ("1", "2") if r % 2 == 0 else ("2", "1")
            rounds.append({mode: one(mode, f"{mode}w#{r + 1}") for mode in order})
        # Same output on every path: the same bytes, in the same order.
        digests = {local["sha256"]} | {f["sha256"] for r in rounds for f in r.values()}
        assert len(digests) == 1, "unequal output"
        rss = max(r["2"]["rss_mb"] for r in rounds)
        print(
            f"driver peak RSS: {rss_small['rss_mb']:.0f} MB at {rss_small['chunks']} chunks, "
            f"{rss:.0f} MB at {local['chunks']} chunks"
        )
        # 'job only' leaves out Ray's start (ray.init, paid once per cluster, not per job);
        # the last line is end to end: ray.init and the job, as a user of --ray waits.
        labels = [("job only (ray.init left out)", "seconds")]
        if args.warm:
            labels.append(("warm (the same job again in the same process)", "warm"))
        for label, key in labels:
            each, x, y = median_ratios(rounds, local, key)
            rounds_text = ", ".join(f"{a:.2f}" for a, _ in each)
            print(f"{label}: ray_2w/ray_1w={x:.2f} ray_2w/local={y:.2f}  (rounds: {rounds_text})")
        each, x, y = median_ratios(rounds, local, "total")
        print("end to end, each round: " + ", ".join(f"{a:.2f} ({b:.2f})" for a, b in each))
        print(f"ray_2w/ray_1w={x:.2f} ray_2w/local={y:.2f} driver_rss_mb={rss:.0f}")


if __name__ == "__main__":
    main()
