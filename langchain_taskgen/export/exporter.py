"""``export_pairs``: pairs to a folder in a trainer's format, with the data check."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_taskgen._atomic import atomic_dir, atomic_write_text
from langchain_taskgen.export.datacheck import (
    DEFAULT_MAX_LENGTH,
    ExportSummary,
    check_pairs,
    dedupe_pairs,
)
from langchain_taskgen.export.hf import to_dataset
from langchain_taskgen.export.llamafactory import (
    LLAMA_FACTORY_FORMATS,
    read_dataset_info,
    update_dataset_info,
)
from langchain_taskgen.export.records import (
    EXPORTERS,
    SHAREGPT_ROLES,
    SQUAD_VERSION,
    to_squad_v1,
    write_jsonl,
)
from langchain_taskgen.pairs.pair import TaskPair, quality_of

__all__ = ["FORMATS", "ExportResult", "export_pairs"]

FORMATS = (*EXPORTERS, "hf")
"""Every format :func:`export_pairs` writes."""


@dataclass
class ExportResult:
    """What :func:`export_pairs` wrote.

    Attributes:
        files: The files and folders written (main file first).
        records: Records written.
        summary: The data check.
        replaced: Files and folders that existed before and were replaced.
    """

    files: list[Path]
    records: int
    summary: ExportSummary
    replaced: list[Path] = field(default_factory=list)


def export_targets(out_dir: str | Path, to: str) -> list[Path]:
    """The files (``hf``: the folder) :func:`export_pairs` writes for a format.

    LLaMA-Factory's formats also update ``out_dir/dataset_info.json`` (not listed).

    Example:
        >>> [p.name for p in export_targets("out/ft", "squad")]
        ['squad.jsonl', 'squad-v1.1.json', 'squad-run_qa.json']
    """
    out_dir = Path(out_dir)
    targets = [out_dir / ("hf" if to == "hf" else f"{to}.jsonl")]
    if to == "squad":
        targets += [out_dir / "squad-v1.1.json", out_dir / "squad-run_qa.json"]
    return targets


def export_pairs(
    pairs: Sequence[TaskPair],
    out_dir: str | Path,
    to: str,
    *,
    system: str | None = None,
    dedupe: bool = False,
    max_length: int = DEFAULT_MAX_LENGTH,
    tokenizer: Any = None,
    sharegpt_roles: str = "sharegpt",
    min_quality: float | None = None,
) -> ExportResult:
    """Export pairs to ``out_dir`` in a trainer's format, with a data check.

    Writes ``out_dir/<to>.jsonl`` (``hf``: the folder ``out_dir/hf``); ``squad`` also
    writes ``squad-v1.1.json`` and ``squad-run_qa.json``; ``alpaca``, ``sharegpt`` and
    ``openai-chat`` also write (or update) LLaMA-Factory's ``dataset_info.json``.

    Args:
        pairs: The pairs.
        out_dir: Folder to write into.
        to: One of :data:`FORMATS`.
        system: System message added to chat-style records.
        dedupe: Drop repeated pairs first.
        max_length: Trainer's max sequence length; longer examples are counted.
        tokenizer: A transformers tokenizer to count tokens (``None``: chars/4 estimate;
            :func:`load_tokenizer` gives the default model's).
        sharegpt_roles: ``"sharegpt"`` (human/gpt) or ``"openai"`` (user/assistant).
        min_quality: Drop pairs whose ``metadata["quality"]`` (written by ``taskgen
            check`` / :func:`~langchain_taskgen.verify_pairs`) is below it; pairs without
            a score are kept and counted in ``summary.unscored``.

    Example:
        >>> import tempfile
        >>> pairs = [TaskPair("Is it?", "Yes", "ynqa")] * 2
        >>> result = export_pairs(pairs, tempfile.mkdtemp(), "trl", dedupe=True)
        >>> result.records, result.summary.removed_duplicates
        (1, 1)
    """
    if to not in FORMATS:
        raise ValueError(f"unknown export format {to!r}; choose from {sorted(FORMATS)}")
    if sharegpt_roles not in SHAREGPT_ROLES:
        raise ValueError(
            f"unknown sharegpt roles {sharegpt_roles!r}; choose from {sorted(SHAREGPT_ROLES)}"
        )
    if min_quality is not None and not (math.isfinite(min_quality) and 0.0 <= min_quality <= 1.0):
        raise ValueError(f"min_quality must be in [0, 1], got {min_quality}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if to in LLAMA_FACTORY_FORMATS:
        read_dataset_info(out_dir)  # a damaged registry stops the export before any write
    # The selector's reading of a score, so export and select keep the same pairs
    # (a bool, NaN or string score counts as none).
    qualities = [quality_of(p.metadata) for p in pairs]
    scored = [p for p, q in zip(pairs, qualities, strict=True) if q is not None]
    kept = [
        p
        for p, q in zip(pairs, qualities, strict=True)
        if min_quality is None or q is None or q >= min_quality
    ]
    chosen = dedupe_pairs(kept) if dedupe else kept
    summary = check_pairs(chosen, system=system, tokenizer=tokenizer, max_length=max_length)
    summary.removed_duplicates = len(kept) - len(chosen)
    if min_quality is not None:
        summary.removed_low_quality = len(pairs) - len(kept)
        summary.unscored = len(pairs) - len(scored)
    files: list[Path] = []
    targets = export_targets(out_dir, to)
    replaced = [t for t in targets if t.exists() or t.is_symlink()]
    # Every file is written beside its target and renamed into place: a full disk or a
    # crash leaves the previous export, never a torn one.
    if to == "hf":
        target = targets[0]
        dataset = to_dataset(chosen, system=system)
        with atomic_dir(target) as work:
            dataset.save_to_disk(str(work))
        files.append(target)
        records = len(chosen)
    else:
        target = targets[0]
        records = write_jsonl(chosen, target, to, system=system, sharegpt_roles=sharegpt_roles)
        files.append(target)
        if to == "squad":
            flat = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
            nested, run_qa = targets[1:]
            atomic_write_text(nested, json.dumps(to_squad_v1(flat), ensure_ascii=False))
            # transformers' run_qa.py reads JSON with field="data" holding flat records.
            atomic_write_text(
                run_qa, json.dumps({"version": SQUAD_VERSION, "data": flat}, ensure_ascii=False)
            )
            files += [nested, run_qa]
        if to in LLAMA_FACTORY_FORMATS:
            files.append(
                update_dataset_info(out_dir, to, target.name, sharegpt_roles, bool(system))
            )
    summary.skipped = len(chosen) - records
    return ExportResult(files=files, records=records, summary=summary, replaced=replaced)
