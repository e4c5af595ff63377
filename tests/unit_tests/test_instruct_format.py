import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from langchain_taskgen import TASK_TYPES
from langchain_taskgen.errors import TaskParseError
from langchain_taskgen.formats import InstructFormat
from langchain_taskgen.formats.base import has_special_token
from langchain_taskgen.formats.instruct import DEMONSTRATIONS

CONTEXT = "The NOTICE file must be kept in every redistribution of the work."
fmt = InstructFormat()
jfmt = InstructFormat(style="json")


def test_every_task_type_has_a_demonstration_and_prompt() -> None:
    # The old table is now read off the task types.
    assert DEMONSTRATIONS == {name: t.demonstration for name, t in TASK_TYPES.items()}
    for name in TASK_TYPES:
        demo = TASK_TYPES[name].demonstration
        assert demo is not None
        prompt = fmt.prompt(CONTEXT, name)
        assert f"Input: {demo[0]}\nOutput: {demo[1]}" in prompt
        assert prompt.endswith(f"Passage: {CONTEXT}\nInput:")
        assert TASK_TYPES[name].full_name in prompt
        assert jfmt.prompt(CONTEXT, name).endswith("JSON:")


def test_completion_style_reply_of_a_small_model() -> None:
    # Shape of SmolLM2-135M replies to the completion-style prompt.
    reply = " Must the NOTICE file be kept in a redistribution?\nOutput: Yes"
    task_input, task_output = fmt.parse(reply, CONTEXT, "ynqa")
    assert task_input == CONTEXT + "\n\nMust the NOTICE file be kept in a redistribution?"
    assert task_output == "Yes"


def test_self_contained_task_types_keep_the_input_as_written() -> None:
    reply = ' Paraphrase: "Keep the NOTICE file."\nOutput: The NOTICE file must stay.'
    task_input, _ = fmt.parse(reply, CONTEXT, "paraphrase")
    assert task_input == 'Paraphrase: "Keep the NOTICE file."'


@pytest.mark.parametrize(
    "reply",
    [
        '```json\n{"input": "What must be kept?", "output": "The NOTICE file"}\n```',
        'Sure! Here is the example:\n{"input": "What must be kept?", "output": "The NOTICE '
        'file",}\nI hope this helps.',
        '[{"question": "What must be kept?", "answer": "The NOTICE file"}, '
        '{"question": "Where?", "answer": "In every redistribution"}]',
        '{"input": "", "output": "x"} {"input": "What must be kept?", "output": "The NOTICE file"}',
        "Question: What must be kept?\nAnswer: The NOTICE file",
        "**Input:** What must be kept?\n**Output:** The NOTICE file",
    ],
)
def test_tolerant_parser(reply: str) -> None:
    task_input, task_output = jfmt.parse(reply, CONTEXT, "exqa")
    assert task_input.endswith("What must be kept?")
    assert task_input.startswith(CONTEXT)
    assert task_output == "The NOTICE file"


def test_context_placeholder_is_filled() -> None:
    reply = '{"input": "{{context}}\\nWhat must be kept?", "output": "The NOTICE file"}'
    task_input, _ = jfmt.parse(reply, CONTEXT, "exqa")
    assert task_input == CONTEXT + "\nWhat must be kept?"


def test_a_natural_question_equal_to_the_demonstration_is_kept() -> None:
    reply = (
        " What is the sentiment of the passage? Options: positive, negative, neutral.\n"
        "Output: neutral"
    )
    task_input, output = fmt.parse(reply, CONTEXT, "sentiment")
    assert output == "neutral" and task_input.endswith("neutral.")


def test_demonstration_words_absent_from_the_passage_are_a_leak() -> None:
    reply = " Can a reader renew a book on hold?\nOutput: No"
    with pytest.raises(TaskParseError) as info:
        fmt.parse(reply, CONTEXT, "ynqa")
    assert info.value.reason == "demonstration_leak"
    # The same words are fine when the passage itself is about them.
    library = "A reader may renew a book twice unless someone placed a hold on it."
    assert fmt.parse(reply, library, "ynqa")[1] == "No"


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        ("", "empty"),
        ("I cannot help with that.", "unparsable"),
        ('{"input": "{{context}}", "output": "x"}', "context_only"),
        (" What is kept?\nOutput: <|im_end|>", "control_token"),
        (
            " What does the borrower pay for each day an adult's book is late?\nOutput: 25 cents.",
            "copied_demonstration",
        ),
    ],
)
def test_rejections(reply: str, reason: str) -> None:
    with pytest.raises(TaskParseError) as info:
        fmt.parse(reply, CONTEXT, "qa")
    assert info.value.reason == reason


def test_bad_style_is_rejected() -> None:
    with pytest.raises(ValueError, match="style"):
        InstructFormat(style="xml")  # type: ignore[arg-type]


REASONS = {
    "empty",
    "unparsable",
    "empty_input",
    "empty_output",
    "context_only",
    "control_token",
    "copied_demonstration",
    "demonstration_leak",
}


def _check_parsed(task_input: str, task_output: str, task: str) -> None:
    assert task_input.strip() and task_output.strip()
    assert not has_special_token(task_input) and not has_special_token(task_output)
    if TASK_TYPES[task].context_in_input:
        assert CONTEXT in task_input  # put back in front unless the model wrote it


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.sampled_from(sorted(TASK_TYPES)))
@example("What must be kept?\nOutput: the NOTICE file", "qa")
@example('{"input": "Is the file kept?", "output": "yes"}', "ynqa")
@example("Input: Is <|im_end|> kept?\nOutput: yes", "ynqa")
def test_parse_returns_a_pair_or_a_known_reason(reply: str, task: str) -> None:
    for f in (fmt, jfmt):
        try:
            task_input, task_output = f.parse(reply, CONTEXT, task)
        except TaskParseError as error:
            assert error.reason in REASONS
        else:
            _check_parsed(task_input, task_output, task)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='{}[]",:inputoa \n`\\', max_size=120))
@example('{"input": "tap", "output": "pot",}')
@example('[{"input": ""}, {"input": "tia", "output": "nap"}]')
def test_parse_fuzz_json_alphabet(reply: str) -> None:
    try:
        task_input, task_output = jfmt.parse(reply, CONTEXT, "qa")
    except TaskParseError as error:
        assert error.reason in REASONS
        if not reply.strip():
            assert error.reason == "empty"
    else:
        _check_parsed(task_input, task_output, "qa")
        # The json style reads JSON objects or labelled lines; nothing else parses.
        assert "{" in reply or ":" in reply
