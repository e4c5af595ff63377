import json
import random
from pathlib import Path

from click.testing import CliRunner

from langchain_taskgen.cli import EXIT_AUDIT, main
from langchain_taskgen.pairs import TaskPair

NOUNS = "cache mirror package kernel daemon socket journal volume quota proxy".split()


def _write(path: Path, pairs: list[TaskPair]) -> Path:
    path.write_text("".join(p.to_json() + "\n" for p in pairs) + "{broken\n")
    return path


def _ynqa(negation_gives_label: bool) -> list[TaskPair]:
    rng = random.Random(3)
    pairs = []
    for i in range(40):
        statement = f"The {rng.choice(NOUNS)} keeps the {rng.choice(NOUNS)} {i}"
        negated = rng.random() < 0.5
        question = statement.replace(" keeps", " does not keep") if negated else statement
        label = ("no" if negated else "yes") if negation_gives_label else ("yes", "no")[i % 2]
        pairs.append(
            TaskPair(f"{statement}.\n\nIs it true that {question}?", label, "ynqa", f"{statement}.")
        )
    return pairs


def test_audit_gate_fails_on_a_trick_and_passes_a_balanced_file(tmp_path: Path) -> None:
    runner = CliRunner()
    tricky = _write(tmp_path / "tricky.jsonl", _ynqa(True))
    result = runner.invoke(main, ["audit", str(tricky), "--max-gap", "0.1"])
    assert result.exit_code == EXIT_AUDIT, result.output
    assert "ynqa" in result.output and "beyond the allowed gap" in result.output

    fair = _write(tmp_path / "fair.jsonl", _ynqa(False))
    result = runner.invoke(main, ["audit", str(fair), "--max-gap", "0.15", "--json"])
    assert result.exit_code == 3, result.output  # passed, but a broken line was skipped
    report = json.loads(result.stdout[result.stdout.index("{") :])
    assert report["types"]["ynqa"]["pairs"] == 40
    assert report["types"]["ynqa"]["gap"] <= 0.15


def test_audit_min_distinct_gate(tmp_path: Path) -> None:
    passage = "Apt keeps downloaded packages in /var/cache/apt/archives."
    question = "Where does apt keep downloaded packages?"
    pairs = [
        TaskPair(f"{passage}\n\n{question}", "/var/cache/apt/archives", "exqa", passage),
        TaskPair(f"{passage}\n\nBased on the text, {question}", "In its cache.", "qa", passage),
    ]
    path = _write(tmp_path / "q.jsonl", pairs)
    result = CliRunner().invoke(main, ["audit", str(path), "--min-distinct", "0.9"])
    assert result.exit_code == EXIT_AUDIT
    assert "1 distinct" in result.output
