"""Shortcut audit: how far answers that read nothing get on a set of task pairs.

A label or choice task whose answer a trick predicts without reading the passage (the word
"not", the shorter sentence, the one option found in the passage) teaches a fine-tuned model
the trick. This is the hypothesis-only test of Gururangan et al. (2018) and Poliak et al.
(2018), run on any pairs file: per task type, the majority (or chance) rate next to the
cross-validated accuracy of a few answers that read nothing, and the best one's gap.

Example:
    >>> from langchain_taskgen.pairs import TaskPair
    >>> pairs = [
    ...     TaskPair(f"Is it true that item {i} is {'not ' if i % 2 else ''}kept?", "no"
    ...              if i % 2 else "yes", "ynqa", context=f"Item {i} is kept.")
    ...     for i in range(40)
    ... ]
    >>> report = audit_pairs(pairs)
    >>> row = report.types["ynqa"]
    >>> row.baseline, row.best_probe, row.best_accuracy
    (0.5, 'negation', 1.0)
    >>> report.flagged(max_gap=0.10)
    ['ynqa']
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from langchain_taskgen.checks.tricks import (
    NEGATION,
    QUESTION_TYPES,
    chosen_option,
    content,
    cv_bag_of_words,
    cv_stump,
    folds_of,
    norm,
    option_list,
    overlap,
    question_of,
    task_text,
    two_parts,
)
from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.tasks import AnswerKind, get_task_type

DEFAULT_MIN_PAIRS = 20
"""Types with fewer pairs are reported but never flagged: their rates are too noisy."""
DEFAULT_FOLDS = 5
DEFAULT_MAX_GAP = 0.10
"""A trick this far over the majority or chance rate flags a type (the issue's target)."""
MAX_PROBED = 4000
"""Label types with more pairs have their tricks measured on a seeded sample of this many."""
DISTINCT_JACCARD = 0.8
"""Two questions whose content words overlap this much (Jaccard) are the same question."""

# -- the report -------------------------------------------------------------------------


@dataclass
class TypeAudit:
    """The audit of one label or choice task type.

    Attributes:
        task_type: Short task type name.
        kind: ``"label"`` or ``"choice"``.
        pairs: Pairs audited (choice pairs whose options or answer could not be read are
            left out and counted in ``unreadable``).
        baseline: The majority label's share (label types) or the chance rate (choice).
        probes: Accuracy of each answer that reads nothing, cross-validated where it learns.
        labels: The answers' counts (labels, or the answer's option position for choice).
        unreadable: Pairs the audit could not read.
        probed: When the tricks ran on a sample (over ``MAX_PROBED`` pairs), its size.
    """

    task_type: str
    kind: str
    pairs: int
    baseline: float
    probes: dict[str, float] = field(default_factory=dict)
    labels: dict[str, int] = field(default_factory=dict)
    unreadable: int = 0
    probed: int | None = None

    @property
    def best_probe(self) -> str | None:
        """The name of the most accurate trick (``None`` when none ran)."""
        return max(self.probes, key=lambda k: self.probes[k]) if self.probes else None

    @property
    def best_accuracy(self) -> float:
        """The most accurate trick's accuracy (the baseline when none ran)."""
        return max(self.probes.values(), default=self.baseline)

    @property
    def gap(self) -> float:
        """How far the best trick beats the majority or chance rate."""
        return self.best_accuracy - self.baseline


@dataclass
class AuditReport:
    """What :func:`audit_pairs` found.

    Attributes:
        types: The audit of each label or choice task type.
        question_pairs: Pairs of the question types (exqa, qa, qg, mcqa, ynqa).
        distinct_questions: How many different questions those pairs ask.
        cross_type_repeats: Question pairs whose question another task type also asks.
        min_pairs: Types with fewer pairs are never flagged.
    """

    types: dict[str, TypeAudit] = field(default_factory=dict)
    question_pairs: int = 0
    distinct_questions: int = 0
    cross_type_repeats: int = 0
    min_pairs: int = DEFAULT_MIN_PAIRS

    @property
    def distinct_ratio(self) -> float:
        """Distinct questions per question pair (1.0: no question asked twice)."""
        return self.distinct_questions / self.question_pairs if self.question_pairs else 1.0

    def flagged(self, max_gap: float) -> list[str]:
        """Types with at least ``min_pairs`` pairs whose best trick beats the baseline.

        Args:
            max_gap: The largest gap over the majority or chance rate that passes.
        """
        return [
            name
            for name, row in self.types.items()
            if row.pairs >= self.min_pairs and row.gap > max_gap
        ]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable summary."""
        return {
            "types": {
                name: {
                    **asdict(row),
                    "best_probe": row.best_probe,
                    "best_accuracy": row.best_accuracy,
                    "gap": row.gap,
                }
                for name, row in self.types.items()
            },
            "question_pairs": self.question_pairs,
            "distinct_questions": self.distinct_questions,
            "distinct_ratio": self.distinct_ratio,
            "cross_type_repeats": self.cross_type_repeats,
            "min_pairs": self.min_pairs,
        }

    def summary(self, max_gap: float = DEFAULT_MAX_GAP) -> str:
        """One line for a run's report: the types a trick answers, and repeated questions.

        Args:
            max_gap: The largest gap over the majority or chance rate that passes.

        Example:
            >>> AuditReport().summary()
            'audit: no label or choice type has a trick over +0.10; questions: none'
        """
        flagged = self.flagged(max_gap)
        if flagged:
            tricks = (
                "tricks over "
                + f"+{max_gap:.2f}: "
                + ", ".join(
                    f"{name} {self.types[name].gap:+.2f} ({self.types[name].best_probe})"
                    for name in flagged
                )
            )
        else:
            tricks = f"no label or choice type has a trick over +{max_gap:.2f}"
        few = [name for name, row in self.types.items() if row.pairs < self.min_pairs]
        if few:
            tricks += f" ({len(few)} with under {self.min_pairs} pairs not judged)"
        unreadable = sum(row.unreadable for row in self.types.values())
        if unreadable:
            # Never a silent pass: pairs the tricks could not read are not audited.
            tricks += f" ({unreadable} choice pairs unreadable, not audited)"
        if self.question_pairs:
            questions = (
                f"{self.distinct_questions} distinct of {self.question_pairs} question pairs "
                f"({self.distinct_ratio:.2f})"
            )
        else:
            questions = "none"
        return f"audit: {tricks}; questions: {questions}"

    def table(self) -> str:
        """A plain-text table, one row per audited type, then the question summary."""
        lines = [
            f"{'task type':<16}{'kind':<7}{'pairs':>6}{'baseline':>10}  "
            f"{'best trick':<18}{'acc':>6}{'gap':>8}  labels"
        ]
        for name, row in sorted(self.types.items()):
            note = "" if row.pairs >= self.min_pairs else "  (few pairs)"
            if row.unreadable:
                note += f"  ({row.unreadable} unreadable, not audited)"
            labels = ", ".join(f"{k} {v}" for k, v in Counter(row.labels).most_common(4))
            lines.append(
                f"{name:<16}{row.kind:<7}{row.pairs:>6}{row.baseline:>10.2f}  "
                f"{row.best_probe or '-':<18}{row.best_accuracy:>6.2f}{row.gap:>+8.2f}  "
                f"{labels}{note}"
            )
        lines.append(
            f"questions: {self.question_pairs} question pairs, {self.distinct_questions} "
            f"distinct ({self.distinct_ratio:.2f}); {self.cross_type_repeats} ask a question "
            "another task type also asks"
        )
        return "\n".join(lines)


def _audit_labels(
    name: str, pairs: Sequence[TaskPair], folds: int, seed: int, two_part: bool
) -> TypeAudit:
    ys = [norm(p.output) for p in pairs]
    counts = Counter(ys)
    row = TypeAudit(name, "label", len(pairs), counts.most_common(1)[0][1] / len(pairs))
    row.labels = dict(counts)
    if len(counts) < 2 or len(pairs) < 4:
        return row
    if len(pairs) > MAX_PROBED:
        # The tricks' accuracy is a rate: a seeded sample measures it as well as all pairs,
        # and keeps a run of 100k pairs from spending minutes on cross-validation.
        chosen = sorted(random.Random(seed).sample(range(len(pairs)), MAX_PROBED))
        pairs, ys = [pairs[i] for i in chosen], [ys[i] for i in chosen]
        row.probed = MAX_PROBED
    splits = folds_of(ys, folds, seed)
    texts = [task_text(p) for p in pairs]
    parts = [two_parts(p) for p in pairs] if two_part else []
    if two_part and all(parts):
        firsts = [pt[0] for pt in parts if pt]
        seconds = [pt[1] for pt in parts if pt]
        row.probes["negation"] = cv_stump(
            [
                float(bool(NEGATION.search(s))) - float(bool(NEGATION.search(f)))
                for f, s in zip(firsts, seconds, strict=True)
            ],
            ys,
            splits,
        )
        row.probes["word overlap"] = cv_stump(
            [overlap(f, s) for f, s in zip(firsts, seconds, strict=True)], ys, splits
        )
        row.probes["length"] = cv_stump(
            [float(len(s) - len(f)) for f, s in zip(firsts, seconds, strict=True)], ys, splits
        )
    else:
        row.probes["negation"] = cv_stump(
            [float(bool(NEGATION.search(t))) for t in texts], ys, splits
        )
        row.probes["length"] = cv_stump([float(len(t)) for t in texts], ys, splits)
    # Last, so a simpler trick that does as well is the one named.
    row.probes["bag of words"] = cv_bag_of_words(texts, ys, splits)
    return row


def _audit_choices(name: str, pairs: Sequence[TaskPair]) -> TypeAudit:
    readable: list[tuple[TaskPair, list[str], int]] = []
    for pair in pairs:
        listed = option_list(pair)
        answer = chosen_option(pair, listed) if len(listed) >= 2 else None
        if answer is not None:
            readable.append((pair, listed, answer))
    if not readable:
        return TypeAudit(name, "choice", 0, 0.0, unreadable=len(pairs))
    chance = sum(1 / len(listed) for _, listed, _ in readable) / len(readable)
    row = TypeAudit(name, "choice", len(readable), chance, unreadable=len(pairs) - len(readable))
    positions = Counter(str(answer) for _, _, answer in readable)
    row.labels = {f"option {int(k) + 1}": v for k, v in positions.items()}
    row.probes["same position"] = positions.most_common(1)[0][1] / len(readable)
    in_passage = longest = shared = 0.0
    for pair, listed, answer in readable:
        passage = norm(pair.context)
        # The option that shares the most content words with the passage (what a reader
        # who matches words, not meaning, would pick), words cut to five letters so
        # "Suggests" meets "suggested"; ties shared at random.
        words = {w[:5] for w in content(pair.context)}
        scores = [len({w[:5] for w in content(o)} & words) for o in listed]
        best = [i for i, n in enumerate(scores) if n == max(scores)]
        shared += (answer in best) / len(best)
        found = [i for i, o in enumerate(listed) if norm(o) and f" {norm(o)} " in f" {passage} "]
        # Expected accuracy of picking at random among the options the passage holds
        # (among all options when it holds none).
        pool = found or list(range(len(listed)))
        in_passage += (answer in pool) / len(pool)
        lengths = [len(o) for o in listed]
        tied = [i for i, n in enumerate(lengths) if n == max(lengths)]
        longest += (answer in tied) / len(tied)
    row.probes["option in passage"] = in_passage / len(readable)
    row.probes["longest option"] = longest / len(readable)
    row.probes["word overlap"] = shared / len(readable)
    return row


def _question_words(question: str) -> frozenset[str]:
    """The words that tell two questions apart: content words, numbers and negation.

    "Who may sell copies?" and "Who may not sell copies?" ask different things, and so
    do "item 3" and "item 4": content words alone would merge them.
    """
    words = set(content(question))
    words.update(w for w in norm(question).split() if w.isdigit() or NEGATION.fullmatch(w))
    return frozenset(words)


def _question_summary(pairs: Sequence[TaskPair], report: AuditReport) -> None:
    questions = [(p.task_type, _question_words(question_of(p))) for p in pairs]
    questions = [(t, q) for t, q in questions if q]
    report.question_pairs = len(questions)
    # Each question joins the first earlier group whose first question it matches (Jaccard
    # >= DISTINCT_JACCARD), else starts a group. Comparing against every group is
    # quadratic (a minute at 10k questions); prefix filtering finds the same groups: two
    # sets that similar share a word among the rarest few of each (Chaudhuri et al. 2006).
    frequency = Counter(w for _, words in questions for w in words)
    postings: dict[str, list[int]] = {}
    groups: list[tuple[frozenset[str], set[str], list[int]]] = []
    for index, (task, words) in enumerate(questions):
        rare = sorted(words, key=lambda w: (frequency[w], w))
        prefix = rare[: len(rare) - math.ceil(DISTINCT_JACCARD * len(rare) - 1e-9) + 1]
        candidates = sorted({g for w in prefix for g in postings.get(w, ())})
        for number in candidates:
            seen, types, members = groups[number]
            if len(words & seen) / len(words | seen) >= DISTINCT_JACCARD:
                types.add(task)
                members.append(index)
                break
        else:
            for word in prefix:
                postings.setdefault(word, []).append(len(groups))
            groups.append((words, {task}, [index]))
    report.distinct_questions = len(groups)
    report.cross_type_repeats = sum(len(members) for _, types, members in groups if len(types) > 1)


def audit_pairs(
    pairs: Iterable[TaskPair],
    *,
    folds: int = DEFAULT_FOLDS,
    seed: int = 0,
    min_pairs: int = DEFAULT_MIN_PAIRS,
) -> AuditReport:
    """Audit pairs for answers a trick gets without reading the passage.

    For each task type whose answer is a label (ynqa, nli, te, wsd, paraphrase_id,
    sentiment, custom label types): the majority label's share, and the cross-validated
    accuracy of a bag-of-words classifier on the task text without the passage, a negation
    stump, a length stump and, for two-statement types, a word-overlap stump. For choice
    types (mcqa, topic_class): the chance rate, and picking the option found in the
    passage, the longest option, or always the same position. Question types are checked
    for questions asked twice, within a type or across types.

    Args:
        pairs: Pairs from any tool (``pairs, problems = read_pairs(path)`` reads a file;
            see :func:`~langchain_taskgen.read_pairs`).
        folds: Cross-validation folds for the tricks that learn.
        seed: Seed of the fold split.
        min_pairs: Types with fewer pairs are reported but never flagged.

    Returns:
        The report; ``report.flagged(max_gap)`` names the types a trick answers.
    """
    pairs = list(pairs)
    report = AuditReport(min_pairs=min_pairs)
    by_type: dict[str, list[TaskPair]] = {}
    for pair in pairs:
        by_type.setdefault(pair.task_type, []).append(pair)
    for name, group in by_type.items():
        task = get_task_type(name)
        if task.answer is AnswerKind.LABEL:
            two_part = not task.context_in_input and name not in {"sentiment"}
            report.types[name] = _audit_labels(name, group, folds, seed, two_part)
        elif task.answer is AnswerKind.CHOICE:
            report.types[name] = _audit_choices(name, group)
    _question_summary([p for p in pairs if p.task_type in QUESTION_TYPES], report)
    return report
