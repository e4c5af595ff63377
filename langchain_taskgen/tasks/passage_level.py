"""Passage-level task types: sent_comp, sentiment, summarization, text_gen, topic_class.

Each type's definition sits beside its builder. These read the passage as a whole
(its tone, its distinctive terms, a clean paragraph) or a run of its sentences; the model
writes only summaries, which are checked.

Example:
    >>> import random
    >>> from langchain_taskgen.construct import Corpus
    >>> corpus = Corpus.build([
    ...     "The backup server keeps every home directory. Copies are made each night by "
    ...     "a cron job. Old copies are removed after two weeks by the "
    ...     "cleanup script.\\n\\n2. Printing\\n\\nPrinters are shared with the network "
    ...     "through CUPS on the main server. The web interface of the firewall listens on "
    ...     "port 8443 of the router."
    ... ])
    >>> (draft,) = SENT_COMP.builder(0, corpus, random.Random(0), 1)
    >>> task_input, task_output = draft.render(None)
    >>> print(task_input)
    Text: "The backup server keeps every home directory. Copies are made each night by a cron job."
    <BLANKLINE>
    Which of these sentences continues the text?
    - Old copies are removed after two weeks by the cleanup script.
    - Printers are shared with the network through CUPS on the main server.
    - The web interface of the firewall listens on port 8443 of the router.
    >>> task_output
    'Old copies are removed after two weeks by the cleanup script.'
"""

from __future__ import annotations

import random
import re

from langchain_taskgen.construct.draft import Draft
from langchain_taskgen.construct.next_sentence import next_sentence_items
from langchain_taskgen.construct.passage import (
    Corpus,
    clean,
    is_good_sentence,
    split_sentences,
    words,
)
from langchain_taskgen.construct.render import fixed, options_text, pick, with_passage
from langchain_taskgen.construct.text_checks import check_summary
from langchain_taskgen.tasks.base import AnswerKind, Structure, TaskType

# Evaluative words only: "error", "bug" or "failure" name a manual's topic, not its tone.
_POSITIVE = frozenset(
    "excellent great good best easy easier simple helpful useful powerful reliable fast "
    "convenient pleasant recommended elegant efficient robust flexible enjoy happy love "
    "nice wonderful comfortable".split()
)
_NEGATIVE = frozenset(
    "bad worst poor difficult painful annoying dangerous risky unfortunately insecure "
    "broken slow tedious cumbersome frustrating unreliable awkward disappointing ugly "
    "terrible confusing unpleasant".split()
)
# Single-word terms too vague to name a passage's subject.
_VAGUE = frozenset(
    "number name example way case time part type use version thing value list line "
    "order point set form kind same other different new first last following specific "
    "various several remote local".split()
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
        options = _in_turn(corpus, rng, item.answer, list(item.distractors))
        inp = rng.choice(
            [
                f"{shown}\n\nWhich sentence comes next?\nOptions:\n{options}",
                f'Text: "{shown}"\n\nWhich of these sentences continues the text?\n{options}',
                f"Choose the sentence that most likely follows.\n\n{shown}\n\nOptions:\n{options}",
            ]
        )
        fields = {
            "context": shown,
            "answer": item.answer,
            "options": "|".join(item.distractors),
        }
        drafts.append(Draft("sent_comp", fields, fixed(inp, item.answer)))
    return drafts


def _in_turn(corpus: Corpus, rng: random.Random, answer: str, distractors: list[str]) -> str:
    """The options with the answer at the next position in turn for this call.

    A shuffle leaves the answer's position to chance (0.43 on one position of three in 79
    items of a run); taking the positions in turn, from a random start, spreads them
    evenly over a call's items.
    """
    turn = getattr(corpus, "_sent_comp_turn", None)
    turn = rng.randrange(12) if turn is None else turn
    setattr(corpus, "_sent_comp_turn", turn + 1)  # noqa: B010 (not a declared field)
    rng.shuffle(distractors)
    at = turn % (len(distractors) + 1)
    options = [*distractors[:at], answer, *distractors[at:]]
    if rng.random() < 0.3:
        return "\n".join(f"{'ABCDE'[i]}. {o}" for i, o in enumerate(options))
    return "\n".join(f"- {o}" for o in options)


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


def build_summarization(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """The passage; the model writes a one-sentence summary, which is checked."""
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


# A paragraph that opens with a connective or points elsewhere is no stand-alone text.
_LEANS_ON_CONTEXT = re.compile(
    r"^(however|also|then|therefore|thus|moreover|furthermore|finally|in addition|similarly)\b"
    r"|\b(mentioned (before|above|earlier)|previous(ly)?|the following|below|above)\b",
    re.IGNORECASE,
)


def build_text_gen(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """An instruction naming a paragraph's key terms; the output is that real paragraph.

    Only a paragraph of clean prose is used (headings, lists and code are not a text
    worth imitating), and the terms must occur in it.
    """
    best = ""
    for block in re.split(r"\n\s*\n", corpus.passages[index]):
        sentences = split_sentences(block)
        good = [s for s in sentences if is_good_sentence(s)]
        if (
            len(good) >= 2
            and len(good) >= 0.8 * len(sentences)
            and len(block) > len(best)
            and not _LEANS_ON_CONTEXT.search(clean(block))
        ):
            best = clean(block)
    if len(best) < 200:
        return []
    lowered = best.lower()
    # Two-word terms only: single words ("rules and tool") make a vague instruction.
    terms = [t for t in corpus.keyphrases(index, 5) if " " in t and t in lowered][:2]
    if not terms:
        return []
    topic = " and ".join(terms)
    inp = rng.choice(
        [
            f"Write a paragraph for a technical manual that covers {topic}.",
            f"Write a short explanatory text about {topic}.",
            f"Draft a section of documentation mentioning {topic}.",
        ]
    )
    return [Draft("text_gen", {"topic": topic}, fixed(inp, best))][:n]


def _mentions(term: str, text: str) -> int:
    """How often ``term`` (words joined by single spaces) occurs in ``text``'s words."""
    return f" {' '.join(words(text))} ".count(f" {term} ")


def build_topic_class(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """The passage's most distinctive term among other terms the passage also mentions.

    Every option occurs in the passage, so finding an option in it answers nothing. The
    rule: the answer is the passage's most distinctive term (tf-idf over the call's
    passages) and occurs at least twice as often as any distractor; distractors are
    terms of as many words, from this passage's other terms and other passages' topics.
    """
    passage = corpus.passages[index]
    ranked = [t for t in corpus.keyphrases(index, 10) if t not in _VAGUE]
    if not ranked:
        return []
    topic = ranked[0]
    most = _mentions(topic, passage)
    candidates = ranked[1:] + [
        t
        for i in range(len(corpus.passages))
        if i != index
        for t in corpus.keyphrases(i, 3)
        if t not in _VAGUE
    ]
    distractors: list[str] = []
    for term in dict.fromkeys(candidates):
        # No word, nor a word's stem ("partitions", "partitioning"), shared between options.
        taken = {w[:6] for d in [topic, *distractors] for w in d.split()}
        shares = {w[:6] for w in term.split()} & taken
        if (
            len(term.split()) == len(topic.split())
            and not shares
            and 1 <= _mentions(term, passage) <= most / 2
        ):
            distractors.append(term)
    if len(distractors) < 2:
        return []
    options = options_text(rng, topic, pick(rng, distractors, 3), lettered=False)
    ask = rng.choice(
        [
            "Which subject is this passage mainly about?",
            "What is the main topic of the passage?",
            "The passage mentions all of these. Which one is it mainly about?",
        ]
    )
    inp = with_passage(passage, f"{ask}\nOptions:\n{options}", rng)
    return [Draft("topic_class", {"topic": topic}, fixed(inp, topic))][:n]


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
SUMMARIZATION = TaskType(
    "summarization",
    "summarization",
    "an instruction to summarise the passage; the output is the summary",
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
    "an instruction to write text in the style or on the topic of the passage",
    context_in_input=False,
    demonstration=(
        "Write a short notice for library users about Sunday opening hours.",
        "Please note: on Sundays the library opens at noon.",
    ),
    builder=build_text_gen,
    round_trip=True,
)
TOPIC_CLASS = TaskType(
    "topic_class",
    "topic classification",
    "a question asking for the topic of the passage, with options; the output is one",
    AnswerKind.CHOICE,
    demonstration=(
        "What is the topic of the passage?\nOptions:\n- sports\n- library rules\n- cooking",
        "library rules",
    ),
    builder=build_topic_class,
    structure=Structure.OPTIONS,
    # A generic question ("What is the main topic?"): the options carry the passage's terms.
    about_passage=False,
)
