"""Scale-out on Ray Data: code-built tasks over a synthetic corpus, Ray 2 workers vs 1 vs local.

The corpus is made here from the sample licence texts: each file a seeded shuffle of their
sentences, cut into ``--chunk-size`` character chunks, as many files as it takes to reach
``--chunks`` chunks. The same job (exqa and ynqa, built by code: no model) runs three ways,
each in a fresh process so its peak memory is its own:

  (a) the local path (``generate_file``: one process);
  (b) ``generate_files_on_ray`` on a local Ray cluster with 1 CPU;
  (c) the same with 2 CPUs;

all with the same ``--batch-chunks``, and the pair counts are checked equal. Throughput is
pairs per second of the job (the Ray cluster's start-up excluded; it is printed). The
driver's peak RSS is measured for the Ray job at ``--small`` chunks and at ``--chunks``.

Last line: ``ray_2w/ray_1w=X ray_2w/local=Y driver_rss_mb=Z`` (Z: at ``--chunks``).
Run: ``nice .venv/bin/python benchmarks/ray_scale.py [--chunks 100000] [--small 10000]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "samples" / "corpus"
TYPES = ["exqa", "ynqa"]


def make_corpus(folder: Path, chunks: int, chunk_size: int) -> int:
    """Write files until they hold about ``chunks`` chunks; returns the number of files."""
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    sentences = [s.strip() for s in re.split(r"(?<=[.;:])\s+", text) if len(s.strip()) > 40]
    per_file = 200  # chunks per file: a corpus of many mid-sized documents
    files = max(1, -(-chunks // per_file))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        rng = random.Random(i)
        body: list[str] = []
        size = 0
        while size < per_file * chunk_size * 0.93:
            paragraph = " ".join(rng.sample(sentences, 4))
            body.append(paragraph)
            size += len(paragraph) + 2
        (folder / f"doc{i:05d}.txt").write_text("\n\n".join(body), encoding="utf-8")
    return files


JOB = """
import json, resource, sys, time
from langchain_taskgen import TaskGenerator
mode, corpus, out = sys.argv[1:4]
chunk_size, batch = int(sys.argv[4]), int(sys.argv[5])
gen = TaskGenerator(task_type={types!r}, chunk_size=chunk_size, chunk_overlap=0)
if mode == "local":
    from langchain_taskgen.jobs import generate_file
    began = time.perf_counter()
    result = generate_file([corpus], out, gen, batch_chunks=batch)
    seconds, start = time.perf_counter() - began, 0.0
    pairs, chunks = len(result.pairs), result.report.chunks
else:
    import ray
    from langchain_taskgen.cluster import generate_files_on_ray
    began = time.perf_counter()
    ray.init(num_cpus=int(mode), include_dashboard=False, logging_level="ERROR")
    ray.data.DataContext.get_current().enable_progress_bars = False
    start = time.perf_counter() - began
    began = time.perf_counter()
    result = generate_files_on_ray([corpus], out, gen, batch_chunks=batch, resume=False)
    seconds, pairs, chunks = time.perf_counter() - began, result.pairs, result.report.chunks
    ray.shutdown()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(dict(seconds=seconds, start=start, pairs=pairs, chunks=chunks, rss_mb=rss)))
"""


def run(mode: str, corpus: Path, out: Path, chunk_size: int, batch: int) -> dict[str, float]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            JOB.format(types=TYPES),
            mode,
            str(corpus),
            str(out),
            str(chunk_size),
            str(batch),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"{mode} failed:\n{done.stderr[-3000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000, help="chunks for the RSS check")
    parser.add_argument("--chunk-size", type=int, default=400)
    parser.add_argument("--batch-chunks", type=int, default=256)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        print(f"machine: {machine()}  (lscpu 'Model name'; load from os.getloadavg)")
        small = root / "small"
        make_corpus(small, args.small, args.chunk_size)
        rss_small = run("2", small, root / "small.jsonl", args.chunk_size, args.batch_chunks)
        print(f"ray 2w at {rss_small['chunks']} chunks: {json.dumps(rss_small)}")
        big = root / "big"
        files = make_corpus(big, args.chunks, args.chunk_size)
        print(f"corpus: {files} files, chunk size {args.chunk_size}, batch {args.batch_chunks}")
        figures = {}
        for mode in ("local", "1", "2"):
            figures[mode] = run(
                mode, big, root / f"{mode}.jsonl", args.chunk_size, args.batch_chunks
            )
            rate = figures[mode]["pairs"] / figures[mode]["seconds"]
            print(
                f"{mode:>5}: {json.dumps(figures[mode])}  {rate:.1f} pairs/s  "
                f"(load {os.getloadavg()[0]:.1f})",
                flush=True,
            )
        assert len({f["pairs"] for f in figures.values()}) == 1, "unequal output"
        rate = {mode: f["pairs"] / f["seconds"] for mode, f in figures.items()}
        print(
            f"driver peak RSS: {rss_small['rss_mb']:.0f} MB at {rss_small['chunks']} chunks, "
            f"{figures['2']['rss_mb']:.0f} MB at {figures['2']['chunks']} chunks"
        )
        x, y = rate["2"] / rate["1"], rate["2"] / rate["local"]
        print(
            f"ray_2w/ray_1w={x:.2f} ray_2w/local={y:.2f} driver_rss_mb={figures['2']['rss_mb']:.0f}"
        )


if __name__ == "__main__":
    main()
