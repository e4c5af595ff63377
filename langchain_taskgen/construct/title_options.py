"""topic_class options: wrong titles that a reader matching words cannot tell from the right one.

Shown a section without its heading and asked which of three or four titles fits, a
reader who does not read picks the title sharing the most words with the text (the
shortcut audit's "word overlap"). Other sections' titles rarely share a word with it, so
that reader found the right title 0.84 of the time (chance 0.30). Here every wrong title
shares as many words with the text as the right one where the call offers such titles,
the nearest counts otherwise, and an item is taken only while the readers who pick the
option with the most or the fewest shared words, or the longest or the shortest option,
stay at chance over the run (:meth:`~langchain_taskgen.construct.run_limits.RunLimits.
at_chance`, applied by the run in corpus order, on Ray as locally).

Example:
    >>> import random
    >>> # "Choosing a kernel flavour" is too like the title; "Tuning ..." shares "archive".
    >>> shown = "Each mirror holds a copy of the archive. Pick a mirror close to you."
    >>> others = [("Securing the mail server", "5.2"), ("Choosing a kernel flavour", "8.1"),
    ...           ("Tuning the archive cleaner", "9.4"), ("Printing with CUPS", "3.3")]
    >>> wrong_titles("Choosing a mirror", "7.1", shown, set(), others, random.Random(0))
    ['Tuning the archive cleaner', 'Securing the mail server']
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from langchain_taskgen.construct.headings import audit_stems, is_clean_title, norm, stems, support

# Its home before the run's limits moved to one rule for every path.
from langchain_taskgen.construct.run_limits import OVERLAP_SLACK as OVERLAP_SLACK


def nested(a: str, b: str) -> bool:
    """Whether one section number holds the other ("9.7" and "9.7.4").

    Example:
        >>> nested("9.7", "9.7.4"), nested("9.7", "9.70")
        (True, False)
    """
    return bool(a and b) and (a.startswith(f"{b}.") or b.startswith(f"{a}."))


def wrong_titles(
    title: str,
    number: str,
    shown: str,
    own: set[str],
    others: Iterable[tuple[str, str]],
    rng: random.Random,
) -> list[str]:
    """Two or three of ``others``' titles (title, section number) that do not fit ``shown``.

    Those sharing as many words with the text as ``title`` first (:func:`~langchain_taskgen.
    construct.headings.audit_stems`, the audit's reading), then the nearest. Never a title
    found in ``shown`` word for word, one of the passage's own (``own``, normalised), a
    title of fewer than two content words ("No", "Samba" say too little to rule out), one
    whose words mostly occur in the text (over two thirds: it might fit too), one much like
    ``title``, nor that of a section holding it or held by it ("Scheduling Tasks with cron
    and atd" fits a part of it too). Fewer than two such titles: an empty list.
    """
    title_stems = stems(title)
    passage_words = audit_stems(shown)
    target = len(audit_stems(title) & passage_words)
    pool: dict[str, int] = {}
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
            pool[candidate] = len(audit_stems(candidate) & passage_words)
    count = 3 if len(pool) >= 3 and rng.random() < 0.5 else 2
    if len(pool) < count:
        return []
    # Within a tier, the title's place by length is drawn at random (how many wrong options
    # are shorter), so neither the shortest nor the longest option gives the answer.
    picked: list[str] = []
    for gap in sorted({abs(n - target) for n in pool.values()}):
        tier = sorted(t for t, n in pool.items() if abs(n - target) == gap)
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
