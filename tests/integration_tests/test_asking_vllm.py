"""Model-written questions on the real default model (vLLM, SmolLM2-135M), forced on.

The 135M model writes poor questions, so most fall back to the code question: this test
asserts the mechanics for real (the prompts sent, the replies read, the form checks and
the round trip run on the same engine, every fallback counted, no task lost), not the
quality of what a capable model would write.
"""

from __future__ import annotations

from collections import Counter

from langchain_taskgen import TaskGenerator
from langchain_taskgen.construct.asking import question_fault, read_question
from langchain_taskgen.generation.asking import WRITTEN_KEY
from langchain_taskgen.generation.chunking import Chunk
from tests.data.admin_passages import PASSAGES

TYPES = ["exqa", "qa", "qg"]


def test_default_model_forced_to_write_questions() -> None:
    gen = TaskGenerator(task_type=TYPES, n=2, seed=1, model_questions="on", temperature=0.3)
    assert gen.writes_questions()
    plan = gen.plan([Chunk(text, {"source": f"p{i}"}) for i, text in enumerate(PASSAGES)])
    asking = [job for job in plan.prompted_jobs if job.asking is not None]
    # Every code-built question draft asks the model, and nothing else does.
    assert asking and len(asking) == len(plan.prompts)
    assert all(job.prompt and job.prompt.endswith("Question:") for job in asking)

    results = gen.complete(plan)
    verdicts = [results[job.prompt_index].metadata[WRITTEN_KEY] for job in asking]  # type: ignore[index]
    faults = Counter(str(v[0]["fault"]) for v in verdicts)
    for job, (verdict,) in zip(asking, verdicts, strict=True):
        assert job.asking is not None
        reply = results[job.prompt_index].completions[0].text  # type: ignore[index]
        assert verdict["question"] == read_question(reply)
        form = question_fault(verdict["question"], job.asking)
        print(f"{job.task.name}: {job.asking.answer!r} -> {verdict}")  # seen with -s
        if verdict["fault"] in (None, "round_trip_mismatch"):
            # Only questions that passed the form checks went through the round trip.
            assert form is None and verdict["round_trip"] == "likelihood"
            assert isinstance(verdict["score"], float) and isinstance(verdict["code_score"], float)
        elif verdict["fault"] != "truncated":
            assert verdict["fault"] == form

    per_chunk, report = gen.judge(plan, results)
    pairs = [pair for chunk in per_chunk for pair in chunk]
    counts = report.written_questions
    print("verdicts:", dict(faults), "report:", dict(counts))
    assert counts["asked"] == len(asking)
    assert counts["asked"] == counts["used"] + sum(
        c for k, c in counts.items() if k.startswith("code:")
    )
    assert counts["used"] <= faults["None"]
    # accepted + rejected == completions, in total and per type.
    assert report.accepted + report.rejected_total == report.completions == len(PASSAGES) * 6
    for task in TYPES:
        done = report.accepted_by_task.get(task, 0)
        assert done + sum(report.rejected_by_task.get(task, {}).values()) == len(PASSAGES) * 2
    assert report.accepted_by_path.total() == len(pairs)
    for pair in pairs:
        fields = pair.metadata["task_fields"]
        if pair.metadata["built_by"] == "model":
            assert fields["code_question"] and fields["question"].endswith("?")
        else:
            assert "code_question" not in fields
    # The fallback loses no task: the same number of pairs as code alone gives.
    off = TaskGenerator(task_type=TYPES, n=2, seed=1, model_questions="off")
    assert not off.writes_questions()
    code_pairs, _ = off.generate_chunks([Chunk(t, {}) for t in PASSAGES])
    assert len(pairs) == sum(len(c) for c in code_pairs)
