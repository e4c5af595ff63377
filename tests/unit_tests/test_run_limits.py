"""The run's wsd and topic_class limits: one rule over candidates, walked in corpus order.

The rule (:class:`RunLimits`) is pure: the same tickets in the same order give the same
choices, which is what lets a local run and a Ray run agree (the Ray side is tested on a
real local cluster in tests/integration_tests/test_cluster.py).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from langchain_taskgen import TaskGenerator
from langchain_taskgen.cluster.limits import decide
from langchain_taskgen.construct.run_limits import (
    FIELD,
    MAX_PARTNER_USES,
    OVERLAP_SLACK,
    REASON,
    RunLimits,
    apply_limits,
    candidate_fields,
    finish,
    ticket_of,
)
from langchain_taskgen.generation.chunking import Chunk
from langchain_taskgen.generation.report import GenerationReport
from langchain_taskgen.generation.runs import ResumableRun
from langchain_taskgen.pairs import TaskPair
from tests.data.wsd_passages import PASSAGES


def wsd(word: str, *options: tuple[str, str]) -> dict:
    return {"task": "wsd", "options": [[word, *o] for o in options]}


def test_a_partner_serves_at_most_twice_and_once_per_label() -> None:
    limits = RunLimits()
    # "p" under yes, then under no (balance allows it), then a third time: used up.
    assert limits.choose(wsd("a", ("yes", "p"))) == 0
    assert limits.choose(wsd("b", ("no", "p"))) == 0
    assert limits.choose(wsd("c", ("yes", "p"), ("no", "q"))) == 1  # p spent: q
    assert limits.uses["partner p"] == MAX_PARTNER_USES
    # Once per label: "q" was a "no" partner, it cannot be one again.
    assert limits.choose(wsd("d", ("no", "q"))) is None
    assert limits.choose(wsd("d", ("yes", "q"))) == 0


def test_each_words_labels_stay_within_one() -> None:
    limits = RunLimits()
    assert limits.choose(wsd("w", ("yes", "a"), ("no", "b"))) == 0  # tie: own order
    # Now yes leads: only a "no" variant may be taken, even where "yes" comes first.
    assert limits.choose(wsd("w", ("yes", "c"), ("no", "d"))) == 1
    assert limits.choose(wsd("w", ("no", "e"))) == 0  # tie again: either
    assert limits.choose(wsd("w", ("no", "f"))) is None  # no would lead by two
    made = Counter({k: v for k, v in limits.uses.items() if k.startswith("word w")})
    assert made == {"word w yes": 1, "word w no": 2}
    # Another word has its own balance.
    assert limits.choose(wsd("v", ("no", "g"))) == 0


def test_on_a_tie_the_candidates_own_label_is_kept() -> None:
    """Not whichever label still has a fresh partner: the partners would pick the label."""
    limits = RunLimits()
    own_yes = {**wsd("w", ("yes", "a"), ("no", "b")), "own": "yes"}
    assert limits.choose(own_yes) == 0
    limits.choose(wsd("w", ("no", "c")))  # back to a tie
    spent = {**wsd("w", ("yes", "a"), ("no", "b"), ("no", "d")), "own": "yes"}
    # "a" served under yes already: no fresh "yes" partner, so dropped, not turned "no".
    assert limits.choose(spent) is None
    # Forced by the balance, the other label is taken whatever the candidate's own.
    limits.choose({**wsd("w", ("yes", "e")), "own": "yes"})
    assert limits.choose(spent) == 1


def test_topic_items_wait_while_the_readers_are_ahead_of_chance() -> None:
    limits = RunLimits()
    wins = {"task": "topic_class", "options": [[[3, 1, 1], [5, 5, 5]]]}
    loses = {"task": "topic_class", "options": [[[2, 3, 1], [5, 5, 5]]]}
    assert limits.choose(wins) is None  # the most-words reader would be 0.67 ahead
    assert limits.choose(loses) == 0
    assert limits.choose(wins) == 0  # one lost, one won: within the slack
    assert max(limits.surplus["topic_class"]) <= OVERLAP_SLACK
    # A candidate's second section is taken when its first would run ahead.
    assert (
        limits.choose({"task": "topic_class", "options": [*wins["options"], *loses["options"]]})
        == 1
    )


def test_the_rule_depends_on_the_order_and_decide_walks_corpus_order() -> None:
    first, second = wsd("w", ("yes", "p")), wsd("w", ("yes", "p"), ("no", "q"))
    a, b = RunLimits(), RunLimits()
    assert [a.choose(first), a.choose(second)] == [0, 1]
    assert [b.choose(second), b.choose(first)] == [0, None]

    def row(ticket: dict) -> str:
        labels = [o[1] for o in ticket["options"]]
        return json.dumps({**ticket, "label": labels[0], "labels": labels, "built_by": "code"})

    report = GenerationReport(accepted=3)
    report.accepted_by_task["wsd"] = 3
    report.labels_by_task["wsd"] = Counter({"yes": 3})
    # Given out of order, one a cross-batch repeat: decided by (pos, seq), repeat skipped.
    given = [(4, 1, row(second)), (4, 0, row(first)), (9, 0, row(first))]
    assert decide(given, {(9, 0)}, report) == {(4, 0): 0, (4, 1): 1}
    assert report.labels_by_task["wsd"] == {"yes": 2, "no": 1}  # (4, 1) became a no


def test_a_dropped_candidate_is_one_run_limit_rejection() -> None:
    variants = [("A?", "yes", {"word": "w", "label": "yes"}, "")]
    fields = candidate_fields(variants, wsd("w", ("yes", "p")))
    pair = TaskPair("A?", "yes", "wsd", metadata={"built_by": "code", "task_fields": fields})
    report = GenerationReport(accepted=2)
    report.accepted_by_task["wsd"] = 2
    report.accepted_by_path["code"] = 2
    report.labels_by_task["wsd"] = Counter({"yes": 2})
    kept = apply_limits([pair, pair], RunLimits(), report)
    assert [p.metadata["task_fields"] for p in kept] == [{"word": "w", "label": "yes"}]
    assert report.accepted == 1 and report.rejected_by_task["wsd"] == {REASON: 1}
    assert report.accepted_by_path["code"] == 1 and report.labels_by_task["wsd"]["yes"] == 1
    assert ticket_of(kept[0]) is None and finish(kept[0], 0) == kept[0]


def _chunks() -> list[Chunk]:
    return [Chunk(f"{p}\n\nPart {i}.", {"i": i}) for i in range(3) for p in PASSAGES]


def test_generator_calls_hold_the_limits_and_leave_no_candidate() -> None:
    generator = TaskGenerator(task_type=["wsd", "topic_class"], n=4)
    chunks = _chunks()
    per_chunk, report = generator.generate_chunks(chunks)
    pairs = [p for chunk in per_chunk for p in chunk]
    assert pairs and all(FIELD not in p.metadata["task_fields"] for p in pairs)
    for task in ("wsd", "topic_class"):
        done = report.accepted_by_task[task] + sum(report.rejected_by_task[task].values())
        assert done == 4 * len(chunks), task  # n completions a chunk, each counted once
    assert report.rejected_by_task["wsd"][REASON] > 0  # the repeated passages hit the cap


def test_a_resumed_run_writes_what_a_whole_run_writes(tmp_path: Path) -> None:
    """The limits hold over the whole run, the journaled chunks included (a resumed run
    used to count from zero again); the first run stopped after two whole batches."""
    documents = [c.text for c in _chunks()]
    whole = tmp_path / "whole.jsonl"
    ResumableRun(TaskGenerator(task_type="wsd", n=4), whole, chunks_per_batch=4).run(documents)
    parts = tmp_path / "parts.jsonl"
    ResumableRun(TaskGenerator(task_type="wsd", n=4), parts, chunks_per_batch=4).run(documents[:8])
    done = ResumableRun(TaskGenerator(task_type="wsd", n=4), parts, chunks_per_batch=4)
    result = done.run(documents)
    assert result.resumed_chunks == 8 and parts.read_text() == whole.read_text()
    report = result.report
    assert report.accepted + report.rejected_total == report.completions
    uses = Counter()
    for line in whole.read_text().splitlines():
        fields = json.loads(line)["metadata"]["task_fields"]
        assert FIELD not in fields
        uses.update([fields["sentence1"], fields["sentence2"]])
    assert max(n for s, n in uses.items() if s not in "".join(documents)) <= MAX_PARTNER_USES


def test_every_variant_a_run_may_write_passed_the_checks() -> None:
    # A check that refuses "yes": a candidate whose first variant is "no" still offers
    # "yes" variants, which the word balance would pick; none may reach the output.
    refused = Counter[str]()

    def no_yes(pair: TaskPair) -> str | None:
        if pair.output.lower() == "yes":
            refused[pair.task_type] += 1
            return "no yes here"
        return None

    generator = TaskGenerator(task_type="wsd", n=4, checks=[no_yes])
    per_chunk, report = generator.generate_chunks(_chunks())
    pairs = [p for chunk in per_chunk for p in chunk]
    assert refused["wsd"] > 0  # the check saw yes variants
    assert pairs and all(p.output.lower() == "no" for p in pairs)
    assert report.labels_by_task["wsd"] == Counter(no=len(pairs))
    done = report.accepted_by_task["wsd"] + sum(report.rejected_by_task["wsd"].values())
    assert done == 4 * len(_chunks())


def test_sent_comp_items_wait_while_the_shortest_option_would_win() -> None:
    # The true sentence the shortest in two items of three (7 of 9 were in a strict
    # reading), the middle one in the third: the run keeps the shortest-answer items only
    # as often as a reader picking the shortest option would be right by chance.
    limits = RunLimits()
    kept = []
    for i in range(60):
        lengths = [60, 40, 70] if i % 3 == 0 else [40, 60, 70]  # the answer first
        ticket = {"task": "sent_comp", "options": [[lengths]]}
        if limits.choose(ticket) == 0:
            kept.append(lengths[0] == min(lengths))
    assert len(kept) >= 20 and 0 < sum(kept)
    assert sum(kept) <= len(kept) / 3 + OVERLAP_SLACK  # at chance over the run
    assert "topic_class" not in limits.surplus  # each type keeps its own sums
