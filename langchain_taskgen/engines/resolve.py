"""The one place that decides which engine (and which default format) a run uses.

Everything that turns a user's choice of model into an engine goes through here: the
``llm=`` value of :class:`~langchain_taskgen.TaskGenerator` and of the evaluation, the
``taskgen`` model options, the engine description in a resumable run's fingerprint, and
and "is this a Bonito model" (which picks the ``"auto"`` format and guards
``--format bonito``; the naming helpers themselves are in
:mod:`~langchain_taskgen.engines.naming`, which the engines import without a cycle).
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseLanguageModel

from langchain_taskgen.engines.base import TaskEngine

# The naming helpers live at the bottom of engines/ (naming.py); their old home re-exports.
from langchain_taskgen.engines.naming import BONITO_FORMAT as BONITO_FORMAT
from langchain_taskgen.engines.naming import NON_BONITO_FORMAT as NON_BONITO_FORMAT
from langchain_taskgen.engines.naming import default_format_for as default_format_for
from langchain_taskgen.engines.naming import format_hint_for as format_hint_for
from langchain_taskgen.engines.naming import looks_like_bonito as looks_like_bonito
from langchain_taskgen.engines.naming import model_names as model_names
from langchain_taskgen.errors import EngineError

# Identity keys left out of run fingerprints: the format actually used is fingerprinted on
# its own, so a changed hint must not invalidate finished chunks.
_NOT_FINGERPRINTED = frozenset({"format_hint"})


class EngineOptionError(ValueError):
    """Model options that contradict each other or are malformed (a usage error)."""


def resolve_engine(llm: Any) -> TaskEngine:
    """Turn what the user passed as ``llm`` into a :class:`TaskEngine`.

    ``None`` gives the embedded default model on vLLM; a LangChain model is wrapped in
    :class:`~langchain_taskgen.engines.LangChainEngine`; a ``vllm.LLM`` in
    :class:`~langchain_taskgen.VLLMEngine`; an engine is used as is.

    Raises:
        TypeError: For anything else.

    Example:
        >>> from langchain_core.language_models import FakeListLLM
        >>> type(resolve_engine(FakeListLLM(responses=["x"]))).__name__
        'LangChainEngine'
    """
    if llm is None:
        from langchain_taskgen.engines.default import default_engine

        return default_engine()
    if isinstance(llm, BaseLanguageModel):
        from langchain_taskgen.engines.langchain import LangChainEngine

        return LangChainEngine(llm)
    if type(llm).__module__.startswith("vllm") and type(llm).__name__ == "LLM":
        from langchain_taskgen.engines.vllm import VLLMEngine

        return VLLMEngine(llm=llm)
    if isinstance(llm, TaskEngine):
        return llm
    raise TypeError(
        "llm must be None (embedded default model), a LangChain LLM or chat model, a "
        f"vllm.LLM, or a TaskEngine; got {type(llm).__name__}"
    )


def engine_from_options(
    *,
    model_dir: str | Path | None = None,
    chat: bool = False,
    dtype: str = "auto",
    prefix_caching: bool | None = None,
    openai_base_url: str | None = None,
    openai_model: str = "default",
    concurrency: int = 16,
    timeout: float = 120.0,
    retries: int = 2,
    llm_path: str | None = None,
) -> Any:
    """Build what ``TaskGenerator(llm=...)`` takes from the ``taskgen`` model options.

    At most one of ``model_dir`` (a local model on vLLM), ``openai_base_url`` (an
    OpenAI-compatible server such as ``vllm serve``) and ``llm_path`` (``module:attr`` of a
    LangChain model, an engine, or a function returning one) may be given; with none, the
    embedded default model (``None``, or the default engine in an explicit ``dtype`` or
    ``prefix_caching``). ``dtype`` and ``prefix_caching`` (``None``: vLLM's choice) apply
    to the vLLM models only; with a server or ``llm_path`` they must stay unset.

    Raises:
        EngineOptionError: For contradicting or malformed options.
        EngineError: If the chosen model cannot be imported or set up.

    Example:
        >>> engine_from_options() is None  # the embedded default model
        True
    """
    chosen = [x for x in (model_dir, openai_base_url, llm_path) if x]
    if len(chosen) > 1:
        raise EngineOptionError("use only one of --model, --openai-base-url, --llm")
    if openai_base_url or llm_path:
        given = [
            name
            for name, used in (
                ("--dtype", dtype != "auto"),
                ("--prefix-caching/--no-prefix-caching", prefix_caching is not None),
            )
            if used
        ]
        if given:
            raise EngineOptionError(
                f"{' and '.join(given)} apply to vLLM models only (the embedded default or "
                "--model), not to --openai-base-url or --llm"
            )
    if llm_path:
        module_name, _, attr = llm_path.partition(":")
        if not module_name or not attr:
            raise EngineOptionError("--llm must look like package.module:attribute")
        try:
            target = getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError) as error:
            raise EngineError(f"cannot import {llm_path}: {error}") from error
        # A plain function is a factory; a model or engine object is used as it is.
        return target() if inspect.isfunction(target) else target
    if openai_base_url:
        from pydantic import SecretStr

        from langchain_taskgen.engines.langchain import LangChainEngine

        try:
            from langchain_openai import ChatOpenAI
        except ImportError as error:
            raise EngineError(
                "--openai-base-url needs langchain-openai: pip install langchain-openai"
            ) from error
        model = ChatOpenAI(
            base_url=openai_base_url,
            model=openai_model,
            max_retries=0,
            api_key=SecretStr(os.environ.get("OPENAI_API_KEY", "none")),
            timeout=timeout,
        )
        # OpenAI-compatible servers (vllm serve, OpenAI) take response_format json_schema.
        return LangChainEngine(
            model,
            max_concurrency=concurrency,
            max_retries=retries,
            timeout=timeout,
            structured_outputs=True,
        )
    if model_dir:
        from langchain_taskgen.engines.vllm import VLLMEngine

        try:
            return VLLMEngine(model_dir, chat=chat, dtype=dtype, prefix_caching=prefix_caching)
        except (FileNotFoundError, ValueError) as error:
            raise EngineError(str(error)) from error
    if dtype != "auto" or prefix_caching is not None:
        from langchain_taskgen.engines.default import default_engine

        return default_engine(dtype=dtype, prefix_caching=prefix_caching)
    return None


def engine_identity(engine: Any) -> dict[str, Any] | None:
    """An engine's ``identity()`` (model, dtype, format hint ...), or ``None`` without one."""
    identity = getattr(engine, "identity", None)
    if not callable(identity):
        return None
    value = identity()
    return dict(value) if isinstance(value, dict) else None


def describe_engine(engine: Any) -> str:
    """A stable description of an engine's model, for run fingerprints.

    Engines with an ``identity()`` (``VLLMEngine``: model, chat template, dtype, context
    length, seed; ``LangChainEngine``: model class, name and server) are described by it,
    so changing any of those starts chunks afresh. The format hint is left out (the format
    in use is part of the fingerprint already).

    Example:
        >>> describe_engine(object())
        'object:None'
    """
    identity = engine_identity(engine)
    if identity is not None:
        kept = {k: v for k, v in identity.items() if k not in _NOT_FINGERPRINTED}
        return json.dumps(kept, sort_keys=True, default=str)
    model = getattr(engine, "model", None)
    if model is not None and not isinstance(model, str):
        parts = [type(model).__name__]
        for attr in ("model_name", "model", "openai_api_base", "base_url"):
            value = getattr(model, attr, None)
            if isinstance(value, str):
                parts.append(value)
        return "/".join(parts)
    return f"{type(engine).__name__}:{model}"
