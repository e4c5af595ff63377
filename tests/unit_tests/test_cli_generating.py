"""``taskgen generate`` (langchain_taskgen.cli.generating) on real files with fake models."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

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
    (corpus / "empty.md").write_text("")
    broken_pdf = tmp_path / "broken.pdf"
    broken_pdf.write_text("not a pdf at all")
    os.mkfifo(tmp_path / "pipe.txt")
    out = tmp_path / "pairs.jsonl"
    report = tmp_path / "report.json"
    code, text = run(
        "generate",
        str(corpus),
        str(broken_pdf),
        str(corpus / "table.csv"),
        str(tmp_path / "pipe.txt"),
        "-t",
        "ynqa",
        "-o",
        str(out),
        "--report-json",
        str(report),
        *FAKE,
    )
    assert code == 3, text
    assert "data.bin.txt: binary file" in text
    assert "table.csv: unsupported extension '.csv'" in text
    assert "broken.pdf: cannot load" in text
    assert "pipe.txt: named pipe (FIFO), not a file" in text
    assert len(out.read_text().splitlines()) == 3
    # 7 files (a.txt, b.md, c.html, data.bin.txt, empty.md, broken.pdf, table.csv); the
    # FIFO is no file and is counted apart. Every count is in words, none a raw dict.
    assert (
        "input files: 7; skipped: 4 (binary: 1, broken: 1, empty: 1, unsupported: 1); "
        "not files: 1; each named in a warning above"
    ) in text
    assert "documents: 3; skipped: 0" in text and "by task: ynqa 3" in text
    assert "{" not in text
    data = json.loads(report.read_text())
    assert data["files"] == 7 and len(data["input_problems"]) == 5
    assert data["skipped_files"] == {"binary": 1, "unsupported": 1, "broken": 1, "empty": 1}


def test_a_missing_input_path_stops_before_any_work(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "pairs.jsonl"
    missing = [str(tmp_path / "typo.txt"), str(tmp_path / "nodir")]
    code, text = run("generate", str(corpus), *missing, "-t", "ynqa", "-o", str(out), *FAKE)
    assert code == 2, text
    assert f"input path not found (no such file or directory): {', '.join(missing)}" in text
    assert not out.exists() and not Path(f"{out}.journal").exists()
    # A broken symbolic link exists: it is named and skipped, the run goes on (exit 3).
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    code, text = run(
        "generate",
        str(corpus),
        str(tmp_path / "dangling.txt"),
        "-t",
        "ynqa",
        "-o",
        str(out),
        *FAKE,
    )
    assert code == 3 and "dangling.txt: broken symbolic link, not a file" in text
    assert "input files: 3; skipped: 0; not files: 1" in text


def test_missing_input_path_in_the_library(corpus: Path, tmp_path: Path) -> None:
    from langchain_core.language_models import FakeListLLM

    from langchain_taskgen import TaskGenerator
    from langchain_taskgen.jobs import JobUsageError, MissingInputError, generate_file

    generator = TaskGenerator(llm=FakeListLLM(responses=["x"]), task_type="qa", format="bonito")
    with pytest.raises(MissingInputError, match="typo.md") as raised:
        generate_file([corpus, tmp_path / "typo.md"], tmp_path / "p.jsonl", generator)
    assert isinstance(raised.value, JobUsageError)


def test_unreadable_file(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import langchain_taskgen.loading.files as loaders

    real = loaders._loader

    def guarded(path: Path, *args: Any) -> Any:
        if Path(path).name == "a.txt":
            raise PermissionError(13, "Permission denied")
        return real(path, *args)

    # chmod cannot make a file unreadable for root (CI runs as root).
    monkeypatch.setattr(loaders, "_loader", guarded)
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
    assert "tasks planned:" in text


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
        "console by any administrator.\n\n2. Printing\n\n"
        "Printers are shared with the rest of the network through CUPS on the main server. "
        "The web interface of the firewall listens on port 8443 of the router."
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
        assert {r["task_type"] for r in records} >= {"ynqa"}  # sent_comp: see run_limits
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
