"""LangChain replies as completions: retryable errors, token counts, structured answers.

The pure helpers of :class:`~langchain_taskgen.engines.langchain.LangChainEngine`.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from langchain_core.outputs import ChatGeneration, Generation, LLMResult

from langchain_taskgen.engines.base import Completion, OutputConstraint, PromptResult

# Names rather than classes so the openai / httpx packages stay optional.
_TRANSIENT_NAMES = {
    "APIConnectionError",
    "APITimeoutError",
    "RateLimitError",
    "InternalServerError",
    "ServiceUnavailableError",
    "ConnectError",
    "ReadTimeout",
    "RemoteProtocolError",
}


def is_transient(error: BaseException) -> bool:
    """Whether an error is worth retrying (connection trouble, timeouts, 429 and 5xx)."""
    if isinstance(error, ConnectionError | TimeoutError | asyncio.TimeoutError):
        return True
    names = {cls.__name__ for cls in type(error).__mro__}
    if names & _TRANSIENT_NAMES:
        return True
    status = getattr(error, "status_code", None)
    return isinstance(status, int) and (status == 429 or status >= 500)


def response_format(constraint: OutputConstraint) -> dict[str, Any]:
    """The OpenAI ``response_format`` for a constraint (choices wrapped in an object).

    Example:
        >>> fmt = response_format(OutputConstraint(choices=("yes", "no")))
        >>> fmt["json_schema"]["schema"]["properties"]["answer"]
        {'type': 'string', 'enum': ['yes', 'no']}
    """
    schema = constraint.schema()
    if constraint.choices:
        schema = {
            "type": "object",
            "properties": {"answer": schema},
            "required": ["answer"],
            "additionalProperties": False,
        }
    return {
        "type": "json_schema",
        "json_schema": {"name": "task", "schema": schema, "strict": True},
    }


def _truncated(error: BaseException) -> Completion | None:
    """A reply cut at max_tokens that the client raised instead of returning.

    The OpenAI SDK raises ``LengthFinishReasonError`` when a structured-output reply
    hits the token limit; it is a truncated completion (counted as ``truncated``), not
    an engine failure.
    """
    if type(error).__name__ != "LengthFinishReasonError":
        return None
    completion = getattr(error, "completion", None)
    choices = getattr(completion, "choices", None) or []
    message = getattr(choices[0], "message", None) if choices else None
    usage = getattr(completion, "usage", None)
    return Completion(
        text=str(getattr(message, "content", None) or ""),
        finish_reason="length",
        prompt_tokens=getattr(usage, "prompt_tokens", None),
        completion_tokens=getattr(usage, "completion_tokens", None),
    )


def _unwrap(completion: Completion, constraint: OutputConstraint | None) -> Completion:
    """For a choice constraint, the chosen string instead of ``{"answer": ...}``."""
    if constraint is None or not constraint.choices:
        return completion
    try:
        answer = json.loads(completion.text).get("answer")
    except (ValueError, AttributeError):
        return completion  # left for the parser to reject
    if isinstance(answer, str):
        completion.text = answer
    return completion


def _completion(generation: Generation) -> Completion:
    info = dict(generation.generation_info or {})
    finish = info.get("finish_reason")
    prompt_tokens = completion_tokens = None
    if isinstance(generation, ChatGeneration):
        metadata = getattr(generation.message, "response_metadata", {}) or {}
        finish = finish or metadata.get("finish_reason") or metadata.get("stop_reason")
        usage = getattr(generation.message, "usage_metadata", None) or {}
        prompt_tokens = usage.get("input_tokens")
        completion_tokens = usage.get("output_tokens")
    return Completion(
        text=generation.text,
        finish_reason=str(finish) if finish is not None else None,
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
    )


def _group(result: LLMResult, n_prompts: int, n: int) -> list[PromptResult]:
    generations = result.generations
    if len(generations) != n_prompts * n:
        raise ValueError(
            f"model returned {len(generations)} generation lists for {n_prompts * n} prompts"
        )
    return [
        PromptResult([_completion(g[0]) for g in generations[i * n : (i + 1) * n] if g])
        for i in range(n_prompts)
    ]


def _collect(
    jobs: list[tuple[int, str]], outcomes: list[Completion | str], n_prompts: int
) -> list[PromptResult]:
    results = [PromptResult() for _ in range(n_prompts)]
    for (index, _), outcome in zip(jobs, outcomes, strict=True):
        if isinstance(outcome, Completion):
            results[index].completions.append(outcome)
        else:
            results[index].metadata.setdefault("errors", []).append(outcome)
    for result in results:
        errors = result.metadata.get("errors", [])
        if errors and not result.completions:
            result.error, result.detail = "engine_error", errors[0]
    return results
