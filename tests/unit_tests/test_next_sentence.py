"""sent_comp: a paragraph's first sentences and options, one of them its true next sentence.

Built from multi-paragraph, manual-shaped passages (tests/data/handbook_sections.py), as a
chunk of an HTML manual is. Before: half of one sentence and its real ending, with no
passage ("Complete the sentence: ..."), which nobody could answer by reading.
"""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from langchain_taskgen.checks.answers import validate_pair
from langchain_taskgen.checks.audit import audit_pairs
from langchain_taskgen.checks.tricks import chosen_option, option_list
from langchain_taskgen.construct import Corpus
from langchain_taskgen.construct.next_sentence import (
    LENGTH_RATIO,
    is_option,
    next_sentence_items,
)
from langchain_taskgen.construct.passage import clean
from langchain_taskgen.formats import StructuredFormat
from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.tasks import AnswerKind, Structure, get_task_type
from tests.data.handbook_sections import SECTIONS


@pytest.fixture(scope="module")
def pairs() -> list[TaskPair]:
    fmt = StructuredFormat()
    corpus = fmt.read(SECTIONS)
    built: dict[str, TaskPair] = {}
    for seed in range(20):
        for index, passage in enumerate(corpus.passages):
            for draft in fmt.plan(corpus, index, "sent_comp", 2, seed):
                inp, out = fmt.finish(draft, None)
                fields = dict(draft.fields)
                built.setdefault(inp, TaskPair(inp, out, "sent_comp", passage, {"f": fields}))
    return list(built.values())


def test_sent_comp_is_a_choice_task() -> None:
    task = get_task_type("sent_comp")
    assert task.answer is AnswerKind.CHOICE and task.structure is Structure.OPTIONS
    assert not task.round_trip  # the answer is picked from the options, not written


def test_each_item_shows_context_and_options_with_exactly_one_right(
    pairs: list[TaskPair],
) -> None:
    assert len(pairs) >= 20, len(pairs)
    for pair in pairs:
        fields = pair.metadata["f"]
        context = fields["context"]
        assert len(re.findall(r"[.!]( |$)", context)) >= 2, context  # two sentences or more
        assert context in pair.input
        listed = option_list(pair)
        assert 3 <= len(listed) <= 4, pair.input
        assert listed.count(pair.output) == 1 and chosen_option(pair, listed) is not None
        # The answer is the sentence that follows the context in the passage.
        assert f"{context} {pair.output}" in clean(pair.context)
        for option in listed:
            # Whole sentences of the passage, never cut inside quotes or parentheses.
            assert option in clean(pair.context), option
            assert option.endswith(".") and option.count("(") == option.count(")")
            assert option.count('"') % 2 == 0 and is_option(option), option
        validate_pair(pair.input, pair.output, "sent_comp", pair.context)


def test_options_are_matched_in_length_and_no_trick_finds_the_answer(
    pairs: list[TaskPair],
) -> None:
    for pair in pairs:
        answer = len(pair.output.split())
        for option in option_list(pair):
            assert 1 / LENGTH_RATIO <= len(option.split()) / answer <= LENGTH_RATIO
    row = audit_pairs(pairs).types["sent_comp"]
    assert row.kind == "choice" and row.pairs == len(pairs)
    # Every option is in the passage, so finding it there is chance.
    assert row.probes["option in passage"] == pytest.approx(row.baseline, abs=0.01)
    assert row.probes["longest option"] <= row.baseline + 0.15, row.probes
    positions = Counter(row.labels)
    assert len(positions) >= 3, positions


def test_options_lean_on_no_unseen_text() -> None:
    assert is_option("The cache lives in /var/cache/apt/archives on most systems.")
    for leaning in (
        "However, the cache lives in /var/cache/apt/archives on most systems.",
        "This cache lives in /var/cache/apt/archives on most systems of the office.",
        "Fortunately, the cache lives in /var/cache/apt/archives on most systems.",
        "It lives in /var/cache/apt/archives on most systems of the office.",
        "The following cache lives in /var/cache/apt/archives on most systems.",
    ):
        assert not is_option(leaning), leaning


def test_a_passage_of_one_paragraph_gives_no_item() -> None:
    # No sentence of another paragraph to offer: no options that could not also follow.
    corpus = Corpus.build(
        [
            "The cron daemon runs commands at fixed times for users. Each user may edit a "
            "personal table with crontab. The system tables are kept under /etc/cron.d on "
            "the disk. A line holds five time fields followed by the command to run."
        ]
    )
    assert next_sentence_items(0, corpus, random.Random(0), 2) == []


def test_answer_positions_stay_at_chance_over_a_run() -> None:
    # A reading's run put the answer at option 1 in 11 of 26 items (chance 0.32; the audit's
    # "same position" at +0.11): positions were set before the run dropped items. Each
    # item now offers its answer at every position and the run keeps the least-used one.
    import json

    from langchain_taskgen.construct.run_limits import FIELD, RunLimits

    fmt = StructuredFormat()
    corpus = fmt.read(SECTIONS)
    limits, at = RunLimits(), Counter[tuple[int, int]]()
    for seed in range(6):
        for index in range(len(corpus.passages)):
            for draft in fmt.plan(corpus, index, "sent_comp", 2, seed):
                carried = json.loads(draft.fields[FIELD])
                places = carried["ticket"]["places"]
                # Every position is offered, each variant with its answer where it says.
                assert sorted(p for p, _ in places) == list(range(places[0][1]))
                for (inp, out, _, _), (place, _) in zip(carried["variants"], places, strict=True):
                    listed = [
                        line[2:]
                        for line in inp.splitlines()
                        if line[:2] in ("- ", *[f"{c}." for c in "ABCD"])
                    ]
                    assert listed[place].strip() == out
                choice = limits.choose(carried["ticket"])
                if choice is not None:
                    at[tuple(places[choice])] += 1
    for size in (3, 4):
        counts = [at[(p, size)] for p in range(size)]
        assert sum(counts) >= size and max(counts) - min(counts) <= 1, (size, counts)


def test_a_variant_left_out_takes_its_place_with_it() -> None:
    # restrict() cut the ticket's options (the reader measures, one entry) by variant and
    # a run died with IndexError once a check rejected one position's variant.
    import json

    from langchain_taskgen.construct.run_limits import FIELD, candidate_fields, restrict

    ticket = {"task": "sent_comp", "options": [[[5, 5, 5]]], "places": [[1, 3], [0, 3], [2, 3]]}
    variants = [(f"Q{i}", "S.", {"answer": "S."}, "") for i in range(3)]
    pair = TaskPair(
        "Q0", "S.", "sent_comp", metadata={"task_fields": candidate_fields(variants, ticket)}
    )
    kept = restrict(pair, [2])
    carried = json.loads(kept.metadata["task_fields"][FIELD])
    assert kept.input == "Q2" and carried["ticket"]["places"] == [[2, 3]]
    assert carried["ticket"]["options"] == [[[5, 5, 5]]]
