"""Real TRL fine-tuning of the default model (a few steps) and the real tokenizer check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from langchain_taskgen import TaskPair
from langchain_taskgen.cli import main
from langchain_taskgen.export import write_jsonl

pytest.importorskip("trl", reason="needs the finetune extra")

PASSAGE = "Debian packages are installed with apt. The dpkg tool unpacks a single package file."
PAIRS = [
    TaskPair(
        f"{PASSAGE}\nWhich tool {verb}?",
        answer,
        "exqa",
        PASSAGE,
        {"source": f"manual-{i % 3}.txt"},
    )
    for i, (verb, answer) in enumerate(
        [
            ("installs packages", "apt"),
            ("unpacks a single package file", "dpkg"),
            ("is used to install Debian packages", "apt"),
            ("handles one package file", "dpkg"),
            ("fetches packages", "apt"),
            ("unpacks a file", "dpkg"),
        ]
    )
] + [TaskPair(f"Is apt a Debian tool (case {i})?", "Yes", "ynqa", PASSAGE, {"source": "faq"})
     for i in range(4)]  # fmt: skip
# One per source, so some land in train: the prompt alone is over --max-length 128.
LONG = [
    TaskPair(f"{PASSAGE * 12}\nWhich tool installs packages?", "apt", "exqa", PASSAGE * 12,
             {"source": source})
    for source in ("manual-0.txt", "manual-1.txt", "manual-2.txt", "faq")
]  # fmt: skip


@pytest.fixture(scope="module")
def finetuned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ft")
    write_jsonl(PAIRS + LONG, root / "pairs.jsonl")
    out = root / "model"
    result = CliRunner().invoke(
        main,
        [
            "finetune", str(root / "pairs.jsonl"), "-o", str(out), "--max-steps", "2",
            "--batch-size", "2", "--max-length", "128", "--eval-fraction", "0.2",
        ],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2 steps" in result.output and "held-back loss" in result.output
    assert "train pairs dropped (the prompt alone is over --max-length 128 tokens)" in (
        result.output
    )
    return out


def test_finetune_saves_a_loadable_changed_model(finetuned: Path) -> None:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from langchain_taskgen.engines.default import default_model_dir

    info = json.loads((finetuned / "taskgen-finetune.json").read_text())
    assert info["steps"] == 2 and info["method"] == "full"
    assert info["eval_pairs"] > 0
    assert info["train_pairs"] + info["eval_pairs"] == len(PAIRS) + len(LONG)
    trained_long = sum(len(line) > 500 for line in (finetuned / "train.jsonl").open())
    assert trained_long >= 1 and info["dropped_pairs"] == trained_long
    assert all(loss == loss and loss > 0 for loss in info["losses"])  # finite, positive
    assert (finetuned / "heldout.jsonl").exists()
    tuned = AutoModelForCausalLM.from_pretrained(str(finetuned), dtype=torch.float32)
    base = AutoModelForCausalLM.from_pretrained(str(default_model_dir()), dtype=torch.float32)
    changed = [
        name
        for (name, a), (_, b) in zip(tuned.named_parameters(), base.named_parameters(), strict=True)
        if not torch.equal(a, b)
    ]
    assert changed, "training did not change any weight"
    tokenizer = AutoTokenizer.from_pretrained(str(finetuned))
    ids = tokenizer.apply_chat_template(
        [{"role": "user", "content": PAIRS[0].input}], add_generation_prompt=True,
        return_tensors="pt", return_dict=True,
    )  # fmt: skip
    out = tuned.generate(**ids, max_new_tokens=4, do_sample=False)
    assert out.shape[1] > ids["input_ids"].shape[1]


def test_export_counts_tokens_with_the_default_tokenizer(tmp_path: Path) -> None:
    from langchain_taskgen.export.datacheck import check_pairs, load_tokenizer

    tokenizer = load_tokenizer()
    assert tokenizer is not None
    summary = check_pairs(PAIRS, tokenizer=tokenizer, max_length=40)
    assert summary.tokenizer.startswith("smollm2")
    # The ChatML template adds its default system prompt: far more than chars/4 of content.
    estimate = check_pairs(PAIRS, max_length=40)
    assert summary.tokens["max"] > estimate.tokens["max"]
    assert summary.over_limit == len(PAIRS)
    result = CliRunner().invoke(
        main, ["export", str(_pairs_file(tmp_path)), "--to", "trl", str(tmp_path / "x"),
               "--max-length", "40"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "smollm2" in result.output and f"{len(PAIRS)} examples are over" in result.output


def _pairs_file(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.jsonl"
    write_jsonl(PAIRS, path)
    return path


def test_finetuned_folder_runs_in_vllm_for_every_eval_column(finetuned: Path) -> None:
    from langchain_taskgen import TaskPairExampleSelector, read_pairs
    from langchain_taskgen.training.evaluation import COLUMNS, evaluate_few_shot, finetuned_engine

    train, _ = read_pairs(finetuned / "train.jsonl")
    held, _ = read_pairs(finetuned / "heldout.jsonl")
    # One engine on the fine-tuned folder answers the few-shot columns too: one start.
    engine = finetuned_engine(finetuned)
    try:
        selector = TaskPairExampleSelector.from_pairs(train, k=2, search="lexical")
        result = evaluate_few_shot(
            train, held, engine, k=2, selector=selector, max_tokens=8, finetuned=engine
        )
    finally:
        engine.close()
    assert result.columns == list(COLUMNS)
    assert result.failures["fine-tuned"] == 0
    assert result.costs["fine-tuned"]["prompt_tokens"] > 0  # counted by vLLM
    assert all(0.0 <= v <= 1.0 for scores in result.scores.values() for v in scores.values())
