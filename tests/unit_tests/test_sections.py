"""Headings and the sections under them, on text shaped like real HTML manuals."""

from __future__ import annotations

from langchain_taskgen.construct.sections import heading_parts, sections

PROSE = "Install the package with apt before you start the service. Then edit its file."


def test_numbered_heading_and_body() -> None:
    (found,) = sections(f"Prev\n\nNext\n\n5.3. Securing FTP\n\n{PROSE}")
    assert (found.number, found.title, found.heading) == (
        "5.3",
        "Securing FTP",
        "5.3. Securing FTP",
    )
    assert found.body == PROSE
    assert found.sentences == ("Install the package with apt before you start the service.",)


def test_table_of_contents_gives_no_section_and_does_not_take_the_intro() -> None:
    toc = "Chapter 5. Services\n\n5.1. Securing ssh\n\n5.2. Securing Squid\n\n5.3. Securing FTP"
    found = sections(
        f"{toc}\n\n{PROSE}\n\n5.1. Securing ssh\n\nUse keys instead of passwords for every login."
    )
    assert [s.title for s in found] == ["Securing ssh"]


def test_nested_opening_headings_are_not_contents() -> None:
    found = sections(f"Chapter 4. Setup\n\n4.1. Installing\n\n{PROSE}")
    assert [s.title for s in found] == ["Installing"]


def test_sidebar_label_is_stripped_and_captions_are_not_headings() -> None:
    found = sections(f"TIP Keeping a log\n\n{PROSE}\n\nFigure 9.5. Webmin dashboard\n\n{PROSE}")
    assert [s.title for s in found] == ["Keeping a log"]
    # The caption is no heading, so its text stays in the body before it.
    assert found[0].body.count("Install the package") == 2


def test_unnumbered_heading_needs_prose_after_it() -> None:
    assert sections("Overview\n\n- apt\n\n- dpkg") == []
    assert [s.title for s in sections(f"Overview\n\n{PROSE}")] == ["Overview"]


def test_question_headings_and_program_prompts() -> None:
    assert heading_parts("How do I upgrade to a new release?") == (
        "",
        "How do I upgrade to a new release?",
    )
    assert sections(f"How do I upgrade?\n\n{PROSE}")[0].is_question
    assert heading_parts("Save changes?") is None
    assert heading_parts("The following profiles were changed. Save them?") is None


def test_code_sentences_and_long_lines_are_not_headings() -> None:
    for block in ("Run apt update first.", "bind = 127.0.0.1", "/etc/ssh/sshd_config", "x" * 95):
        assert heading_parts(block) is None


def test_known_sidebar_labels_are_stripped_before_an_acronym_too() -> None:
    assert heading_parts("CULTURE TAR, the standard for tape backups") == (
        "",
        "TAR, the standard for tape backups",
    )
    assert heading_parts("BACK TO BASICS LDIF format") == ("", "LDIF format")
    assert heading_parts("NOTE APT's multi-arch support") == ("", "APT's multi-arch support")


def test_admonition_labels_table_cells_and_prompts_are_not_headings() -> None:
    for block in ("No", "TODO", "Tip", "Note", "Accept this solution? [Y/n/q/?]"):
        assert heading_parts(block) is None, block


def test_a_one_letter_word_opening_a_title_is_no_appendix_number() -> None:
    assert heading_parts("A Note on Security") == ("", "A Note on Security")
    assert heading_parts("A.2. Setup") == ("A.2", "Setup")
    assert heading_parts("B. Configuration files") == ("B", "Configuration files")
