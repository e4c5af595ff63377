"""Question task types: exqa, mcqa, qg, qa, ynqa and coref.

Each type's definition (names, answer rule, demonstration, check facets) sits beside
the builder that makes it from a passage. Questions are made from the passage's own
sentences (a span replaced by a question phrase, a statement inverted), so code knows
every answer.

Example:
    >>> import random
    >>> from langchain_taskgen.construct import Corpus
    >>> corpus = Corpus.build(["The web cluster has 4 nodes behind a load balancer. Each "
    ...                        "node is rebooted once a month during the maintenance window."])
    >>> (draft,) = EXQA.builder(0, corpus, random.Random(0), 1)
    >>> draft.fields["question"], draft.render(None)[1]
    ('In the passage, the web cluster has how many nodes behind a load balancer?', '4 nodes')
"""

from __future__ import annotations

import itertools
import random
import re

from langchain_taskgen.construct.draft import Draft
from langchain_taskgen.construct.passage import (
    STOPWORDS,
    Corpus,
    has_negation,
    is_good_sentence,
    split_sentences,
)
from langchain_taskgen.construct.questions import span_questions
from langchain_taskgen.construct.render import fixed, options_text, pick, with_passage
from langchain_taskgen.construct.statements import (
    is_plural_aux,
    lower_first,
    negate,
    split_subject,
    swap_number,
    yes_no_question,
)
from langchain_taskgen.tasks.base import YES_NO, AnswerKind, Structure, TaskType


def build_exqa(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """Question about a span of the passage; the answer is the span."""
    passage = corpus.passages[index]
    drafts = []
    for sentence, span, question in span_questions(index, corpus, rng, n):
        ask = rng.choice(["{q}", "Question: {q}", "{q} Answer with words from the passage."])
        inp = with_passage(passage, ask.format(q=question), rng)
        drafts.append(
            Draft(
                "exqa",
                {"question": question, "answer": span.text, "sentence": sentence},
                fixed(inp, span.text),
            )
        )
    return drafts


def build_qa(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """Question about the passage; the answer is the sentence that holds it."""
    passage = corpus.passages[index]
    drafts = []
    for sentence, span, question in span_questions(index, corpus, rng, n):
        inp = with_passage(passage, question, rng)
        drafts.append(
            Draft(
                "qa",
                {"question": question, "answer": sentence, "span": span.text},
                fixed(inp, sentence),
            )
        )
    return drafts


def build_qg(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """Ask for a question whose answer is a given span; the output is the question."""
    passage = corpus.passages[index]
    drafts = []
    for sentence, span, question in span_questions(index, corpus, rng, n):
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
                {"answer": span.text, "question": question, "sentence": sentence},
                fixed(inp, question),
            )
        )
    return drafts


def build_mcqa(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """Question with the true span and same-kind spans as options.

    One or two options come from other sentences of the same passage where it has
    same-kind spans: with options only from other passages, "pick the option that occurs
    in the passage" answered every item (measured on the eval table), so the pairs taught
    nothing about reading the question.
    """
    passage = corpus.passages[index]
    drafts = []
    for sentence, span, question in span_questions(index, corpus, rng, n):
        answer = span.text.lower()

        def unrelated(text: str, answer: str = answer) -> bool:
            return text.lower() not in answer and answer not in text.lower()

        own = list(
            dict.fromkeys(
                s.text
                for other_sentence, s in corpus.spans[index]
                if s.kind == span.kind
                and other_sentence != sentence
                and s.text.lower() not in sentence.lower()
                and unrelated(s.text)
            )
        )
        pool = [
            s
            for s in corpus.other_spans(index, span.kind)
            if s.lower() not in passage.lower() and unrelated(s)
        ]
        total = rng.choice([2, 3])
        near = pick(rng, own, min(len(own), rng.choice([1, total - 1])))
        distractors = near + pick(rng, pool, total - len(near))
        if len(distractors) < 2:
            continue
        options = options_text(rng, span.text, distractors, lettered=rng.random() < 0.3)
        ask = rng.choice(["Options:", "Choose one of:", "Pick the right answer:"])
        inp = with_passage(passage, f"{question}\n{ask}\n{options}", rng)
        drafts.append(
            Draft(
                "mcqa",
                {"question": question, "answer": span.text, "options": "|".join(distractors)},
                fixed(inp, span.text),
            )
        )
    return drafts


def build_ynqa(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """A statement of the passage asked as a question (yes), or one it makes false (no).

    A "no" statement has a number changed or is negated, so the passage refutes it.
    """
    passage = corpus.passages[index]
    # Only declarative "<subject> <aux> ..." statements make clean questions.
    sentences = [
        s for s in corpus.sentences[index] if not has_negation(s) and split_subject(s) is not None
    ]
    rng.shuffle(sentences)
    # Only falsehoods the passage itself refutes: a different number, or "not".
    falsified = {s: swap_number(s, index, corpus, rng) or negate(s) for s in sentences}
    # A "yes" takes a sentence that cannot be made false where it can, keeping the others
    # for "no". Drawing the label per sentence gave 58 yes to 31 no on ten handbook
    # pages; this way, and skipping passages that can only say "yes", 44 to 37.
    sentences.sort(key=lambda s: falsified[s] is not None)
    if not sentences or falsified[sentences[-1]] is None:
        # A passage that can only say "yes" would tilt the set towards it.
        return []
    drafts: list[Draft] = []
    while sentences and len(drafts) < n:
        want_yes = rng.random() < 0.5
        if want_yes:
            statement = sentences.pop(0)
        else:
            usable = [(s, false) for s in sentences if (false := falsified[s]) is not None]
            if not usable:
                break  # a "yes" in its place would tilt the set
            sentence, statement = usable[-1]
            sentences.remove(sentence)
        question = yes_no_question(statement) if rng.random() < 0.6 else None
        if question is None:
            question = f"Is it true that {lower_first(statement.rstrip('.'))}?"
        label = "yes" if want_yes else "no"
        if rng.random() < 0.3:
            label = label.capitalize()
        inp = with_passage(
            passage, rng.choice(["{q}", "{q} Answer yes or no."]).format(q=question), rng
        )
        drafts.append(
            Draft(
                "ynqa",
                {"question": question, "statement": statement, "label": label.lower()},
                fixed(inp, label),
            )
        )
    return drafts


_PRONOUN = re.compile(r"^(It|They)\s+(\w+)")


def build_coref(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """A sentence opening with "It"/"They" after one whose subject agrees with it."""
    passage = corpus.passages[index]
    sentences = split_sentences(passage)
    drafts = []
    for previous, current in itertools.pairwise(sentences):
        match = _PRONOUN.match(current)
        parts = split_subject(previous)
        if not match or parts is None or not is_good_sentence(previous):
            continue
        subject, aux, _rest = parts
        # "It is ..." / "It was ..." is mostly expletive ("It is the client that ..."):
        # only a pronoun followed by a lexical verb is taken.
        verb = match.group(2).lower()
        # Only a present-tense lexical verb ("It uses", "They provide"): "It is ..." is
        # mostly expletive, and modals ("It may ...") often refer further back.
        if (
            verb in {"is", "was", "are", "were", "has", "does", "seems", "appears"}
            or verb
            in {
                "can",
                "could",
                "may",
                "might",
                "must",
                "should",
                "will",
                "would",
                "also",
            }
            or (match.group(1) == "It" and not verb.endswith("s"))
        ):
            continue
        first = subject.split()[0]
        if first.lower() not in {"the", "a", "an", "each", "every"} and not (
            len(subject.split()) <= 3 and first[:1].isupper() and first.lower() not in STOPWORDS
        ):
            continue
        plural = is_plural_aux(aux)
        if (match.group(1) == "They") != plural or len(subject.split()) > 6:
            continue
        if subject.split()[0].lower() in {"there", "it", "this", "that", "they", "you", "we"}:
            continue
        pronoun = match.group(1)
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
        if len(drafts) == n:
            break
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
)
QA = TaskType(
    "qa",
    "question answering without choices",
    "a question about the passage answered in free text",
    demonstration=(
        "What happens when an adult's book is returned late?",
        "The borrower pays 25 cents for each day it is late.",
    ),
    builder=build_qa,
    structure=Structure.QUESTION,
    round_trip=True,
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
