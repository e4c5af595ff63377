"""Pairs repeated across batches: found from the ids alone, dropped where a local run drops them.

Each batch drops the repeats within itself; a pair two batches made is kept where a
local run keeps it (the earlier chunk in corpus order) and the other is a ``duplicate``
rejection. The driver reads one 64-bit id and the place (chunk position, place in the
chunk) of each pair, never the pair itself (24 bytes a pair), finds the later copies
with numpy (:func:`later_copies`), and the cluster drops them (:func:`drop_rows`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from langchain_taskgen.cluster.rows import frame, row
from langchain_taskgen.generation.report import GenerationReport


def later_copies(pos: Any, seq: Any, ids: Any) -> set[tuple[int, int]]:
    """The places ``(pos, seq)`` of the pairs whose id an earlier pair already has.

    Example:
        >>> import numpy as np
        >>> later_copies(np.array([5, 1, 3]), np.array([0, 0, 2]), np.array([7, 7, 9]))
        {(5, 0)}
    """
    import numpy as np

    if not len(ids):
        return set()
    order = np.lexsort((seq, pos))
    _, first = np.unique(ids[order], return_index=True)
    later = np.ones(len(order), dtype=bool)
    later[first] = False
    return {(int(p), int(s)) for p, s in zip(pos[order][later], seq[order][later], strict=True)}


def id_columns(batch: Any) -> Any:
    """Map stage: what the driver reads.

    Pairs: place, id and a candidate's ticket; reports: whole; prompts: only counted.
    """
    if "kind" not in batch.columns:  # an empty block may come without columns
        return frame([])
    batch = batch[batch["kind"].isin(("pair", "report", "prompt"))].copy()
    light = batch["kind"] != "report"
    batch.loc[light, "data"] = ""
    batch.loc[light, "label"] = ""
    # A pair's extra is its run-limit ticket (cluster/limits.py), a prompt's its batch.
    batch.loc[batch["kind"] == "prompt", "extra"] = ""
    return batch


def id_numbers(ids: Iterable[str]) -> Any:
    """Pair ids (16 hex digits: 64 bits) as unsigned integers, exactly.

    Example:
        >>> int(id_numbers(["ffffffffffffffff"])[0]) == 2**64 - 1
        True
    """
    import numpy as np

    return np.array([int(i, 16) for i in ids], dtype=np.uint64)


def pick_rows(batch: Any, places: set[tuple[int, int]], keep: bool) -> Any:
    """Map stage: the pair rows at ``places`` (``keep=True``), or all others (``False``)."""
    if "kind" not in batch.columns or batch.empty:
        return frame([])
    batch = batch[batch["kind"] == "pair"]
    chosen = [(int(p), int(s)) in places for p, s in zip(batch["pos"], batch["seq"], strict=True)]
    mask = chosen if keep else [not c for c in chosen]
    return batch[mask]


def duplicate_rows(pair_rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """``duplicate`` rows (task, label, the pair's input, its path) in local order."""
    out = []
    for item in sorted(pair_rows, key=lambda r: (int(r["pos"]), int(r["seq"]))):
        record = json.loads(item["data"])
        path = (record.get("metadata") or {}).get("built_by")
        extra = json.dumps({"built_by": path if isinstance(path, str) else None})
        out.append(
            row(
                "duplicate",
                task=item["task"],
                label=item["label"],
                data=record["input"],
                extra=extra,
            )
        )
    return out


def account(result: Any, rows: Iterable[dict[str, Any]]) -> None:
    """Merge the batch reports and the cross-batch duplicates into ``result``'s accounting.

    ``result``: a :class:`~langchain_taskgen.cluster.pipeline.RayGeneration`.

    Every batch report is merged before any duplicate is taken off, whatever order the
    rows arrive in: a duplicate's label and path must already be counted to come off.
    """
    total = result.report
    duplicates = []
    for item in rows:
        if item["kind"] != "report":
            duplicates.append(item)
            continue
        total.merge(GenerationReport.from_dict(json.loads(item["data"])))
        extra = json.loads(item["extra"])
        result.failed_chunks += int(extra["failed_chunks"])
        for error in extra["errors"]:
            if len(result.engine_errors) < 5 and error not in result.engine_errors:
                result.engine_errors.append(error)
        if extra["resumed"]:
            result.resumed_batches += 1
        else:
            result.generated_batches += 1
    for item in duplicates:
        # A pair another batch made first: counted as the local run counts it.
        task = str(item["task"])
        total.accepted -= 1
        total.accepted_by_task[task] -= 1
        path = json.loads(item["extra"] or "{}").get("built_by")
        if isinstance(path, str) and total.accepted_by_path[path] > 0:
            total.accepted_by_path[path] -= 1
        labels = total.labels_by_task.get(task)
        if labels is not None and labels[str(item["label"])] > 0:
            labels[str(item["label"])] -= 1
        total.reject("duplicate", str(item["data"]), task=task)
