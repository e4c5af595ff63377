"""The cookbook scripts run as users run them (smoke tests on the default model)."""

from __future__ import annotations

import dataclasses
import importlib.util
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from langchain_core.language_models import FakeListLLM

from langchain_taskgen import VLLMEngine

ROOT = Path(__file__).resolve().parents[2]
LICENCE = ROOT / "samples" / "corpus" / "bsd-3-clause.txt"


def run(script: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "cookbook" / script), *args],
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_documents_to_jsonl() -> None:
    out = run("01_documents_to_jsonl.py")
    assert "tasks planned:" in out and "transformer documents:" in out
    assert (ROOT / "out" / "cookbook" / "pairs.jsonl").exists()


def test_selector_rag_chain() -> None:
    out = run("02_selector_rag_chain.py")
    assert "selected examples: ['Must redistributions of source code retain" in out
    assert "answer:" in out


def bonito_gpu_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "bonito_gpu", ROOT / "cookbook" / "03_bonito_gpu.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def bonito_like() -> FakeListLLM:
    """What a Bonito model writes (task input, <|pipe|>, answer), for the GPU script."""
    return FakeListLLM(
        responses=[
            "Redistributions of source code must retain what?\n<|pipe|>\n"
            "the above copyright notice",
            "{{context}}\nIs the software provided with a warranty?\n<|pipe|>\nNo",
            "no separator here",
        ]
    )


def test_bonito_gpu_script_runs_its_job_on_a_stand_in_model(tmp_path: Path) -> None:
    # The script's whole path but the GPU: arguments, loading, the Bonito format, export.
    script = bonito_gpu_script()
    llm = f"{__name__}:bonito_like"
    report = script.main(["--llm", llm, "--out", str(tmp_path), str(LICENCE)])
    assert report.accepted > 0 and report.rejected["no_separator"] > 0
    assert report.accepted + report.rejected_total == report.completions
    pairs = (tmp_path / "bonito-pairs.jsonl").read_text().splitlines()
    assert len(pairs) == report.accepted
    assert json.loads(pairs[0])["metadata"]["source"] == str(LICENCE)
    assert (tmp_path / "openai-chat.jsonl").read_text().count("\n") == report.accepted


def test_bonito_gpu_script_asks_vllm_for_settings_it_takes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = bonito_gpu_script()
    calls: list[inspect.BoundArguments] = []

    def engine(*args: Any, **kwargs: Any) -> FakeListLLM:
        calls.append(inspect.signature(VLLMEngine).bind(*args, **kwargs))  # TypeError if not
        return bonito_like()

    monkeypatch.setattr(script, "VLLMEngine", engine)
    script.main(["--model", "BatsResearch/bonito-v1", "--out", str(tmp_path), str(LICENCE)])
    (call,) = calls
    assert call.arguments["model"] == "BatsResearch/bonito-v1"
    # What VLLMEngine passes on to vllm.LLM must be an engine argument vLLM knows.
    arg_utils = pytest.importorskip("vllm.engine.arg_utils")
    known = {field.name for field in dataclasses.fields(arg_utils.EngineArgs)}
    assert set(call.arguments.get("engine_kwargs", {})) <= known


def test_bonito_gpu_script_starts_as_a_script() -> None:
    assert "--llm" in run("03_bonito_gpu.py", "--help")


@pytest.mark.slow
def test_evaluation() -> None:
    out = run("04_evaluation.py", "--limit", "16")
    assert "| task type | metric | n | baseline | zero-shot | random | selector |" in out
    assert (ROOT / "out" / "eval" / "eval.png").stat().st_size > 1000
