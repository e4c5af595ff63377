"""GenerationReport: where every document, prompt and completion of a run ended up."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

MAX_EXAMPLES_PER_REASON = 3


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
        completions: Completions expected back (prompts x n).
        accepted: Completions that became a task pair.
        rejected: Rejected completions by reason.
        examples: Up to three offending completions per rejection reason.
        accepted_by_task: Accepted pairs per task type.
        prompt_tokens: Prompt tokens, where the engine reports them.
        completion_tokens: Generated tokens, where the engine reports them.
        seconds: Wall time of the run.
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
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0

    @property
    def rejected_total(self) -> int:
        """All rejected completions."""
        return sum(self.rejected.values())

    @property
    def yield_rate(self) -> float:
        """Accepted / completions (0 when nothing was generated)."""
        return self.accepted / self.completions if self.completions else 0.0

    def reject(self, reason: str, completion: str = "", count: int = 1) -> None:
        """Count ``count`` rejected completions under ``reason``."""
        self.rejected[reason] += count
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
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.seconds += other.seconds
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
            "yield_rate": round(self.yield_rate, 4),
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": self.completion_tokens,
            "seconds": round(self.seconds, 3),
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
            prompt_tokens=int(data.get("prompt_tokens", 0)),
            completion_tokens=int(data.get("completion_tokens", 0)),
            seconds=float(data.get("seconds", 0.0)),
        )

    def summary(self) -> str:
        """A short human-readable summary, one fact per line."""
        lines = [
            f"documents: {self.documents} (skipped: {dict(self.skipped_documents) or 0})",
            f"chunks: {self.chunks}  prompts: {self.prompts}  completions: {self.completions}",
            f"accepted: {self.accepted} ({self.yield_rate:.1%})"
            + (f"  by task: {dict(self.accepted_by_task)}" if self.accepted_by_task else ""),
            f"rejected: {self.rejected_total}",
        ]
        for reason, count in self.rejected.most_common():
            lines.append(f"  {reason}: {count}")
        if self.completion_tokens and self.seconds:
            lines.append(
                f"generated tokens: {self.completion_tokens} "
                f"({self.completion_tokens / self.seconds:.1f} tok/s over {self.seconds:.1f} s)"
            )
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()
