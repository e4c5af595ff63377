"""ynqa: natural yes/no questions (inversion, do-support), labels no cue gives.

Before: "Is it true that <a copied sentence>?" around discourse openers and imperatives
("Is it true that of course, ...", "Is it true that take ..."), every "yes" a verbatim
passage sentence and the "no" items the changed ones.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from langchain_taskgen.checks.audit import audit_pairs
from langchain_taskgen.checks.tricks import NEGATION
from langchain_taskgen.construct import Corpus
from langchain_taskgen.construct.passage import clean
from langchain_taskgen.construct.yes_no import ask_yes_no, yes_no_items
from langchain_taskgen.construct.yes_no_changes import falsified, first_clause, synonym
from langchain_taskgen.pairs import TaskPair
from tests.data.handbook_passages import PASSAGES
from tests.data.handbook_sections import SECTIONS


@pytest.mark.parametrize(
    ("statement", "question"),
    [
        (
            "APT checks the signature of the Release file.",
            "Does APT check the signature of the Release file?",
        ),
        (
            "The keys are stored in /etc/apt/trusted.gpg.d on the machine.",
            "Are the keys stored in /etc/apt/trusted.gpg.d on the machine?",
        ),
        (
            "Each user may edit a personal table with crontab.",
            "Can each user edit a personal table with crontab?",
        ),
        (
            "By default, root logins are disabled on the server.",
            "Are root logins disabled on the server by default?",
        ),
        (
            "Users need anacron to catch up on missed jobs.",
            "Do users need anacron to catch up on missed jobs?",
        ),
    ],
)
def test_statements_are_asked_by_inversion_or_do_support(statement: str, question: str) -> None:
    assert ask_yes_no(statement) == question


@pytest.mark.parametrize(
    "statement",
    [
        "Of course, the cache lives in /var/cache/apt/archives on most systems.",
        "On the one hand, the cache lives in /var/cache/apt/archives on most systems.",
        "However, the cache can grow to several gigabytes of packages.",
        "Take a backup of the configuration files before the upgrade.",
        "Use the apt clean command to empty the whole cache.",
        "It keeps every downloaded archive in a local cache.",
        "The cache is not emptied automatically by the package manager.",
        "In this case, the proxy saves bandwidth for the whole office.",
    ],
)
def test_sentences_a_person_would_not_ask_make_no_question(statement: str) -> None:
    assert ask_yes_no(statement) is None


def test_changes_keep_or_break_the_truth_in_one_place() -> None:
    assert (
        synonym("The cache is stored in /var/cache/apt.") == "The cache is kept in /var/cache/apt."
    )
    assert synonym("Each plugin is a simple program.") == "Each plugin is an easy program."
    assert first_clause("The proxy saves bandwidth for the office, and the clients use it.") == (
        "The proxy saves bandwidth for the office."
    )
    # ", or" and ", but only if" restrict the first clause: it is not cut off.
    restricted = "The proxy saves bandwidth, but only if the clients use it."
    assert first_clause(restricted) == restricted
    corpus = Corpus.build(
        [
            "The modprobe command loads a module by hand. The lsmod command lists the "
            "loaded modules. The installer cannot resize encrypted partitions on a disk."
        ]
    )
    made = {falsified(s, 0, corpus, random.Random(0)) for s in corpus.sentences[0]}
    assert "The modprobe command lists the loaded modules." in made  # roles swapped
    assert "The installer can resize encrypted partitions on a disk." in made  # affirmed


def _items(passages: list[str], seeds: int = 10) -> list[TaskPair]:
    corpus = Corpus.build(passages)
    found: dict[str, TaskPair] = {}
    for seed in range(seeds):
        for index, passage in enumerate(passages):
            for question, _statement, label in yes_no_items(index, corpus, random.Random(seed), 4):
                found.setdefault(question, TaskPair(question, label, "ynqa", passage))
    return list(found.values())


def test_labels_are_balanced_and_no_cue_gives_them() -> None:
    pairs = _items(PASSAGES + SECTIONS)
    labels = Counter(p.output for p in pairs)
    assert len(pairs) >= 50 and abs(labels["yes"] - labels["no"]) <= 0.2 * len(pairs), labels
    for pair in pairs:
        assert not NEGATION.search(pair.input), pair.input  # "not" gives no label
        # Not a passage sentence turned round verbatim: every question is changed.
        statement = pair.input.rstrip("?").split(" ", 1)[1].lower()
        assert statement not in clean(pair.context).lower(), pair.input
    row = audit_pairs(pairs).types["ynqa"]
    assert row.best_accuracy - row.baseline <= 0.15, row.probes


# Real sentences of the Debian Administrator's Handbook (a tuning text): with code
# rewrites, questions kept the capital a word had only as the sentence's first ("Have
# Things been getting better ...?", "Can Similar administration tasks be ...?").
_UBUNTU = (
    "Things have been getting better over the years, and Ubuntu has now made it general "
    "practice to forward patches to the most appropriate place."
)
_CONTEXT = (
    "The Debian project has always been open to different ways of doing things, and the "
    "packages Knoppix ships come from Debian."
)


@pytest.mark.parametrize(
    ("statement", "passage", "question"),
    [
        (first_clause(_UBUNTU), _UBUNTU, "Have things been getting better over the years?"),
        (
            "Everyone's packaging work is part of a collective project.",
            "Everyone's packaging work is part of a collective project; being a Debian "
            "developer involves knowing how the Debian project operates as a whole.",
            "Is everyone's packaging work part of a collective project?",
        ),
        (
            "Similar administration tasks can be carried out via the graphical interface "
            "provided by a desktop environment.",
            "Similar administration tasks can also be carried out via the graphical "
            "interface provided by a desktop environment.",
            "Can similar administration tasks be carried out via the graphical interface "
            "provided by a desktop environment?",
        ),
        (
            "Packages are kept in the cache after the download.",
            "Packages are kept in the cache after the download.",
            "Are packages kept in the cache after the download?",
        ),
        # Names, acronyms and programs keep their capital.
        (
            "Knoppix uses LXDE by default.",
            "Knoppix uses LXDE (a lightweight graphical desktop) by default, but the DVD "
            "version also includes GNOME and Plasma.",
            "Does Knoppix use LXDE by default?",
        ),
        (
            "Plasma was the first graphical desktop project.",
            "Plasma was the first graphical desktop project. The DVD version also includes "
            "GNOME and Plasma.",
            "Was Plasma the first graphical desktop project?",
        ),
        (
            "APT checks the signature of the Release file.",
            "APT checks the signature of the Release file.",
            "Does APT check the signature of the Release file?",
        ),
        (
            "Debian Jessie offers the needrestart package.",
            "Debian Jessie offers the needrestart package.",
            "Does Debian Jessie offer the needrestart package?",
        ),
    ],
)
def test_a_sentence_initial_common_word_is_lower_cased_names_are_not(
    statement: str, passage: str, question: str
) -> None:
    assert ask_yes_no(statement, passage, _CONTEXT) == question


def test_yes_no_items_lower_case_the_opening_word_from_the_other_passages() -> None:
    # "packages" is written in lower case only in the other passage of the call.
    corpus = Corpus.build(
        [
            "Packages are kept in the local cache after every download. Packages are removed "
            "from the local cache by the autoclean command.",
            "The mirror holds 60000 packages for each release of the distribution.",
        ]
    )
    questions = {
        q for seed in range(10) for q, _, _ in yes_no_items(0, corpus, random.Random(seed), 2)
    }
    assert questions and all(q.split()[1] == "packages" for q in questions), questions
