"""Questions on licence text (the project's samples/): cut into clauses, fronted, not garbled.

The sentences are the real ones of samples/corpus (Apache 2.0, MPL 2.0, CC0, BSD); the
yield tests run the structured format over the whole sample corpus, code-built types only
(the fake model is never asked).
"""

from __future__ import annotations

import collections
import random
import re
from pathlib import Path

import pytest
from langchain_core.documents import Document
from langchain_core.language_models import FakeListLLM

from langchain_taskgen import TaskGenerator
from langchain_taskgen.construct import Corpus
from langchain_taskgen.construct.clause_units import (
    adjunct_question,
    definition,
    main_clauses,
    subject_question,
)
from langchain_taskgen.construct.passage import Span
from langchain_taskgen.construct.questions import (
    definition_questions,
    same_kind_options,
    span_questions,
)
from langchain_taskgen.construct.term_questions import copied_run
from langchain_taskgen.formats.structured import StructuredFormat
from langchain_taskgen.loading import load_paths
from langchain_taskgen.pairs import TaskPair
from tests.data.admin_passages import CHOICE_PASSAGE
from tests.data.handbook_passages import PASSAGES as HANDBOOK_PASSAGES

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "corpus"
WH_FIRST = re.compile(r"^(?:What|Which|Where|When|Who|How many|Under what|On which|For how)\b")


@pytest.mark.parametrize(
    ("sentence", "clauses"),
    [
        (
            "(a) You must give any other recipients of the Work or Derivative Works a copy "
            "of this License; and",
            [
                "You must give any other recipients of the Work or Derivative Works a copy of "
                "this License."
            ],
        ),
        (
            "You may create and distribute a Larger Work under terms of Your choice, provided "
            "that You also comply with the requirements of this License for the Covered "
            "Software.",
            ["You may create and distribute a Larger Work under terms of Your choice."],
        ),
        (
            "Except to the extent prohibited by statute or regulation, such description must "
            "be sufficiently detailed for a recipient of ordinary skill to be able to "
            "understand it.",
            [
                "Such description must be sufficiently detailed for a recipient of ordinary "
                "skill to be able to understand it."
            ],
        ),
        # A cut inside a list ("use, reproduction, and distribution") leaves half a list.
        (
            '"License" shall mean the terms and conditions for use, reproduction, and '
            "distribution as defined by Sections 1 through 9 of this document.",
            [],
        ),
        # A clause opening with "If" has its main clause elsewhere.
        (
            "If You institute patent litigation against any entity, then any patent licenses "
            "granted to You under this License shall terminate.",
            [],
        ),
    ],
)
def test_long_licence_sentences_are_cut_into_main_clauses(
    sentence: str, clauses: list[str]
) -> None:
    assert main_clauses(sentence) == clauses


def test_definitions_ask_for_the_term_and_never_cut_a_restriction() -> None:
    text = (
        '1.13. "Source Code Form"\n    means the form of the work preferred for making '
        'modifications.\n\n"Contribution" shall mean any work of authorship, including the '
        "original version of the Work, that is intentionally submitted to Licensor for "
        "inclusion in the Work."
    )
    made = [(q, span.text) for _, span, q in definition_questions(text)]
    assert made == [
        (
            "What is the form of the work preferred for making modifications called?",
            "Source Code Form",
        )
    ]
    # "any work of authorship" is not what "Contribution" means: the cut "that is
    # submitted" restricted it.
    assert definition(text.split("\n\n")[1]) is None


@pytest.mark.parametrize(
    ("clause", "answer", "question"),
    [
        (
            "You may create and distribute a Larger Work under terms of Your choice.",
            "terms of Your choice",
            "Under what terms may you create and distribute a Larger Work?",
        ),
        (
            "The License shall be deemed effective as of the date CC0 was applied by "
            "Affirmer to the Work.",
            "as of the date CC0 was applied by Affirmer to the Work",
            "When shall the License be deemed effective?",
        ),
    ],
)
def test_adjunct_questions_front_when_and_under_what(
    clause: str, answer: str, question: str
) -> None:
    assert adjunct_question(clause) == (answer, question)


def test_subject_questions_ask_who_for_parties_and_skip_pronouns_and_vague_subjects() -> None:
    passage = "The Work is offered by Affirmer as-is."
    assert subject_question(
        "Affirmer disclaims responsibility for clearing rights of other persons.", passage
    ) == ("Affirmer", "Who disclaims responsibility for clearing rights of other persons?")
    assert subject_question(
        "The licenses granted in this Section 2 are the only rights granted under this License."
    ) == (
        "The licenses granted in this Section 2",
        "What are the only rights granted under this License?",
    )
    for clause in (
        "You must retain the copyright notices of the Work.",  # "Who must retain ...?" -> You
        "There are two types of chains in the firewall.",
        "The first one is the web server of the company.",
        "Such description must be placed in a text file.",
        "Reloaded AppArmor profiles in enforce mode.",  # capitalised only as an opener
    ):
        assert subject_question(clause, clause) is None, clause


def natural(question: str, answer: str, sentence: str) -> bool:
    words = question.rstrip("?").split()
    copied = " ".join(sentence.rstrip(".").split()[:8])
    return (
        WH_FIRST.match(question) is not None
        and question.endswith("?")
        and question.count("?") == 1
        and answer.lower() not in question.lower()
        # No wh-word left inside a copied sentence: "You must give what to ...?"
        and not any(w.lower() in {"what", "which", "who", "where", "when"} for w in words[2:])
        and copied not in question
    )


def test_every_question_on_the_sample_licences_is_fronted_and_short_answered() -> None:
    texts = [p.read_text() for p in sorted(SAMPLES.glob("*.txt"))]
    corpus = Corpus.build(texts)
    made = 0
    for index, text in enumerate(texts):
        flat = " ".join(text.split())
        for sentence, span, question in span_questions(index, corpus, random.Random(0), 50):
            assert natural(question, span.text, sentence), question
            assert span.text in flat  # copied from the passage as it stands
            assert len(span.text.split()) <= 12, span.text  # a phrase, not a sentence
            run, share = copied_run(question, sentence, span.text)
            assert run <= 4 or share < 0.5, (question, sentence)  # no cloze
            made += 1
    # Most licence clauses ask as the clause with a blank (a cloze): only a few are kept.
    assert made >= 4


def code_built(types: list[str], documents: list[Document] | None = None) -> list[TaskPair]:
    docs = load_paths([SAMPLES]).documents if documents is None else documents
    generator = TaskGenerator(
        llm=FakeListLLM(responses=["unused"]), task_type=types, n=2, format="structured"
    )
    return generator.invoke(docs)


HANDBOOK = [
    Document(text, metadata={"source": f"handbook-{i}"}) for i, text in enumerate(HANDBOOK_PASSAGES)
]


@pytest.mark.parametrize(
    ("task", "least", "on_licences"),
    # mcqa: the notes hold few answers with two wrong options of their sort (a number's
    # options share its unit); test_mcqa_options_are_of_the_keys_sort builds more.
    [("exqa", 16, 4), ("qa", 16, 4), ("qg", 16, 4), ("mcqa", 1, 0)],
)
def test_each_question_type_alone_has_yield(task: str, least: int, on_licences: int) -> None:
    pairs = code_built([task], HANDBOOK)
    assert len(pairs) >= least
    assert len({p.metadata.get("source") for p in pairs}) >= min(least // 2, 8)
    # Licences: long clauses mostly ask as clozes, which are not kept; cookbook/04 splits
    # by source document, so at least two documents must still give pairs.
    licences = code_built([task])
    assert len(licences) >= on_licences
    if on_licences:
        assert len({p.metadata.get("source") for p in licences}) >= 2


def test_the_four_question_types_together_share_distinct_facts() -> None:
    pairs = code_built(["exqa", "qa", "qg", "mcqa"], HANDBOOK)
    by_type = collections.Counter(p.task_type for p in pairs)
    assert set(by_type) == {"exqa", "qa", "qg", "mcqa"}
    questions = [p.metadata["task_fields"]["question"] for p in pairs]
    assert len(pairs) >= 16 and len(set(questions)) == len(questions)


def test_mcqa_options_come_from_the_passage_and_do_not_depend_on_the_batch() -> None:
    fmt = StructuredFormat()
    texts = [p.read_text() for p in sorted(SAMPLES.glob("*.txt"))] + HANDBOOK_PASSAGES
    texts.append(CHOICE_PASSAGE)
    together = fmt.read(texts)
    made = 0
    for index, text in enumerate(texts):
        drafts = fmt.plan(together, index, "mcqa", 3, seed=1)
        alone = fmt.plan(fmt.read([text]), 0, "mcqa", 3, seed=1)
        assert [d.render(None) for d in drafts] == [d.render(None) for d in alone]
        flat = " ".join(text.split()).lower()
        for draft in drafts:
            options = draft.fields["options"].split("|")
            assert all(o.lower() in flat for o in options)
            made += 1
    assert made >= 5


def test_mcqa_answer_is_not_the_longest_option_by_rule() -> None:
    corpus = Corpus.build(
        [
            # One unit: "12 disks" is no option for "How many nodes ...?".
            "The cluster has 4 disks. The rack holds 12 disks. The room "
            "keeps 30 spare disks in a box. The shelf has 7 old disks."
        ]
    )
    longest = shortest = 0
    answers = ["4 disks", "12 disks", "30 spare disks", "7 old disks"]
    kept = 0
    for answer in answers:
        start = corpus.passages[0].find(answer)
        options = same_kind_options(corpus, 0, Span(answer, start, "number"), "How many?", 2)
        if not options:
            continue
        kept += 1
        assert answer not in options and len(options) == 2
        longest += len(answer) > max(len(o) for o in options)
        shortest += len(answer) < min(len(o) for o in options)
    assert kept >= 2
    assert longest <= 1 and shortest <= 1
