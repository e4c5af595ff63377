"""The verifier on real MiniLM embeddings: hand-written correct pairs vs corrupted ones."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from langchain_taskgen import TaskPair
from langchain_taskgen.checks.verify import verify_pairs
from langchain_taskgen.cli import main
from langchain_taskgen.export import write_jsonl
from tests.data.handwritten_pairs import CORRECT, PASSAGES


def _pairs() -> list[TaskPair]:
    return [
        TaskPair(inp, out, task, PASSAGES[i], {"source": f"p{i}"}) for task, inp, out, i in CORRECT
    ]


def _corrupted() -> list[TaskPair]:
    pairs = _pairs()
    bad = []
    for k, pair in enumerate(pairs):
        # Passage swap: the pair now claims a passage about something else.
        other = PASSAGES[(PASSAGES.index(pair.context) + 3) % len(PASSAGES)]
        bad.append(TaskPair(pair.input, pair.output, pair.task_type, other, {"swap": "passage"}))
        # Answer swap: the answer of another pair of the same task type.
        same = [p for p in pairs if p.task_type == pair.task_type and p is not pair]
        donor = same[k % len(same)]
        if normalize_label(donor.output) != normalize_label(pair.output):
            bad.append(
                TaskPair(pair.input, donor.output, pair.task_type, pair.context, {"swap": "answer"})
            )
    return bad


def normalize_label(text: str) -> str:
    return text.strip(" .").casefold()


def test_verifier_keeps_correct_pairs_and_rejects_corrupted(embeddings) -> None:  # type: ignore[no-untyped-def]
    from langchain_taskgen.checks.roundtrip import RoundTripCheck
    from langchain_taskgen.engines.default import default_engine

    check = RoundTripCheck(default_engine())
    good = _pairs()
    kept, rejected, report = verify_pairs(good, embeddings=embeddings, round_trip=check)
    keep_rate = len(kept) / len(good)
    bad = _corrupted()
    _, bad_rejected, bad_report = verify_pairs(bad, embeddings=embeddings, round_trip=check)
    reject_rate = len(bad_rejected) / len(bad)
    print(
        f"kept {keep_rate:.2f} of correct; rejected {reject_rate:.2f} of corrupted: "
        f"{dict(bad_report.rejected)}"
    )
    assert report.kept + sum(report.rejected.values()) == len(good)
    assert keep_rate >= 0.85, rejected
    # Measured on this set: 12/12 kept, 19/22 rejected (16 without the round trip).
    assert reject_rate >= 0.7, dict(bad_report.rejected)
    assert bad_report.rejected["not_grounded"] >= 1
    assert report.round_trip["checked"] == sum(p.task_type in {"exqa", "qa"} for p in good)
    assert all("round_trip" in p.metadata for p in kept if p.task_type in {"exqa", "qa"})
    # Every kept pair carries its relevance quality; most point to their own passage.
    qualities = [p.metadata["quality"] for p in kept]
    assert all(0.0 <= q <= 1.0 for q in qualities)
    assert sum(q == 1.0 for q in qualities) >= len(qualities) // 2
    assert all("quality" not in p.metadata for p in good)  # inputs are not modified
    strict, strict_rejected, _ = verify_pairs(good, embeddings=embeddings, min_quality=1.0)
    assert len(strict) + len(strict_rejected) == len(good)
    assert all(p.metadata["quality"] == 1.0 for p in strict)
    assert {r for _, r in strict_rejected} <= {"low_quality", "off_passage", *report.rejected}


def test_taskgen_check_cli(tmp_path: Path) -> None:
    source = tmp_path / "pairs.jsonl"
    pairs = [*_pairs(), TaskPair("Is apt a tool?", "Perhaps", "ynqa", PASSAGES[0])]
    write_jsonl(pairs + pairs[:1], source)
    kept, rejected, report = tmp_path / "kept.jsonl", tmp_path / "rej.jsonl", tmp_path / "r.json"
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(source),
            "-o",
            str(kept),
            "--rejected",
            str(rejected),
            "--report-json",
            str(report),
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    kept_lines = kept.read_text().splitlines()
    rejected_records = [json.loads(line) for line in rejected.read_text().splitlines()]
    assert len(kept_lines) + len(rejected_records) == len(pairs) + 1
    reasons = {r["metadata"]["rejected_reason"] for r in rejected_records}
    assert {"invalid_label", "duplicate"} <= reasons
    assert json.loads(report.read_text())["pairs_in"] == len(pairs) + 1
    same = CliRunner().invoke(main, ["check", str(source), "-o", str(source)])
    assert same.exit_code == 2


def test_code_built_pairs_keep_their_relevance_score_but_are_not_rejected_for_it(
    embeddings,  # type: ignore[no-untyped-def]
) -> None:
    swapped = [p for p in _corrupted() if p.metadata["swap"] == "passage"]
    _, rejected, _ = verify_pairs(swapped, embeddings=embeddings)
    off = [p for p, reason in rejected if reason == "off_passage"]
    assert off, "a passage swap must be caught for pairs a model wrote"
    as_code = [p.with_metadata(built_by="code") for p in off]
    kept, rejected, _ = verify_pairs(as_code, embeddings=embeddings)
    assert "off_passage" not in {reason for _, reason in rejected}
    assert kept and all(p.metadata["quality"] < 1.0 for p in kept)
    # The score still serves an explicit minimum.
    _, strict, _ = verify_pairs(as_code, embeddings=embeddings, min_quality=1.0)
    assert {reason for _, reason in strict} == {"low_quality"}


def test_generate_verify_writes_kept_and_rejected_pairs(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i, passage in enumerate(PASSAGES):
        (docs / f"p{i}.txt").write_text(passage)
    out, report = tmp_path / "pairs.jsonl", tmp_path / "report.json"
    extra = ["--report-json", str(report)]
    args = ["generate", str(docs), "-t", "exqa", "-t", "ynqa", "--format", "structured"]
    result = CliRunner().invoke(
        main,
        [*args, "--llm", "tests.fake_models:make_llm", "--verify", "-o", str(out), *extra],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(report.read_text())
    kept = out.read_text().splitlines()
    rejected = [json.loads(line) for line in (tmp_path / "pairs.rejected.jsonl").open()]
    assert summary["accepted"] > 0
    assert len(kept) + len(rejected) == summary["accepted"] == summary["verify"]["pairs_in"]
    # The fake model answers nonsense, so the round trip (on the generating model) finds
    # the exqa answers not made more likely by their passage; ynqa is not round-tripped.
    assert summary["verify"]["round_trip"]["checked"] >= 1
    assert all(r["metadata"]["rejected_reason"] for r in rejected)
    assert "verify:" in result.output
    # A later run without --verify says the rejected file is not its own.
    again = CliRunner().invoke(main, [*args, "--llm", "tests.fake_models:make_llm", "-o", str(out)])
    assert again.exit_code == 0 and "earlier --verify run" in again.output


def test_generate_verify_on_a_failing_server_does_not_pass_pairs_unchecked(
    tmp_path: Path,
) -> None:
    # Issue 21.1: generate --verify shares the round trip; a server fault during the
    # verification passed every pair as checked, exit 0. Code builds these exqa and ynqa
    # pairs (the model is not asked), so only the round trip meets the failing server.
    from tests.unit_tests.loopback import failing_server

    docs = tmp_path / "docs"
    docs.mkdir()
    # Manual sentences the code asks about ("Where are packages kept?"; a narrative gives
    # no question a strict reader would keep, so no pair would meet the round trip).
    (docs / "a.txt").write_text(
        "The apt-get program installs packages from the archive. The cache in /var/cache/apt "
        "holds 60 files by default. Packages are kept in /var/cache/apt/archives after download."
    )
    (docs / "b.txt").write_text(
        "QEMU is a software emulator that can run whole operating systems. Backups are kept "
        "in /var/backups for seven days."
    )
    out = tmp_path / "pairs.jsonl"
    with failing_server() as url:
        # Questions built by code: the server is met only by the round trip after it.
        args = ["generate", str(docs), "-t", "exqa", "-t", "ynqa", "--format", "structured"]
        args += ["--model-questions", "off"]
        server = ["--openai-base-url", url, "--retries", "0", "--timeout", "5"]
        result = CliRunner().invoke(
            main, [*args, *server, "--verify", "-o", str(out)], catch_exceptions=False
        )
    assert result.exit_code == 5, result.output
    assert "rejected as unscored" in result.output and "model crashed" in result.output
    rejected = [json.loads(line) for line in (tmp_path / "pairs.rejected.jsonl").open()]
    unscored = [r for r in rejected if r["metadata"]["rejected_reason"] == "unscored"]
    assert unscored and all(r["task_type"] == "exqa" for r in unscored)
    assert all(json.loads(line)["task_type"] != "exqa" for line in out.open())
