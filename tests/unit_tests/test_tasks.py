import pytest

from langchain_taskgen import TASK_TYPES, AnswerKind, get_task_type
from langchain_taskgen.tasks import resolve_task_types

BONITO_NAMES = {
    "exqa": "extractive question answering",
    "mcqa": "multiple-choice question answering",
    "qg": "question generation",
    "qa": "question answering without choices",
    "ynqa": "yes-no question answering",
    "coref": "coreference resolution",
    "paraphrase": "paraphrase generation",
    "paraphrase_id": "paraphrase identification",
    "sent_comp": "sentence completion",
    "sentiment": "sentiment",
    "summarization": "summarization",
    "text_gen": "text generation",
    "topic_class": "topic classification",
    "wsd": "word sense disambiguation",
    "te": "textual entailment",
    "nli": "natural language inference",
}


def test_sixteen_task_types_with_exact_bonito_names() -> None:
    assert {k: v.full_name for k, v in TASK_TYPES.items()} == BONITO_NAMES


def test_full_names_and_case_are_accepted() -> None:
    assert get_task_type("Yes-No Question Answering").name == "ynqa"
    assert get_task_type(" nli ").name == "nli"


def test_unknown_task_type_lists_valid_names() -> None:
    with pytest.raises(ValueError, match="unknown task type 'foo'.*exqa.*nli"):
        get_task_type("foo")
    with pytest.raises(TypeError):
        get_task_type(3)  # type: ignore[arg-type]


def test_answer_constraints() -> None:
    assert get_task_type("ynqa").labels == {"yes", "no"}
    assert get_task_type("exqa").answer is AnswerKind.SPAN
    assert get_task_type("mcqa").answer is AnswerKind.CHOICE
    assert "contradiction" in get_task_type("nli").labels


def test_resolve_keeps_order_and_drops_repeats() -> None:
    assert [t.name for t in resolve_task_types(["ynqa", "exqa", "ynqa"])] == ["ynqa", "exqa"]
    with pytest.raises(ValueError):
        resolve_task_types([])
