"""Task types made from a manual's headings: summarization, topic_class, text_gen (and qg's).

A heading is a summary the document's author wrote. Shown a section without its heading,
a task asks for that title (summarization), picks it among other sections' titles
(topic_class), writes the section from its title (text_gen) or asks the question the
heading asks (qg, :func:`heading_questions`). The passage a task shows is the section's
body, which is also the pair's context, so neither the checks nor the shortcut audit see
the heading the answer came from.

When a call asks for several of these types, a passage's sections are dealt out among
them, so one section gives one pair; a section repeated in overlapping chunks is used
once (a claim on the call's :class:`Corpus`).

Example:
    >>> import random
    >>> from langchain_taskgen.construct import Corpus
    >>> corpus = Corpus.build(["5.3. Securing FTP\\n\\nAn FTP server sends passwords in "
    ...     "clear text over the network. Prefer SFTP, which encrypts them, wherever you can."])
    >>> (draft,) = SUMMARIZATION.builder(0, corpus, random.Random(0), 1)
    >>> print(draft.render(None)[0])  # doctest: +ELLIPSIS
    Passage: An FTP server sends passwords in clear text over the network. Prefer SFTP, ...
    <BLANKLINE>
    Write a heading that sums up this text.
    >>> draft.render(None)[1]
    'Securing FTP'
"""

from __future__ import annotations

import hashlib
import random

from langchain_taskgen.construct.draft import Draft
from langchain_taskgen.construct.heading_questions import has_inner_heading, heading_question
from langchain_taskgen.construct.headings import (
    audit_stems,
    is_clean_title,
    is_summary_title,
    norm,
    shown_body,
    support,
)
from langchain_taskgen.construct.hypotheses import weak_writer
from langchain_taskgen.construct.passage import Corpus, is_good_sentence, split_sentences
from langchain_taskgen.construct.render import fixed, options_text, with_passage
from langchain_taskgen.construct.run_limits import Variant, candidate_fields
from langchain_taskgen.construct.sections import Section, sections
from langchain_taskgen.construct.text_checks import check_summary
from langchain_taskgen.construct.title_options import word_rarity, wrong_titles
from langchain_taskgen.construct.writing_brief import standalone_prose, text_gen_item
from langchain_taskgen.tasks.base import AnswerKind, Structure, TaskType

HEADING_TYPES = ("summarization", "topic_class", "text_gen", "qg")
"""The types that use a section's heading: one of them uses each section in a call."""


def _sections(corpus: Corpus, index: int) -> list[tuple[Section, str]]:
    """The passage's sections with the text a task shows of each (read once per call)."""
    cache: dict[int, list[tuple[Section, str]]] = corpus.__dict__.setdefault("_sections", {})
    if index not in cache:
        cache[index] = [(s, shown_body(s)) for s in sections(corpus.passages[index])]
    return cache[index]


def _prose(corpus: Corpus) -> str:
    """The call's clean sentences: which words its authors write as names ("Debian")."""
    cached: str | None = corpus.__dict__.get("_prose")
    if cached is None:
        cached = corpus.__dict__["_prose"] = " ".join(s for p in corpus.sentences for s in p)
    return cached


def _good(shown: str) -> int:
    return sum(is_good_sentence(s) for s in split_sentences(shown))


def _usable(task: str, section: Section, shown: str, intro: bool = False) -> bool:
    """Whether ``section`` gives ``task`` an item (before the options a call may lack).

    ``intro``: the passage holds a subsection of this section, so its text is only the
    introduction to what the subsections explain.
    """
    title = section.title
    if task == "text_gen":
        # A one-word title ("Server") names too little to write a section from; an
        # introduction to subsections does not say what its heading promises.
        return is_clean_title(title) and standalone_prose(section, intro) is not None
    if _good(shown) < 2:
        return False
    if task == "qg":
        # The question must be one the text answers: its words mostly found there, and
        # more than an introduction ("How do you set up Samba?" over two opening lines).
        return (
            not intro
            and not has_inner_heading(shown)  # two sections: the question fits one
            and len(shown) >= 250
            and support(title, shown) >= 0.5
            and heading_question(title, shown) is not None
        )
    if not is_summary_title(title, shown):
        return False
    # A title found word for word in the text is picked by finding it, not by reading.
    return task != "topic_class" or f" {norm(title)} " not in f" {norm(shown)} "


def _makes(task: str, index: int, corpus: Corpus, section: Section, shown: str) -> bool:
    """Whether ``task`` makes an item of the section, so the deal gives it only those.

    A text_gen target whose specifics do not fit an instruction, a topic_class section
    without wrong titles as heavy as its own: another heading type can use the section.
    The check draws nothing from the call's random stream (a fixed one of its own).
    """
    if task == "text_gen":
        return text_gen_item(index, corpus, section, random.Random(0)) is not None
    if task == "topic_class":
        return bool(_distractors(index, corpus, section, shown, random.Random(0)))
    return True


def _has_child(section: Section, numbers: list[str]) -> bool:
    return bool(section.number) and any(n.startswith(f"{section.number}.") for n in numbers)


def _key(section: Section, shown: str) -> tuple[str, int, str]:
    # Title and opening: the same section cut into two overlapping chunks is one fact.
    return "section", 0, f"{section.title.lower()}|{shown[:60]}"


def dealt_sections(index: int, corpus: Corpus, owner: str) -> list[tuple[Section, str]]:
    """``owner``'s share of the passage's usable sections, each with the text shown.

    The heading types asked in the call take turns, starting at a type chosen by a hash
    of the passage, each taking its next usable section; a section another passage
    already used (an overlapping chunk) is left out. The deal does not depend on the
    order the types are planned in.
    """
    found = _sections(corpus, index)
    sharing = [t for t in dict.fromkeys(corpus.task_types) if t in HEADING_TYPES]
    if owner not in sharing:
        sharing = [owner]
    free = [
        (s, shown)
        for s, shown in found
        if corpus.asked.get(_key(s, shown), ("", index))[1] == index
    ]
    numbers = [s.number for s, _ in found if s.number]
    usable = {
        t: [
            c
            for c in free
            if _usable(t, *c, _has_child(c[0], numbers)) and _makes(t, index, corpus, *c)
        ]
        for t in sharing
    }
    digest = hashlib.sha256(corpus.passages[index].encode()).digest()
    first = digest[0] % len(sharing)
    order = sharing[first:] + sharing[:first]
    taken: set[tuple[str, int, str]] = set()
    mine: list[tuple[Section, str]] = []
    while True:
        moved = False
        for task in order:
            pick = next((c for c in usable[task] if _key(*c) not in taken), None)
            if pick is not None:
                taken.add(_key(*pick))
                moved = True
                if task == owner:
                    mine.append(pick)
        if not moved:
            return mine


def _claim(corpus: Corpus, section: Section, shown: str, owner: str, index: int) -> None:
    corpus.asked.setdefault(_key(section, shown), (owner, index))


def build_summarization(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """A section without its heading; the output is its title (a summary a person wrote).

    Only a title that sums up its section (not "Introduction", its words found in the
    text). A passage without one: the model writes a one-sentence summary, which is
    checked; not for a model whose rewrites are built by code (the embedded default
    writes wrong summaries), which gets no material.
    """
    drafts = []
    for section, shown in dealt_sections(index, corpus, "summarization")[:n]:
        _claim(corpus, section, shown, "summarization", index)
        ask = rng.choice(
            [
                "Suggest a short title for this section of a manual.",
                "Give this section a heading.",
                "What would be a good title for this part of the documentation?",
                "Write a heading that sums up this text.",
            ]
        )
        inp = with_passage(shown, ask, rng)
        drafts.append(
            Draft(
                "summarization",
                {"title": section.title, "heading": section.heading},
                fixed(inp, section.title),
                context=shown,
            )
        )
    if drafts or weak_writer(corpus):
        return drafts
    passage = corpus.passages[index]
    if len(corpus.sentences[index]) < 2:
        return []
    ask = rng.choice(
        [
            "Summarize the passage in one sentence.",
            "Write a one-sentence summary of this text.",
            "Give the gist of the passage in a single sentence.",
        ]
    )
    inp = with_passage(passage, ask, rng)

    def render(written: str | None) -> tuple[str, str]:
        return inp, check_summary(passage, written or "")

    return [Draft("summarization", {}, render, "summary", passage)][:n]


def _distractors(
    index: int, corpus: Corpus, section: Section, shown: str, rng: random.Random
) -> list[str]:
    """Wrong titles for ``section`` from the call's other passages (:func:`title_options`)."""
    others = [
        (found.title, found.number)
        for other in range(len(corpus.passages))
        if other != index
        for found, _ in _sections(corpus, other)
    ]
    own = {norm(s.title) for s, _ in _sections(corpus, index)}
    return wrong_titles(section.title, section.number, shown, own, others, rng, _rarity(corpus))


def _rarity(corpus: Corpus) -> dict[str, float]:
    cached: dict[str, float] | None = corpus.__dict__.get("_rarity")
    if cached is None:
        cached = corpus.__dict__["_rarity"] = word_rarity(corpus.passages)
    return cached


SECTIONS_OFFERED = 3
"""Sections a topic_class candidate offers: the run takes the first that keeps its
shallow readers at chance (:mod:`~langchain_taskgen.construct.run_limits`)."""


def build_topic_class(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """A section without its heading; the options are its title and other sections' titles.

    No option occurs word for word in the text shown, the right one included, and the
    wrong ones share as many words with the text as the right one where the call allows
    (:func:`~langchain_taskgen.construct.title_options.wrong_titles`). Each draft is a
    candidate offering up to :data:`SECTIONS_OFFERED` of the passage's sections, each
    with its readers' measures: the run takes, in corpus order, the first that keeps
    matching words (and length) at chance over the run
    (:meth:`~langchain_taskgen.construct.run_limits.RunLimits.at_chance`), so neither
    finding an option in the passage nor matching its words answers anything. Too few
    other titles: no material.
    """
    drafts: list[Draft] = []
    variants: list[Variant] = []
    options: list[list[list[int]]] = []
    for section, shown in dealt_sections(index, corpus, "topic_class"):
        if len(variants) == SECTIONS_OFFERED * n:
            break
        distractors = _distractors(index, corpus, section, shown, rng)
        if len(distractors) < 2:
            continue
        words = audit_stems(shown)
        scores = [len(audit_stems(t) & words) for t in (section.title, *distractors)]
        lengths = [len(t) for t in (section.title, *distractors)]
        # Every section offered is claimed: which one the run takes is decided later,
        # and an overlapping passage must not offer it again.
        _claim(corpus, section, shown, "topic_class", index)
        choices = options_text(rng, section.title, distractors, lettered=False)
        ask = rng.choice(
            [
                "Which of these titles fits the passage?",
                "Which section of the manual is this text from?",
                "Pick the heading this passage belongs under.",
            ]
        )
        inp = with_passage(shown, f"{ask}\nOptions:\n{choices}", rng)
        fields = {"topic": section.title, "options": "|".join(distractors)}
        variants.append((inp, section.title, fields, shown))
        options.append([scores, lengths])
    # n candidates at most, the sections dealt out in turn (candidate i offers sections
    # i, i + n, ...): each candidate's first variant is a different section.
    for first in range(min(n, len(variants))):
        mine = variants[first::n]
        ticket = {"task": "topic_class", "options": options[first::n]}
        inp, title, _, shown = mine[0]
        fields = candidate_fields(mine, ticket)
        drafts.append(Draft("topic_class", fields, fixed(inp, title), context=shown))
    return drafts


def build_text_gen(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """An instruction to write the section a title names; the output is that section's prose.

    The instruction names the heading, the document's subject (the name the call's text
    keeps using) and every specific the target states, so the target is one good answer
    to it (:func:`~langchain_taskgen.construct.writing_brief.brief`). The target is the
    section's opening prose standing on its own: no introduction to subsections, no
    leaning opening, preamble or pointer to other text, at least two sentences
    (:func:`~langchain_taskgen.construct.writing_brief.standalone_prose`).
    """
    drafts = []
    for section, shown in dealt_sections(index, corpus, "text_gen")[:n]:
        made = text_gen_item(index, corpus, section, rng)
        if made is None:
            continue
        _claim(corpus, section, shown, "text_gen", index)
        inp, target = made
        fields = {"title": section.title}
        drafts.append(Draft("text_gen", fields, fixed(inp, target), context=target))
    return drafts


def heading_questions(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """The qg items of headings: a section shown without it; the output, the question it asks.

    "Securing FTP" asks "How do you secure FTP?"; a heading written as a question is
    asked as it is. A heading the rules cannot turn into a question gives nothing.
    """
    drafts = []
    for section, shown in dealt_sections(index, corpus, "qg")[:n]:
        question = heading_question(section.title, f"{shown}\n\n{_prose(corpus)}", rng.randrange(4))
        if question is None:
            continue
        _claim(corpus, section, shown, "qg", index)
        ask = rng.choice(
            [
                "Write a question that this part of the manual answers.",
                "What question does this section answer?",
                "Ask the question a reader would look up this text for.",
            ]
        )
        inp = with_passage(shown, ask, rng)
        drafts.append(
            Draft(
                "qg",
                {"title": section.title, "question": question},
                fixed(inp, question),
                context=shown,
            )
        )
    return drafts


SUMMARIZATION = TaskType(
    "summarization",
    "summarization",
    "an instruction to summarise the passage (a title for a section of a manual, or one "
    "sentence); the output is the summary",
    demonstration=(
        "Summarize the passage in one sentence.",
        "The library lends ten items per card for three weeks, allows two renewals, fines "
        "late adult books and opens at noon on Sundays.",
    ),
    builder=build_summarization,
    round_trip=True,
)
TEXT_GEN = TaskType(
    "text_gen",
    "text generation",
    "an instruction to write a section of a document from its title; the output is the text",
    context_in_input=False,
    demonstration=(
        'Write a short section titled "Sunday opening hours" for a library handbook.',
        "The library closes on public holidays. On Sundays it opens late, at noon.",
    ),
    builder=build_text_gen,
    round_trip=True,
)
TOPIC_CLASS = TaskType(
    "topic_class",
    "topic classification",
    "a question asking which title or topic fits the passage, with options; the output is one",
    AnswerKind.CHOICE,
    demonstration=(
        "Which of these titles fits the passage?\nOptions:\n- Borrowing and fines\n"
        "- Printing and copying\n- Reserving a study room",
        "Borrowing and fines",
    ),
    builder=build_topic_class,
    structure=Structure.OPTIONS,
    # A generic question ("Which of these titles fits?"): the options carry the subject.
    about_passage=False,
)
