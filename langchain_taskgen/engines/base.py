"""What the generator needs from an engine: prompts in, completions out."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable


@dataclass(frozen=True)
class OutputConstraint:
    """What one completion must look like, for engines with structured decoding.

    Attributes:
        json_schema: JSON text of a JSON schema the completion must match.
        choices: Or: the completion must be exactly one of these strings.

    Example:
        >>> OutputConstraint(choices=("yes", "no")).schema()
        {'type': 'string', 'enum': ['yes', 'no']}
    """

    json_schema: str | None = None
    choices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if (self.json_schema is None) == (not self.choices):
            raise ValueError("give exactly one of json_schema and choices")
        if self.json_schema is not None and not isinstance(json.loads(self.json_schema), dict):
            raise ValueError("json_schema must be the JSON text of an object")

    def schema(self) -> dict[str, Any]:
        """The constraint as a JSON schema (choices become a string enum)."""
        if self.json_schema is not None:
            loaded: dict[str, Any] = json.loads(self.json_schema)
            return loaded
        return {"type": "string", "enum": list(self.choices)}


@dataclass(frozen=True)
class SamplingConfig:
    """Sampling settings shared by all engines (Bonito's recommended defaults).

    Attributes:
        max_tokens: Longest completion in tokens.
        temperature: Sampling temperature.
        top_p: Nucleus sampling mass.
        n: Completions per prompt.
        stop: Stop sequences.
        seed: Seed where the engine supports one (vLLM: set at engine level on CPU).
        constraints: One :class:`OutputConstraint` (or ``None``) per prompt of the call,
            for engines with structured decoding (``supports_constraints``); empty for
            free text. Engines without it ignore them (the parser still checks).
    """

    max_tokens: int = 256
    temperature: float = 0.5
    top_p: float = 0.95
    n: int = 1
    stop: tuple[str, ...] = ()
    seed: int | None = None
    constraints: tuple[OutputConstraint | None, ...] = ()

    def __post_init__(self) -> None:
        if self.n < 1:
            raise ValueError(f"n must be at least 1, got {self.n}")
        if self.max_tokens < 1:
            raise ValueError(f"max_tokens must be at least 1, got {self.max_tokens}")
        if not 0.0 < self.top_p <= 1.0:
            raise ValueError(f"top_p must be in (0, 1], got {self.top_p}")
        if self.temperature < 0:
            raise ValueError(f"temperature must be >= 0, got {self.temperature}")


@dataclass
class Completion:
    """One sampled completion.

    Attributes:
        text: The generated text.
        finish_reason: ``"stop"``, ``"length"`` (truncated) or ``None`` when unknown.
        prompt_tokens: Prompt length in tokens, where known.
        completion_tokens: Generated tokens, where known.
    """

    text: str
    finish_reason: str | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


@dataclass
class PromptResult:
    """The engine's answer to one prompt: ``n`` completions, or an error.

    Attributes:
        completions: The completions (empty when ``error`` is set).
        error: Machine-readable failure reason (``engine_error``, ``prompt_too_long``).
        detail: Human-readable failure detail.
        metadata: Anything else the engine reports.
    """

    completions: list[Completion] = field(default_factory=list)
    error: str | None = None
    detail: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def failed(cls, reason: str, detail: str) -> PromptResult:
        """A result for a prompt that produced nothing."""
        return cls(error=reason, detail=detail)


@runtime_checkable
class TaskEngine(Protocol):
    """A text generation backend for :class:`~langchain_taskgen.TaskGenerator`.

    Both methods return exactly one :class:`PromptResult` per prompt, in order, and
    never raise for a single bad prompt (that prompt gets an ``error``). They raise
    :class:`~langchain_taskgen.EngineError` only when the engine as a whole is unusable.
    An engine that honours :attr:`SamplingConfig.constraints` says so with a
    ``supports_constraints = True`` attribute.
    """

    def generate(
        self, prompts: Sequence[str], sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        """Generate ``sampling.n`` completions for each prompt."""
        ...

    async def agenerate(
        self, prompts: Sequence[str], sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        """Async twin of :meth:`generate`."""
        ...
