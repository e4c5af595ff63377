"""Drive any LangChain LLM or chat model as a task generation engine."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from langchain_core.language_models import BaseChatModel, BaseLanguageModel, BaseLLM
from langchain_core.messages import HumanMessage

from langchain_taskgen.engines.base import (
    Completion,
    OutputConstraint,
    PromptResult,
    SamplingConfig,
)
from langchain_taskgen.engines.langchain_replies import (
    _collect,
    _completion,
    _group,
    _truncated,
    _unwrap,
)
from langchain_taskgen.engines.langchain_replies import is_transient as is_transient
from langchain_taskgen.engines.langchain_replies import response_format as response_format
from langchain_taskgen.engines.naming import format_hint_for, model_names

logger = logging.getLogger(__name__)


class LangChainEngine:
    """Generate with any LangChain ``BaseLLM`` or ``BaseChatModel``.

    Completion LLMs get all prompts (each repeated ``n`` times) in one ``generate`` call,
    which LangChain hands to the model's batched ``_generate``. If that call fails, each
    prompt is retried on its own, so one bad prompt costs only itself. Chat models get
    one request per sample, ``max_concurrency`` at a time (threads when sync, tasks when
    async): the scale-out path for an OpenAI-compatible ``vllm serve`` fleet through
    ``langchain_openai.ChatOpenAI(base_url=...)``. Transient errors (connection, timeout,
    429, 5xx) are retried with exponential backoff; ``finish_reason`` and token counts
    are kept where the model reports them.

    Args:
        model: The LangChain model.
        max_concurrency: Requests in flight at once on the per-request path.
        max_retries: Retries of a transient failure per request.
        retry_backoff: First backoff in seconds (doubles per retry).
        timeout: Seconds one request may take before it fails as a (transient) timeout;
            ``None`` waits as long as the model does. Give the model its own timeout too
            (``ChatOpenAI(timeout=...)``) so an abandoned request also ends on its side.
        pass_sampling: Pass ``max_tokens``, ``temperature`` and ``top_p`` as call kwargs
            (turn off for models that reject unknown kwargs).
        structured_outputs: Send each prompt's
            :class:`~langchain_taskgen.engines.base.OutputConstraint` to a chat model as
            an OpenAI ``response_format`` JSON schema (OpenAI, ``vllm serve`` and other
            OpenAI-compatible servers; choices are asked as ``{"answer": <enum>}`` and
            unwrapped). Off by default: other providers reject the argument.

    Example:
        >>> from langchain_core.language_models import FakeListLLM
        >>> engine = LangChainEngine(FakeListLLM(responses=["Is it?\\n<|pipe|>\\nYes"]))
        >>> engine.generate(["prompt"], SamplingConfig())[0].completions[0].text
        'Is it?\\n<|pipe|>\\nYes'
    """

    def __init__(
        self,
        model: BaseLanguageModel[Any],
        *,
        max_concurrency: int = 8,
        max_retries: int = 2,
        retry_backoff: float = 0.5,
        timeout: float | None = None,
        pass_sampling: bool = True,
        structured_outputs: bool = False,
    ) -> None:
        if not isinstance(model, BaseLanguageModel):
            raise TypeError(
                f"LangChainEngine needs a LangChain LLM or chat model, got {type(model).__name__}"
            )
        if max_concurrency < 1:
            raise ValueError("max_concurrency must be at least 1")
        if max_retries < 0:
            raise ValueError("max_retries must be at least 0")
        if timeout is not None and timeout <= 0:
            raise ValueError("timeout must be positive")
        self.model = model
        # generate/agenerate live on both BaseLLM and BaseChatModel, not on their base.
        self._model_any: Any = model
        self.max_concurrency = max_concurrency
        self.max_retries = max_retries
        self.retry_backoff = retry_backoff
        self.timeout = timeout
        self.pass_sampling = pass_sampling
        self.structured_outputs = structured_outputs

    @property
    def supports_constraints(self) -> bool:
        """Whether constraints are sent (``structured_outputs`` on a chat model)."""
        return self.structured_outputs and self.is_chat

    @property
    def is_chat(self) -> bool:
        """Whether the model is a chat model."""
        return isinstance(self.model, BaseChatModel)

    @property
    def format_hint(self) -> str:
        """The format ``"auto"`` picks for this model (``"bonito"`` for Bonito models)."""
        return format_hint_for(self.model)

    def identity(self) -> dict[str, Any]:
        """What identifies this engine's completions (for run fingerprints and logs).

        The model name comes from the LangChain model's ``model`` / ``model_name``; the
        dtype is the server's business, so it is ``None``.

        Example:
            >>> from langchain_core.language_models import FakeListLLM
            >>> LangChainEngine(FakeListLLM(responses=["x"])).identity()["class"]
            'FakeListLLM'
        """
        names = model_names(self.model)
        base_url = None
        for attr in ("openai_api_base", "base_url"):
            value = getattr(self.model, attr, None)
            if isinstance(value, str) and value:
                base_url = value
                break
        return {
            "engine": "langchain",
            "class": type(self.model).__name__,
            "model": names[0] if names else None,
            "base_url": base_url,
            "chat": self.is_chat,
            "dtype": None,
            "format_hint": self.format_hint,
        }

    def _kwargs(self, sampling: SamplingConfig, index: int | None = None) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"stop": list(sampling.stop) or None}
        constraint = self._constraint(sampling, index)
        if constraint is not None:
            kwargs["response_format"] = response_format(constraint)
        if self.pass_sampling:
            kwargs.update(
                max_tokens=sampling.max_tokens,
                temperature=sampling.temperature,
                top_p=sampling.top_p,
            )
        return kwargs

    def _constraint(self, sampling: SamplingConfig, index: int | None) -> OutputConstraint | None:
        if index is None or not sampling.constraints or not self.supports_constraints:
            return None
        return sampling.constraints[index]

    def _input(self, prompt: str) -> Any:
        return [HumanMessage(prompt)] if self.is_chat else prompt

    # -- sync ---------------------------------------------------------------------

    def generate(
        self, prompts: Sequence[str], sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        """Generate ``sampling.n`` completions per prompt; failures become error results."""
        if not prompts:
            return []
        if isinstance(self.model, BaseLLM):
            expanded = [p for p in prompts for _ in range(sampling.n)]
            try:
                result = self._model_any.generate(
                    expanded, callbacks=callbacks, **self._kwargs(sampling)
                )
                return _group(result, len(prompts), sampling.n)
            except Exception as error:  # noqa: BLE001 - isolate the failing prompts below
                logger.warning("batched generate failed (%s); retrying prompt by prompt", error)
        jobs = [(i, p) for i, p in enumerate(prompts) for _ in range(sampling.n)]
        with ThreadPoolExecutor(max_workers=min(self.max_concurrency, len(jobs))) as pool:
            outcomes = list(pool.map(lambda job: self._one(job, sampling, callbacks), jobs))
        return _collect(jobs, outcomes, len(prompts))

    def _one(
        self, job: tuple[int, str], sampling: SamplingConfig, callbacks: Any
    ) -> Completion | str:
        index, prompt = job
        kwargs = self._kwargs(sampling, index)
        for attempt in range(self.max_retries + 1):
            try:
                result = self._bounded(
                    lambda: self._model_any.generate(
                        [self._input(prompt)], callbacks=callbacks, **kwargs
                    )
                )
                return _unwrap(
                    _completion(result.generations[0][0]), self._constraint(sampling, index)
                )
            except Exception as error:  # noqa: BLE001 - reported per prompt
                cut = _truncated(error)
                if cut is not None:
                    return cut
                if attempt < self.max_retries and is_transient(error):
                    time.sleep(self.retry_backoff * 2**attempt)
                    continue
                return f"{type(error).__name__}: {error}"
        raise AssertionError("unreachable")

    def _bounded(self, call: Any) -> Any:
        """Run ``call``; past ``timeout`` seconds raise TimeoutError (the call is abandoned)."""
        if self.timeout is None:
            return call()
        box: list[Any] = []

        def target() -> None:
            try:
                box.append((True, call()))
            except BaseException as error:  # noqa: BLE001 - handed to the caller
                box.append((False, error))

        # A daemon thread: a request that never returns must not keep the process alive.
        worker = threading.Thread(target=target, daemon=True)
        worker.start()
        worker.join(self.timeout)
        if not box:
            raise TimeoutError(f"no answer within {self.timeout} s")
        ok, value = box[0]
        if ok:
            return value
        raise value

    # -- async --------------------------------------------------------------------

    async def agenerate(
        self, prompts: Sequence[str], sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        """Async twin of :meth:`generate` with bounded concurrency."""
        if not prompts:
            return []
        if isinstance(self.model, BaseLLM):
            expanded = [p for p in prompts for _ in range(sampling.n)]
            try:
                result = await self._model_any.agenerate(
                    expanded, callbacks=callbacks, **self._kwargs(sampling)
                )
                return _group(result, len(prompts), sampling.n)
            except Exception as error:  # noqa: BLE001
                logger.warning("batched agenerate failed (%s); retrying prompt by prompt", error)
        semaphore = asyncio.Semaphore(self.max_concurrency)
        jobs = [(i, p) for i, p in enumerate(prompts) for _ in range(sampling.n)]

        async def run(job: tuple[int, str]) -> Completion | str:
            async with semaphore:
                return await self._aone(job, sampling, callbacks)

        outcomes = await asyncio.gather(*(run(job) for job in jobs))
        return _collect(jobs, list(outcomes), len(prompts))

    async def _aone(
        self, job: tuple[int, str], sampling: SamplingConfig, callbacks: Any
    ) -> Completion | str:
        index, prompt = job
        kwargs = self._kwargs(sampling, index)
        for attempt in range(self.max_retries + 1):
            try:
                result = await asyncio.wait_for(
                    self._model_any.agenerate([self._input(prompt)], callbacks=callbacks, **kwargs),
                    self.timeout,
                )
                return _unwrap(
                    _completion(result.generations[0][0]), self._constraint(sampling, index)
                )
            except Exception as error:  # noqa: BLE001
                cut = _truncated(error)
                if cut is not None:
                    return cut
                if attempt < self.max_retries and is_transient(error):
                    await asyncio.sleep(self.retry_backoff * 2**attempt)
                    continue
                return f"{type(error).__name__}: {error}"
        raise AssertionError("unreachable")
