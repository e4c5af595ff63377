"""A saved index under concurrent processes, planted links, a full disk (issue 21 items 2, 3).

Real processes on real files: savers, a loader and a swapper run as separate Python
processes (tests/unit_tests/index_workers.py) on one index directory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from langchain_taskgen.selection.persistence import SECRET_ENV, SelectorLoadError, load_index
from tests.unit_tests.index_workers import crossed, save_tagged

ROOT = Path(__file__).resolve().parents[2]


def _start(*args: str | Path) -> subprocess.Popen[str]:
    """A worker process, returned once it is imported and waiting for ``go``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.unit_tests.index_workers", *map(str, args)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "ready", process.stderr
    return process


def _go(index: Path) -> None:
    (index.parent / "go").touch()


def _stop(index: Path) -> None:
    (index.parent / "stop").touch()


def _result(process: subprocess.Popen[str]) -> dict[str, int]:
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return dict(json.loads(out.strip().splitlines()[-1]))


def test_a_signed_index_is_parsed_from_the_bytes_it_checked(tmp_path: Path) -> None:
    # Issue 21.2: load_index hashed records.jsonl, then opened it again to parse; a swap
    # in between was accepted under the signature of the good copy.
    index = tmp_path / "index"
    save_tagged(index, "A", secret="s3cret")
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    text = (index / "records.jsonl").read_text()
    good.write_text(text)
    bad.write_text(text.replace('"output": "A"', '"output": "Z"'))
    swapper = _start("swapper", index, good, bad)
    _go(index)
    accepted_bad = accepted_good = refused = 0
    deadline = time.monotonic() + 3.0
    try:
        while time.monotonic() < deadline:
            try:
                saved = load_index(index, secret="s3cret")
            except SelectorLoadError:
                refused += 1
                continue
            if any(example["output"] == "Z" for example in saved.examples):
                accepted_bad += 1
            else:
                accepted_good += 1
    finally:
        _stop(index)
        flips = _result(swapper)["flips"]
    assert flips > 100 and refused > 0  # the swap really raced the loads
    assert accepted_bad == 0, f"{accepted_bad} loads accepted the edited records"
    assert accepted_good > 0


def test_two_savers_and_a_loader_never_cross(tmp_path: Path) -> None:
    # Issue 21.3: every save used the same temporary names: saves failed with
    # FileNotFoundError, loaders accepted crossed indexes, the index ended unloadable.
    index = tmp_path / "index"
    save_tagged(index, "A")
    rounds = 100
    savers = [_start("saver", index, tag, rounds) for tag in ("A", "B")]
    loader = _start("loader", index)
    _go(index)
    results = [_result(p) for p in savers]
    _stop(index)
    loads = _result(loader)
    assert [r["failed"] for r in results] == [0, 0]
    assert loads["loads"] > 0 and loads["crossed"] == 0, loads
    assert loads["refused"] == 0, loads  # savers hold the lock: a reader sees whole saves
    assert crossed(index) is False  # the last save stands, whole
    assert not [p.name for p in index.iterdir() if p.name.endswith(".tmp")]


def test_a_planted_link_at_a_temporary_name_is_not_followed(tmp_path: Path) -> None:
    index = tmp_path / "index"
    index.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    for name in (".records.jsonl.tmp", ".vectors.f32.tmp", ".config.json.tmp"):
        (index / name).symlink_to(victim)
    save_tagged(index, "A")
    assert victim.read_text() == "precious"
    assert crossed(index) is False


def test_an_empty_secret_variable_is_refused_not_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An empty LANGCHAIN_TASKGEN_INDEX_KEY= silently turned signing off.
    monkeypatch.setenv(SECRET_ENV, "")
    with pytest.raises(ValueError, match=f"{SECRET_ENV} is set but empty"):
        save_tagged(tmp_path / "index", "A")
    monkeypatch.delenv(SECRET_ENV)
    save_tagged(tmp_path / "index", "A")
    monkeypatch.setenv(SECRET_ENV, "")
    with pytest.raises(ValueError, match=f"{SECRET_ENV} is set but empty"):
        load_index(tmp_path / "index")


def test_a_full_disk_leaves_no_temporary_and_keeps_the_old_index(tmp_path: Path) -> None:
    # A file size limit (RLIMIT_FSIZE) makes every write past it fail with EFBIG, as a
    # full disk fails with ENOSPC: the save stops, the previous index stays whole.
    index = tmp_path / "index"
    save_tagged(index, "A")
    code = (
        "import resource, signal, sys\n"
        "from pathlib import Path\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))\n"
        "from tests.unit_tests.index_workers import save_tagged\n"
        "try:\n"
        "    save_tagged(Path(sys.argv[1]), 'B')\n"
        "except OSError as error:\n"
        "    print('OSError', error.errno)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(index)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.stdout.startswith("OSError"), out.stderr
    assert sorted(p.name for p in index.iterdir()) == [
        "config.json",
        "records.jsonl",
        "vectors.f32",
    ]
    assert crossed(index) is False and load_index(index).examples[0]["output"] == "A"
