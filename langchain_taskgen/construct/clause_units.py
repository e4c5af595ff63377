"""Long sentences cut into the clauses a question can stand on (contracts, licences).

Legal sentences run to 50-100 words: a numbered list "(a) ...; (b) ...", a condition
("provided that ...", "subject to ..."), defined terms in quotes, parentheses. No
question a person asks copies such a sentence, but most hold a main clause that stands
alone: "(a) You must give any other recipients of the Work a copy of this License; and"
holds "You must give any other recipients of the Work a copy of this License." Each
function here answers only what it is sure of; a clause it cannot cut cleanly is left
out, and the question builders then make nothing of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from langchain_taskgen.construct.clauses import (
    AUX,
    DETERMINERS,
    LEANING,
    PARTICIPLE,
    PREPS,
    find_verb,
    fronted,
)
from langchain_taskgen.construct.passage import clean, has_negation, split_sentences

# A list label or section number opening a piece: "1.13.", "(a)", "a.", "ii.".
_LABEL = re.compile(r"^(?:\d+(?:\.\d+)*\.?|\([a-z0-9]{1,4}\)|[a-z]{1,4}\.|[A-Z]\.)\s+")
_DEFINITION = re.compile(
    r'^"(?P<term>[A-Z][^"]{1,40})"(?P<form> form)?(?:\s+\(or "[^"]+"\))?'
    r"(?: of a \w+)?\s+(?:shall mean|means)\s+(?P<meaning>.+?)\.?$"
)
# Openers before the main clause that a question may leave out: the answer stays true.
_DROPPED_OPENERS = re.compile(
    r"^(?:Subject to|Except|Notwithstanding|In addition|For the purposes? of|"
    r"For purposes of|To the extent|Additionally|Accordingly|However|Furthermore)\b[^,]*,\s+"
)
# Where a trailing qualifier starts: the main clause before it stands alone.
_TRAILING = re.compile(
    r",?\s+(?:provided that|provided|subject to|except|excluding|including|whether|"
    r"unless|so long as|as long as|even if|without limitation|notwithstanding)\b"
    r"|,\s+(?:if|which|where|when|and|or|but|either|in each case|to the extent)\b"
    r"|:\s"
)
_PAREN = re.compile(r"\s*\([^()]*\)")
# Words of a legal register a question does without.
_DROPPED_WORDS = re.compile(r"\s+(?:hereby|thereof|hereof|herein|hereunder)\b")


_MEANS = re.compile(r"\b(?:means|shall mean)\b")
_ODD = re.compile(r"[=\[\]{}<>|/*]|--|\bhttps?\b|\.\s")
_DANGLING = frozenset(
    """a an the of to in on at by for with from into as than that which who and or but
    whether any all its their such this these those upon under is are be may can shall
    will must include includes offer following""".split()
)


_SELF = re.compile(
    r"\b[Tt]his (?:License|Licence|Section|Agreement|Appendix|Exhibit|Article|Policy|"
    r"Waiver|document|agreement)\b"
)
_EXPLETIVE = frozenset({"there", "here", "it", "this", "that"})


def _leans(text: str) -> bool:
    """Whether ``text`` leans on another sentence ("it", "such", "these").

    "this License", "this Section 2", "this document" name the text itself: they do not.
    """
    text = re.sub(_SELF, "", text)
    return bool(LEANING & {w.lower().strip("?.,") for w in text.split()})


def _cut(text: str) -> str | None:
    """``text`` before its first trailing qualifier; ``None`` where the cut splits a list.

    "use, reproduction, and distribution" cut at ", and" would leave half a list.
    """
    parts = _TRAILING.split(text, maxsplit=1)
    head = parts[0].strip().rstrip(".,;:").strip()
    head = re.sub(r"\s+(?:and|or)$", "", head)
    if len(parts) > 1 and "," in " ".join(head.split()[-6:]):
        return None
    return head


@dataclass(frozen=True)
class Definition:
    """A defined term and its meaning: ``"Source Code Form" means the form ...``."""

    term: str
    meaning: str


def strip_label(text: str) -> str:
    """``text`` without a list label or section number at its start.

    Example:
        >>> strip_label("(b) You must cause any modified files to carry notices")
        'You must cause any modified files to carry notices'
    """
    previous = None
    while previous != text:
        previous, text = text, _LABEL.sub("", text, count=1)
    return text


def definition(sentence: str) -> Definition | None:
    """The term and meaning of a definition sentence, or ``None``.

    The meaning is cut before a trailing qualifier ("including ...") and kept only when
    it is a short noun phrase (at most 14 words), which a question can quote.

    Example:
        >>> found = definition('1.13. "Source Code Form" means the form of the work '
        ...                    'preferred for making modifications.')
        >>> found.term, found.meaning
        ('Source Code Form', 'the form of the work preferred for making modifications')
    """
    match = _DEFINITION.match(strip_label(clean(sentence)))
    if match is None:
        return None
    whole = _PAREN.sub("", match.group("meaning"))
    meaning = _cut(whole)
    if meaning is None or "," in meaning:
        return None
    # Only examples may be cut off ("including ..."): a cut restriction ("..., that is
    # submitted to Licensor") would leave a definition that fits other terms too.
    remainder = whole[len(meaning) :].lstrip(" ,.")
    if remainder and not (
        remainder.startswith("including") and not re.search(r"\b(?:that|which|who)\b", remainder)
    ):
        return None
    words = meaning.split()
    if not 4 <= len(words) <= 14 or words[-1].lower() in _DANGLING:
        return None
    if words[0].lower() not in {"the", "a", "an", "any", "each"}:
        return None
    if any(mark in meaning for mark in '";:()'):
        return None
    term = match.group("term") + (match.group("form") or "")
    return Definition(term, meaning)


def main_clauses(sentence: str) -> list[str]:
    """The self-standing main clauses of a sentence, each ending with a full stop.

    A short plain sentence comes back whole. A long one is cut at semicolons and list
    labels; a leading "Subject to ...," is left out, a trailing "provided that ...",
    "including ...", ", which ..." cut off; parentheses, quotes around defined terms and
    "hereby" are dropped. Pieces opening with a subordinate word ("If", "Unless") or a
    conjunction are left out, since their main clause is elsewhere.

    Example:
        >>> main_clauses("(a) You must give any other recipients of the Work a copy of "
        ...              "this License; and")
        ['You must give any other recipients of the Work a copy of this License.']
        >>> main_clauses("Subject to the terms and conditions of this License, each "
        ...              "Contributor hereby grants to You a copyright license to reproduce "
        ...              "the Work, provided that You meet the conditions.")
        ['Each Contributor grants to You a copyright license to reproduce the Work.']
    """
    out: list[str] = []
    for piece in re.split(r";\s*|\s+(?=\([a-z0-9]{1,4}\)\s)", clean(sentence)):
        piece = _PAREN.sub("", strip_label(piece.strip()))
        piece = re.sub(r"^(?:and|or|then)\s+", "", piece)
        dropped = _DROPPED_OPENERS.sub("", piece)
        if dropped != piece:
            piece = dropped[:1].upper() + dropped[1:]
        cut = _cut(re.sub(r"(?<=\.)\s+[a-z]{1,4}\.?$", "", piece))
        if cut is None or _MEANS.search(cut) or _ODD.search(cut):
            continue
        piece = _DROPPED_WORDS.sub("", cut).replace('"', "")
        words = piece.split()
        if len(words) < 5 or not piece[:1].isupper() or piece.isupper():
            continue
        if words[-1].lower() in _DANGLING:
            continue  # "that are controlled by": the cut left a clause unfinished
        if words[0].lower() in {"if", "when", "unless", "where", "whether", "while", "to"}:
            continue
        if any(w.isupper() and len(w) > 3 and w.isalpha() for w in words[:2]):
            continue  # a shouted heading glued on ("NOTICE" inside is fine)
        out.append(piece + ".")
    return out


def passage_clauses(passage: str) -> list[tuple[str, str]]:
    r"""``(clause, sentence)`` for every main clause of the passage's sentences.

    Example:
        >>> clauses = passage_clauses("1. Grant.\n\n(a) You must keep the notices; and")
        >>> clauses
        [('You must keep the notices.', '(a) You must keep the notices; and')]
    """
    out: list[tuple[str, str]] = []
    for sentence in split_sentences(passage):
        for clause in main_clauses(sentence):
            out.append((clause, sentence))
    return out


_WHEN = (("on", "the", "date"), ("as", "of", "the"), ("from", "the", "date"), ("upon",))


def adjunct_question(clause: str, passage: str = "") -> tuple[str, str] | None:
    """``(answer, question)`` on a clause's closing adjunct: a condition, a date, "under".

    "You may distribute such Executable Form under the terms of this License." ->
    ("the terms of this License", "Under what terms may you distribute such Executable
    Form?"); "The rights will terminate automatically if You fail to comply." -> "When
    will the rights terminate automatically?". The adjunct must follow the verb phrase
    directly (no other preposition between), so it belongs to the verb, not to a noun.

    Example:
        >>> adjunct_question("You may create and distribute a Larger Work under terms of "
        ...                  "Your choice.")
        ('terms of Your choice', 'Under what terms may you create and distribute a Larger Work?')
        >>> adjunct_question("The License shall be deemed effective as of the date CC0 "
        ...                  "was applied by Affirmer to the Work.")[1]
        'When shall the License be deemed effective?'
    """
    if has_negation(clause) or any(mark in clause for mark in ',;:()"'):
        return None
    tokens = clause.rstrip(".").split()
    found = find_verb(tokens)
    if found is None or len(tokens) > 30:
        return None
    verb, kind = found
    parts = fronted(tokens, verb, kind, passage or clause)
    if parts is None:
        return None
    front, subject, verb_after = parts
    rest = tokens[verb + 1 :]
    for j in range(1, len(rest)):
        word = rest[j].lower()
        middle = rest[:j]
        if any(w.lower() in PREPS | {"if", "that", "which"} for w in middle):
            return None  # the adjunct may belong to a noun of the middle, not to the verb
        answer: list[str] = []
        wh = ""
        if len(middle) < 2 or _leans(" ".join(rest[j:])):
            continue  # "When can you verify?": the verb needs its object to be a question
        if word == "if" and 3 <= len(rest) - j <= 14:
            wh, answer = "When", rest[j:]
        elif any(tuple(w.lower() for w in rest[j : j + len(p)]) == p for p in _WHEN):
            wh, answer = "When", rest[j:]
        elif word == "under" and 2 <= len(rest) - j - 1 <= 8:
            answer = rest[j + 1 :]
            head = answer[1] if answer[0].lower() in DETERMINERS else answer[0]
            if not (head.isalpha() and head.islower()):
                return None
            wh = f"Under what {head}"
        if not wh:
            continue
        if not middle and not verb_after and front in {"is", "are", "was", "were"}:
            return None
        question = " ".join(w for w in [wh, front, subject, verb_after, *middle] if w) + "?"
        if _leans(question) or len(question.split()) > 18:
            return None
        return " ".join(answer), question
    return None


# Subjects that are persons or parties of a licence: "Who ...?" rather than "What ...?".
_PARTIES = frozenset(
    """affirmer licensor licensee contributor contributors author authors owner owners
    recipient recipients steward foundation regents developer developers user users
    maintainer maintainers administrator administrators""".split()
)
_SUBJECT_OPENERS = frozenset({"the", "a", "an"})
_CLAUSE_WORDS = frozenset("that which who where when if and or but".split())
VAGUE = frozenset(
    """one ones first last second third next previous following corresponding same other
    step part latter former parent result way thing example case two three four""".split()
)
_ODD_TOKEN = re.compile(r"[\\^$`~@%]")


def _verb_after_participle(tokens: list[str]) -> tuple[int, str] | None:
    """The auxiliary after "The <noun> <participle> <prepositional phrase>", or ``None``.

    "The licenses granted in this Section 2 are ..." -> the index of "are".
    """
    if len(tokens) < 6 or tokens[0].lower() != "the" or not PARTICIPLE.search(tokens[2]):
        return None
    if tokens[3].lower() not in PREPS:
        return None
    for i in range(4, min(len(tokens) - 2, 8)):
        if tokens[i].lower() in AUX:
            return i, "aux"
        if tokens[i].lower() in _CLAUSE_WORDS:
            return None
    return None


def subject_question(clause: str, passage: str = "") -> tuple[str, str] | None:
    """``(subject, question)``: "Who/What <verb> ...?" asked of a clause's subject.

    Only a short subject (a name, or a determiner and up to three words) before a
    singular finite verb, in a clause of at most 20 words without a comma or negation.

    Example:
        >>> subject_question("Affirmer disclaims responsibility for clearing rights of "
        ...                  "other persons.", "The Work is offered by Affirmer as-is.")
        ('Affirmer', 'Who disclaims responsibility for clearing rights of other persons?')
        >>> subject_question("The License shall be deemed effective as of the date CC0 "
        ...                  "was applied.")
        ('The License', 'What shall be deemed effective as of the date CC0 was applied?')
    """
    if has_negation(clause) or any(mark in clause for mark in ',;:()"'):
        return None
    tokens = clause.rstrip(".").split()
    found = find_verb(tokens) or _verb_after_participle(tokens)
    if found is None or len(tokens) > 20:
        return None
    verb, kind = found
    subject = tokens[:verb]
    word = tokens[verb].lower()
    if kind == "base" or word in {"have", "do"} or not 1 <= len(subject) <= 7:
        return None  # a plural subject: "What have ..." would not agree
    if len(subject) > 4 and not PARTICIPLE.search(subject[2].lower()):
        return None  # a long subject only as "The licenses granted in Section 2"
    first = subject[0]
    if first.lower() in _SUBJECT_OPENERS:
        if len(subject) < 2 or not all(w.isalpha() for w in subject[1:3]):
            return None
    elif not (len(subject) <= 3 and all(w[:1].isupper() and w.isalpha() for w in subject)):
        return None
    elif not re.search(rf"[^.!?\s]\s+{re.escape(first)}\b", passage or clause):
        return None  # capitalised only where it opens a sentence: no name ("Reloaded ...")
    if subject[0].lower() in _EXPLETIVE:
        return None
    if _leans(" ".join(subject)) or {"you", "your", "we", "i"} & {w.lower() for w in subject}:
        return None
    if VAGUE & {w.lower() for w in subject} or _ODD_TOKEN.search(clause):
        return None  # "The first one", "The last step": the subject leans on the text around
    wh = "Who" if subject[-1].lower() in _PARTIES else "What"
    rest = tokens[verb:]
    if len(rest) < 4 or rest[1].lower() in {"to", "that", "if", "also", "then"}:
        return None
    question = " ".join([wh, *rest]) + "?"
    if _leans(question) or "following" in question.lower():
        return None  # "the following types" points at text after the sentence
    return " ".join(subject), question
