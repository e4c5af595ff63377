"""The journal line of a resumable run (:mod:`langchain_taskgen.generation.runs`): its shape."""

from __future__ import annotations

from typing import Any

from langchain_taskgen.generation.report import GenerationReport
from langchain_taskgen.pairs import TaskPair

JOURNAL_VERSION = 1
"""Lines without ``reports`` (one report per chunk) are read as this version wrote them first."""


def check_entry(entry: Any) -> None:
    """Raise ValueError unless a journal line has the shape this version writes."""
    if not isinstance(entry, dict):
        raise ValueError("not a JSON object")
    if entry.get("v") != JOURNAL_VERSION:
        raise ValueError(f"unknown journal version {entry.get('v')!r}")
    keys, pairs, report = entry.get("keys"), entry.get("pairs"), entry.get("report")
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise ValueError("'keys' is not a list of strings")
    if not isinstance(pairs, list) or len(pairs) != len(keys):
        raise ValueError("'pairs' is not a list as long as 'keys'")
    if not isinstance(report, dict):
        raise ValueError("'report' is not an object")
    reports = entry.get("reports")
    if reports is not None:
        if not isinstance(reports, list) or len(reports) != len(keys):
            raise ValueError("'reports' is not a list as long as 'keys'")
        for chunk_report in reports:
            if not isinstance(chunk_report, dict):
                raise ValueError("'reports' holds a non-object")
            GenerationReport.from_dict(chunk_report)
    for chunk_pairs in pairs:
        if not isinstance(chunk_pairs, list):
            raise ValueError("'pairs' holds a non-list")
        for record in chunk_pairs:
            if not isinstance(record, dict):
                raise ValueError("a pair is not an object")
            TaskPair.from_dict(record)
    GenerationReport.from_dict(report)
