"""``taskgen eval`` on the real default model (vLLM CPU, SmolLM2-135M-Instruct).

One real process: the chat template in every model column, non-empty zero-shot answers, an
interval beside every difference, a constant label column flagged, vLLM's log lines kept
off the table on stdout. Short on purpose: six eval items, k=1, 12 answer tokens.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from langchain_taskgen.export import write_jsonl
from langchain_taskgen.pairs import TaskPair
from tests.data.handwritten_pairs import CORRECT, PASSAGES

ROOT = Path(__file__).resolve().parents[2]


def _pair(task: str, question: str, answer: str, passage: int, source: str) -> TaskPair:
    text = f"{PASSAGES[passage]}\n\nQuestion: {question}"
    return TaskPair(text, answer, task, PASSAGES[passage], metadata={"source": source})


def test_eval_cli_on_the_default_model(tmp_path: Path) -> None:
    train = [_pair(t, q, a, p, "train") for t, q, a, p in CORRECT]
    test = [
        _pair("qa", "How many more years do long-term support volunteers add?", "two", 2, "e"),
        _pair("qa", "Which file lists the package sources?", "/etc/apt/sources.list", 0, "e"),
        _pair("qa", "Which command shows whether a service runs?", "systemctl status", 4, "e"),
        _pair("ynqa", "Does the locale decide the language of messages?", "Yes", 3, "e"),
        _pair("ynqa", "Is reportbug a tool for sending bug reports?", "Yes", 6, "e"),
        _pair("ynqa", "Are backports part of the stable release by default?", "No", 7, "e"),
    ]
    write_jsonl(train, tmp_path / "train.jsonl")
    write_jsonl(test, tmp_path / "eval.jsonl")
    out = tmp_path / "eval"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    env.pop("VLLM_LOGGING_STREAM", None)  # the command itself must keep stdout clean
    run = subprocess.run(
        [sys.executable, "-m", "langchain_taskgen.cli", "eval", str(tmp_path / "train.jsonl"),
         str(tmp_path / "eval.jsonl"), "-k", "1", "--max-tokens", "12", "-o", str(out)],
        capture_output=True, text=True, timeout=900, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    # vLLM's INFO/WARNING lines go to stderr, never into the table.
    assert not re.search(r"^(\(\w+ pid=\d+\) )?(INFO|WARNING|DEBUG) \d\d-\d\d ", run.stdout, re.M)
    # Whatever vLLM logs goes to stderr (how much it logs depends on its settings).
    saved = json.loads((out / "eval.json").read_text())
    assert saved["config"]["prompt_style"] == "chat"
    styles = {c: v.get("prompt_style") for c, v in saved["config"]["columns"].items()}
    assert styles == {"baseline": None, "zero-shot": "chat", "random": "chat", "selector": "chat"}
    # Zero-shot with the chat template answers: no empty answers (were 60 of 88 before).
    records = [json.loads(line) for line in (out / "predictions.jsonl").open()]
    assert all(r["answers"]["zero-shot"].strip() for r in records)
    assert saved["answers"]["qa"]["zero-shot"]["empty"] == 0
    # An interval for every difference, in the JSON and in the printed table.
    expected = 0
    for metrics in saved["metrics"].values():
        columns = [c for c in saved["columns"] if c in metrics[next(iter(metrics))]]
        models = [c for c in columns if c != "baseline"]
        expected += len(metrics) * (len(models) + len(models) - 1)
    assert len(saved["differences"]) == expected
    rows = [
        line for line in run.stdout.splitlines() if re.match(r"\| \w+ \| \w+ \| [\w-]+ \| ", line)
    ]
    intervals = re.findall(r"[+-]\d\.\d{3} \[[+-]\d\.\d{3}, [+-]\d\.\d{3}\]", "\n".join(rows))
    assert len(intervals) == expected
    # The baseline answers the train majority label to every ynqa item: flagged.
    assert saved["answers"]["ynqa"]["baseline"]["constant"] is True
    assert saved["majority"]["ynqa"] == {"label": "yes", "rate": round(2 / 3, 4)}
    for task, columns in saved["answers"].items():
        for spread in columns.values():
            label = task == "ynqa"
            assert spread["constant"] == (label and spread["share"] >= 0.9)
    assert "CONSTANT" in run.stdout and "Findings" in run.stdout
