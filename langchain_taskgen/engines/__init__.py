"""Engines: how text is generated (vLLM, any LangChain model, the embedded default)."""

from langchain_taskgen.engines.base import (
    Completion,
    OutputConstraint,
    PromptResult,
    SamplingConfig,
    TaskEngine,
)
from langchain_taskgen.engines.langchain import LangChainEngine
from langchain_taskgen.engines.vllm import VLLMEngine

__all__ = [
    "Completion",
    "LangChainEngine",
    "OutputConstraint",
    "PromptResult",
    "SamplingConfig",
    "TaskEngine",
    "VLLMEngine",
]
