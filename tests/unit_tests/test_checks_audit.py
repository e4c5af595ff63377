import random

import pytest

from langchain_taskgen.checks.audit import audit_pairs
from langchain_taskgen.checks.tricks import chosen_option, option_list, two_parts
from langchain_taskgen.pairs import TaskPair

NOUNS = "cache mirror package kernel daemon socket journal volume quota proxy".split()
VERBS = "stores rotates signs mounts rebuilds verifies compresses reloads".split()
PLACES = "at boot|every night|on request|after an upgrade|before a backup".split("|")


def _sentence(rng: random.Random) -> str:
    return (
        f"The {rng.choice(NOUNS)} {rng.choice(VERBS)} the {rng.choice(NOUNS)} {rng.choice(PLACES)}"
    )


def test_negation_cue_is_flagged() -> None:
    rng = random.Random(1)
    pairs = []
    for i in range(60):
        negated = i % 2 == 1
        statement = _sentence(rng)
        question = statement.replace(" the ", " not the ", 1) if negated else statement
        pairs.append(
            TaskPair(f"Is it true that {question}?", "no" if negated else "yes", "ynqa", statement)
        )
    report = audit_pairs(pairs)
    row = report.types["ynqa"]
    assert row.baseline == 0.5
    assert row.probes["negation"] == 1.0
    assert report.flagged(0.10) == ["ynqa"]


def test_labels_independent_of_every_cue_pass() -> None:
    rng = random.Random(7)
    pairs = []
    for i in range(80):
        statement = _sentence(rng)
        negated = rng.random() < 0.5
        question = statement.replace(" the ", " not the ", 1) if negated else statement
        label = ("yes", "no")[(i // 2) % 2]  # balanced, unrelated to negation and length
        pairs.append(TaskPair(f"Is it true that {question}?", label, "ynqa", statement))
    row = audit_pairs(pairs).types["ynqa"]
    assert row.baseline == 0.5
    assert row.gap <= 0.10, row.probes
    assert audit_pairs(pairs).flagged(0.10) == []


def test_shorter_sentence_decides_wsd_is_flagged() -> None:
    rng = random.Random(3)
    pairs = []
    for i in range(40):
        first = _sentence(rng)
        same = i % 2 == 0
        second = _sentence(rng) + (" again and again for a long time" if same else "")[:40]
        if not same:
            second = "A short " + rng.choice(NOUNS) + "."
        text = (
            f'Sentence 1: "{first}."\nSentence 2: "{second}"\n'
            'Is "the" used in the same sense in the two sentences?'
        )
        pairs.append(TaskPair(text, "yes" if same else "no", "wsd", first))
    row = audit_pairs(pairs).types["wsd"]
    assert two_parts(pairs[0]) is not None
    assert row.probes["length"] == 1.0
    assert row.gap == pytest.approx(0.5)


def test_option_found_in_passage_is_flagged_and_balanced_options_are_not() -> None:
    rng = random.Random(5)
    giveaway, balanced = [], []
    for _ in range(30):
        topics = rng.sample(NOUNS, 4)
        answer = topics[rng.randrange(4)]
        passage = f"This page explains the {answer} in detail."
        listing = "\n".join(f"- {t}" for t in topics)
        giveaway.append(
            TaskPair(
                f"Passage: {passage}\n\nWhat is it about?\n{listing}",
                answer,
                "topic_class",
                passage,
            )
        )
        every = "This page explains the " + ", the ".join(topics) + "."
        balanced.append(
            TaskPair(
                f"Passage: {every}\n\nWhat is it mostly about?\n{listing}",
                answer,
                "topic_class",
                every,
            )
        )
    assert audit_pairs(giveaway).types["topic_class"].probes["option in passage"] == 1.0
    assert audit_pairs(giveaway).flagged(0.10) == ["topic_class"]
    row = audit_pairs(balanced).types["topic_class"]
    assert row.baseline == pytest.approx(0.25)
    assert row.probes["option in passage"] == pytest.approx(0.25)


def test_choice_answers_by_letter_and_unreadable_pairs_are_counted() -> None:
    pair = TaskPair("Which one?\nA. red\nB. green\nC. blue", "B", "mcqa")
    assert option_list(pair) == ["red", "green", "blue"]
    assert chosen_option(pair, option_list(pair)) == 1
    report = audit_pairs([pair, TaskPair("Which one? no options here", "red", "mcqa")])
    row = report.types["mcqa"]
    assert (row.pairs, row.unreadable) == (1, 1)
    # Said where a reader looks, not only kept in the JSON.
    assert "1 choice pairs unreadable, not audited" in report.summary()
    assert "1 unreadable, not audited" in report.table()


def test_one_question_reused_across_types_is_counted() -> None:
    q = "Where does apt keep downloaded packages?"
    passage = "Apt keeps downloaded packages in /var/cache/apt/archives."
    pairs = [
        TaskPair(
            f"{passage}\n\nBased on the text, {q}", "/var/cache/apt/archives", "exqa", passage
        ),
        TaskPair(f"{passage}\n\nAccording to the passage, {q}", "In the cache.", "qa", passage),
        TaskPair(f"{passage}\n\nWrite a question answered by the path.", q, "qg", passage),
        TaskPair(f"{passage}\n\nWhat does apt keep?", "downloaded packages", "exqa", passage),
    ]
    report = audit_pairs(pairs)
    assert (report.question_pairs, report.distinct_questions, report.cross_type_repeats) == (
        4,
        2,
        3,
    )
    assert "2 distinct" in report.table()


def test_the_option_sharing_words_with_the_passage_is_flagged() -> None:
    """No option occurs in the passage as it stands, but only the right one shares words."""
    rng = random.Random(7)
    titles = ["Rotating the journal", "Mounting a volume", "Signing a package", "Quota limits"]
    pairs = []
    for _ in range(30):
        answer = rng.choice(titles)
        word = answer.split()[-1]
        passage = f"Every {word} here is handled by a script that runs at night."
        listing = "\n".join(f"- {t}" for t in rng.sample(titles, 4))
        pairs.append(
            TaskPair(
                f"Passage: {passage}\n\nWhich title fits?\n{listing}",
                answer,
                "topic_class",
                passage,
            )
        )
    row = audit_pairs(pairs).types["topic_class"]
    assert row.probes["option in passage"] == pytest.approx(0.25)
    assert row.probes["word overlap"] == 1.0
    assert audit_pairs(pairs).flagged(0.10) == ["topic_class"]
