"""Sentence-pair task types: paraphrase, paraphrase_id, nli, te and wsd.

Each type's definition sits beside its builder. A premise is a real sentence of the
passage; the second sentence is the model's paraphrase (checked), the premise negated,
another sentence of the passage, or the same word in an everyday sense, and the label
follows from which.

Example:
    >>> import random
    >>> from langchain_taskgen.construct import Corpus
    >>> corpus = Corpus.build(["The web cluster has 4 nodes behind a load balancer."])
    >>> (draft,) = PARAPHRASE.builder(0, corpus, random.Random(0), 1)
    >>> draft.ask, draft.source
    ('paraphrase', 'The web cluster has 4 nodes behind a load balancer.')
    >>> draft.render("Behind a load balancer, the web cluster has 4 nodes.")[1]
    'Behind a load balancer, the web cluster has 4 nodes.'
"""

from __future__ import annotations

import random

from langchain_taskgen.construct.draft import Draft
from langchain_taskgen.construct.passage import Corpus, words
from langchain_taskgen.construct.render import fixed
from langchain_taskgen.construct.statements import (
    negate,
    premise_sentences,
    related_sentence,
    swap_term,
)
from langchain_taskgen.construct.text_checks import check_paraphrase
from langchain_taskgen.tasks.base import YES_NO, AnswerKind, Structure, TaskType

# Words that mean one thing in technical prose and another in everyday English, with
# a sentence in the everyday sense. "One sense per discourse" (Gale, Church and
# Yarowsky, 1992) makes two uses in one manual the same sense; these give the other.
OTHER_SENSE: dict[str, str] = {
    "file": "She smoothed the edge of the key with a metal file.",
    "shell": "The child found a spiral shell on the beach.",
    "kernel": "Each kernel of corn popped in the hot pan.",
    "root": "The old tree sent a thick root under the garden wall.",
    "tree": "They planted an apple tree behind the house.",
    "branch": "A bird sat on the lowest branch of the oak.",
    "port": "The ship stayed in port until the storm passed.",
    "boot": "He pulled on his left boot and laced it tightly.",
    "driver": "The bus driver waited for the last passenger.",
    "package": "The postman left a package at the front door.",
    "key": "She lost the key to her front door.",
    "window": "He opened the window to let in fresh air.",
    "mouse": "A mouse ran across the kitchen floor.",
    "bug": "A small bug crawled up the wall.",
    "patch": "She sewed a patch over the hole in her jeans.",
    "host": "The host welcomed every guest at the door.",
    "terminal": "The plane waited at the terminal for an hour.",
    "table": "They ate dinner at the kitchen table.",
    "record": "She set a new record in the hundred metres.",
    "release": "The zoo planned the release of the birds into the wild.",
    "mount": "They climbed Mount Everest last spring.",
    "bus": "She took the bus to work every morning.",
    "cache": "The explorers hid a cache of food in the cave.",
    "source": "The river's source is high in the mountains.",
    "channel": "The ferry crossed the channel in two hours.",
    "command": "The general gave the command to advance.",
    "server": "The server brought our drinks to the table.",
    "client": "The lawyer met her client in the morning.",
    "desktop": "He cleared the papers off his wooden desktop.",
    "menu": "The waiter handed us the dinner menu.",
    "firewall": "The firewall between the two flats stopped the fire spreading.",
    "library": "She borrowed three novels from the town library.",
    "signal": "The referee gave the signal to start the match.",
    "thread": "She needed a needle and some red thread.",
    "pipe": "Water leaked from a broken pipe under the sink.",
    "memory": "He had a happy memory of his first school day.",
    "virus": "The flu virus spread quickly through the school.",
}


def _pair_text(rng: random.Random, first: str, second: str, names: tuple[str, str]) -> str:
    return f'{names[0]}: "{first}"\n{names[1]}: "{second}"'


def build_paraphrase(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """A real sentence to rewrite; the model writes the paraphrase, which is checked."""
    drafts = []
    for sentence in premise_sentences(index, corpus, rng)[:n]:
        inp = rng.choice(
            [
                f'Paraphrase the following sentence: "{sentence}"',
                f'Rewrite this sentence in other words, keeping its meaning: "{sentence}"',
                f'Say the same thing differently: "{sentence}"',
            ]
        )

        def render(
            written: str | None, inp: str = inp, sentence: str = sentence
        ) -> tuple[str, str]:
            return inp, check_paraphrase(sentence, written or "")

        drafts.append(Draft("paraphrase", {"sentence": sentence}, render, "paraphrase", sentence))
    return drafts


def build_paraphrase_id(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """A sentence with its paraphrase (yes) or with a term swapped / negated (no)."""
    drafts = []
    for sentence in premise_sentences(index, corpus, rng)[:n]:
        question = rng.choice(
            [
                "Do the two sentences mean the same thing? Answer yes or no.",
                "Is the second sentence a paraphrase of the first? Answer yes or no.",
                "Do these sentences express the same meaning? Answer yes or no.",
            ]
        )
        names = rng.choice([("Sentence 1", "Sentence 2"), ("A", "B")])
        # The model's paraphrase fails its checks about half the time: plan more "yes"
        # drafts so the accepted labels come out near balanced.
        if rng.random() < 0.7:

            def render(
                written: str | None,
                s: str = sentence,
                q: str = question,
                nm: tuple[str, str] = names,
            ) -> tuple[str, str]:
                other = check_paraphrase(s, written or "")
                return f"{_pair_text(rng, s, other, nm)}\n{q}", "yes"

            drafts.append(
                Draft(
                    "paraphrase_id",
                    {"sentence1": sentence, "label": "yes"},
                    render,
                    "paraphrase",
                    sentence,
                )
            )
            continue
        other = swap_term(sentence, index, corpus, rng) or negate(sentence)
        if other is None:
            continue
        inp = f"{_pair_text(rng, sentence, other, names)}\n{question}"
        drafts.append(
            Draft(
                "paraphrase_id",
                {"sentence1": sentence, "sentence2": other, "label": "no"},
                fixed(inp, "no"),
            )
        )
    return drafts


def _entailment_drafts(
    task: str, index: int, corpus: Corpus, rng: random.Random, n: int
) -> list[Draft]:
    drafts = []
    labels = ["entailment", "contradiction", "neutral"] if task == "nli" else ["yes", "no"]
    question = (
        rng.choice(
            [
                "Does the premise entail, contradict, or neither the hypothesis? "
                "Answer entailment, neutral or contradiction.",
                "What is the relation between the premise and the hypothesis: entailment, "
                "neutral or contradiction?",
            ]
        )
        if task == "nli"
        else rng.choice(
            [
                "Does the premise entail the hypothesis? Answer yes or no.",
                "If the premise is true, must the hypothesis be true? Answer yes or no.",
            ]
        )
    )
    for premise in premise_sentences(index, corpus, rng)[:n]:
        # Entailed hypotheses are model paraphrases, half of which fail their checks.
        label = rng.choices(labels, weights=[2, 1, 1] if task == "nli" else [2, 1])[0]

        def text(hypothesis: str, premise: str = premise) -> str:
            return f'Premise: "{premise}"\nHypothesis: "{hypothesis}"\n{question}'

        if label in ("entailment", "yes"):

            def render(written: str | None, p: str = premise, lab: str = label) -> tuple[str, str]:
                return text(check_paraphrase(p, written or ""), p), lab

            drafts.append(
                Draft(task, {"premise": premise, "label": label}, render, "paraphrase", premise)
            )
            continue
        if label == "neutral":
            hypothesis = related_sentence(index, premise, corpus)
        elif label == "contradiction":
            hypothesis = negate(premise)
        else:  # te "no": a negated premise or a statement the premise does not give
            hypothesis = negate(premise) or related_sentence(index, premise, corpus)
        if hypothesis is None:
            continue
        drafts.append(
            Draft(
                task,
                {"premise": premise, "hypothesis": hypothesis, "label": label},
                fixed(text(hypothesis), label),
            )
        )
    return drafts


def build_nli(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """Premise from the passage; entailed (paraphrase), contradicted (negation) or neutral."""
    return _entailment_drafts("nli", index, corpus, rng, n)


def build_te(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """Premise from the passage; entailed paraphrase (yes) or negation / other fact (no)."""
    return _entailment_drafts("te", index, corpus, rng, n)


def build_wsd(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """A word used in two sentences of the manual (same sense) or in an everyday one (not)."""
    drafts: list[Draft] = []
    sentences = premise_sentences(index, corpus, rng)
    every = [s for group in corpus.sentences for s in group]
    for sentence in sentences:
        present = [w for w in dict.fromkeys(words(sentence)) if w in OTHER_SENSE]
        if not present:
            continue
        word = rng.choice(present)
        same = [s for s in every if s != sentence and word in words(s)]
        if same and rng.random() < 0.5:
            other, label = rng.choice(same), "yes"
        else:
            other, label = OTHER_SENSE[word], "no"
        first, second = (sentence, other) if rng.random() < 0.5 else (other, sentence)
        inp = f'Sentence 1: "{first}"\nSentence 2: "{second}"\n' + rng.choice(
            [
                f'Does the word "{word}" mean the same thing in both sentences? Answer yes or no.',
                f'Is "{word}" used in the same sense in the two sentences? Answer yes or no.',
            ]
        )
        drafts.append(
            Draft(
                "wsd",
                {"word": word, "sentence1": first, "sentence2": second, "label": label},
                fixed(inp, label),
            )
        )
        if len(drafts) == n:
            break
    return drafts


PARAPHRASE = TaskType(
    "paraphrase",
    "paraphrase generation",
    "a sentence to rewrite; the output says the same thing in other words",
    context_in_input=False,
    demonstration=(
        'Paraphrase: "The library closes on public holidays."',
        "On public holidays the library is not open.",
    ),
    builder=build_paraphrase,
)
PARAPHRASE_ID = TaskType(
    "paraphrase_id",
    "paraphrase identification",
    "two sentences and the question whether they mean the same; the output is yes or no",
    AnswerKind.LABEL,
    YES_NO | {"true", "false", "paraphrase", "not paraphrase"},
    context_in_input=False,
    demonstration=(
        'Sentence 1: "Items can be renewed twice."\nSentence 2: "Readers may extend a loan '
        'two times."\nDo the two sentences mean the same thing? Answer yes or no.',
        "yes",
    ),
    builder=build_paraphrase_id,
    schema_labels=("Yes", "No"),
    structure=Structure.TWO_PART,
    strict_labels=False,
    about_passage=True,
)
WSD = TaskType(
    "wsd",
    "word sense disambiguation",
    "two sentences using one word and the question whether it means the same in both",
    AnswerKind.LABEL,
    YES_NO | {"true", "false"},
    context_in_input=False,
    demonstration=(
        'Sentence 1: "The library opens late on Sundays."\nSentence 2: "She opens the '
        'window."\nDoes the word "opens" mean the same in both sentences? Answer yes or no.',
        "no",
    ),
    builder=build_wsd,
    schema_labels=("Yes", "No"),
    structure=Structure.TWO_SENTENCES,
    strict_labels=False,
    # One of its sentences is everyday English by design: not about the passage.
    about_passage=False,
)
TE = TaskType(
    "te",
    "textual entailment",
    "a premise and a hypothesis; the output says whether the premise entails it",
    AnswerKind.LABEL,
    YES_NO | {"true", "false", "entailment", "not entailment", "not_entailment"},
    context_in_input=False,
    demonstration=(
        'Premise: "Children\'s books carry no fines."\nHypothesis: "A late children\'s book '
        'costs nothing extra."\nDoes the premise entail the hypothesis? Answer yes or no.',
        "yes",
    ),
    builder=build_te,
    schema_labels=("Yes", "No"),
    structure=Structure.TWO_PART,
    strict_labels=False,
    about_passage=True,
)
NLI = TaskType(
    "nli",
    "natural language inference",
    "a premise and a hypothesis; the output is entailment, neutral or contradiction",
    AnswerKind.LABEL,
    frozenset({"entailment", "neutral", "contradiction", "yes", "no", "maybe", "true", "false"}),
    context_in_input=False,
    demonstration=(
        'Premise: "The library closes on public holidays."\nHypothesis: "The library is open '
        'every day of the year."\nWhat is the relation of the premise to the hypothesis? '
        "Answer entailment, neutral or contradiction.",
        "contradiction",
    ),
    builder=build_nli,
    schema_labels=("Entailment", "Neutral", "Contradiction"),
    structure=Structure.TWO_PART,
    strict_labels=False,
    about_passage=True,
)
