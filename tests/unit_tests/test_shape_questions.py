"""Acronym, place and named-thing questions, on real sentences of the tuning manuals.

The sentences are quoted from the Debian Administrator's Handbook and the Securing Debian
Manual (harden-doc), both tuning texts: each new shape asks its exact natural question
with a short answer, and sentences a careful annotator would not ask (a vague subject, an
object cut before what makes it one thing, a sentence with a blank) make none.
"""

from __future__ import annotations

import random

import pytest

from langchain_taskgen.construct.named_head_questions import named_head_questions
from langchain_taskgen.construct.passage import Corpus
from langchain_taskgen.construct.question_filters import asks_freshly
from langchain_taskgen.construct.questions import iter_span_questions, span_questions
from langchain_taskgen.construct.shape_questions import (
    acronym_questions,
    clauses,
    place_questions,
    shape_questions,
)
from langchain_taskgen.construct.where_questions import where_questions


def _asked(found: list) -> list[tuple[str, str]]:
    return [(q, a.text) for _, a, q in found]


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        (
            "SELinux (Security Enhanced Linux) is a Mandatory Access Control system built on "
            "Linux's LSM (Linux Security Modules) interface.",
            [
                ("What does LSM stand for?", "Linux Security Modules"),
            ],
        ),
        (
            "The Master Boot Record (MBR) occupies the first 512 bytes of the first hard "
            "disk, and is the first thing loaded by the BIOS.",
            [("What does MBR stand for?", "Master Boot Record")],
        ),
        (
            "The most common RPC-based services are NFS (Network File System) and NIS "
            "(Network Information System).",
            [
                ("What does NFS stand for?", "Network File System"),
                ("What does NIS stand for?", "Network Information System"),
            ],
        ),
        (
            "Debian Security Advisories (DSAs) are made whenever a security vulnerability is "
            "discovered that affects a Debian package.",
            [("What does DSA stand for?", "Debian Security Advisories")],
        ),
        (
            "APT is the abbreviation for Advanced Packaging Tool.",
            [("What does APT stand for?", "Advanced Packaging Tool")],
        ),
        (
            "RFC is the abbreviation of “Request For Comments”.",
            [("What does RFC stand for?", "Request For Comments")],
        ),
        (
            'APT (the abbreviation of "Advanced Packaging Tool") is a group of programs that '
            "allows the execution of higher-level modifications to the system.",
            [("What does APT stand for?", "Advanced Packaging Tool")],
        ),
        (
            "The CERT (Computer and Emergency Response Team) is an organization that can "
            "help you recover from a system compromise.",
            [("What does CERT stand for?", "Computer and Emergency Response Team")],
        ),
    ],
)
def test_acronym_questions_on_manual_sentences(passage: str, expected: list) -> None:
    assert _asked(acronym_questions(passage)) == expected


@pytest.mark.parametrize(
    "passage",
    [
        # The parenthesis is no expansion: its initials do not spell the acronym.
        "These values use MB (in the default configuration) for each partition.",
        "SELinux (Security Enhanced Linux) is a Mandatory Access Control system.",
        # The acronym inside its own expansion.
        "Version 1 of GRUB (now known as GRUB Legacy) couldn't handle all combinations.",
    ],
)
def test_no_acronym_question_without_a_spelled_expansion(passage: str) -> None:
    assert acronym_questions(passage) == []


def test_an_acronym_is_asked_once_per_passage() -> None:
    passage = (
        "Public Key Infrastructure (PKI) is explained here. A PKI (Public Key "
        "Infrastructure) needs a certificate authority."
    )
    assert _asked(acronym_questions(passage)) == [
        ("What does PKI stand for?", "Public Key Infrastructure")
    ]


def test_an_expansion_whose_words_are_no_phrase_still_answers() -> None:
    # "Fully ..." opens with an "-ly" word: as an answer phrase it would not stand alone,
    # as a name it does.
    sentence = "A hybrid tool such as FAI (Fully Automatic Installer) installs machines."
    assert asks_freshly("What does FAI stand for?", sentence, "Fully Automatic Installer")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The gnupg keyrings are installed in /usr/share/keyrings/.",
            ("Where are the gnupg keyrings installed?", "/usr/share/keyrings/"),
        ),
        (
            "Apache files are located under /var/www.",
            ("Where are Apache files located?", "/var/www"),
        ),
        (
            "The firewall rules are located in /etc/nftables.conf.",
            ("Where are the firewall rules located?", "/etc/nftables.conf"),
        ),
        (
            "Logs are stored in /var/log/ or one of its subdirectories.",
            ("Where are logs stored?", "/var/log/"),
        ),
        (
            "Documentation for each package is stored in /usr/share/doc/package/.",
            ("Where is documentation for each package stored?", "/usr/share/doc/package/"),
        ),
    ],
)
def test_place_questions_on_manual_sentences(sentence: str, expected: tuple) -> None:
    assert _asked(place_questions(sentence)) == [expected]


def test_a_capitalised_common_noun_is_lowered_where_the_passage_writes_it_so() -> None:
    sentence = "Unit files are stored under /lib/systemd/system/."
    alone = _asked(place_questions(sentence))
    passage = f"Services are described by unit files. {sentence}"
    assert alone == [("Where are Unit files stored?", "/lib/systemd/system/")]
    assert _asked(place_questions(sentence, passage)) == [
        ("Where are unit files stored?", "/lib/systemd/system/")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # Which modules is not said.
        "The modules are installed in the /lib/modules/version/ directory.",
        "The modules used are listed in the /etc/nsswitch.conf file, under the passwd entries.",
        # About what is not said.
        "More information can be found in the /usr/share/doc/libpam-winbind/examples/ "
        "directory of the libpam-winbind package.",
        # The subject leans on the sentence before.
        "It is stored in /etc/selinux/default/.",
        # All examples of what?
        "All examples must be installed in the /usr/share/doc/package/examples/ directory.",
        # Two places: the first alone is half the answer.
        "Unit files are stored under /lib/systemd/system/ and /etc/systemd/system/; they "
        "come in several flavors.",
        "The AIDE configuration proper is stored in /etc/aide/aide.conf and "
        "/etc/aide/aide.conf.d/.",
    ],
)
def test_no_place_question_on_a_vague_subject(sentence: str) -> None:
    assert place_questions(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The free command displays information on memory; df (disk free) reports on the "
            "available disk space on each of the disks mounted in the filesystem.",
            ("Which command displays information on memory?", "free"),
        ),
        (
            "The -P option makes the change permanent, it means that the new value becomes "
            "the default and will be kept across reboots.",
            ("Which option makes the change permanent?", "-P"),
        ),
        (
            "The xserver-xorg-core package provides a generic X server, as used by the 7.x "
            "versions of X.org.",
            ("Which package provides a generic X server?", "xserver-xorg-core"),
        ),
        (
            "The -u option defines the authentication domain, which must match the "
            "smtpd_sasl_local_domain parameter in the Postfix configuration.",
            ("Which option defines the authentication domain?", "-u"),
        ),
    ],
)
def test_named_head_questions_on_manual_sentences(sentence: str, expected: tuple) -> None:
    assert named_head_questions(sentence) == [expected]


@pytest.mark.parametrize(
    "sentence",
    [
        # An ordinal, not a name.
        "The first field contains the identity, the role, the domain and the MCS level.",
        # The question would be the sentence with a blank.
        "The locales-all package contains the precompiled locale data for all supported locales.",
        # A restrictive clause says which script: cut before it, many packages answer.
        "The lxc package contains an initialization script that can automatically start "
        "one or several containers when the host boots.",
        # Cut before what the tools are for.
        "The easy-rsa package provides tools to serve as an X.509 certification "
        "infrastructure, implemented as a set of scripts using the openssl command.",
        # An object clause, not a thing.
        "The Replaces field indicates that the package contains files that are also "
        "present in another package.",
    ],
)
def test_no_named_head_question_where_it_would_be_vague_or_a_copy(sentence: str) -> None:
    assert named_head_questions(sentence) == []


def test_a_later_clause_with_its_own_subject_is_asked() -> None:
    sentence = (
        "The list of users is usually stored in the /etc/passwd file, while the /etc/shadow "
        "file stores hashed passwords."
    )
    assert clauses(sentence)[1] == "The /etc/shadow file stores hashed passwords."
    found = shape_questions(sentence)
    assert ("Which file stores hashed passwords?", "/etc/shadow") in _asked(found)
    (span,) = [a for _, a, q in found if a.text == "/etc/shadow"]
    assert sentence[span.start : span.end] == "/etc/shadow"  # the span is the sentence's


def test_shape_questions_reach_the_question_types_once_each() -> None:
    # One passage of the handbook: its acronym and its place are both asked, by exqa and
    # qa of one call, never the same fact twice.
    passage = (
        "AppArmor profiles are stored in /etc/apparmor.d/ and they contain a list of access "
        "control rules on resources that each program can make use of. The kernel queries "
        "Linux Security Modules (LSM) before each system call."
    )
    corpus = Corpus.build([passage])
    corpus.task_types = ("exqa", "qa")
    rng = random.Random(0)
    exqa = span_questions(0, corpus, rng, 2, "exqa")
    qa = span_questions(0, corpus, rng, 2, "qa")
    asked = sorted((q, a.text) for _, a, q in exqa + qa)
    # No "What does LSM stand for?": an acronym's expansion sits beside it (trivial).
    assert asked == [
        ("What does the kernel query before each system call?", "Linux Security Modules"),
        ("Where are AppArmor profiles stored?", "/etc/apparmor.d/"),
    ]
    assert not list(iter_span_questions(0, corpus, rng, "mcqa"))


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Finally, the lsdev command (in the procinfo package) lists the resources used by "
            "the present devices.",
            ("Which package provides the lsdev command?", "the procinfo package"),
        ),
        (
            "The dh_make script (in the dh-make package) adds files to an upstream source tree.",
            ("Which package provides the dh_make script?", "the dh-make package"),
        ),
    ],
)
def test_package_question_after_an_opener_or_a_capital_the(sentence: str, expected: tuple) -> None:
    # Before, a capitalised word before "the X command" ("Finally,") was taken for a cut
    # name, and "The" opening a sentence did not start the thing.
    assert where_questions(sentence) == [expected]


def test_package_question_still_skips_a_cut_name() -> None:
    sentence = "Qt Designer (in the qttools5-dev-tools package) helps design interfaces."
    assert where_questions(sentence) == []


def test_one_question_is_asked_once_per_call_across_passages() -> None:
    # Two chunks of the handbook say where profiles are kept: "Where are AppArmor profiles
    # stored?" twice in one call is the same pair twice (a strict reader flags the repeat).
    passages = [
        "AppArmor profiles are stored in /etc/apparmor.d/ on every host.",
        "Each program gets a profile. AppArmor profiles are stored in /etc/apparmor.d/ too.",
    ]
    corpus = Corpus.build(passages)
    corpus.task_types = ("exqa", "qa")
    rng = random.Random(0)
    made = [
        q
        for i in range(2)
        for t in ("exqa", "qa")
        for _, _, q in span_questions(i, corpus, rng, 1, t)
    ]
    assert made == ["Where are AppArmor profiles stored?"]


def test_a_run_asks_one_question_once_across_calls() -> None:
    # One generator is one run: "Where are AppArmor profiles stored?" from a second call is
    # a repeat (dropped in corpus order by the run's limits, counted as run_limit); a new
    # generator (a new run) asks it again.
    from langchain_taskgen import TaskGenerator
    from langchain_taskgen.construct.run_limits import FIELD, REASON
    from langchain_taskgen.generation.chunking import Chunk

    first = Chunk("AppArmor profiles are stored in /etc/apparmor.d/ on every host.", {})
    second = Chunk(
        "Each program gets a profile. AppArmor profiles are stored in /etc/apparmor.d/.", {}
    )
    generator = TaskGenerator(task_type="exqa", n=1)
    made, _ = generator.generate_chunks([first])
    assert [p.metadata["task_fields"]["question"] for p in made[0]] == [
        "Where are AppArmor profiles stored?"
    ]
    assert FIELD not in made[0][0].metadata["task_fields"]
    again, report = generator.generate_chunks([second])
    assert again == [[]]
    assert report.rejected_by_task["exqa"][REASON] == 1
    fresh, _ = TaskGenerator(task_type="exqa", n=1).generate_chunks([second])
    assert [p.metadata["task_fields"]["question"] for p in fresh[0]] == [
        "Where are AppArmor profiles stored?"
    ]
