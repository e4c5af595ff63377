"""The run's wsd and topic_class limits on Ray: decided from the tickets, applied by the cluster.

A batch builds wsd and topic_class *candidates* wherever it runs
(:mod:`~langchain_taskgen.construct.run_limits`); each candidate's ``pair`` row carries its
light ticket in ``extra`` (each variant's word, label and partner hash; or each
variant's reader measures: a few hundred bytes, never the pair). The driver reads the
tickets with the ids (:func:`~langchain_taskgen.cluster.repeats.id_columns`), walks them
in corpus order, the cross-batch repeats left out, with the same
:class:`~langchain_taskgen.construct.run_limits.RunLimits` a local run uses
(:func:`decide`), and the cluster finishes or drops each candidate row
(:func:`finish_rows`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from langchain_taskgen.checks.answers import normalize
from langchain_taskgen.cluster.rows import frame
from langchain_taskgen.construct.run_limits import RunLimits, finish, settle
from langchain_taskgen.generation.report import GenerationReport
from langchain_taskgen.pairs import TaskPair

Place = tuple[int, int]


def decide(
    tickets: Iterable[tuple[int, int, str]],
    repeated: set[Place],
    report: GenerationReport,
) -> dict[Place, int | None]:
    """Each candidate's variant (``None``: dropped), in corpus order; counted in ``report``.

    ``tickets``: ``(pos, seq, ticket JSON)`` of every candidate row; those at
    ``repeated`` places are cross-batch repeats, already counted as ``duplicate``.

    Example:
        >>> from langchain_taskgen.generation.report import GenerationReport
        >>> report = GenerationReport(accepted=2)
        >>> report.accepted_by_task["wsd"] = 2
        >>> t = json.dumps({"task": "wsd", "options": [["w", "yes", "p"]],
        ...                 "label": "yes", "labels": ["yes"], "built_by": "code"})
        >>> decide([(7, 0, t), (2, 0, t)], set(), report), report.accepted
        ({(2, 0): 0, (7, 0): None}, 1)
    """
    limits = RunLimits()
    decisions: dict[Place, int | None] = {}
    for pos, seq, text in sorted(tickets, key=lambda item: (item[0], item[1])):
        if (pos, seq) in repeated:
            continue
        ticket = json.loads(text)
        choice = limits.choose(ticket)
        settle(report, ticket, choice)
        decisions[pos, seq] = choice
    return decisions


def finish_rows(batch: Any, decisions: dict[Place, int | None]) -> Any:
    """Map stage: each candidate row finished as its chosen variant, or dropped."""
    if "kind" not in batch.columns or batch.empty:
        return frame([])
    out = []
    for item in batch.to_dict("records"):
        place = (int(item["pos"]), int(item["seq"]))
        if item["kind"] == "pair" and item["extra"] and place in decisions:
            choice = decisions[place]
            if choice is None:
                continue
            pair = finish(TaskPair.from_dict(json.loads(item["data"])), choice)
            item = {**item, "id": pair.id, "label": normalize(pair.output)}
            item["data"], item["extra"] = pair.to_json(), ""
        out.append(item)
    return frame(out)
