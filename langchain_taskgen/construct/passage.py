"""What code can read off a passage: clean sentences, answer spans and salient terms.

A 135M model cannot be trusted to pick an answer, keep a label balanced or produce a
premise that exists; these helpers let code do those parts so the model only writes
what needs writing (paraphrases, summaries).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

_SPACE = re.compile(r"\s+")
# Split after . ! ? when the next sentence starts like one; abbreviations are kept whole.
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[\"'(]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|cf|Fig|No|Dr|Mr|Mrs|Ms|St)|\b[A-Z]"
    r"|\b(?:Chapter|Section|Table|Figure|Step|Part|Appendix|page)\s+[\d.]*\d)\.$"
)
# Text glued together by an HTML-to-text loader ("toolsTable", "Contents8") or a heading
# repeated into the sentence ("APT APT is ...") marks a fragment, not prose.
_GLUED = re.compile(r"[a-z][A-Z]|[A-Za-z]\d|\d[A-Za-z]")
_REPEATED = re.compile(r"\b(\w+) \1\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_TOKEN = re.compile(r"\S+")

STOPWORDS = frozenset(
    """a an the and or but if then else of to in on at by for with from as into onto over
    under about after before between through during without within is are was were be been
    being am do does did doing have has had having can could will would shall should may might
    must it its this that these those there here they them their he she him her his hers we us
    our you your i me my not no nor so than too very also just only such any all each every
    some more most other another both either neither which who whom whose what when where why
    how one ones use used using uses make makes made may way ways thing things something like
    well even much many lot lots first new used see per via""".split()
)

_NEGATION = re.compile(r"\b(not|no|never|cannot|can't|n't|none|nothing|without)\b", re.IGNORECASE)
_NUMBER = re.compile(
    r"(?<![(\w.])(?<!Chapter )(?<!Section )(?<!Table )(?<!Figure )(?<!page )"
    r"\d+(?:[.,]\d+)?(?:\s+(?:percent|%|(?:[a-z]+\s+)?[A-Za-z]{2,}s)\b)?"
    r"(?:\s+(?:a|per)\s+[a-z]+)?",
)
_TECH_TERM = re.compile(
    r"(?<![\w/.-])(?:/[\w.+-]+(?:/[\w.+-]+)*|[a-z][\w+]*(?:[-.][\w+]+)+)(?![\w/])"
)
# Openers that lean on a previous sentence or address the reader (imperatives).
_LEANING_OPENERS = frozenset({"this", "these", "it", "they", "see", "note", "refer", "please"})
# Capitalised words that name a part of a document, not a thing the text is about.
_GENERIC_NAMES = frozenset(
    "section chapter figure table note example appendix part step page tip warning".split()
)
# Legal texts capitalise these as defined terms ("that You distribute"): not a heading.
_DEFINED_TERMS = frozenset({"you", "your", "yours", "i", "my", "me", "this", "these"})
_DETERMINERS = frozenset("the a an this that these each every its their your any".split())
_VERBISH = frozenset(
    """gives give uses means makes provides contains includes allows needs requires says
    shows lets runs gets takes comes goes becomes helps works include allow need require""".split()
)
_NOT_TERMS = frozenset({"e.g", "i.e", "etc", "a.k.a", "vs"})
_PROPER = re.compile(r"\b[A-Z][a-zA-Z0-9+]*(?:\s+[A-Z][a-zA-Z0-9+]*){0,3}\b")


def clean(text: str) -> str:
    """Collapse whitespace (loaders keep hard line breaks inside sentences)."""
    return _SPACE.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Lower-cased alphabetic words of ``text``."""
    return [w.lower() for w in _WORD.findall(text)]


def content_words(text: str) -> set[str]:
    """Words of ``text`` that carry meaning (no stopwords, at least three letters)."""
    return {w for w in words(text) if len(w) >= 3 and w not in STOPWORDS}


def has_negation(text: str) -> bool:
    """Whether ``text`` contains a negation word."""
    return _NEGATION.search(text) is not None


def split_sentences(text: str) -> list[str]:
    r"""Split prose into sentences, keeping abbreviations such as "e.g." whole.

    Example:
        >>> split_sentences("Use apt, e.g. apt install vim. It works.\n\nSetup\nDone!")
        ['Use apt, e.g. apt install vim.', 'It works.', 'Setup Done!']
    """
    out: list[str] = []
    # Blank lines end a block (heading, list item, paragraph): never join across them.
    for block in re.split(r"\n\s*\n", text):
        start = len(out)
        for piece in _SPLIT.split(clean(block)):
            if len(out) > start and _ABBREVIATION.search(out[-1]):
                out[-1] = f"{out[-1]} {piece}"
            else:
                out.append(piece)
    return [p for p in out if p]


def is_good_sentence(sentence: str) -> bool:
    """Whether a sentence is a clean, self-standing statement worth building a task on.

    Headings, list fragments, commands, questions and sentences that lean on a
    previous one ("This ...", "It ...") are not.

    Example:
        >>> is_good_sentence("The kernel loads modules on demand when hardware appears.")
        True
        >>> is_good_sentence("Some common uses are:"), is_good_sentence("See below.")
        (False, False)
    """
    tokens = sentence.split()
    if not 7 <= len(tokens) <= 50 or not sentence.endswith("."):
        return False
    opener = sentence.lstrip("\"'(")
    if not opener[:1].isupper() or tokens[0].lower() in _LEANING_OPENERS:
        return False
    # A changelog line has no subject: "Fixed typo sent by Matt Kraai." ("Based on X, ..."
    # opens a phrase that a comma closes.)
    if tokens[0].lower().endswith("ed") and not any(t.endswith(",") for t in tokens[:6]):
        return False
    letters = sum(ch.isalpha() for ch in sentence)
    if letters < 0.7 * len(sentence.replace(" ", "")):
        return False
    if sentence.count("(") != sentence.count(")") or sentence.count('"') % 2:
        return False
    if any(_GLUED.search(t) for t in tokens if "/" not in t and "-" not in t):
        return False
    if _REPEATED.search(sentence):
        return False
    if any(mark in sentence for mark in ("#", "=", "{", "}", "<", ">", "$", "|")):
        return False  # configuration lines and shell commands, not prose
    # A heading or sidebar label glued in: "CULTURE Telnet ...", "... obsolete Based On".
    if any(t.isupper() and t.isalpha() and len(t) >= 6 for t in tokens):
        return False
    if any(
        t[:1].isupper()
        and t.lower() in STOPWORDS
        and t.lower() not in _DEFINED_TERMS
        and not prev.endswith((".", ":", '"'))
        for prev, t in itertools.pairwise(tokens)
    ):
        return False
    # Prose is about 40% function words; headings and lists of names are not.
    function = sum(t.lower().strip(",;()") in STOPWORDS for t in tokens)
    if function < 0.25 * len(tokens):
        return False
    return ":" not in sentence[:-1] and "?" not in sentence


@dataclass(frozen=True)
class Span:
    """An answer candidate: its text, where it starts in the sentence and its kind."""

    text: str
    start: int
    kind: str  # "number", "term", "name" or "phrase"

    @property
    def end(self) -> int:
        """Index just past the span."""
        return self.start + len(self.text)


def answer_spans(sentence: str) -> list[Span]:
    """Answer candidates a question can be asked about, best kinds first.

    Numbers (with their unit), technical terms (paths, dotted or dashed names), capitalised
    names not at the start of the sentence, and the noun phrase after "is/are" in a
    definition. Spans overlapping an earlier candidate are dropped.

    Example:
        >>> [s.text for s in answer_spans("Renewals are allowed 2 times by the Riverside Library.")]
        ['2 times', 'Riverside Library']
    """
    found: list[Span] = []
    for match in _NUMBER.finditer(sentence):
        found.append(Span(match.group(0).rstrip(".,"), match.start(), "number"))
    for match in _TECH_TERM.finditer(sentence):
        text = match.group(0).rstrip(".,")
        if len(text) >= 3 and not text.replace(".", "").isdigit() and text not in _NOT_TERMS:
            found.append(Span(text, match.start(), "term"))
    for match in _PROPER.finditer(sentence):
        if match.start() == 0:
            continue
        text = match.group(0)
        if text.lower() in STOPWORDS or text.lower() in _GENERIC_NAMES or len(text) < 3:
            continue
        found.append(Span(text, match.start(), "name"))
    copula = re.search(r"\b(?:is|are)\s+((?:a|an|the)\s+[^,;.()]{3,60})\.$", sentence)
    if copula and len(copula.group(1).split()) <= 8:
        found.append(Span(copula.group(1).strip(), copula.start(1), "phrase"))
    out: list[Span] = []
    for span in found:
        if any(span.start < o.end and o.start < span.end for o in out):
            continue
        out.append(span)
    return out


@dataclass
class Corpus:
    """The passages of one call, read once: sentences, answer spans and salient terms.

    Distractors (wrong options, swapped terms, neutral hypotheses) are drawn from the
    other passages of the same call.

    Example:
        >>> corpus = Corpus.build(["Apt installs packages. Apt fetches packages.",
        ...                        "The kernel loads modules. Kernel modules drive hardware."])
        >>> corpus.keywords(1)[:2]
        ['kernel', 'modules']
    """

    passages: list[str]
    sentences: list[list[str]] = field(default_factory=list)
    spans: list[list[tuple[str, Span]]] = field(default_factory=list)
    _df: Counter[str] = field(default_factory=Counter)
    _tf: list[Counter[str]] = field(default_factory=list)
    _bigrams: list[Counter[str]] = field(default_factory=list)
    _bigram_df: Counter[str] = field(default_factory=Counter)
    _nouns: list[set[str]] = field(default_factory=list)
    task_types: tuple[str, ...] = ()
    """The task types asked of this call (set by the plan): question types share facts."""
    asked: dict[tuple[str, int, str], tuple[str, int]] = field(default_factory=dict)
    """(sentence, span start, span) -> the question type and passage that asked it."""

    @classmethod
    def build(cls, passages: Sequence[str]) -> Corpus:
        """Read every passage once."""
        corpus = cls(list(passages))
        for text in corpus.passages:
            sentences = [s for s in split_sentences(text) if is_good_sentence(s)]
            corpus.sentences.append(sentences)
            corpus.spans.append([(s, span) for s in sentences for span in answer_spans(s)])
            tf = Counter(w for w in words(text) if len(w) >= 4 and w not in STOPWORDS)
            corpus._tf.append(tf)
            corpus._df.update(set(tf))
            bigrams: Counter[str] = Counter()
            nouns: set[str] = set()
            # Adjacent within a clause only: "files, dpkg" is a list, not a term.
            for clause in re.split(r"[.,;:()!?]\s", text):
                # Paths and dotted names are not topic words ("sources.list" is no "list").
                clause = _TECH_TERM.sub(" | ", clause)
                tokens = [t.lower() for t in re.findall(r"[A-Za-z][\w-]*|\|", clause)]
                for i, (a, b) in enumerate(itertools.pairwise(tokens)):
                    if (
                        all(len(w) >= 3 and w.isalpha() and w not in STOPWORDS for w in (a, b))
                        and a != b
                        and b not in _VERBISH
                        and not b.endswith("ly")
                    ):
                        bigrams[f"{a} {b}"] += 1
                        # After a determiner, two content words are a noun phrase ("the
                        # binary packages"), not a verb ("the field gives").
                        if i and tokens[i - 1] in _DETERMINERS:
                            nouns.add(f"{a} {b}")
                    if i and tokens[i - 1] in _DETERMINERS and a.isalpha():
                        nouns.add(a)
            corpus._bigrams.append(Counter({k: v for k, v in bigrams.items() if k in nouns}))
            corpus._nouns.append(nouns)
            corpus._bigram_df.update(set(bigrams))
        return corpus

    def keyphrases(self, index: int, limit: int = 3) -> list[str]:
        """The passage's most distinctive two-word terms ("package management"), used as topics.

        Two adjacent content words are mostly noun compounds in technical prose, which
        name a topic better than a single word (often a verb).
        """
        n = len(self.passages)
        counts = self._bigrams[index]
        scored = [
            (count * math.log((1 + n) / (1 + self._bigram_df[pair])), pair)
            for pair, count in counts.items()
            if count >= 2
        ]
        scored.sort(key=lambda item: (-item[0], item[1]))
        out: list[str] = []
        for _, pair in scored:
            if not any(set(pair.split()) & set(o.split()) for o in out):
                out.append(pair)
            if len(out) == limit:
                break
        if not out:  # short passages repeat words, not terms
            out = [
                w
                for w in self.keywords(index, 20)
                if self._tf[index][w] >= 2 and w in self._nouns[index]
            ][:limit]
        return out

    def keywords(self, index: int, limit: int = 5) -> list[str]:
        """The passage's most distinctive words (tf-idf over the call's passages)."""
        n = len(self.passages)
        tf = self._tf[index]
        scored = [
            (count * math.log((1 + n) / (1 + self._df[word])) + count * 1e-3, word)
            for word, count in tf.items()
            if count >= 1
        ]
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [word for _, word in scored[:limit]]

    def other_spans(self, index: int, kind: str) -> list[str]:
        """Answer spans of one kind from the other passages (distractor material)."""
        seen: dict[str, None] = {}
        for i, spans in enumerate(self.spans):
            if i == index:
                continue
            for _, span in spans:
                if span.kind == kind:
                    seen.setdefault(span.text, None)
        return list(seen)


_MOVED_TO_STATEMENTS = frozenset(
    {"AUXILIARIES", "is_plural_aux", "lower_first", "negate", "split_subject", "yes_no_question"}
)


def __getattr__(name: str) -> object:
    # Old imports of the statement helpers from here keep working for one release. Loaded
    # by name: construct.statements imports this module, so a static import would be a
    # cycle.
    if name in _MOVED_TO_STATEMENTS:
        from importlib import import_module

        from langchain_taskgen._deprecation import warn_moved

        warn_moved(f"{__name__}.{name}", f"langchain_taskgen.construct.statements.{name}")
        return getattr(import_module("langchain_taskgen.construct.statements"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
