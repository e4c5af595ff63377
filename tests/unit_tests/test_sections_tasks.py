"""Tasks made from a manual's headings: its title, the title among others, the text, a question.

Built from chunks shaped like loaded HTML manual pages (tests/data/manual_sections.py),
through the structured format and the generator that run them.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from langchain_taskgen import TaskGenerator
from langchain_taskgen.checks.audit import audit_pairs
from langchain_taskgen.checks.tricks import norm
from langchain_taskgen.construct import Corpus
from langchain_taskgen.construct.heading_questions import heading_question
from langchain_taskgen.construct.headings import is_clean_title, prose_body, shown_body
from langchain_taskgen.construct.run_limits import RunLimits, apply_limits
from langchain_taskgen.construct.sections import sections
from langchain_taskgen.formats import StructuredFormat
from langchain_taskgen.generation.chunking import Chunk
from langchain_taskgen.generation.report import GenerationReport
from langchain_taskgen.pairs import TaskPair
from tests.data.manual_sections import CHUNKS, INTRODUCTION, SECURING_FTP, TITLES
from tests.data.shared_terms_sections import CHUNKS as SHARED

HEADING_TYPES = ("summarization", "topic_class", "text_gen", "qg")


def planned(task: str, chunks: list[str] = CHUNKS, embedded: bool = True, types: tuple = ()):
    """(chunk index, input, output, context) of every draft of ``task``, one call."""
    fmt = StructuredFormat(weak_writer=embedded)
    corpus = fmt.read(chunks)
    corpus.task_types = types or (task,)
    out = []
    for index in range(len(chunks)):
        for draft in fmt.plan(corpus, index, task, 2, 0):
            if draft.needs_model:
                out.append((index, None, None, draft.source))
                continue
            out.append((index, *fmt.finish(draft, None), draft.context))
    return out


def heading_of(index: int) -> str:
    return sections(CHUNKS[index])[0].heading


def test_title_task_answers_with_the_heading_it_hides() -> None:
    made = planned("summarization")
    assert len(made) >= 6
    for index, inp, out, context in made:
        (section,) = sections(CHUNKS[index])
        assert out == section.title
        assert section.heading not in inp and section.title not in inp
        assert context and context in inp  # the pair's context is the text shown
        assert "Prev" not in inp and "Up\n" not in inp  # page navigation is no part of it
    assert {out for _, _, out, _ in made} <= TITLES - {"Introduction"}


def test_generic_titles_give_no_material() -> None:
    assert not is_clean_title("Introduction") and not is_clean_title("Final summary")
    for task in HEADING_TYPES:
        assert planned(task, [INTRODUCTION, INTRODUCTION.replace("1.1.", "1.2.")]) == []
    # An engine that can write still gets its one-sentence summary to write (checked).
    ((_, inp, _out, source),) = planned("summarization", [INTRODUCTION], embedded=False)
    assert inp is None and source == INTRODUCTION


def test_topic_options_are_titles_and_none_occurs_in_the_text_shown() -> None:
    # Few a plan: the titles of manual_sections name their passages' key terms (the one
    # option naming it gives the item away: dropped), and an item is taken only while
    # word-matching readers stay at chance over the run (test_labels_run_level.py); so a
    # chapter whose titles share its words, over several seeds of one run.
    chunks = CHUNKS + SHARED
    fmt = StructuredFormat(weak_writer=True)
    corpus = fmt.read(chunks)
    corpus.task_types = ("topic_class",)
    limits, made = RunLimits(), []
    for seed in range(40):
        for index in range(len(chunks)):
            for draft in fmt.plan(corpus, index, "topic_class", 2, seed):
                meta = {"task_fields": dict(draft.fields)}
                pair = TaskPair(*fmt.finish(draft, None), "topic_class", draft.context, meta)
                for kept in apply_limits([pair], limits, GenerationReport()):
                    made.append((index, kept.input, kept.output, kept.context))
    assert len(made) >= 3
    titles = {s.title for c in chunks for s in sections(c)}
    for index, inp, out, context in made:
        options = re.findall(r"^- (.+)$", inp, re.M)
        assert 3 <= len(options) <= 4 and options.count(out) == 1
        (section,) = sections(chunks[index])
        assert out == section.title and section.heading not in context
        assert set(options) <= titles - {"Introduction"}
        shown = f" {norm(context)} "
        assert not any(f" {norm(o)} " in shown for o in options), options


def test_pairs_carry_the_text_shown_as_context_so_the_audit_reads_what_the_task_shows() -> None:
    generator = TaskGenerator(
        llm=None, task_type=list(HEADING_TYPES), format="structured", code_rewrites=True
    )
    plan = generator.plan([Chunk(c, {"source": "manual.html"}) for c in CHUNKS])
    assert not plan.prompts  # the embedded model writes none of these: no engine starts
    per_chunk, report = generator.judge(plan, [])
    pairs = [p for chunk in per_chunk for p in chunk]
    assert report.accepted == len(pairs)
    by_type = Counter(p.task_type for p in pairs)
    assert set(by_type) >= {"summarization", "qg"}, by_type
    # topic_class alone, with a chapter whose titles share its words: these sections'
    # titles name their passages' key terms and give the answer away (dropped).
    alone = TaskGenerator(llm=None, task_type="topic_class", format="structured")
    for seed in range(40):  # few a plan (see above): several seeds of one run
        alone.seed = seed
        plan = alone.plan([Chunk(c, {"source": "manual.html"}) for c in CHUNKS + SHARED])
        pairs += [p for chunk in alone.judge(plan, [])[0] for p in chunk]
    assert any(p.task_type == "topic_class" for p in pairs)
    for pair in pairs:
        assert not any(h in pair.context for h in ("5.3. Securing FTP", "6.2. Setting up"))
    row = audit_pairs(pairs, min_pairs=1).types["topic_class"]
    assert row.probes["option in passage"] == pytest.approx(row.baseline)


def test_one_section_gives_one_pair_across_the_heading_types() -> None:
    made = {t: planned(t, types=HEADING_TYPES) for t in HEADING_TYPES}
    used = Counter(index for rows in made.values() for index, *_ in rows)
    assert used and max(used.values()) == 1, used
    assert sum(map(len, made.values())) >= 6


def test_text_gen_writes_the_section_from_its_title_without_markers_or_commands() -> None:
    made = planned("text_gen")
    assert len(made) >= 5
    for index, inp, out, _ in made:
        assert f'"{sections(CHUNKS[index])[0].title}"' in inp
        assert not re.search(r"\[\d+\]|Section \d|^#|\$ ", out, re.M), out
        assert len(out) >= 200 and out[0].isupper() and out.endswith(".")
    ftp = next(out for index, _, out, _ in made if index == 0)
    assert "chroot its users" in ftp and "filesystem. Prefer SFTP" in ftp
    assert "vsftpd.conf" not in ftp and "PrevSecuring" not in ftp


def test_prose_that_leans_on_text_before_it_is_not_a_section() -> None:
    chunk = "2.1. Keeping logs\n\nThis is why the logs matter. " + " ".join(
        ["The logger writes every message to a file under the log directory."] * 4
    )
    assert prose_body(sections(chunk)[0]) is None


@pytest.mark.parametrize(
    ("title", "question"),
    [
        ("Securing FTP", "How do you secure FTP?"),
        ("Setting up a firewall", "How do you set up a firewall?"),
        ("Disabling NIS", "How do you disable NIS?"),
        ("Configuring Packages: debconf", "How do you configure packages with debconf?"),
        ("Upgrading the System", "How do you upgrade the system?"),
        ("Stopping Unwanted Services", "How do you stop unwanted services?"),
        ("Install the SIP proxy", "How do you install the SIP proxy?"),
        ("How to Rotate Logs", "How do you rotate logs?"),
        ("How do I upgrade to a new release?", "How do I upgrade to a new release?"),
        ("Who Is this Book For?", "Who is this book for?"),
        (
            "Are there any hardening programs for Debian?",
            "Are there any hardening programs for Debian?",
        ),
        ("Setting Up Windows Shares with Samba", "How do you set up Windows shares with Samba?"),
    ],
)
def test_headings_become_natural_questions(title: str, question: str) -> None:
    # Names keep their capital where the text writes them so; other words are lowered.
    body = "The system is upgraded by the administrator. It works with Debian, Windows and Samba."
    assert heading_question(title, body) == question


@pytest.mark.parametrize(
    "title",
    [
        "Telnet and RSH are obsolete",  # a statement, no question
        "Networking basics",  # "network basics" is no verb phrase
        "Log file permissions",  # "log" is a noun here
        "Introduction",
        "Providing a “Service”",
    ],
)
def test_headings_the_rules_are_unsure_of_give_no_question(title: str) -> None:
    assert heading_question(title, "Some text about services and logs.") is None


def test_qg_asks_the_heading_question_and_on_the_embedded_model_nothing_else() -> None:
    made = planned("qg")
    questions = {index: out for index, _, out, _ in made}
    assert questions[0].endswith("secure FTP?") and questions[2].endswith("disable NIS?")
    assert questions[7] == "How do I upgrade to a new release?"
    for index, inp, out, _ in made:
        assert heading_of(index) not in inp and out.endswith("?")
    # Without headings the embedded model gets no span question (it reads as a cloze);
    # an engine that can write keeps the span question, which it may rewrite.
    plain = ["The debsums tool checks the checksums of installed package files every night."]
    assert planned("qg", plain) == []
    assert planned("qg", plain, embedded=False)


def test_a_section_repeated_in_overlapping_chunks_is_used_once() -> None:
    twice = [SECURING_FTP, SECURING_FTP[SECURING_FTP.index("5.3. Securing FTP\n\nAn FTP") :]]
    assert len(planned("summarization", twice)) == 1
    corpus = Corpus.build(twice)
    assert len(sections(corpus.passages[1])) == 1


def test_span_questions_are_not_dealt_to_qg_when_it_asks_none() -> None:
    from tests.data.handbook_passages import PASSAGES

    def asked(types: tuple[str, ...]) -> list[str]:
        fmt = StructuredFormat(weak_writer=True)
        corpus = fmt.read(PASSAGES)
        corpus.task_types = types
        return [
            d.fields["question"]
            for i in range(len(PASSAGES))
            for t in ("exqa", "qa")
            for d in fmt.plan(corpus, i, t, 6, 0)
        ]

    alone = asked(("exqa", "qa"))
    assert alone and sorted(asked(("exqa", "qa", "qg"))) == sorted(alone)


def test_qg_leaves_an_introduction_to_its_subsections_alone() -> None:
    intro = (
        "11.5. Setting Up Windows Shares with Samba\n\n"
        "Samba is a suite of tools handling the SMB protocol on Linux. Windows uses this "
        "protocol for network shares and for the printers it shares with other machines. "
        "Samba can also act as the domain controller of a whole office network. The "
        "sections below set up the server first and then the clients that mount the shares.\n\n"
        "11.5.1. Samba Server\n\n"
        "The samba package holds the server, which is configured in one file for every "
        "share. The shares are listed in that file, each with the users it admits."
    )
    questions = [out for _, _, out, _ in planned("qg", [intro])]
    assert not any("Windows shares" in q for q in questions), questions


def test_footnote_markers_go_with_the_space_before_them() -> None:
    (section,) = sections(
        "Chrooting ssh\n\nSet up a chroot environment for each user and make sure that the "
        "environment includes the needed devices [82]. Then restart the server so that the "
        "new settings apply to every login."
    )
    assert "devices. Then" in shown_body(section)
