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
    offsets, documents, skipped, problems, total = chunk_offsets(iter(counts))
    assert offsets == {0: 0, 1: 3, 2: 3} and total == 5 and documents == 2
    assert skipped == Counter(empty_document=1) and problems == ["b.txt: x"]


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
    from langchain_taskgen.cluster.pipeline import RayGeneration, _account
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
    _account(result, [duplicate, report_row])
    total = result.report
    assert total.accepted == 1 and total.accepted_by_path["code"] == 1
    assert total.labels_by_task["wsd"] == Counter({"yes": 1, "no": 0})
    assert total.accepted + total.rejected_total == total.completions
