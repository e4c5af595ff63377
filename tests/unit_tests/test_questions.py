"""Span questions read as a person would ask them, and one question type asks each fact."""

from __future__ import annotations

import random
import re

import pytest

from langchain_taskgen.construct import Corpus
from langchain_taskgen.construct.passage import Span, answer_spans
from langchain_taskgen.construct.questions import span_questions, wh_question
from langchain_taskgen.formats.structured import StructuredFormat
from tests.data.admin_passages import PASSAGES

# Sentences of the Debian Administrator's Handbook (sect.*.html), as the loader reads them.
HANDBOOK = [
    "The downloaded packages are stored in /var/cache/apt/archives.",
    "The tcpd program is frequently used in the /etc/inetd.conf file.",
    "A symbolic link is a pointer to another file.",
    "The /etc/fstab file gives a list of all possible mounts that happen either "
    "automatically on boot or manually for removable storage devices.",
    "The Falcot administrators also install libapache2-mod-php so as to include the PHP 7.4 "
    "support in Apache.",
    "The web server listens on port 80 by default.",
    "Lost laptops must be reported to the security team within 24 hours.",
]
EXPECTED = {
    (
        "The downloaded packages are stored in /var/cache/apt/archives.",
        "/var/cache/apt/archives",
    ): "Where are the downloaded packages stored?",
    (
        "The tcpd program is frequently used in the /etc/inetd.conf file.",
        "/etc/inetd.conf",
    ): "Which file is the tcpd program frequently used in?",
    (
        "A symbolic link is a pointer to another file.",
        "a pointer to another file",
    ): "What is a symbolic link?",
    (
        "The web server listens on port 80 by default.",
        "80",
    ): "On which port does the web server listen by default?",
    (
        "Lost laptops must be reported to the security team within 24 hours.",
        "24 hours",
    ): "Within how many hours must lost laptops be reported to the security team?",
    (
        "The Falcot administrators also install libapache2-mod-php so as to include the PHP "
        "7.4 support in Apache.",
        "libapache2-mod-php",
    ): "What do the Falcot administrators also install so as to include the PHP 7.4 support "
    "in Apache?",
}
WH = re.compile(r"\b(what|which|where|who|how many|what percentage)\b", re.IGNORECASE)


def span_of(sentence: str, text: str) -> Span:
    return next(s for s in answer_spans(sentence) if s.text == text)


@pytest.mark.parametrize(("key", "question"), list(EXPECTED.items()))
def test_the_wh_phrase_is_fronted(key: tuple[str, str], question: str) -> None:
    sentence, answer = key
    # The passage tells "Lost laptops" (lower-cased) from a name such as "Debian".
    passage = " ".join([*HANDBOOK, *PASSAGES])
    assert wh_question(sentence, span_of(sentence, answer), passage=passage) == question


def natural(question: str, answer: str) -> bool:
    first = WH.search(question)
    return (
        first is not None
        and len(question[: first.start()].split()) < 3
        and question.endswith("?")
        and answer.lower() not in question.lower()
        and not question.lower().startswith(("in the passage", "according to", "based on"))
    )


def test_every_question_built_from_real_text_reads_naturally() -> None:
    corpus = Corpus.build([" ".join(HANDBOOK), *PASSAGES])
    made = 0
    for index in range(len(corpus.passages)):
        for sentence, span, question in span_questions(index, corpus, random.Random(0), 20):
            assert span.text in sentence
            assert natural(question, span.text), question
            made += 1
    assert made >= 8


@pytest.mark.parametrize(
    ("sentence", "answer"),
    [
        # Past tense, subordinate opener, lists, a pronoun that leans on another sentence.
        ("The Falcot Corp administrators decided to use the Apache HTTP server.", "Apache HTTP"),
        ("If security is important, the connection should be encrypted with SSL.", "SSL"),
        (
            "Its major opponent comes in packages like nginx-light, nginx-full, or nginx-extras.",
            "nginx-full",
        ),
        ("The inetd command listens to all of them on port 80.", "80"),
        ("Its configuration is stored in the /etc/timezone file.", "/etc/timezone"),
        # Over 25 words: the rules do not try.
        (
            "The configuration is stored in /etc/webcluster/nodes.conf by the deploy tool that "
            "runs every night on each of the nodes of the cluster behind the load balancer.",
            "/etc/webcluster/nodes.conf",
        ),
    ],
)
def test_unsure_sentences_make_no_question(sentence: str, answer: str) -> None:
    assert wh_question(sentence, span_of(sentence, answer), passage=sentence) is None


QUESTION_TYPES = ("exqa", "qa", "qg", "mcqa")


def plan_call(passages: list[str], seed: int) -> list[tuple[str, dict[str, str]]]:
    fmt = StructuredFormat()
    corpus = fmt.read(passages)
    corpus.task_types = QUESTION_TYPES  # what the plan sets for a call of these types
    out = []
    for index in range(len(passages)):
        for task in QUESTION_TYPES:
            out += [(task, dict(d.fields)) for d in fmt.plan(corpus, index, task, 2, seed)]
    return out


def test_one_question_type_asks_each_fact_and_all_types_get_some() -> None:
    passages = [" ".join(HANDBOOK[:4]), " ".join(HANDBOOK[4:]), *PASSAGES]
    built = [pair for seed in range(3) for pair in plan_call(passages, seed)]
    for seed in range(3):
        call = plan_call(passages, seed)
        questions = [fields["question"] for _, fields in call]
        assert len(questions) == len(set(questions))
        facts = [
            (fields["sentence"], fields["answer"]) for _, fields in call if "sentence" in fields
        ]
        assert len(facts) == len(set(facts))
    assert {task for task, _ in built} >= {"exqa", "qa", "qg"}


def test_qa_answers_are_a_short_phrase_not_the_sentence() -> None:
    fmt = StructuredFormat()
    corpus = fmt.read([" ".join(HANDBOOK), *PASSAGES])
    drafts = [d for i in range(len(corpus.passages)) for d in fmt.plan(corpus, i, "qa", 3, 0)]
    assert drafts
    for draft in drafts:
        _, answer = fmt.finish(draft, None)
        assert answer == draft.fields["answer"] and len(answer.split()) <= 8
        assert answer != draft.fields["sentence"] and answer in draft.fields["sentence"]


def test_planning_a_type_twice_on_one_corpus_gives_the_same_questions() -> None:
    fmt = StructuredFormat()
    corpus = fmt.read(PASSAGES)
    first = [d.fields["question"] for d in fmt.plan(corpus, 2, "exqa", 2, 1)]
    assert first and first == [d.fields["question"] for d in fmt.plan(corpus, 2, "exqa", 2, 1)]
    # Another question type of the same call does not ask them again.
    others = [d.fields["question"] for d in fmt.plan(corpus, 2, "qg", 2, 1)]
    assert not set(first) & set(others)
