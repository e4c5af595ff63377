"""Export's data check on one huge pair: time and peak memory (issue 21 item 11).

Writes one pair of SIZE_MB megabytes (default 52, the size in the issue), runs
``taskgen export --to trl`` with the default tokenizer in a child process and prints its
seconds and peak RSS. ``--earlier`` also runs the check as it was before (the whole
conversation tokenized in one call) on a smaller pair, EARLIER_MB (default 5), in a child
process, for the ratio. Run from the repository root:

    python benchmarks/export_memory.py [SIZE_MB] [--earlier [EARLIER_MB]]
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

EARLIER = """
import sys, time
from langchain_taskgen.export import load_tokenizer
from langchain_taskgen.pairs import read_pairs
from langchain_taskgen.export.records import chat_messages
tokenizer = load_tokenizer()
pair = read_pairs(sys.argv[1])[0][0]
text = tokenizer.apply_chat_template(chat_messages(pair, None), tokenize=False)
print(len(tokenizer(text, add_special_tokens=False)["input_ids"]))
"""


def write_pair(folder: Path, megabytes: float) -> Path:
    sentence = "The backup server keeps fourteen copies of every database for a month. "
    text = sentence * int(megabytes * 1e6 / len(sentence))
    record = {"input": "Summarise the passage.", "output": text, "task_type": "summarization"}
    path = folder / f"pair-{megabytes:g}mb.jsonl"
    path.write_text(json.dumps(record) + "\n")
    return path


def child(args: list[str]) -> tuple[float, float, str]:
    """Seconds, peak RSS (GB) and the last output line of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before:
        print("note: peak RSS not above an earlier child's; run the modes separately")
    tail = (done.stdout.strip().splitlines() or done.stderr.strip().splitlines() or [""])[-1]
    return seconds, peak / 1e6, f"exit {done.returncode}: {tail}"


def main() -> None:
    argv = sys.argv[1:]
    earlier = "--earlier" in argv
    if earlier:
        at = argv.index("--earlier")
        rest = argv[at + 1 :]
        earlier_mb = float(rest[0]) if rest else 5.0
        argv = argv[:at]
    size = float(argv[0]) if argv else 52.0
    cpu = subprocess.run(
        "lscpu | grep 'Model name'", shell=True, capture_output=True, text=True, check=False
    ).stdout.strip()
    print(f"{cpu}; load {os.getloadavg()[0]:.2f}")
    folder = Path(tempfile.mkdtemp())
    env_python = sys.executable
    pairs = write_pair(folder, size)
    args = [env_python, "-m", "langchain_taskgen.cli", "export", str(pairs), "--to", "trl"]
    seconds, rss, tail = child([*args, str(folder / "out"), "--json"])
    print(f"export --to trl, one {size:g} MB pair: {seconds:.1f} s, peak RSS {rss:.2f} GB ({tail})")
    if earlier:
        small = write_pair(folder, earlier_mb)
        seconds, rss, tail = child([env_python, "-c", EARLIER, str(small)])
        print(
            f"earlier check (whole text in one call), one {earlier_mb:g} MB pair: "
            f"{seconds:.1f} s, peak RSS {rss:.2f} GB ({tail} tokens)"
        )


if __name__ == "__main__":
    main()
