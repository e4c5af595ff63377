"""Scoring of held-out answers and the no-model baseline (training.scoring)."""

from __future__ import annotations

import pytest

from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.training.intervals import paired_difference
from langchain_taskgen.training.scoring import (
    answer_spread,
    baseline_answers,
    choice_options,
    contains_gold,
    exact_match,
    label_match,
    last_sentence,
    metric_for,
    metrics_for,
    normalize_answer,
    option_in_passage,
    resolve_choice,
    score,
    score_all,
    token_f1,
)
from tests.data.clause_pairs import PAIRS


def test_metrics() -> None:
    # SQuAD normalisation drops the article: "the NOTICE file" is "NOTICE file".
    assert token_f1("the NOTICE file", "NOTICE file") == 1.0
    assert token_f1("a NOTICE file here", "NOTICE file") == pytest.approx(0.8)
    assert token_f1("", "") == 1.0 and token_f1("x", "") == 0.0 and token_f1("a b", "c") == 0.0
    assert label_match("Yes, it may.", "yes") == 1.0
    assert label_match("No", "yes") == 0.0
    assert metric_for("ynqa") == "accuracy" and metric_for("summarization") == "contains"
    assert metrics_for("qa") == ("contains", "f1", "exact")


def test_squad_normalisation_and_numbers_written_as_words() -> None:
    assert normalize_answer("  The  Answer, is: AN apt-get!  ") == "answer is aptget"
    assert normalize_answer("Twenty-one days") == normalize_answer("21 days") == "21 days"
    assert normalize_answer("twenty one") == "21"
    assert normalize_answer("the first line") == normalize_answer("1st line")
    # "4" for gold "Four" is right by every measure (it scored 0.00 before).
    for given, gold in (("4", "Four"), ("Four.", "4"), ("six", "6"), ("Six", "six")):
        assert score_all("qa", given, gold) == {"contains": 1.0, "f1": 1.0, "exact": 1.0}, given
        assert score("qa", given, gold) == 1.0
    assert score("ynqa", "Four", "4") == 1.0
    assert score_all("qa", "5", "Four") == {"contains": 0.0, "f1": 0.0, "exact": 0.0}


def test_contains_gold_tells_a_long_right_answer_from_a_short_wrong_one() -> None:
    gold = "debian-devel@lists.debian.org"
    sentence = "You should write to debian-devel@lists.debian.org about it."
    near_miss = "Debian-devel-announce@lists.debian.org"
    assert contains_gold(sentence, gold) == 1.0 and exact_match(sentence, gold) == 0.0
    assert token_f1(sentence, gold) < 0.5  # F1 punishes the full sentence ...
    assert contains_gold(near_miss, gold) == 0.0  # ... contains does not reward the near miss
    assert exact_match(near_miss, gold) == 0.0 and token_f1(near_miss, gold) == 0.0
    # Whole words only, and an empty answer or gold contains nothing.
    assert contains_gold("apt-cache policy", "apt") == 0.0
    assert contains_gold("", "apt") == 0.0 and contains_gold("apt", "") == 0.0
    assert contains_gold("Use /etc/apt/sources.list.", "/etc/apt/sources.list") == 1.0


def test_answer_spread_finds_a_constant_answer() -> None:
    assert answer_spread(["No.", "no", "NO", "Yes"]) == ("no", 0.75)
    assert answer_spread([]) == ("", 0.0)
    assert answer_spread(["b", "a", "a", "b"]) == ("b", 0.5)  # ties: first seen


def test_bootstrap_interval_is_paired_and_fixed_by_its_seed() -> None:
    a = [1, 0, 1, 1, 0, 1, 1, 1, 0, 1] * 3
    b = [0, 0, 1, 0, 0, 1, 0, 1, 0, 0] * 3
    first, again = paired_difference(a, b, seed=7), paired_difference(a, b, seed=7)
    assert first == again  # same seed, same interval
    assert first.mean == pytest.approx(0.4) and first.low < 0.4 < first.high
    assert first.verdict == 1 and first.n == 30
    # The seed is used: continuous scores (F1) give other ends under another seed.
    f1 = [((i * 7) % 13) / 13 for i in range(30)]
    zeros = [0.0] * 30
    assert paired_difference(f1, zeros, seed=1) == paired_difference(f1, zeros, seed=1)
    assert paired_difference(f1, zeros, seed=1) != paired_difference(f1, zeros, seed=2)
    # Equal columns: a zero-width interval at 0, no difference shown.
    same = paired_difference(a, a)
    assert (same.mean, same.low, same.high, same.verdict) == (0.0, 0.0, 0.0, 0)
    # Pairing matters: the same scores shifted by one item are not "the same".
    noisy = paired_difference([1, 0] * 10, [0, 1] * 10)
    assert noisy.mean == 0.0 and noisy.low < -0.2 and noisy.high > 0.2 and noisy.verdict == 0
    with pytest.raises(ValueError, match="equal lengths"):
        paired_difference([1], [1, 0])
    with pytest.raises(ValueError, match="no items"):
        paired_difference([], [])
    assert first.text().startswith("+0.400 [")


def test_baseline_majority_label_and_last_sentence() -> None:
    train = [p for p in PAIRS if p.task_type == "ynqa"]
    yes_heavy = [*train, TaskPair("x?", "yes", "ynqa")]
    test = [
        TaskPair("Is it?", "No", "ynqa"),
        TaskPair("Who?", "The licensor.", "qa", "Terms apply. The licensor signs."),
    ]
    assert baseline_answers(yes_heavy, test) == ["Yes", "The licensor signs."]
    assert last_sentence("One. Two!\nThree?") == "Three?"


MCQA_INPUT = (
    "Passage: Use apt to install packages; dpkg works underneath.\n\n"
    "Packages are installed with what?\nOptions:\nA. yum\nB. apt\nC. rpm"
)


def test_formatting_is_not_scored_as_a_wrong_answer() -> None:
    assert score("ynqa", "Yes.", "yes") == 1.0 and score("ynqa", " no", "No") == 1.0
    assert score("nli", "Entailment.", "entailment") == 1.0
    assert score("ynqa", "No.", "Yes") == 0.0
    # A lettered choice may be answered by its letter, its text, or both.
    for answer in ("B", "B.", "B) apt", "(B)", "B. apt", "apt", "Apt."):
        assert score("mcqa", answer, "apt", MCQA_INPUT) == 1.0, answer
    for answer in ("A", "C. rpm", "yum", "A apt", "Bapt"):
        assert score("mcqa", answer, "apt", MCQA_INPUT) == 0.0, answer
    # Unlettered options: a letter means nothing, a list dash is formatting.
    dashed = "What is the topic?\nOptions:\n- quotas\n- apt"
    assert score("topic_class", "- apt", "apt", dashed) == 1.0
    assert score("topic_class", "B", "apt", dashed) == 0.0
    assert choice_options("No options here.") == []
    assert resolve_choice("B", []) == "B"


def test_choice_baseline_copies_the_option_found_in_the_passage() -> None:
    pair = TaskPair(
        MCQA_INPUT, "apt", "mcqa", "Use apt to install packages; dpkg works underneath."
    )
    assert option_in_passage(pair) == "apt"
    # No stored passage: the input minus its option lines stands in for it.
    assert option_in_passage(TaskPair(MCQA_INPUT, "apt", "mcqa")) == "apt"
    assert option_in_passage(TaskPair("Which?\n- yum\n- rpm", "yum", "mcqa", "apt")) is None
    train = [TaskPair("q?\n- x\n- y", "x", "mcqa"), TaskPair("q?\n- x\n- z", "x", "mcqa")]
    # Nothing found in the passage: the majority answer of train.
    no_hit = TaskPair("Which?\n- yum\n- x", "yum", "mcqa", "apt only")
    assert baseline_answers(train, [pair, no_hit]) == ["apt", "x"]
