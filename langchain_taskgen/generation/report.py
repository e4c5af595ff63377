"""GenerationReport: where every document, prompt and completion of a run ended up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MAX_EXAMPLES_PER_REASON = 3
# One label above this share of a task type's pairs (with enough pairs to tell) is a
# collapse worth a warning: a model trained on such pairs learns to answer one label.
LABEL_COLLAPSE_SHARE = 0.9
LABEL_COLLAPSE_MIN_PAIRS = 5


def counted(counts: Mapping[str, int], separator: str = ": ") -> str:
    """A count by reason in words: the total, then each reason, most frequent first.

    Reasons are written as they are counted (no list of known reasons): a reason added
    anywhere reads right here too.

    Example:
        >>> counted(Counter(empty=1, unreadable=1, not_text=0))
        '2 (empty: 1, unreadable: 1)'
        >>> counted({})
        '0'
        >>> counted(Counter(ynqa=3, exqa=5), " ")
        '8 (exqa 5, ynqa 3)'
    """
    total = sum(counts.values())
    return f"{total} ({listed(counts, separator)})" if total else "0"


def listed(counts: Mapping[str, int], separator: str = ": ") -> str:
    """Each reason and its count, most frequent first (ties by name), zeros left out.

    Example:
        >>> listed(Counter(ynqa=3, exqa=5), " ")
        'exqa 5, ynqa 3'
    """
    items = sorted(((k, v) for k, v in counts.items() if v), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{k}{separator}{v}" for k, v in items)


@dataclass
class GenerationReport:
    """Counts of one generation run; ``accepted + rejected_total == completions`` always.

    A prompt the engine could not answer counts as ``n`` rejected completions
    (reason ``engine_error`` or ``prompt_too_long``), so the invariant holds then too.

    Attributes:
        documents: Documents received.
        skipped_documents: Documents that produced no chunk, by reason.
        chunks: Chunks made from the documents.
        prompts: Prompts sent (chunks x task types).
        completions: Completions expected back (prompts x n; structured format: chunks x
            task types x n, whether code or the model writes them).
        accepted: Completions that became a task pair.
        rejected: Rejected completions by reason.
        examples: Up to three offending completions per rejection reason.
        accepted_by_task: Accepted pairs per task type.
        rejected_by_task: Rejected completions per task type, by reason.
        labels_by_task: Answer distribution of label tasks (ynqa, nli, ...) per task type.
        accepted_by_path: Structured format: accepted pairs built by code alone
            (``"code"``) or with a model-written part (``"model"``).
        written_questions: Question tasks (exqa, qa, qg) whose question the model was
            asked to write (``model_questions``): ``asked``, ``used`` (the written
            question is in the pair), ``round_trips`` (written questions checked by a
            round trip, whose prompts are counted in ``prompts`` too) and
            ``code:<reason>`` (the code question kept, and why: ``copied_sentence``,
            ``contains_answer``, ``round_trip_mismatch`` ...).
        completions_by_decoding: Completions the engine returned under structured
            decoding (``"constrained"``: a JSON schema or label choices) or as free text
            (``"free"``), counted only when some prompt of the run was constrained.
        prompt_tokens: Prompt tokens, where the engine reports them.
        completion_tokens: Generated tokens, where the engine reports them.
        seconds: Wall time of the run.
        engine_start_seconds: The part of ``seconds`` spent starting the engine (vLLM
            loading the model on the first call; 0 when it was already running).
    """

    documents: int = 0
    skipped_documents: Counter[str] = field(default_factory=Counter)
    chunks: int = 0
    prompts: int = 0
    completions: int = 0
    accepted: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    accepted_by_task: Counter[str] = field(default_factory=Counter)
    rejected_by_task: dict[str, Counter[str]] = field(default_factory=dict)
    labels_by_task: dict[str, Counter[str]] = field(default_factory=dict)
    accepted_by_path: Counter[str] = field(default_factory=Counter)
    written_questions: Counter[str] = field(default_factory=Counter)
    completions_by_decoding: Counter[str] = field(default_factory=Counter)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    engine_start_seconds: float = 0.0

    @property
    def rejected_total(self) -> int:
        """All rejected completions."""
        return sum(self.rejected.values())

    @property
    def yield_rate(self) -> float:
        """Accepted / completions (0 when nothing was generated)."""
        return self.accepted / self.completions if self.completions else 0.0

    def reject(
        self, reason: str, completion: str = "", count: int = 1, task: str | None = None
    ) -> None:
        """Count ``count`` rejected completions under ``reason`` (and ``task``, if given)."""
        self.rejected[reason] += count
        if task is not None:
            self.rejected_by_task.setdefault(task, Counter())[reason] += count
        samples = self.examples.setdefault(reason, [])
        if len(samples) < MAX_EXAMPLES_PER_REASON:
            samples.append(completion[:500])

    def merge(self, other: GenerationReport) -> GenerationReport:
        """Add another report's counts to this one (in place) and return it."""
        self.documents += other.documents
        self.skipped_documents.update(other.skipped_documents)
        self.chunks += other.chunks
        self.prompts += other.prompts
        self.completions += other.completions
        self.accepted += other.accepted
        self.rejected.update(other.rejected)
        for reason, samples in other.examples.items():
            mine = self.examples.setdefault(reason, [])
            mine.extend(samples[: MAX_EXAMPLES_PER_REASON - len(mine)])
        self.accepted_by_task.update(other.accepted_by_task)
        for name, counts in other.rejected_by_task.items():
            self.rejected_by_task.setdefault(name, Counter()).update(counts)
        for name, counts in other.labels_by_task.items():
            self.labels_by_task.setdefault(name, Counter()).update(counts)
        self.accepted_by_path.update(other.accepted_by_path)
        self.written_questions.update(other.written_questions)
        self.completions_by_decoding.update(other.completions_by_decoding)
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.seconds += other.seconds
        self.engine_start_seconds += other.engine_start_seconds
        return self

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable summary."""
        return {
            "documents": self.documents,
            "skipped_documents": dict(self.skipped_documents),
            "chunks": self.chunks,
            "prompts": self.prompts,
            "completions": self.completions,
            "accepted": self.accepted,
            "rejected": dict(self.rejected),
            "rejected_total": self.rejected_total,
            "accepted_by_task": dict(self.accepted_by_task),
            "rejected_by_task": {k: dict(v) for k, v in self.rejected_by_task.items()},
            "labels_by_task": {k: dict(v) for k, v in self.labels_by_task.items()},
            "label_warnings": self.label_warnings(),
            "accepted_by_path": dict(self.accepted_by_path),
            "written_questions": dict(self.written_questions),
            "completions_by_decoding": dict(self.completions_by_decoding),
            "yield_rate": round(self.yield_rate, 4),
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "seconds": round(self.seconds, 3),
            "engine_start_seconds": round(self.engine_start_seconds, 3),
            "examples": self.examples,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GenerationReport:
        """Rebuild a report from :meth:`to_dict` output."""
        return cls(
            documents=int(data.get("documents", 0)),
            skipped_documents=Counter(data.get("skipped_documents") or {}),
            chunks=int(data.get("chunks", 0)),
            prompts=int(data.get("prompts", 0)),
            completions=int(data.get("completions", 0)),
            accepted=int(data.get("accepted", 0)),
            rejected=Counter(data.get("rejected") or {}),
            examples={k: list(v) for k, v in (data.get("examples") or {}).items()},
            accepted_by_task=Counter(data.get("accepted_by_task") or {}),
            rejected_by_task={
                k: Counter(v) for k, v in (data.get("rejected_by_task") or {}).items()
            },
            labels_by_task={k: Counter(v) for k, v in (data.get("labels_by_task") or {}).items()},
            accepted_by_path=Counter(data.get("accepted_by_path") or {}),
            written_questions=Counter(data.get("written_questions") or {}),
            completions_by_decoding=Counter(data.get("completions_by_decoding") or {}),
            prompt_tokens=int(data.get("prompt_tokens", 0)),
            completion_tokens=int(data.get("completion_tokens", 0)),
            seconds=float(data.get("seconds", 0.0)),
            engine_start_seconds=float(data.get("engine_start_seconds", 0.0)),
        )

    def label_warnings(self) -> list[str]:
        """One line per task type whose answers collapsed onto one label (> 90%).

        Example:
            >>> report = GenerationReport(labels_by_task={"ynqa": Counter(no=11)})
            >>> report.label_warnings()
            ["ynqa: 11 of 11 answers are 'no' (100%): the pairs teach one label"]
        """
        warnings = []
        for task, counts in sorted(self.labels_by_task.items()):
            total = sum(counts.values())
            if total < LABEL_COLLAPSE_MIN_PAIRS:
                continue
            label, count = counts.most_common(1)[0]
            if count / total > LABEL_COLLAPSE_SHARE:
                warnings.append(
                    f"{task}: {count} of {total} answers are {label!r} ({count / total:.0%}): "
                    "the pairs teach one label"
                )
        return warnings

    def written_questions_line(self) -> str:
        """What became of the questions the model was asked to write, in one line.

        Example:
            >>> from collections import Counter
            >>> report = GenerationReport(written_questions=Counter(
            ...     {"asked": 3, "used": 1, "code:copied_sentence": 2}))
            >>> print(report.written_questions_line().replace("; ", "\\n"))
            questions written by the model: 1 used of 3 asked
            code question kept: copied_sentence 2
        """
        counts = self.written_questions
        kept = ", ".join(
            f"{key.removeprefix('code:')} {count}"
            for key, count in counts.most_common()
            if key.startswith("code:")
        )
        return (
            f"questions written by the model: {counts['used']} used of {counts['asked']} asked"
            + (f" ({counts['round_trips']} round trips)" if counts["round_trips"] else "")
            + (f"; code question kept: {kept}" if kept else "")
        )

    def per_task_table(self) -> str:
        """Completions accepted and rejected per task type, with the top rejection reasons."""
        tasks = sorted(set(self.accepted_by_task) | set(self.rejected_by_task))
        if not tasks:
            return ""
        lines = [f"{'task':<14}{'accepted':>9}{'rejected':>9}  top reasons / labels"]
        for task in tasks:
            rejected = self.rejected_by_task.get(task, Counter())
            reasons = ", ".join(f"{r} {c}" for r, c in rejected.most_common(3))
            labels = self.labels_by_task.get(task)
            if labels:
                reasons += (
                    ("; " if reasons else "")
                    + "labels "
                    + ", ".join(f"{k} {v}" for k, v in labels.most_common(3))
                )
            lines.append(
                f"{task:<14}{self.accepted_by_task.get(task, 0):>9}"
                f"{sum(rejected.values()):>9}  {reasons}"
            )
        return "\n".join(lines)

    def summary(self) -> str:
        """A short human-readable summary, one fact per line; counts by reason in words.

        Example:
            >>> report = GenerationReport(documents=4, skipped_documents=Counter(
            ...     empty_document=1, not_text=1), accepted_by_task=Counter(ynqa=2, qa=1))
            >>> print(report.summary().splitlines()[0])
            documents: 4; skipped: 2 (empty_document: 1, not_text: 1)
            >>> print(report.summary().splitlines()[2])
            accepted: 0 (0.0%)  by task: ynqa 2, qa 1
        """
        no_material = self.rejected.get("no_material", 0)
        withheld = self.rejected.get("withheld", 0)  # types the embedded default leaves out
        # wsd and topic_class candidates the run's limits left out (construct/run_limits.py)
        limited = self.rejected.get("run_limit", 0)
        repeated = self.rejected.get("duplicate", 0)  # the same pair made twice: not a fault
        # "Completions" reads as model output; most structured tasks are built by code, so
        # the planned tasks and the model prompts are named for what they are.
        by_task = listed(self.accepted_by_task, " ")
        lines = [
            f"documents: {self.documents}; skipped: {counted(self.skipped_documents)}",
            f"chunks: {self.chunks}  tasks planned: {self.completions}  "
            f"model prompts: {self.prompts}",
            f"accepted: {self.accepted} ({self.yield_rate:.1%})"
            + (f"  by task: {by_task}" if by_task else ""),
            f"rejected: {self.rejected_total}"
            + (
                f" (no material in the passage: {no_material}"
                + (f", withheld: {withheld}" if withheld else "")
                + (f", run limit: {limited}" if limited else "")
                + (f", duplicate: {repeated}" if repeated else "")
                + ", failed: "
                + f"{self.rejected_total - no_material - withheld - limited - repeated})"
                if no_material or withheld or limited or repeated
                else ""
            ),
        ]
        if self.accepted_by_path:
            lines[2] += "  built by: " + ", ".join(
                f"{k} {v}" for k, v in sorted(self.accepted_by_path.items())
            )
        if self.completions_by_decoding:
            lines[2] += "  decoding: " + ", ".join(
                f"{k} {v}" for k, v in sorted(self.completions_by_decoding.items())
            )
        if self.written_questions:
            lines.append(self.written_questions_line())
        for reason, count in self.rejected.most_common():
            lines.append(f"  {reason}: {count}")
        if len(set(self.accepted_by_task) | set(self.rejected_by_task)) > 1:
            lines.append(self.per_task_table())
        lines += [f"warning: {w}" for w in self.label_warnings()]
        if self.seconds:
            lines.append(
                f"seconds: {self.seconds:.1f} (engine start {self.engine_start_seconds:.1f}, "
                f"generation and checks {self.seconds - self.engine_start_seconds:.1f})"
            )
        generating = self.seconds - self.engine_start_seconds
        if self.completion_tokens and generating > 0:
            lines.append(
                f"generated tokens: {self.completion_tokens} "
                f"({self.completion_tokens / generating:.1f} tok/s over {generating:.1f} s)"
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()
