"""Check any pairs file: strict task checks, duplicates, and passage relevance.

Works on this library's JSONL records (``task_type``, ``input``, ``output``, ``context``,
``metadata``), whoever wrote them: generated pairs, hand-written pairs, another tool's
pairs whose input may or may not carry the passage. Every pair in ends kept or rejected
with a reason: ``len(kept) + len(rejected) == pairs in``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from langchain_taskgen.checks.answers import normalize, validate_pair, written_part
from langchain_taskgen.checks.roundtrip import RoundTripCheck
from langchain_taskgen.embeddings import normalize_rows
from langchain_taskgen.errors import TaskParseError
from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.tasks import TASK_TYPES, get_task_type

# A pair's text must find its own passage among this many most similar passages of the
# file; below that it is about something else (or its passage was swapped).
RELEVANCE_TOP = 2
NEAR_DUPLICATE_COSINE = 0.97


def __getattr__(name: str) -> frozenset[str]:
    # NOT_ABOUT_THE_PASSAGE: kept for old imports, read from the registry when asked
    # (each task type's ``about_passage`` facet decides; custom types included).
    if name == "NOT_ABOUT_THE_PASSAGE":
        return frozenset(t.name for t in TASK_TYPES.values() if not t.about_passage)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class VerifyReport:
    """What :func:`verify_pairs` did.

    Attributes:
        pairs_in: Pairs checked.
        kept: Pairs kept.
        rejected: Rejected pairs by reason.
        rejected_by_task: Rejected pairs per task type, by reason.
        kept_by_task: Kept pairs per task type.
        round_trip: What the round-trip check did (``checked``: scored, ``unscored``:
            the engine could not score them, ``not_grounded``), empty when it did not run.
        round_trip_method: ``"likelihood"`` or ``"answer"`` (see
            :class:`~langchain_taskgen.checks.roundtrip.RoundTripCheck`), ``None`` when off.
        round_trip_errors: The engine's errors during the round trip (up to five
            distinct messages); empty when it answered every prompt.
        unscored_rejected: Whether unscored pairs were rejected (``unscored``) or kept.
    """

    pairs_in: int = 0
    kept: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    rejected_by_task: dict[str, Counter[str]] = field(default_factory=dict)
    kept_by_task: Counter[str] = field(default_factory=Counter)
    round_trip: Counter[str] = field(default_factory=Counter)
    round_trip_method: str | None = None
    round_trip_errors: list[str] = field(default_factory=list)
    unscored_rejected: bool = True

    @property
    def round_trip_failed(self) -> bool:
        """Whether the engine failed during the round trip (pairs were left unscored)."""
        return bool(self.round_trip_errors)

    def reject(self, pair: TaskPair, reason: str) -> None:
        """Count one rejected pair."""
        self.rejected[reason] += 1
        self.rejected_by_task.setdefault(pair.task_type, Counter())[reason] += 1

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable summary."""
        return {
            "pairs_in": self.pairs_in,
            "kept": self.kept,
            "rejected": dict(self.rejected),
            "kept_by_task": dict(self.kept_by_task),
            "rejected_by_task": {k: dict(v) for k, v in self.rejected_by_task.items()},
            "round_trip": dict(self.round_trip),
            "round_trip_method": self.round_trip_method,
            "round_trip_errors": list(self.round_trip_errors),
        }

    def summary(self) -> str:
        """One fact per line, as the CLI prints it."""
        lines = [
            f"pairs in: {self.pairs_in}  kept: {self.kept}  rejected: {sum(self.rejected.values())}"
        ]
        lines += [f"  {reason}: {count}" for reason, count in self.rejected.most_common()]
        if self.round_trip_method:
            unscored = self.round_trip["unscored"]
            fate = "" if not unscored else " rejected" if self.unscored_rejected else " kept"
            lines.append(
                f"round trip ({self.round_trip_method}): checked {self.round_trip['checked']}, "
                f"not grounded {self.round_trip['not_grounded']}, unscored {unscored}{fate}"
            )
            lines += [f"  round trip engine error: {e}" for e in self.round_trip_errors]
        for task in sorted(set(self.kept_by_task) | set(self.rejected_by_task)):
            reasons = self.rejected_by_task.get(task, Counter())
            lines.append(
                f"  {task}: kept {self.kept_by_task.get(task, 0)}, rejected "
                f"{sum(reasons.values())}"
                + (
                    f" ({', '.join(f'{r} {c}' for r, c in reasons.most_common(3))})"
                    if reasons
                    else ""
                )
            )
        return "\n".join(lines)


def verify_pairs(
    pairs: list[TaskPair],
    *,
    embeddings: Embeddings | None = None,
    relevance_top: int = RELEVANCE_TOP,
    near_duplicate_cosine: float = NEAR_DUPLICATE_COSINE,
    min_quality: float | None = None,
    round_trip: RoundTripCheck | None = None,
) -> tuple[list[TaskPair], list[tuple[TaskPair, str]], VerifyReport]:
    """Run every check on ``pairs``; return kept pairs, rejected pairs with reasons, a report.

    Checks, in order, each a rejection reason: the strict task checks of
    :func:`~langchain_taskgen.validate_pair` (labels, options, spans, loops, answers given
    away, question form); ``no_context`` for a pair without a passage; ``duplicate``
    (same task, input and output); with ``embeddings``: ``near_duplicate`` (cosine of the
    pair texts >= ``near_duplicate_cosine`` within a task type, and within one passage
    for task types whose input carries it) and ``off_passage`` (the
    pair's own text does not rank its passage among the ``relevance_top`` most similar
    passages of the file; needs at least ``relevance_top + 1`` distinct passages; not
    for pairs whose ``metadata["built_by"]`` is ``"code"`` (built from the passage), nor
    for task types whose ``about_passage`` is off: sentiment, topic_class and wsd, whose
    own text is not about the passage by design, and custom label types such as a
    :class:`~langchain_taskgen.LabelTask`, whose question is the same for every passage).

    With embeddings and enough passages, each kept pair gets ``metadata["quality"]``
    (0..1): the share of the file's other passages that its text is less similar to
    than to its own (1.0: its own passage is the closest). ``min_quality`` rejects
    pairs below it as ``low_quality``; the selector's and exports' ``min_quality``
    read the same field.

    With ``round_trip`` (a :class:`~langchain_taskgen.checks.roundtrip.RoundTripCheck` on an
    engine), the surviving pairs of its task types are asked whether their passage makes
    their answer more likely; those it does not are rejected as ``not_grounded``, scored
    ones carry ``metadata["round_trip"]``. Those the engine could not score are rejected
    as ``unscored`` (kept, unmarked, with ``reject_unscored=False``), and the engine's
    errors are in :attr:`VerifyReport.round_trip_errors`.

    Example:
        >>> good = TaskPair("Is the sky blue?", "Yes", "ynqa", context="The sky is blue.")
        >>> bad = TaskPair("Is the sky blue?", "Maybe", "ynqa", context="The sky is blue.")
        >>> kept, rejected, report = verify_pairs([good, bad])
        >>> len(kept), rejected[0][1]
        (1, 'invalid_label')
    """
    report = VerifyReport(pairs_in=len(pairs))
    rejected: list[tuple[TaskPair, str]] = []
    survivors: list[TaskPair] = []
    seen: set[str] = set()
    for pair in pairs:
        reason = None
        if not pair.context.strip():
            reason = "no_context"
        else:
            try:
                validate_pair(pair.input, pair.output, pair.task_type, pair.context)
            except TaskParseError as error:
                reason = error.reason
            except ValueError:
                reason = "unknown_task_type"
        if reason is None and pair.id in seen:
            reason = "duplicate"
        if reason is None:
            seen.add(pair.id)
            survivors.append(pair)
        else:
            report.reject(pair, reason)
            rejected.append((pair, reason))
    if embeddings is not None and survivors:
        survivors = _embedding_checks(
            survivors,
            embeddings,
            relevance_top,
            near_duplicate_cosine,
            report,
            rejected,
            min_quality,
        )
    if round_trip is not None and survivors:
        report.round_trip_method = round_trip.method
        report.unscored_rejected = round_trip.reject_unscored
        survivors, not_grounded, counts, errors = round_trip.check_with_errors(survivors)
        report.round_trip.update(counts)
        report.round_trip_errors = errors
        for pair, reason in not_grounded:
            report.reject(pair, reason)
            rejected.append((pair, reason))
    for pair in survivors:
        report.kept += 1
        report.kept_by_task[pair.task_type] += 1
    return survivors, rejected, report


def _embedding_checks(
    pairs: list[TaskPair],
    embeddings: Embeddings,
    relevance_top: int,
    near_duplicate_cosine: float,
    report: VerifyReport,
    rejected: list[tuple[TaskPair, str]],
    min_quality: float | None = None,
) -> list[TaskPair]:
    own_texts = [f"{written_part(p.input, p.context)}\n{p.output}" for p in pairs]
    texts = normalize_rows(np.asarray(embeddings.embed_documents(own_texts), dtype=np.float32))
    passages = sorted({normalize(p.context): p.context for p in pairs}.items())
    index = {key: i for i, (key, _) in enumerate(passages)}
    passage_vectors = normalize_rows(
        np.asarray(embeddings.embed_documents([text for _, text in passages]), dtype=np.float32)
    )
    check_relevance = len(passages) > relevance_top
    kept: list[TaskPair] = []
    kept_vectors: dict[tuple[str, str], list[Any]] = {}
    for pair, vector in zip(pairs, texts, strict=True):
        reason = None
        if check_relevance and _about_the_passage(pair.task_type):
            scores = passage_vectors @ vector
            own = scores[index[normalize(pair.context)]]
            above = int((scores > own).sum())
            quality = round(1.0 - above / (len(passages) - 1), 3)
            pair = pair.with_metadata(quality=quality)
            # Pairs code built from their passage are on it by construction; measured on
            # 219 reader-judged structured pairs, off_passage rejected 30, 21 of them good
            # (the base rate): it only costs yield there, so they keep just the score.
            if above >= relevance_top and pair.metadata.get("built_by") != "code":
                reason = "off_passage"
            elif min_quality is not None and quality < min_quality:
                reason = "low_quality"
        if reason is None:
            group = _duplicate_group(pair)
            others = kept_vectors.get(group, [])
            if others and float(np.max(np.stack(others) @ vector)) >= near_duplicate_cosine:
                reason = "near_duplicate"
        if reason is None:
            kept.append(pair)
            kept_vectors.setdefault(_duplicate_group(pair), []).append(vector)
        else:
            report.reject(pair, reason)
            rejected.append((pair, reason))
    return kept


def _about_the_passage(task_type: str) -> bool:
    """Whether a pair's own text (input without the passage, output) is about its passage.

    Task types whose text is not, by design (a generic question, options from other
    passages, a word in an everyday sentence), read as good to independent readers yet
    mostly "failed" relevance: their ``about_passage`` facet turns the check off.
    """
    try:
        return bool(get_task_type(task_type).about_passage)
    except ValueError:
        return True


def _duplicate_group(pair: TaskPair) -> tuple[str, str]:
    """The group within which pairs can near-duplicate each other.

    Same task type; for task types whose input carries the passage also the same
    passage (one question asked of two passages is two examples).
    """
    try:
        carries_passage = get_task_type(pair.task_type).context_in_input
    except ValueError:
        carries_passage = False
    return pair.task_type, normalize(pair.context) if carries_passage else ""
