"""The batch manifest: one file per finished generation batch, so a rerun skips it.

A batch is the unit a local run journals too: ``batch_chunks`` consecutive chunks in
one plan. Its file, ``OUTPUT.ray/<key>.json``, is named by a hash of the run's
fingerprint and the batch's chunk keys, so a changed setting or a changed file makes a
new key; it holds the batch's pairs and report. Files are written whole (a temporary
file, fsync, rename): a job killed mid-write leaves no half file that counts.

The folder must be visible to every node (a shared filesystem) on a multi-node cluster.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

MANIFEST_VERSION = 1


def manifest_dir(output: str | Path) -> Path:
    """The manifest folder of an output file: ``OUTPUT.ray/``.

    Example:
        >>> manifest_dir("out/pairs.jsonl").as_posix()
        'out/pairs.jsonl.ray'
    """
    output = Path(output)
    return output.with_name(output.name + ".ray")


def batch_key(fingerprint: str, chunk_keys: list[str]) -> str:
    """The manifest key of one batch: its settings and its chunks, in order.

    Example:
        >>> batch_key("f", ["a", "b"]) == batch_key("f", ["b", "a"])
        False
    """
    text = "\x1f".join([fingerprint, *chunk_keys])
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def read_batch(folder: str | Path, key: str) -> dict[str, Any] | None:
    """A finished batch's entry, or ``None`` if it is not there (or not readable whole)."""
    path = Path(folder) / f"{key}.json"
    try:
        entry = json.loads(path.read_text(encoding="utf-8", errors="surrogatepass"))
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("v") != MANIFEST_VERSION:
        return None
    if not isinstance(entry.get("pairs"), list) or not isinstance(entry.get("report"), dict):
        return None
    return entry


def write_batch(folder: str | Path, key: str, entry: dict[str, Any]) -> None:
    """Write a finished batch's entry whole: temporary file, fsync, rename."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{key}.json"
    tmp = folder / f".{key}.{os.getpid()}.tmp"
    text = json.dumps({"v": MANIFEST_VERSION, **entry}, ensure_ascii=False, default=str)
    with tmp.open("w", encoding="utf-8", errors="surrogatepass") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
