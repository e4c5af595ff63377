"""The hand-written gold set (issue 19 item 6) loads and keeps the rules it was written by."""

from __future__ import annotations

import html.parser
import re
from collections import Counter
from pathlib import Path

import pytest

from langchain_taskgen import read_pairs

GOLD = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "gold_debian_reference.jsonl"
MANUAL = Path("/usr/share/debian-reference")


def _gold():
    pairs, errors = read_pairs(GOLD)
    assert errors == []
    return pairs


def _norm(text: str) -> str:
    quotes = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"}
    text = text.translate(str.maketrans(quotes))
    return re.sub(r"\s+", " ", text).strip()


class _Text(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def test_gold_set_size_types_and_spread() -> None:
    pairs = _gold()
    assert len(pairs) >= 80
    assert {p.task_type for p in pairs} == {"qa", "ynqa"}
    chapters = Counter(p.metadata["source"] for p in pairs)
    assert len(chapters) >= 10
    assert max(chapters.values()) <= 0.15 * len(pairs)


def test_gold_yes_no_balanced_without_negation_cue() -> None:
    ynqa = [p for p in _gold() if p.task_type == "ynqa"]
    labels = Counter(p.output for p in ynqa)
    assert set(labels) == {"yes", "no"}
    assert len(ynqa) >= 20
    assert abs(labels["yes"] - labels["no"]) <= 2
    cue = re.compile(r"\bnot\b|n't\b|\bnever\b|\bno\b|\bwithout\b", re.I)
    assert [p.input for p in ynqa if cue.search(p.input)] == []


def test_gold_items_carry_provenance_but_no_passage() -> None:
    for pair in _gold():
        assert pair.context == "", pair.input  # the eval's baseline would copy from it
        assert pair.metadata["source"].startswith(str(MANUAL) + "/ch")
        assert pair.metadata["section"] and pair.metadata["evidence"]
        assert pair.input.endswith("?")
        assert len(pair.output.split()) <= 6  # short answers keep token F1 fair


def test_gold_questions_are_not_copied_sentences() -> None:
    # A question is not a copied sentence with a blank: its word 5-grams mostly
    # do not occur in its own evidence.
    for pair in _gold():
        words = re.findall(r"\w+", pair.input.lower())
        evidence = " ".join(re.findall(r"\w+", pair.metadata["evidence"].lower()))
        grams = [" ".join(words[i : i + 5]) for i in range(len(words) - 4)]
        copied = sum(gram in evidence for gram in grams)
        assert not grams or copied / len(grams) < 0.5, pair.input


@pytest.mark.skipif(not MANUAL.is_dir(), reason="debian-reference-en is not installed")
def test_gold_evidence_and_answers_are_in_the_manual() -> None:
    texts: dict[str, str] = {}
    for pair in _gold():
        source = pair.metadata["source"]
        if source not in texts:
            parser = _Text()
            parser.feed(Path(source).read_text(encoding="utf-8"))
            texts[source] = _norm("".join(parser.parts))
        evidence = _norm(pair.metadata["evidence"])
        pieces = re.split(r"(?<=[.:])\s+(?=[#$A-Z])", evidence)
        assert all(piece in texts[source] for piece in pieces), pair.input
        if pair.task_type == "qa":
            for part in pair.output.split(" or "):
                assert part.lower().removeprefix("the ") in evidence.lower(), pair.input
