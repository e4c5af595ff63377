"""Statements of a passage turned into others: negated, inverted, with a fact swapped.

Labels of code-built tasks follow from these transformations (a negated premise
contradicts it, a changed number makes a yes/no question false), so they are correct by
construction.
"""

from __future__ import annotations

import random
import re

from langchain_taskgen.construct.passage import Corpus, answer_spans, content_words, has_negation

AUXILIARIES = (
    "is",
    "are",
    "was",
    "were",
    "can",
    "cannot",
    "will",
    "must",
    "shall",
    "should",
    "may",
    "could",
    "would",
    "has",
    "have",
    "does",
    "do",
)
# Openers of a subordinate clause: "Since X were ..., Y" has no "<subject> <aux>" head.
_SUBORDINATORS = frozenset(
    "if when while although because since as once after before unless until though "
    "whether where".split()
)
_PLURAL_AUX = frozenset({"are", "were", "have", "do"})
_NEGATABLE = {
    "is": "is not",
    "are": "are not",
    "was": "was not",
    "were": "were not",
    "can": "cannot",
    "will": "will not",
    "must": "must not",
    "shall": "shall not",
    "should": "should not",
    "may": "may not",
    "could": "could not",
    "would": "would not",
    "has": "has not",
    "have": "have not",
    "does": "does not",
    "do": "do not",
}


def split_subject(sentence: str) -> tuple[str, str, str] | None:
    """Split "<subject> <aux> <rest>." into ``(subject, auxiliary, rest)``.

    The subject is at most eight words with no comma, so clauses like "If ..., X is"
    are left alone.

    Example:
        >>> split_subject("The library opens at noon.") is None
        True
        >>> split_subject("The library can lend ten items.")
        ('The library', 'can', 'lend ten items')
    """
    tokens = sentence.rstrip(".").split()
    for i, token in enumerate(tokens[:9]):
        if token.lower() in AUXILIARIES and i >= 1:
            subject = " ".join(tokens[:i])
            rest = " ".join(tokens[i + 1 :])
            if any(mark in subject for mark in ",;:") or i > 6 or len(tokens) - i - 1 < 2:
                return None
            if subject.split()[0].lower() in _SUBORDINATORS:
                return None
            return subject, token.lower(), rest
    return None


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word looks like a name or acronym."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and (first[1:].lower() != first[1:] or first.isupper()):
        return text
    return text[:1].lower() + text[1:]


_CONTRACTED = re.compile(r"n't\b|\b(nor|neither|nobody)\b", re.IGNORECASE)


def is_negative(sentence: str) -> bool:
    """Whether a sentence carries a negation, contracted ones ("couldn't") included."""
    return has_negation(sentence) or _CONTRACTED.search(sentence) is not None


def negate(sentence: str) -> str | None:
    """The sentence with its first auxiliary negated, or ``None`` when it has none or is negative.

    Example:
        >>> negate("The library can lend ten items.")
        'The library cannot lend ten items.'
    """
    if is_negative(sentence):
        return None
    parts = split_subject(sentence)
    if parts is None:
        return None
    subject, aux, rest = parts
    if "," in rest or ";" in rest:
        return None  # "X is not Y, and it will therefore Z" negates only half of a claim
    following = rest.split()[0].lower()
    # "has a modular design" -> "has not a ..." is not English; only auxiliary uses negate.
    if aux in {"do", "does"} or (
        aux in {"has", "have"} and not following.endswith(("ed", "en")) and following != "been"
    ):
        return None
    return f"{subject} {_NEGATABLE[aux]} {rest}."


def yes_no_question(sentence: str) -> str | None:
    """Invert "<subject> <aux> <rest>." into "<Aux> <subject> <rest>?".

    Example:
        >>> yes_no_question("The library can lend ten items.")
        'Can the library lend ten items?'
    """
    parts = split_subject(sentence)
    if parts is None or is_negative(sentence):
        return None
    subject, aux, rest = parts
    following = rest.split()[0].lower()
    # "Shall you ...?", "May you ...?" are not how a reader asks: those stay statements.
    if aux in {"cannot", "shall", "may"} or (
        # "Has the cluster 4 nodes?" is no longer English: only auxiliary "has" inverts.
        aux in {"has", "have"} and not following.endswith(("ed", "en")) and following != "been"
    ):
        return None
    return f"{aux.capitalize()} {lower_first(subject)} {rest}?"


def is_plural_aux(aux: str) -> bool:
    """Whether an auxiliary agrees with a plural subject."""
    return aux in _PLURAL_AUX


def swap_term(sentence: str, index: int, corpus: Corpus, rng: random.Random) -> str | None:
    """The sentence with one answer span replaced by a same-kind span of another passage."""
    spans = [s for s in answer_spans(sentence) if s.start > 0]
    rng.shuffle(spans)
    for span in spans:
        pool = [
            s
            for s in corpus.other_spans(index, span.kind)
            if s.lower() not in sentence.lower() and s.lower() != span.text.lower()
        ]
        if span.kind == "number":
            # Another number with the same unit reads naturally; keep the unit.
            unit = span.text.split()[1:]
            pool = [s for s in pool if s.split()[1:] == unit]
        if pool:
            return sentence[: span.start] + rng.choice(pool) + sentence[span.end :]
    return None


def swap_number(sentence: str, index: int, corpus: Corpus, rng: random.Random) -> str | None:
    """The sentence with one number changed (doubled, or plus one): false by the passage."""
    numbers = [s for s in answer_spans(sentence) if s.kind == "number" and s.start > 0]
    if not numbers:
        return None
    span = rng.choice(numbers)
    head, *unit = span.text.split()
    if not head.isdigit():
        return None
    value = int(head)
    other = value * 2 if value > 1 else value + 2
    text = " ".join([str(other), *unit])
    return sentence[: span.start] + text + sentence[span.end :]


# A paraphrase or clause cut from a contrast ("Unlike iptables, nftables has no default
# table") easily states the opposite; such sentences make no premise.
CONTRAST = re.compile(
    r"\b(unlike|except|instead of|rather than|whereas|in contrast|as opposed to|unless|only if)\b",
    re.IGNORECASE,
)


def premise_sentences(index: int, corpus: Corpus, rng: random.Random) -> list[str]:
    """The passage's good sentences in random order, without contrasts (premise material)."""
    sentences = [s for s in corpus.sentences[index] if not CONTRAST.search(s)]
    rng.shuffle(sentences)
    return sentences


def related_sentence(index: int, sentence: str, corpus: Corpus) -> str | None:
    """Another sentence of the passage sharing a content word with ``sentence``."""
    mine = content_words(sentence)
    for other in corpus.sentences[index]:
        if other != sentence and mine & content_words(other):
            return other
    return None


# -- falsehoods and near-copies made by more than negation ------------------------------

# Opposites that make a statement false when one replaces the other; when both occur in a
# sentence they are exchanged (the roles swap: "the client asks the server" -> "the server
# asks the client").
ANTONYMS: dict[str, str] = {
    "before": "after",
    "first": "last",
    "enabled": "disabled",
    "enable": "disable",
    "minimum": "maximum",
    "older": "newer",
    "earlier": "later",
    "larger": "smaller",
    "more": "less",
    "higher": "lower",
    "increase": "decrease",
    "automatically": "manually",
    "incoming": "outgoing",
    "public": "private",
    "allowed": "forbidden",
    "upstream": "downstream",
}
# Counterparts replaced only together (the roles swap); alone, "backup client" for
# "backup server" is no clean falsehood.
ROLES: dict[str, str] = {
    "client": "server",
    "sender": "recipient",
    "input": "output",
    "source": "destination",
    "parent": "child",
}
_OPPOSITE = {**ANTONYMS, **{b: a for a, b in ANTONYMS.items()}}
_ROLE = {**ROLES, **{b: a for a, b in ROLES.items()}}
# Opposites that are complementary ("not enabled" is "disabled"): a statement with one can
# be said with "not" and the other and stay true, an entailment that carries a negation.
COMPLEMENTARY = frozenset({"enabled", "disabled", "allowed", "forbidden", "public", "private"})
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
_IDIOM = re.compile(
    r"\b(sooner or later|more or less|first of all|at first|at last|first and foremost|"
    r"before and after|more and more|no more than|at the latest|later on)\b",
    re.IGNORECASE,
)


def _case_like(word: str, model: str) -> str:
    return word.capitalize() if model[:1].isupper() else word


def swap_antonym(sentence: str) -> str | None:
    """The sentence with a word replaced by its opposite, or two opposites exchanged.

    Example:
        >>> swap_antonym("The client sends a request to the server.")
        'The server sends a request to the client.'
        >>> swap_antonym("The service is enabled by default.")
        'The service is disabled by default.'
    """
    if _IDIOM.search(sentence):
        return None  # "sooner or later" -> "sooner or earlier" is no falsehood
    tokens = list(_WORD.finditer(sentence))
    present = {m.group().lower() for m in tokens}
    swap = {w: o for w, o in _ROLE.items() if w in present and o in present}
    if not swap:
        first = next((m.group().lower() for m in tokens if m.group().lower() in _OPPOSITE), "")
        if not first or _OPPOSITE[first] in present:
            return None
        swap = {first: _OPPOSITE[first]}
    out, last = [], 0
    for m in tokens:
        if m.group().lower() in swap:
            out += [sentence[last : m.start()], _case_like(swap[m.group().lower()], m.group())]
            last = m.end()
    return "".join([*out, sentence[last:]])


def negate_complement(sentence: str) -> str | None:
    """A true restatement that carries "not": "X is enabled" -> "X is not disabled".

    Example:
        >>> negate_complement("Root logins are forbidden on this server.")
        'Root logins are not allowed on this server.'
    """
    parts = split_subject(sentence)
    if parts is None or is_negative(sentence):
        return None
    subject, aux, rest = parts
    head, _, tail = rest.partition(" ")
    if aux not in {"is", "are", "was", "were"} or head.lower() not in COMPLEMENTARY:
        return None
    return f"{subject} {aux} not {_OPPOSITE[head.lower()]} {tail}".rstrip() + "."


_NEGATED_AUX = re.compile(
    r"\b(is|are|was|were|can|will|must|shall|should|may|could|would|has|have|does|do)"
    r"(?: not|n't)\b|\bcannot\b",
    re.IGNORECASE,
)


def affirm(sentence: str) -> str | None:
    """The sentence with its one negated auxiliary made positive: false by the passage.

    Only a sentence whose single negation is that auxiliary's ("X cannot Y", "X does not
    Y") is taken; "does"/"do" stay ("X does use Y"), fit for a question, not a statement.

    Example:
        >>> affirm("The installer cannot resize encrypted partitions.")
        'The installer can resize encrypted partitions.'
    """
    matches = list(_NEGATED_AUX.finditer(sentence))
    if len(matches) != 1 or is_negative(_NEGATED_AUX.sub("", sentence)):
        return None
    m = matches[0]
    aux = "can" if m.group().lower() == "cannot" else m.group(1)
    positive = sentence[: m.start()] + _case_like(aux.lower(), m.group()) + sentence[m.end() :]
    return positive if split_subject(positive) is not None else None


# A possibility made a duty: the near-copy says more than the premise, which neither gives
# nor denies it (a neutral hypothesis in the premise's own words). "usually" -> "always" and
# "some" -> "all" are left out: their implicature ("not always") reads as a contradiction.
_STRONGER = ((re.compile(r"\bcan\b(?! not)"), "must"),)


def strengthen(sentence: str) -> str | None:
    """The sentence with "can" made "must": a claim its source neither gives nor denies.

    Example:
        >>> strengthen("The administrator can change the port in the configuration file.")
        'The administrator must change the port in the configuration file.'
    """
    if is_negative(sentence):
        return None
    for pattern, stronger in _STRONGER:
        m = pattern.search(sentence)
        if m and m.start() > 0:
            return sentence[: m.start()] + stronger + sentence[m.end() :]
    return None


# A licence's or standard's definition: '"Licensor" shall mean ...', '"Contribution" means ...'.
_DEFINITION = re.compile(
    r'^"([^"]{2,40})"(\s*\([^)]*\))?(?:\s+form)?\s+(?:shall\s+mean|means|shall\s+include|includes)\b'
)


def swap_defined_term(sentence: str, corpus: Corpus, rng: random.Random) -> str | None:
    """A definition given to another term the call defines: false by the text.

    Example:
        >>> from langchain_taskgen.construct import Corpus
        >>> corpus = Corpus.build(['"Licensor" shall mean the copyright owner granting the '
        ...                        'License. "Contributor" shall mean Licensor and any other '
        ...                        'entity that submits a contribution.'])
        >>> swap_defined_term(corpus.sentences[0][0], corpus, random.Random(0))
        '"Contributor" shall mean the copyright owner granting the License.'
    """
    m = _DEFINITION.match(sentence)
    if m is None:
        return None
    mine = m.group(1)
    pool = sorted(
        {
            d.group(1)
            for group in corpus.sentences
            for other in group
            if (d := _DEFINITION.match(other)) is not None
            and d.group(1).lower() != mine.lower()
            and d.group(1).lower() not in sentence.lower()
        }
    )
    if not pool:
        return None
    # The term's own alias ('"You" (or "Your")') goes with it.
    end = m.end(2) if m.group(2) else m.end(1)
    return sentence[: m.start(1)] + rng.choice(pool) + '"' + sentence[end:].lstrip('"')


def falsify(sentence: str, index: int, corpus: Corpus, rng: random.Random) -> str | None:
    """A statement the passage makes false by a change other than adding "not".

    A number changed, opposites swapped, a definition given to another defined term, or a
    term from another passage put in; for a negative sentence, the negation taken away.
    """
    if is_negative(sentence):
        return affirm(sentence)
    makers = [
        lambda: swap_number(sentence, index, corpus, rng),
        lambda: swap_antonym(sentence),
        lambda: swap_defined_term(sentence, corpus, rng),
        lambda: swap_term(sentence, index, corpus, rng),
    ]
    for make in makers:
        if (out := make()) is not None and out != sentence:
            return out
    return None
