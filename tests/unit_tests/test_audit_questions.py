"""The audit's distinct-question count: exact grouping, fast, and numbers and "not" count."""

from __future__ import annotations

import random
import time

from langchain_taskgen import TaskPair
from langchain_taskgen.checks.audit import DISTINCT_JACCARD, _question_words, audit_pairs
from langchain_taskgen.checks.tricks import question_of


def naive_groups(questions: list[frozenset[str]]) -> int:
    groups: list[frozenset[str]] = []
    for words in questions:
        if not any(len(words & g) / len(words | g) >= DISTINCT_JACCARD for g in groups):
            groups.append(words)
    return len(groups)


def test_grouping_equals_comparing_with_every_group() -> None:
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(40)]
    texts = []
    for _ in range(600):
        base = rng.sample(vocabulary[:12], rng.randint(2, 6)) + rng.sample(vocabulary, 2)
        texts.append("Which " + " ".join(base) + "?")
    pairs = [TaskPair(t, "x", "qa", context="c") for t in texts]
    expected = naive_groups([q for q in (_question_words(question_of(p)) for p in pairs) if q])
    assert audit_pairs(pairs).distinct_questions == expected
    assert 1 < expected < 600  # the data both merges and keeps apart


def test_numbers_and_negation_tell_questions_apart() -> None:
    texts = [f"Does item {i} {'not ' if i % 2 else ''}require a notice?" for i in range(40)]
    texts += ["Who may sell copies?", "Who may not sell copies?"]
    report = audit_pairs(TaskPair(t, "yes", "ynqa", context="c") for t in texts)
    assert report.distinct_questions == report.question_pairs == 42


def test_ten_thousand_questions_take_seconds_not_minutes() -> None:
    rng = random.Random(1)
    words = [f"term{i}" for i in range(3000)]
    pairs = [
        TaskPair("What " + " ".join(rng.sample(words, 6)) + "?", "x", "qa", context="c")
        for _ in range(10_000)
    ]
    started = time.perf_counter()
    report = audit_pairs(pairs)
    # Comparing with every group took about a minute here; prefix filtering about a second.
    assert time.perf_counter() - started < 20
    assert report.distinct_questions == 10_000


def test_a_large_label_type_is_probed_on_a_seeded_sample() -> None:
    from langchain_taskgen.checks import audit

    pairs = [
        TaskPair(f"Is part {i} {'not ' if i % 2 else ''}kept?", "no" if i % 2 else "yes", "ynqa",
                 context="c")
        for i in range(audit.MAX_PROBED + 500)
    ]  # fmt: skip
    row = audit_pairs(pairs).types["ynqa"]
    assert row.pairs == audit.MAX_PROBED + 500 and row.probed == audit.MAX_PROBED
    assert row.best_probe == "negation" and row.gap > 0.4
