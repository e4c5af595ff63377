"""Start-up cost: ``import langchain_taskgen`` and ``taskgen --help`` against a bare Python.

Run: python benchmarks/startup.py [--runs 9]
Prints the median wall time of each (fresh processes, run in turns so load hits all alike)
and ends with a ratio line for tracking.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def cpu_model() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return platform.processor() or "?"
    return next(
        (
            line.split(":", 1)[1].strip()
            for line in out.splitlines()
            if line.startswith("Model name")
        ),
        "?",
    )


def timed(command: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    taskgen = shutil.which("taskgen") or str(Path(sys.executable).with_name("taskgen"))
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import langchain_taskgen": [sys.executable, "-c", "import langchain_taskgen"],
        "taskgen --help": [taskgen, "--help"],
        "taskgen generate --help": [taskgen, "generate", "--help"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(timed(command))
    print(f"cpu: {cpu_model()}, load average {os.getloadavg()[0]:.2f}, runs {args.runs}")
    median = {name: statistics.median(values) for name, values in times.items()}
    for name, value in median.items():
        print(f"{name:<26} median {value * 1000:7.1f} ms   min {min(times[name]) * 1000:7.1f} ms")
    print(
        f"import_s={median['import langchain_taskgen']:.3f} "
        f"help_s={median['taskgen --help']:.3f} "
        f"import/python={median['import langchain_taskgen'] / median['python -c pass']:.2f}"
    )


if __name__ == "__main__":
    main()
