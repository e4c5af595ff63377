"""Question/answer pairs a strict reader calls vague, empty or garbled, found by code.

Three readings of code-built questions on manuals (exqa, qa, mcqa; see
``../shared/JUDGING.md``) kept rejecting the same shapes, which the rules of
:mod:`~langchain_taskgen.construct.question_filters` let through:

- an acronym asked for its expansion ("What does IANA stand for?"): the expansion sits
  beside the acronym, and many readers know it without reading;
- the document's own subject with a generic verb ("What does SQLite use?", "What does Git
  provide?"): the passage says many things it uses, so the question asks nothing;
- an answer whose head names no thing ("a number of targets", "the same speed", "two
  operations", "the current default behavior"): it does not answer;
- a capitalised sentence opener kept inside the question ("What can Two trees be
  compared with?", "Where should Manual pages for games be installed?").

Such a pair is dropped, not repaired: fewer, good pairs beat more, unnatural ones.

Example:
    >>> from langchain_taskgen.construct.passage import Span
    >>> says_something("What does it offer?", Span("a number of targets", 0, "phrase"))
    False
    >>> says_something("What is an evil merge?", Span("a merge that adds changes", 0, "phrase"))
    True
"""

from __future__ import annotations

import re

from langchain_taskgen.construct.passage import STOPWORDS, Span

__all__ = [
    "answers_with_the_subject",
    "asks_the_subject_vaguely",
    "keeps_an_opener",
    "reads_whole",
    "says_something",
]

# Heads that name no thing: a count, a manner, a property, a part of something unsaid.
_EMPTY_HEADS = frozenset(
    """number numbers lot lots set sets series way ways thing things case cases kind kinds
    sort sorts type types part parts behavior behaviour speed operation operations
    weakness weaknesses proof condition idea ideas step steps level levels detail details
    amount amounts variety range couple bunch piece pieces project projects matter
    matters""".split()
)
# Words that make an answer lean on something unsaid: "the same format" as what?
_RELATIVE_WORDS = frozenset("same different current similar respective such".split())
# A kind of thing with at most one modifier: "a wrapper script", "an official tool".
_KIND_ONLY = re.compile(
    r"(?:a|an|the) (?:[\w-]+ )?(?:command|script|tool|program|utility|file|package|way"
    r"|method|option|one|thing)"
)
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten twelve several many few".split()
)
# Verbs that, after the document's own subject, leave the question without content.
_GENERIC_VERBS = frozenset(
    """do use uses provide provides support supports offer offers have has allow allows
    include includes contain contains need needs make makes let lets require requires
    describe describes give gives handle handles""".split()
)
_PHRASE_KINDS = frozenset({"phrase", "predicate", "subject", "adjunct", "noun"})


def _head(answer: str) -> str:
    """The head noun of a noun phrase: the word before "of", else the last word."""
    words = [w.lower().strip("\"'().,") for w in answer.split()]
    if "of" in words[1:]:
        return words[words.index("of", 1) - 1]
    return words[-1] if words else ""


def says_something(question: str, span: Span) -> bool:
    """Whether the answer names a thing rather than a count, a manner or a relation.

    False for an acronym question ("What does ABI stand for?"); for a phrase answer whose
    head names no thing ("a number of targets", "a series of data blocks", "the possible
    cases in detail"), that is a bare count ("two operations", "three steps"), or that
    holds a word relating it to something unsaid ("the same format", "the current default
    behavior").

    Example:
        >>> says_something("What does ABI stand for?", Span("Application Binary Interface", 0,
        ...                "expansion"))
        False
        >>> says_something("What does the pull command perform?", Span("two operations", 0,
        ...                "predicate"))
        False
    """
    if question.rstrip().endswith(" stand for?") or span.kind == "expansion":
        return False
    if span.kind not in _PHRASE_KINDS:
        return True
    words = [w.lower().strip("\"'().,") for w in span.text.split()]
    if not words:
        return False
    if _head(span.text) in _EMPTY_HEADS or words[-1] in _EMPTY_HEADS:
        return False
    if _RELATIVE_WORDS & set(words):
        return False
    if _KIND_ONLY.fullmatch(span.text.strip().lower()):
        return False  # "What is the sbuild command?" -> "a wrapper script": of what?
    counted = words[0] in _NUMBER_WORDS or words[1:2] in (["few"], ["couple"])
    if counted and not question.lower().startswith("how many"):  # "a few questions"
        return False
    return not (words[-1] == "detail" or words[-2:] == ["in", "detail"])


def _subject(question: str) -> tuple[str, str] | None:
    """The bare subject and verb of "What does X <verb>?" with nothing after the verb."""
    match = re.fullmatch(r"What (?:does|do|can|is|are) (.+?) (\w+)\?", question)
    if not match:
        return None
    return match.group(1), match.group(2).lower()


def asks_the_subject_vaguely(question: str, passage: str) -> bool:
    """Whether the question asks what the passage's recurring subject does, generically.

    "What does SQLite use?" in a page about SQLite: the passage names many things it
    uses, so one copied object is an arbitrary pick. A subject is the passage's own when
    it is a bare name (no article) found three times or more in the passage. "What does
    git add do?" and "What does the quilt command offer?" are specific and stay.

    Example:
        >>> p = "Git stores snapshots. Git provides low-level tools. Git is fast."
        >>> asks_the_subject_vaguely("What does Git provide?", p)
        True
        >>> asks_the_subject_vaguely("What does the fakeroot package do?", p)
        False
    """
    found = _subject(question)
    if found is None:
        return False
    subject, verb = found
    if verb not in _GENERIC_VERBS or " " in subject.strip():
        return False
    if subject.lower() in STOPWORDS or not subject[:1].isalnum():
        return False
    mentions = len(re.findall(rf"(?<![\w-]){re.escape(subject)}(?![\w-])", passage))
    return mentions >= 3


def keeps_an_opener(question: str, sentence: str, passage: str) -> bool:
    """Whether the question keeps its sentence's capitalised first word inside it.

    "Two trees can be compared with git-diff-tree." -> "What can Two trees be compared
    with?": the capital belongs to the sentence's start, not to a name. A word the
    passage also writes capitalised inside a sentence ("Debian", "Git") is a name.

    Example:
        >>> s = "Two trees can be compared with git-diff-tree."
        >>> keeps_an_opener("What can Two trees be compared with?", s, s)
        True
        >>> s = "Debian provides packages."
        >>> keeps_an_opener("What does Debian provide?", s, "We use Debian. " + s)
        False
    """
    words = sentence.split()
    first = words[0] if words else ""
    if not (first[:1].isupper() and first[1:].islower() and first.isalpha()):
        return False
    if first not in question.split()[1:]:
        return False
    if len(words) > 1 and words[1][:1].isupper():
        return False  # "Mozilla Foundation is ...": a name of two capitalised words
    for match in re.finditer(rf"\b{re.escape(first)}\b", passage):
        before = passage[: match.start()].rstrip()
        if before and before[-1] not in ".!?:":
            return False  # capitalised inside a sentence too (hard-wrapped lines count)
    return True


_AUXILIARIES = frozenset(
    "is are was were do does did can could may might must should will would has have".split()
) | {""}
# An answer ending on one of these was cut before its complement ("dedicated to what?").
_CUT_ENDS = frozenset(
    """dedicated ready known able used needed required available responsible necessary
    designed intended""".split()
)
_QUANTIFIER_SUBJECT = re.compile(
    r"^\w+ (?:does|do|did|can|is|are) (?:many|some|most|all|few|several)\b"
)
_ASKED_PHRASE = re.compile(r"^What (?:is|are) (?:a|an|the) (.+)\?$")
_LIST_INSIDE = re.compile(r"\b(?:comprising|including|such as|like|containing|consisting of)\b")


def reads_whole(question: str, span: Span, flat: str) -> bool:
    """Whether question and answer are whole: no cut list, no pointing or garbled seam.

    False for an answer cut inside a list ("the GNU build system comprising Autoconf"
    where the passage goes on ", Automake ..."), a question on a quantified subject ("What
    does many submitter ...?"), one that points at another statement ("Which command does
    the opposite?") or compares ("a more comprehensive documentation"), one that ends on
    a stranded "of" ("Which script does older version of?"), and "What is a vast
    project?" where the phrase asked about has an empty head.

    Example:
        >>> flat = "Autotools is the GNU build system comprising Autoconf, Automake and Libtool."
        >>> reads_whole("What is Autotools?", Span("the GNU build system comprising Autoconf",
        ...             14, "phrase"), flat)
        False
    """
    lowered = question.lower()
    if _QUANTIFIER_SUBJECT.match(question) or re.search(r"\b(?:opposite|more|less)\b", lowered):
        return False
    if re.search(r"\b(?:some|like)\b", lowered):
        return False  # "When must some extra care be taken?", "... like many daemons?"
    if lowered.endswith((" of?", " have?", " has?")) or lowered.startswith("which number"):
        return False  # "What does Release team have?", "Which number is the object ...?"
    if re.search(r", (?:you|it|they|we|this)\b", span.text):
        return False  # "allows access from localhost, you just need ...": two clauses
    asked_noun = re.match(r"^(?:\w+ )?(?:what|which) (\w+)", lowered)
    noun = asked_noun.group(1) if asked_noun else ""
    if noun not in _AUXILIARIES and re.search(rf"\b{noun}\b", span.text.lower()):
        return False  # "Under what version ...?" -> "the version control system": misread
    if span.text.split()[-1].lower() in _CUT_ENDS or re.search(r"\ballows? to\b", lowered):
        return False  # "connections dedicated", "a patch ready": cut before the complement
    if re.search(r"\b(?:acronym|abbreviation|stands for)\b", span.text.lower()):
        return False  # "What is ISP?" -> "the acronym for Internet Service Provider"
    if re.search(r"\band \w+ed$", span.text):
        return False  # "the binary distribution and installed": a clause cut in two
    asked = _ASKED_PHRASE.match(question)
    if asked and _head(asked.group(1)) in _EMPTY_HEADS:
        return False
    if _LIST_INSIDE.search(span.text) and re.search(re.escape(span.text) + r",\s", flat):
        return False
    return True


def answers_with_the_subject(question: str, span: Span, passage: str) -> bool:
    """Whether the answer is the passage's recurring bare name ("Git" in Git's manual).

    Such an answer ("What should you introduce yourself to?" -> "Git") is guessed
    without reading. "What is Git?" asks about the name, not for it, and stays.

    Example:
        >>> p = "Git stores snapshots. Introduce yourself to Git. Git is fast."
        >>> answers_with_the_subject("Who should you introduce yourself to?", Span("Git", 0,
        ...                          "name"), p)
        True
    """
    text = span.text.strip()
    if " " in text or not text[:1].isupper() or span.kind == "number":
        return False  # "Which file contains ...?" -> "pkg-list" names a file, not the topic
    return len(re.findall(rf"(?<![\w-]){re.escape(text)}(?![\w-])", passage)) >= 3
