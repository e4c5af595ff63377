import pytest

from langchain_taskgen.checks.answers import validate_pair
from langchain_taskgen.errors import TaskParseError

CONTEXT = "The library lends ten items per card for three weeks."


@pytest.mark.parametrize(
    ("inp", "out", "task"),
    [
        ("Can a card borrow ten items?", "Yes.", "ynqa"),
        ("Can a card borrow ten items?", "no", "ynqa"),
        (CONTEXT + "\nHow long is a loan?", "three weeks", "exqa"),
        (CONTEXT + "\nHow many items?\nOptions:\n- five\n- ten", "ten", "mcqa"),
        (CONTEXT + "\nHow many items?\nA. five\nB. ten", "B", "mcqa"),
        ("Premise: a. Hypothesis: b.", "Contradiction", "nli"),
        ("Premise: a. Hypothesis: b. Options: true, false, unclear", "unclear", "te"),
        (CONTEXT + "\nWhat does it lend?", "ten items per card", "qa"),
        ("In 'it lends', what is 'it'?", "The library", "coref"),
        ("Sentiment? positive or negative", "Positive", "sentiment"),
    ],
)
def test_valid_pairs_pass(inp: str, out: str, task: str) -> None:
    validate_pair(inp, out, task, CONTEXT)


@pytest.mark.parametrize(
    ("inp", "out", "task", "reason"),
    [
        ("Can a card borrow ten items?", "Maybe", "ynqa", "invalid_label"),
        ("Premise: a. Hypothesis: b.", "the sky", "nli", "invalid_label"),
        (CONTEXT + "\nHow long is a loan?", "a month", "exqa", "answer_not_in_context"),
        (
            CONTEXT + "\nHow many?\nOptions:\n- five\n- ten",
            "twelve",
            "mcqa",
            "answer_not_in_options",
        ),
        (CONTEXT + "\nHow many?", "three weeks", "mcqa", "missing_structure"),
        ("Summarise it.", "Summarise it.", "summarization", "output_is_input"),
        ("Who?", "the mayor", "coref", "answer_not_in_context"),
        ("Is it?", "...", "qa", "empty_output"),
    ],
)
def test_invalid_pairs_are_rejected_with_reason(inp: str, out: str, task: str, reason: str) -> None:
    with pytest.raises(TaskParseError) as info:
        validate_pair(inp, out, task, CONTEXT)
    assert info.value.reason == reason


def test_non_english_text() -> None:
    context = "Die Bibliothek verleiht zehn Medien pro Ausweis für drei Wochen."
    validate_pair(context + "\nWie lange?", "drei Wochen", "exqa", context)
    validate_pair("图书馆周日开放吗?", "Yes", "ynqa", "图书馆周日中午开放。")


def test_strict_checks_reject_loops_give_aways_and_non_questions() -> None:
    import pytest

    from langchain_taskgen.checks.answers import validate_pair
    from langchain_taskgen.errors import TaskParseError

    passage = "The apt tool installs packages. It reads sources from /etc/apt/sources.list."
    cases = [
        (
            "What does apt do?",
            "it installs it installs it installs it installs",
            "qa",
            "repetition",
        ),
        (
            "The tool installs packages from the mirror. What does the tool do?",
            "installs packages from the mirror",
            "qa",
            "output_in_input",
        ),
        ("Write a question about apt.", "Apt installs packages.", "qg", "not_a_question"),
    ]
    for task_input, output, task, reason in cases:
        with pytest.raises(TaskParseError) as error:
            validate_pair(task_input, output, task, passage)
        assert error.value.reason == reason, (task_input, output)
    # An extractive answer inside the passage that the input carries is fine.
    validate_pair(
        passage + "\nWhere does apt read its sources from?",
        "/etc/apt/sources.list",
        "exqa",
        passage,
    )
    validate_pair("Write a question about apt.", "What does apt install?", "qg", passage)


def test_a_pair_in_another_language_than_its_passage_is_rejected() -> None:
    passage = "The apt update command refreshes the package index from the configured sources."
    with pytest.raises(TaskParseError) as error:
        validate_pair(
            "Was macht der Befehl apt update mit dem Paketindex?",
            "Er aktualisiert ihn.",
            "qa",
            passage,
        )
    assert error.value.reason == "language_mismatch"
    with pytest.raises(TaskParseError) as error:
        validate_pair("Что делает команда apt update?", "Обновляет индекс пакетов.", "qa", passage)
    assert error.value.reason == "language_mismatch"
    validate_pair("What does apt update refresh?", "The package index.", "qa", passage)
    german = "Der Befehl apt update aktualisiert den Paketindex aus den Quellen."
    validate_pair(
        "Was macht der Befehl apt update?", "Er aktualisiert den Paketindex.", "qa", german
    )


@pytest.mark.parametrize(
    ("inp", "task"),
    [
        ("The Firewall or Packet Filtering", "te"),
        ("10.2. X.509 certificates", "wsd"),
        ("Is the first sentence a paraphrase?", "paraphrase_id"),
        ("What is the topic of the passage?", "topic_class"),
        ("Premise: the library closes on holidays.", "nli"),
    ],
)
def test_a_task_without_its_parts_is_rejected(inp: str, task: str) -> None:
    with pytest.raises(TaskParseError) as error:
        validate_pair(inp, "no" if task != "topic_class" else "libraries", task, CONTEXT)
    assert error.value.reason == "missing_structure"
