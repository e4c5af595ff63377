"""Which code-built questions a strict reader would call unnatural, vague or leaning.

The span rules of :mod:`~langchain_taskgen.construct.questions` turn a sentence round a
wh-word; on manual prose many of their questions keep the sentence's discourse words ("What
can also be considered?"), ask about a thing the passage names only in passing ("What does
the script update?") or take a one-word answer that says nothing ("What does the acpid
package provide?" -> "a daemon"). Fewer, good pairs beat more, unnatural ones: such a
question is dropped, not repaired.

Example:
    >>> from langchain_taskgen.construct.passage import Span
    >>> reads_naturally("What can also be considered?", Span("IRC", 0, "name"))
    False
    >>> reads_naturally("What does the acpid package provide?", Span("a daemon", 0, "predicate"))
    False
    >>> reads_naturally("What does debsums check?", Span("the MD5 sums of files", 0, "predicate"))
    True
"""

from __future__ import annotations

import re

from langchain_taskgen.construct.asking import is_cloze
from langchain_taskgen.construct.clauses import LEANING
from langchain_taskgen.construct.passage import STOPWORDS, Span, content_words
from langchain_taskgen.construct.term_questions import stands_alone

__all__ = ["asks_freshly", "reads_naturally", "same_answer"]

# Words ending in "-ly" that are no discourse adverb.
_NOT_ADVERBS = frozenset(
    """family supply apply reply assembly early daily weekly monthly hourly yearly italy july
    fly poly anomaly ally only""".split()
) - {"only"}
# Discourse words and hedges a question keeps from its sentence and a person would not say.
_DISCOURSE = frozenset(
    "also only still then actually barely truly rarely however moreover furthermore "
    "instead otherwise therefore thus hence indeed now next".split()
)
# A subject this vague ("the script") is one the passage names only in passing.
_GENERIC = frozenset(
    """script file command package program tool option selector process user server system
    machine entry directory value field variable list method scheme approach solution step
    result table rule thing one case example way latter former section chapter""".split()
)
# An answer of these is an evaluation, not a thing ("a bit more complex").
# Words that point at the text around the question: which "first field", which "other".
_POINTING = frozenset(
    """first second third fourth last former latter other others further matching
    corresponding respective relevant appropriate contrast""".split()
)
_JUDGING = frozenset("important good bad nice great useful interesting main".split())
_COMPARING = frozenset({"bit", "more", "less", "most", "least", "better", "worse"})
# Kinds of answer that are a phrase (not a name, a term, a number or a defined term).
_PHRASES = frozenset({"phrase", "predicate", "subject", "adjunct"})
_PERSONS = frozenset({"you", "your", "yours", "i"})
# A subject no one thing: "What does someone find?".
_NOBODY = frozenset(
    "someone somebody something anyone anybody anything everyone whoever whatever".split()
)
_SUPERLATIVES = frozenset(
    """simplest easiest fastest largest smallest latest newest oldest highest lowest biggest
    shortest longest strongest safest cheapest closest""".split()
)
# An answer this vague names no thing: "a particular terminology", "a specific approach".
_VAGUE_ANSWER = frozenset("particular certain specific various".split())
# Openers of a sentence that talks to the reader; left inside a question they garble it.
_OPENERS = frozenset("let let's suppose assume imagine".split())
# "the official command": a kind of thing with one word of praise or place, naming nothing.
_BARE_KIND = re.compile(
    r"the (?:[\w-]+ )?(?:command|script|tool|program|utility|file|package|way|method|option|one)"
)
_TWO_WH = re.compile(r"\b(?:what|which|who|where|when|how) (?:what|which|who|where|when|how)\b")
# After "What does", a verb or a participle: the rules took a changelog line or a verb
# for the subject ("What does Fixed typo sent by?", "What does provide client software?").
_NOT_SUBJECT_START = frozenset(
    """fix fixed include included add added provide provides remove removed update updated
    use used change changed make made""".split()
)
_AFTER_AUX = re.compile(r"^\w+ (?:does|do|did|is|are|was|were|has|have|can) (\w+)")
_GENERIC_SUBJECT = re.compile(r"^\w+ (?:does|do|is|are|can|should|will) the (\w+) ")


def reads_naturally(question: str, span: Span) -> bool:
    """Whether a code-built question and its answer read as a person's question and answer.

    False for a question that keeps a discourse word ("also", "on the other hand", an
    "-ly" adverb) or a capitalised function word from inside its sentence ("What can More
    information be found on?"), that asks about "the <generic noun>" ("the script"), that
    trails an "as" phrase ("What does Unix provide as signals?") or a superlative ("the
    most common scheme"), and for a phrase answer with one content word ("a daemon") or a
    comparison ("a bit more complex").
    """
    question = question.replace("\u2019", "'")  # "Let\u2019s" is "Let's"
    words = re.findall(r"[A-Za-z][\w'-]*", question)
    lowered = [w.lower() for w in words]
    # Capitalised: the sentence's opener left inside ("What does X let you do?" is fine).
    if any(w[:1].isupper() and w.lower() in _OPENERS for w in words[1:]) or "let's" in lowered:
        return False  # "What do Let's get?", "How many lines does Suppose your file have?"
    if _DISCOURSE & set(lowered) or "other hand" in question.lower():
        return False
    if any(w.endswith("ly") and w not in _NOT_ADVERBS and w.isalpha() for w in lowered[1:]):
        return False
    # Licences capitalise "You" as a defined term; any other capitalised function word
    # inside a question is a sentence opener or heading left in it.
    if any(w[:1].isupper() and w.lower() in STOPWORDS - _PERSONS for w in words[1:]):
        return False
    if _NOBODY & set(lowered):
        return False
    last = question.rstrip("?").split()[-1]
    if len(words) <= 3 and not re.search(r"[A-Z0-9./_-]", last):
        return False  # "What is dead?": too little said to ask ("What is NFS?" names a thing)
    after = _AFTER_AUX.match(question)
    if after and (after.group(1).lower() in _NOT_SUBJECT_START or after.group(1).endswith("ed")):
        return False
    if question.startswith(("What has ", "What have ")):
        return False  # "What has a Security Team?": a name asked by what it has
    if re.fullmatch(r"What (?:can|do|should|must) you \w+\?", question):
        return False  # "What can you use?": what for is not asked
    if _TWO_WH.search(question.lower()) or _SUPERLATIVES & set(lowered):
        return False  # "Under what which does ...?": a rule's seam; "the simplest method"
    if question.startswith("What will "):
        return False  # "What will install packages ...?": a person asks "What installs ...?"
    if re.fullmatch(r"What (?:was|were) \S+\?", question):
        return False  # "What was /usr/adm?": a past name, asked the wrong way round
    if _POINTING & set(lowered) or "let's" in lowered:
        return False  # "What does the first field indicate?", "What do other interfaces have?"
    if _JUDGING & set(lowered):
        return False  # "Which script is a good starting point?": for what is not said
    generic = _GENERIC_SUBJECT.match(question)
    if generic and generic.group(1).lower() in _GENERIC:
        return False
    if re.search(r" as \w+\?$", question) or "most" in lowered:
        return False
    if span.kind in _PHRASES and _BARE_KIND.fullmatch(span.text.strip().lower()):
        return False  # "What is the dpkg-buildpackage command?" -> "the official command"
    answer = {w.lower() for w in re.findall(r"[A-Za-z]+", span.text)}
    if answer & _COMPARING or (span.kind in _PHRASES and answer & (_JUDGING | _VAGUE_ANSWER)):
        return False
    return not (span.kind in _PHRASES and len(content_words(span.text)) < 2)


# Words that point outside the question: it cannot be asked of the passage alone.
_UNANCHORED = LEANING | {"we", "us", "our", "i", "me", "my", "author", "both", "following"}


def asks_freshly(question: str, sentence: str, answer: str) -> bool:
    """The question neither holds its answer nor copies a stretch of its sentence."""
    if answer.lower() in question.lower():
        return False
    # An acronym's expansion is a name ("Fully Automatic Installer"), whatever its words.
    if not stands_alone(answer) and not (question.endswith(" stand for?") and answer[:1].isalpha()):
        return False
    if {w.lower() for w in re.findall(r"[A-Za-z]+", question)} & _UNANCHORED:
        return False  # "What do we now have?": who "we" are is not in the question
    if re.search(r"\b(\w+) \1\b", question, re.IGNORECASE):
        return False  # "defined in in the header": a rule's seam showing
    # One rule for code-built and model-written questions (construct/asking.py).
    return not is_cloze(question, sentence, answer)


def same_answer(one: str, other: str) -> bool:
    """Two answers of one sentence name one fact: most words of the shorter are shared."""
    a, b = (content_words(t) or {t.lower()} for t in (one, other))
    return len(a & b) * 2 > min(len(a), len(b))
