"""The cookbook scripts run as users run them (smoke tests on the default model)."""

from __future__ import annotations

import os
import py_compile
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


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
    assert "completions:" in out and "transformer documents:" in out
    assert (ROOT / "out" / "cookbook" / "pairs.jsonl").exists()


def test_selector_rag_chain() -> None:
    out = run("02_selector_rag_chain.py")
    assert "selected examples: ['Must redistributions of source code retain" in out
    assert "answer:" in out


def test_bonito_gpu_script_compiles() -> None:
    py_compile.compile(str(ROOT / "cookbook" / "03_bonito_gpu.py"), doraise=True)


@pytest.mark.slow
def test_evaluation() -> None:
    out = run("04_evaluation.py", "--limit", "16")
    assert "| task type | metric | n | baseline | zero-shot | random | selector |" in out
    assert (ROOT / "out" / "eval" / "eval.png").stat().st_size > 1000
