"""Which sentence comes next: a paragraph's opening sentences, its true next one and others.

Half a sentence with its real ending as the answer asks for one arbitrary fact nobody
could infer. Here the reader sees two or more sentences of a paragraph and picks, among
sentences of matched length, the one that continues it. Every option is a whole, clean
sentence of the same passage (so "the option found in the passage" answers nothing), none
from later in the answer's section (that one continues the same thread and could follow
as well), and none leans on text the reader cannot see ("This ...", "However, ...", "the
following"): the true sentence passes the same filter, so a pronoun or a connective does
not mark it. Every distractor shares as many of the context's content words as the true
sentence does, so word overlap alone does not decide.

Example:
    >>> import random
    >>> from langchain_taskgen.construct import Corpus
    >>> corpus = Corpus.build([
    ...     "The backup server keeps every home directory. Copies are made each night by "
    ...     "a cron job. Old copies are removed after two weeks by the "
    ...     "cleanup script.\\n\\n2. Printing\\n\\n"
    ...     "Printers are shared with the rest of the network through CUPS on the main "
    ...     "server. The web interface of the backup firewall listens on port 8443 of the router. "
    ...     "Users can change their passwords on the home intranet at any time of day."
    ... ])
    >>> (item,) = next_sentence_items(0, corpus, random.Random(0), 1)
    >>> item.context
    ('The backup server keeps every home directory.', 'Copies are made each night by a cron job.')
    >>> item.answer
    'Old copies are removed after two weeks by the cleanup script.'
    >>> len(item.distractors)
    3
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass

from langchain_taskgen.construct.headings import audit_stems
from langchain_taskgen.construct.passage import (
    Corpus,
    is_good_sentence,
    split_sentences,
)

MIN_CONTEXT = 2
"""Sentences of the paragraph shown before the one to find."""
MAX_CONTEXT = 4
LENGTH_RATIO = 2.0
"""A distractor has between 1/LENGTH_RATIO and LENGTH_RATIO times the answer's words."""

# An option must read on its own: no opener that links it to a sentence the reader does
# not see, no pointer to other text. Applied to the true sentence too, so none of these
# marks the answer.
_CONNECTIVE = re.compile(
    r"^(however|also|then|therefore|thus|hence|moreover|furthermore|finally|besides|"
    r"similarly|likewise|conversely|instead|otherwise|indeed|nevertheless|nonetheless|still|"
    r"so|and|but|or|yet|of course|in addition|in fact|in this case|in that case|in other "
    r"words|on the other hand|on the one hand|for (example|instance)|as a result|as such|"
    r"as (mentioned|seen|explained|described)|at (this|that) point|after that|first|second|"
    r"third|next|lastly|last|meanwhile|again|here|there|that|that's|as a consequence|"
    r"consequently|as a side note|in practice|in general|on the contrary|by contrast|in turn|"
    r"in (other|some|many|most|both|such|all|these) cases?|(to|for) (this|that) (end|reason)|"
    r"(this|that) way|he|she|we|his|her|our)\b"
    r"|^\w+ly,",  # "Fortunately, ...", "Consequently, ..."
    re.IGNORECASE,
)
# ("it" and "they" mostly refer inside their own sentence; an opening pronoun is refused
# by is_good_sentence.)
_POINTER = re.compile(
    r"\b(this|these|those|such|former|latter|aforementioned|above|below|previous(ly)?|"
    r"following|earlier|here|next (section|chapter)s?|(do|does|did) (that|so))\b"
    r"|\bthere\b(?! (is|are|was|were|will|may|can|might|must|should|exists?|be|has|have)\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NextSentence:
    """One item: the paragraph's sentences shown, its true next sentence, the distractors."""

    context: tuple[str, ...]
    answer: str
    distractors: tuple[str, ...]


def is_option(sentence: str) -> bool:
    """Whether a sentence can stand as an option: clean, whole, leaning on nothing unseen.

    Example:
        >>> is_option("Old copies are removed after two weeks by the cleanup script.")
        True
        >>> is_option("However, old copies are removed after two weeks by the script.")
        False
        >>> is_option("These copies are removed after two weeks by the cleanup script.")
        False
    """
    return (
        is_good_sentence(sentence)
        and len(sentence.split()) <= 35
        and not _CONNECTIVE.match(sentence)
        and not _POINTER.search(sentence)
    )


def _is_context(sentence: str, first: bool) -> bool:
    """Whether a sentence can be shown as context (later ones may lean on earlier ones)."""
    if first:
        return is_good_sentence(sentence) and not _CONNECTIVE.match(sentence)
    head, _, rest = sentence.partition(" ")
    # "It is based on a library ..." leans on the sentence before it, which is shown: read
    # the rest as a clean sentence would be read.
    return bool(rest) and is_good_sentence(f"Every {rest}" if head.isalpha() else sentence)


def _sections(passage: str) -> list[list[tuple[int, str]]]:
    """Runs of prose paragraphs, as (paragraph number, sentence); a heading ends a run."""
    sections: list[list[tuple[int, str]]] = [[]]
    for number, block in enumerate(re.split(r"\n\s*\n", passage)):
        sentences = split_sentences(block)
        if not any(s.endswith((".", "!")) and len(s.split()) >= 4 for s in sentences):
            sections.append([])  # a heading, a command, a table row: the run ends
            continue
        sections[-1].extend((number, s) for s in sentences)
    return [run for run in sections if run]


def _balanced(candidates: list[str], length: int, count: int) -> list[str]:
    """Up to ``count`` candidates, in order, one longer and one shorter than the answer first.

    The answer is then neither the longest nor the shortest option where the passage allows
    it, so "pick the longest" does not find it.
    """
    longer = [s for s in candidates if len(s.split()) > length]
    shorter = [s for s in candidates if len(s.split()) <= length]
    chosen = [side[0] for side in (longer, shorter) if side][:count]
    chosen += [s for s in candidates if s not in chosen][: count - len(chosen)]
    return chosen


def next_sentence_items(
    index: int, corpus: Corpus, rng: random.Random, n: int, options: int = 4
) -> list[NextSentence]:
    """Up to ``n`` next-sentence items for passage ``index``, each sentence used once.

    Args:
        index: The passage of ``corpus`` to use.
        corpus: The call's passages.
        rng: Every random choice is drawn from it.
        n: How many items at most.
        options: Options per item (the answer and ``options - 1`` distractors, at least
            two distractors or no item).

    Returns:
        The items, in random order.
    """
    sections = _sections(corpus.passages[index])
    sizes = Counter(p for run in sections for p, _ in run)
    pool = [
        (r, i, p, s)
        for r, run in enumerate(sections)
        for i, (p, s) in enumerate(run)
        if is_option(s)
    ]
    targets: list[tuple[int, int]] = []
    for r, run in enumerate(sections):
        for t in range(MIN_CONTEXT, len(run)):
            shown = [s for _, s in run[max(0, t - MAX_CONTEXT) : t]]
            # The answer continues the paragraph of the last shown sentence: the first
            # sentence of a paragraph may be a heading or a list item ending in a period.
            if (
                run[t][0] == run[t - 1][0]
                # Shown sentences of an earlier paragraph come from prose of two sentences
                # or more, not from a heading or a list item ending in a period.
                and all(sizes[p] >= 2 for p, _ in run[max(0, t - MAX_CONTEXT) : t])
                and is_option(run[t][1])
                and all(_is_context(s, i == 0) for i, s in enumerate(shown))
            ):
                targets.append((r, t))
    rng.shuffle(targets)
    used: set[str] = set()
    items: list[NextSentence] = []
    for r, t in targets:
        if len(items) == n:
            break
        answer = sections[r][t][1]
        if answer in used:
            continue
        context = tuple(s for _, s in sections[r][max(0, t - MAX_CONTEXT) : t])
        length = len(answer.split())
        # Not the shown sentences, nor a later sentence of the answer's section: that one
        # continues the same thread and could follow the context as well.
        candidates = [
            s
            for r2, i, p, s in pool
            if s != answer
            and s not in context
            and not (r2 == r and i > t)
            and 1 / LENGTH_RATIO <= len(s.split()) / length <= LENGTH_RATIO
        ]
        rng.shuffle(candidates)
        # Only sentences sharing as many of the context's content words as the true one:
        # else the one option repeating the context's words (a glossary entry's headword)
        # is the answer, and matching words finds it (7 of 8 such items judged trivial).
        # Counted as the audit counts them, so construction and audit agree.
        shown_stems = audit_stems(" ".join(context))
        need = len(audit_stems(answer) & shown_stems)
        shares = {s: len(audit_stems(s) & shown_stems) for s in candidates}
        # Those sharing exactly as many first, then one more or one fewer: the run keeps
        # an item only while picking the option sharing the most or the fewest words stays
        # at chance (tasks/passage_level.py), so the true one may share more or fewer.
        candidates = sorted(
            (s for s in candidates if abs(shares[s] - need) <= 1),
            key=lambda s: abs(shares[s] - need),
        )
        distractors = _balanced(list(dict.fromkeys(candidates)), length, options - 1)
        if len(distractors) < 2:
            continue
        used.add(answer)
        items.append(NextSentence(context, answer, tuple(distractors)))
    return items
