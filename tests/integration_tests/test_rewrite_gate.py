"""The embedded model's rewrites on REAL vLLM (SmolLM2-135M): only meaning-kept ones pass.

With the embedded default model, nli, te and paraphrase_id give no material unless code
rewrites are asked for (then built by code, no prompt for them), and a paraphrase the
model writes is kept only when the meaning checks find no change; the run says once that
the model writes these badly.
"""

from __future__ import annotations

import logging

import pytest
from langchain_core.documents import Document

from langchain_taskgen import TaskGenerator
from langchain_taskgen.construct.text_checks import meaning_changes
from tests.data.handbook_passages import PASSAGES


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_embedded_model_rewrites_are_gated(caplog: pytest.LogCaptureFixture) -> None:
    docs = [Document(p, metadata={"source": f"p{i}"}) for i, p in enumerate(PASSAGES[:4])]
    with caplog.at_level(logging.WARNING, logger="langchain_taskgen.generation.generator"):
        gen = TaskGenerator(task_type=["te", "paraphrase_id", "paraphrase"], n=2)
        pairs = gen.invoke(docs)
    report = gen.last_report
    assert report is not None
    assert report.accepted + report.rejected_total == report.completions
    warned = [r for r in caplog.records if "paraphrase on the embedded" in r.getMessage()]
    assert len(warned) <= 1  # once per process (another test may have said it already)
    # te and paraphrase_id are withheld on the embedded model unless asked for.
    assert {p.task_type for p in pairs} <= {"paraphrase"}
    assert not report.accepted_by_task.get("te") and report.rejected_by_task.get("te")
    asked = TaskGenerator(task_type=["te", "paraphrase_id"], n=2, code_rewrites=True)
    by_type: dict[str, list[str]] = {}
    for pair in asked.invoke(docs):
        by_type.setdefault(pair.task_type, []).append(pair.metadata.get("built_by", ""))
    # Asked for, they need no prompt: built by code from the passage.
    assert by_type.get("te") and set(by_type["te"]) == {"code"}
    assert by_type.get("paraphrase_id") and set(by_type["paraphrase_id"]) == {"code"}
    # Every paraphrase the model wrote and the checks kept changes nothing they can see.
    for pair in (p for p in pairs if p.task_type == "paraphrase"):
        source = pair.input.split('"')[1]
        assert meaning_changes(source, pair.output) == []
    assert report.rejected_by_task.get("paraphrase"), "the model's paraphrases were judged"
