"""kill -9 of a process running the real vLLM engine leaves no vLLM process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from langchain_taskgen.engines.reaper import _descendants, _processes

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import sys
from langchain_taskgen.engines.default import default_model_dir
from langchain_taskgen.engines.vllm import VLLMEngine

if __name__ == "__main__":
    engine = VLLMEngine(default_model_dir(), dtype="float32")
    engine.llm
    print("ready", flush=True)
    sys.stdin.read()
"""


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\\0", b" ").decode()
    except OSError:
        return ""


def _zombie(pid: int) -> bool:
    try:
        raw = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return True
    return raw[raw.rfind(b")") + 2 : raw.rfind(b")") + 3] in (b"Z", b"X")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc")
def test_kill_9_of_the_parent_kills_the_vllm_processes(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, "-c", SCRIPT],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert child.stdout is not None
        # vLLM logs to stdout too: wait for our own line.
        for line in child.stdout:
            if line.strip() == "ready":
                break
        assert child.poll() is None, "the engine did not start"
        table = _processes()
        tree = {pid: table[pid][1] for pid in _descendants(child.pid, table) if pid in table}
        assert any("VLLM" in _name(p) for p in tree), {p: _name(p) for p in tree}
        child.send_signal(signal.SIGKILL)
        child.wait()
        deadline = time.time() + 10
        while time.time() < deadline:
            now = _processes()
            alive = {p for p in tree if now.get(p, (0, -1))[1] == tree[p] and not _zombie(p)}
            if not alive:
                break
            time.sleep(0.2)
        assert not alive, {p: _name(p) for p in alive}
    finally:
        if child.poll() is None:
            child.kill()
