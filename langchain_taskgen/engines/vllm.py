"""vLLM as the fast engine: one batched ``generate`` call, every sample kept."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_taskgen.engines.base import (
    PromptResult,
    SamplingConfig,
)
from langchain_taskgen.engines.hardware import (
    apply_cpu_environment,
    choose_dtype,
    cpu_has_bf16,
    log_once,
)
from langchain_taskgen.engines.naming import format_hint_for
from langchain_taskgen.engines.reaper import reap_children_on_exit
from langchain_taskgen.engines.vllm_support import (
    _looks_local,
    _on_cpu,
    _on_off,
    _result,
    constrained,
    cpu_build_installed,
    raise_if_dead,
    templated_ids,
    user_turn,
)
from langchain_taskgen.engines.vllm_support import import_vllm as import_vllm
from langchain_taskgen.engines.vllm_support import prefix_order as prefix_order
from langchain_taskgen.errors import EngineError

logger = logging.getLogger(__name__)


class VLLMEngine:
    """Generate with vLLM (``vllm.LLM`` held by composition, never subclassed).

    All prompts of a call go to ONE ``LLM.generate`` (or ``LLM.chat``) call with
    ``SamplingParams(n=...)``, so vLLM batches them continuously; all ``n`` samples,
    their ``finish_reason`` and token counts are kept. Prompts longer than the model's
    context are rejected (``prompt_too_long``) before the call instead of failing it.
    On CPU the seed is set once for the engine (per-request seeds crash the CPU engine).
    The same code runs the CUDA ``vllm`` package on GPUs. Structured decoding: each
    prompt's :class:`~langchain_taskgen.engines.base.OutputConstraint` (a JSON schema or
    fixed choices) becomes vLLM structured outputs (xgrammar, also on CPU).

    Args:
        model: A local transformers model folder or a hub id (GPU users with a network).
        llm: An existing ``vllm.LLM`` to use instead of starting one.
        chat: Send prompts through the model's chat template (``LLM.chat``).
        dtype: Weight dtype. ``"auto"`` (default): bfloat16 on CPUs with native bf16
            (``avx512_bf16`` / AMX), float32 on other CPUs (vLLM emulates bf16 there, ~3.5x
            slower), vLLM's own choice on GPUs. The choice is logged once.
        max_model_len: Context length the engine is started with.
        prefix_caching: vLLM automatic prefix caching: the KV cache of a prompt prefix
            (the instruct format's demonstrations, a passage asked for several task types)
            is computed once and re-used. ``None`` (default) leaves it to vLLM, which turns
            it on wherever the platform supports it (the x86/Arm CPU build and GPUs; not on
            RISC-V CPUs or for MLA models on CPU); ``True``/``False`` force it. Whatever
            the setting, the prompts of a call are sent in an order that puts shared
            prefixes next to each other, and results come back in the caller's order.
        enforce_eager: Skip graph capture / compilation (30 s start instead of 180 s on CPU).
        seed: Engine-level seed.
        use_tqdm: Show vLLM's own progress bar.
        **engine_kwargs: More ``vllm.LLM`` arguments (``tensor_parallel_size`` ...).

    Example:
        >>> engine = VLLMEngine("/path/to/model")  # doctest: +SKIP
        >>> TaskGenerator(llm=engine, task_type="ynqa").invoke(docs)  # doctest: +SKIP
    """

    supports_constraints = True

    def __init__(
        self,
        model: str | Path | None = None,
        *,
        llm: Any = None,
        chat: bool = False,
        dtype: str = "auto",
        max_model_len: int = 2048,
        prefix_caching: bool | None = None,
        enforce_eager: bool = True,
        seed: int = 0,
        use_tqdm: bool = False,
        **engine_kwargs: Any,
    ) -> None:
        if model is None and llm is None:
            raise ValueError("VLLMEngine needs a model folder/id or an existing vllm.LLM")
        if model is not None:
            model = str(Path(model).expanduser()) if isinstance(model, Path) else model
            if _looks_local(model):
                folder = Path(model).expanduser()
                if not folder.is_dir():
                    raise FileNotFoundError(f"model folder {folder} does not exist")
                if not os.access(folder, os.R_OK) or not (folder / "config.json").is_file():
                    raise EngineError(
                        f"{folder} is not a readable transformers model folder (no config.json)"
                    )
        self.model = model
        self.chat = chat
        self.use_tqdm = use_tqdm
        if prefix_caching is not None:
            given = engine_kwargs.get("enable_prefix_caching", prefix_caching)
            if given != prefix_caching:
                raise ValueError(
                    f"prefix_caching={prefix_caching} contradicts enable_prefix_caching={given}"
                )
            engine_kwargs["enable_prefix_caching"] = prefix_caching
        self._engine_args = dict(
            dtype=dtype,
            max_model_len=max_model_len,
            enforce_eager=enforce_eager,
            seed=seed,
            **engine_kwargs,
        )
        self.requested_dtype = choose_dtype(dtype, on_cpu=False)  # validates the name early
        given_caching = engine_kwargs.get("enable_prefix_caching")
        self.requested_prefix_caching: bool | None = (
            None if given_caching is None else bool(given_caching)
        )
        self._llm = llm
        self._lock = threading.Lock()
        self._warned_seed = False

    @property
    def llm(self) -> Any:
        """The ``vllm.LLM`` (started on first use).

        Raises:
            ImportError: If vllm is missing.
            EngineError: If the engine cannot start.
        """
        if self._llm is None:
            if self.model is None:
                raise EngineError("this engine was closed and has no model to restart from")
            vllm = import_vllm()
            on_cpu = _on_cpu(vllm)
            if on_cpu:
                apply_cpu_environment()
            dtype = choose_dtype(self.requested_dtype, on_cpu=on_cpu)
            self._engine_args["dtype"] = dtype
            log_once(
                f"dtype-{dtype}",
                "vLLM dtype %s (asked: %s; %s)",
                dtype,
                self.requested_dtype,
                ("CPU with native bf16" if cpu_has_bf16() else "CPU without native bf16")
                if on_cpu
                else "GPU",
            )
            # vLLM's processes must die with this one, even on kill -9.
            reap_children_on_exit()
            try:
                self._llm = vllm.LLM(model=self.model, **self._engine_args)
            except Exception as error:
                raise EngineError(f"could not start vLLM on {self.model}: {error}") from error
            log_once(
                f"prefix-caching-{self.prefix_caching}",
                "vLLM prefix caching %s (asked: %s)",
                _on_off(self.prefix_caching, "unknown"),
                _on_off(self._engine_args.get("enable_prefix_caching"), "auto"),
            )
        return self._llm

    def start(self) -> None:
        """Start the engine now (otherwise the first call does; the generator times it)."""
        self.llm  # noqa: B018 - the property starts vLLM

    def close(self) -> None:
        """Shut the vLLM engine process down (a later call starts it again from ``model``)."""
        llm, self._llm = self._llm, None
        core = getattr(getattr(llm, "llm_engine", None), "engine_core", None)
        shutdown = getattr(core, "shutdown", None)
        if callable(shutdown):
            shutdown()

    @property
    def dtype(self) -> str:
        """The dtype the engine runs (or will run) with, ``"auto"`` resolved on CPUs."""
        if self._llm is None:
            if self.requested_dtype != "auto":
                return self.requested_dtype
            # The CPU build is known from its package: no seconds-long vLLM import for a
            # fingerprint (every code-built run, local or on Ray, makes one).
            if cpu_build_installed():
                return choose_dtype(self.requested_dtype, on_cpu=True)
            try:
                return choose_dtype(self.requested_dtype, on_cpu=_on_cpu(import_vllm()))
            except ImportError:
                return self.requested_dtype
        return str(self._engine_args["dtype"])

    @property
    def prefix_caching(self) -> bool | None:
        """Whether the engine caches prompt prefixes.

        Read from the running engine's config (vLLM may turn a request down); before the
        engine starts, the setting asked for (``None``: left to vLLM).
        """
        if self._llm is None:
            value = self._engine_args.get("enable_prefix_caching")
            return None if value is None else bool(value)
        config = getattr(getattr(self._llm, "llm_engine", None), "vllm_config", None)
        cache = getattr(config, "cache_config", None)
        value = getattr(cache, "enable_prefix_caching", None)
        if value is None:
            value = self._engine_args.get("enable_prefix_caching")
        return None if value is None else bool(value)

    @property
    def format_hint(self) -> str:
        """The format ``"auto"`` picks for this model (``"bonito"`` for Bonito models)."""
        return format_hint_for(self)

    def identity(self) -> dict[str, Any]:
        """What identifies this engine's completions (for run fingerprints and logs).

        Example:
            >>> VLLMEngine("/models/bonito-v1", dtype="float32").identity()  # doctest: +SKIP
            {'engine': 'vllm', 'model': '/models/bonito-v1', 'chat': False, 'dtype': 'float32',
             'max_model_len': 2048, 'seed': 0, 'format_hint': 'bonito'}
        """
        return {
            "engine": "vllm",
            "model": str(self.model),
            "chat": self.chat,
            "dtype": self.dtype,
            "max_model_len": self._engine_args.get("max_model_len"),
            "seed": self._engine_args.get("seed"),
            "format_hint": self.format_hint,
        }

    @property
    def max_model_len(self) -> int:
        """The engine's context length in tokens."""
        try:
            return int(self.llm.llm_engine.model_config.max_model_len)
        except AttributeError:
            return int(self._engine_args["max_model_len"])

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` under the model's tokenizer (handy as a chunk length function)."""
        return len(self.llm.get_tokenizer().encode(text, add_special_tokens=False))

    def _encode(self, prompts: list[str]) -> list[Any]:
        """What is sent to vLLM for each prompt, and its length in tokens.

        Completion prompts are tokenized once here (in one batch) and sent as token ids,
        so vLLM does not tokenize them again; chat prompts go as messages.
        """
        if self.chat:
            tokenizer = self.llm.get_tokenizer()
            return [([user_turn(p)], len(templated_ids(tokenizer, p))) for p in prompts]
        return [({"prompt_token_ids": ids}, n) for ids, n in self._prompt_ids(prompts)]

    def _sampling_params(self, sampling: SamplingConfig) -> Any:
        vllm = import_vllm()
        seed = sampling.seed
        if seed is not None and _on_cpu(vllm):
            if not self._warned_seed:
                logger.warning("per-request seeds crash vLLM on CPU; using the engine seed")
                self._warned_seed = True
            seed = None
        return vllm.SamplingParams(
            n=sampling.n,
            temperature=sampling.temperature,
            top_p=sampling.top_p,
            max_tokens=sampling.max_tokens,
            stop=list(sampling.stop) or None,
            seed=seed,
        )

    def _call(self, items: list[Any], params: Any) -> list[Any]:
        if self.chat:
            return list(self.llm.chat(items, params, use_tqdm=self.use_tqdm))
        return list(self.llm.generate(items, params, use_tqdm=self.use_tqdm))

    def generate(
        self, prompts: Sequence[str], sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        """Generate ``sampling.n`` completions per prompt in one vLLM call.

        Raises:
            EngineDeadError: If the vLLM engine died (it must be restarted).
        """
        if not prompts:
            return []
        if sampling.constraints and len(sampling.constraints) != len(prompts):
            raise ValueError("sampling.constraints must have one entry per prompt")
        with self._lock:
            base = self._sampling_params(sampling)
            per_prompt = [
                constrained(base, c) for c in sampling.constraints or [None] * len(prompts)
            ]
            limit = self.max_model_len
            results: list[PromptResult | None] = [None] * len(prompts)
            runnable: list[int] = []
            items = self._encode(list(prompts))
            for i, (_, length) in enumerate(items):
                if length >= limit:
                    results[i] = PromptResult.failed(
                        "prompt_too_long", f"{length} prompt tokens >= context {limit}"
                    )
                else:
                    runnable.append(i)
            # Shared prefixes next to each other, so a prefix is still cached when the
            # next prompt that starts with it is scheduled; results are put back in the
            # caller's order through ``runnable`` below.
            runnable = prefix_order(prompts, runnable)
            params: Any = [per_prompt[i] for i in runnable]
            if all(p is base for p in params):
                params = base
            try:
                outputs = self._call([items[i][0] for i in runnable], params) if runnable else []
            except Exception as error:  # noqa: BLE001 - one bad prompt must not end the run
                raise_if_dead(error)
                logger.warning("vLLM batch failed (%s); retrying prompt by prompt", error)
                outputs = []
                for i in runnable:
                    try:
                        outputs += self._call([items[i][0]], per_prompt[i])
                    except Exception as single:  # noqa: BLE001
                        raise_if_dead(single)
                        outputs.append(single)
            for i, output in zip(runnable, outputs, strict=True):
                results[i] = _result(output)
            return [
                r if r is not None else PromptResult.failed("engine_error", "") for r in results
            ]

    def score_continuations(
        self, prompts: Sequence[str], continuations: Sequence[str]
    ) -> list[float | None]:
        """Mean log-probability per token of each continuation after its prompt.

        One prefill-only vLLM call for all pairs (``prompt_logprobs``); the continuation
        is tokenized on its own, so its tokens are the same whatever the prompt. ``None``
        for a pair that does not fit the context or that the engine failed on.

        Example:
            >>> engine = VLLMEngine("path/to/model")  # doctest: +SKIP
            >>> engine.score_continuations(["Paris is in"], [" France"])  # doctest: +SKIP
            [-0.9]
        """
        if len(prompts) != len(continuations):
            raise ValueError("prompts and continuations must have the same length")
        if not prompts:
            return []
        vllm = import_vllm()
        with self._lock:
            tokenizer = self.llm.get_tokenizer()
            limit = self.max_model_len
            heads = [ids for ids, _ in self._prompt_ids(list(prompts))]
            tails = tokenizer(list(continuations), add_special_tokens=False)["input_ids"]
            items: list[tuple[int, list[int], int]] = []
            for i, (head, tail) in enumerate(zip(heads, tails, strict=True)):
                if tail and len(head) + len(tail) < limit:
                    items.append((i, list(head) + list(tail), len(tail)))
            params = vllm.SamplingParams(max_tokens=1, temperature=0.0, prompt_logprobs=0)
            scores: list[float | None] = [None] * len(prompts)
            if not items:
                return scores
            try:
                outputs = list(
                    self.llm.generate(
                        [{"prompt_token_ids": ids} for _, ids, _ in items],
                        params,
                        use_tqdm=self.use_tqdm,
                    )
                )
            except Exception as error:  # noqa: BLE001 - unscored pairs are counted, not fatal
                raise_if_dead(error)
                logger.warning("vLLM scoring failed (%s); pairs left unscored", error)
                return scores
            for (i, ids, n_tail), output in zip(items, outputs, strict=True):
                logprobs = output.prompt_logprobs or []
                values = []
                for token, entry in zip(ids[-n_tail:], logprobs[-n_tail:], strict=True):
                    if entry and token in entry:
                        values.append(float(entry[token].logprob))
                scores[i] = sum(values) / len(values) if len(values) == n_tail else None
            return scores

    def _prompt_ids(self, prompts: list[str]) -> list[tuple[list[int], int]]:
        """Token ids of each prompt as the model sees it (chat template applied if chat)."""
        tokenizer = self.llm.get_tokenizer()
        if self.chat:
            return [(ids, len(ids)) for ids in (templated_ids(tokenizer, p) for p in prompts)]
        return [(list(ids), len(ids)) for ids in tokenizer(prompts)["input_ids"]]

    async def agenerate(
        self, prompts: Sequence[str], sampling: SamplingConfig, *, callbacks: Any = None
    ) -> list[PromptResult]:
        """Run :meth:`generate` in a worker thread so the event loop stays free."""
        return await asyncio.to_thread(self.generate, prompts, sampling, callbacks=callbacks)
