"""Where the package keeps files between runs (bottom level: imports nothing of the package).

Both the default generator's converted model (:mod:`langchain_taskgen.engines.default`)
and the embeddings' ONNX exports (:mod:`langchain_taskgen.embeddings.onnx`) live under
one root, so one environment variable moves or clears all of them.
"""

from __future__ import annotations

import os
from pathlib import Path

CACHE_ENV = "LANGCHAIN_TASKGEN_CACHE"


def cache_root() -> Path:
    """Where converted models live: ``$LANGCHAIN_TASKGEN_CACHE`` or the user cache dir.

    Example:
        >>> from unittest import mock
        >>> with mock.patch.dict("os.environ", {"LANGCHAIN_TASKGEN_CACHE": "/tmp/tg"}):
        ...     print(cache_root())
        /tmp/tg
    """
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    # platformdirs is imported here, not at module level: only callers that touch the
    # cache pay for it.
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("langchain-taskgen"))
