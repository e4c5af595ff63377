"""Encodings of real files: certain ones read silently, guessed ones read right and warned."""

from __future__ import annotations

import codecs
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from langchain_taskgen.cli import main
from langchain_taskgen.loading import GuessedEncodingWarning, guess_encoding, load_paths

# Article 1 of the Universal Declaration of Human Rights in each language: real text.
FRENCH = (
    "Tous les êtres humains naissent libres et égaux en dignité et en droits. Ils sont "
    "doués de raison et de conscience et doivent agir les uns envers les autres dans un "
    "esprit de fraternité."
)
CZECH = (
    "Všichni lidé rodí se svobodní a sobě rovní co do důstojnosti a práv. Jsou nadáni "
    "rozumem a svědomím a mají spolu jednat v duchu bratrství."
)
POLISH = (
    "Wszyscy ludzie rodzą się wolni i równi pod względem swej godności i swych praw. Są "
    "oni obdarzeni rozumem i sumieniem i powinni postępować wobec innych w duchu braterstwa."
)
HUNGARIAN = "Minden emberi lény szabadon születik és egyenlő méltósága és joga van."
LITHUANIAN = (
    "Visi žmonės gimsta laisvi ir lygūs savo orumu ir teisėmis. Jiems suteiktas protas ir "
    "sąžinė ir jie turi elgtis vienas kito atžvilgiu kaip broliai."
)
RUSSIAN = (
    "Все люди рождаются свободными и равными в своем достоинстве и правах. Они наделены "
    "разумом и совестью и должны поступать в отношении друг друга в духе братства."
)
# What the probe found: short Latin-1 text read as cp1250 ("crčme") or EBCDIC cp037.
PROBE = "Une crème brûlée, s'il vous plaît."
CP1252 = "« L’œuvre coûte 10 € — c’est “cher” », dit-il. Il fait 20 °C."


def load(path: Path, **kwargs: str) -> tuple[str, list[str]]:
    """The text of one file and the warnings raised loading it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = load_paths([path], **kwargs)
    assert not result.problems, result.problems
    assert all(w.category is GuessedEncodingWarning for w in caught)
    assert result.warnings == [str(w.message) for w in caught]
    return result.documents[0].page_content, result.warnings


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        (PROBE, "latin-1", "cp1252"),
        ("Crème", "latin-1", "cp1252"),
        (FRENCH, "latin-1", "cp1252"),
        (CP1252, "cp1252", "cp1252"),
        (CZECH, "cp1250", "cp1250"),
        ("Žluťoučký kůň.", "cp1250", "cp1250"),
        (POLISH, "cp1250", "cp1250"),
        (HUNGARIAN, "cp1250", "cp1250"),
        (LITHUANIAN, "cp1257", "cp1257"),
        (RUSSIAN, "cp1251", "cp1251"),
    ],
)
def test_non_utf8_files_read_right_with_one_warning(
    tmp_path: Path, text: str, encoding: str, expected: str
) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes((text + "\n").encode(encoding))
    read, warned = load(path)
    assert read.strip() == text
    assert len(warned) == 1
    assert f"doc.txt: not UTF-8; read as {expected} (" in warned[0]
    assert "--encoding NAME" in warned[0] and "encoding=NAME" in warned[0]


@pytest.mark.parametrize(
    ("encoded", "name"),
    [
        (codecs.BOM_UTF8 + PROBE.encode("utf-8"), "utf-8 with BOM"),
        (PROBE.encode("utf-16"), "utf-16 with BOM"),
        (codecs.BOM_UTF16_BE + CZECH.encode("utf-16-be"), "utf-16-be with BOM"),
        (PROBE.encode("utf-32"), "utf-32 with BOM"),
        (CZECH.encode("utf-8"), "utf-8"),
    ],
)
def test_boms_and_utf8_are_certain(tmp_path: Path, encoded: bytes, name: str) -> None:
    path = tmp_path / "doc.md"
    path.write_bytes(encoded)
    read, warned = load(path)
    assert read in (PROBE, CZECH) and not read.startswith("\ufeff"), name
    assert warned == [], name


def test_html_is_guessed_the_same_way(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(f"<html><body><p>{PROBE}</p></body></html>".encode("latin-1"))
    read, warned = load(path)
    assert read == PROBE and "read as cp1252" in warned[0]


def test_the_encoding_given_is_used_where_utf8_does_not_decide(tmp_path: Path) -> None:
    # A short Czech word whose cp1250 bytes read as Italian in cp1252: ambiguous alone.
    short = tmp_path / "short.txt"
    short.write_bytes("Město".encode("cp1250"))
    utf8 = tmp_path / "utf8.txt"
    utf8.write_text(FRENCH, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing is guessed: no warning at all
        result = load_paths([short, utf8], encoding="cp1250")
    texts = sorted(d.page_content for d in result.documents)
    assert texts == sorted(["Město", FRENCH]) and result.warnings == []


def test_bytes_the_encoding_given_cannot_decode_skip_the_file(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(b"caf\xe9 \x81")  # 0x81 is undefined in cp1252
    result = load_paths([path], encoding="cp1252", on_warning=lambda _: None)
    assert result.documents == [] and result.skipped == {"undecodable": 1}
    assert result.problems == [f"{path}: not cp1252: byte 0x81 at offset 5 does not decode"]
    with pytest.raises(LookupError):
        load_paths([path], encoding="no-such-codec")


def test_guessed_encodings_through_the_cli(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "fr.txt").write_bytes(FRENCH.encode("latin-1"))
    (corpus / "cz.txt").write_bytes(CZECH.encode("cp1250"))
    (corpus / "en.txt").write_text("The notice must be kept in every copy of the work.")
    out = tmp_path / "pairs.jsonl"
    args = ["generate", str(corpus), "-t", "ynqa", "-o", str(out), "--no-audit"]
    fake = ["--llm", "tests.fake_models:make_llm", "--format", "instruct"]
    result = CliRunner().invoke(main, [*args, *fake], catch_exceptions=False)
    assert result.exit_code == 0, result.output  # a guess is warned about, not a skip
    warned = [line for line in result.output.splitlines() if "not UTF-8" in line]
    assert len(warned) == 2
    assert any("fr.txt: not UTF-8; read as cp1252" in line for line in warned)
    assert any("cz.txt: not UTF-8; read as cp1250" in line for line in warned)
    contexts = out.read_text(encoding="utf-8")
    assert "dignité" in contexts and "důstojnosti" in contexts
    bad = CliRunner().invoke(main, [*args, *fake, "--encoding", "latin-9x"])
    assert bad.exit_code == 2 and "unknown encoding 'latin-9x'" in bad.output


def test_guess_encoding_on_bytes() -> None:
    guess = guess_encoding(PROBE.encode("latin-1"))
    assert (guess.encoding, guess.guessed) == ("cp1252", True)
    assert guess_encoding(PROBE.encode("utf-8")).guessed is False


def test_an_html_page_declaring_its_charset_is_read_so_without_a_warning(tmp_path: Path) -> None:
    # "Město" alone reads as the Italian-looking "Mìsto" in cp1252; the page says cp1250.
    czech = tmp_path / "cz.html"
    czech.write_bytes(
        '<html><head><meta charset="windows-1250"></head><body><p>Město</p></body></html>'.encode(
            "cp1250"
        )
    )
    read, warned = load(czech)
    assert read == "Město" and warned == []
    old_style = tmp_path / "fr.html"
    old_style.write_bytes(
        b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
        + f"<p>{CP1252}</p>".encode("cp1252")  # as browsers do, Latin-1 reads as cp1252
    )
    read, warned = load(old_style)
    assert read == CP1252 and warned == []
    # A declaration the bytes contradict is not trusted: the guess, with its warning.
    wrong = tmp_path / "wrong.html"
    wrong.write_bytes(f'<meta charset="utf-8"><p>{PROBE}</p>'.encode("latin-1"))
    read, warned = load(wrong)
    assert read == PROBE and "wrong.html: not UTF-8; read as cp1252" in warned[0]


def test_a_long_ascii_file_with_a_few_code_page_bytes_is_no_utf8(tmp_path: Path) -> None:
    # The "mostly UTF-8" rule counted the ASCII bytes as the non-ASCII ones, so a long
    # English file with one Czech name in cp1250 was read as UTF-8 with cp1252 repairs
    # ("Dvořák" as "Dvoøák") and --encoding cp1250 was ignored.
    body = ("Backups are kept for fifteen days on the file server. " * 40) + "Dvořák.\n"
    page = tmp_path / "notes.txt"
    page.write_bytes(body.encode("cp1250"))
    assert guess_encoding(page.read_bytes(), "cp1250").encoding == "cp1250"
    (doc,) = load_paths([page], encoding="cp1250").documents
    assert doc.page_content.rstrip().endswith("Dvořák.")
