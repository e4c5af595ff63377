"""Question task types: exqa, mcqa, qg, qa, ynqa and coref.

Each type's definition (names, answer rule, demonstration, check facets) sits beside
the builder that makes it from a passage. Questions are made from the passage's own
sentences (what a named thing is or does, the question phrase of a span fronted, a
statement inverted), so code knows every answer; none copies a stretch of its
sentence. A (sentence, answer) pair is asked by one of exqa, qa, qg and mcqa only: the
builders claim what they use on the call's :class:`Corpus`.

Example:
    >>> import random
    >>> from langchain_taskgen.construct import Corpus
    >>> corpus = Corpus.build(["QEMU is a software emulator for a full computer, which can "
    ...                        "emulate an arm computer on a desktop system."])
    >>> (draft,) = EXQA.builder(0, corpus, random.Random(0), 1)
    >>> draft.fields["question"], draft.render(None)[1]
    ('What is QEMU?', 'a software emulator for a full computer')
"""

from __future__ import annotations

import random

from langchain_taskgen.construct.coreference import pronoun_referents
from langchain_taskgen.construct.draft import Draft
from langchain_taskgen.construct.hypotheses import weak_writer
from langchain_taskgen.construct.option_kinds import fair_key
from langchain_taskgen.construct.passage import (
    Corpus,
)
from langchain_taskgen.construct.questions import (
    claim,
    iter_span_questions,
    same_kind_options,
    span_questions,
)
from langchain_taskgen.construct.render import fixed, with_passage
from langchain_taskgen.construct.run_limits import (
    Variant,
    candidate_fields,
    partner_hash,
    question_fields,
)
from langchain_taskgen.construct.yes_no import yes_no_items
from langchain_taskgen.tasks.base import YES_NO, AnswerKind, Structure, TaskType
from langchain_taskgen.tasks.sections_based import heading_questions


def build_exqa(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """Question about a span of the passage; the answer is the span."""
    passage = corpus.passages[index]
    drafts = []
    for sentence, span, question in span_questions(index, corpus, rng, n, "exqa"):
        ask = rng.choice(["{q}", "Question: {q}", "{q} Answer with words from the passage."])
        inp = with_passage(passage, ask.format(q=question), rng)
        drafts.append(
            Draft(
                "exqa",
                question_fields(
                    {"question": question, "answer": span.text, "sentence": sentence},
                    "exqa",
                    question,
                ),
                fixed(inp, span.text),
            )
        )
    return drafts


def build_qa(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """Question about the passage; the answer is the short phrase that answers it.

    Not the whole sentence that holds it: that taught copying a sentence back.
    """
    passage = corpus.passages[index]
    drafts = []
    for sentence, span, question in span_questions(index, corpus, rng, n, "qa"):
        inp = with_passage(passage, question, rng)
        drafts.append(
            Draft(
                "qa",
                question_fields(
                    {"question": question, "answer": span.text, "sentence": sentence},
                    "qa",
                    question,
                ),
                fixed(inp, span.text),
            )
        )
    return drafts


def build_qg(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """The question a section's heading asks; else a question whose answer is a given span.

    A section without its heading is shown and the output is the question its heading
    asks ("Securing FTP" -> "How do you secure FTP?", see
    :func:`~langchain_taskgen.tasks.sections_based.heading_questions`). Where the passage
    has no such heading, the input names a span and the output is a question it answers;
    not for the embedded default model (see ``weak_writer``): without a
    model to write it, that question is the span's sentence turned around it, which
    reads as a sentence with a blank.
    """
    drafts = heading_questions(index, corpus, rng, n)
    if drafts or weak_writer(corpus):
        return drafts
    passage = corpus.passages[index]
    for sentence, span, question in span_questions(index, corpus, rng, n, "qg"):
        ask = rng.choice(
            [
                f'Write a question about the passage whose answer is "{span.text}".',
                f'Ask a question that the passage answers with "{span.text}".',
                f'Generate a question for which "{span.text}" is the answer, based on the text.',
            ]
        )
        inp = with_passage(passage, ask, rng)
        drafts.append(
            Draft(
                "qg",
                question_fields(
                    {"answer": span.text, "question": question, "sentence": sentence},
                    "qg",
                    question,
                ),
                fixed(inp, question),
            )
        )
    return drafts


def build_mcqa(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """Question with the true span and same-kind spans as options.

    Every option is found in the passage and is of the answer's kind
    (:func:`~langchain_taskgen.construct.questions.same_kind_options`): with options from
    other passages, "pick the option that occurs in the passage" answered the items, and
    the options changed with the chunks that shared a batch. A passage without two
    same-kind wrong options makes no item.
    """
    passage = corpus.passages[index]
    drafts: list[Draft] = []
    for sentence, span, question in iter_span_questions(index, corpus, rng, "mcqa"):
        if len(drafts) == n:
            break
        if not fair_key(span.text, span.kind, question, passage):
            continue  # an adjective or a date's digits, or the one option naming the subject
        distractors = same_kind_options(corpus, index, span, question, rng.choice([2, 3]))
        if len(distractors) < 2:  # three options of one side only; two may balance
            distractors = same_kind_options(corpus, index, span, question, 2)
        if len(distractors) < 2:
            continue
        claim(corpus, sentence, span, "mcqa", index, question)
        drafts.append(_mcqa_candidate(passage, question, span.text, distractors, sentence, rng))
    return drafts


def _mcqa_candidate(
    passage: str, question: str, key: str, distractors: list[str], sentence: str, rng: random.Random
) -> Draft:
    """An mcqa item offered with its key at each position; the run picks one.

    The first variant puts the key where a shuffle put it; the run's limits take the
    variant at the position the run used least (``RunLimits.choose``), so "always pick
    option 2" stays at chance over the run (it won 0.48 against 0.32 on 25 shuffled items).
    """
    lettered = rng.random() < 0.3
    order = list(distractors)
    rng.shuffle(order)
    size = len(order) + 1
    first = rng.randrange(size)
    ask = rng.choice(["Options:", "Choose one of:", "Pick the right answer:"])
    fields = {"question": question, "answer": key, "options": "|".join(distractors)}
    fields["sentence"] = sentence
    state = rng.getstate()
    variants: list[Variant] = []
    places = []
    for place in [first, *(i for i in range(size) if i != first)]:
        options = [*order[:place], key, *order[place:]]
        shown = [f"{'ABCDE'[i]}. {o}" if lettered else f"- {o}" for i, o in enumerate(options)]
        rng.setstate(state)  # one framing of the passage for every variant
        inp = with_passage(passage, f"{question}\n{ask}\n" + "\n".join(shown), rng)
        variants.append((inp, key, fields, ""))
        places.append([place, size])
    ticket = {"task": "mcqa", "question": partner_hash(question.strip().lower()), "options": places}
    return Draft("mcqa", candidate_fields(variants, ticket), fixed(variants[0][0], key))


def build_ynqa(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """A statement of the passage, changed, asked by inversion or do-support.

    The questions come from :func:`~langchain_taskgen.construct.yes_no.yes_no_items`:
    one "yes" per "no", both changed statements ("yes": a word said another way or an
    aside dropped; "no": a number, an opposite, a term or a subject of the same kind
    swapped, or a negation taken away), so neither a verbatim copy, "not", nor the length
    gives the label. Sentences that cannot be asked naturally (imperatives, discourse
    openers, leaning pronouns) make none.
    """
    passage = corpus.passages[index]
    drafts: list[Draft] = []
    for number, (question, statement, label) in enumerate(yes_no_items(index, corpus, rng, n)):
        if number % 2 == 0:
            # One phrasing for the yes and the no of a pair: "Answer yes or no." and a
            # capitalised label then occur under both labels alike.
            capital, ask = rng.random() < 0.3, rng.choice(["{q}", "{q} Answer yes or no."])
        shown = label.capitalize() if capital else label
        inp = with_passage(passage, ask.format(q=question), rng)
        drafts.append(
            Draft(
                "ynqa",
                {"question": question, "statement": statement, "label": label},
                fixed(inp, shown),
            )
        )
    return drafts


def build_coref(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """What an opening "It"/"They" refers to: the subject of the sentence before.

    See :func:`~langchain_taskgen.construct.coreference.pronoun_referents`.
    """
    passage = corpus.passages[index]
    drafts = []
    for pronoun, current, subject in pronoun_referents(passage)[:n]:
        inp = with_passage(
            passage,
            rng.choice(
                [
                    f'In the sentence "{current}", what does "{pronoun}" refer to?',
                    f'Who or what is "{pronoun}" in "{current}"?',
                ]
            ),
            rng,
        )
        drafts.append(
            Draft(
                "coref",
                {"pronoun": pronoun, "sentence": current, "referent": subject},
                fixed(inp, subject),
            )
        )
    return drafts


EXQA = TaskType(
    "exqa",
    "extractive question answering",
    "a question whose answer is a span copied verbatim from the passage",
    AnswerKind.SPAN,
    demonstration=("How long can items be borrowed?", "three weeks"),
    builder=build_exqa,
    structure=Structure.QUESTION,
    round_trip=True,
    written_question="input",
)
MCQA = TaskType(
    "mcqa",
    "multiple-choice question answering",
    "a question with answer options listed in the input; the output is one option",
    AnswerKind.CHOICE,
    demonstration=(
        "How many items can one card borrow?\nOptions:\n- five\n- ten\n- twenty",
        "ten",
    ),
    builder=build_mcqa,
    structure=Structure.OPTIONS,
)
QG = TaskType(
    "qg",
    "question generation",
    "an instruction to write a question about the passage; the output is the question",
    demonstration=(
        'Write a question about the passage whose answer is "noon".',
        "When does the library open on Sundays?",
    ),
    builder=build_qg,
    structure=Structure.QUESTION_OUTPUT,
    round_trip=True,
    written_question="output",
)
QA = TaskType(
    "qa",
    "question answering without choices",
    "a question about the passage answered in free text",
    demonstration=(
        "What does the borrower pay for each day an adult's book is late?",
        "25 cents",
    ),
    builder=build_qa,
    structure=Structure.QUESTION,
    round_trip=True,
    written_question="input",
)
YNQA = TaskType(
    "ynqa",
    "yes-no question answering",
    "a question about the passage whose answer is yes or no",
    AnswerKind.LABEL,
    YES_NO,
    demonstration=("Can a reader renew an item that someone else has put on hold?", "No"),
    builder=build_ynqa,
    schema_labels=("Yes", "No"),
    structure=Structure.QUESTION,
    about_passage=True,
)
COREF = TaskType(
    "coref",
    "coreference resolution",
    "a question asking what a pronoun or phrase refers to; the output is the referent",
    AnswerKind.MENTION,
    demonstration=(
        'In "Overdue books cost 25 cents a day, but they carry no fine if they are '
        'children\'s books", what does "they" refer to?',
        "Overdue books",
    ),
    builder=build_coref,
)
