"""Few-shot vs fine-tuned evaluation on held-out pairs (training.evaluation, taskgen eval)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from langchain_taskgen.cli import main
from langchain_taskgen.export import write_jsonl
from langchain_taskgen.pairs import split_by_source
from langchain_taskgen.training.evaluation import EvalResult, answer_prompt, evaluate_few_shot
from tests.data.clause_pairs import PAIRS


def test_answer_prompt_shapes() -> None:
    prompt = answer_prompt(PAIRS[0], [PAIRS[1].to_example()], max_chars=20)
    assert prompt.startswith("Answer the last input the way the examples are answered.")
    assert prompt.endswith("Output:") and "Output: No" in prompt and "..." in prompt
    assert answer_prompt(PAIRS[0], [], 500).startswith("Answer the input.\n\nInput:")


def test_evaluate_few_shot_with_a_scripted_model(scripted: Any, tmp_path: Path) -> None:
    # Answers right only when an example with the same answer shape is in the prompt.
    def script(prompt: str) -> str:
        if "Output: The licensor" in prompt:
            return " The licensor\n"
        if "Output: Yes" in prompt or "Output: No" in prompt:
            return " " + prompt.rsplit("Output:", 2)[-2].strip().split("\n")[0]
        return " I do not know"

    train, test = split_by_source(PAIRS, 0.3, seed=0)
    result = evaluate_few_shot(train, test, scripted(script), k=2)
    assert set(result.scores) == {"ynqa", "qa"}
    assert result.scores["qa"]["zero-shot"] == 0.0
    assert result.scores["qa"]["selector"] == 1.0 and result.scores["qa"]["random"] == 1.0
    assert result.failures == {"baseline": 0, "zero-shot": 0, "random": 0, "selector": 0}
    table = result.table()
    assert table.splitlines()[0] == (
        "| task type | metric | n | baseline | zero-shot | random | selector |"
    )
    assert set(result.costs) == {"baseline", "zero-shot", "random", "selector"}
    assert result.costs["selector"]["prompt_tokens"] > result.costs["zero-shot"]["prompt_tokens"]
    assert "| approach | setup s | answer s | prompt tokens / pair |" in table
    result.save(tmp_path)
    assert (tmp_path / "eval.png").stat().st_size > 1000
    assert (tmp_path / "eval.md").read_text().startswith("| task type")
    # Every answer is kept with its score, so the scoring can be read and checked.
    records = [json.loads(line) for line in (tmp_path / "predictions.jsonl").open()]
    assert [r["reference"] for r in records] == [p.output for p in test]
    assert all(set(r["answers"]) == set(r["scores"]) == set(result.columns) for r in records)
    qa = next(r for r in records if r["task_type"] == "qa")
    assert qa["answers"]["selector"] == "The licensor" and qa["scores"]["selector"] == 1.0
    assert qa["answers"]["zero-shot"] == "I do not know" and qa["scores"]["zero-shot"] == 0.0
    with pytest.raises(ValueError, match="empty"):
        evaluate_few_shot(train, [], scripted(script))


def test_eval_result_round_trip() -> None:
    result = EvalResult(
        scores={"qa": {"zero-shot": 0.1, "random": 0.2, "selector": 0.3}},
        counts={"qa": 4},
        failures={"zero-shot": 0},
        k=2,
    )
    assert result.to_dict()["scores"]["qa"]["selector"] == 0.3
    assert "| qa | f1 | 4 | 0.100 | 0.200 | 0.300 |" in result.table()


def test_finetuned_column_with_a_scripted_chat_model(scripted: Any, tmp_path: Path) -> None:
    from langchain_taskgen.engines.langchain import LangChainEngine

    train, test = split_by_source(PAIRS, 0.3, seed=0)
    # "Fine-tuned": answers the bare input right, without any examples in the prompt.
    tuned = LangChainEngine(
        scripted(lambda p: "Yes" if "Input:" not in p and "sublicense" in p else "The licensor")
    )
    result = evaluate_few_shot(
        train, test, scripted(lambda p: " nope"), k=2, finetuned=tuned, finetune_seconds=12.5
    )
    assert result.columns == ["baseline", "zero-shot", "random", "selector", "fine-tuned"]
    assert result.scores["qa"]["fine-tuned"] == 1.0 and result.scores["qa"]["zero-shot"] == 0.0
    assert result.costs["fine-tuned"]["setup_seconds"] == 12.5
    assert result.table().splitlines()[0].endswith("| selector | fine-tuned |")
    result.save(tmp_path / "out")
    assert (tmp_path / "out" / "eval.png").stat().st_size > 1000


def test_cli_split_then_eval(tmp_path: Path) -> None:
    path = tmp_path / "pairs.jsonl"
    write_jsonl(PAIRS, path)
    runner = CliRunner()
    result = runner.invoke(main, ["split", str(path), "-o", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        main,
        [
            "eval",
            str(tmp_path / "s" / "train.jsonl"),
            str(tmp_path / "s" / "eval.jsonl"),
            "--llm",
            "tests.fake_models:make_llm",
            "-k",
            "2",
            "--limit",
            "3",
            "-o",
            str(tmp_path / "e"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "| task type |" in result.output
    assert (tmp_path / "e" / "eval.json").exists()


def test_the_few_shot_engine_is_closed_before_the_fine_tuned_one_runs(scripted: Any) -> None:
    from langchain_taskgen.engines.langchain import LangChainEngine

    events: list[str] = []

    class Engine(LangChainEngine):
        def __init__(self, name: str, answer: str) -> None:
            super().__init__(scripted(lambda p: answer))
            self.name = name

        def generate(self, prompts: Any, sampling: Any) -> Any:
            events.append(f"{self.name} generate")
            return super().generate(prompts, sampling)

        def close(self) -> None:
            events.append(f"{self.name} close")

    train, test = split_by_source(PAIRS, 0.3, seed=0)
    few_shot, tuned = Engine("base", " Yes"), Engine("tuned", "Yes")
    evaluate_few_shot(train, test, few_shot, k=2, finetuned=tuned, finetune_seconds=1.0)
    # Three few-shot columns, then the base engine shut down (it restarts when used
    # again) before the tuned one runs; a tuned engine passed in is left open.
    assert events == ["base generate"] * 3 + ["base close", "tuned generate"]
    events.clear()
    evaluate_few_shot(train, test, few_shot, k=2, finetuned=few_shot, finetune_seconds=1.0)
    assert "base close" not in events
