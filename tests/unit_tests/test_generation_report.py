"""The generation report in words: counts by reason, never a raw dict (the hostile probe)."""

from __future__ import annotations

from collections import Counter

from langchain_core.documents import Document
from langchain_core.language_models import FakeListLLM

from langchain_taskgen import TaskGenerator
from langchain_taskgen.generation.report import GenerationReport, counted


def test_a_run_with_skipped_documents_reads_as_words() -> None:
    llm = FakeListLLM(responses=["What must be kept?\n<|pipe|>\nThe notice"])
    generator = TaskGenerator(llm=llm, task_type="qa", format="bonito")
    documents = [
        Document(page_content="The notice must be kept in every copy of the work."),
        Document(page_content="   "),
        Document(page_content=""),
    ]
    generator.invoke(documents)
    text = generator.last_report.summary()
    assert text.splitlines()[0] == "documents: 3; skipped: 2 (empty_document: 2)"
    assert "by task: qa 1" in text
    assert "{" not in text and "}" not in text


def test_reasons_are_rendered_generically() -> None:
    # A reason no code knows yet (another part of the library may add one) reads the same.
    report = GenerationReport(
        documents=5, skipped_documents=Counter(not_text=1, some_new_reason=2, empty_document=0)
    )
    assert report.summary().splitlines()[0] == (
        "documents: 5; skipped: 3 (some_new_reason: 2, not_text: 1)"
    )
    assert counted({}) == "0" and counted(Counter(a=0)) == "0"
