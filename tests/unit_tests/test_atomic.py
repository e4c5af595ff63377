"""_atomic: a write is whole or absent, and never goes through a planted symlink."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from langchain_taskgen._atomic import atomic_dir, atomic_write


def test_a_failed_write_keeps_the_previous_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("previous\n")
    with pytest.raises(OSError), atomic_write(target) as handle:
        handle.write("half")
        raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_a_symlink_at_the_target_is_replaced_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep me")
    target = tmp_path / "out.jsonl"
    target.symlink_to(victim)
    with atomic_write(target) as handle:
        handle.write("new")
    assert victim.read_text() == "keep me"
    assert not target.is_symlink() and target.read_text() == "new"


def test_new_files_get_the_umask_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    with atomic_write(target) as handle:
        handle.write("x")
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_folder_is_swapped_whole(tmp_path: Path) -> None:
    target = tmp_path / "hf"
    target.mkdir()
    (target / "old").write_text("old")
    with pytest.raises(RuntimeError), atomic_dir(target) as work:
        (work / "new").write_text("new")
        raise RuntimeError("save failed")
    assert sorted(p.name for p in target.iterdir()) == ["old"]
    with atomic_dir(target) as work:
        (work / "new").write_text("new")
    assert sorted(p.name for p in target.iterdir()) == ["new"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hf"]
