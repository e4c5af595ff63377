"""Passage-level task types: sent_comp, sentiment, summarization, text_gen, topic_class.

Each type's definition sits beside its builder. sent_comp reads a run of the passage's
sentences and sentiment its tone; summarization, text_gen and topic_class are made from
the passage's section headings and live in
:mod:`~langchain_taskgen.tasks.sections_based` (re-exported here).

Example:
    >>> import random
    >>> from langchain_taskgen.construct import Corpus
    >>> corpus = Corpus.build([
    ...     "The backup server keeps every home directory. Copies are made each night by "
    ...     "a cron job. Old copies are removed after two weeks by the "
    ...     "cleanup script.\\n\\n2. Printing\\n\\nPrinters are shared with the network "
    ...     "through CUPS on the main server. The web interface of the backup firewall listens "
    ...     "on port 8443 of the router."
    ... ])
    >>> (draft,) = SENT_COMP.builder(0, corpus, random.Random(0), 1)
    >>> task_input, task_output = draft.render(None)
    >>> print(task_input)
    Text: "The backup server keeps every home directory. Copies are made each night by a cron job."
    <BLANKLINE>
    Which of these sentences continues the text?
    - The web interface of the backup firewall listens on port 8443 of the router.
    - Old copies are removed after two weeks by the cleanup script.
    - Printers are shared with the network through CUPS on the main server.
    >>> task_output
    'Old copies are removed after two weeks by the cleanup script.'
"""

from __future__ import annotations

import random

from langchain_taskgen.construct.draft import Draft
from langchain_taskgen.construct.headings import audit_stems
from langchain_taskgen.construct.next_sentence import next_sentence_items
from langchain_taskgen.construct.passage import Corpus, words
from langchain_taskgen.construct.render import fixed, with_passage
from langchain_taskgen.construct.run_limits import candidate_fields
from langchain_taskgen.tasks.base import AnswerKind, Structure, TaskType
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
    """A paragraph's first sentences; the options are its true next sentence and others.

    See :func:`~langchain_taskgen.construct.next_sentence.next_sentence_items`: every
    option is a whole sentence of the same passage, of matched length, that leans on no
    unseen text.
    """
    drafts = []
    for item in next_sentence_items(index, corpus, rng, n, rng.choice([3, 4])):
        shown = " ".join(item.context)
        fields = {
            "context": shown,
            "answer": item.answer,
            "options": "|".join(item.distractors),
        }
        # The run keeps an item only while picking the longest or the shortest option, or
        # the one sharing the most or fewest of the text's words, stays at chance: wrong
        # options sharing the text's words run longer, and the true one was the shortest
        # in 7 of 9 items of a strict reading.
        words = audit_stems(shown)
        every = (item.answer, *item.distractors)
        measures = [[len(o) for o in every], [len(audit_stems(o) & words) for o in every]]
        variants, places = _at_each_position(rng, shown, item.answer, list(item.distractors))
        ticket = {"task": "sent_comp", "options": [measures], "places": places}
        fields = candidate_fields([(i, item.answer, fields, "") for i in variants], ticket)
        drafts.append(Draft("sent_comp", fields, fixed(variants[0], item.answer)))
    return drafts


def _at_each_position(
    rng: random.Random, shown: str, answer: str, distractors: list[str]
) -> tuple[list[str], list[list[int]]]:
    """The item's input with the answer at each position; the run keeps one.

    A shuffle, and then positions taken in turn per call, both left the answer's position
    above chance over a run (option 1 right in 11 of 26 items, chance 0.32): items are
    dropped after their position is set. The run's limits take the variant at the
    position the run used least (``RunLimits.choose``), as for mcqa.
    """
    rng.shuffle(distractors)
    size = len(distractors) + 1
    first = rng.randrange(size)
    lettered = rng.random() < 0.3
    frame = rng.randrange(3)
    inputs, places = [], []
    for at in [first, *(i for i in range(size) if i != first)]:
        options = [*distractors[:at], answer, *distractors[at:]]
        listed = "\n".join(
            f"{'ABCDE'[i]}. {o}" if lettered else f"- {o}" for i, o in enumerate(options)
        )
        inputs.append(
            [
                f"{shown}\n\nWhich sentence comes next?\nOptions:\n{listed}",
                f'Text: "{shown}"\n\nWhich of these sentences continues the text?\n{listed}',
                f"Choose the sentence that most likely follows.\n\n{shown}\n\nOptions:\n{listed}",
            ][frame]
        )
        places.append([at, size])
    return inputs, places


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
    "the first sentences of a paragraph and options; the output is the sentence that comes next",
    AnswerKind.CHOICE,
    context_in_input=False,
    demonstration=(
        "The Riverside Public Library lends up to ten items per card for three weeks. "
        "Renewals are allowed twice unless another reader has placed a hold.\n\n"
        "Which sentence comes next?\nOptions:\n"
        "- Parking near the station is free after six in the evening.\n"
        "- Overdue books cost 25 cents a day, except children's books.\n"
        "- The town council meets on the first Monday of each month.",
        "Overdue books cost 25 cents a day, except children's books.",
    ),
    builder=build_sent_comp,
    structure=Structure.OPTIONS,
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
