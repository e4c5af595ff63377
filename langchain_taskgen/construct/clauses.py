"""Reading a sentence's main clause without a parser: subject, finite verb, opener.

Word lists and small rules good enough for the plain declarative sentences of manuals;
each function answers ``None`` where it is unsure, and the caller then makes no question.
"""

from __future__ import annotations

import re

from langchain_taskgen.construct.passage import Span
from langchain_taskgen.construct.statements import lower_first

MAX_WORDS = 25
"""Longer sentences make questions nobody would ask: they are left alone."""

HOLE = "\x00"
AUX = frozenset(
    "is are was were can will must shall should may might could would has have had".split()
)
DO = {"does": "does", "do": "do", "did": "did"}
PREPS = frozenset(
    """in on at by for with from to of into onto under over via about than like as after
    before within without through behind between during across""".split()
)
# A preposition left at the end reads naturally after these ("What does apt rely on?").
STRANDABLE = frozenset("on to from with by for of about via into".split())
WHERE = frozenset({"in", "into", "under", "at"})
DETERMINERS = frozenset(
    "the a an this that these those each every its their your any some all".split()
)
ADVERBS = frozenset(
    "also only often usually generally always typically still now already simply then".split()
)
# Frequent lexical verbs in base form: a plural subject takes them without "-s".
_BASE_VERBS = frozenset(
    """use need run provide contain include require allow let make install configure store
    support offer handle manage list describe define give take keep send receive display
    show call create read write get set add remove check follow rely depend listen execute
    start stop load build generate find know want work point mean become remain retain
    reproduce distribute modify grant obtain inform remove alter place cause""".split()
)
# Openers of a subordinate or leaning clause: the sentence's first clause is not its main one.
SUBORDINATE = frozenset(
    """if when while although though because since unless once as so but and or to there
    here where whether what which who how why using""".split()
)
# Discourse markers dropped from the front; other short openers move to the end.
_MARKERS = frozenset(
    """for instance|for example|in addition|moreover|furthermore|however|indeed|of course
    |also|finally|besides|similarly|likewise|then|therefore|thus|in other words|
    nevertheless|in fact""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)
# Words that lean on another sentence: a question holding them cannot stand alone.
LEANING = frozenset(
    """it its they them their this these those he she his her him such above below former
    latter""".split()
)
CLAUSE_LINKS = frozenset(
    "to so that which when if because since as where while unless once and or but".split()
)
HEAD_NOUNS = frozenset(
    """file command tool package program utility script directory daemon service option
    module server library protocol variable field option parameter""".split()
)
QUANTIFIERS = [
    q.split()
    for q in "up to|at least|at most|more than|less than|about|around|over|nearly|only".split("|")
]
# Sentence openers that are lower-case inside a question; other words may be names.
_LOWER_OPENERS = DETERMINERS | frozenset(
    "one you we many most some several both other another all few users programs".split()
)
_GIVEN = frozenset("given granted sent offered shown assigned".split())
RELATIVE = frozenset({"which", "who", "that", "whose", "where"})
PERSON_NOUNS = frozenset("author authors developer developers maintainer creator founder".split())
PARTICIPLE = re.compile(r"(?:ed|en|wn|ne|lt|pt|ught|ound|ade|one)$")
PAREN = re.compile(r"\s*\([^()]*\)")


def _base_form(verb: str) -> str:
    """The base form of a present third-person verb ("relies" -> "rely")."""
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    if verb.endswith(("sses", "shes", "ches", "xes", "zzes", "oes")):
        return verb[:-2]
    return verb[:-1]  # "customizes" -> "customize" (not "customiz")


def _is_s_verb(token: str, previous: str, after: list[str]) -> bool:
    """Whether ``token`` reads as a present third-person verb before the words ``after``."""
    if not (token.isalpha() and token.islower() and len(token) > 3 and token.endswith("s")):
        return False
    if token.endswith(("ss", "us", "is", "ous", "ics", "ness")):
        return False
    previous = previous.lower()
    if previous in DETERMINERS or previous in PREPS or previous[:1].isdigit():
        return False
    # "Debian packages (also) contain ...": the noun is followed by the real verb.
    following = [w.lower() for w in after if w.lower() not in ADVERBS][:1] or [""]
    if following[0] in _BASE_VERBS | AUX | set(DO) or following[0].endswith("ed"):
        return False  # "Debian packages contain", "the administrators decided"
    if following[0].endswith("s") and following[0].isalpha() and following[0] not in PREPS:
        return False  # "directories and files sometimes causes": the later word is the verb
    if following[0] in PREPS:
        # "The workstations in the lab run ...": a verb later in the clause is the real one.
        clause = " ".join(after).split(",")[0].split()[1:7]
        return not any(w.lower() in AUX | set(DO) for w in clause)
    return True


def split_intro(tokens: list[str]) -> tuple[list[str], str] | None:
    """Separate a short opener ("By default,") from the clause; ``None`` if unsure."""
    if tokens[0].lower().rstrip(",") not in PREPS | {"for", "however", "also", "then"} and not (
        tokens[0].endswith(",") and tokens[0].rstrip(",").lower().endswith("ly")
    ):
        return tokens, ""
    for i, token in enumerate(tokens[:5]):
        if token.endswith(","):
            intro = " ".join(tokens[: i + 1]).rstrip(",")
            if HOLE in intro:
                return None
            rest = tokens[i + 1 :]
            if intro.lower() in _MARKERS or (i == 0 and intro.lower().endswith("ly")):
                return rest, ""
            return rest, lower_first(intro)
    return None


def find_verb(tokens: list[str]) -> tuple[int, str] | None:
    """Index and kind ("aux", "do", "s", "base") of the main clause's finite verb."""
    for i in range(1, min(len(tokens) - 1, 8)):
        token = tokens[i]
        word = token.lower()
        previous = tokens[i - 1]
        if "," in previous or word in {"which", "that", "who", "where", "when"}:
            return None
        if word in AUX:
            return i, "aux"
        if word in DO:
            return i, "do"
        if word in ADVERBS or (word.endswith("ly") and word.isalpha()):
            continue
        if _is_s_verb(token, previous, tokens[i + 1 :]):
            return i, "s"
        if word in _BASE_VERBS and previous.lower() not in DETERMINERS | PREPS:
            subject = [t.lower() for t in tokens[:i] if t.lower() not in ADVERBS]
            last = subject[-1] if subject else ""
            if last in {"you", "we", "i", "one", "users", "administrators", "people"} or (
                last.endswith("s") and not last.endswith("ss") and last != HOLE
            ):
                return i, "base"
        if word.endswith("ed") and previous.lower() not in DETERMINERS:
            return None  # a past tense or participle: not a clause these rules handle
    return None


def fronted(tokens: list[str], verb: int, kind: str, passage: str) -> tuple[str, str, str] | None:
    """``(front, subject, verb_after)``: the fronted auxiliary, the subject, the verb left."""
    word = tokens[verb].lower()
    subject_tokens = tokens[:verb]
    adverbs: list[str] = []
    while subject_tokens and subject_tokens[-1].lower() in ADVERBS:
        adverbs.insert(0, subject_tokens.pop())
    if not subject_tokens or len(subject_tokens) > 7:
        return None
    if subject_tokens[0].lower() in SUBORDINATE | PREPS or subject_tokens[0].endswith("ly"):
        return None
    if any(t.lower() in {"and", "or"} for t in subject_tokens):
        return None  # a coordinated subject often hides a second verb
    first = subject_tokens[0]
    # Lower-cased unless it may be a name: a word the passage never writes in lower case.
    if (
        first.lower() in _LOWER_OPENERS
        or first.endswith("ing")
        or (
            first[1:].islower()
            and re.search(rf"(?<![\w/.]){re.escape(first.lower())}(?![\w/.])", passage)
        )
    ):
        subject_tokens = [first.lower(), *subject_tokens[1:]]
    subject = " ".join([*subject_tokens, *adverbs])
    following = tokens[verb + 1].lower() if verb + 1 < len(tokens) else ""
    if kind == "aux" and word in {"has", "have", "had"}:
        if not (PARTICIPLE.search(following) or following == "been"):
            front = {"has": "does", "have": "do", "had": "did"}[word]
            return front, subject, "have"
    if kind in {"aux", "do"}:
        return word, subject, ""
    if kind == "s":
        return "does", subject, _base_form(word)
    return "do", subject, word


def cut_clause(tokens: list[str]) -> list[str] | None:
    """The tokens up to the first comma (a trailing clause); ``None`` for a list."""
    out: list[str] = []
    for token in tokens:
        if token.endswith(","):
            out.append(token.rstrip(","))
            return None if out and out[-1].lower() in {"and", "or"} else out
        out.append(token)
    return out


_NP_OPENERS = DETERMINERS - {"this", "that", "these", "those", "its", "their"} | frozenset(
    "many several most various other additional".split()
)
_NP_STOP = PREPS - {"of"} | CLAUSE_LINKS | RELATIVE | {"but"}


def clause_spans(sentence: str) -> list[Span]:
    """Answer spans only a fronted question can ask about, read off the main clause.

    The direct object of the main verb ("gives full root rights to ..." -> "full root
    rights") and the name in "The <name> program/file/command ..." ("logrotate").

    Example:
        >>> [s.text for s in clause_spans("The sudo package gives full root rights to admins.")]
        ['sudo', 'full root rights']
    """
    if "(" in sentence or '"' in sentence:
        return []
    matches = list(re.finditer(r"\S+", sentence.rstrip(".")))
    tokens = [m.group(0) for m in matches]
    out: list[Span] = []
    if len(tokens) > 3 and tokens[0] == "The" and tokens[2].lower() in HEAD_NOUNS:
        name = tokens[1]
        if name.islower() and re.fullmatch(r"[a-z][\w.+-]*", name) and len(name) > 2:
            out.append(Span(name, matches[1].start(), "name"))
    if not tokens or tokens[0].lower() in SUBORDINATE | PREPS or "," in " ".join(tokens[:3]):
        return out
    found = find_verb(tokens)
    if found is None:
        return out
    verb, kind = found
    start = verb + 1
    word = tokens[verb].lower()
    if kind == "aux" and start < len(tokens) and tokens[start].lower() in _BASE_VERBS:
        start += 1  # "can display X"
    elif (
        kind == "aux"
        and start + 2 < len(tokens)
        and tokens[start].lower() == "be"
        and tokens[start + 1].lower() in _GIVEN
    ):
        start += 2  # "will be given a version number": the passive keeps a second object
    elif kind == "aux" and not (word in {"has", "have"} and not PARTICIPLE.search(tokens[start])):
        return out
    if kind == "do":
        return out
    end = start
    while end < len(tokens) and end - start < 7:
        token = tokens[end].lower()
        if token.rstrip(",") in _NP_STOP or (end > start and token.endswith("ed")):
            break
        if end > start and token in DETERMINERS and tokens[end - 1].lower() != "of":
            break
        end += 1
        if tokens[end - 1].endswith(","):
            return out
    phrase = tokens[start:end]
    if not 1 <= len(phrase) <= 6 or phrase[-1].lower() in DETERMINERS | {"of"}:
        return out
    if phrase[0].lower().endswith("ed") or phrase[0].lower() in ADVERBS:
        return out
    if any(w.lower() in LEANING | {"this", "one"} for w in phrase):
        return out
    if any(w.lower().endswith("ing") for w in phrase):
        return out  # "allow moving ...": a gerund, not a thing
    # A determiner starts a noun phrase; a bare one is a plural of two words or more
    # ("configuration settings"): a single bare word is as likely a verb the rules missed.
    if phrase[0].lower() not in _NP_OPENERS and not (
        len(phrase) >= 2 and phrase[-1].endswith("s") and phrase[0].islower()
    ):
        return out
    text = sentence[matches[start].start() : matches[end - 1].end()]
    out.append(Span(text, matches[start].start(), "phrase"))
    return out
