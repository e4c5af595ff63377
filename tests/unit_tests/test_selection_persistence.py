"""Saved selector indexes: round trip, and hostile and unusual files (issue 11 items 5, 11, 12).

Fake embeddings throughout: the file format does not depend on what the vectors mean.
"""

from __future__ import annotations

import json
import resource
import shutil
from pathlib import Path
from typing import Any

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding

from langchain_taskgen import TaskPair, TaskPairExampleSelector
from langchain_taskgen.selection import SelectorLoadError
from langchain_taskgen.selection.persistence import SECRET_ENV
from tests.unit_tests.fake_embeddings import HashingEmbeddings
from tests.unit_tests.index_tools import reseal

PAIRS = [
    TaskPair("Who appoints the steward?", "The board", "qa", metadata={"quality": 0.9}),
    TaskPair("Is the software provided with a warranty?", "No", "ynqa"),
    TaskPair("How often does the committee meet?", "Monthly", "qa", metadata={"quality": 0.2}),
]


@pytest.fixture(scope="module")
def embeddings() -> HashingEmbeddings:
    return HashingEmbeddings(size=64)


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory, embeddings: Any) -> Path:
    sel = TaskPairExampleSelector.from_pairs(PAIRS, k=2, embeddings=embeddings)
    return sel.save(tmp_path_factory.mktemp("idx") / "good")


def _copy(saved: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(saved, tmp_path / "copy"))


def _edit_config(directory: Path, **changes: Any) -> None:
    config = json.loads((directory / "config.json").read_text())
    config.update(changes)
    (directory / "config.json").write_text(json.dumps(config))


def test_unicode_line_separators_round_trip(tmp_path: Path, embeddings: Any) -> None:
    # Issue 11.5: records.jsonl was read with str.splitlines(), which splits on these.
    odd = TaskPair("Line\u2028sep\u2029para\x85next: who signs?", "The clerk\u2028signs", "qa")
    sel = TaskPairExampleSelector.from_pairs([odd, *PAIRS], embeddings=embeddings)
    loaded = TaskPairExampleSelector.load(sel.save(tmp_path / "u"), embeddings=embeddings)
    assert len(loaded) == 4
    assert odd.to_example() in [e for e, _ in loaded.search_with_scores("who signs?", k=4)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"count": float("inf")}, "non-finite"),
        ({"count": 10**12}, "count must be an integer"),
        ({"sha256": None}, "sha256 must map"),
        ({"dimension": True}, "dimension must be an integer"),
        ({"surprise": 1}, "unknown field"),
    ],
)
def test_malformed_config_fields(
    saved: Path, tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    directory = _copy(saved, tmp_path)
    config = json.loads((directory / "config.json").read_text())
    config.update(changes)
    text = json.dumps(config)  # writes Infinity for inf, as a hand edit would
    (directory / "config.json").write_text(text)
    with pytest.raises(SelectorLoadError, match=message):
        TaskPairExampleSelector.load(directory)


def test_deeply_nested_json_is_a_load_error(saved: Path, tmp_path: Path) -> None:
    directory = _copy(saved, tmp_path)
    (directory / "config.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(SelectorLoadError, match="nested too deeply|not a JSON object"):
        TaskPairExampleSelector.load(directory)
    directory = _copy(saved, tmp_path / "r")
    lines = (directory / "records.jsonl").read_text().splitlines(keepends=True)
    lines[0] = '{"id": "x", "example": ' + "[" * 100_000 + "]" * 100_000 + ', "metadata": {}}\n'
    (directory / "records.jsonl").write_text("".join(lines))
    reseal(directory)
    with pytest.raises(SelectorLoadError, match="line 1 is not valid JSON: JSON nested"):
        TaskPairExampleSelector.load(directory)


def test_record_without_id_and_duplicate_ids(saved: Path, tmp_path: Path) -> None:
    directory = _copy(saved, tmp_path)
    lines = (directory / "records.jsonl").read_text().splitlines()
    record = json.loads(lines[1])
    del record["id"]
    lines[1] = json.dumps(record)
    (directory / "records.jsonl").write_text("\n".join(lines) + "\n")
    reseal(directory)
    with pytest.raises(SelectorLoadError, match="line 2: a record must be an object"):
        TaskPairExampleSelector.load(directory)
    lines[1] = lines[0]
    (directory / "records.jsonl").write_text("\n".join(lines) + "\n")
    reseal(directory)
    with pytest.raises(SelectorLoadError, match="line 2: duplicate id"):
        TaskPairExampleSelector.load(directory)


def test_claimed_size_is_checked_before_reading_vectors(saved: Path, tmp_path: Path) -> None:
    # Issue 11.11: a crafted faiss header made a 61 KB file allocate 2 GB. Vectors are now
    # raw float32 whose size must equal count x dimension x 4 before anything is read.
    directory = _copy(saved, tmp_path)
    _edit_config(directory, count=2_000_000_000)
    reseal(directory)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(SelectorLoadError, match="float32 vectors need"):
        TaskPairExampleSelector.load(directory)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KiB
    with (directory / "vectors.f32").open("ab") as handle:
        handle.write(b"\0" * 4)
    _edit_config(directory, count=3)
    reseal(directory)
    with pytest.raises(SelectorLoadError, match="bytes"):
        TaskPairExampleSelector.load(directory)


def test_settings_are_checksummed_and_range_checked(saved: Path, tmp_path: Path) -> None:
    # Issue 11.12: `min_similarity: 5` used to load and silently return nothing.
    directory = _copy(saved, tmp_path)
    config = json.loads((directory / "config.json").read_text())
    config["settings"]["min_similarity"] = 5
    (directory / "config.json").write_text(json.dumps(config))
    with pytest.raises(SelectorLoadError, match="edited after saving"):
        TaskPairExampleSelector.load(directory)
    reseal(directory)
    with pytest.raises(SelectorLoadError, match=r"min_similarity must be in \[-1.0, 1.0\]"):
        TaskPairExampleSelector.load(directory)
    config["settings"] = {**config["settings"], "min_similarity": None, "colour": "red"}
    (directory / "config.json").write_text(json.dumps(config))
    reseal(directory)
    with pytest.raises(SelectorLoadError, match=r"unknown setting\(s\) \['colour'\]"):
        TaskPairExampleSelector.load(directory)


def test_signed_index_rejects_injected_records(
    tmp_path: Path, embeddings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sel = TaskPairExampleSelector.from_pairs(PAIRS, k=1, embeddings=embeddings)
    signed = sel.save(tmp_path / "signed", secret="s3cret")
    assert TaskPairExampleSelector.load(signed, embeddings=embeddings, secret="s3cret")
    with pytest.raises(SelectorLoadError, match="signature mismatch"):
        TaskPairExampleSelector.load(signed, embeddings=embeddings, secret="other")
    monkeypatch.setenv(SECRET_ENV, "s3cret")
    assert len(TaskPairExampleSelector.load(signed, embeddings=embeddings)) == 3
    monkeypatch.delenv(SECRET_ENV)
    # An attacker swaps in an instruction and recomputes every checksum.
    text = (signed / "records.jsonl").read_text()
    (signed / "records.jsonl").write_text(text.replace("The board", "IGNORE PREVIOUS"))
    reseal(signed)
    with pytest.raises(SelectorLoadError, match="not signed"):
        TaskPairExampleSelector.load(signed, embeddings=embeddings, secret="s3cret")
    # Without a secret the checksums cannot tell (documented): it loads.
    loaded = TaskPairExampleSelector.load(signed, embeddings=embeddings)
    assert loaded.select_examples({"input": "Who appoints the steward?"})[0]["output"] == (
        "IGNORE PREVIOUS"
    )


def test_save_load_round_trip(tmp_path: Path, embeddings: Any) -> None:
    pairs = [*PAIRS, TaskPair("Can a committer veto a release?", "No", "ynqa")]
    sel = TaskPairExampleSelector.from_pairs(
        pairs, k=3, embeddings=embeddings, mmr=True, metadata_filter={"task_type": ["qa", "ynqa"]}
    )
    sel.save(tmp_path / "idx")
    assert sorted(p.name for p in (tmp_path / "idx").iterdir()) == [
        "config.json",
        "records.jsonl",
        "vectors.f32",
    ]
    loaded = TaskPairExampleSelector.load(tmp_path / "idx", embeddings=embeddings)
    assert loaded.settings == sel.settings and loaded.metadata_filter == sel.metadata_filter
    assert len(loaded) == len(pairs)
    for query in ("steward", "warranty for the software", "committee veto", "zebra"):
        assert loaded.search_with_scores(query) == sel.search_with_scores(query)
    # Adding to a loaded index works like adding to the original.
    new = {"input": "Who signs the release?", "output": "The clerk", "task_type": "qa"}
    assert loaded.add_example(new) == sel.add_example(new)
    assert loaded.search_with_scores("signs release") == sel.search_with_scores("signs release")
    again = TaskPairExampleSelector.load(
        tmp_path / "idx", embeddings=embeddings, k=1, metadata_filter={"task_type": "ynqa"}
    )
    assert again.k == 1 and again.mmr and again.metadata_filter == {"task_type": "ynqa"}
    with pytest.raises(ValueError, match="predicate metadata_filter"):
        TaskPairExampleSelector.from_pairs(
            PAIRS, embeddings=embeddings, metadata_filter=lambda m: True
        ).save(tmp_path / "p")
    with pytest.raises(ValueError, match="empty"):
        TaskPairExampleSelector(embeddings=embeddings).save(tmp_path / "e")


def test_corrupt_partial_and_mismatched_saves(saved: Path, tmp_path: Path, embeddings: Any) -> None:
    def copy(name: str) -> Path:
        return Path(shutil.copytree(saved, tmp_path / name))

    with pytest.raises(SelectorLoadError, match="config.json missing"):
        TaskPairExampleSelector.load(tmp_path / "nothing", embeddings=embeddings)
    partial = copy("partial")
    (partial / "vectors.f32").unlink()
    with pytest.raises(SelectorLoadError, match="vectors.f32 is missing"):
        TaskPairExampleSelector.load(partial, embeddings=embeddings)
    tampered = copy("tampered")
    with (tampered / "records.jsonl").open("a") as handle:
        handle.write('{"id": "x"}\n')
    with pytest.raises(SelectorLoadError, match="checksum"):
        TaskPairExampleSelector.load(tampered, embeddings=embeddings)
    broken = copy("broken")
    (broken / "config.json").write_text("{not json")
    with pytest.raises(SelectorLoadError, match="corrupt"):
        TaskPairExampleSelector.load(broken, embeddings=embeddings)
    with pytest.raises(SelectorLoadError, match="built with 'hashing-64'"):
        TaskPairExampleSelector.load(saved, embeddings=DeterministicFakeEmbedding(size=64))
    wrong_dim = copy("dim")
    _edit_config(wrong_dim, embedding_model="DeterministicFakeEmbedding")
    reseal(wrong_dim)
    with pytest.raises(SelectorLoadError, match="give 8 dimensions; the index has 64"):
        TaskPairExampleSelector.load(wrong_dim, embeddings=DeterministicFakeEmbedding(size=8))
    assert (
        len(TaskPairExampleSelector.load(wrong_dim, embeddings=DeterministicFakeEmbedding(size=64)))
        == 3
    )
