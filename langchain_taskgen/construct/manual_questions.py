"""Questions from the sentence shapes manuals are full of: how to do a thing, what a tool does.

How to do a thing, what a tool does or lets you do, what it uses by default, what it is
responsible for, what a term means.

Each shape names the thing asked about and a short phrase that answers it, so the question
holds only a few words of its sentence and the answer stands alone:

- "To Y, run X." / "To Y, you can X." -> "How do you Y?" / "How can you Y?" -> "run X"
- "X lets/allows/enables you to Y" (also ", which allows you to Y") -> "What does X let you
  do?" -> "Y"
- "X is responsible for Y" -> "What is X responsible for?" -> "Y"
- "X can be used to Y" -> "What can X be used for?" -> "to Y"
- "X <verb>s Y by default" -> "What does X <verb> by default?" -> "Y"
- "The default X is Y" -> "What is the default X?" -> "Y"

A sentence that is not plainly one of these (a pronoun that leans on the sentence before, a
purpose that points elsewhere, "do so", an answer cut at a list or running on) gives none.

Example:
    >>> s = "To check the whole system, use debsums -c."
    >>> [(q, a.text) for _, a, q in manual_questions(s)]
    [('How do you check the whole system?', 'use debsums -c')]
"""

from __future__ import annotations

import re

from langchain_taskgen.construct.clauses import ADVERBS, AUX, LEANING, PREPS, find_verb
from langchain_taskgen.construct.passage import STOPWORDS, Span, content_words, split_sentences
from langchain_taskgen.construct.term_questions import ASKABLE, named_subject, stands_alone
from langchain_taskgen.construct.where_questions import where_questions

__all__ = ["ACTION", "manual_questions"]

ACTION = "action"
"""The span kind of a verb-phrase answer ("run git branch NAME"): mcqa offers others of it."""

# Verbs a manual's instruction opens with ("To X, run Y."); "see" and "note" point elsewhere.
_IMPERATIVE = frozenset(
    """use run type execute install edit add call invoke set create enter select open remove
    check change modify specify put pass launch start configure enable disable append copy
    press click define mount load restart stop reboot write insert delete give uncomment
    comment replace store declare register apply upgrade update download""".split()
)
# Adverbs before the instruction's verb, left out of the answer ("simply install X").
_LEAD_ADVERBS = frozenset("simply just first then now".split())
# Who the instruction is for: the question says "you" for each.
_READERS = ("you", "one", "the administrator", "administrators", "the user", "users")
_MODALS = {
    "can": "can",
    "could": "can",
    "may": "can",
    "must": "do",
    "should": "do",
    "need to": "do",
    "have to": "do",
    "will need to": "do",
}
# Where an answer phrase ends: a clause or an aside of its own starts.
_ANSWER_END = re.compile(
    r"\s*(?:,\s*(?:which|where|so|but|then|and then|as|since|because|unless|if|when|or|while"
    r"|whereas|although|though|thus)\b|\s+and (?:is|are|can|will|has|have|does|do)\b"
    r"|\s\(|;|:(?:\s|$)|\s[—–]\s|\.\s*$)"
)
_LETS = re.compile(
    r"\b(lets|allows|enables)\s+(?:you|users|the user|the administrator)\s+(?:to\s+)?"
    r"(?P<rest>[a-z].*)$"
)
_BY_DEFAULT = re.compile(r"\s+by default\b")
_DEFAULT_IS = re.compile(r"^The default ([a-z][\w-]*(?: [a-z][\w-]*)?) (is|are) (?P<rest>.+)$")
_CAN_BE_USED = re.compile(r"^(?P<subject>.+?) (?:can|may) (?:also )?be used (?P<rest>to [a-z].*)$")
_RESPONSIBLE = re.compile(r"^(?P<subject>.+?) (is|are) responsible for (?P<rest>[a-z].*)$")
_DEFINES = re.compile(r"^(A|An) ([\w“”-]+(?: [\w“”-]+){0,2}) is (?P<rest>(?:a|an|the) .+)$")
_JUDGING = frozenset("good nice better best great common useful simple typical".split())
_OPENER = re.compile(
    r"^(?:In particular|Finally|However|Moreover|For instance|For example|In practice|Also"
    r"|Note that|Indeed|Similarly|Likewise|In addition|Additionally),? ",
)
_LET_FORM = {"lets": "let you do", "allows": "allow you to do", "enables": "enable you to do"}
# Words of a purpose or question that point outside the sentence: "To do so", "To fix this".
_POINTING = LEANING | {
    "so",
    "following",
    "here",
    "there",
    "we",
    "our",
    "us",
    "above",
    "below",
    "other",
    "same",
}
# Past-tense or other forms a purpose clause cannot open with.
_NOT_BASE = ("ing", "ed")
_LABELS = frozenset(
    "TIP NOTE CULTURE BACK SECURITY COMPLEMENTS GOING IN SPECIFIC QUICK LOOK DOCUMENTATION "
    "ALTERNATIVE HISTORY COMMUNITY VOCABULARY POLICY CAUTION WARNING DEBIAN PERSPECTIVE FURTHER "
    "Figure Table # first second third fourth last next previous latter former".split()
)
# Verbs that say what a thing does (plural nouns such as "records", "lists", "sets" left
# out: "DNS records are ..." is no answer to "What does DNS do?").
_DOING = frozenset(
    """allows enables lets maintains keeps gives shows indicates applies alters deletes
    queries produces invokes references ensures incorporates rejects refers handles
    implements defines specifies loads reads writes sends receives builds compiles mounts
    adds updates fetches downloads extracts converts translates parses prints tracks
    collects dispatches filters forwards resolves serves exports imports launches executes
    compares computes generates encrypts decrypts authenticates monitors watches notifies
    schedules automates simplifies helps offers creates removes replaces restores saves
    stores caches copies moves renames searches finds locates detects prevents protects
    blocks limits restricts assigns allocates starts stops restarts reloads runs displays
    describes contains includes provides supports requires needs uses manages controls
    checks verifies installs configures establishes accepts acknowledges stands
    determines selects displays emulates simulates combines merges splits
    """.split()
)
# Openers of an answer that needs what follows ("allows the kernel" to do what?).
_NEEDS_INFINITIVE = frozenset({"allows", "enables", "lets", "helps"})
# Adverbs between a subject and its verb, left out of the question ("APT usually ensures").
_SKIPPED = ADVERBS - {"only"} | {"further", "fully", "actually", "first", "always"}
# Verbs term_questions asks as "What does X <verb>?" when a sentence opens with X.
_ASKED_BY_TERMS = frozenset(ASKABLE)
MAX_ANSWER_WORDS = 14
# Answers of "Which package ...?" are offered each other as options; "Where ...?" paths
# are terms, among the passage's other paths.
_KINDS = {"Which": "package", "Where": "term"}


def _answer(text: str, *, least: int = 2) -> str | None:
    """The phrase at the start of ``text`` up to a clause boundary, if it stands alone."""
    end = _ANSWER_END.search(text)
    if end and end.group().strip() == "(":
        close = text.find(")", end.end())
        if close >= 0 and re.match(r"\s*[A-Za-z]", text[close + 1 :]):
            return None  # the aside sits inside the phrase: "of normal (...) processes"
    phrase = (text[: end.start()] if end else text).strip().rstrip(".,")
    # A relative clause after the answer's noun ("a list of all mounts that happen ...");
    # not "that" right after a verb ("indicates that ...").
    relative = re.search(r" (?:that|who) ", phrase)
    if relative:
        kept = phrase[: relative.start()]
        before = kept.split()
        # "accepts and understands that": the verbs' object clause, not a relative one.
        noun = len(before) > 1 and before[-2].lower() not in {"and", "or"}
        if noun and len(content_words(kept)) >= 3:
            phrase = kept.rstrip(".,")
    words = phrase.split()
    if not least <= len(words) <= MAX_ANSWER_WORDS:
        return None
    lowered = {w.lower().strip("\"'().,") for w in words}
    if lowered & _POINTING or phrase.count("(") != phrase.count(")") or phrase.count('"') % 2:
        return None
    if not stands_alone(phrase) or words[-1].lower() in PREPS | STOPWORDS:
        return None
    return phrase


def _purpose(words: list[str]) -> str | None:
    """The purpose of "To <verb> ...": two to eight words, nothing that points elsewhere."""
    if not 2 <= len(words) <= 8:
        return None
    first = words[0].lower()
    if not first.isalpha() or first in STOPWORDS or first.endswith(_NOT_BASE):
        return None
    lowered = {w.lower() for w in words}
    if lowered & _POINTING or any(not re.fullmatch(r"[\w./'-]+", w) for w in words):
        return None
    # "To confirm the change": one vague noun leans on the text before; a name or two
    # content words say what is done ("To check the whole system").
    named = any(re.search(r"[A-Z./_-]", w) for w in words[1:])
    if not named and len(content_words(" ".join(words[1:]))) < 2:
        return None
    return " ".join(words)


def _instruction(sentence: str) -> list[tuple[str, str]]:
    """How-to questions: "To Y, do X." / "To Y, you can X." -> ("How do you Y?", "do X")."""
    if not sentence.startswith("To "):
        return []
    head, comma, main = sentence[3:].partition(", ")
    if not comma:
        # "To find all altered configuration files use debsums -ec.": no comma, one verb.
        match = re.match(r"(.+?) (use|run|execute|type|invoke) (.+)$", sentence[3:])
        if match is None:
            return []
        head, main = match.group(1), f"{match.group(2)} {match.group(3)}"
    purpose = _purpose(head.split())
    if purpose is None:
        return []
    ask = "do"
    for reader in _READERS:
        for modal, asked in _MODALS.items():
            if main.startswith(f"{reader} {modal} "):
                main, ask = main[len(reader) + len(modal) + 2 :], asked
                break
        else:
            continue
        break
    tokens = main.split()
    while tokens and tokens[0].lower() in _LEAD_ADVERBS:
        main = main[len(tokens.pop(0)) + 1 :]
    if not tokens or tokens[0] not in _IMPERATIVE:
        return []
    answer = _answer(main)
    if answer is None or len(answer.split()) < 2:
        return []
    return [(f"How {ask} you {purpose}?", answer)]


def _lets(sentence: str, passage: str) -> list[tuple[str, str]]:
    """What a thing lets you do: "X lets you Y", "X, which allows you to Y"."""
    match = _LETS.search(sentence)
    if match is None:
        return []
    subject = _subject_before(sentence[: match.start()].rstrip(), passage)
    answer = _answer(match.group("rest"))
    if subject is None or answer is None:
        return []
    return [(f"What does {subject} {_LET_FORM[match.group(1)]}?", answer)]


def _subject_before(before: str, passage: str) -> str | None:
    """The named subject of a verb: the sentence's opening words, or the phrase before ", which".

    The phrase runs from its determiner: "use the dpkg-reconfigure tzdata command, which".

    Not a noun phrase after a preposition ("smarter than the BIOS, which explains why ..."):
    there "which" most often takes up the whole clause before it.
    """
    if not before.endswith(", which"):
        return named_subject(before.split(), passage)
    words = before[: -len(", which")].split()
    at = max((i for i, w in enumerate(words) if w.lower() in {"the", "a", "an"}), default=-1)
    if at < 0:
        at = len(words) - 1  # a bare name: "provides virt-install, which allows ..."
        if at < 0 or not re.search(r"[A-Z./_-]", words[at][1:]):
            return None
    phrase = words[at:]
    if len(phrase) > 4 or find_verb(phrase) is not None or _LABELS & set(phrase):
        return None
    if any(not re.fullmatch(r"[\w./+-]+", w) for w in phrase):
        return None
    if at > 0 and words[at - 1].lower() in PREPS | {"than", "and", "or"}:
        return None
    return named_subject(phrase, passage)


def _verbs(sentence: str) -> list[tuple[str, str, str]]:
    """(words before, verb, rest) for the sentence's first verb and each ", which <verb>s"."""
    out = []
    tokens = sentence.split()
    # The first of the verbs these questions know, after a subject of one or two words or
    # one opening with "the"; a plural noun ("DNS records are ...") is followed by a verb.
    first = next((i for i, t in enumerate(tokens[:6]) if t in _DOING), -1)
    head = [t for t in tokens[:first] if t.lower() not in _SKIPPED]
    if first > 0 and (len(head) <= 2 or head[0].lower() == "the"):
        after = tokens[first + 1].lower() if first + 1 < len(tokens) else ""
        # A sidebar's label glued to its first sentence ("TIP Debian thinks") is no subject.
        if after not in AUX and not _LABELS & set(head) and "only" not in tokens[:first]:
            out.append((" ".join(head), tokens[first], " ".join(tokens[first + 1 :])))
    for match in re.finditer(r", which ([a-z]+s) (.+)$", sentence):
        out.append((sentence[: match.start(1)].rstrip(), match.group(1), match.group(2)))
    return out


def _does(sentence: str, passage: str) -> list[tuple[str, str]]:
    """What a thing does: "X handles Y" / "X, which handles Y" -> ("What does X do?", "handles Y").

    "X stands for Y" asks "What does X stand for?". Verbs that take a plain object
    ("provides", "contains") are asked by :func:`term_questions` at a sentence's start.
    """
    for head, verb, rest in _verbs(sentence):
        if verb not in _DOING:
            continue
        if not head.endswith(", which") and verb in _ASKED_BY_TERMS:
            continue
        subject = _subject_before(head, passage)
        if subject is None:
            continue
        if verb == "stands" and rest.startswith("for "):
            answer = _answer(rest[4:])
            return [(f"What does {subject} stand for?", answer)] if answer else []
        answer = _answer(f"{verb} {rest}", least=3)
        if answer and verb in _NEEDS_INFINITIVE and not re.search(r" to |^\w+ \w+ing\b", answer):
            continue  # "allows the Linux kernel": to do what is cut off
        if answer is not None:
            return [(f"What does {subject} do?", answer)]
    return []


def _base_form(verb: str) -> str:
    """The base form of a present-tense verb: "uses" -> "use", "carries" -> "carry"."""
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if verb.endswith(("sses", "shes", "ches", "xes")):
        return verb[:-2]
    return verb[:-1]


def _by_default(sentence: str, passage: str) -> list[tuple[str, str]]:
    """What a thing does by default: "X uses Y by default" asks "What does X use by default?"."""
    found = _BY_DEFAULT.search(sentence)
    if found is None:
        return []
    head = sentence[: found.start()]
    if "," in head:
        return []  # "X have been added ..., so this feature will be present by default"
    tokens = [t for t in head.split() if t.lower() not in _SKIPPED]
    verb = next((i for i, t in enumerate(tokens) if t in _DOING), -1)
    if verb < 1:
        return []
    subject = named_subject(tokens[:verb], passage)
    if subject is None:
        return []
    answer = _answer(" ".join(tokens[verb + 1 :]), least=1)
    if answer is None or answer.split()[0].lower() in PREPS:
        return []
    return [(f"What does {subject} {_base_form(tokens[verb])} by default?", answer)]


def _defaults(sentence: str, passage: str) -> list[tuple[str, str]]:
    """Defaults and duties: "The default X is Y", "X can be used to Y", "X is responsible for Y"."""
    out = []
    match = _DEFAULT_IS.match(sentence)
    if match is not None and not set(match.group(1).split()) & STOPWORDS:
        answer = _answer(match.group("rest"), least=1)
        if answer is not None and re.match(r"(?:the|an?) |[A-Z0-9/]|[a-z]+[-._/]", answer):
            out.append((f"What {match.group(2)} the default {match.group(1)}?", answer))
    match = _CAN_BE_USED.match(sentence)
    if match is not None:
        subject = named_subject(match.group("subject").split(), passage)
        answer = _answer(match.group("rest"), least=3)
        if subject is not None and answer is not None:
            out.append((f"What can {subject} be used for?", answer))
    match = _RESPONSIBLE.match(sentence)
    if match is not None:
        subject = named_subject(match.group("subject").split(), passage)
        answer = _answer(match.group("rest"))
        if subject is not None and answer is not None:
            verb = "are" if match.group(2) == "are" else "is"
            out.append((f"What {verb} {subject} responsible for?", answer))
    return out


def _definition(sentence: str) -> list[tuple[str, str]]:
    """A term's meaning: "A base chain is an entry point ..." asks "What is a base chain?"."""
    match = _DEFINES.match(sentence)
    if match is None or set(match.group(2).lower().split()) & (STOPWORDS | _JUDGING):
        return []  # "A good starting point is ...": a judgement, not a definition
    answer = _answer(match.group("rest"), least=3)
    if answer is None or len(content_words(answer)) < 2:
        return []
    return [(f"What is {match.group(1).lower()} {match.group(2)}?", answer)]


def manual_questions(passage: str) -> list[tuple[str, Span, str]]:
    """``(sentence, answer span, question)`` for the passage's how-to and what-for sentences.

    Example:
        >>> p = ("Use the dpkg-reconfigure tzdata command, which allows you to choose the "
        ...      "timezone in an interactive manner. The Knoppix DVD uses LXDE by default.")
        >>> for _, answer, question in manual_questions(p):
        ...     print(question, "->", answer.text[:22])
        What does the dpkg-reconfigure tzdata command allow you to do? -> choose the timezone in
        What does the Knoppix DVD use by default? -> LXDE
    """
    out = []
    for sentence in split_sentences(passage):
        sentence = " ".join(sentence.split())
        # "In particular, the sleuthkit package provides ...": the opener is left out.
        body = _OPENER.sub("", sentence)
        # One question a sentence: its shapes are tried from the most specific.
        found = [
            *_instruction(sentence),
            *where_questions(sentence),
            *_lets(body, passage),
            *_by_default(body, passage),
            *_defaults(body, passage),
            *_definition(sentence),
            *_does(body, passage),
        ]
        for question, answer in found[:1]:
            at = sentence.find(answer)
            if at >= 0:
                kind = _KINDS.get(question.split()[0], "phrase")
                if question.startswith("How") or question.endswith(" do?"):
                    kind = ACTION
                out.append((sentence, Span(answer, at, kind), question))
    return out
