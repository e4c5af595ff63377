"""Scale-out on Ray Data: code-built tasks over a synthetic corpus, Ray 2 workers vs 1 vs local.

The corpus is made here from the sample licence texts: each file a seeded shuffle of their
sentences, cut into ``--chunk-size`` character chunks, as many files as it takes to reach
``--chunks`` chunks. The same job (exqa and sent_comp, built by code: no model; ynqa, used
before, makes no pair on the embedded default model) runs three ways,
each in a fresh process so its peak memory is its own:

  (a) the local path (``generate_file``: one process);
  (b) ``generate_files_on_ray`` on a local Ray cluster with 1 CPU;
  (c) the same with 2 CPUs;

all with the same ``--batch-chunks``, and the three output files are checked to be the
same bytes. Throughput is pairs per second end to end: for Ray, starting the local
cluster (``ray.init``) and the job; the ratios without ``ray.init`` are printed too
(``job only``), and each Ray run prints the seconds of its steps (``stages``). Each job
is then run again in the same process (``warm``: Ray started, imports done, Ray's
workers up; ``--no-warm`` skips it) and those ratios are printed too. The driver's peak
RSS is measured for the Ray job at ``--small`` chunks and at ``--chunks``.

Last line: ``ray_2w/ray_1w=X ray_2w/local=Y driver_rss_mb=Z`` (end to end; Z: at
``--chunks``).
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
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "samples" / "corpus"
TYPES = ["exqa", "sent_comp"]


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
    mode: str, corpus: Path, out: Path, chunk_size: int, batch: int, warm: bool = False
) -> dict[str, Any]:
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000, help="chunks for the RSS check")
    parser.add_argument("--chunk-size", type=int, default=400)
    parser.add_argument("--batch-chunks", type=int, default=256)
    parser.add_argument(
        "--no-warm",
        dest="warm",
        action="store_false",
        help="skip the second run of each job in the same process (start-up already paid)",
    )
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
                mode, big, root / f"{mode}.jsonl", args.chunk_size, args.batch_chunks, args.warm
            )
            rate = figures[mode]["pairs"] / figures[mode]["total"]
            print(
                f"{mode:>5}: {json.dumps(figures[mode])}  {rate:.1f} pairs/s  "
                f"(load {os.getloadavg()[0]:.1f})",
                flush=True,
            )
        # Same output on every path: the same bytes, in the same order.
        assert len({f["sha256"] for f in figures.values()}) == 1, "unequal output"
        print(
            f"driver peak RSS: {rss_small['rss_mb']:.0f} MB at {rss_small['chunks']} chunks, "
            f"{figures['2']['rss_mb']:.0f} MB at {figures['2']['chunks']} chunks"
        )
        # 'job' leaves out Ray's start (ray.init, paid once per cluster, not per job);
        # the last line is end to end: ray.init and the job, as a user of --ray waits.
        job = {m: f["pairs"] / f["seconds"] for m, f in figures.items()}
        print(
            f"job only (ray.init left out): ray_2w/ray_1w={job['2'] / job['1']:.2f} "
            f"ray_2w/local={job['2'] / job['local']:.2f}"
        )
        if args.warm:
            again = {m: f["pairs"] / f["warm"] for m, f in figures.items()}
            print(
                "warm (the same job again in the same process; ray.init, imports and "
                f"Ray's workers already up): ray_2w/ray_1w={again['2'] / again['1']:.2f} "
                f"ray_2w/local={again['2'] / again['local']:.2f}"
            )
        rate = {m: f["pairs"] / f["total"] for m, f in figures.items()}
        x, y = rate["2"] / rate["1"], rate["2"] / rate["local"]
        print(
            f"ray_2w/ray_1w={x:.2f} ray_2w/local={y:.2f} driver_rss_mb={figures['2']['rss_mb']:.0f}"
        )


if __name__ == "__main__":
    main()
