from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from langchain_taskgen import TaskPair, write_jsonl
from langchain_taskgen.cli import main

FAKE = ["--llm", "tests.fake_models:make_llm", "--format", "instruct"]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("The licence must be included with every copy of the work.")
    (root / "b.md").write_text("# Notice\n\nModified files must carry prominent notices.")
    (root / "sub" / "c.html").write_text(
        "<html><body><p>Contributors grant a patent licence.</p></body></html>"
    )
    return root


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_help_on_every_command() -> None:
    for command in ("generate", "export", "select", "stats", "split", "eval"):
        code, out = run(command, "--help")
        assert code == 0 and "Example" in out, command


def test_generate_txt_md_html_recursively(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "pairs.jsonl"
    code, text = run("generate", str(corpus), "-t", "ynqa", "-o", str(out), *FAKE)
    assert code == 0, text
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(lines) == 3
    assert {Path(r["metadata"]["source"]).name for r in lines} == {"a.txt", "b.md", "c.html"}
    assert "accepted: 3" in text


def test_bad_inputs_are_named_and_the_rest_continues(corpus: Path, tmp_path: Path) -> None:
    (corpus / "data.bin.txt").write_bytes(b"\x00\x01\x02binary")
    (corpus / "table.csv").write_text("a,b\n1,2\n")
    broken_pdf = tmp_path / "broken.pdf"
    broken_pdf.write_text("not a pdf at all")
    out = tmp_path / "pairs.jsonl"
    code, text = run(
        "generate",
        str(corpus),
        str(broken_pdf),
        str(corpus / "table.csv"),
        str(tmp_path / "missing.txt"),
        "-t",
        "ynqa",
        "-o",
        str(out),
        *FAKE,
    )
    assert code == 3, text
    assert "data.bin.txt: binary file" in text
    assert "table.csv: unsupported extension '.csv'" in text
    assert "broken.pdf: cannot load" in text
    assert "missing.txt: no such file or directory" in text
    assert len(out.read_text().splitlines()) == 3


def test_unreadable_file(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import langchain_taskgen.loading.files as loaders

    real = loaders.detect_encoding

    def guarded(path: Path) -> str:
        if Path(path).name == "a.txt":
            raise PermissionError(13, "Permission denied")
        return real(path)

    # chmod cannot make a file unreadable for root (CI runs as root).
    monkeypatch.setattr(loaders, "detect_encoding", guarded)
    code, text = run("generate", str(corpus), "-t", "qa", "-o", str(tmp_path / "p.jsonl"), *FAKE)
    assert code == 3 and "a.txt: unreadable (permission denied)" in text


def test_empty_directory_exits_4(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, text = run("generate", str(tmp_path / "empty"), "-o", str(tmp_path / "p.jsonl"), *FAKE)
    assert code == 4
    assert "no supported files" in text and "no documents" in text


def test_unknown_task_type_is_a_usage_error(corpus: Path, tmp_path: Path) -> None:
    code, text = run("generate", str(corpus), "-t", "bogus", "-o", str(tmp_path / "p"), *FAKE)
    assert code == 2 and "unknown task type 'bogus'" in text


PAIRS = [
    TaskPair(
        "Ctx. When was it automated?",
        "1990",
        "exqa",
        "Ctx. It was automated in 1990.",
        {"source": "light.txt"},
    ),
    TaskPair("Is the software warranted?", "No", "ynqa", "No warranty.", {"source": "mit.txt"}),
    TaskPair(
        "Who appoints the steward?",
        "The board",
        "qa",
        "The board appoints the steward.",
        {"source": "gov.txt"},
    ),
    TaskPair(
        "Must the NOTICE file be kept?",
        "Yes",
        "ynqa",
        "Keep the NOTICE file.",
        {"source": "apache.txt"},
    ),
]


@pytest.fixture
def pairs_file(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.jsonl"
    write_jsonl(PAIRS, path)
    return path


@pytest.mark.parametrize(
    "fmt", ["trl", "openai-chat", "openai-completion", "alpaca", "sharegpt", "squad", "hf"]
)
def test_export_formats(pairs_file: Path, tmp_path: Path, fmt: str) -> None:
    code, text = run(
        "export", str(pairs_file), "--to", fmt, str(tmp_path / "ft"), "--tokenizer", "chars"
    )
    assert code == 0, text
    if fmt == "hf":
        from datasets import load_from_disk

        assert len(load_from_disk(str(tmp_path / "ft" / "hf"))) == 4
    else:
        lines = (tmp_path / "ft" / f"{fmt}.jsonl").read_text().splitlines()
        assert len(lines) == (1 if fmt == "squad" else 4)


def test_broken_lines_are_named_and_exit_3(pairs_file: Path, tmp_path: Path) -> None:
    with pairs_file.open("a") as handle:
        handle.write("{not json\n")
    code, text = run("stats", str(pairs_file))
    assert code == 3
    assert f"{pairs_file}:5:" in text
    assert "pairs: 4" in text and "ynqa: 2" in text
    code, text = run(
        "export", str(pairs_file), "--to", "alpaca", str(tmp_path / "x"), "--tokenizer", "chars"
    )
    assert code == 3 and "wrote 4 records" in text


def test_export_check_dedupe_and_length_warning(pairs_file: Path, tmp_path: Path) -> None:
    with pairs_file.open("a") as handle:
        handle.write(pairs_file.read_text().splitlines()[0] + "\n")
    args = ["export", str(pairs_file), "--to", "trl", str(tmp_path / "x"), "--tokenizer", "chars"]
    code, text = run(*args, "--max-length", "5")
    assert code == 0, text
    assert "duplicates: 1" in text and "missing system message: 5" in text
    assert "over the 5-token limit" in text and "--dedupe" in text
    code, text = run(*args, "--dedupe", "--system", "Answer briefly.", "--json")
    summary = json.loads(text[: text.rindex("}") + 1])
    assert summary["removed_duplicates"] == 1 and summary["missing_system"] == 0


def test_stats_json(pairs_file: Path) -> None:
    code, text = run("stats", str(pairs_file), "--json")
    data = json.loads(text)
    assert code == 0 and data["pairs"] == 4 and data["sources"]["mit.txt"] == 1


def test_split_is_leak_free(pairs_file: Path, tmp_path: Path) -> None:
    code, text = run("split", str(pairs_file), "-o", str(tmp_path / "s"), "--eval-fraction", "0.25")
    assert code == 0, text
    train = [json.loads(x) for x in (tmp_path / "s" / "train.jsonl").read_text().splitlines()]
    test = [json.loads(x) for x in (tmp_path / "s" / "eval.jsonl").read_text().splitlines()]
    assert len(train) + len(test) == 4 and test
    assert not ({r["metadata"]["source"] for r in train} & {r["metadata"]["source"] for r in test})


def test_missing_pairs_file_is_a_usage_error(tmp_path: Path) -> None:
    code, text = run("stats", str(tmp_path / "nope.jsonl"))
    assert code == 2 and "does not exist" in text


def test_split_with_a_broken_line_exits_3(pairs_file: Path, tmp_path: Path) -> None:
    with pairs_file.open("a") as handle:
        handle.write('{"input": "no output"}\n')
    code, text = run("split", str(pairs_file), "-o", str(tmp_path / "s"))
    assert code == 3
    assert f"{pairs_file}:5:" in text and "output" in text
    assert (tmp_path / "s" / "eval.jsonl").exists()


def test_bonito_format_on_a_non_bonito_model_is_refused_before_the_run(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "pairs.jsonl"
    code, text = run("generate", str(corpus), "-t", "ynqa", "-o", str(out), "--format", "bonito")
    assert code == 2 and "needs a Bonito-trained model" in text and "--force-format" in text
    assert not out.exists()
    code, text = run(
        "generate",
        str(corpus),
        "-t",
        "ynqa",
        "-o",
        str(out),
        "--format",
        "bonito",
        "--force-format",
        "--llm",
        "tests.fake_models:make_llm",
    )
    assert code == 0, text
    assert "completions:" in text


def test_dtype_option_is_validated(corpus: Path, tmp_path: Path) -> None:
    code, text = run("generate", str(corpus), "-o", str(tmp_path / "p.jsonl"), "--dtype", "fp8")
    assert code == 2 and "--dtype" in text


def test_structured_format_run_journals_and_resumes(tmp_path: Path) -> None:
    # One completion per model prompt in this format: that is not an engine failure.
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "backup.txt").write_text(
        "The backup job runs every night and keeps 14 copies of each database. The backup "
        "server is located in the second data centre. Restores can be started from the web "
        "console by any administrator."
    )
    (docs / "mail.txt").write_text(
        "The mail server accepts messages from 12 internal networks only. Each mailbox can "
        "hold 5 gigabytes of messages. The quota is raised by the help desk on request."
    )
    out = tmp_path / "pairs.jsonl"
    log = tmp_path / "calls.log"
    args = ["generate", str(docs), "-t", "ynqa", "-t", "paraphrase", "-t", "sent_comp"]
    args += ["-n", "2", "-o", str(out), "--llm", "tests.fake_models:make_llm"]
    os.environ["TASKGEN_FAKE_LOG"] = str(log)
    try:
        code, text = run(*args, "--format", "structured")
        assert code == 0, text
        records = [json.loads(line) for line in out.read_text().splitlines()]
        assert {r["task_type"] for r in records} >= {"ynqa", "sent_comp"}
        assert all(r["metadata"]["built_by"] in {"code", "model"} for r in records)
        calls = log.read_text().count("\n")
        assert calls >= 1  # paraphrase prompts reached the model
        code, text = run(*args, "--format", "structured")
        assert code == 0, text
        assert log.read_text().count("\n") == calls  # resumed: nothing generated again
        assert len(out.read_text().splitlines()) == len(records)
    finally:
        del os.environ["TASKGEN_FAKE_LOG"]


def test_model_options_go_through_engines_resolve(corpus: Path, tmp_path: Path) -> None:
    out = str(tmp_path / "p.jsonl")
    code, text = run("generate", str(corpus), "-o", out, "--model", str(tmp_path), *FAKE)
    assert code == 2 and "only one of" in text
    code, text = run("generate", str(corpus), "-o", out, "--llm", "tests.fake_models")
    assert code == 2 and "module:attribute" in text
    code, text = run("generate", str(corpus), "-o", out, "--llm", "tests.fake_models:nope")
    assert code == 1 and "cannot import" in text
    code, text = run("generate", str(corpus), "-o", out, "--model", str(tmp_path / "none"))
    assert code == 1 and "does not exist" in text
