"""Passage-level task types: sent_comp, sentiment, summarization, text_gen, topic_class.

Each type's definition sits beside its builder. sent_comp and sentiment read one of the
passage's sentences or its tone; summarization, text_gen and topic_class are made from
the passage's section headings and live in
:mod:`~langchain_taskgen.tasks.sections_based` (re-exported here).

Example:
    >>> import random
    >>> from langchain_taskgen.construct import Corpus
    >>> corpus = Corpus.build(["The web cluster has 4 nodes behind a load balancer."])
    >>> (draft,) = SENT_COMP.builder(0, corpus, random.Random(0), 1)
    >>> task_input, task_output = draft.render(None)
    >>> task_input
    'Finish this sentence from a technical manual: "The web cluster has 4 nodes ..."'
    >>> task_output
    'behind a load balancer.'
"""

from __future__ import annotations

import random

from langchain_taskgen.construct.draft import Draft
from langchain_taskgen.construct.passage import Corpus, words
from langchain_taskgen.construct.render import fixed, with_passage
from langchain_taskgen.construct.statements import premise_sentences
from langchain_taskgen.tasks.base import AnswerKind, TaskType
from langchain_taskgen.tasks.sections_based import (
    SUMMARIZATION,
    TEXT_GEN,
    TOPIC_CLASS,
    build_summarization,
    build_text_gen,
    build_topic_class,
)

__all__ = [
    "SENTIMENT",
    "SENT_COMP",
    "SUMMARIZATION",
    "TEXT_GEN",
    "TOPIC_CLASS",
    "build_sent_comp",
    "build_sentiment",
    "build_summarization",
    "build_text_gen",
    "build_topic_class",
]

# Words of opinion only. Words a manual uses to instruct or warn ("easy", "useful",
# "recommended", "dangerous", "insecure", "slow") say what a thing does, not how the
# writer feels: a strict reading judged both sentiment pairs they made on a manual wrong.
_POSITIVE = frozenset(
    "excellent great wonderful fantastic amazing superb brilliant delightful pleasant "
    "enjoy enjoyed enjoyable love loved lovely happy glad delighted impressive elegant "
    "beautiful nice".split()
)
_NEGATIVE = frozenset(
    "terrible awful horrible dreadful annoying frustrating disappointing disappointed "
    "ugly unpleasant hate hated painful miserable worst useless pathetic irritating "
    "tedious".split()
)


def build_sent_comp(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """The first part of a real sentence; the output is its real ending."""
    drafts = []
    for sentence in premise_sentences(index, corpus, rng)[:n]:
        tokens = sentence.split()
        cut = max(4, round(len(tokens) * rng.uniform(0.45, 0.65)))
        if len(tokens) - cut < 3:
            continue
        prefix, ending = " ".join(tokens[:cut]), " ".join(tokens[cut:])
        inp = rng.choice(
            [
                f'Complete the sentence: "{prefix} ..."',
                f'Finish this sentence from a technical manual: "{prefix} ..."',
                f'How does this sentence continue? "{prefix} ..."',
            ]
        )
        drafts.append(Draft("sent_comp", {"prefix": prefix, "ending": ending}, fixed(inp, ending)))
    return drafts


def build_sentiment(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """The passage's tone, only where evaluative words make it clearly positive or negative.

    A manual mostly carries no sentiment: such a passage gives no material rather than a
    "neutral" that would be the answer by default.
    """
    passage = corpus.passages[index]
    tokens = words(passage)
    pos = sum(t in _POSITIVE for t in tokens)
    neg = sum(t in _NEGATIVE for t in tokens)
    if pos >= 3 and pos >= 3 * max(neg, 1):
        label = "positive"
    elif neg >= 3 and neg >= 3 * max(pos, 1):
        label = "negative"
    else:
        return []
    inp = with_passage(
        passage,
        rng.choice(
            [
                "What is the sentiment of the passage? Options: positive, negative, neutral.",
                "Is the tone of this text positive, negative or neutral?",
            ]
        ),
        rng,
    )
    return [Draft("sentiment", {"label": label}, fixed(inp, label))][:n]


SENT_COMP = TaskType(
    "sent_comp",
    "sentence completion",
    "the start of a sentence from the passage; the output completes it",
    context_in_input=False,
    demonstration=(
        'Complete the sentence: "Each card can borrow up to ten items for"',
        "three weeks.",
    ),
    builder=build_sent_comp,
    round_trip=True,
)
SENTIMENT = TaskType(
    "sentiment",
    "sentiment",
    "a question about the sentiment of the text; the output is a sentiment label",
    AnswerKind.LABEL,
    frozenset({"positive", "negative", "neutral", "mixed"}),
    demonstration=(
        "What is the sentiment of the passage? Options: positive, negative, neutral.",
        "neutral",
    ),
    builder=build_sentiment,
    schema_labels=("Positive", "Negative", "Neutral", "Mixed"),
    strict_labels=False,
    # A generic question ("What is the sentiment of the passage?"): not about the passage.
    about_passage=False,
)
