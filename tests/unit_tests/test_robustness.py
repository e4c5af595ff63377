"""Findings of issue 11 (hostile probe): each reproduced on real files / a loopback server."""

from __future__ import annotations

import json
import os
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from langchain_taskgen.cli import main
from langchain_taskgen.loading import load_paths
from langchain_taskgen.pairs import read_pairs

FAKE = ["-t", "ynqa", "--llm", "tests.fake_models:make_llm", "--format", "instruct"]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def readonly_dir(tmp_path: Path) -> Path:
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    return Path("/sys")  # read-only even for root


# -- 1: an outage is not a result ---------------------------------------------------------

REPLY = " Is the passage about licences?\nOutput: Yes"


class Server:
    def __init__(self) -> None:
        self.mode = "garbage"
        self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                server.requests += 1
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if server.mode == "hang":
                    threading.Event().wait(5)
                    return
                if server.mode == "garbage":
                    body = b"<html>not json"
                else:
                    body = json.dumps(
                        {
                            "id": "x",
                            "object": "chat.completion",
                            "created": 0,
                            "model": "m",
                            "choices": [
                                {
                                    "index": 0,
                                    "message": {"role": "assistant", "content": REPLY},
                                    "finish_reason": "stop",
                                }
                            ],
                            "usage": {
                                "prompt_tokens": 5,
                                "completion_tokens": 5,
                                "total_tokens": 10,
                            },
                        }
                    ).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def test_outage_chunks_are_retried_by_the_next_run(tmp_path: Path) -> None:
    pytest.importorskip("langchain_openai")
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"d{i}.txt").write_text(f"Licence clause {i}: keep notice {i} in every copy.")
    out = tmp_path / "pairs.jsonl"
    with socket.socket() as s:  # a port where nothing listens: connection refused
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    base = ["generate", str(corpus), "-t", "ynqa", "-o", str(out), "--format", "instruct"]
    opts = ["--timeout", "1", "--retries", "0", "--openai-model", "m"]
    code, text = run(*base, *opts, "--openai-base-url", f"http://127.0.0.1:{dead}/v1")
    assert code == 5, text
    assert "3 chunks failed for engine reasons" in text
    server = Server()
    url = f"http://127.0.0.1:{server.port}/v1"
    for mode in ("garbage", "hang"):
        server.mode = mode
        code, text = run(*base, *opts, "--openai-base-url", url)
        assert code == 5, (mode, text)
        assert not out.read_text()
    server.mode = "ok"
    before = server.requests
    code, text = run(*base, *opts, "--openai-base-url", url)
    assert code == 0, text
    assert server.requests - before == 3, "the failed chunks must be asked again"
    assert len(out.read_text().splitlines()) == 3 and "accepted: 3" in text
    server.httpd.shutdown()


# -- 3 and 8: overlapping inputs, output among the inputs ---------------------------------


def test_overlapping_inputs_keep_every_pair(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"doc{i}.txt").write_text(f"Clause {i}: the notice must be kept.")
    out = tmp_path / "p.jsonl"
    code, text = run("generate", str(corpus), str(corpus / "doc1.txt"), "-o", str(out), *FAKE)
    assert code == 0, text
    assert len(out.read_text().splitlines()) == 3 and "accepted: 3" in text


def test_output_that_is_an_input_is_refused(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("The notice must be kept.")
    code, text = run("generate", str(doc), "-o", str(doc), *FAKE)
    assert code == 2 and "is also an input" in text
    assert doc.read_text() == "The notice must be kept."


# -- 4 and 10: loaders ---------------------------------------------------------------------


def _pdf_with_lone_surrogate(path: Path) -> None:
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
        b"/CMapName /X def 1 begincodespacerange <00> <FF> endcodespacerange "
        b"2 beginbfchar <41> <0041> <42> <D800> endbfchar endcmap end end"
    )
    content = b"BT /F1 12 Tf 10 10 Td (ABAB) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(out)


def test_pdf_with_a_lone_surrogate_does_not_kill_the_run(tmp_path: Path) -> None:
    pytest.importorskip("pypdf")
    pdf = tmp_path / "bad.pdf"
    _pdf_with_lone_surrogate(pdf)
    (tmp_path / "ok.txt").write_text("The notice must be kept in every copy.")
    out = tmp_path / "out" / "p.jsonl"
    code, text = run("generate", str(pdf), str(tmp_path / "ok.txt"), "-o", str(out), *FAKE)
    # The lone surrogate is replaced when loading: both files load, nothing is skipped.
    assert code == 0, text
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(str(r["metadata"]["source"])).name for r in records) == ["bad.pdf", "ok.txt"]
    pdf_text = next(r["context"] for r in records if str(r["metadata"]["source"]).endswith(".pdf"))
    assert "\ufffd" in pdf_text and not any(0xD800 <= ord(c) <= 0xDFFF for c in pdf_text)


def test_encodings_nuls_and_empty_files(tmp_path: Path) -> None:
    french = (
        "Le café coûte très cher à Genève. Les élèves étudient la littérature française et "
        "préfèrent les rédactions où l'on décrit des châteaux, des forêts et des rivières. "
    ) * 3
    (tmp_path / "latin1.txt").write_bytes(french.encode("latin-1"))
    (tmp_path / "utf16.txt").write_bytes("The notice must be kept, señor.".encode("utf-16"))
    (tmp_path / "nul.txt").write_bytes(b"A" * 9000 + b"\x00 tail text")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("   \n\n")
    with pytest.warns(UserWarning, match="latin1.txt: not UTF-8; read as cp1252"):
        result = load_paths([tmp_path])
    by_name = {Path(d.metadata["source"]).name: d.page_content for d in result.documents}
    assert by_name["latin1.txt"] == french
    assert by_name["utf16.txt"] == "The notice must be kept, señor."
    assert "\x00" not in by_name["nul.txt"] and by_name["nul.txt"].endswith("tail text")
    problems = "\n".join(result.problems)
    assert "empty.txt: empty" in problems and "blank.md: empty" in problems
    code, text = run("generate", str(tmp_path), "-o", str(tmp_path / "o" / "p.jsonl"), *FAKE)
    assert code == 3 and "empty.txt: empty" in text
    # The report's own first line counts them too (it used to say "skipped: 0").
    assert "input files: 5; skipped: 2 (empty: 2), each named in a warning above" in text


def test_fifo_and_unreadable_subdirectory_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "c"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "a.txt").write_text("Some text.")
    os.mkfifo(corpus / "pipe.txt")
    if os.geteuid() == 0:
        # Root reads any folder: make the walk fail on this one as a permission error would.
        real = os.scandir

        def scandir(path: object) -> object:
            if str(path).endswith("locked"):
                raise PermissionError(13, "Permission denied", str(path))
            return real(path)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "scandir", scandir)
    else:
        (corpus / "locked").chmod(0)
    result = load_paths([corpus, corpus / "pipe.txt"])
    problems = "\n".join(result.problems)
    assert "locked: unreadable directory" in problems
    assert "pipe.txt: named pipe (FIFO), not a file" in problems
    assert "no such file" not in problems
    assert len(result.documents) == 1


# -- 6: one run per output -----------------------------------------------------------------


def test_a_second_run_on_a_locked_output_stops(tmp_path: Path) -> None:
    from langchain_taskgen.generation.runs import OutputLock, RunLockedError

    out = tmp_path / "p.jsonl"
    doc = tmp_path / "d.txt"
    doc.write_text("The notice must be kept.")
    import subprocess
    import sys

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, fcntl, os; fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT); "
            "fcntl.flock(fd, fcntl.LOCK_EX); os.write(fd, b'4242'); print('held', flush=True); "
            "sys.stdin.read()",
            str(out) + ".lock",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    code, text = run("generate", str(doc), "-o", str(out), *FAKE)
    assert code == 1 and "another run is writing" in text and not out.exists()
    holder.kill()  # a dead holder holds nothing
    holder.wait()
    with OutputLock(out):
        pass
    code, text = run("generate", str(doc), "-o", str(out), *FAKE)
    assert code == 0, text
    assert RunLockedError


# -- 7: journal damage -----------------------------------------------------------------------


def test_damaged_journal_lines_cost_only_themselves(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(8):
        (corpus / f"doc{i}.txt").write_text(f"Clause {i}: the notice must be kept.")
    out = tmp_path / "p.jsonl"
    args = ["generate", str(corpus), "-o", str(out), "--batch-chunks", "2", *FAKE]
    assert run(*args)[0] == 0
    journal = Path(str(out) + ".journal")
    lines = journal.read_text().splitlines()
    assert len(lines) == 4
    lines[1] = lines[1][:40] + "#broken"
    lines[2] = json.dumps({"v": 1, "nokeys": True})
    journal.write_text("\n".join(lines) + "\n")
    code, text = run(*args)
    assert code == 0, text
    assert f"{journal}:2: damaged line skipped" in text
    assert f"{journal}:3: damaged line skipped" in text
    assert "resumed: 4 chunks" in text
    assert len(out.read_text().splitlines()) == 8 and "accepted: 8" in text


# -- 11 and 13: clear errors before any work ----------------------------------------------------


def test_bad_numbers_and_unwritable_paths_are_clear_errors(tmp_path: Path) -> None:
    doc = tmp_path / "d.txt"
    doc.write_text("The notice must be kept.")
    out = str(tmp_path / "p.jsonl")
    code, text = run("generate", str(doc), "-o", out, "--batch-chunks", "0", *FAKE)
    assert code == 2 and "--batch-chunks" in text
    code, text = run("generate", str(doc), "-o", out, "--concurrency", "0", *FAKE)
    assert code == 2 and "--concurrency" in text
    ro = readonly_dir(tmp_path)
    code, text = run("generate", str(doc), "-o", out, "--report-json", str(ro / "r.json"), *FAKE)
    assert code == 1 and "cannot write" in text and not Path(out).exists()
    code, text = run("generate", str(doc), "-o", str(ro / "p.jsonl"), *FAKE)
    assert code == 1 and "cannot write" in text
    pairs = tmp_path / "pairs.jsonl"
    run("generate", str(doc), "-o", str(pairs), *FAKE)
    code, text = run("export", str(pairs), "--to", "alpaca", str(ro / "ft"))
    assert code == 1 and "cannot write" in text


def test_pairs_file_with_one_latin1_byte_names_the_line(tmp_path: Path) -> None:
    good = json.dumps({"input": "Q?", "output": "Yes", "task_type": "ynqa"})
    path = tmp_path / "pairs.jsonl"
    path.write_bytes(good.encode() + b"\n" + b'{"input": "caf\xe9"}\n' + good.encode() + b"\n")
    pairs, errors = read_pairs(path)
    assert len(pairs) == 2 and len(errors) == 1 and f"{path}:2:" in errors[0]
