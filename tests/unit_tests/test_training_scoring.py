"""Scoring of held-out answers and the no-model baseline (training.scoring)."""

from __future__ import annotations

import pytest

from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.training.scoring import (
    baseline_answers,
    choice_options,
    label_match,
    last_sentence,
    metric_for,
    option_in_passage,
    resolve_choice,
    score,
    token_f1,
)
from tests.data.clause_pairs import PAIRS


def test_metrics() -> None:
    assert token_f1("the NOTICE file", "NOTICE file") == pytest.approx(0.8)
    assert token_f1("", "") == 1.0 and token_f1("x", "") == 0.0 and token_f1("a", "b") == 0.0
    assert label_match("Yes, it may.", "yes") == 1.0
    assert label_match("No", "yes") == 0.0
    assert metric_for("ynqa") == "accuracy" and metric_for("summarization") == "f1"


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
