"""Reading and writing pairs files (pairs.io)."""

from __future__ import annotations

from pathlib import Path

from langchain_taskgen.export import write_jsonl
from langchain_taskgen.pairs import read_pairs, write_pairs
from tests.data.lighthouse_pairs import EXQA, YNQA


def test_write_pairs_writes_what_write_jsonl_writes_for_the_pairs_format(tmp_path: Path) -> None:
    ours = tmp_path / "nested" / "pairs.jsonl"
    assert write_pairs([EXQA, YNQA], ours) == 2
    assert write_jsonl([EXQA, YNQA], tmp_path / "export.jsonl") == 2
    assert ours.read_bytes() == (tmp_path / "export.jsonl").read_bytes()
    assert read_pairs(ours) == ([EXQA, YNQA], [])


def test_read_pairs_reports_broken_lines(tmp_path: Path) -> None:
    path = tmp_path / "pairs.jsonl"
    write_jsonl([EXQA, YNQA], path)
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0], "{broken", "[1, 2]", "", lines[1]]) + "\n")
    pairs, errors = read_pairs(path)
    assert pairs == [EXQA, YNQA]
    assert len(errors) == 2 and errors[0].startswith(f"{path}:2:")
