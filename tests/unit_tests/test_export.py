"""Exports as real consumers read them: datasets, the SQuAD v1.1 scoring rules, TRL shapes."""

from __future__ import annotations

import json
import re
import string
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from langchain_taskgen.export.datacheck import check_pairs
from langchain_taskgen.export.exporter import FORMATS, export_pairs
from langchain_taskgen.export.hf import from_dataset, to_dataset
from langchain_taskgen.export.llamafactory import dataset_info_entry
from langchain_taskgen.export.records import find_answer, to_alpaca, to_sharegpt, to_squad, to_trl
from langchain_taskgen.pairs import TaskPair

CONTEXT = "The software is offered as a no-charge licence. Is a fee due? The answer is no."
PAIRS = [
    TaskPair(
        CONTEXT + "\nWhat must a user pay?",
        "no",
        "exqa",
        CONTEXT,
        {"source": "terms.txt", "chunk_index": 0, "start_index": 0, "end_index": 80},
    ),
    TaskPair(
        CONTEXT + "\nHow is the licence offered?",
        "no-charge licence",
        "exqa",
        CONTEXT,
        {"source": "terms.txt", "chunk_index": 0},
    ),
    TaskPair("Is a fee due?", "No", "ynqa", CONTEXT, {"source": "faq.txt", "page": 3}),
    TaskPair("Is a fee due?", "No", "ynqa", CONTEXT, {"source": "faq.txt", "page": 3}),
    TaskPair("Summarise: " + CONTEXT, "It is free.", "summarization", CONTEXT, {}),
]


# --- a re-implementation of the SQuAD v1.1 scoring rules (from the evaluate script's
# published description: lowercase, drop punctuation, drop a/an/the, collapse spaces).
def squad_normalize(text: str) -> str:
    text = text.lower()
    text = "".join(ch for ch in text if ch not in set(string.punctuation))
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


def squad_f1(prediction: str, truth: str) -> float:
    pred, gold = squad_normalize(prediction).split(), squad_normalize(truth).split()
    common = sum((Counter(pred) & Counter(gold)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(pred), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def squad_evaluate(dataset: list[dict[str, Any]], predictions: dict[str, str]) -> dict[str, float]:
    em = f1 = total = 0.0
    for article in dataset:
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                total += 1
                truths = [a["text"] for a in qa["answers"]]
                pred = predictions.get(qa["id"], "")
                em += max(float(squad_normalize(pred) == squad_normalize(t)) for t in truths)
                f1 += max(squad_f1(pred, t) for t in truths)
    return {"exact_match": 100 * em / total, "f1": 100 * f1 / total}


def test_our_scorer_follows_the_v1_1_rules() -> None:
    assert squad_normalize("The  Apache, License!") == "apache license"
    assert squad_f1("the NOTICE file", "a notice FILE.") == 1.0
    assert squad_f1("notice", "notice file") == pytest.approx(2 / 3)


def test_answer_spans_are_whole_words() -> None:
    start = find_answer(CONTEXT, "no")
    assert CONTEXT[start : start + 2] == "no" and CONTEXT[start - 3 : start] == "is "
    assert find_answer("a no-charge licence", "no") == -1
    assert find_answer("a no-charge licence", "NO-CHARGE") == 2
    assert find_answer("version 2.0.", "2.0") == 8
    assert find_answer("nothing here", "") == -1
    record = to_squad(PAIRS[0])
    assert record is not None and record["question"] == "What must a user pay?"
    assert record["answers"]["answer_start"] == [CONTEXT.rindex("no.")]
    assert to_squad(TaskPair(CONTEXT + "\nQ?", "no-charge fee", "exqa", CONTEXT)) is None


def test_squad_v1_1_json_scores_100_with_gold_answers(tmp_path: Path) -> None:
    result = export_pairs(PAIRS, tmp_path, "squad")
    assert result.records == 2 and result.summary.skipped == 3
    nested = json.loads((tmp_path / "squad-v1.1.json").read_text())
    assert nested["version"] == "1.1"
    ids: list[str] = []
    for article in nested["data"]:
        assert set(article) == {"title", "paragraphs"}
        for paragraph in article["paragraphs"]:
            context = paragraph["context"]
            for qa in paragraph["qas"]:
                ids.append(qa["id"])
                for answer in qa["answers"]:
                    start = answer["answer_start"]
                    # What run_qa-style preprocessing relies on: the span is in the context.
                    assert context[start : start + len(answer["text"])] == answer["text"]
    assert len(ids) == len(set(ids)) == 2
    gold = {qa["id"]: qa["answers"][0]["text"] for a in nested["data"]
            for p in a["paragraphs"] for qa in p["qas"]}  # fmt: skip
    assert squad_evaluate(nested["data"], gold) == {"exact_match": 100.0, "f1": 100.0}
    wrong = dict.fromkeys(gold, "the licence")
    assert squad_evaluate(nested["data"], wrong)["exact_match"] == 0.0


def test_every_export_loads_with_datasets(tmp_path: Path) -> None:
    from datasets import load_dataset, load_from_disk

    cache = str(tmp_path / "cache")
    for fmt in FORMATS:
        result = export_pairs(PAIRS, tmp_path / fmt, fmt, system="Answer briefly.")
        main = result.files[0]
        if fmt == "hf":
            ds = load_from_disk(str(main))
        else:
            ds = load_dataset("json", data_files=str(main), split="train", cache_dir=cache)
        assert len(ds) == result.records > 0, fmt
    run_qa = load_dataset(
        "json",
        data_files=str(tmp_path / "squad" / "squad-run_qa.json"),
        field="data",
        split="train",
        cache_dir=cache,
    )
    assert {"id", "title", "context", "question", "answers"} <= set(run_qa.column_names)
    row = run_qa[0]
    start = row["answers"]["answer_start"][0]
    assert row["context"][start:].startswith(row["answers"]["text"][0])


def test_trl_record_is_conversational_prompt_completion() -> None:
    record = to_trl(PAIRS[2], system="Be brief.")
    assert [m["role"] for m in record["prompt"]] == ["system", "user"]
    assert record["completion"] == [{"role": "assistant", "content": "No"}]


def test_alpaca_puts_the_passage_in_input() -> None:
    record = to_alpaca(PAIRS[0], system="S")
    assert record == {
        "instruction": "What must a user pay?",
        "input": CONTEXT,
        "output": "no",
        "system": "S",
    }
    # No passage inside the input: the whole input is the instruction.
    assert (
        to_alpaca(PAIRS[2])["input"] == "" and to_alpaca(PAIRS[2])["instruction"] == "Is a fee due?"
    )


def test_sharegpt_roles_and_dataset_info(tmp_path: Path) -> None:
    assert [t["from"] for t in to_sharegpt(PAIRS[2], "S")["conversations"]] == [
        "system",
        "human",
        "gpt",
    ]
    assert [t["from"] for t in to_sharegpt(PAIRS[2], roles="openai")["conversations"]] == [
        "user",
        "assistant",
    ]
    with pytest.raises(ValueError, match="sharegpt roles"):
        to_sharegpt(PAIRS[2], roles="bots")
    for fmt in ("alpaca", "sharegpt", "openai-chat"):
        export_pairs(PAIRS, tmp_path, fmt)
    info = json.loads((tmp_path / "dataset_info.json").read_text())
    assert set(info) == {"taskgen_alpaca", "taskgen_sharegpt", "taskgen_openai_chat"}
    assert info["taskgen_alpaca"]["columns"] == {
        "prompt": "instruction",
        "query": "input",
        "response": "output",
    }
    assert info["taskgen_sharegpt"]["tags"]["user_tag"] == "human"
    assert info["taskgen_openai_chat"]["tags"]["role_tag"] == "role"
    for name, entry in info.items():
        assert (tmp_path / entry["file_name"]).exists(), name
    # The tags in the entry name the roles the file really has.
    export_pairs(PAIRS, tmp_path / "o", "sharegpt", sharegpt_roles="openai")
    entry = json.loads((tmp_path / "o" / "dataset_info.json").read_text())["taskgen_sharegpt"]
    first = json.loads((tmp_path / "o" / "sharegpt.jsonl").read_text().splitlines()[0])
    assert first["conversations"][0]["from"] == entry["tags"]["user_tag"] == "user"
    with pytest.raises(ValueError, match="no dataset_info"):
        dataset_info_entry("squad", "squad.jsonl")


def test_summary_counts_duplicates_system_and_length(tmp_path: Path) -> None:
    summary = check_pairs(PAIRS, max_length=30)
    assert summary.examples == 5 and summary.duplicates == 1 and summary.missing_system == 5
    assert summary.tokenizer == "chars/4 estimate"
    assert summary.tokens["min"] <= summary.tokens["median"] <= summary.tokens["max"]
    assert summary.over_limit == sum(1 for p in PAIRS if len(p.input) / 4 > 20)
    assert any("duplicate" in w for w in summary.warnings())
    assert any("30-token limit" in w for w in summary.warnings())
    assert check_pairs(PAIRS, system="S").missing_system == 0
    result = export_pairs(PAIRS, tmp_path, "trl", dedupe=True)
    assert result.records == 4 and result.summary.removed_duplicates == 1
    assert result.summary.duplicates == 0
    assert "removed 1 duplicates" in result.summary.text()
    with pytest.raises(ValueError, match="unknown export format"):
        export_pairs(PAIRS, tmp_path, "csv")


def test_hf_dataset_has_chat_columns_and_struct_metadata() -> None:
    ds = to_dataset(PAIRS, system="S")
    assert {"messages", "prompt", "completion", "metadata"} <= set(ds.column_names)
    assert ds.features["metadata"]["page"].dtype == "int64"  # a struct, not a JSON string
    assert ds[2]["metadata"]["page"] == 3 and ds[0]["metadata"]["page"] is None
    assert [m["role"] for m in ds[0]["messages"]] == ["system", "user", "assistant"]
    assert ds[0]["completion"] == [{"role": "assistant", "content": "no"}]
    assert from_dataset(ds) == PAIRS
    # Mixed types under one key: Arrow cannot unify them, the metadata stays JSON text.
    mixed = [
        TaskPair("a", "b", "qa", metadata={"page": 1}),
        TaskPair("c", "d", "qa", metadata={"page": "iv"}),
    ]
    ds = to_dataset(mixed)
    assert isinstance(ds[0]["metadata"], str) and from_dataset(ds) == mixed


def test_export_drops_pairs_below_the_minimum_quality(tmp_path: Path) -> None:
    pairs = [
        TaskPair("Is it blue?", "Yes", "ynqa", "It is blue.", {"quality": 1.0}),
        TaskPair("Is it red?", "No", "ynqa", "It is blue.", {"quality": 0.4}),
        TaskPair("Is it green?", "No", "ynqa", "It is blue."),
    ]
    result = export_pairs(pairs, tmp_path, "trl", min_quality=0.9)
    assert result.records == 2  # the unscored pair is kept, the low one dropped
    assert result.summary.removed_low_quality == 1
    assert result.summary.unscored == 1
    assert "below the minimum quality" in result.summary.text()
    assert any("no quality score" in w for w in result.summary.warnings())
    assert export_pairs(pairs, tmp_path, "trl").records == 3
    with pytest.raises(ValueError, match="min_quality"):
        export_pairs(pairs, tmp_path, "trl", min_quality=2.0)


def test_export_and_selector_read_odd_quality_values_alike(tmp_path: Path) -> None:
    from langchain_taskgen.selection.filters import make_filter

    odd = [True, float("nan"), "0.7", None, 0.2, 0.95]
    pairs = [
        TaskPair(f"Is {i} blue?", "Yes", "ynqa", "It is blue.", {"quality": q})
        for i, q in enumerate(odd)
    ]
    result = export_pairs(pairs, tmp_path, "trl", min_quality=0.5)
    exported = [json.loads(line) for line in (tmp_path / "trl.jsonl").read_text().splitlines()]
    keep = make_filter(
        [p.to_example() for p in pairs], [p.metadata for p in pairs], None, None, 0.5
    )
    assert keep is not None
    selectable = [i for i in range(len(pairs)) if keep(i)]
    assert selectable == [0, 1, 2, 3, 5]  # only the numeric 0.2 is below the minimum
    assert result.records == len(exported) == len(selectable)
    assert result.summary.unscored == 4


class _Recording:
    """A real tokenizer that remembers the longest text it was asked to encode."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer
        self.chat_template = tokenizer.chat_template
        self.longest = 0

    def __call__(self, text: str, **kwargs: Any) -> Any:
        self.longest = max(self.longest, len(text))
        return self.tokenizer(text, **kwargs)

    def apply_chat_template(self, *args: Any, **kwargs: Any) -> Any:
        return self.tokenizer.apply_chat_template(*args, **kwargs)


def test_token_count_of_a_huge_pair_is_bounded_and_close() -> None:
    # Issue 21 item 11: one 52 MB pair took 8.1 GB of memory, tokenized whole.
    from langchain_taskgen.export import load_tokenizer
    from langchain_taskgen.export.datacheck import _PIECE_CHARS, count_tokens

    tokenizer = load_tokenizer()
    if tokenizer is None:
        pytest.skip("the default model's tokenizer is not available")
    words = " ".join(f"word{i % 997} and text" for i in range(20_000))  # ~370k characters
    messages = [{"role": "user", "content": words}, {"role": "assistant", "content": "Yes"}]
    recording = _Recording(tokenizer)
    pieces = count_tokens(messages, recording)
    assert recording.longest <= _PIECE_CHARS
    rendered = tokenizer.apply_chat_template(messages, tokenize=False)
    whole = len(tokenizer(rendered, add_special_tokens=False)["input_ids"])
    assert abs(pieces - whole) <= whole * 0.001, (pieces, whole)
