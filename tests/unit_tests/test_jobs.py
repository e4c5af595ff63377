"""The library's jobs (langchain_taskgen.jobs) on real files, with scripted models."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from langchain_taskgen import TaskGenerator, TaskPair
from langchain_taskgen.export import write_jsonl
from langchain_taskgen.generation.runs import OutputLock
from langchain_taskgen.jobs import (
    JobError,
    JobNote,
    JobUsageError,
    NoInputError,
    OutputPathError,
    check_file,
    generate_file,
    rejected_path_for,
    run_checks,
)
from tests.unit_tests.conftest import Reply, ScriptedLLM

WORDS = ("alpha", "beta", "gamma", "delta")
Scripted = Callable[[Callable[[str], Reply]], ScriptedLLM]


def passage_of(prompt: str) -> str:
    return prompt.rsplit("Passage: ", 1)[-1].rsplit("\nInput:", 1)[0]


def about(prompt: str) -> str:
    """A yes/no question about the passage's own word; the delta passage's points elsewhere."""
    word = next(w for w in WORDS if w in passage_of(prompt))
    topic = "alpha and beta" if word == "delta" else word
    return f" Is this text about {topic}?\nOutput: Yes"


class KeywordEmbeddings(Embeddings):
    """One dimension per word of WORDS (and a small constant one): relevance by keyword."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[float(t.count(w)) for w in WORDS] + [0.01] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    root.mkdir()
    for word in WORDS:
        (root / f"{word}.txt").write_text(f"This note is about {word}: {word} matters here.")
    return root


def generator(llm: ScriptedLLM) -> TaskGenerator:
    return TaskGenerator(llm=llm, task_type="ynqa", format="instruct")


def lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_generate_file_writes_pairs_notes_and_resumes(
    corpus: Path, tmp_path: Path, scripted: Scripted
) -> None:
    llm = scripted(about)
    table = tmp_path / "table.csv"
    table.write_text("a,b\n")
    out = tmp_path / "out" / "pairs.jsonl"
    notes: list[JobNote] = []
    result = generate_file([corpus, table], out, generator(llm), on_note=notes.append)
    assert result.complete and result.files == 5 and result.documents == 4
    assert [r["output"] for r in lines(out)] == ["Yes"] * 4 == [p.output for p in result.pairs]
    assert len(result.input_problems) == 1 and "table.csv" in result.input_problems[0]
    assert ("warning", result.input_problems[0]) in [(n.level, n.text) for n in notes]
    assert JobNote("info", "loaded 4 documents from 5 files") in notes
    assert result.verify_report is None and result.rejected_path is None
    assert not (tmp_path / "out" / "pairs.rejected.jsonl").exists()
    calls = len(llm.calls)
    notes.clear()
    again = generate_file(corpus, out, generator(llm), on_note=notes.append)
    assert len(llm.calls) == calls, "a finished run is not generated again"
    assert again.run.resumed_chunks == 4 and len(again.pairs) == 4
    assert any(n.text.startswith("resumed: 4 chunks from ") for n in notes)
    fresh = generate_file(corpus, out, generator(llm), resume=False, on_note=notes.append)
    assert len(llm.calls) > calls and fresh.run.resumed_chunks == 0


def test_generate_file_verify_writes_kept_rejected_and_report(
    corpus: Path, tmp_path: Path, scripted: Scripted
) -> None:
    out = tmp_path / "pairs.jsonl"
    report = tmp_path / "report.json"
    result = generate_file(
        [corpus],
        out,
        generator(scripted(about)),
        verify=True,
        embeddings=KeywordEmbeddings(),
        round_trip=False,
        report_json=report,
    )
    assert result.rejected_path == rejected_path_for(out) == tmp_path / "pairs.rejected.jsonl"
    kept, rejected = lines(out), lines(result.rejected_path)
    # The delta passage's question is about alpha and beta: off its own passage.
    assert [r["metadata"]["rejected_reason"] for r in rejected] == ["off_passage"]
    assert "delta" in str(rejected[0]["context"])
    assert len(kept) == 3 and all(r["metadata"]["quality"] == 1.0 for r in kept)
    data = json.loads(report.read_text())
    assert data["accepted"] == 4 and data["verify"]["kept"] == 3
    assert data == result.to_dict()
    # A later run without verify says the rejected file is not its own.
    notes: list[JobNote] = []
    generate_file([corpus], out, generator(scripted(about)), on_note=notes.append)
    assert (
        JobNote(
            "warning", f"{result.rejected_path} is from an earlier --verify run, not from this one"
        )
        in notes
    )


def test_generate_file_engine_failures_leave_the_run_incomplete(
    corpus: Path, tmp_path: Path, scripted: Scripted
) -> None:
    def flaky(prompt: str) -> Reply:
        return ConnectionError("server down") if "gamma" in passage_of(prompt) else about(prompt)

    out = tmp_path / "pairs.jsonl"
    result = generate_file(corpus, out, generator(scripted(flaky)), batch_chunks=1)
    assert not result.complete and result.run.failed_chunks == 1
    assert len(lines(out)) == 3
    retried = generate_file(corpus, out, generator(scripted(about)), batch_chunks=1)
    assert retried.complete and retried.run.resumed_chunks == 3 and len(lines(out)) == 4


def test_generate_file_refuses_bad_outputs_before_any_work(
    corpus: Path, tmp_path: Path, scripted: Scripted
) -> None:
    llm = scripted(about)
    doc = corpus / "alpha.txt"
    with pytest.raises(JobUsageError, match="is also an input"):
        generate_file(doc, doc, generator(llm))
    journal = tmp_path / "p.jsonl.journal"
    journal.write_text("notes")
    with pytest.raises(JobUsageError, match="is also an input"):
        generate_file([corpus, journal], tmp_path / "p.jsonl", generator(llm))
    with pytest.raises(OutputPathError, match="is a directory, not a file"):
        generate_file(corpus, tmp_path / "p.jsonl", generator(llm), report_json=tmp_path)
    (tmp_path / "empty").mkdir()
    with pytest.raises(NoInputError, match="no documents could be loaded"):
        generate_file(tmp_path / "empty", tmp_path / "p.jsonl", generator(llm))
    with pytest.raises(JobUsageError, match="batch_chunks"):
        generate_file(corpus, tmp_path / "p.jsonl", generator(llm), batch_chunks=0)
    out = tmp_path / "p.jsonl"
    with pytest.raises(JobUsageError, match=r"report_json .* is the same file as output"):
        generate_file(corpus, out, generator(llm), report_json=tmp_path / "." / "p.jsonl")
    with pytest.raises(JobUsageError, match="same file as the journal of output"):
        generate_file(corpus, out, generator(llm), report_json=journal)
    with pytest.raises(JobUsageError, match=r"rejected .* is the same file as output"):
        generate_file(corpus, out, generator(llm), verify=True, rejected=out, embeddings=False)
    assert llm.calls == [] and doc.read_text().startswith("This note")
    assert journal.read_text() == "notes"


def test_generate_file_wraps_failures_and_releases_its_lock(
    corpus: Path, tmp_path: Path, scripted: Scripted
) -> None:
    out = tmp_path / "pairs.jsonl"
    bad = generator(scripted(about))

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom")

    bad.engine.generate = broken  # type: ignore[method-assign]
    with pytest.raises(JobError, match=r"generation failed: RuntimeError: boom") as caught:
        generate_file(corpus, out, bad)
    assert isinstance(caught.value.__cause__, RuntimeError)
    with OutputLock(out):  # released: this process can take it again ...
        pass
    result = generate_file(corpus, out, generator(scripted(about)))  # ... and so can a job
    assert result.complete


def test_generate_file_stops_on_a_locked_output(corpus: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "pairs.jsonl"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, fcntl, os; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
            "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); sys.stdin.read()",
            str(out) + ".lock",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(JobError, match="another run is writing"):
            generate_file(corpus, out, generator(ScriptedLLM(script=about, calls=[])))
    finally:
        holder.kill()
        holder.wait()
    assert not out.exists()


PAIRS = [
    TaskPair("Is the sky blue?", "Yes", "ynqa", context="The sky is blue."),
    TaskPair("Is the sky blue?", "Maybe", "ynqa", context="The sky is blue."),
    TaskPair("Is the sky blue?", "Yes", "ynqa", context="The sky is blue."),
    TaskPair("Who wrote it?", "Ann", "qa", context="Ann wrote it in 1990."),
]


@pytest.fixture
def pairs_file(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.jsonl"
    write_jsonl(PAIRS, path)
    with path.open("a") as handle:
        handle.write("{not json\n")
    return path


def test_check_file_writes_kept_rejected_and_report(pairs_file: Path, tmp_path: Path) -> None:
    notes: list[JobNote] = []
    result = check_file(
        pairs_file,
        tmp_path / "kept.jsonl",
        rejected=tmp_path / "rejected.jsonl",
        report_json=tmp_path / "report.json",
        embeddings=False,
        on_note=notes.append,
    )
    assert [r["output"] for r in lines(tmp_path / "kept.jsonl")] == ["Yes", "Ann"]
    reasons = [r["metadata"]["rejected_reason"] for r in lines(tmp_path / "rejected.jsonl")]
    assert reasons == ["invalid_label", "duplicate"]
    assert [reason for _, reason in result.rejected] == reasons
    assert json.loads((tmp_path / "report.json").read_text()) == result.report.to_dict()
    assert result.report.pairs_in == 4 and result.report.kept == 2
    assert len(result.broken_lines) == 1 and f"{pairs_file}:5:" in result.broken_lines[0]
    assert notes == [JobNote("warning", f"skipped broken line {result.broken_lines[0]}")]


def test_check_file_round_trip_on_a_scripted_model(
    pairs_file: Path, tmp_path: Path, scripted: Scripted
) -> None:
    # An engine that cannot score continuations answers each round-trip prompt; this one
    # answers "Ann" only when it sees Ann's passage, so the qa pair is grounded.
    llm = scripted(lambda prompt: " Ann" if "Ann wrote it" in prompt else " nobody")
    result = check_file(
        pairs_file, tmp_path / "kept.jsonl", embeddings=False, round_trip=llm, min_round_trip=0.5
    )
    qa = [p for p in result.kept if p.task_type == "qa"]
    assert result.report.round_trip_method == "answer" and result.report.round_trip["checked"] == 1
    assert qa and qa[0].metadata["round_trip"] == 1.0
    llm = scripted(lambda prompt: " Ann")  # the same answer with any passage: not grounded
    result = check_file(pairs_file, tmp_path / "kept.jsonl", embeddings=False, round_trip=llm)
    assert [reason for _, reason in result.rejected][-1] == "not_grounded"


def test_check_file_errors(pairs_file: Path, tmp_path: Path) -> None:
    with pytest.raises(JobUsageError, match="is the input file"):
        check_file(pairs_file, tmp_path / "kept.jsonl", rejected=pairs_file, embeddings=False)
    kept = tmp_path / "kept.jsonl"
    with pytest.raises(JobUsageError, match="same file as output"):
        check_file(pairs_file, kept, rejected=kept, embeddings=False)
    with pytest.raises(JobUsageError, match="same file as output"):
        check_file(pairs_file, kept, report_json=kept, embeddings=False)
    with pytest.raises(OutputPathError, match="is a directory"):
        check_file(pairs_file, tmp_path, embeddings=False)
    with pytest.raises(JobUsageError, match="--min-quality needs the embeddings"):
        check_file(pairs_file, tmp_path / "kept.jsonl", embeddings=False, min_quality=0.5)
    with pytest.raises(JobUsageError, match="unknown task type"):
        run_checks(PAIRS, embeddings=False, round_trip=object(), round_trip_tasks=["bogus"])
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    with pytest.raises(NoInputError, match=re.escape(f"{empty}: no pairs")):
        check_file(empty, tmp_path / "kept.jsonl", embeddings=False)
    with pytest.raises(JobError, match="cannot read"):
        check_file(tmp_path / "missing.jsonl", tmp_path / "kept.jsonl", embeddings=False)
    assert not (tmp_path / "kept.jsonl").exists()


def test_generate_file_audits_the_pairs_it_writes(tmp_path: Path, scripted: Scripted) -> None:
    """A model whose "no" answers all carry "not" is flagged in the job's own report."""
    things = (
        "cache log index socket kernel spool queue archive mirror bucket ledger shell "
        "printer router tunnel console backup journal manifest keyring module daemon "
        "buffer cookie"
    ).split()
    root = tmp_path / "docs"
    root.mkdir()
    for i, thing in enumerate(things):
        (root / f"d{i}.txt").write_text(f"Note {i}: the {thing} is kept on disk.")

    def negated(prompt: str) -> Reply:
        number = int(passage_of(prompt).split(":")[0].split()[-1])
        if number % 2:
            return f" Is the {things[number]} not kept on disk?\nOutput: No"
        return f" Is the {things[number]} kept on disk?\nOutput: Yes"

    out = tmp_path / "pairs.jsonl"
    report = tmp_path / "report.json"
    result = generate_file(root, out, generator(scripted(negated)), report_json=report)
    assert result.audit is not None and len(result.pairs) == 24
    assert result.audit.flagged(0.10) == ["ynqa"]
    assert result.audit.types["ynqa"].best_probe == "negation"
    summary = result.audit.summary()
    assert summary.startswith("audit: tricks over +0.10: ynqa +0.50 (")
    assert summary.endswith("24 distinct of 24 question pairs (1.00)")
    assert json.loads(report.read_text())["audit"]["types"]["ynqa"]["gap"] == pytest.approx(0.5)
    quiet = generate_file(root, out, generator(scripted(negated)), audit=False)
    assert quiet.audit is None and "audit" not in quiet.to_dict()
