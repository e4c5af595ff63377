"""LabelTask: validation, margin gating and pair rendering (toy embeddings)."""

from __future__ import annotations

import random

import pytest

from langchain_taskgen import LabelTask, TaskGenerator
from langchain_taskgen.checks.answers import validate_pair
from langchain_taskgen.construct.passage import Corpus
from langchain_taskgen.tasks import TASK_TYPES, get_task_type


class KeywordEmbeddings:
    """One axis per keyword: a text's vector counts the keywords it contains."""

    keys = ("network", "security", "disk")

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[float(t.lower().count(k)) + 0.01 for k in self.keys] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def make(**kwargs: object) -> LabelTask:
    return LabelTask(
        "toy_topic",
        {"networking": "network", "security": "security", "storage": "disk"},
        embeddings=KeywordEmbeddings(),
        **kwargs,  # type: ignore[arg-type]
    )


def test_bad_definitions_name_the_problem() -> None:
    with pytest.raises(ValueError, match="built-in"):
        LabelTask("topic_class", ["a", "b"])
    with pytest.raises(ValueError, match="lower case"):
        LabelTask("Doc Topic", ["a", "b"])
    with pytest.raises(ValueError, match="at least two"):
        LabelTask("doc_topic", ["only"])
    with pytest.raises(ValueError, match="distinct"):
        LabelTask("doc_topic", ["a", "a", "b"])
    # Answers are matched without case or edge punctuation: such labels are one label.
    for same in (["Yes", "yes"], ["a.", "a"], {"Done": "x", "done!": "y"}):
        with pytest.raises(ValueError, match="distinct once case and edge punctuation"):
            LabelTask("doc_topic", same)
    with pytest.raises(ValueError, match="not empty once case"):
        LabelTask("doc_topic", ["?", "!"])
    with pytest.raises(ValueError, match="'good' is the first word"):
        LabelTask("rating", ["good", "Good enough", "bad"])
    with pytest.raises(TypeError, match="not one string"):
        LabelTask("doc_topic", "ab")
    with pytest.raises(ValueError, match="template"):
        LabelTask("doc_topic", ["a", "b"], template="about")
    with pytest.raises(ValueError, match="min_margin"):
        LabelTask("doc_topic", ["a", "b"], min_margin=-1)


def test_clear_passages_are_labelled_and_close_calls_are_left_out() -> None:
    task = make(min_margin=0.3)
    passages = [
        "The network bridge joins two network cards.",
        "Security updates close security holes.",
        "The network disk is shared.",  # as much network as disk: too close to call
    ]
    labels = [label for label, _ in task.classify(passages)]
    assert labels == ["networking", "security", None]
    corpus = Corpus.build(passages)
    drafts = task(0, corpus, random.Random(0), 2)
    assert len(drafts) == 1 and not drafts[0].needs_model
    inp, out = drafts[0].render(None)
    assert out == "networking" and passages[0] in inp
    assert all(label in inp for label in ("networking", "security", "storage"))
    assert float(drafts[0].fields["margin"]) >= 0.3
    assert task(2, corpus, random.Random(0), 1) == []
    # The passages of one call are embedded once, whatever the number of passages.
    assert task.scores(corpus) is task.scores(corpus)


def test_registered_label_task_runs_through_the_generator_and_checks() -> None:
    task = make(min_margin=0.3).register(replace=True)
    try:
        registered = get_task_type("toy_topic")
        assert registered.labels == {"networking", "security", "storage"}
        # The label task builds its own type; a label type's text is not about the passage.
        assert registered.builder is task and registered.about_passage is False
        generator = TaskGenerator(llm=object(), task_type="toy_topic", format="structured")
        docs = ["Security audits find security flaws.", "The network disk."]
        pairs, report = generator.generate_with_report(docs)
        assert [p.output for p in pairs] == ["security"]
        assert report.rejected["no_material"] == 1
        assert report.labels_by_task["toy_topic"]["security"] == 1
        validate_pair(pairs[0].input, pairs[0].output, "toy_topic", docs[0])
    finally:
        task.unregister()
    assert "toy_topic" not in TASK_TYPES
    with pytest.raises(ValueError, match="LabelTask"):
        get_task_type("toy_topic")


def test_verify_does_not_judge_label_task_pairs_by_passage_relevance() -> None:
    from langchain_taskgen import TaskPair, verify_pairs

    task = make(min_margin=0.3).register(replace=True)
    try:
        passages = [f"Passage {i} about the network card number {i}." for i in range(6)]
        question = "Which category?\nOptions: networking, security, storage"
        pairs = [
            TaskPair(f"{p}\n\n{question}", "networking", "toy_topic", context=p) for p in passages
        ]
        kept, rejected, _ = verify_pairs(pairs, embeddings=KeywordEmbeddings(), relevance_top=2)
        # Identical question text for every passage: it cannot point to its own passage.
        assert [reason for _, reason in rejected] == []
        assert all("quality" not in p.metadata for p in kept)
    finally:
        task.unregister()


def test_label_tasks_keep_to_their_labels_and_store_them_as_named() -> None:
    from langchain_core.language_models import FakeListLLM

    from langchain_taskgen.errors import TaskParseError

    task = LabelTask("toy_topic", ["Networking", "Security"], embeddings=KeywordEmbeddings())
    task.register(replace=True)
    passage = "The DHCP server hands out addresses on the network."
    question = f"{passage}\n\nWhich category?\nOptions: Networking, Security"
    try:
        with pytest.raises(TaskParseError, match="invalid_label"):
            # A short phrase of the passage is no label of this task.
            validate_pair(question, "DHCP server", "toy_topic", passage)
        validate_pair(question, "networking.", "toy_topic", passage)
        replies = ["Input: Which category?\nOptions: Networking, Security\nOutput: networking."]
        generator = TaskGenerator(
            llm=FakeListLLM(responses=replies), task_type="toy_topic", format="instruct"
        )
        pairs, report = generator.generate_with_report(passage)
        assert [p.output for p in pairs] == ["Networking"], report.rejected
    finally:
        task.unregister()
    # Built-in label tasks may list their own options, but only in the task's own text.
    sentiment = f"{passage}\n\nWhat is the sentiment of the passage?"
    with pytest.raises(TaskParseError, match="invalid_label"):
        validate_pair(sentiment, "DHCP server", "sentiment", passage)


def test_cli_label_task_specs_name_their_problem() -> None:
    from click.testing import CliRunner

    from langchain_taskgen.cli import main

    def run(*specs: str) -> str:
        args = [a for spec in specs for a in ("--label-task", spec)]
        result = CliRunner().invoke(main, [*args, "stats", "missing.jsonl"])
        assert result.exit_code == 2, result.output
        return result.output

    assert "given twice" in run("doc_topic=a,b", "doc_topic=c,d")
    assert "no '='" in run("doc_topic")
    assert "distinct" in run("doc_topic=a,a")
    assert "distinct" in run("doc_topic=Yes,yes")
    assert "not empty" in run("doc_topic=?,!")
    assert "built-in" in run("topic_class=a,b")
