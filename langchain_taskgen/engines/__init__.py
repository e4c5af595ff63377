"""Engines: how text is generated (vLLM, any LangChain model, the embedded default).

The protocol and its data types (:mod:`~langchain_taskgen.engines.base`) load at once;
the two engines load on first use, since LangChain's model classes take ~0.6 s to import.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from langchain_taskgen.engines.base import (
    Completion,
    OutputConstraint,
    PromptResult,
    SamplingConfig,
    TaskEngine,
)

if TYPE_CHECKING:
    from langchain_taskgen.engines.langchain import LangChainEngine
    from langchain_taskgen.engines.vllm import VLLMEngine

_LAZY = {
    "LangChainEngine": "langchain_taskgen.engines.langchain",
    "VLLMEngine": "langchain_taskgen.engines.vllm",
}

__all__ = [
    "Completion",
    "LangChainEngine",
    "OutputConstraint",
    "PromptResult",
    "SamplingConfig",
    "TaskEngine",
    "VLLMEngine",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
