"""Every Python example in the README runs as written, as a plain script (default model)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
# What starts vLLM (it spawns a process, so a script needs a main guard).
STARTS_VLLM = re.compile(r"TaskGenerator\(|VLLMEngine\(|generate_tasks\(|Bonito\(|\.engine\b")
GUARD = 'if __name__ == "__main__":'


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)


def test_readme_snippets_that_start_vllm_have_a_main_guard() -> None:
    blocks = python_blocks()
    starting = [b for b in blocks if STARTS_VLLM.search(b)]
    assert starting, "the README shows no generation example"
    for block in starting:
        assert GUARD in block, f"README snippet starts vLLM without a main guard:\n{block}"


def test_readme_links_stay_inside_the_repository() -> None:
    text = README.read_text(encoding="utf-8")
    prose = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    assert "../" not in prose, "README points at a path outside the repository"
    prose = re.sub(r"`[^`\n]*`", "", prose)  # code spans hold example URLs, not links
    assert not re.search(r"https?://|www\.", prose), "README links outside the repository"
    for target in re.findall(r"\]\(([^)\s]+)\)", prose):
        path = (ROOT / target.split("#", 1)[0]).resolve()
        assert path.is_relative_to(ROOT) and path.exists(), f"README link {target} is broken"


def test_readme_python_examples_run_as_plain_scripts(tmp_path: Path) -> None:
    blocks = python_blocks()
    assert len(blocks) >= 2
    outputs = []
    for number, block in enumerate(blocks):
        # Each snippet exactly as a user would paste it into a file, in README order
        # (the selector snippet reads the pairs the first one writes).
        script = tmp_path / f"readme_example_{number}.py"
        script.write_text(block, encoding="utf-8")
        result = subprocess.run(
            [sys.executable, str(script)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=900,
            env={**os.environ, "HF_HUB_OFFLINE": "1"},
        )
        assert result.returncode == 0, f"snippet {number}:\n{result.stderr[-3000:]}"
        outputs.append(result.stdout)
    stdout = "\n".join(outputs)
    assert "accepted:" in stdout
    assert "source_row" in stdout
    assert "HumanMessage" in stdout
