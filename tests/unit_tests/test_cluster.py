"""The Ray path's pure parts (no cluster): replies, manifest, ordering, options, errors."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from langchain_taskgen.cli import main
from langchain_taskgen.cluster.command import engine_for_options
from langchain_taskgen.cluster.engine import HttpServers, VLLMOnRay, http_reply
from langchain_taskgen.cluster.manifest import batch_key, manifest_dir, read_batch, write_batch
from langchain_taskgen.cluster.requirements import import_ray
from langchain_taskgen.cluster.stages import chunk_offsets, order_column
from langchain_taskgen.jobs import JobUsageError


def test_missing_ray_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(ImportError, match=r"langchain-taskgen\[ray\]"):
        import_ray()


def test_cli_says_which_extra_when_ray_is_missing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    (tmp_path / "a.txt").write_text("The notice must be kept in every copy of the work.")
    result = CliRunner().invoke(
        main,
        ["generate", str(tmp_path / "a.txt"), "-o", str(tmp_path / "p.jsonl"), "--ray", "local"],
    )
    assert result.exit_code == 1, result.output
    assert "langchain-taskgen[ray]" in result.output


def test_ray_refuses_verify_and_llm(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The notice must be kept.")
    base = ["generate", str(tmp_path / "a.txt"), "-o", str(tmp_path / "p.jsonl"), "--ray"]
    result = CliRunner().invoke(main, [*base, "local", "--verify"])
    assert result.exit_code == 2 and "--verify does not run on Ray" in result.output
    with pytest.raises(JobUsageError, match="--llm cannot run on Ray"):
        engine_for_options({"llm_path": "tests.fake_models:make_llm"})


def test_http_reply_reads_completions_errors_and_choices() -> None:
    ok = {
        "choices": [{"message": {"content": '{"answer": "yes"}'}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 12, "completion_tokens": 4},
    }
    assert http_reply(ok, ["yes", "no"]) == {
        "text": "yes",
        "finish_reason": "stop",
        "prompt_tokens": 12,
        "completion_tokens": 4,
    }
    assert http_reply(ok, [])["text"] == '{"answer": "yes"}'
    cut = {"choices": [{"message": {"content": "A long"}, "finish_reason": "length"}]}
    assert http_reply(cut, [])["finish_reason"] == "length"
    assert http_reply({"object": "error", "message": "x"}, [])["error"]
    assert http_reply({"error": {"message": "The model does not exist."}}, [])["error"] == (
        "The model does not exist."
    )


def test_engine_for_options() -> None:
    fleet = engine_for_options(
        {"openai_base_url": "http://lb:8000/v1/", "openai_model": "m", "concurrency": 1}
    )
    assert isinstance(fleet, HttpServers)
    assert fleet.url == "http://lb:8000/v1/chat/completions" and fleet.batch_size == 1
    gpu = engine_for_options({"model_dir": Path("models/x"), "chat": True})
    assert isinstance(gpu, VLLMOnRay) and gpu.chat and gpu.model_source.endswith("models/x")


def test_manifest_is_written_whole_and_read_back(tmp_path: Path) -> None:
    folder = manifest_dir(tmp_path / "pairs.jsonl")
    assert folder.name == "pairs.jsonl.ray"
    key = batch_key("fp", ["k1", "k2"])
    assert read_batch(folder, key) is None
    write_batch(folder, key, {"pairs": [[], []], "report": {"accepted": 0}})
    assert read_batch(folder, key) == {"v": 1, "pairs": [[], []], "report": {"accepted": 0}}
    assert not list(folder.glob(".*.tmp"))
    (folder / f"{key}.json").write_text('{"v": 1, "pairs": [')  # torn by hand
    assert read_batch(folder, key) is None
    assert batch_key("fp", ["k1", "k2"]) != batch_key("other", ["k1", "k2"])


def test_order_column_and_offsets() -> None:
    assert order_column(["order", "path"]) == "order"
    assert order_column(["path"]) == "path"
    assert order_column(["text", "source"]) == "source"
    with pytest.raises(ValueError, match="'path' column"):
        order_column(["id"])
    counts = [
        {"key": 0, "n_chunks": 3, "documents": 1, "skipped": "{}", "problems": "[]"},
        {"key": 1, "n_chunks": 0, "documents": 1, "skipped": json.dumps({"empty_document": 1})},
        {"key": 2, "n_chunks": 2, "documents": 0, "skipped": "{}", "problems": '["b.txt: x"]'},
    ]
    counts[1]["problems"] = "[]"
    counts[2]["skipped_files"] = json.dumps({"binary": 1})
    counts[2]["warnings"] = '["c.txt: not UTF-8; read as cp1252"]'
    got = chunk_offsets(iter(counts))
    assert got.offsets == {0: 0, 1: 3, 2: 3} and got.total == 5 and got.documents == 2
    assert got.skipped == Counter(empty_document=1) and got.problems == ["b.txt: x"]
    assert got.skipped_files == Counter(binary=1)
    assert got.warnings == ["c.txt: not UTF-8; read as cp1252"]


def test_spec_carries_the_drivers_engine_decisions() -> None:
    """Workers rebuild the generator without an engine; what it decides rides in the spec."""
    from langchain_core.language_models import FakeListLLM

    from langchain_taskgen import TaskGenerator
    from langchain_taskgen.cluster.pipeline import generate_on_ray
    from langchain_taskgen.cluster.spec import GeneratorSpec

    served = TaskGenerator(
        llm=FakeListLLM(responses=["x"]), task_type=["nli", "qa"], model_questions="off"
    )
    worker = GeneratorSpec.of(served).generator()
    assert worker.llm is None and TaskGenerator(task_type="nli").withholds_rewrites()
    assert not served.rewrites_by_code() and not worker.rewrites_by_code()
    assert not served.withholds_rewrites() and not worker.withholds_rewrites()
    assert not worker.writes_questions()
    embedded = GeneratorSpec.of(TaskGenerator(task_type="nli")).generator()
    assert embedded.withholds_rewrites() and not embedded.rewrites_by_code()
    asked = GeneratorSpec.of(TaskGenerator(task_type="nli", code_rewrites=True)).generator()
    assert asked.rewrites_by_code() and not asked.withholds_rewrites()
    asking = TaskGenerator(llm=FakeListLLM(responses=["x"]), task_type="qa", model_questions="on")
    with pytest.raises(ValueError, match="model_questions='off' or 'auto'"):
        generate_on_ray(None, asking)


def test_cli_on_ray_builds_questions_by_code_unless_forced(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The notice must be kept.")
    base = ["generate", str(tmp_path / "a.txt"), "-o", str(tmp_path / "p.jsonl"), "-t", "qa"]
    forced = [*base, "--llm", "tests.fake_models:make_llm", "--model-questions", "on"]
    result = CliRunner().invoke(main, [*forced, "--ray", "local"])
    assert result.exit_code == 2, result.output
    assert "--model-questions on does not run on Ray yet" in result.output


def test_duplicates_come_off_after_every_report_whatever_the_row_order() -> None:
    """A duplicate row met before its batch's report still takes its label and path off."""
    from langchain_taskgen.cluster.pipeline import RayGeneration
    from langchain_taskgen.cluster.repeats import account
    from langchain_taskgen.cluster.rows import row
    from langchain_taskgen.generation.report import GenerationReport

    batch = GenerationReport()
    batch.completions = batch.accepted = 2
    batch.accepted_by_task["wsd"] = 2
    batch.accepted_by_path["code"] = 2
    batch.labels_by_task["wsd"] = Counter({"yes": 1, "no": 1})
    report_row = row(
        "report",
        data=json.dumps(batch.to_dict()),
        extra=json.dumps({"failed_chunks": 0, "errors": [], "resumed": False}),
    )
    duplicate = row(
        "duplicate", task="wsd", label="no", data="Is it?", extra='{"built_by": "code"}'
    )
    result = RayGeneration(pairs=None, report=GenerationReport())
    account(result, [duplicate, report_row])
    total = result.report
    assert total.accepted == 1 and total.accepted_by_path["code"] == 1
    assert total.labels_by_task["wsd"] == Counter({"yes": 1, "no": 0})
    assert total.accepted + total.rejected_total == total.completions


def test_segments_cover_every_batch_once_and_find_their_inputs() -> None:
    from langchain_taskgen.cluster.segments import cut_segments, segment_inputs

    for total, batch, cpus in [(1, 4, 2), (100, 7, 2), (1000, 3, 1), (37, 37, 8)]:
        segments = cut_segments(total, batch, cpus)
        batches = [b for first, end in segments for b in range(first, end)]
        assert batches == list(range(-(-total // batch)))
        assert len(segments) == min(len(batches), 4 * cpus)
    # Inputs of 5, 0, 3 and 4 chunks; batches of 2 chunks.
    inputs = [(0, 5, "a"), (5, 0, "empty"), (5, 3, "b"), (8, 4, "c")]
    held = segment_inputs([(0, 1), (1, 2), (2, 3), (3, 6)], inputs, 2, 12)
    assert held == [[(0, "a")], [(0, "a")], [(0, "a"), (5, "b")], [(5, "b"), (8, "c")]]


def test_a_segment_plans_the_batches_a_local_run_cuts() -> None:
    """Chunks from inputs straddling the segment's bounds make the very batches."""
    from langchain_core.documents import Document

    from langchain_taskgen import TaskGenerator
    from langchain_taskgen.cluster.batches import batch_rows
    from langchain_taskgen.cluster.segments import run_segment
    from langchain_taskgen.cluster.spec import GeneratorSpec
    from tests.data.handbook_passages import PASSAGES

    text = "\n\n".join(PASSAGES)  # manual prose: every chunk of it gives pairs
    generator = TaskGenerator(task_type=["exqa", "ynqa"], chunk_size=400, chunk_overlap=0)
    chunks, _ = generator.chunker().split([Document(text)])
    chunks = chunks[:11]
    assert len(chunks) == 11
    spec = GeneratorSpec.of(generator, fingerprint="fp")
    # Batches of 3 over 11 chunks; the segment holds batches 1 and 2 (chunks 3..8),
    # from "inputs" of chunks 0..4, 5..6 and 7..10.
    pieces = [(7, chunks[7:]), (0, chunks[:5]), (5, chunks[5:7])]

    def timeless(rows: list[dict]) -> list[dict]:  # a report's seconds differ run to run
        out = []
        for item in rows:
            data = json.loads(item["data"]) if item["kind"] == "report" else item["data"]
            if isinstance(data, dict):
                data.pop("seconds")
            out.append({**item, "data": data})
        return out

    rows = run_segment(spec, None, 3, 11, (1, 3), pieces)
    expected = batch_rows(spec, None, 1, [3, 4, 5], chunks[3:6])
    expected += batch_rows(spec, None, 2, [6, 7, 8], chunks[6:9])
    assert timeless(rows) == timeless(expected) and any(r["kind"] == "pair" for r in rows)
    last = run_segment(spec, None, 3, 11, (3, 4), pieces)  # a short last batch
    assert timeless(last) == timeless(batch_rows(spec, None, 3, [9, 10], chunks[9:]))
    with pytest.raises(RuntimeError, match="gave 2 of 6 chunks"):
        run_segment(spec, None, 3, 11, (1, 3), [(0, chunks[:5])])


def test_later_copies_keep_the_first_pair_in_corpus_order() -> None:
    import numpy as np

    from langchain_taskgen.cluster.repeats import id_numbers, later_copies

    ids = id_numbers(["00000000000000aa", "ffffffffffffffff", "00000000000000aa", "ab"])
    pos = np.array([9, 2, 2, 4])
    seq = np.array([0, 1, 0, 0])
    assert later_copies(pos, seq, ids) == {(9, 0)}
    assert later_copies(pos[:0], seq[:0], ids[:0]) == set()


def test_workers_of_a_served_driver_are_not_the_embedded_model() -> None:
    """llm=None on a worker: only the spec says whether the driver has an engine."""
    from langchain_core.language_models import FakeListLLM

    from langchain_taskgen import TaskGenerator
    from langchain_taskgen.cluster.spec import GeneratorSpec

    served = TaskGenerator(llm=FakeListLLM(responses=["x"]), task_type=["summarization"])
    worker = GeneratorSpec.of(served, fingerprint="f").generator()
    assert getattr(worker._format_obj(), "weak_writer", None) is False
    embedded = GeneratorSpec.of(TaskGenerator(task_type=["summarization"]), fingerprint="g")
    assert getattr(embedded.generator()._format_obj(), "weak_writer", None) is True
