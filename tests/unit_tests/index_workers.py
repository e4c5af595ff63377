"""Processes that save, load and swap one index directory at once (issue 21 items 2 and 3).

Run as ``python -m tests.unit_tests.index_workers ROLE DIRECTORY ...``. Each role prints
``ready`` once imported (imports take seconds on a busy machine), waits for a ``go``
file beside DIRECTORY so that all start together, works (a loader and a swapper until a
``stop`` file appears there), and prints one JSON line of counts. The index holds one
record per save: its ``output`` is the saver's tag and its vector the tag's axis, so a
crossed index (the records of one save, the vectors of another) is visible in what a
loader accepts.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

from langchain_taskgen.selection.options import SelectorSettings
from langchain_taskgen.selection.persistence import SelectorLoadError, load_index, save_index

TAGS = ("A", "B")
DIMENSION = 4
RECORDS = 64  # enough bytes that hashing and parsing take a moment


def save_tagged(directory: Path, tag: str, secret: str | None = None) -> None:
    """One save whose every record says ``tag`` and every vector points along its axis."""
    axis = TAGS.index(tag)
    vectors = np.zeros((RECORDS, DIMENSION), dtype=np.float32)
    vectors[:, axis] = 1.0
    save_index(
        directory,
        vectors=vectors,
        ids=[f"{tag}{i}" for i in range(RECORDS)],
        examples=[{"input": f"question {i} " * 8, "output": tag} for i in range(RECORDS)],
        metadatas=[{} for _ in range(RECORDS)],
        embedding_model="fake",
        settings=SelectorSettings(),
        metadata_filter=None,
        secret=secret,
    )


def crossed(directory: Path, secret: str | None = None) -> bool | None:
    """Load once: ``True`` for a crossed index, ``False`` for a whole one, ``None``: refused."""
    try:
        saved = load_index(directory, secret=secret)
    except SelectorLoadError:
        return None
    tags = {example["output"] for example in saved.examples}
    axes = {int(np.argmax(row)) for row in saved.vectors}
    return not (len(tags) == 1 and axes == {TAGS.index(tags.pop())})


def _saver(directory: Path, tag: str, rounds: int) -> dict[str, int]:
    failed = 0
    for _ in range(rounds):
        try:
            save_tagged(directory, tag)
        except OSError:
            failed += 1
    return {"failed": failed}


def _loader(directory: Path) -> dict[str, int]:
    counts = {"loads": 0, "crossed": 0, "refused": 0}
    while not (directory.parent / "stop").exists():
        verdict = crossed(directory)
        counts["loads"] += 1
        counts["crossed"] += verdict is True
        counts["refused"] += verdict is None
    return counts


def _swapper(directory: Path, good: Path, bad: Path) -> dict[str, int]:
    """Flip ``records.jsonl`` between two copies (hard links and rename: each flip atomic).

    Each copy stays in place for a random moment (sleeping, so a loader on a busy
    machine runs meanwhile and sees both, not always the one in place when it is let in).
    """
    target = directory / "records.jsonl"
    staging = directory / ".swap"
    flips = 0
    while not (directory.parent / "stop").exists():
        for source in (bad, good):
            os.link(source, staging)
            os.replace(staging, target)
            flips += 1
            time.sleep(random.uniform(0, 0.001))
    return {"flips": flips}


def main(argv: list[str]) -> None:
    role, directory = argv[0], Path(argv[1])
    print("ready", flush=True)
    while not (directory.parent / "go").exists():
        time.sleep(0.01)
    if role == "saver":
        result = _saver(directory, argv[2], int(argv[3]))
    elif role == "loader":
        result = _loader(directory)
    elif role == "swapper":
        result = _swapper(directory, Path(argv[2]), Path(argv[3]))
    else:
        raise SystemExit(f"unknown role {role!r}")
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
