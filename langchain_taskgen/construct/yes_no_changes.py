"""Statements a passage keeps true or makes false, each changed in one place.

The yes/no questions of :mod:`~langchain_taskgen.construct.yes_no` ask about these: a
"yes" is a statement worded unlike the passage (a word said another way, an aside or a
second clause left out), a "no" one the passage makes false (a number, an opposite, a
term or a subject of the same kind swapped, a negation taken away). The replacements
come from the passage itself where they can, so finding every word of a question in the
passage does not mark it true.

Example:
    >>> synonym("The cache is stored in /var/cache/apt.")
    'The cache is kept in /var/cache/apt.'
    >>> first_clause("Xfce is a lightweight desktop, but it lacks some features.")
    'Xfce is a lightweight desktop.'
"""

from __future__ import annotations

import random
import re

from langchain_taskgen.construct.clauses import HEAD_NOUNS, SUBORDINATE, find_verb
from langchain_taskgen.construct.passage import Corpus, answer_spans, content_words
from langchain_taskgen.construct.senses import with_synonym
from langchain_taskgen.construct.statements import (
    affirm,
    is_negative,
    swap_antonym,
    swap_number,
)

# A trailing aside a question may leave out without changing what it asks.
_ASIDE = re.compile(r",\s+(which|such as|e\.g\.|for example|for instance|like)\b.*$")


def is_name(word: str, passage: str) -> bool:
    """Whether a capitalised word is written so inside a sentence too ("Debian", "Xfce")."""
    return any(
        m.start() > 1 and passage[m.start() - 2] not in ".!?\n"
        for m in re.finditer(rf"\b{re.escape(word)}\b", passage)
    )


def _same_kind_swap(statement: str, index: int, corpus: Corpus, rng: random.Random) -> str | None:
    """A number, name or term replaced by one of its kind that the passage uses elsewhere.

    The new term occurs in the passage, so finding each word in the passage does not
    mark a "no"; a replacement the passage says something like the statement about (it
    shares a sentence with two of the statement's other content words) is not taken, as
    the changed statement could be true.
    """
    # Names are left alone: "the Debian project" -> "the HTTP project" is nonsense, not a
    # claim the passage denies.
    # Nor versions and addresses ("2.4", "192.168.0.1"): a changed one reads as nonsense.
    spans = [
        s
        for s in answer_spans(statement)
        if s.start > 0 and s.kind in {"number", "term"} and not re.match(r"\d+\.\d", s.text)
    ]
    rng.shuffle(spans)
    others = [s for s in corpus.sentences[index] if s != statement]
    for span in spans:
        unit = span.text.split()[1:] if span.kind == "number" else []
        pool = sorted(
            {
                other.text
                for _, other in corpus.spans[index]
                if other.kind == span.kind
                and not re.search(rf"(?<![\w.]){re.escape(other.text.split()[0])}", statement)
                and (span.kind != "number" or other.text.split()[1:] == unit)
            }
        )
        rng.shuffle(pool)
        kept = content_words(statement) - content_words(span.text)
        if span.kind == "term" and not _names_a_thing(span.text, corpus.passages[index]):
            continue  # "fine-grained" is an adjective, no program to swap for another
        for text in pool:
            if span.kind == "term" and (
                _shape(text) != _shape(span.text)
                or not _names_a_thing(text, corpus.passages[index])
            ):
                continue  # a path for a path, a package name for a package name
            if any(text in s and len(kept & content_words(s)) >= 2 for s in others):
                continue
            return statement[: span.start] + text + statement[span.end :]
    return None


# "one or more" -> "one or less", "more than" -> "less than" ... read as nonsense.
_SET_PHRASE = re.compile(r"\bor (more|less|later|earlier)\b|\b(more|less) than\b", re.I)


_SUBCLAUSE = re.compile(r"\b(when|if|because|that|which|who|where|while|unless|until|since|as)\b")
# Opposites whose swap reads as a plain false claim; "more"/"less" and "minimum"/"maximum"
# mostly sit in set phrases ("bare minimum", "less popular") and make nonsense.
_CLEAN_OPPOSITES = frozenset(
    """before after first last enabled disabled enable disable older newer earlier later
    larger smaller higher lower increase decrease automatically manually incoming outgoing
    public private allowed forbidden upstream downstream client server sender recipient
    input output source destination parent child""".split()
)


def _opposite(statement: str) -> str | None:
    """The statement with an opposite swapped in, where the pair is a clean one."""
    if _SET_PHRASE.search(statement):
        return None
    changed = swap_antonym(statement)
    if changed is None:
        return None
    swapped = {w.lower() for w in statement.split()} ^ {w.lower() for w in changed.split()}
    words = {w.strip(".,") for w in swapped}
    return agreeing(statement, changed) if words and words <= _CLEAN_OPPOSITES else None


def _other_number(statement: str, index: int, corpus: Corpus, rng: random.Random) -> str | None:
    """The statement with a number changed to one it does not already hold."""
    changed = swap_number(statement, index, corpus, rng)
    if changed is None:
        return None
    if re.search(r"\d\.\d", statement):
        return None  # a version or an address changed reads as nonsense
    new = [w for w in re.findall(r"\d+", changed) if w not in re.findall(r"\d+", statement)]
    return changed if new and all(changed.count(w) == 1 for w in new) else None


def _names_a_thing(term: str, passage: str) -> bool:
    """Whether a term names a file, program or package, not a dashed adjective."""
    if term.startswith("/") or "." in term or any(ch.isdigit() for ch in term):
        return True
    nouns = "|".join(sorted(HEAD_NOUNS | {"packages", "commands", "files", "programs"}))
    return re.search(rf"(?<![\w-]){re.escape(term)}\s+({nouns})\b", passage) is not None


_MODALS = frozenset("can could will would must should".split())
_GENERIC_SUBJECTS = frozenset("you users one we administrators people it this there".split())


def _subject_of(sentence: str) -> tuple[str, str, str] | None:
    """``(subject, verb, kind)`` of a plain sentence whose subject is a short noun phrase."""
    tokens = sentence.rstrip(".").split()
    found = find_verb(tokens)
    if found is None:
        return None
    verb, kind = found
    subject = tokens[:verb]
    if not 1 <= len(subject) <= 4 or subject[0].lower() in SUBORDINATE | _GENERIC_SUBJECTS:
        return None
    if tokens[verb + 1 : verb + 2] == ["to"] or tokens[verb + 1 : verb + 2] == ["that"]:
        return None  # "The next step is to ...": a role, not a thing's property
    if any(not w.replace("-", "").replace(".", "").isalnum() for w in subject):
        return None
    return " ".join(subject), tokens[verb].lower(), kind


def _same_kind_subject(mine: str, theirs: str) -> bool:
    """Whether two subjects are of one kind (others make category errors).

    One head noun and determiner ("the lsmod command", "the modprobe command"); "Does the
    installer consist in ...?" said of a step is nonsense.
    """
    a, b = mine.split(), theirs.split()
    lower_a, lower_b = {w.lower() for w in a}, {w.lower() for w in b}
    if lower_a <= lower_b or lower_b <= lower_a:
        return False  # "the cache" and "the package cache" are one thing
    # Two bare names ("Plasma is mature" -> "Xfce is mature") are left alone: the passage
    # saying it of one says nothing against the other.
    return (
        len(a) >= 2
        and len(b) >= 2
        and a[-1].lower() == b[-1].lower()
        and (a[0].lower() == b[0].lower())
    )


def _other_subject(statement: str, index: int, corpus: Corpus, rng: random.Random) -> str | None:
    """The statement said of another subject of the passage (roles swapped): false by it.

    The new subject agrees with the verb (the same verb form, or a modal) and the passage
    says nothing like the statement of it (no sentence holds it with two of the
    statement's other content words).

    Example:
        >>> from langchain_taskgen.construct import Corpus
        >>> corpus = Corpus.build(["The modprobe command loads a module by hand. "
        ...                        "The lsmod command lists the loaded modules."])
        >>> _other_subject(corpus.sentences[0][1], 0, corpus, random.Random(0))
        'The modprobe command lists the loaded modules.'
    """
    mine = _subject_of(statement)
    if mine is None:
        return None
    subject, verb, kind = mine
    rest = content_words(statement[len(subject) :])
    pool = []
    for other in corpus.sentences[index]:
        theirs = _subject_of(other) if other != statement else None
        if theirs is None or theirs[0].lower() == subject.lower():
            continue
        agrees = theirs[1] == verb or (verb in _MODALS) or (kind == theirs[2] == "s")
        if not _same_kind_subject(subject, theirs[0]):
            continue
        said = any(
            theirs[0] in s and len(rest & content_words(s)) >= 2 for s in corpus.sentences[index]
        )
        if agrees and not said and not content_words(theirs[0]) <= content_words(subject):
            pool.append(theirs[0])
    if not pool:
        return None
    new = rng.choice(sorted(set(pool)))
    return new[:1].upper() + new[1:] + statement[len(subject) :]


def _shape(term: str) -> tuple[bool, bool, bool]:
    return term.startswith("/"), "." in term, "-" in term


def falsified(statement: str, index: int, corpus: Corpus, rng: random.Random) -> str | None:
    """A statement the passage makes false, changed in one place (never by adding "not").

    Example:
        >>> from langchain_taskgen.construct import Corpus
        >>> corpus = Corpus.build(["The installer cannot resize encrypted partitions on a disk."])
        >>> falsified(corpus.sentences[0][0], 0, corpus, random.Random(0))
        'The installer can resize encrypted partitions on a disk.'
    """
    if is_negative(statement):
        negation = re.search(r"\b(not|cannot)\b|n't\b", statement)
        if negation is None or _SUBCLAUSE.search(statement[: negation.start()]):
            return None  # a negation inside a subordinate clause is not the claim's
        return affirm(statement)
    makers = [
        lambda: _same_kind_swap(statement, index, corpus, rng),
        lambda: _other_subject(statement, index, corpus, rng),
        lambda: _opposite(statement),
        lambda: _other_number(statement, index, corpus, rng),
    ]
    for make in makers:
        if (out := make()) is not None and out != statement:
            return out
    return None


# More words a question may say another way and stay true (the shared list in
# construct.senses first): phrases a manual uses in the one sense given here.
_MORE_SYNONYMS: dict[str, str] = {
    "each": "every",
    "every": "each",
    "by hand": "manually",
    "approximately": "about",
    "located": "situated",
    "changed": "modified",
    "started": "launched",
    "allowed": "permitted",
    "permitted": "allowed",
    "disabled": "switched off",
    "enabled": "switched on",
    "program": "application",
    "programs": "applications",
    "before": "prior to",
    "big": "large",
    "fast": "quick",
    "detects": "finds",
    "needs": "requires",
    "need": "require",
    "holds": "contains",
    "kept": "stored",
    "keeps": "stores",
    "deleted": "removed",
    "deletes": "removes",
    "lists": "enumerates",
    "typical": "usual",
    "ordinary": "regular",
    "several": "multiple",
    "many": "numerous",
    "used": "employed",
}
_MORE_WORD = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _MORE_SYNONYMS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
# Synonyms that break the sentence's grammar ("lets you to", "can be got").
_NO_SYNONYM = re.compile(
    r"\b(allows?|obtained|received|executed|wants?|each other|many of|several of)\b", re.I
)


def synonym(statement: str) -> str:
    """The statement with a listed word said another way, its article made to agree.

    Example:
        >>> synonym("Each plugin is a simple program.")
        'Each plugin is an easy program.'
    """
    if _NO_SYNONYM.search(statement):
        return statement
    worded = with_synonym(statement)
    if worded == statement:
        worded = _MORE_WORD.sub(
            lambda m: _case_like(_MORE_SYNONYMS[m.group().lower()], m.group()), statement, count=1
        )
    return agreeing(statement, worded)


def _case_like(word: str, model: str) -> str:
    return word[:1].upper() + word[1:] if model[:1].isupper() else word


def agreeing(before: str, after: str) -> str:
    """``after`` (``before`` with a word changed) with "a"/"an" made to fit the new word.

    Example:
        >>> agreeing("It is an older tool.", "It is an newer tool.")
        'It is a newer tool.'
    """
    old, new = before.split(), after.split()
    at = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), None)
    if at and new[at - 1].lower() in {"a", "an"}:
        article = "an" if new[at][:1].lower() in "aeio" else "a"
        new[at - 1] = article.capitalize() if new[at - 1][:1].isupper() else article
    return " ".join(new)


def trimmed(statement: str) -> str | None:
    """The statement without its trailing aside (", which ...", ", such as ...")."""
    cut = _ASIDE.sub("", statement.rstrip(".")).rstrip(",")
    return cut + "." if cut != statement.rstrip(".") and len(cut.split()) >= 5 else None


# Where a sentence's first clause ends and says all it claims: "A, and B", "A; B", "A, but
# B" all give A (not "A, or B", nor "A, but only if B", which restrict it).
_CLAUSE_END = re.compile(
    r";\s+|,\s+(?:and|but|so|while|whereas)\s+(?!only\b|not\b|if\b|unless\b|except\b)"
)


# Words that open a clause of its own after ", and" (a new subject).
_CLAUSE_OPENERS = frozenset(
    "the a an it they this these those you we each every there some many most all its".split()
)


def first_clause(statement: str) -> str:
    """The statement's first main clause where a second one follows it, else itself.

    Example:
        >>> first_clause("Xfce is a lightweight desktop, but it lacks some features.")
        'Xfce is a lightweight desktop.'
    """
    m = _CLAUSE_END.search(statement)
    if m is None or re.search(r",\s+or\s", statement[: m.start()]):
        return statement
    following = statement[m.end() :].split()[:1] or [""]
    if ", and" in m.group() and not (
        following[0][:1].isupper() or following[0].lower() in _CLAUSE_OPENERS
    ):
        return statement  # "offer, and charge a fee for, support": one clause, two verbs
    head = statement[: m.start()].rstrip(",")
    return head + "." if len(head.split()) >= 5 else statement


def reworded(plain: str, sentence: str, rng: random.Random) -> str | None:
    """A true statement worded unlike ``sentence``: a word said another way, an aside gone.

    ``plain`` is the sentence without its asides; ``None`` when nothing differs from the
    passage's own words.
    """
    del rng
    worded = synonym(plain)
    return worded if worded != plain or plain != sentence else None
