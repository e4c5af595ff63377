"""Short questions about named things, and the cloze filter, on real manual sentences."""

from __future__ import annotations

import random

import pytest

from langchain_taskgen.construct import Corpus
from langchain_taskgen.construct.questions import span_questions
from langchain_taskgen.construct.term_questions import copied_run, stands_alone, term_questions


@pytest.mark.parametrize(
    ("sentence", "question", "answer"),
    [
        (
            "QEMU is a software emulator for a full computer, which can emulate an arm "
            "computer on an amd64 system.",
            "What is QEMU?",
            "a software emulator for a full computer",
        ),
        (
            "VirtualBox is a virtual machine that is mostly free software.",
            "What is VirtualBox?",
            "a virtual machine",
        ),
        (
            "The pptp-linux package contains an easily-configured PPTP client for Linux.",
            "What does the pptp-linux package contain?",
            "an easily-configured PPTP client for Linux",
        ),
        (
            "VPNs are used to integrate a remote machine within a company's local network.",
            "What are VPNs used for?",
            "integrate a remote machine within a company's local network",
        ),
    ],
)
def test_named_things_are_asked_about_in_few_words(
    sentence: str, question: str, answer: str
) -> None:
    (found,) = term_questions(sentence, sentence)
    assert (found[2], found[1].text) == (question, answer)
    assert sentence[found[1].start :].startswith(answer)


@pytest.mark.parametrize(
    "sentence",
    [
        "Reading/receiving mail is the most common clear-text protocol in use.",  # activity
        "PAM offers you the possibility to go through several authentication steps.",
        "APT includes them in alphabetical order when it lists the packages.",  # leans
        "Simple-CDD requires many parameters to build a custom image.",  # quantifier
        "Red Hat is a very popular, commercial distribution of Linux.",  # cut adjective
        "The tool supports the ext4 filesystem and several others.",  # nothing named
        # Cut at a participle, a judgement, an answer true only under its condition:
        "Secure Boot is a technology ensuring that you run only validated software.",
        "Long Term Support is a difficult commitment for the whole project.",
        "Intrusion detection is a waste of time if you are not going to alert anyone.",
    ],
)
def test_no_question_where_the_answer_or_the_subject_does_not_stand_alone(sentence: str) -> None:
    assert term_questions(sentence, sentence) == []


def test_answers_that_lean_elsewhere_do_not_stand_alone() -> None:
    assert stands_alone("the MD5 sums of installed files")
    for answer in ("many advantages", "them in order", "a very popular", "a way to", "following"):
        assert not stands_alone(answer), answer


def test_copied_run_tells_a_cloze_from_a_focused_question() -> None:
    sentence = "The web cluster has 4 nodes behind a load balancer."
    assert copied_run("What has 4 nodes behind a load balancer?", sentence, "The web cluster") == (
        7,
        1.0,
    )
    long = (
        "You may create and distribute a Larger Work under terms of Your choice, provided "
        "that You also comply with the requirements of this License for the Covered Software."
    )
    run, share = copied_run(
        "Under what terms may you create and distribute a Larger Work?",
        long,
        "terms of Your choice",
    )
    assert run >= 5 and share < 0.5  # a run, but a focused question: kept


def test_span_questions_never_keep_a_cloze() -> None:
    text = (
        "The web cluster has 4 nodes behind a load balancer. QEMU is a software emulator "
        "for a full computer, which can emulate an arm computer on a desktop system. The "
        "administrators keep the backups on a tape library in the basement."
    )
    corpus = Corpus.build([text])
    found = span_questions(0, corpus, random.Random(0), 10)
    assert ("What is QEMU?", "a software emulator for a full computer") in [
        (q, s.text) for _, s, q in found
    ]
    for sentence, span, question in found:
        run, share = copied_run(question, sentence, span.text)
        assert run <= 4 or share < 0.5, question
    assert "What has 4 nodes behind a load balancer?" not in [q for _, _, q in found]


def test_lower_case_program_names_and_defining_clauses() -> None:
    # Manuals open sentences with a program's name in lower case; a restrictive clause
    # is the definition ("a daemon" alone says too little), a clause with "is" is not.
    sentence = "cron is a daemon that runs commands at fixed times."
    assert [(q, a.text) for _, a, q in term_questions(sentence, sentence)] == [
        ("What is cron?", "a daemon that runs commands at fixed times")
    ]
    assert term_questions("files are stored in the file cache.", "files are stored.") == []
