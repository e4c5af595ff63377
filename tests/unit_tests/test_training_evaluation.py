"""Few-shot vs fine-tuned evaluation on held-out pairs (training.evaluation, taskgen eval)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from langchain_taskgen.cli import main
from langchain_taskgen.export import write_jsonl
from langchain_taskgen.pairs import TaskPair, split_by_source
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
    assert "| qa | contains | 4 | 0.100 | 0.200 | 0.300 |" in result.table()


def test_finetuned_column_with_a_scripted_chat_model(scripted: Any, tmp_path: Path) -> None:
    from langchain_taskgen.engines.langchain import LangChainEngine

    train, test = split_by_source(PAIRS, 0.3, seed=0)
    # "Fine-tuned": answers the zero-shot prompt right (the same prompt as zero-shot).
    tuned = LangChainEngine(
        scripted(
            lambda p: "Yes" if "Answer the input." in p and "sublicense" in p else "The licensor"
        )
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


def _qa(i: int, question: str, answer: str, source: str = "a") -> TaskPair:
    return TaskPair(f"Q{i}: {question}", answer, "qa", metadata={"source": source})


def test_a_constant_label_column_is_flagged_beside_the_eval_majority(scripted: Any) -> None:
    train, test = split_by_source(PAIRS, 0.3, seed=0)
    # k-shot answers "No" to everything: its score is the always-no rate, not skill.
    result = evaluate_few_shot(
        train, test, scripted(lambda p: " No" if "examples" in p else " Yes"), k=2
    )
    spread = result.answers["ynqa"]
    assert spread["random"]["constant"] and spread["random"]["top"] == "no"
    assert spread["selector"]["share"] == 1.0
    references = [p.output.lower() for p in test if p.task_type == "ynqa"]
    rate = max(references.count("yes"), references.count("no")) / len(references)
    assert result.majority["ynqa"]["rate"] == pytest.approx(rate)
    table = result.table()
    assert "CONSTANT" in table and "eval majority" in table
    assert f"{rate:.3f}" in table
    # Free-text columns are never flagged: many items share one gold answer there.
    assert not any(a["constant"] for a in result.answers["qa"].values())


def test_every_difference_has_an_interval_and_findings_follow_them(
    scripted: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two items a type here: let them count, to see findings follow the intervals.
    monkeypatch.setattr("langchain_taskgen.training.eval_result.MIN_ITEMS_FOR_FINDING", 1)
    train, test = split_by_source(PAIRS, 0.3, seed=0)

    def script(prompt: str) -> str:
        return " The licensor" if "Output: The licensor" in prompt else " unsure"

    result = evaluate_few_shot(train, test, scripted(script), k=2, seed=3)
    keys = {(d["task_type"], d["metric"], d["column"], d["against"]) for d in result.differences}
    for task in result.counts:
        for metric in result.metrics[task]:
            for column in ("random", "selector"):
                assert (task, metric, column, "zero-shot") in keys
                assert (task, metric, column, "baseline") in keys
            assert (task, metric, "zero-shot", "baseline") in keys
    assert all(d["low"] <= d["mean"] <= d["high"] for d in result.differences)
    again = evaluate_few_shot(train, test, scripted(script), k=2, seed=3)
    assert again.differences == result.differences  # fixed seed: same intervals
    table = result.table()
    assert "| task type | metric | column | vs zero-shot | vs baseline |" in table
    assert table.count(" [") >= len(result.differences)
    for line in result.findings():
        if " beats " in line or " is worse than " in line:
            match = next(
                d
                for d in result.differences
                if line.startswith(f"{d['task_type']} {d['metric']}: {d['column']} ")
                and d["against"] in line
            )
            assert match["low"] > 0 or match["high"] < 0
    beats = [d for d in result.differences if d["low"] > 0 and d["metric"] == "contains"]
    assert beats and all(f"by {d['mean']:+.3f}" in table for d in beats)
    saved = result.to_dict()
    assert saved["differences"] == result.differences and saved["findings"]
    assert saved["config"]["prompt_style"] == "completion"


def test_a_blank_line_before_the_answer_does_not_end_it(scripted: Any) -> None:
    from langchain_taskgen.engines.langchain import LangChainEngine

    seen: list[Any] = []

    class Engine(LangChainEngine):
        def generate(self, prompts: Any, sampling: Any) -> Any:
            seen.append(sampling)
            return super().generate(prompts, sampling)

    train, test = split_by_source(PAIRS, 0.3, seed=0)
    result = evaluate_few_shot(train, test, Engine(scripted(lambda p: "\n\n The licensor\n")), k=2)
    assert all("\n\n" not in s.stop for s in seen)
    qa = [r for r in result.predictions if r["task_type"] == "qa"]
    assert all(r["answers"]["zero-shot"] == "The licensor" for r in qa)
    assert all(a["empty"] == 0 for cols in result.answers.values() for a in cols.values())


def test_overlap_between_train_and_eval_is_dropped_unless_allowed(scripted: Any) -> None:
    train = [_qa(i, "who signs?", "The licensor") for i in range(4)]
    fresh = _qa(9, "who pays?", "The licensee", "b")
    echo = scripted(lambda p: " The licensor")
    result = evaluate_few_shot(train, [train[0], fresh], echo, k=2)
    assert result.counts == {"qa": 1} and "1 of 2 eval pairs" in result.notes[0]
    assert [r["input"] for r in result.predictions] == [fresh.input]
    kept = evaluate_few_shot(train, [train[0], fresh], echo, k=2, allow_overlap=True)
    assert kept.counts == {"qa": 2} and "kept as asked" in kept.notes[0]
    with pytest.raises(ValueError, match="all 4 eval pairs are in train"):
        evaluate_few_shot(train, train, echo, k=2)


def test_types_without_train_pairs_are_marked_not_scored_as_k_shot(scripted: Any) -> None:
    train = [_qa(i, "who signs?", "The licensor") for i in range(3)]
    test = [_qa(8, "who pays?", "The licensee", "b"), PAIRS[0]]  # ynqa: no train pairs
    llm = scripted(lambda p: " Yes")
    result = evaluate_few_shot(train, test, llm, k=2)
    assert set(result.fallbacks) == {"ynqa"}
    assert "random" not in result.scores["ynqa"] and "selector" not in result.scores["ynqa"]
    assert result.scores["ynqa"]["zero-shot"] == 1.0
    ynqa_row = next(line for line in result.table().splitlines() if line.startswith("| ynqa |"))
    assert ynqa_row.count("fell back") == 2
    # The fallen-back prompts are not even sent: one per column for qa, one zero-shot ynqa.
    assert sum(len(call) for call in llm.calls) == 4
    ynqa = [d for d in result.differences if d["task_type"] == "ynqa"]
    assert [(d["column"], d["against"]) for d in ynqa] == [("zero-shot", "baseline")]


def test_a_broken_finetune_folder_is_refused_before_any_column(
    scripted: Any, tmp_path: Path
) -> None:
    from langchain_taskgen.training.model_folder import ModelFolderError

    train, test = split_by_source(PAIRS, 0.3, seed=0)
    llm = scripted(lambda p: " Yes")
    with pytest.raises(ModelFolderError, match="no readable config.json"):
        evaluate_few_shot(train, test, llm, k=2, finetuned=tmp_path)
    # Half saved: config and tokenizer written, the weights cut short.
    (tmp_path / "config.json").write_text("{}")
    (tmp_path / "tokenizer.json").write_text("{}")
    header = json.dumps({"w": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]}}).encode()
    weights = len(header).to_bytes(8, "little") + header + b"\0" * 8
    (tmp_path / "model.safetensors").write_bytes(weights)
    with pytest.raises(ModelFolderError, match="model.safetensors: truncated"):
        evaluate_few_shot(train, test, llm, k=2, finetuned=tmp_path)
    assert llm.calls == []
    (tmp_path / "model.safetensors").write_bytes(weights + b"\0" * 8)
    from langchain_taskgen.training.model_folder import check_model_folder

    assert check_model_folder(tmp_path) == tmp_path
    result = CliRunner().invoke(
        main, ["eval", str(_pairs(tmp_path)), str(_pairs(tmp_path)), "--finetune",
               str(tmp_path / "nothing")],
    )  # fmt: skip
    assert result.exit_code == 2 and "nothing is not a folder" in result.output


def test_a_column_that_fails_is_recorded_and_the_rest_saved(scripted: Any, tmp_path: Path) -> None:
    from langchain_taskgen.engines.langchain import LangChainEngine
    from langchain_taskgen.errors import EngineError

    class Dead(LangChainEngine):
        def generate(self, prompts: Any, sampling: Any) -> Any:
            raise EngineError("the engine died")

    train, test = split_by_source(PAIRS, 0.3, seed=0)
    dead = Dead(scripted(lambda p: "x"))
    result = evaluate_few_shot(train, test, scripted(lambda p: " Yes"), k=2, finetuned=dead)
    assert result.errors == {"fine-tuned": "the engine died"}
    assert result.columns == ["baseline", "zero-shot", "random", "selector"]
    result.save(tmp_path)
    saved = json.loads((tmp_path / "eval.json").read_text())
    assert saved["errors"] == {"fine-tuned": "the engine died"} and saved["scores"]


def _pairs(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.jsonl"
    if not path.exists():
        write_jsonl(PAIRS, path)
    return path


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-k", "0"], "-k"),
        (["--limit", "-1"], "--limit"),
        (["--limit", "0"], "--limit"),
        (["--timeout", "5"], "--timeout apply to --openai-base-url only"),
        (["--concurrency", "2", "--retries", "1"], "--concurrency, --retries apply"),
        (["--chat", "--llm", "tests.fake_models:make_llm"], "--chat/--no-chat apply to vLLM"),
        (["--chat", "--prompt-style", "completion"], "--chat contradicts --prompt-style"),
        (["--prompt-style", "chat", "--llm", "tests.fake_models:make_llm"], "needs a vLLM"),
    ],
)
def test_eval_options_that_would_do_nothing_are_usage_errors(
    tmp_path: Path, args: list[str], message: str
) -> None:
    train, test = tmp_path / "train.jsonl", tmp_path / "eval.jsonl"
    write_jsonl([p for p in PAIRS if p.metadata["source"] != "doc0.txt"], train)
    write_jsonl([p for p in PAIRS if p.metadata["source"] == "doc0.txt"], test)
    result = CliRunner().invoke(
        main, ["eval", str(train), str(test), "-o", str(tmp_path / "e"), *args]
    )
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "style"),
    [
        ([], "auto"),
        (["--chat"], "chat"),
        (["--no-chat"], "completion"),
        (["--prompt-style", "completion"], "completion"),
        (["--chat", "--prompt-style", "chat"], "chat"),
    ],
)
def test_chat_options_reach_the_default_model(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, args: list[str], style: str
) -> None:
    # --chat without --model was silently ignored (byte-identical predictions); now it is
    # the prompt style every column uses, on the default model too.
    import langchain_taskgen.training.evaluation as evaluation

    seen: dict[str, Any] = {}

    def fake(train: Any, test: Any, llm: Any, **kwargs: Any) -> EvalResult:
        seen.update(kwargs, llm=llm)
        return EvalResult(scores={"qa": {"zero-shot": 1.0}}, counts={"qa": 1})

    monkeypatch.setattr(evaluation, "evaluate_few_shot", fake)
    train, test = tmp_path / "train.jsonl", tmp_path / "eval.jsonl"
    write_jsonl(PAIRS[:10], train)
    write_jsonl(PAIRS[10:], test)
    result = CliRunner().invoke(
        main, ["eval", str(train), str(test), "-o", str(tmp_path / "e"), *args]
    )
    assert result.exit_code == 0, result.output
    assert seen["prompt_style"] == style and seen["llm"] is None  # the default model


def test_eval_of_a_file_against_itself_is_refused_not_scored(tmp_path: Path) -> None:
    # Issue 21 item 9: `taskgen eval all.jsonl all.jsonl` scored a copying model 1.000.
    path = _pairs(tmp_path)
    result = CliRunner().invoke(
        main,
        ["eval", str(path), str(path), "--llm", "tests.fake_models:make_llm", "-o",
         str(tmp_path / "e")],
    )  # fmt: skip
    assert result.exit_code == 2
    assert f"all {len(PAIRS)} eval pairs are in train" in result.output


def test_too_few_items_give_no_finding(scripted: Any) -> None:
    """A bootstrap over one item has an interval of width 0: no column is said to win."""
    train = [p for p in PAIRS if p.task_type == "ynqa"][:4]
    one = [TaskPair("Is it free?", "yes", "ynqa", metadata={"source": "elsewhere"})]
    result = evaluate_few_shot(train, one, scripted(lambda prompt: " no"), k=1, seed=0)
    findings = result.findings()
    assert not any(" beats " in f or " is worse than " in f for f in findings), findings
    assert "ynqa: 1 items, too few to compare columns (at least 10)" in findings
