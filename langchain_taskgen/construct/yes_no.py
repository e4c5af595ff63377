"""Yes/no questions of a passage, asked as a person asks them, with labels no cue gives.

A question is a statement of the passage turned round by subject-auxiliary inversion or
do-support ("APT checks each package" -> "Does APT check each package?"); a sentence the
rules cannot turn (an imperative, a discourse opener such as "Of course," or "On the one
hand,", a second clause, a pronoun that leans on another sentence) makes none, rather
than one wrapped in "Is it true that ...".

Both labels come out of the same machinery, each a changed statement: "no" is a
statement the passage makes false (a number or an opposite changed; a path, file or
package name, or a subject, swapped for one of the same kind from the passage; a negation
taken away), "yes" one it keeps true but worded differently (a word said another way, an
aside or a second clause left out; see :mod:`~langchain_taskgen.construct.yes_no_changes`).
So no "yes" is a verbatim passage sentence, no question carries "not", and the listed
synonyms occur under both labels. Each passage gives its questions in pairs, one "yes"
and one "no", of one form (do-support, "be", a modal) where the passage allows it.

Example:
    >>> import random
    >>> from langchain_taskgen.construct import Corpus
    >>> corpus = Corpus.build(["The backup server stores a copy of every home directory. "
    ...                        "The cleanup script removes old copies after 2 weeks. Each "
    ...                        "mailbox can hold 5 gigabytes of messages, and the quota can "
    ...                        "be raised on request."])
    >>> for question, _statement, label in yes_no_items(0, corpus, random.Random(0), 2):
    ...     print(question, label)
    Can every mailbox hold 10 gigabytes of messages? no
    Does the backup server keep a copy of every home directory? yes
"""

from __future__ import annotations

import itertools
import random
import re

from langchain_taskgen.construct.clauses import (
    _BASE_VERBS,
    ADVERBS,
    LEANING,
    MAX_WORDS,
    PAREN,
    PREPS,
    SUBORDINATE,
    find_verb,
    fronted,
    split_intro,
)
from langchain_taskgen.construct.hypotheses import rewrites_withheld
from langchain_taskgen.construct.passage import STOPWORDS, Corpus
from langchain_taskgen.construct.statements import is_negative
from langchain_taskgen.construct.yes_no_changes import (
    falsified,
    first_clause,
    is_name,
    reworded,
    synonym,
    trimmed,
)

# Openers that tie a sentence to another one: its claim is not asked on its own.
DISCOURSE_OPENER = re.compile(
    r"^(however|also|then|therefore|thus|hence|moreover|furthermore|finally|besides|"
    r"similarly|likewise|conversely|instead|otherwise|indeed|nevertheless|nonetheless|still|"
    r"so|and|but|or|yet|of course|in addition|in fact|in this case|in that case|in other "
    r"words|on the other hand|on the one hand|for (example|instance)|as a result|as such|"
    r"as (mentioned|seen|explained|described)|at (this|that) point|after that|first|second|"
    r"third|next|lastly|last|meanwhile|again|here|there|now|sometimes|obviously|clearly)\b"
    r"|^\w+ly,",
    re.IGNORECASE,
)
# First words of instructions: an imperative is no claim to ask about.
_IMPERATIVE = _BASE_VERBS | frozenset(
    """to see note please consider check type take try avoid remember ensure be do attach
    enter edit open close select choose click press copy move put go look refer keep let
    beware""".split()
)
# Inverted, these are not how a reader asks ("Shall the licensee ...?", "May you ...?").
_NOT_FRONTED = frozenset({"might", "cannot"})
# ... these are asked with the modal a reader uses ("You may copy" -> "Can you copy?").
_ASKED_AS = {"may": "can", "shall": "must"}
# Who "may" is a permission for: "You may copy ..." asks "Can you copy ...?".
_PERMITTED = frozenset(
    "you users anyone everyone licensee recipients the licensee each user".split()
) | {"each user", "the licensee", "the user", "any user"}
# Subjects that lean on another sentence ("Both tools", "Another possibility", "One is").
_SUBJECT_PRONOUNS = frozenset(
    "i we he she it they this these those both another one others other such same".split()
)
# Lexical verbs do-support may take ("checks" -> "Does ... check"): a word ending in -s
# that is none of these is read as a noun ("RPC services register ...").
_VERBS = _BASE_VERBS | frozenset(
    """accept access add affect allow appear apply ask assign avoid belong block boot
    bring carry change check choose collect combine come communicate compile complete
    consist control convert copy correspond cover deal decide delete deliver detect
    determine differ disable display do download edit enable encrypt enter exist expect
    explain export fail fetch fill fit force get go grow happen hold ignore implement
    imply import improve indicate inherit install integrate intend interact involve keep
    lack lead leave limit link log look maintain match matter monitor mount move name
    offer open operate own pass perform permit prefer prepare prevent print process
    produce protect prove publish put reach receive recommend record reduce refer refuse
    register reject release rely replace report represent request reserve resolve
    respond restart restore restrict return reveal rotate save scan schedule search
    seem select serve share sign specify split stay submit suggest supply take tell tend
    test track transfer translate trigger trust try update upgrade verify wait warn
    watch wish increase decrease""".split()
)
# Words that open a subject and are never names: lower-cased inside a question even where
# the call's passages do not write them in lower case ("Everyone's work", "Similar tasks").
_COMMON_OPENERS = STOPWORDS | frozenset(
    """everyone everybody everything someone somebody something anyone anybody anything
    nobody nothing several similar certain various few older newer recent typical common
    usual additional multiple different modern local remote""".split()
)
_DROPPED_ADVERBS = frozenset({"also", "thus", "then", "therefore", "hence"})
# Pointers at text the question does not show.
_POINTING = re.compile(
    r"\b(of|in|on|for|to|from|by|with|into|at|includes?|uses?|provides?|using|than)\s+"
    r"(that|those)\b",
    re.IGNORECASE,
)
_SECOND_CLAUSE = re.compile(
    r";|,\s+(but|so|while|whereas|and|or)\b|\b(but|whereas)\b",
    re.IGNORECASE,
)

Item = tuple[str, str, str]
"""(question, the statement it asks about, "yes" or "no")."""


def _written_lower(word: str, passage: str) -> bool:
    """Whether the passage writes the word in lower case as a word of its own.

    Not inside a package or file name ("task-xfce-desktop" says nothing of "Xfce").
    """
    pattern = rf"(?<![\w/.-]){re.escape(word.lower())}(?![\w/-]|\.\w)"
    return re.search(pattern, passage) is not None


def _common_first_word(subject: str, passage: str, context: str = "") -> bool:
    """Whether the subject's first word is a common word, capitalised only to open a sentence.

    Inside a question it is written in lower case ("Are packages kept ...?"); a name, an
    acronym, a program or code keeps its capital. The evidence, nearest first: the
    passage writes the word capitalised inside a sentence (a name) or in lower case (a
    common word); then the other passages of the call (``context``) likewise; then
    whether it is a function word. A word with no evidence keeps its capital: an unknown
    capitalised word ("Knoppix") is more likely a name.

    Example:
        >>> _common_first_word("Packages downloaded by APT", "Packages are kept.",
        ...                    "APT keeps the packages it downloads.")
        True
        >>> _common_first_word("Knoppix", "Knoppix boots from a DVD.")
        False
        >>> _common_first_word("Debian Bullseye", "Debian Bullseye is stable.")
        False
    """
    first, *others = subject.split()
    word = first.removesuffix("'s").removesuffix("’s")  # "Everyone's packaging work"
    if not (len(word) > 1 and word[0].isupper() and word[1:].isalpha() and word[1:].islower()):
        return False  # "APT", "GnuPG", "systemd-resolved", "X11": names and code as written
    if others and others[0][:1].isupper():
        return False  # "Debian Bullseye", "Sender Policy Framework"
    for text in (passage, context):
        if is_name(word, text):
            return False
        if _written_lower(word, text):
            return True
    return word.lower() in _COMMON_OPENERS


def ask_yes_no(statement: str, passage: str = "", context: str = "") -> str | None:
    """The yes/no question a person would ask of ``statement``, or ``None``.

    Subject-auxiliary inversion ("Can restores be started ...?") or do-support ("Does
    APT check ...?"); a short opener moves to the end ("... by default?"). Negative
    statements, imperatives, discourse openers, second clauses and leaning pronouns make
    no question. ``passage`` (and ``context``, the call's other passages) tell a
    capitalised first word that is a name from a common word that only opens the
    sentence, which the question writes in lower case.

    Example:
        >>> ask_yes_no("APT checks each package against the signed Release file.")
        'Does APT check each package against the signed Release file?'
        >>> ask_yes_no("By default, the web console is enabled for administrators.")
        'Is the web console enabled for administrators by default?'
        >>> ask_yes_no("Of course, the web console is enabled for administrators.") is None
        True
        >>> ask_yes_no("Take care of the files that are left in the cache.") is None
        True
        >>> ask_yes_no("Packages are kept in the cache.", context="Old packages go.")
        'Are packages kept in the cache?'
    """
    if is_negative(statement) or DISCOURSE_OPENER.match(statement):
        return None
    if _SECOND_CLAUSE.search(statement):
        return None
    tokens = PAREN.sub("", statement).rstrip().rstrip(".").split()
    if not 4 <= len(tokens) <= MAX_WORDS or tokens[0].lower() in _IMPERATIVE:
        return None
    if any(mark in t for t in tokens for mark in (";", ":", "—", "–", '"', "“", "”", "(", ")")):
        return None
    split = split_intro(tokens)
    if split is None:
        return None
    tokens, intro = split
    if set(intro.lower().split()) & (LEANING | _SUBJECT_PRONOUNS | {"that", "case", "cases"}):
        return None  # "In both cases, ...", "In this case, ...": about text not shown
    if not tokens or tokens[0].lower() in SUBORDINATE | _IMPERATIVE | _SUBJECT_PRONOUNS:
        return None
    found = find_verb(tokens)
    if found is None:
        return None
    verb, kind = found
    if tokens[verb].lower() in _NOT_FRONTED:
        return None
    parts = fronted(tokens, verb, kind, passage or statement)
    if parts is None:
        return None
    front, subject, verb_after = parts
    if front == "may" and subject.lower() not in _PERMITTED:
        return None  # "An attacker may want ...": a possibility, not a permission to ask
    front = _ASKED_AS.get(front, front)
    if _common_first_word(subject, passage or statement, context):
        subject = subject[:1].lower() + subject[1:]
    if kind == "s" and (verb_after not in _VERBS or (subject.islower() and " " not in subject)):
        return None  # "RPC services register", "asynchronous writes": nouns, no verbs
    if subject.split()[-1].lower() in PREPS | {"to"}:
        return None  # "The most important thing to do is ...": "do" read as the verb
    if subject.split()[0].lower() in ADVERBS | {"just", "even", "only", "both"}:
        return None  # "Just before installation the file offers ...": no plain subject
    rest = tokens[verb + 1 :]
    if not rest or rest[0].lower() in {"and", "or"}:
        return None  # "The process is and will remain ..."
    if verb_after == "have" and (
        rest[0].lower() in ADVERBS | {"had", "been", "since", "already", "never", "just"}
        or rest[0].endswith("ed")
    ):
        return None  # "Does Qt have since become ...?", "Does Plasma have had ...?"
    if kind == "s" and rest[0].lower() in _VERBS:
        return None  # "NFS writes increase ...": the noun "writes" is no verb
    # Adverbs that lean on the sentence before ("also", "thus") add nothing to a question.
    rest = [t for t in rest if t.lower() not in _DROPPED_ADVERBS]
    question = " ".join([front.capitalize(), subject, verb_after, *rest, intro]).strip()
    question = re.sub(r"\s+", " ", question).rstrip(",")
    words = [w.lower().strip(",") for w in question.split()]
    if LEANING.intersection(words) or "following" in words or {"which", "whose"} & set(words):
        return None
    if {"here", "one", "ones", "both"} & set(words) or len(intro.split()) == 1:
        return None  # "the last one", "After, ...": about text the question does not show
    if any(w == "that" and v in _VERBS for v, w in itertools.pairwise(words)):
        return None  # "disable that feature": a feature named elsewhere
    if "," in question or _POINTING.search(question):
        return None  # a comma left in the clause is a second clause or a list
    return question + "?"


def _candidates(
    index: int, corpus: Corpus, rng: random.Random
) -> dict[str, list[tuple[Item, str]]]:
    """Questions per label with their source sentence, one per sentence and label."""
    passage = corpus.passages[index]
    context = "\n".join(p for i, p in enumerate(corpus.passages) if i != index)
    cells: dict[str, list[tuple[Item, str]]] = {"yes": [], "no": []}
    sentences = list(corpus.sentences[index])
    rng.shuffle(sentences)
    for sentence in sentences:
        if DISCOURSE_OPENER.match(sentence):
            continue
        # Asides in parentheses go first, so a change is never made inside one (a question
        # leaves them out, and would then ask the unchanged statement).
        plain = re.sub(r"\s+", " ", PAREN.sub("", sentence)).replace(" .", ".").strip()
        plain = first_clause(trimmed(plain) or plain)
        if (true := reworded(plain, sentence, rng)) is not None:
            if (question := ask_yes_no(true, passage, context)) is not None:
                cells["yes"].append(((question, true, "yes"), sentence))
        if (false := falsified(plain, index, corpus, rng)) is not None:
            # Worded differently too, as every "yes" is: the listed synonyms and the dropped
            # asides then occur under both labels.
            false = synonym(false)
            if (question := ask_yes_no(false, passage, context)) is not None:
                cells["no"].append(((question, false, "no"), sentence))
    return cells


def _form(question: str) -> str:
    """A question's form: do-support, "be" or a modal ("Does", "Is", "Can" ...)."""
    first = question.split()[0].lower()
    return "do" if first in {"does", "do", "did"} else "be" if first in _BE else "modal"


_BE = frozenset({"is", "are", "was", "were"})


def yes_no_items(index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Item]:
    """Up to ``n`` yes/no questions about passage ``index``, one "yes" per "no".

    Each source sentence is used once; the yes and the no of a pair come from different
    sentences. A passage that cannot give a matched pair gives nothing (a lone "yes"
    would tilt the set). Nothing either where the call withholds code-built rewrites
    (the embedded default model, unless code rewrites were asked for: see
    :func:`~langchain_taskgen.construct.hypotheses.rewrites_withheld`): each question is
    a passage sentence with a word changed, and two strict readings judged none of 17
    such questions good.
    """
    if rewrites_withheld(corpus):
        return []
    cells = _candidates(index, corpus, rng)
    used: set[str] = set()
    items: list[Item] = []
    while len(items) < n:
        # Both questions of one form (do-support, "be", a modal) where the passage allows
        # it: the form of a question then says little of its label ...
        pairs = [
            (yes, no)
            for yes in cells["yes"]
            for no in cells["no"]
            if yes[1] != no[1] and not {yes[1], no[1]} & used
        ]
        if not pairs:
            break
        # ... and of about one length: longer sentences hold more listed synonyms, so
        # "yes" questions would otherwise run longer.
        pair = min(
            pairs,
            key=lambda p: (
                _form(p[0][0][0]) != _form(p[1][0][0]),
                abs(len(p[0][0][0]) - len(p[1][0][0])) // 10,
            ),
        )
        yes, no = pair
        used.update({yes[1], no[1]})
        drawn = [yes[0], no[0]]
        rng.shuffle(drawn)
        items.extend(drawn)
    return items[:n]
