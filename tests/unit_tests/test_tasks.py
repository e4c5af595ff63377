import pytest

from langchain_taskgen import TASK_TYPES
from langchain_taskgen.tasks import AnswerKind, get_task_type, resolve_task_types

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


def test_every_built_in_type_carries_its_facets() -> None:
    from langchain_taskgen.tasks import Structure

    structure = {name: t.structure for name, t in TASK_TYPES.items() if name in BONITO_NAMES}
    assert {n for n, s in structure.items() if s is Structure.QUESTION} == {"exqa", "qa", "ynqa"}
    assert {n for n, s in structure.items() if s is Structure.OPTIONS} == {
        "mcqa",
        "topic_class",
        "sent_comp",
    }
    assert structure["qg"] is Structure.QUESTION_OUTPUT
    assert structure["wsd"] is Structure.TWO_SENTENCES
    assert {n for n, s in structure.items() if s is Structure.TWO_PART} == {
        "nli",
        "te",
        "paraphrase_id",
    }
    round_trip = {n for n in BONITO_NAMES if TASK_TYPES[n].round_trip}
    assert round_trip == {"exqa", "qa", "qg", "summarization", "text_gen"}
    assert {n for n in BONITO_NAMES if not TASK_TYPES[n].about_passage} == {
        "sentiment",
        "topic_class",
        "wsd",
    }
    # Only ynqa keeps strictly to its labels among the built-in label types.
    label_types = {n for n in BONITO_NAMES if TASK_TYPES[n].answer is AnswerKind.LABEL}
    assert {n for n in label_types if TASK_TYPES[n].strict_labels} == {"ynqa"}
    assert get_task_type("nli").decoding_labels == ("Entailment", "Neutral", "Contradiction")
    assert get_task_type("mcqa").decoding_labels == ()


def test_malformed_facets_are_refused_at_the_door() -> None:
    from langchain_taskgen.tasks import TaskType, register_task_type

    labels = frozenset({"a", "b"})
    with pytest.raises(ValueError, match="schema_labels"):
        register_task_type(
            TaskType("odd", "odd task", "x", AnswerKind.LABEL, labels, schema_labels=("c",))
        )
    with pytest.raises(ValueError, match="demonstration"):
        register_task_type(TaskType("odd", "odd task", "x", demonstration=("input", " ")))
    with pytest.raises(ValueError, match="lower-case"):
        register_task_type(TaskType("Odd", "odd task", "x"))
    with pytest.raises(ValueError, match="built-in"):
        register_task_type(TaskType("odd", "Sentiment".lower(), "x"))
    # A label type's own text is the same for every passage: no relevance check by default.
    assert TaskType("odd", "odd task", "x", AnswerKind.LABEL, labels).about_passage is False
    assert TaskType("odd", "odd task", "x").about_passage is True
