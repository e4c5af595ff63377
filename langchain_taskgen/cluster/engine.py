"""The engine stage: Ray's own LLM batch stage (``ray.data.llm.build_processor``).

Two engines, both Ray's processors, fed with the ``prompt`` rows (one per sample):

* :class:`HttpServers`: ``HttpRequestProcessorConfig`` posting to an OpenAI-compatible
  chat completions endpoint (a ``vllm serve`` fleet behind a load balancer, or any
  OpenAI-compatible service). Each sample is one request, as the local LangChain engine
  sends them; output constraints go as ``response_format``.
* :class:`VLLMOnRay`: ``vLLMEngineProcessorConfig``: vLLM inside Ray Data on GPU nodes.
  vLLM's CPU build refuses Ray, so this one was written to Ray's documentation and
  source and has not been run here; it fails early on a cluster without GPUs.

Either way the rows come back with a ``reply`` column: the completion's text, finish
reason and token counts, or an ``error``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from langchain_taskgen.cluster.requirements import import_ray, import_ray_llm
from langchain_taskgen.cluster.rows import COLUMNS, dumps
from langchain_taskgen.engines.base import SamplingConfig


@dataclass(frozen=True)
class HttpServers:
    """An OpenAI-compatible server fleet, asked through Ray's HTTP request stage.

    Attributes:
        base_url: The servers' OpenAI base URL, e.g. ``http://lb:8000/v1``.
        model: The model name the servers serve.
        concurrency: Ray workers sending requests at once (each sends a batch).
        batch_size: Samples per Ray batch (requests sent together by one worker).
        max_retries: Retries of a request on 429/5xx and connection errors.
        headers: Extra HTTP headers (e.g. an ``Authorization``).
    """

    base_url: str
    model: str = "default"
    concurrency: int = 2
    batch_size: int = 16
    max_retries: int = 2
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """The chat completions endpoint.

        Example:
            >>> HttpServers("http://127.0.0.1:8000/v1/").url
            'http://127.0.0.1:8000/v1/chat/completions'
        """
        return self.base_url.rstrip("/") + "/chat/completions"


@dataclass(frozen=True)
class VLLMOnRay:
    """vLLM inside Ray Data on GPU nodes (``vLLMEngineProcessorConfig``).

    Attributes:
        model_source: A model folder every node can read, or a Hugging Face id.
        engine_kwargs: Passed to vLLM (e.g. ``tensor_parallel_size``, ``max_model_len``).
        concurrency: vLLM engine replicas (one per GPU with tensor parallel size 1).
        batch_size: Samples per Ray batch sent to an engine.
        chat: Apply the model's chat template (Ray's chat template stage).
        accelerator_type: Pin the engines to a GPU type (e.g. ``"L4"``).
    """

    model_source: str
    engine_kwargs: dict[str, Any] = field(default_factory=dict)
    concurrency: int = 1
    batch_size: int = 64
    chat: bool = False
    accelerator_type: str | None = None


Engine = HttpServers | VLLMOnRay


def http_reply(response: Any, choices: list[str]) -> dict[str, Any]:
    """An OpenAI chat completion (or an error body) as a reply row.

    A reply for a choice constraint is ``{"answer": ...}`` (as the local engine asks
    for it): the chosen string is taken out, as the local engine does.

    Example:
        >>> http_reply({"choices": [{"message": {"content": "Yes"}, "finish_reason": "stop"}],
        ...             "usage": {"prompt_tokens": 9, "completion_tokens": 1}}, [])["text"]
        'Yes'
        >>> http_reply({"error": {"message": "model not found"}}, [])["error"]
        'model not found'
    """
    if not isinstance(response, dict) or not response.get("choices"):
        error = response.get("error") if isinstance(response, dict) else response
        if isinstance(error, dict):
            error = error.get("message") or error
        return {"error": str(error or "no choices in the reply")[:300]}
    choice = response["choices"][0]
    text = str((choice.get("message") or {}).get("content") or "")
    if choices:
        try:
            answer = json.loads(text).get("answer")
        except (ValueError, AttributeError):
            answer = None
        if isinstance(answer, str):
            text = answer
    usage = response.get("usage") or {}
    return {
        "text": text,
        "finish_reason": choice.get("finish_reason"),
        "prompt_tokens": usage.get("prompt_tokens"),
        "completion_tokens": usage.get("completion_tokens"),
    }


def _carried(row: dict[str, Any]) -> dict[str, Any]:
    return {c: row[c] for c in COLUMNS}


def _http_processor(engine: HttpServers, sampling: SamplingConfig) -> Any:
    llm = import_ray_llm()

    def preprocess(row: dict[str, Any]) -> dict[str, Any]:
        asked = json.loads(row["data"])
        payload: dict[str, Any] = {
            "model": engine.model,
            "messages": [{"role": "user", "content": asked["prompt"]}],
            "max_tokens": sampling.max_tokens,
            "temperature": sampling.temperature,
            "top_p": sampling.top_p,
            "n": 1,
        }
        if sampling.stop:
            payload["stop"] = list(sampling.stop)
        schema = asked.get("schema")
        if schema is not None:
            if asked.get("choices"):
                schema = {
                    "type": "object",
                    "properties": {"answer": schema},
                    "required": ["answer"],
                    "additionalProperties": False,
                }
            payload["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "task", "schema": schema, "strict": True},
            }
        return {**_carried(row), "payload": payload}

    def postprocess(row: dict[str, Any]) -> dict[str, Any]:
        choices = json.loads(row["data"]).get("choices") or []
        return {**_carried(row), "reply": dumps(http_reply(row["http_response"], choices))}

    config = llm.HttpRequestProcessorConfig(
        url=engine.url,
        headers=dict(engine.headers) or None,
        concurrency=engine.concurrency,
        batch_size=engine.batch_size,
        max_retries=engine.max_retries,
    )
    return llm.build_processor(config, preprocess=preprocess, postprocess=postprocess)


def _vllm_processor(engine: VLLMOnRay, sampling: SamplingConfig) -> Any:
    ray = import_ray()
    if ray.cluster_resources().get("GPU", 0) < 1:
        raise RuntimeError(
            "the vLLM stage on Ray needs GPU nodes and this cluster has none; on CPUs, "
            "serve the model with `vllm serve` and pass its URL (--openai-base-url)"
        )
    llm = import_ray_llm()
    params = {
        "max_tokens": sampling.max_tokens,
        "temperature": sampling.temperature,
        "top_p": sampling.top_p,
        "stop": list(sampling.stop) or None,
    }

    def preprocess(row: dict[str, Any]) -> dict[str, Any]:
        prompt = json.loads(row["data"])["prompt"]
        asked: dict[str, Any] = {"sampling_params": params}
        if engine.chat:
            asked["messages"] = [{"role": "user", "content": prompt}]
        else:
            asked["prompt"] = prompt
        return {**_carried(row), **asked}

    def postprocess(row: dict[str, Any]) -> dict[str, Any]:
        generated = int(row.get("num_generated_tokens") or 0)
        reply = {
            "text": str(row.get("generated_text") or ""),
            # Ray's vLLM stage reports no finish reason: a completion as long as the
            # limit was cut there.
            "finish_reason": "length" if generated >= sampling.max_tokens else "stop",
            "prompt_tokens": row.get("num_input_tokens"),
            "completion_tokens": generated,
        }
        return {**_carried(row), "reply": dumps(reply)}

    config = llm.vLLMEngineProcessorConfig(
        model_source=engine.model_source,
        engine_kwargs=dict(engine.engine_kwargs),
        concurrency=engine.concurrency,
        batch_size=engine.batch_size,
        accelerator_type=engine.accelerator_type,
        chat_template_stage=engine.chat,
        tokenize_stage=True,
        detokenize_stage=True,
    )
    return llm.build_processor(config, preprocess=preprocess, postprocess=postprocess)


def build_engine_stage(engine: Engine, sampling: SamplingConfig) -> Any:
    """Ray's processor for ``engine``: a callable taking and returning a Dataset."""
    if isinstance(engine, HttpServers):
        return _http_processor(engine, sampling)
    return _vllm_processor(engine, sampling)
