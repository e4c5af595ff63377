"""topic_class options: wrong titles that a reader matching words cannot tell from the right one.

Shown a section without its heading and asked which of three or four titles fits, a
reader who does not read picks the title sharing the most words with the text (the
shortcut audit's "word overlap"). Other sections' titles rarely share a word with it, so
that reader found the right title 0.84 of the time (chance 0.30). Readers of the
items judged the word count too kind: the right title was still the one option naming
the term the passage keeps using ("Reflogs" over a text about the reflog). So options
are weighed by the uses of their words in the text, each word weighted by its rarity in
the call (:func:`key_term_weight`): one wrong title must weigh at least as much as the
right one, in sum and in its heaviest word, or the item is dropped; the others are
the nearest the right one's weight. An item is taken only while the readers who pick
the option with the most or the fewest shared words, or the longest or the shortest
option, stay at chance over the run (:meth:`~langchain_taskgen.construct.run_limits.RunLimits.
at_chance`, applied by the run in corpus order, on Ray as locally).

Example:
    >>> import random
    >>> # "Choosing a kernel flavour" is too like the title; "Tuning ..." names "archive"
    >>> # as often as the title names "mirror".
    >>> shown = "Each mirror holds a copy of the archive. Pick a mirror that syncs the archive."
    >>> others = [("Securing the mail server", "5.2"), ("Choosing a kernel flavour", "8.1"),
    ...           ("Tuning the archive cleaner", "9.4"), ("Printing with CUPS", "3.3")]
    >>> wrong_titles("Choosing a mirror", "7.1", shown, set(), others, random.Random(0))
    ['Tuning the archive cleaner', 'Securing the mail server']
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from langchain_taskgen.construct.headings import AUDIT_STOP_WORDS as _AUDIT_WORDS
from langchain_taskgen.construct.headings import is_clean_title, norm, stems, support
from langchain_taskgen.construct.passage import STOPWORDS

# Its home before the run's limits moved to one rule for every path.
from langchain_taskgen.construct.run_limits import OVERLAP_SLACK as OVERLAP_SLACK


def nested(a: str, b: str) -> bool:
    """Whether one section number holds the other ("9.7" and "9.7.4").

    Example:
        >>> nested("9.7", "9.7.4"), nested("9.7", "9.70")
        (True, False)
    """
    return bool(a and b) and (a.startswith(f"{b}.") or b.startswith(f"{a}."))


def key_term_weight(
    option: str, counts: Counter[str], rarity: Mapping[str, float] | None = None
) -> float:
    """How strongly ``option`` echoes the passage: its words' uses there times their rarity.

    ``counts``: the passage's words as the audit reads them (:func:`passage_counts`);
    ``rarity``: each word's inverse document frequency over the call (1 when missing).
    A reader matching words picks the option naming the term the passage keeps using
    and other passages do not ("Reflogs" over a text saying "reflog" four times), not
    the one sharing "git", which every passage of a Git manual says.

    Example:
        >>> counts = passage_counts("The reflog keeps old heads. A reflog expires.")
        >>> key_term_weight("Reflogs", counts), key_term_weight("Old heads", counts)
        (2.0, 2.0)
        >>> key_term_weight("Old heads", counts, {"old": 0.1, "head": 0.1})
        0.2
    """
    rare = rarity or {}
    return sum(counts[w] * rare.get(w, 1.0) for w in key_stems(option) if counts[w])


_KEY_STOP = frozenset(STOPWORDS | _AUDIT_WORDS)


def key_stems(text: str) -> set[str]:
    """``text``'s content words as a reader matches them: plural dropped, five letters.

    Unlike the audit's reading (:func:`~langchain_taskgen.construct.headings.audit_stems`),
    "hooks" meets "hook" and a two-letter command ("su") counts.

    Example:
        >>> sorted(key_stems("Kernel hooks for su")), sorted(key_stems("the hook"))
        (['hook', 'kerne', 'su'], ['hook'])
    """
    out = set()
    for word in re.findall(r"[a-z0-9][a-z0-9'-]*", text.casefold()):
        if word in _KEY_STOP or len(word) < 2 or word.isdigit():
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.add(word[:5])
    return out


def word_rarity(passages: Sequence[str]) -> dict[str, float]:
    """Each word's inverse document frequency over ``passages``, as the audit reads words.

    Example:
        >>> rare = word_rarity(["The reflog keeps heads.", "Git keeps objects."])
        >>> rare["reflo"] > rare["keep"]
        True
    """
    df: Counter[str] = Counter()
    for passage in passages:
        df.update(key_stems(passage))
    return {w: math.log((1 + len(passages)) / (1 + n)) for w, n in df.items()}


def passage_counts(text: str) -> Counter[str]:
    """Uses of each of ``text``'s words as a reader matches them (:func:`key_stems`)."""
    return Counter(w for token in re.findall(r"[\w'-]+", text) for w in key_stems(token))


def _heaviest(option: str, counts: Counter[str], rarity: Mapping[str, float] | None) -> float:
    """The weight of ``option``'s heaviest word (:func:`key_term_weight` of one word)."""
    rare = rarity or {}
    return max((counts[w] * rare.get(w, 1.0) for w in key_stems(option)), default=0.0)


def _siblings(a: str, b: str) -> bool:
    """Whether two section numbers share their parent ("9.7.2" and "9.7.4")."""
    parent = a.rpartition(".")[0]
    return bool(parent) and parent == b.rpartition(".")[0]


def wrong_titles(
    title: str,
    number: str,
    shown: str,
    own: set[str],
    others: Iterable[tuple[str, str]],
    rng: random.Random,
    rarity: Mapping[str, float] | None = None,
) -> list[str]:
    """Two or three of ``others``' titles (title, section number) that do not fit ``shown``.

    One at least as heavy as ``title`` in the text (:func:`key_term_weight`, in sum and
    in its heaviest word; a sibling section first), then the nearest weights. Never a title
    found in ``shown`` word for word, one of the passage's own (``own``, normalised), a
    title of fewer than two content words ("No", "Samba" say too little to rule out), one
    whose words mostly occur in the text (over two thirds: it might fit too), one much like
    ``title``, nor that of a section holding it or held by it ("Scheduling Tasks with cron
    and atd" fits a part of it too). Fewer than two such titles: an empty list. An empty
    list too when no wrong title is as heavy (``rarity``: the call's inverse document
    frequencies, :func:`word_rarity`): the one option naming the passage's key term is
    picked without reading.
    """
    title_stems = stems(title)
    counts = passage_counts(shown)
    target = key_term_weight(title, counts, rarity)
    pool: dict[str, float] = {}
    numbers: dict[str, str] = {}
    seen: set[str] = set()
    for candidate, their_number in others:
        key = norm(candidate)
        if key in seen:
            continue
        seen.add(key)
        if not (
            key in own
            or nested(their_number, number)
            or not is_clean_title(candidate)
            or len(stems(candidate)) < 2
            or f" {key} " in f" {norm(shown)} "
            or support(candidate, shown) > 0.67
            or len(stems(candidate) & title_stems) >= 0.5 * max(len(title_stems), 1)
        ):
            pool[candidate] = key_term_weight(candidate, counts, rarity)
            numbers[candidate] = their_number
    count = 3 if len(pool) >= 3 and rng.random() < 0.5 else 2
    if len(pool) < count:
        return []
    # One wrong title at least as heavy as the right one, a sibling section (same parent:
    # the same subject told apart by reading) first; none: the item would give itself away.
    # Heavier in sum and in its heaviest word: "Using sudo" next to "User authentication:
    # PAM" over a text saying "sudo" three times is given away by that one word.
    heaviest = _heaviest(title, counts, rarity)
    heavier = sorted(
        (
            t
            for t, n in pool.items()
            if n >= target - 1e-9 and _heaviest(t, counts, rarity) >= heaviest - 1e-9
        ),
        key=lambda t: (not _siblings(numbers[t], number), pool[t] - target, t),
    )
    if not heavier:
        return []
    picked = [rng.choice(heavier[:2])]
    # Within a tier, the title's place by length is drawn at random (how many wrong options
    # are shorter), so neither the shortest nor the longest option gives the answer.
    rest_pool = {t: n for t, n in pool.items() if t not in picked}
    for gap in sorted({abs(n - target) for n in rest_pool.values()}):
        tier = sorted(t for t, n in rest_pool.items() if abs(n - target) == gap)
        want = count - len(picked)
        shorter = rng.randrange(want + 1)
        for side, need in ((True, shorter), (False, want - shorter)):
            group = [t for t in tier if (len(t) < len(title)) == side]
            picked += rng.sample(group, min(need, len(group)))
        rest = [t for t in tier if t not in picked]
        picked += rng.sample(rest, min(count - len(picked), len(rest)))
        if len(picked) == count:
            break
    return picked
