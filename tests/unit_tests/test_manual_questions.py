"""Questions from manual sentence shapes, on real sentences of a manual.

The sentences are the Debian Administrator's Handbook's (a tuning text): natural word
order, short stand-alone answers, bad forms dropped.
"""

from __future__ import annotations

import random

import pytest

from langchain_taskgen.construct.asking import is_cloze
from langchain_taskgen.construct.coreference import pronoun_referents
from langchain_taskgen.construct.heading_questions import heading_question
from langchain_taskgen.construct.manual_questions import manual_questions
from langchain_taskgen.construct.passage import Corpus, Span, clean
from langchain_taskgen.construct.question_filters import reads_naturally
from langchain_taskgen.construct.questions import iter_span_questions, span_questions
from langchain_taskgen.construct.term_questions import term_questions
from langchain_taskgen.construct.where_questions import where_questions
from langchain_taskgen.tasks.questions import build_mcqa
from tests.data.handbook_passages import PASSAGES as HANDBOOK_PASSAGES


def asked(passage: str) -> list[tuple[str, str]]:
    return [(q, a.text) for _, a, q in manual_questions(passage)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "To check the whole system, use debsums -c.",
            ("How do you check the whole system?", "use debsums -c"),
        ),
        (
            "To delegate administrative rights, the administrator can use the visudo command.",
            ("How can you delegate administrative rights?", "use the visudo command"),
        ),
        (
            "To modify the system timezone, use the dpkg-reconfigure tzdata command, which "
            "allows you to choose the timezone to be used in an interactive manner.",
            ("How do you modify the system timezone?", "use the dpkg-reconfigure tzdata command"),
        ),
        (
            "To anticipate some of these problems, you can install the apt-listchanges "
            "package, which displays information about possible problems at the beginning "
            "of a package upgrade.",
            (
                "What does the apt-listchanges package do?",
                "displays information about possible problems at the beginning of a package "
                "upgrade",
            ),
        ),
        (
            "The rsyslogd daemon is responsible for collecting service messages coming from "
            "applications and the kernel, then dispatching them into log files.",
            (
                "What is the rsyslogd daemon responsible for?",
                "collecting service messages coming from applications and the kernel",
            ),
        ),
        (
            "A base chain is an entry point for packets from the networking stack.",
            ("What is a base chain?", "an entry point for packets from the networking stack"),
        ),
        (
            "In particular, the sleuthkit package provides tools that analyze a filesystem.",
            ("What does the sleuthkit package do?", "provides tools"),
        ),
        (
            "The /etc/fstab file gives a list of all possible mounts that happen either "
            "automatically on boot or manually for removable storage devices.",
            ("What does the /etc/fstab file do?", "gives a list of all possible mounts"),
        ),
        (
            "The mdadm command allows creating and manipulating RAID arrays.",
            ("What does the mdadm command do?", "allows creating and manipulating RAID arrays"),
        ),
    ],
)
def test_manual_shapes_ask_in_natural_order(sentence: str, expected: tuple[str, str]) -> None:
    found = asked(sentence)
    if expected == ("What does the sleuthkit package do?", "provides tools"):
        # "provides" is asked by term_questions ("What does X provide?"), and "provides
        # tools" is too thin an answer for "What does X do?": nothing here.
        assert found == []
        return
    assert found == [expected]
    question, answer = expected
    # The answer stands where it stands in the passage (exqa copies it), and the question
    # is no sentence with a blank.
    assert answer in sentence
    assert not is_cloze(question, sentence, answer)


def test_default_and_by_default() -> None:
    passage = (
        "Many users know Knoppix as a live CD. Knoppix uses LXDE (a lightweight graphical "
        "desktop) by default, but the DVD version also includes GNOME and Plasma."
    )
    assert ("What does Knoppix use by default?", "LXDE") in asked(passage)


@pytest.mark.parametrize(
    "sentence",
    [
        # The purpose leans on the sentence before.
        "To do so, simply install the ntpdate package.",
        "To modify it, use the dpkg-reconfigure tzdata command.",
        "To confirm the change use the --allow-releaseinfo-change option.",
        # "which" takes up the clause, not "the BIOS".
        "Since this bootloader is loaded from disk, it can be smarter than the BIOS, which "
        "explains why the BIOS does not load the operating system by itself.",
        # A plural noun, not a verb: "DNS records are ...".
        "DNS records are organized in zones.",
        "Falcot administrators selected clamav from the homonymous package.",
        # One vague noun with "the": the change made where?
        "To confirm the change, use the --allow-releaseinfo-change option.",
        # A judgement, not a definition.
        "A good starting point is the sign-release.sh script.",
        # A sidebar's label glued to the sentence.
        "TIP Debian thinks of speakers of non-English languages.",
        # "capabilities" is no verb, and "by default" belongs to another clause.
        "IPsec capabilities have been added to the 2.5 development kernel, so this feature "
        "will be present by default in the future Linux Kernel 2.6.",
        # "allows the Linux kernel" to do what is cut off at the comma.
        "Virtual memory allows the Linux kernel, when running short of memory, to free it.",
    ],
)
def test_bad_forms_give_nothing(sentence: str) -> None:
    assert asked(sentence) == []


def test_a_long_purpose_is_a_cloze_and_not_kept() -> None:
    sentence = "To find the current security context in a shell, call id -Z."
    ((question, answer),) = asked(sentence)
    assert is_cloze(question, sentence, answer)  # the shared rule still holds
    corpus = Corpus.build([sentence])
    assert span_questions(0, corpus, random.Random(0), 3) == []


@pytest.mark.parametrize(
    ("question", "answer", "kind"),
    [
        ("What can also be considered?", "IRC", "name"),
        ("What is able to integrate external packages on the other hand?", "debian-cd", "term"),
        ("What does the acpid package provide?", "a daemon", "predicate"),
        ("What are IRC clients?", "a bit more complex", "predicate"),
        ("What does Unix provide as signals?", "a mechanism known", "phrase"),
        ("What does the script update?", "the list of available packages", "phrase"),
        ("What can More information be found on?", "Wikipedia", "name"),
        ("What is the most common scheme?", "a rotating archive", "phrase"),
        ("What does a serious administrator truly know?", "the roles of each server", "phrase"),
        # harden-doc's changelog lines and subject questions on them
        ("What does Fixed typo sent by?", "Matt Kraai", "name"),
        ("What does provide client software?", "Debian", "name"),
        ("What is dead?", "FreeSWAN", "name"),
        ("What has a Security Team?", "Debian", "name"),
        ("What does someone find?", "a security problem", "phrase"),
        ("What does the next section present for the bridge?", "two configurations", "phrase"),
        ("What can you use?", "two different quota systems", "phrase"),
        ("What is the preconnect?", "the important line", "phrase"),
        ("Which script is a good starting point?", "sign-release.sh", "term"),
        ("What do Let's take?", "a concrete example", "phrase"),
        ("What is the simplest method dynamic configuration with?", "DHCP", "name"),
        ("What does Whoever have on the account configured?", "the private key", "phrase"),
        ("Under what which does the parameter contain the directory?", "which", "phrase"),
        ("What was /usr/adm?", "/var/log", "term"),
        ("What does LVM use?", "a particular terminology", "phrase"),
        ("Where is the further configuration done?", "/etc/opendkim.conf", "term"),
        ("What is the matching Debian package?", "isc-dhcp-server", "term"),
        ("What is more sophisticated in contrast to the BIOS?", "UEFI", "name"),
        ("What will install packages from various origins?", "APT", "name"),
        ("What does the first field indicate?", "the source type", "phrase"),
        ("What do other interfaces have?", "similar features", "phrase"),
    ],
)
def test_unnatural_span_questions_are_dropped(question: str, answer: str, kind: str) -> None:
    assert not reads_naturally(question, Span(answer, 0, kind))


@pytest.mark.parametrize(
    ("question", "answer", "kind"),
    [
        ("What does debsums check?", "the MD5 sums of installed files", "predicate"),
        ("What is NFS?", "a network filesystem", "predicate"),
        ("Where are the firewall rules located?", "/etc/nftables.conf", "term"),
        ("How many items can each card borrow?", "10 items", "number"),
        ("What may you add within Derivative Works that You distribute?", "notices", "name"),
    ],
)
def test_natural_questions_are_kept(question: str, answer: str, kind: str) -> None:
    assert reads_naturally(question, Span(answer, 0, kind))


def test_one_sentence_one_fact() -> None:
    """Two questions on one sentence with one answer are one fact: one of them is asked.

    "What does Knoppix use?" -> "LXDE (...) by default" and "What does Knoppix use by
    default?" -> "LXDE".
    """
    passage = (
        "Many users know Knoppix as a live CD. Knoppix uses LXDE (a lightweight graphical "
        "desktop) by default, but the DVD version also includes GNOME and Plasma."
    )
    corpus = Corpus.build([passage])
    answers = [span.text for _, span, _ in iter_span_questions(0, corpus, random.Random(0))]
    assert sum("LXDE" in a for a in answers) == 1


@pytest.mark.parametrize(
    ("sentence", "answer"),
    [
        (
            "The copyright file includes information about the authors and the license "
            "covering the software.",
            "information about the authors and the license covering the software",
        ),
        (
            "The /etc/apache2/authfiles/htpasswd-private file contains a list of users and "
            "passwords; it is commonly manipulated with the htpasswd command.",
            "a list of users and passwords",
        ),
    ],
)
def test_term_answers_keep_their_coordinated_noun(sentence: str, answer: str) -> None:
    """Cut at "and", the answer said less than the passage ("a list of users")."""
    assert [a.text for _, a, _ in term_questions(sentence, sentence)] == [answer]


def test_a_reversed_question_is_the_same_fact() -> None:
    corpus = Corpus.build(["The virtinst package provides virt-install. " * 1])
    asked = list(iter_span_questions(0, corpus, random.Random(0)))
    assert len(asked) <= 1


def test_heading_questions_keep_one_person() -> None:
    body = "Logs say what happened on the machine."
    for variant in range(4):
        question = heading_question("Checking your logs", body, variant)
        assert question is not None and " you " in question and " I " not in question
    for variant in range(4):
        question = heading_question("Securing FTP", body, variant)
        assert question is not None and question.endswith("secure FTP?")


def test_mcqa_options_are_same_kind_and_all_in_the_passage() -> None:
    passage = (
        "A preseed file is a plain text file. The installer reads the boot server address "
        "from the configuration. A bootable key holds the installer image and a local mirror."
    )
    corpus = Corpus.build([passage])
    corpus.task_types = ("mcqa",)
    drafts = build_mcqa(0, corpus, random.Random(0), 2)
    assert drafts
    flat = clean(passage).lower()
    for draft in drafts:
        options = [draft.fields["answer"], *draft.fields["options"].split("|")]
        assert len(options) >= 3
        assert all(o.lower() in flat for o in options)
        # No option holds another ("a specific approach" beside "a specific approach for X").
        assert not any(a != b and a in b for a in options for b in options)


def test_handbook_passages_ask_natural_questions() -> None:
    corpus = Corpus.build(HANDBOOK_PASSAGES)
    questions = [
        (q, span)
        for i in range(len(HANDBOOK_PASSAGES))
        for _, span, q in iter_span_questions(i, corpus, random.Random(0))
    ]
    assert len(questions) >= 8
    for question, span in questions:
        assert question.endswith("?") and question[0].isupper()
        assert reads_naturally(question, span)
        assert span.text.lower() not in question.lower()


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        (
            "Aptitude is an interactive program that lists the available packages. It "
            "allows the user to browse the list of available packages by category.",
            "Aptitude",
        ),
        (
            "The apt-cache policy command shows the priority of each package source. It can "
            "also show the pinning priorities for all available versions of a package.",
            "The apt-cache policy command",
        ),
        (
            "The ftpmasters are in charge of the archive of Debian packages. They maintain "
            "the program that receives packages sent by developers.",
            "The ftpmasters",
        ),
    ],
)
def test_coref_resolves_the_subject_before(passage: str, expected: str) -> None:
    assert [referent for _, _, referent in pronoun_referents(passage)] == [expected]


@pytest.mark.parametrize(
    "passage",
    [
        # "Users" is plural: "It" is the reportbug tool, named at the sentence's end.
        "Users can also use the command line to send bug reports with the reportbug tool. "
        "It helps making sure the bug in question hasn't already been filed.",
        # A cleft and an expletive: no referent.
        "The server waits for connections from the network clients. It is the client that "
        "controls operations, the server doesn't take any initiative.",
        "Debian GNU/Linux keeps the logs of the system in the /var/log directory. It might "
        "also be useful to have the system logs printed on a virtual console.",
        # "The effectiveness of suricata": which of the two "It" is, is open.
        "The effectiveness of suricata is limited by the traffic it sees on the network. It "
        "will not be able to detect anything if it cannot observe the real traffic.",
        # "The simplest method": a kind of thing, and "It" may be the hostname's source.
        "The simplest method uses the configuration of the DHCP server on the network. It "
        "may indicate a desired hostname, corresponding to the hostname setting.",
        # A passive after a modal refers further back (to crontab, not the user).
        "Each user has their own list of scheduled tasks on the machine. It can be edited "
        "by running crontab -e.",
    ],
)
def test_coref_gives_nothing_where_unresolvable(passage: str) -> None:
    assert pronoun_referents(passage) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "If you have a source package, you can use the dpkg-source command (from the "
            "dpkg-dev package) to decompress it.",
            [("Which package provides the dpkg-source command?", "the dpkg-dev package")],
        ),
        (
            "Available SELinux modules are stored in the /usr/share/selinux/default/ directory.",
            [("Where are available SELinux modules stored?", "/usr/share/selinux/default/")],
        ),
        (
            "The AIDE configuration proper is stored in /etc/aide/aide.conf and "
            "/etc/aide/aide.conf.d/.",
            [("Where is the AIDE configuration proper stored?", "/etc/aide/aide.conf")],
        ),
        # Named after the program, a name cut in two, a word that names no program.
        ("You may prefer using rcconf (from the rcconf package) instead.", []),
        ("mod-security2 (in the libapache2-mod-security2 package) is the main module.", []),
        ("Qt Designer (in the qttools5-dev-tools package) draws interfaces.", []),
        ("KDevelop for KDE (in the kdevelop package) is an IDE.", []),
        ("It provides commands (from the equivs package) to build packages.", []),
        # A leaning subject.
        ("Its configuration is stored in the /etc/timezone file.", []),
    ],
)
def test_where_questions(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert where_questions(sentence) == expected


def test_reader_openers_and_bare_kinds_are_dropped() -> None:
    # Found in a strict reading: an opener kept inside the question, and an answer that
    # names only the kind of thing ("the official command").
    from langchain_taskgen.construct.candidates import Span
    from langchain_taskgen.construct.question_filters import reads_naturally

    assert not reads_naturally(
        "What do Let\u2019s get?", Span("the upstream source", 0, "predicate")
    )
    assert not reads_naturally(
        "How many lines does Suppose your .zshrc file have?", Span("200 lines", 0, "number")
    )
    assert not reads_naturally(
        "What is the dpkg-buildpackage command?", Span("the official command", 0, "predicate")
    )
    assert reads_naturally(
        "What is the gbp command?",
        Span("the alias of the git-buildpackage command", 0, "predicate"),
    )


def test_the_verb_let_is_no_opener() -> None:
    # "What does X let you do?" is one of the manual question forms: the opener rule
    # ("What do Let's get?") must not drop it.
    from langchain_taskgen.construct.candidates import Span
    from langchain_taskgen.construct.question_filters import reads_naturally

    span = Span("run commands as another user", 0, "predicate")
    assert reads_naturally("What does the sudo program let you do?", span)
    assert not reads_naturally("What do Let's get?", span)
