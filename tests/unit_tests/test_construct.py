"""construct/: what code reads off a passage and the checks on text a model wrote."""

from __future__ import annotations

import random

import pytest

from langchain_taskgen.construct import Corpus, check_paraphrase, check_summary
from langchain_taskgen.construct.passage import answer_spans, is_good_sentence, split_sentences
from langchain_taskgen.construct.questions import span_questions
from langchain_taskgen.construct.statements import negate, swap_number, yes_no_question
from langchain_taskgen.construct.text_checks import is_degenerate
from langchain_taskgen.errors import TaskParseError
from tests.data.admin_passages import PASSAGES


def test_sentences_headings_and_glued_text() -> None:
    text = "Backups\n\nThe backup job runs every night at two. It keeps copies.\n\nSee below."
    assert split_sentences(text) == [
        "Backups",
        "The backup job runs every night at two.",
        "It keeps copies.",
        "See below.",
    ]
    assert is_good_sentence("The backup job runs every night at two in the morning.")
    assert not is_good_sentence("It keeps copies of every database on the backup server.")
    assert not is_good_sentence("The Debian package management toolsTable of Contents apply.")
    assert not is_good_sentence("Are CULTURE Telnet and RSH obsolete tools for remote login.")
    assert not is_good_sentence("Telnet and RSH are obsolete Based Authentication Each tool.")


def test_spans_negation_and_inversion() -> None:
    sentence = "The mail server accepts messages from 12 internal networks only."
    assert [s.text for s in answer_spans(sentence)][:1] == ["12 internal networks"]
    assert negate("The quota is raised by the help desk on request.") == (
        "The quota is not raised by the help desk on request."
    )
    assert yes_no_question("Each mailbox can hold 5 gigabytes of messages.") == (
        "Can each mailbox hold 5 gigabytes of messages?"
    )
    assert negate("The laptop is not encrypted.") is None


def test_span_questions_have_distinct_answers_absent_from_the_question() -> None:
    corpus = Corpus.build(PASSAGES)
    triples = span_questions(2, corpus, random.Random(0), 5)
    assert len(triples) >= 2  # the two numbers, and the subjects of plain clauses
    answers = [span.text.lower() for _, span, _ in triples]
    assert len(set(answers)) == len(answers)
    for sentence, span, question in triples:
        assert span.text in sentence and question.endswith("?")
        assert span.text.lower() not in question.lower()


def test_a_changed_number_is_false_by_the_passage() -> None:
    corpus = Corpus.build(PASSAGES)
    sentence = "Each mailbox can hold 5 gigabytes of messages."
    # Doubled (or plus two for 0 and 1): a number the passage contradicts.
    assert swap_number(sentence, 1, corpus, random.Random(0)) == (
        "Each mailbox can hold 10 gigabytes of messages."
    )
    assert swap_number("The quota is raised on request.", 1, corpus, random.Random(0)) is None


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("", "empty_output"),
        ("Each mailbox can hold 5 gigabytes", "incomplete_sentence"),
        ("Each mailbox can hold 5 gigabytes of messages.", "paraphrase_is_copy"),
        ("A mailbox may store up to 7 gigabytes of messages.", "paraphrase_changed_numbers"),
        ("Each mailbox cannot hold 5 gigabytes of messages at all.", "paraphrase_changed_polarity"),
        ("The weather is sunny and warm in the park today.", "paraphrase_off_topic"),
        ("messages messages messages messages of 5 mailbox.", "repetition"),
    ],
)
def test_paraphrase_checks_name_the_flaw(written: str, reason: str) -> None:
    with pytest.raises(TaskParseError) as error:
        check_paraphrase("Each mailbox can hold 5 gigabytes of messages.", written)
    assert error.value.reason == reason


def test_a_true_paraphrase_passes() -> None:
    assert check_paraphrase(
        "Each mailbox can hold 5 gigabytes of messages.",
        "5 gigabytes of messages can be held in each mailbox.",
    )


def test_summary_checks() -> None:
    passage = PASSAGES[0]
    good = "The nightly backup keeps 14 database copies, removes old ones and allows restores."
    assert check_summary(passage, good) == good
    for bad, reason in [
        ("Backups run.", "summary_too_short"),
        (
            "The backup job runs every night. It keeps copies of each database.",
            "summary_not_one_sentence",
        ),
        ("The company sells shoes and hats to customers in every country.", "summary_unfaithful"),
    ]:
        with pytest.raises(TaskParseError) as error:
            check_summary(passage, bad)
        assert error.value.reason == reason


def test_degenerate_text_is_the_same_check_for_answers_and_model_text() -> None:
    from langchain_taskgen.checks.answers import is_degenerate as from_checks

    assert from_checks is is_degenerate
    assert is_degenerate("copy copy copy copy") and not is_degenerate("copy the file twice")


def test_old_passage_imports_of_statement_helpers_warn_and_work() -> None:
    from langchain_taskgen.construct import passage

    with pytest.warns(DeprecationWarning, match=r"construct\.statements\.negate"):
        assert passage.negate is negate
    with pytest.raises(AttributeError):
        _ = passage.no_such_helper  # type: ignore[attr-defined]


def test_a_changelog_line_is_no_sentence() -> None:
    from langchain_taskgen.construct.passage import is_good_sentence

    assert not is_good_sentence("Fixed typo sent by Matt Kraai in the bind section.")
    assert not is_good_sentence("Included patches from Carlo Perassi for the firewall chapter.")
    assert is_good_sentence("Based on the answers, the installer partitions the disk for you.")
