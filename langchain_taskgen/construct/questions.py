"""Questions made from a passage's own sentences, so that code knows their answers.

A span of a sentence (a number, a name, a technical term) is the answer; the question is
the sentence turned around it the way a person asks: the wh-phrase fronted, with
subject-auxiliary inversion ("Where are the packages stored?") or do-support ("What does
apt rely on?"), or "What ..." in place of a subject span ("Which file lists the
servers?"). Where these rules are unsure of the clause (no clear finite verb, a
subordinate clause, a list, a long sentence) no question is made: an echo question with a
wh-word left inside a copied sentence teaches fill-in-the-blank, not reading.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from langchain_taskgen.construct.answer_quality import (
    answers_with_the_subject,
    asks_the_subject_vaguely,
    keeps_an_opener,
    reads_whole,
    says_something,
)
from langchain_taskgen.construct.candidates import (
    _clause_candidates,
    _share,
    _unit_candidates,
    definition_questions,
    same_kind_options,  # noqa: F401  (re-exported: tasks/questions.py imports it here)
)
from langchain_taskgen.construct.clause_units import (
    VAGUE,
    adjunct_question,
    passage_clauses,
    subject_question,
)
from langchain_taskgen.construct.clauses import (
    ADVERBS,
    AUX,
    CLAUSE_LINKS,
    DETERMINERS,
    DO,
    HEAD_NOUNS,
    HOLE,
    LEANING,
    MAX_WORDS,
    PAREN,
    PERSON_NOUNS,
    PREPS,
    QUANTIFIERS,
    RELATIVE,
    STRANDABLE,
    SUBORDINATE,
    WHERE,
    cut_clause,
    find_verb,
    fronted,
    split_intro,
)
from langchain_taskgen.construct.manual_questions import manual_questions
from langchain_taskgen.construct.option_kinds import option_class
from langchain_taskgen.construct.passage import (
    Corpus,
    Span,
    clean,
    content_words,
    has_negation,
)
from langchain_taskgen.construct.question_claims import (
    SHARED_QUESTION_TYPES,
    claim,
    dealt,
    free,
)
from langchain_taskgen.construct.question_filters import asks_freshly, reads_naturally, same_answer
from langchain_taskgen.construct.shape_questions import shape_questions
from langchain_taskgen.construct.term_questions import term_questions

_DISCOURSE = frozenset({"then", "thus", "therefore", "hence"})
# A passive that keeps its second object: "What will each version be given?".
_GIVEN = frozenset("given granted sent offered shown assigned".split())


def _number_phrase(span: Span, previous: str) -> tuple[str, bool] | None:
    """The wh-phrase for a number span and whether it absorbs the noun before it."""
    tokens = span.text.split()
    if len(tokens) > 1 and tokens[1].lower() in {"percent", "%"}:
        return "what percentage", False
    if len(tokens) > 1 and tokens[1].isalpha():
        return "how many " + " ".join(tokens[1:]), False
    if previous.isalpha() and previous.islower() and previous not in PREPS | DETERMINERS:
        if previous not in AUX and not previous.endswith("s"):
            return f"which {previous}", True  # "on port 80" -> "which port ... on"
    return None


def wh_question(
    sentence: str, span: Span, rng: random.Random | None = None, passage: str = ""
) -> str | None:
    """A question whose answer is ``span``, phrased the way a person would ask it.

    The wh-phrase is fronted with inversion or do-support; a subject span becomes
    "What/Which ... <verb> ...?". ``None`` where the sentence is too long or its clause
    is not one these rules read with confidence. ``rng`` is accepted for compatibility;
    ``passage`` (the text around the sentence) tells a capitalised first word that is
    a name ("Debian") from one that only opens the sentence ("Lost laptops").

    Example:
        >>> from langchain_taskgen.construct.passage import answer_spans
        >>> s = "The web cluster has 4 nodes behind a load balancer."
        >>> wh_question(s, answer_spans(s)[0])
        'How many nodes does the web cluster have behind a load balancer?'
        >>> s = "The downloaded packages are stored in /var/cache/apt/archives."
        >>> wh_question(s, answer_spans(s)[0])
        'Where are the downloaded packages stored?'
    """
    del rng
    if sentence.count(span.text) != 1 or has_negation(sentence):
        return None
    if span.start and sentence[span.start - 1] != " ":
        return None
    if span.end < len(sentence) and sentence[span.end] not in " ,.":
        return None
    if re.match(r"\.\w", sentence[span.end : span.end + 2]):
        return None  # a cut version number ("2.4" of "2.4.52") or file name
    before = PAREN.sub("", sentence[: span.start]).split()
    after = PAREN.sub("", sentence[span.end :]).rstrip().rstrip(".").split()
    tokens = [*before, HOLE, *after]
    cut = next((i for i, t in enumerate(tokens) if t.endswith(";")), None)
    if cut is not None:
        if cut < tokens.index(HOLE):
            return None
        tokens[cut:] = [tokens[cut].rstrip(";")]  # the first clause of "X; Y" stands alone
    if len(tokens) + len(span.text.split()) - 1 > MAX_WORDS or len(tokens) < 3:
        return None
    if any(mark in t for t in tokens for mark in (";", ":", "—", "–", '"', "“", "(", ")")):
        return None
    split = split_intro(tokens)
    if split is None:
        return None
    tokens, intro = split
    if tokens[0] != HOLE and tokens[0].lower() in SUBORDINATE:
        return None
    hole = tokens.index(HOLE) if HOLE in tokens else -1
    if hole < 0:
        return None
    question = _subject_question(tokens, hole, span)
    if question is None:
        question = _object_question(tokens, hole, span, passage or sentence)
    if question is None:
        return None
    if intro:
        question = f"{question} {intro}"
    # Discourse adverbs lean on the sentence before: "Which file (then) needs ...?"
    question = " ".join(w for w in question.split() if w.lower() not in _DISCOURSE)
    question = re.sub(r"\s+", " ", question).strip().rstrip(",") + "?"
    # A pronoun leans on another sentence; "in which ..." buries a second clause.
    words = [w.lower().strip(",?") for w in question.split()]
    if LEANING.intersection(words) or {"which", "whose"}.intersection(words[3:]):
        return None
    if "following" in words:  # "the following command" points at text after the sentence
        return None
    return question[:1].upper() + question[1:]


def _subject_question(tokens: list[str], hole: int, span: Span) -> str | None:
    """A question on a subject span: "What/Which <head> <verb> ...?"."""
    if hole == 0:
        wh, rest = "What", tokens[1:]
    elif hole == 1 and tokens[0].lower() == "the" and len(tokens) > 2:
        head = tokens[2].lower()
        if head in HEAD_NOUNS:
            wh, rest = f"Which {head}", tokens[3:]
        elif span.kind == "name":
            wh, rest = "What", tokens[2:]  # "The Internet Software Consortium is ..."
        else:
            return None
    else:
        return None
    if span.kind == "number" or not rest:
        return None
    found = find_verb([wh, *rest])
    if found is None or (found[0] != 1 and rest[0].lower() not in ADVERBS):
        return None
    clause = cut_clause(rest)
    if clause is None or len(clause) < 2:
        return None
    if wh == "What" and PERSON_NOUNS & {w.lower() for w in clause}:
        wh = "Who"
    return " ".join([wh, *clause])


def _object_question(tokens: list[str], hole: int, span: Span, passage: str) -> str | None:
    """Wh-phrase fronted over an object or complement span, with inversion or do-support."""
    found = find_verb(tokens)
    if found is None or found[0] >= hole:
        return None
    verb, kind = found
    parts = fronted(tokens, verb, kind, passage)
    if parts is None:
        return None
    front, subject, verb_after = parts
    middle = tokens[verb + 1 : hole]
    if any("," in t or t.lower() in {"and", "or", "but"} for t in middle) or len(middle) > 8:
        return None  # the span is in a second clause or a list
    rest = cut_clause(tokens[hole + 1 :])
    if rest is None:
        return None
    if len(rest) > 1 and rest[0] in {"and", "but"} and rest[1].lower() in AUX | set(DO):
        rest = []  # "stored in X and is checked by Y": the second verb phrase is left out
    head = ""
    if middle and middle[-1].lower() == "the" and rest and rest[0].lower() in HEAD_NOUNS:
        # "used in the /etc/inetd.conf file" -> "Which file is ... used in?"
        head, middle, rest = rest[0].lower(), middle[:-1], rest[1:]
    elif span.kind == "number":
        for quantifier in QUANTIFIERS:  # "borrow up to 10 items" -> "How many items ..."
            if [w.lower() for w in middle[-len(quantifier) :]] == quantifier:
                middle = middle[: -len(quantifier)]
                break
        if len(span.text.split()) > 1 and len(rest) > 1 and rest[0] == "of":
            span = Span(f"{span.text} {rest[0]} {rest[1]}", span.start, span.kind)
            rest = rest[2:]  # "5 gigabytes of messages": the unit takes its complement
    if rest:
        nxt = rest[0]
        # The span modifies a noun ("Debian mirrors") or starts a list: not a whole answer.
        if nxt[:1].isupper() or nxt[:1].isdigit() or nxt.lower() in RELATIVE | {"and", "or"}:
            return None
        if nxt[:1].isalpha() and nxt.lower() not in PREPS | CLAUSE_LINKS | ADVERBS:
            return None
    previous = middle[-1] if middle else ""
    if previous.lower() in DETERMINERS:
        return None
    if span.kind == "number":
        phrase = _number_phrase(span, previous)
        if phrase is None:
            return None
        wh, absorbs = phrase
        if absorbs:
            middle = middle[:-1]
            if middle and middle[-1].lower() in DETERMINERS:
                middle = middle[:-1]  # "have the value 1" -> "Which value ... have?"
        if middle and middle[-1] in PREPS and middle[-1] != "of":
            wh, middle = f"{middle[-1]} {wh}", middle[:-1]  # "Within how many hours ..."
    elif head:
        wh = f"which {head}"
        if previous and previous not in STRANDABLE | WHERE:
            return None
        if previous in STRANDABLE and rest:
            return None  # "Which package is X provided by in conjunction with Y?"
        if any(w.lower() in DETERMINERS for w in middle):
            return None
    else:
        wh = "what"
        if previous and any(w.lower() in DETERMINERS for w in middle):
            return None  # "the customization of X": the preposition belongs to a noun
        if previous in WHERE and span.text.startswith("/"):
            wh, middle = "where", middle[:-1]
        elif (
            previous
            and previous not in STRANDABLE
            and middle != [previous]
            and not (len(middle) == 2 and middle[0] == "be" and previous in _GIVEN)
        ):
            return None  # inside a noun phrase, or after a preposition that reads badly
        elif previous in STRANDABLE and rest:
            return None  # "What are X provided by in Y?": a stranded preposition ends it
    if kind == "aux" and not verb_after and not middle and front in {"is", "are", "was", "were"}:
        # "X is a Y." -> "What is X?" (a definition); a longer subject reads badly.
        if len(subject.split()) > 5 or VAGUE & set(subject.lower().split()):
            return None  # "What is the next step?": the subject leans on the text around
    words = [wh, front, subject, verb_after, *middle, *rest]
    return " ".join(w for w in words if w)


_NAMES_KIND = re.compile(r"Which (?:command|program|tool|package|script|option|file|utility)\b")


def _acceptable(question: str, sentence: str, span: Span, passage: str) -> bool:
    """A question a strict reader takes: natural, saying something, not vague or garbled."""
    return (
        reads_naturally(question, span)
        and says_something(question, span)
        and not asks_the_subject_vaguely(question, passage)
        and not keeps_an_opener(question, sentence, passage)
        and reads_whole(question, span, clean(passage))
        and not answers_with_the_subject(question, span, passage)
        # An English compound ("time-consuming", "top-level") is no thing to ask for, unless
        # the question names its kind ("Which command finds ...?" -> "merge-base").
        and (
            option_class(span.text, span.kind, passage) != "word"
            or bool(_NAMES_KIND.match(question))
        )
    )


def iter_span_questions(
    index: int, corpus: Corpus, rng: random.Random, owner: str = ""
) -> Iterator[tuple[str, Span, str]]:
    """(sentence, answer span, question) candidates of a passage no other type asked yet.

    Distinct answers, in random order. When the call asks for several question types
    (``corpus.task_types``), the passage's questions are dealt out among them in a fixed
    order (a hash of sentence and span), so each type gets its share whatever order the
    types are planned in. A builder that keeps a candidate calls :func:`claim` on it, so
    exqa, qa, qg and mcqa of one call never ask the same thing; ``owner`` (the task
    type's name) may take its own claims again, so planning a type twice on one
    :class:`Corpus` gives the same drafts.
    """
    passage = corpus.passages[index]
    flat = clean(passage)
    found: dict[str, tuple[str, Span, str]] = {}
    # How-to and what-for questions first ("How do you check the whole system?"), then
    # those about a named thing: they copy nothing of the sentence but the name.
    named = [*manual_questions(passage), *shape_questions(passage)]
    for sentence in corpus.sentences[index]:
        named += term_questions(sentence, passage)
    for sentence, span, question in named:
        if span.text in flat and asks_freshly(question, sentence, span.text):
            if _acceptable(question, sentence, span, passage):
                found.setdefault(span.text.lower(), (sentence, span, question))
    spans = [
        *corpus.spans[index],
        *_clause_candidates(corpus, index),
        *_unit_candidates(corpus, index),
    ]
    for sentence, span in sorted(spans, key=lambda c: _share(*c)):
        if span.text.lower() in found or span.text not in flat:
            continue  # the answer is copied from the passage, as it stands there
        fronted_question = wh_question(sentence, span, passage=passage)
        if fronted_question is None:
            continue
        if not _acceptable(fronted_question, sentence, span, passage):
            continue
        if asks_freshly(fronted_question, sentence, span.text):
            found[span.text.lower()] = (sentence, span, fronted_question)
    made = list(definition_questions(passage))
    for clause, _ in passage_clauses(passage):
        for kind, ask in (("adjunct", adjunct_question), ("subject", subject_question)):
            asked = ask(clause, passage)
            if asked is not None:
                made.append((clause, Span(asked[0], clause.find(asked[0]), kind), asked[1]))
    for sentence, span, question in made:
        key = span.text.lower()
        if key not in found and span.text in flat and asks_freshly(question, sentence, span.text):
            if _acceptable(question, sentence, span, passage):
                found[key] = (sentence, span, question)
    # "What is QEMU?" and "What is a software emulator?" ask one fact twice: the shorter
    # question is kept (it copies less of the sentence). So do two questions on one
    # sentence whose answers share most words ("LXDE" and "LXDE (a desktop) by default").
    facts: dict[frozenset[str], tuple[str, Span, str]] = {}
    ordered = sorted(found.values(), key=lambda c: (len(c[2]), _share(c[0], c[1])))
    for sentence, span, question in ordered:
        if any(s == sentence and same_answer(a.text, span.text) for s, a, _ in facts.values()):
            continue
        # Stems: "What does the virtinst package provide?" and "Which package provides
        # virt-install?" ask one fact.
        stems = frozenset(w.rstrip("s") for w in content_words(f"{question} {span.text}"))
        facts.setdefault(stems, (sentence, span, question))
    candidates = list(facts.values())
    sharing = [t for t in dict.fromkeys(corpus.task_types) if t in SHARED_QUESTION_TYPES]
    if getattr(corpus, "weak_writer", False):
        # qg asks no span question of the embedded model (its questions come from
        # headings), so it is dealt no share of the spans.
        sharing = [t for t in sharing if t != "qg"]
    if owner in sharing and len(sharing) > 1:
        candidates = dealt(corpus, index, candidates, sharing, owner)
    rng.shuffle(candidates)
    for sentence, span, question in candidates:
        if free(corpus, sentence, span, owner, index, question):
            yield sentence, span, question


def span_questions(
    index: int, corpus: Corpus, rng: random.Random, n: int, owner: str = ""
) -> list[tuple[str, Span, str]]:
    """Up to ``n`` (sentence, answer span, question) triples with distinct answers, claimed.

    Example:
        >>> corpus = Corpus.build(["The web cluster has 4 nodes behind a load balancer."])
        >>> [q for _, _, q in span_questions(0, corpus, random.Random(0), 1, "exqa")]
        ['How many nodes does the web cluster have behind a load balancer?']
    """
    out: list[tuple[str, Span, str]] = []
    for sentence, span, question in iter_span_questions(index, corpus, rng, owner):
        if len(out) == n:
            break
        claim(corpus, sentence, span, owner, index, question)
        out.append((sentence, span, question))
    return out
