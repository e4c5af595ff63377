"""text_gen and topic_class on sentences strict readers judged: what makes a pair a reader keeps.

The readers found "a heading in, the section out" unanswerable (the target names a
product, files and values the instruction never gives) and mid-procedure fragments or
preambles unnatural; and topic_class trivial when the right title was the one option
naming the passage's key term. Sentences below are from those readings (tuning texts).
"""

from __future__ import annotations

import random

from langchain_taskgen.construct import Corpus
from langchain_taskgen.construct.sections import heading_parts, sections
from langchain_taskgen.construct.title_options import wrong_titles
from langchain_taskgen.construct.writing_brief import specifics, standalone_prose
from langchain_taskgen.tasks.sections_based import build_text_gen

CRON = (
    "9.7.4. Restricting cron or atd\n\n"
    "You can restrict access to crontab by creating an explicit authorization file "
    "(whitelist) in /etc/cron.allow, in which you indicate the only users authorized to "
    "schedule commands. All others will automatically be deprived of this feature. "
    "Conversely, to only block one or two troublemakers, you could write their username "
    "in the explicit prohibition file (blacklist), /etc/cron.deny. This same feature is "
    "available for atd, with the /etc/at.allow and /etc/at.deny files."
)


def _section(heading: str, body: str):
    (found,) = sections(f"{heading}\n\n{body}")
    return found


def test_a_mid_procedure_fragment_is_no_section_text() -> None:
    section = _section(
        "3.12. Updating The Database Files",
        "Once all rollback journal files have been flushed to disk, it is safe to begin "
        "updating database files. We have to obtain an exclusive lock on all database files "
        "before writing the changes. After all the changes are written, it is important to "
        "flush the changes to disk so that they will be preserved in the event of a power "
        "failure or an operating system crash.",
    )
    assert standalone_prose(section) is None


def test_a_preamble_without_its_list_is_cut_or_dropped() -> None:
    section = _section(
        "6.5. Summary of ways maintainer scripts are called",
        "What follows is a summary of all the ways in which maintainer scripts may be "
        "called along with what facilities those scripts may rely on being available at "
        "that time. Script names preceded by new- are the scripts from the new version of "
        "a package being installed, upgraded to, or downgraded to.",
    )
    assert standalone_prose(section) is None
    kept = _section(
        "4.2. Public Git repositories",
        "A public repository lets other developers pull the changes you publish. Git "
        "serves public repositories over HTTP or its own protocol. A public repository "
        "is usually a bare repository on a server that every developer can read. "
        "In the section "
        '"Getting updates with git pull" we described this as a way to get updates.',
    )
    prose = standalone_prose(kept)
    assert prose is not None and "In the section" not in prose


def test_the_instruction_names_what_the_target_states() -> None:
    corpus = Corpus.build([CRON])
    corpus.task_types = ("text_gen",)
    (draft,) = build_text_gen(0, corpus, random.Random(0), 1)
    instruction, target = draft.render(None)
    assert '"Restricting cron or atd"' in instruction
    for name in ("/etc/cron.allow", "/etc/cron.deny", "/etc/at.allow", "/etc/at.deny"):
        assert name in target and name in instruction
    assert set(specifics(target)) <= {p for p in specifics(target) if p in instruction}


def test_specifics_are_names_not_english_words() -> None:
    text = (
        "If you use the mindterm package, it only supports protocol version 1. The answer "
        "must be the fully-qualified hostname, such as ldap.falcot.com, as Debian Policy says."
    )
    assert specifics(text) == ["mindterm", "version 1", "ldap.falcot.com", "Debian Policy"]


def test_a_sphinx_pilcrow_is_no_part_of_a_title() -> None:
    assert heading_parts("10.9. Device files¶") == ("10.9", "Device files")


def test_the_one_option_naming_the_key_term_is_no_item() -> None:
    shown = (
        "A separate reflog is kept for the HEAD, so git show HEAD@{1} shows where HEAD "
        "pointed before. The reflog of a branch expires after 90 days; each reflog entry "
        "records one change of the branch head."
    )
    others = [
        ("Exporting a git repository via HTTP", "4.3"),
        ("Commit Object", "7.2"),
        ("Telling Git your name", "1.2"),
        ("Importing patches to a project", "5.4"),
    ]
    assert wrong_titles("Reflogs", "3.6", shown, set(), others, random.Random(0)) == []
    # Wrong titles naming the passage's words as often as the right one: an item.
    others = [("Moving the branch head", "3.2"), ("Renaming the HEAD file", "3.3")]
    picked = wrong_titles("Reflogs", "3.6", shown, set(), others, random.Random(0))
    assert sorted(picked) == ["Moving the branch head", "Renaming the HEAD file"]


def test_a_long_sidebar_heading_ends_the_section_before_it() -> None:
    """A summarization pair titled a tip's text with its parent's title ("Installing and
    Removing" over "Installing the same selection of packages several times")."""
    text = (
        "6.2.2. Installing and Removing\n\n"
        "With APT, packages can be added or removed from the system, respectively with apt "
        "install package and apt remove package. In both cases, APT will automatically "
        "install the necessary dependencies or delete the packages which depend on the "
        "package that is being removed.\n\n"
        "TIP Installing the same selection of packages several times\n\n"
        "It can be useful to systematically install the same list of packages on several "
        "computers. This can be done quite easily.\n\n"
        "First, retrieve the list of packages installed on the computer which will serve as "
        "the model to copy."
    )
    (section, *_) = sections(text)
    assert section.title == "Installing and Removing"
    assert "same list of packages" not in section.body


def test_a_wrong_title_heavy_in_sum_but_not_in_the_key_word_is_not_enough() -> None:
    """ "Using sudo" among titles sharing "user" and "PAM": the word "sudo" gives it away."""
    shown = (
        "sudo allows the user to execute defined commands under another user's identity, "
        "even as root. If the user is added to /etc/sudoers and authenticates correctly, "
        "the commands defined in /etc/sudoers get enabled. Violations, such as incorrect "
        "passwords, are logged and mailed to root."
    )
    others = [
        ("User login actions: edit /etc/pam.d/login", "4.11.2"),
        ("User authentication: PAM", "4.11.1"),
        ("Logging off idle users", "4.11.7"),
    ]
    rarity = {"sudo": 3.0, "sudoe": 3.0, "user": 0.3, "comma": 0.5}
    # Outweighs "Using sudo" (3.0) in sum, by "root", "user" and "commands" (3.9), but
    # its heaviest word ("root", 2.0) is lighter than "sudo".
    others.append(("Root and user commands in remote shells over serial lines", "4.11.3"))
    right = "Using sudo"
    assert wrong_titles(right, "4.11.9", shown, set(), others, random.Random(0), rarity) == []
