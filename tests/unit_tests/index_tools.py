"""Helpers that rewrite a saved selector index the way an editor with the format docs could."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from langchain_taskgen.selection.persistence import _canonical


def reseal(directory: Path) -> None:
    """Recompute every checksum in config.json (what a careful tamperer does)."""
    config_path = directory / "config.json"
    config = json.loads(config_path.read_text())
    for name in ("vectors.f32", "records.jsonl"):
        config["sha256"][name] = hashlib.sha256((directory / name).read_bytes()).hexdigest()
    config.pop("hmac_sha256", None)
    config["config_sha256"] = hashlib.sha256(_canonical(config)).hexdigest()
    config_path.write_text(json.dumps(config))
