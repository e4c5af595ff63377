"""What a hostile user found: mixed UTF-8, wrong declarations, UTF-16 given, odd paths."""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from langchain_taskgen.cli import main
from langchain_taskgen.loading import guess_encoding, load_paths

# Real text with the non-ASCII punctuation an English UTF-8 file has (dashes, quotes).
PARAGRAPH = (
    "The loader reads every file — text, Markdown or HTML — and keeps “quoted” words, "
    "the author’s apostrophes and 20 °C as they were written.\n"
)
FAKE = ["--llm", "tests.fake_models:make_llm", "--format", "instruct", "--no-audit"]


def mixed_file(path: Path) -> bytes:
    """28 KB of UTF-8 with one Latin-1 line (line 201), as the probe made it."""
    data = (PARAGRAPH * 200).encode("utf-8") + "Voilà.\n".encode("latin-1")
    data += (PARAGRAPH * 5).encode("utf-8")
    path.write_bytes(data)
    return data


def quiet_load(paths: list[Path], **kwargs: str | None):  # type: ignore[no-untyped-def]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # every warning must go to on_warning
        return load_paths(paths, on_warning=lambda _: None, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("encoding", [None, "utf-8", "UTF8", "utf-8-sig"])
def test_a_stray_latin1_byte_does_not_garble_a_utf8_file(
    tmp_path: Path, encoding: str | None
) -> None:
    path = tmp_path / "notes.txt"
    assert len(mixed_file(path)) > 28_000
    result = quiet_load([path], encoding=encoding)
    assert result.problems == []  # encoding="utf-8" used to drop the file
    text = result.documents[0].page_content
    assert text == PARAGRAPH * 200 + "Voilà.\n" + PARAGRAPH * 5  # no mojibake of the dashes
    assert len(result.warnings) == 1
    warned = result.warnings[0]
    assert warned.startswith(f"{path}: mostly UTF-8; 1 byte not UTF-8 (the first on line 201)")
    assert "read as Windows-1252" in warned


def test_mostly_utf8_needs_valid_utf8_around_few_stray_bytes() -> None:
    from langchain_taskgen.loading import mostly_utf8

    utf8 = (PARAGRAPH * 3).encode("utf-8")
    assert mostly_utf8(utf8 + "é".encode("latin-1")) == (1, 4)
    # Latin-1 text has no valid multi-byte UTF-8: not mostly UTF-8, however short.
    assert mostly_utf8("Une crème brûlée.".encode("latin-1")) is None
    assert mostly_utf8(("Élève à l’école. " * 50).encode("cp1252")) is None
    # Half the non-ASCII text in each: a real mix, not stray bytes.
    assert mostly_utf8(utf8 + ("Été — " * 20).encode("cp1252")) is None
    assert guess_encoding(utf8 + ("Été — " * 20).encode("cp1252")).encoding != "utf-8"


def test_the_encoding_given_as_utf8_repairs_every_invalid_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Une crème brûlée coûte 10 €.\n".encode("cp1252"))
    result = quiet_load([path], encoding="utf-8")  # the user says UTF-8: read, warned
    assert result.documents[0].page_content == "Une crème brûlée coûte 10 €.\n"
    assert "mostly UTF-8; 5 bytes not UTF-8 (the first on line 1)" in result.warnings[0]


def test_mixed_utf8_through_the_cli(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    mixed_file(corpus / "notes.txt")
    out = tmp_path / "pairs.jsonl"
    args = ["generate", str(corpus), "-t", "ynqa", "-o", str(out), *FAKE, "--encoding", "utf-8"]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "notes.txt: mostly UTF-8; 1 byte not UTF-8 (the first on line 201)" in result.output
    contexts = out.read_text(encoding="utf-8")
    assert "—" in contexts and "\u201a\u00c4\u00ee" not in contexts  # no mac_iceland mojibake


PAGE = (
    '<html><head><meta charset="{charset}"></head><body>'
    "<p>Le système est brûlé, à côté de l’école.</p></body></html>"
)


@pytest.mark.parametrize("charset", ["iso-8859-2", "windows-1250", "ISO-8859-13"])
def test_a_wrong_single_byte_declaration_is_overruled_with_a_warning(
    tmp_path: Path, charset: str
) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(PAGE.format(charset=charset).encode("cp1252"))
    result = quiet_load([page])
    assert result.documents[0].page_content == "Le système est brûlé, à côté de l’école."
    assert len(result.warnings) == 1
    warned = result.warnings[0]
    assert f"page.html: not UTF-8; read as cp1252 (the page declares {charset.lower()}" in warned
    assert "wrongly: its accented letters fit no language of it" in warned


def test_a_right_declaration_stays_silent_and_a_wrong_utf8_one_is_named(tmp_path: Path) -> None:
    czech = tmp_path / "cz.html"
    text = "Všichni lidé rodí se svobodní a sobě rovní."
    czech.write_bytes(f'<meta charset="iso-8859-2"><p>{text}</p>'.encode("iso-8859-2"))
    result = quiet_load([czech])
    assert result.documents[0].page_content == text and result.warnings == []
    wrong = tmp_path / "wrong.html"
    wrong.write_bytes(PAGE.format(charset="utf-8").encode("cp1252"))
    result = quiet_load([wrong])
    assert "the page declares utf-8, wrongly: its bytes do not decode in it" in result.warnings[0]


def test_utf16_without_bom_loads_when_given(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("Plain UTF-16 text, señor.".encode("utf-16-le"))
    result = quiet_load([path], encoding="utf-16-le")
    assert result.problems == []  # was "binary file, not text"
    assert result.documents[0].page_content == "Plain UTF-16 text, señor."
    assert quiet_load([path]).skipped == {"binary": 1}  # not given: NULs are binary
    binary = tmp_path / "data.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    # latin-1 decodes any bytes: NULs in its text still say binary.
    assert quiet_load([binary], encoding="latin-1").skipped == {"binary": 1}


@pytest.mark.parametrize(
    "data",
    [
        "<p>crème</p>".encode("latin-1"),  # even length: decodes as UTF-16, oddly
        "<p>crème brûlée</p>".encode("latin-1"),  # odd length: truncated UTF-16
        b"<p>\x00\xdc</p>",  # a lone low surrogate
    ],
)
def test_html_and_text_get_the_same_reason_for_the_same_bytes(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "a.txt").write_bytes(data)
    (tmp_path / "a.html").write_bytes(data)
    text = quiet_load([tmp_path / "a.txt"], encoding="utf-16")
    html = quiet_load([tmp_path / "a.html"], encoding="utf-16")
    assert text.skipped == html.skipped
    assert "broken" not in html.skipped and "broken" not in text.skipped
    assert not any(
        "UnicodeError" in p or "RuntimeError" in p for p in text.problems + html.problems
    )


def test_a_fifo_or_dangling_link_named_twice_counts_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The notice must be kept in every copy.")
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "dangling.md").symlink_to(tmp_path / "gone.md")
    named = [corpus, corpus / "pipe.txt", corpus / "dangling.md"]
    result = quiet_load(named)
    assert result.not_files == 2 and len(result.problems) == 2
    out, report = tmp_path / "pairs.jsonl", tmp_path / "report.json"
    args = ["generate", *map(str, named), "-t", "ynqa", "-o", str(out), *FAKE]
    run = CliRunner().invoke(main, [*args, "--report-json", str(report)], catch_exceptions=False)
    assert run.exit_code == 3, run.output
    assert run.output.count("pipe.txt: named pipe (FIFO), not a file") == 1
    assert run.output.count("dangling.md: broken symbolic link, not a file") == 1
    assert "input files: 1; skipped: 0; not files: 2; each named" in run.output
    data = json.loads(report.read_text())
    assert data["not_files"] == 2 and data["files"] == 1


def test_unsupported_files_in_folders_are_counted(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.rst").write_text("Title\n=====\n\nThe notice must be kept.\n")
    (corpus / "table.csv").write_text("a,b\n")
    few = quiet_load([corpus])
    assert few.files == 2 and few.skipped == {"unsupported": 1}
    assert few.problems == [
        f"{corpus / 'table.csv'}: unsupported extension '.csv' "
        "(supported: .htm, .html, .markdown, .md, .pdf, .rst, .txt)"
    ]
    for i in range(6):
        (corpus / f"image{i}.png").write_bytes(b"\x89PNG")
    many = quiet_load([corpus])
    assert many.files == 8 and many.skipped == {"unsupported": 7}
    assert len(many.problems) == 1  # one summary, not one line per file
    assert many.problems[0].startswith(
        f"{corpus}: 7 files of unsupported extensions skipped (.csv: 1, .png: 6; e.g. "
    )
    # A folder with no supported file names the real list of extensions.
    empty = tmp_path / "images"
    empty.mkdir()
    (empty / "x.png").write_bytes(b"\x89PNG")
    problems = quiet_load([empty]).problems
    assert (
        f"{empty}: no supported files (.htm, .html, .markdown, .md, .pdf, .rst, .txt) inside"
        in (problems)
    )


def test_the_runs_own_files_in_an_input_folder_are_not_counted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The notice must be kept in every copy of the work.")
    out = tmp_path / "pairs.jsonl"
    args = ["generate", str(tmp_path), "-t", "ynqa", "-o", str(out), *FAKE]
    for _ in range(2):  # the second run finds pairs.jsonl and its journal there
        run = CliRunner().invoke(main, args, catch_exceptions=False)
        assert run.exit_code == 0, run.output
        assert "input files: 1; skipped: 0" in run.output and "unsupported" not in run.output


HANDBOOK = Path("/usr/share/doc/debian-handbook/html/en-US/sect.apt-get.html")


@pytest.mark.skipif(not HANDBOOK.is_file(), reason="debian-handbook is not installed")
def test_a_real_utf8_page_with_a_pasted_latin1_sentence(tmp_path: Path) -> None:
    # A real page (a tuning text) that declares UTF-8, with a Latin-1 sentence pasted in.
    page = HANDBOOK.read_bytes()
    at = page.index(b"</p>", len(page) // 2)
    pasted = "<p>Voilà, c'est réglé.</p>".encode("latin-1")
    (tmp_path / "clean.html").write_bytes(page)
    (tmp_path / "mixed.html").write_bytes(page[:at] + b"</p>" + pasted + page[at + 4 :])
    clean = quiet_load([tmp_path / "clean.html"]).documents[0].page_content
    result = quiet_load([tmp_path / "mixed.html"])
    text = result.documents[0].page_content
    assert "Voilà, c'est réglé." in text and "“" in text and "—" in text
    assert text.replace("\n\nVoilà, c'est réglé.", "") == clean  # nothing else changed
    line = page.count(b"\n", 0, at) + 1
    assert f"mostly UTF-8; 3 bytes not UTF-8 (the first on line {line})" in result.warnings[0]


def test_a_right_declaration_of_a_two_language_page_is_kept(tmp_path: Path) -> None:
    # French and German together fit no one language; no other code page fits either:
    # the declaration is trusted, silently (only a code page that fits overrules it).
    text = "Le château de Genève, à côté. Die Größe über alles."
    page = tmp_path / "two.html"
    page.write_bytes(f'<meta charset="iso-8859-1"><p>{text}</p>'.encode("latin-1"))
    result = quiet_load([page])
    assert result.documents[0].page_content == text and result.warnings == []


def test_a_guess_that_does_not_decode_every_byte_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # charset-normalizer judges samples of a file; should its pick fail on a byte
    # elsewhere, the loader must not turn that into a "broken" file (or differ for HTML).
    import charset_normalizer

    class Best:
        encoding = "cp1251"
        could_be_from_charset: list[str] = []

    class Matches:
        def best(self) -> Best:
            return Best()

    monkeypatch.setattr(charset_normalizer, "from_bytes", lambda _data: Matches())
    russian = "Все люди рождаются свободными и равными."
    for name in ("ru.txt", "ru.html"):
        (tmp_path / name).write_bytes(russian.encode("cp1251") + b"\x98")  # 0x98: undefined
        result = quiet_load([tmp_path / name])
        assert result.documents[0].page_content == russian + "\ufffd", name
        assert "read as cp1251 (charset-normalizer's guess, bytes it cannot" in result.warnings[0]


def test_utf16_without_bom_through_the_cli(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "u16.txt").write_bytes("The notice must be kept, señor.".encode("utf-16-le"))
    (corpus / "odd.html").write_bytes("<p>crème brûlée</p>".encode("latin-1"))  # odd length
    (corpus / "odd.txt").write_bytes("<p>crème brûlée</p>".encode("latin-1"))
    out = tmp_path / "pairs.jsonl"
    args = ["generate", str(corpus), "-t", "ynqa", "-o", str(out), *FAKE]
    run = CliRunner().invoke(main, [*args, "--encoding", "utf-16-le"], catch_exceptions=False)
    assert run.exit_code == 3, run.output  # the two odd files are skipped, named
    assert "señor" in out.read_text(encoding="utf-8")
    assert "input files: 3; skipped: 2 (undecodable: 2), each named" in run.output
