"""The Ray branch of ``taskgen generate``: the model options as Ray's engine stage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_taskgen.cluster.engine import Engine, HttpServers, VLLMOnRay
from langchain_taskgen.jobs.base import JobUsageError


def engine_for_options(model: dict[str, Any]) -> Engine:
    """Ray's engine stage for ``taskgen``'s model options.

    ``--openai-base-url`` becomes Ray's HTTP stage (``--concurrency`` requests in
    flight over two Ray workers, ``--retries`` retries); the default model or
    ``--model`` becomes vLLM inside Ray Data on GPU nodes.

    Raises:
        JobUsageError: For ``--llm``, which is a Python object no Ray stage can run.

    Example:
        >>> engine = engine_for_options({"openai_base_url": "http://lb:8000/v1",
        ...                              "openai_model": "smollm2", "concurrency": 16,
        ...                              "retries": 2})
        >>> engine.url, engine.batch_size
        ('http://lb:8000/v1/chat/completions', 8)
    """
    if model.get("llm_path"):
        raise JobUsageError(
            "--llm cannot run on Ray: use --openai-base-url (a server fleet) or --model "
            "(vLLM on GPU nodes)"
        )
    if model.get("openai_base_url"):
        return HttpServers(
            base_url=str(model["openai_base_url"]),
            model=str(model.get("openai_model") or "default"),
            concurrency=2,
            batch_size=max(1, int(model.get("concurrency") or 16) // 2),
            max_retries=int(model.get("retries") or 0),
        )
    folder = model.get("model_dir")
    if folder is None:
        from langchain_taskgen.engines.default import default_model_dir

        folder = default_model_dir()
    return VLLMOnRay(model_source=str(Path(folder).resolve()), chat=bool(model.get("chat")))
