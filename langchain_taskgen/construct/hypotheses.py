"""Second sentences for nli, te and paraphrase_id: a rewrite changed to carry a label.

Every second sentence starts from a rewrite of the premise (the model's checked
paraphrase, or the premise itself where rewrites are built by code) and changes at most
one content word of it whatever the label, so word overlap and length do not give it.

Example:
    >>> import random
    >>> from langchain_taskgen.construct import Corpus
    >>> corpus = Corpus.build(["The cache is stored in /var/cache/apt by default."])
    >>> premise = corpus.sentences[0][0]
    >>> make = hypothesis_maker("entailment", premise, 0, corpus, random.Random(0), True)
    >>> make(premise)
    'The cache is kept in /var/cache/apt by default.'
"""

from __future__ import annotations

import random
from collections.abc import Callable

from langchain_taskgen.construct.draft import Draft
from langchain_taskgen.construct.passage import Corpus, content_words
from langchain_taskgen.construct.render import fixed
from langchain_taskgen.construct.senses import with_synonym
from langchain_taskgen.construct.statements import (
    affirm,
    is_negative,
    negate,
    strengthen,
    swap_antonym,
    swap_number,
    swap_term,
)
from langchain_taskgen.construct.text_checks import check_paraphrase
from langchain_taskgen.errors import TaskParseError


def code_rewrites(corpus: Corpus) -> bool:
    """Whether this call builds rewrites by code instead of asking the model.

    Set by the structured format when asked for (``TaskGenerator(code_rewrites=True)``):
    nli, te and paraphrase_id then say one word another way (a listed synonym) where they
    would have used the model's paraphrase.
    """
    return bool(getattr(corpus, "code_rewrites", False))


def weak_writer(corpus: Corpus) -> bool:
    """Whether this call's model is the embedded default, whose writing no check vouches for.

    Set by the structured format for it: summaries and span questions for qg are then not
    asked of the model (summarization gives section titles, qg heading questions).
    """
    return bool(getattr(corpus, "weak_writer", False))


def rewrites_withheld(corpus: Corpus) -> bool:
    """Whether nli, te, paraphrase_id and ynqa give no material in this call.

    Set by the structured format for the embedded default model unless code rewrites
    were asked for: its paraphrases rarely keep the meaning, and one-word edits by code
    let the kind of edit give the label away (ynqa's questions are such edits too).
    """
    return bool(getattr(corpus, "withhold_rewrites", False))


def rewritten(
    task: str,
    fields: dict[str, str],
    source: str,
    finish: Callable[[str], tuple[str, str]],
    corpus: Corpus,
) -> Draft | None:
    """A draft whose second sentence starts from a rewrite of ``source``.

    The model's paraphrase (checked), or, where rewrites are built by code, ``source``
    itself (``finish`` then changes one word of it, as it does of a paraphrase).
    """
    if code_rewrites(corpus):
        try:
            inp, out = finish(source)
        except TaskParseError:
            return None
        return Draft(task, fields, fixed(inp, out))

    def render(written: str | None) -> tuple[str, str]:
        return finish(check_paraphrase(source, written or ""))

    return Draft(task, fields, render, "paraphrase", source)


def _changed(before: str, after: str) -> int:
    """How many content words differ between two sentences (a swap counts two)."""
    return len(content_words(before) ^ content_words(after))


def _contradictions(written: str, index: int, corpus: Corpus, rng: random.Random) -> list[str]:
    """Contradictions of ``written``: a number, roles, polarity, an opposite or a term.

    Only changes of at most one content word are kept, so a contradiction differs from
    its premise by as much as an entailment (a word said another way) or a neutral
    hypothesis does: word overlap does not tell them apart.
    """
    made = [
        swap_number(written, index, corpus, rng),
        swap_antonym(written),
        affirm(written) if is_negative(written) else negate(written),
        swap_term(written, index, corpus, rng),
    ]
    return [h for h in made if h is not None and h != written and _changed(written, h) <= 2]


def hypothesis_maker(
    label: str, premise: str, index: int, corpus: Corpus, rng: random.Random, one_word: bool
) -> Callable[[str], str | None] | None:
    """How a checked paraphrase of ``premise`` becomes a hypothesis with ``label``.

    Every hypothesis starts from the model's paraphrase and changes at most one content
    word of it, whatever its label, so neither word overlap nor length gives the label:
    the paraphrase as it is or with a word said another way (entailment); with a number,
    roles, polarity, an opposite or a term changed (contradiction: "not" is one way among
    several); with "can" made "must", as it is or with a word said another way (neutral:
    not for te's "no", where the one word "must" would give the label away). Whether a
    content word changes (``one_word``) is drawn by the caller per label turn, for every
    label alike; a premise that cannot give the drawn kind of change gives ``None``, so
    no label falls back to the kind it finds easiest. ``None`` when the premise offers no
    such change.
    """

    def entail(written: str) -> str | None:
        other = with_synonym(written)
        return (other if other != written else None) if one_word else written

    def neutral(written: str) -> str | None:
        stronger = strengthen(written)
        if stronger is None or not one_word:
            return stronger
        other = with_synonym(stronger)
        return other if other != stronger else None

    def contradict(written: str) -> str | None:
        made = _contradictions(written, index, corpus, rng)
        if not one_word:
            # A number or roles first; polarity only every other time, so most
            # contradictions carry no "not" of their own.
            same = [h for h in made if _changed(written, h) == 0]
            plain = [h for h in same if is_negative(h) == is_negative(written)]
            chosen = plain or (same if rng.random() < 0.5 else [])
            return chosen[0] if chosen else None
        # One content word changed: an opposite or a term, or a word said another way
        # with a number, roles or polarity changed. The second puts the listed synonyms
        # under this label too, so a bag of words on the hypothesis cannot learn them.
        # (Numbers and roles only there: polarity would make "not" a contradiction cue.)
        worded = with_synonym(written)
        if worded != written:
            made += [
                h
                for h in (swap_number(worded, index, corpus, rng), swap_antonym(worded))
                if h is not None and h != worded and _changed(worded, h) == 0
            ]
        wanted = [h for h in made if _changed(written, h) > 0]
        return rng.choice(wanted) if wanted else None

    makers = {
        "entailment": entail,
        "yes": entail,
        "contradiction": contradict,
        "neutral": neutral,
        "no": contradict,
    }
    maker = makers[label]
    return maker if maker(premise) is not None else None
