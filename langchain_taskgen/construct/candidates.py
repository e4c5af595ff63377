"""Answer candidates of a passage beyond the question rules' own spans, and mcqa options.

Subjects named at a sentence's start, a main verb's object, the spans of main clauses cut
from long (licence, contract) sentences, defined terms; and for multiple choice, wrong
options of the answer's kind taken from the passage itself.
"""

from __future__ import annotations

import functools
import hashlib
import re

from langchain_taskgen.construct.clause_units import (
    adjunct_question,
    definition,
    passage_clauses,
    subject_question,
)
from langchain_taskgen.construct.clauses import PREPS, SUBORDINATE, clause_spans, find_verb
from langchain_taskgen.construct.manual_questions import manual_questions
from langchain_taskgen.construct.option_kinds import fair_distractor
from langchain_taskgen.construct.passage import (
    STOPWORDS,
    Corpus,
    Span,
    answer_spans,
    clean,
    content_words,
    split_sentences,
)
from langchain_taskgen.construct.term_questions import ASKABLE, stands_alone, term_questions


def _share(sentence: str, span: Span) -> str:
    return hashlib.sha256(f"{sentence}|{span.start}|{span.text}".encode()).hexdigest()


def _named_subject(sentence: str, passage: str) -> list[Span]:
    """The name a sentence opens with when it is the subject ("Apache handles ...")."""
    tokens = sentence.split()
    first = tokens[0]
    if not re.fullmatch(r"[A-Z][\w+-]+", first) or first.lower().endswith("ing"):
        return []
    if first.lower() in STOPWORDS | SUBORDINATE | PREPS | {"others", "you", "one", "users"}:
        return []  # "Some are required", "You could ...": no name to ask for
    # A name: capitals inside ("APT", "PostgreSQL"), or capitalised inside a sentence too.
    inside = (
        m.start() > 1 and passage[m.start() - 2] not in ".!?\n"
        for m in re.finditer(rf"\b{re.escape(first)}\b", passage)
    )
    if first[1:].islower() and not any(inside):
        return []
    found = find_verb(tokens)
    # Only before an auxiliary: "RPC services register" reads "services" as the verb.
    if found is None or found[0] != 1 or found[1] not in {"aux", "do"}:
        return []
    return [Span(first, 0, "name")]


def _clause_candidates(corpus: Corpus, index: int) -> list[tuple[str, Span]]:
    """Objects and program names of the passage's sentences not already answer spans."""
    out = []
    passage = corpus.passages[index]
    for sentence in corpus.sentences[index]:
        taken = [span for s, span in corpus.spans[index] if s == sentence]
        for span in [*clause_spans(sentence), *_named_subject(sentence, passage)]:
            if not any(span.start < o.end and o.start < span.end for o in taken):
                out.append((sentence, span))
    return out


def _unit_candidates(corpus: Corpus, index: int) -> list[tuple[str, Span]]:
    """Spans of the main clauses cut from long sentences (licences, contracts).

    A clause that is one of the passage's clean sentences already gave its spans.
    """
    passage = corpus.passages[index]
    known = set(corpus.sentences[index])
    out: list[tuple[str, Span]] = []
    for clause, _sentence in passage_clauses(passage):
        if clause in known:
            continue
        spans = [*answer_spans(clause), *clause_spans(clause), *_named_subject(clause, passage)]
        taken: list[Span] = []
        for span in spans:
            if not any(span.start < o.end and o.start < span.end for o in taken):
                taken.append(span)
                out.append((clause, span))
    return out


def definition_questions(passage: str) -> list[tuple[str, Span, str]]:
    """Questions "What is <meaning> called?" on short definitions; the answer is the term.

    Example:
        >>> definition_questions('1.13. "Source Code Form" means the form of the work '
        ...                      'preferred for making modifications.')[0][2]
        'What is the form of the work preferred for making modifications called?'
    """
    out = []
    for sentence in split_sentences(passage):
        found = definition(sentence)
        if found is None or found.term.lower() in found.meaning.lower():
            continue
        meaning = found.meaning
        if meaning.split()[0] in {"The", "A", "An", "Any", "Each"}:
            meaning = meaning[:1].lower() + meaning[1:]
        question = f"What is {meaning} called?"
        out.append((sentence, Span(found.term, sentence.find(found.term), "defined"), question))
    return out


_NOUN_PHRASE = re.compile(
    r"\b(?:a|an|the) (?!(?:" + "|".join(sorted(STOPWORDS)) + r")\b)[a-z][\w-]*"
    r"(?: (?!(?:" + "|".join(sorted(STOPWORDS)) + r")\b)[a-z][\w-]*){1,3}"
    # Whole: up to punctuation or a word that ends a noun phrase ("a server system for").
    r"(?=[.,;:)]|\s(?:of|in|on|at|for|to|with|from|by|and|or|is|are|was|were|that|which|can"
    r"|will|must|should|may)\b|$)"
)
# A verb caught at a noun phrase's end ("the machine boots", "the default answer needs").
_VERB_ENDS = (
    frozenset(ASKABLE)
    | frozenset(ASKABLE.values())
    | frozenset("boots needs believe believes runs starts works happens means seems".split())
)


def _adjuncts(clause: str) -> list[str]:
    asked = adjunct_question(clause)
    return [asked[0]] if asked else []


# Noun-phrase answers ("a network filesystem", "the document files") are one kind, so
# "What is NFS?" offers other noun phrases of the passage; verb phrases ("use debsums -c")
# another.
_KIND_CLASS = {
    "name": "entity",
    "defined": "entity",
    "subject": "entity",
    "phrase": "phrase",
    "predicate": "phrase",
    "noun": "phrase",
}
# Words that make a noun phrase vague or lean on the text around it ("the example below").
_VAGUE_OPTION = frozenset(
    """below above itself themselves only same other following previous next number lot
    example case way thing part provided given used needed required few several many some
    second first third last cleaner""".split()
)


def _fair_option(text: str, question: str) -> bool:
    """A noun phrase that names a thing on its own and shares no word with the question."""
    words = text.lower().split()
    if _VAGUE_OPTION & set(words) or words[-1].endswith(("ed", "ing", "ly")):
        return False
    if words[-1] in _VERB_ENDS:
        return False
    if not stands_alone(text) or content_words(text) & content_words(question):
        return False
    return True


def passage_answers(corpus: Corpus, index: int) -> list[Span]:
    """Every answer candidate of the passage (spans, clause objects, defined terms, subjects).

    Distractor material for multiple choice: all of it is found in the passage.
    """
    passage = corpus.passages[index]
    spans = [
        span
        for _, span in [
            *corpus.spans[index],
            *_clause_candidates(corpus, index),
            *_unit_candidates(corpus, index),
        ]
    ]
    spans += [span for _, span, _ in definition_questions(passage)]
    # What named things are and do: each other's distractors ("What is QEMU?" offers what
    # VirtualBox and Xen are, all from the passage).
    spans += [span for s in corpus.sentences[index] for _, span, _ in term_questions(s, passage)]
    # What tools do and how things are done: each other's distractors ("use debsums -c"
    # among "use debsums -ec" and "run apt update", all from the passage).
    spans += [span for _, span, _ in manual_questions(passage)]
    # Noun phrases of the passage ("a plain text file", "the boot server"): the options of
    # "What is a preseed file?" are other things the passage names, not just other answers.
    spans += [Span(m.group(0), m.start(), "noun") for m in _NOUN_PHRASE.finditer(clean(passage))]
    spans += [Span(a, 0, "adjunct") for c, _ in passage_clauses(passage) for a in _adjuncts(c)]
    for clause, _ in passage_clauses(passage):
        asked = subject_question(clause, passage)
        if asked is not None:
            spans.append(Span(asked[0], clause.find(asked[0]), "subject"))
    return spans


def _shape(name: str) -> str:
    """How a name looks: a lower-case package or command, a capitalised name, or other."""
    if re.fullmatch(r"[a-z0-9][a-z0-9.+_/-]*", name):
        return "lower"
    words = name.split()
    if words and all(w[:1].isupper() for w in words) and words[0].lower() not in STOPWORDS:
        return "capital"
    return "other"


@functools.lru_cache(maxsize=512)
def _answers_of(passage: str) -> tuple[Span, ...]:
    """:func:`passage_answers` of one passage, read once (mcqa asks it per candidate)."""
    return tuple(passage_answers(Corpus.build([passage]), 0))


def same_kind_options(
    corpus: Corpus, index: int, span: Span, question: str, count: int
) -> list[str]:
    """Up to ``count`` wrong options of the answer's kind, all found in the passage itself.

    Same kind: numbers with numbers of the same unit, terms with terms, names with
    defined terms and short subjects, noun phrases with noun phrases, each of the key's
    sort (:func:`~langchain_taskgen.construct.option_kinds.fair_distractor`). Closest in
    length to the answer first (so "pick the longest option" does not answer), ties in a
    fixed order: the options depend on the passage only, not on which chunks share a batch.

    Example:
        >>> corpus = Corpus.build(["The cluster has 4 disks. The rack holds 12 disks. "
        ...                        "The room keeps 30 spare disks in a box."])
        >>> sorted(same_kind_options(corpus, 0, Span("12 disks", 39, "number"), "How many?", 2))
        ['30 spare disks', '4 disks']
    """
    passage = corpus.passages[index]
    flat = clean(passage).lower()
    kind = _KIND_CLASS.get(span.kind, span.kind)
    answer = span.text.lower()
    seen: dict[str, Span] = {}
    for other in _answers_of(corpus.passages[index]):
        text = other.text.lower()
        if _KIND_CLASS.get(other.kind, other.kind) != kind or text in seen:
            continue
        if text in answer or answer in text or text in question.lower() or text not in flat:
            continue
        if kind == "entity" and _shape(other.text) != _shape(span.text):
            continue  # "virtinst" among "Debian DVD" and "The system" is found by its look
        if other.kind == "noun" and not _fair_option(other.text, question):
            continue
        if any(text in known or known in text for known in seen):
            continue  # "a specific approach" beside "a specific approach for X": one option
        chosen = [o.text for o in seen.values()]
        if not fair_distractor(other.text, other.kind, span.text, span.kind, chosen, passage):
            continue  # another sort of thing than the key, or a synonym of an option
        seen[text] = other
    # Taken in turn from the longer and the shorter side of the answer, nearest first: the
    # answer is then the longest (or shortest) option about as often as chance.
    size = len(span.text)
    longer = sorted(
        (o for o in seen.values() if len(o.text) >= size),
        key=lambda o: (len(o.text) - size, _share(o.text, o)),
    )
    shorter = sorted(
        (o for o in seen.values() if len(o.text) < size),
        key=lambda o: (size - len(o.text), _share(o.text, o)),
    )
    sides = [longer, shorter] if int(_share(span.text, span), 16) % 2 else [shorter, longer]
    out: list[str] = []
    while len(out) < count and (longer or shorter):
        for side in sides:
            if side and len(out) < count:
                out.append(side.pop(0).text)
    # Where the passage has options on one side only, the answer would be the longest (or
    # shortest) one every time: such an item is kept about one time in as many options.
    lengths = [len(o) for o in out]
    if out and (size > max(lengths) or size < min(lengths)):
        if int(_share(question, span), 16) % (len(out) + 1):
            return []
    return out
