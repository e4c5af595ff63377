"""Generation on a Ray cluster: Ray Data stages, Ray's LLM stage as the engine.

Install with ``pip install "langchain-taskgen[ray]"`` (Ray Data only; on GPU nodes
install ``ray[llm]`` for vLLM). :func:`generate_on_ray` takes a ``ray.data.Dataset``
of files or documents and returns the pairs as a Dataset with the accounting;
:func:`generate_files_on_ray` is ``taskgen generate --ray``. Nothing here imports Ray
until it is called.

Modules, one concept each: ``requirements`` (the optional import), ``session`` (joining
or starting a cluster), ``spec`` (the generator's settings for the workers), ``rows``
(the rows between stages), ``stages`` (loading, chunking, numbering), ``batches``
(plan and judge a batch), ``manifest`` (finished batches on disk), ``engine`` (Ray's
LLM stage), ``pipeline`` (the Dataset path), ``files`` (the file job).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "EngineRequiredError": "pipeline",
    "HttpServers": "engine",
    "RayFileResult": "files",
    "RayGeneration": "pipeline",
    "VLLMOnRay": "engine",
    "generate_files_on_ray": "files",
    "generate_on_ray": "pipeline",
    "import_ray": "requirements",
    "manifest_dir": "manifest",
    "ray_session": "session",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
