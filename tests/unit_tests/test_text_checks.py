"""The checks on model-written paraphrases and summaries catch a change of meaning.

The first wrong paraphrase is from the strict reading in issue 19 (the embedded
SmolLM2-135M dropped "sh"); the others below show one kind of change each. The real ones
are in tests/data/smollm_rewrites.py: the embedded model's output on debian-handbook pages,
judged by reading; the checks before this change kept every one of them.
"""

from __future__ import annotations

import pytest

from langchain_taskgen.construct.text_checks import (
    check_paraphrase,
    check_summary,
    meaning_changes,
    summary_changes,
)
from langchain_taskgen.errors import TaskParseError
from tests.data import smollm_rewrites as real

WRONG_PARAPHRASES = [
    # A content word dropped: "sh scripts" are not all scripts (issue 19's reading).
    ("In addition, most sh scripts can be run by Bash.", "Most scripts can be run by Bash."),
    # A number changed.
    (
        "The DHCP server hands out leases of 600 seconds by default.",
        "By default, the DHCP server hands out leases of 3600 seconds.",
    ),
    # A claim the sentence does not make (an invented purpose).
    (
        "The apt-get command installs packages from the configured sources.",
        "The apt-get command installs packages from the configured sources to keep them secure.",
    ),
    # Scope widened: "most" became "all".
    (
        "Most sh scripts can be run by Bash.",
        "Bash can run all sh scripts.",
    ),
    # A duty made a possibility.
    (
        "Each user must choose a password at the first login.",
        "At the first login, each user can choose a password.",
    ),
    # A term swapped for another.
    (
        "The inetd daemon listens on several ports for incoming connections.",
        "The inetd daemon listens on several sockets for incoming connections.",
    ),
]

GOOD_PARAPHRASES = [
    ("Most sh scripts can be run by Bash.", "Bash can run most sh scripts."),
    (
        "The backup is stored in /var/backups every night.",
        "Every night, the backup is kept in /var/backups.",
    ),
    (
        "The configuration file requires a restart of the service.",
        "A restart of the service is needed by the configuration file.",
    ),
]


@pytest.mark.parametrize(("original", "written"), WRONG_PARAPHRASES)
def test_a_changed_meaning_is_rejected(original: str, written: str) -> None:
    assert meaning_changes(original, written)
    with pytest.raises(TaskParseError) as caught:
        check_paraphrase(original, written)
    assert caught.value.reason.startswith("paraphrase_")


@pytest.mark.parametrize(("original", "written"), GOOD_PARAPHRASES)
def test_a_kept_meaning_passes(original: str, written: str) -> None:
    assert meaning_changes(original, written) == []
    assert check_paraphrase(original, written) == written


PASSAGE = (
    "The CUPS daemon manages the printers of the machine. Its settings are read from "
    "/etc/cups/cupsd.conf at start. The web interface listens on port 631 and lets an "
    "administrator add printers and follow the print jobs."
)


@pytest.mark.parametrize(
    "summary",
    [
        # Invented: encryption is not in the passage.
        "The CUPS daemon encrypts print jobs and reads its settings from /etc/cups/cupsd.conf.",
        # A number changed.
        "The CUPS daemon manages printers and offers a web interface on port 443.",
        # A negation the passage does not have.
        "The CUPS daemon manages printers, but its web interface cannot add printers.",
    ],
)
def test_an_unfaithful_summary_is_rejected(summary: str) -> None:
    assert summary_changes(PASSAGE, summary)
    with pytest.raises(TaskParseError, match="summary_unfaithful"):
        check_summary(PASSAGE, summary)


def test_a_faithful_summary_passes() -> None:
    summary = "The CUPS daemon manages the printers and has a web interface on port 631."
    assert check_summary(PASSAGE, summary) == summary


def generator_warned() -> set[str]:
    """Types already warned about in this process (the warning is said once)."""
    from langchain_taskgen.generation import writers

    return writers._WARNED


def test_embedded_default_withholds_rewrite_types_unless_code_rewrites_asked(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """llm=None: nli/te/paraphrase_id give no material (warned once) unless asked for;
    with code_rewrites=True their drafts need no model."""
    import random

    from langchain_core.language_models import FakeListLLM

    from langchain_taskgen import TaskGenerator
    from langchain_taskgen.tasks.sentence_pairs import build_nli, build_paraphrase_id, build_te
    from tests.data.handbook_passages import PASSAGES

    with caplog.at_level("WARNING"):
        withheld = TaskGenerator(task_type=["te", "nli", "paraphrase_id"])._format_obj()
    assert "te: no pairs from the embedded" in caplog.text or "te" in generator_warned()
    dry = withheld.read(PASSAGES)  # type: ignore[union-attr]
    for build in (build_te, build_nli, build_paraphrase_id):
        assert all(build(i, dry, random.Random(i), 3) == [] for i in range(len(PASSAGES)))
    embedded = TaskGenerator(task_type=["te", "paraphrase"], code_rewrites=True)._format_obj()
    other = TaskGenerator(llm=FakeListLLM(responses=["x"]), task_type="te")._format_obj()
    assert getattr(embedded, "code_rewrites", None) is True
    assert getattr(embedded, "withhold_rewrites", None) is False
    assert getattr(other, "code_rewrites", None) is False
    assert getattr(other, "withhold_rewrites", None) is False
    corpus = embedded.read(PASSAGES)  # type: ignore[union-attr]
    drafts = [
        d
        for i in range(len(PASSAGES))
        for build in (build_te, build_paraphrase_id)
        for d in build(i, corpus, random.Random(i), 3)
    ]
    assert len(drafts) >= 20 and not any(d.needs_model for d in drafts)
    for draft in drafts:
        inp, _ = draft.render(None)
        first, second = (part.split('"')[1] for part in inp.split("\n")[:2])
        assert first != second  # never the premise copied as its own hypothesis


@pytest.mark.parametrize(("original", "written"), real.WRONG_PARAPHRASES)
def test_real_wrong_paraphrases_are_rejected(original: str, written: str) -> None:
    with pytest.raises(TaskParseError):
        check_paraphrase(original, written)


def test_real_right_paraphrases_partly_pass() -> None:
    """The price of strictness: most right ones go too. The 135M model's right paraphrases
    are mostly near-copies (a word or two swapped), which a strict reader calls trivial:
    1 of 15 kept in the sample."""
    kept = 0
    for original, written in real.RIGHT_PARAPHRASES:
        try:
            check_paraphrase(original, written)
            kept += 1
        except TaskParseError:
            pass
    assert kept >= 1


def test_real_wrong_summaries_are_mostly_rejected() -> None:
    """6 of 10 wrong summaries rejected (all 10 were kept before): not enough to trust."""
    rejected = 0
    for passage, written in real.WRONG_SUMMARIES:
        try:
            check_summary(passage, written)
        except TaskParseError:
            rejected += 1
    assert rejected >= 6


def test_a_near_copy_is_no_paraphrase() -> None:
    original = "The whole tree is rebuilt, which takes a long time on a slow machine."
    with pytest.raises(TaskParseError, match="nearly copies"):
        check_paraphrase(
            original, "The entire tree is rebuilt, that takes a long time on a slow machine."
        )
    reworded = "On a slow machine, rebuilding the whole tree takes a long time."
    assert check_paraphrase(original, reworded) == reworded


def test_a_structured_format_object_gets_the_embedded_models_protections() -> None:
    from langchain_taskgen import TaskGenerator
    from langchain_taskgen.formats.structured import StructuredFormat

    fmt = TaskGenerator(format=StructuredFormat(), task_type=["summarization", "nli"])._format_obj()
    assert getattr(fmt, "weak_writer", None) is True
    assert getattr(fmt, "withhold_rewrites", None) is True
