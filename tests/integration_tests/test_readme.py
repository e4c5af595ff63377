"""Every Python example in the README runs, in order, as one script (default model)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_python_examples_run(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    assert len(blocks) >= 4
    script = tmp_path / "readme_examples.py"
    body = "\n".join(blocks)
    script.write_text(
        'if __name__ == "__main__":\n'
        + "\n".join("    " + line for line in body.splitlines())
        + "\n"
    )
    result = subprocess.run(
        [sys.executable, str(script)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "accepted:" in result.stdout
    assert "HumanMessage" in result.stdout
