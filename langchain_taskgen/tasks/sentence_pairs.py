"""Sentence-pair task types: paraphrase, paraphrase_id, nli, te and wsd.

Each type's definition sits beside its builder. A premise is a real sentence of the
passage; the second sentence is the model's paraphrase (checked), as it is or changed by
code to contradict the premise or to say more than it, a term or negation swapped, or the
same word in an everyday sense, and the label follows from which.

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
from collections.abc import Callable

from langchain_taskgen.construct.draft import Draft
from langchain_taskgen.construct.hypotheses import (
    code_rewrites,
    hypothesis_maker,
    rewrites_withheld,
    rewritten,
)
from langchain_taskgen.construct.passage import Corpus, words
from langchain_taskgen.construct.render import fixed
from langchain_taskgen.construct.run_limits import (
    MAX_PARTNER_USES as MAX_PARTNER_USES,  # its home before run_limits
)
from langchain_taskgen.construct.run_limits import (
    Variant,
    candidate_fields,
    partner_hash,
)
from langchain_taskgen.construct.senses import OTHER_SENSES, SENSES, manual_sense, partner_weight
from langchain_taskgen.construct.statements import negate_complement, premise_sentences
from langchain_taskgen.construct.text_checks import check_paraphrase
from langchain_taskgen.errors import TaskParseError
from langchain_taskgen.tasks.base import YES_NO, AnswerKind, Structure, TaskType

# Kept for callers of the old name: the first everyday sentence of each word.
OTHER_SENSE: dict[str, str] = {word: pair[0] for word, pair in OTHER_SENSES.items()}


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
    """A sentence with its rewrite (yes) or with its rewrite changed in one word (no).

    Both labels start from the same rewrite and differ from the sentence by one content
    word at most: a word said another way (yes) or a number, roles, an opposite or a term
    changed (no), so word overlap and length do not give the label.
    """
    drafts: list[Draft] = []
    if rewrites_withheld(corpus):
        return drafts
    for sentence in premise_sentences(index, corpus, rng):
        if len(drafts) == n:
            break
        question = rng.choice(
            [
                "Do the two sentences mean the same thing? Answer yes or no.",
                "Is the second sentence a paraphrase of the first? Answer yes or no.",
                "Do these sentences express the same meaning? Answer yes or no.",
            ]
        )
        names = rng.choice([("Sentence 1", "Sentence 2"), ("A", "B")])
        label = rng.choice(["yes", "no"])
        change = hypothesis_maker(
            "yes" if label == "yes" else "no", sentence, index, corpus, rng, True
        )
        if change is None:
            continue

        def finish(
            written: str,
            s: str = sentence,
            q: str = question,
            nm: tuple[str, str] = names,
            lab: str = label,
            change: Callable[[str], str | None] = change,
        ) -> tuple[str, str]:
            other = change(written) or change(s)
            if other is None or other == s:
                raise TaskParseError("no_hypothesis", "no second sentence", written)
            return f"{_pair_text(rng, s, other, nm)}\n{q}", lab

        draft = rewritten(
            "paraphrase_id", {"sentence1": sentence, "label": label}, sentence, finish, corpus
        )
        if draft is not None:
            drafts.append(draft)
    return drafts


def _entailment_drafts(
    task: str, index: int, corpus: Corpus, rng: random.Random, n: int
) -> list[Draft]:
    drafts: list[Draft] = []
    if rewrites_withheld(corpus):
        return drafts
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
    # Labels in turn, each premise taken by the first label it can carry: the rarer
    # labels (few premises say "can") are not crowded out by entailment.
    # A label without material ends the passage (contradiction) or drops out (neutral,
    # the rarest) rather than handing its turns to entailment.
    order = labels[:]
    rng.shuffle(order)
    premises = premise_sentences(index, corpus, rng)
    turn = 0
    while len(drafts) < n and premises and order:
        label = order[turn % len(order)]
        # Built by code, the hypothesis starts from the premise itself: it must change a
        # word under every label (an unchanged copy would be a trivial entailment).
        one_word = code_rewrites(corpus) or rng.random() < 0.5
        # Neutral, the rarest, may take the other kind of change before it drops out.
        kinds = [one_word, not one_word] if label == "neutral" else [one_word]
        found = [
            (premise, make)
            for kind in kinds
            for premise in premises
            if (make := hypothesis_maker(label, premise, index, corpus, rng, kind))
        ][:1]
        if found:
            premise, make = found[0]
            premises.remove(premise)
            turn += 1
        elif label == "neutral":
            order.remove(label)
            continue
        else:
            # Any other label left alone would tilt the set (its turn was drawn): the
            # passage gives no more.
            break
        entailed = label in ("entailment", "yes")
        restated = negate_complement(premise) if entailed and rng.random() < 0.5 else None
        text = f'Premise: "{premise}"\nHypothesis: "{{}}"\n{question}'
        if restated is not None:  # a true restatement that carries "not", built by code
            fields = {"premise": premise, "hypothesis": restated, "label": label}
            drafts.append(Draft(task, fields, fixed(text.format(restated), label)))
            continue

        def finish(
            written: str,
            p: str = premise,
            lab: str = label,
            make: Callable[[str], str | None] = make,
            text: str = text,
        ) -> tuple[str, str]:
            # A paraphrase the change does not fit (a clause fronted before a comma
            # blocks negation) falls back to the premise changed the same way.
            hypothesis = make(written) or make(p)
            if hypothesis is None or hypothesis == p:
                raise TaskParseError("no_hypothesis", f"no {lab} hypothesis", written)
            return text.format(hypothesis), lab

        draft = rewritten(task, {"premise": premise, "label": label}, premise, finish, corpus)
        if draft is not None:
            drafts.append(draft)
    return drafts


def build_nli(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """Premise from the passage; the hypothesis its paraphrase, changed to carry the label."""
    return _entailment_drafts("nli", index, corpus, rng, n)


def build_te(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """Premise from the passage; its paraphrase (yes) or one changed to contradict or add (no)."""
    return _entailment_drafts("te", index, corpus, rng, n)


def _close_in_length(pool: tuple[str, ...], target: str) -> list[str]:
    """The sentences of ``pool`` within a fifth of ``target``'s length."""
    return [s for s in pool if 0.8 <= len(s) / len(target) <= 1.25]


PARTNERS_OFFERED = 3
"""Partners of each sense a wsd candidate offers per sentence (closest in length first):
the run takes the first one still fresh (:mod:`~langchain_taskgen.construct.run_limits`)."""
SENTENCES_OFFERED = 2
"""Sentences of the passage a wsd candidate offers: where the first has no fresh partner
left, the next may (as the builder went on to the next sentence when it counted itself)."""


def build_wsd(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
    """A sentence of the passage and an everyday sentence using one of its words.

    The everyday sentence uses the word in the manual's sense (yes) or in another (no), so
    every pair holds one passage sentence and one everyday sentence under both labels: the
    register does not give the label. A passage sentence is taken only when both senses
    offer a partner within a fifth of its length, and each everyday sentence is a "yes"
    partner of one word and a "no" partner of another (:mod:`~langchain_taskgen.construct.
    senses`): neither length nor vocabulary gives the label.

    Each draft is a candidate (:mod:`~langchain_taskgen.construct.run_limits`): up to
    :data:`SENTENCES_OFFERED` sentences, each with up to :data:`PARTNERS_OFFERED`
    partners of each sense, closest in length first (of two as close, either), and its
    own label (the labels alternate within a passage from a random first one), first.
    Which one the pair ends with is the run's to say, in corpus order: each everyday
    sentence partners at most :data:`~langchain_taskgen.construct.run_limits.
    MAX_PARTNER_USES` times and once per label over the run, and each word's yes and no
    stay within one (on a tie, the candidate's own label). Nothing here depends on what
    the run made before, so a batch builds the same candidates wherever it runs.
    """
    labels = ["yes", "no"]
    rng.shuffle(labels)
    # Each usable sentence, with its partners of each sense: (label, variant, option).
    found: list[list[tuple[str, Variant, list[str]]]] = []
    for sentence in premise_sentences(index, corpus, rng):
        if len(found) == SENTENCES_OFFERED * n:
            break
        present = [w for w in dict.fromkeys(words(sentence)) if manual_sense(w, sentence)]
        if not present:
            continue
        word = rng.choice(present)
        same = _close_in_length(SENSES[word].technical, sentence)
        other = _close_in_length(SENSES[word].other, sentence)
        if not same or not other:
            continue  # a sentence that could not carry either label would tilt the set
        # One draw for every partner: a partner whose other word is rarer is offered
        # with partner_weight's probability (see partner_weight).
        draw = rng.random()
        flip = rng.random() < 0.5
        ask = rng.choice(
            [
                'Does the word "{}" mean the same thing in both sentences? Answer yes or no.',
                'Is "{}" used in the same sense in the two sentences? Answer yes or no.',
            ]
        ).format(word)
        offers: list[tuple[str, Variant, list[str]]] = []
        for label in ("yes", "no"):
            pool = list(same if label == "yes" else other)
            rng.shuffle(pool)  # of two as close in length, either comes first
            # How much longer the second sentence is must say nothing of the label.
            pool.sort(key=lambda s: abs(len(s) - len(sentence)))
            for partner in [s for s in pool if draw < partner_weight(word, s)][:PARTNERS_OFFERED]:
                one, two = (sentence, partner) if flip else (partner, sentence)
                inp = f'Sentence 1: "{one}"\nSentence 2: "{two}"\n{ask}'
                fields = {"word": word, "sentence1": one, "sentence2": two, "label": label}
                offers.append(
                    (label, (inp, label, fields, ""), [word, label, partner_hash(partner)])
                )
        if offers:
            found.append(offers)
    # n candidates at most, the sentences dealt out in turn (candidate i offers sentences
    # i, i + n, ...), its own label's partners first within each sentence.
    drafts: list[Draft] = []
    for first in range(min(n, len(found))):
        own = labels[first % 2]
        mine = [
            offer
            for offers in found[first::n]
            for offer in sorted(offers, key=lambda o: o[0] != own)  # stable: own label first
        ]
        ticket = {"task": "wsd", "own": own, "options": [option for _, _, option in mine]}
        variants = [variant for _, variant, _ in mine]
        inp, label, _, _ = variants[0]
        drafts.append(Draft("wsd", candidate_fields(variants, ticket), fixed(inp, label)))
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
    # Half its text is an everyday sentence by design: the relevance check would only cost
    # yield (every pair holds a sentence of the passage).
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
