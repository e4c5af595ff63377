"""What a journaled run reuses: never chunks made with another batch size or other checks.

A chunk's pairs may depend on the other passages of its call (topic_class options, the
question deal): a rerun with another ``chunks_per_batch`` used to take each chunk's old
pairs and write what no fresh run writes. A changed file still regenerates only its own
chunks (tests/unit_tests/test_reading_and_writing_safely.py).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from langchain_taskgen import TaskGenerator
from langchain_taskgen.construct import Corpus, Draft
from langchain_taskgen.generation.runs import ResumableRun
from langchain_taskgen.tasks import TASK_TYPES, AnswerKind, TaskType, register_task_type

DOCUMENTS = [
    f"Document {i} says that the backup of host {i} runs at {i} o'clock." for i in range(6)
]


def build_company(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    # What the call holds besides this passage: the pair depends on its batch.
    inp = f"{corpus.passages[index]}\n\nHow many passages were read with this one?"
    out = f"{len(corpus.passages) - 1} others"
    return [Draft("company", {}, lambda _w: (inp, out))][:n]


@pytest.fixture
def company() -> Iterator[None]:
    register_task_type(
        TaskType(
            "company",
            "company",
            "how many passages share the call",
            AnswerKind.FREE,
            frozenset(),
            builder=build_company,
        ),
        replace=True,
    )
    yield
    TASK_TYPES.pop("company", None)


def _run(output: Path, per_batch: int, documents: list[str]) -> tuple[str, int]:
    result = ResumableRun(
        TaskGenerator(task_type="company", n=1),
        output,
        chunks_per_batch=per_batch,
        show_progress=False,
    ).run(documents)
    return output.read_text(), result.resumed_chunks


def test_another_batch_size_regenerates_every_chunk(company: None, tmp_path: Path) -> None:
    fresh, _ = _run(tmp_path / "fresh.jsonl", 3, DOCUMENTS)
    _run(tmp_path / "out.jsonl", 2, DOCUMENTS)
    rerun, resumed = _run(tmp_path / "out.jsonl", 3, DOCUMENTS)
    assert "2 others" in fresh and "1 others" not in fresh
    assert rerun == fresh and resumed == 0


def test_a_rerun_after_a_kill_takes_every_finished_batch(company: None, tmp_path: Path) -> None:
    fresh, _ = _run(tmp_path / "fresh.jsonl", 2, DOCUMENTS)
    _run(tmp_path / "out.jsonl", 2, DOCUMENTS[:4])  # stopped after two whole batches
    rerun, resumed = _run(tmp_path / "out.jsonl", 2, DOCUMENTS)
    assert rerun == fresh and resumed == 4


def test_a_rerun_with_another_check_judges_every_chunk_again(tmp_path: Path) -> None:
    def keep(pair: object) -> str | None:
        return None

    def refuse(pair: object) -> str | None:
        return "refused"

    def run(check: object) -> tuple[str, int]:
        generator = TaskGenerator(task_type="wsd", n=2, checks=[check])
        out = tmp_path / "out.jsonl"
        result = ResumableRun(generator, out, chunks_per_batch=2, show_progress=False).run(
            [c.text for c in _wsd_chunks()]
        )
        return out.read_text(), result.resumed_chunks

    kept, _ = run(keep)
    assert kept
    refused, resumed = run(refuse)
    assert refused == "" and resumed == 0


def _wsd_chunks() -> list:
    from tests.unit_tests.test_run_limits import _chunks

    return _chunks()
