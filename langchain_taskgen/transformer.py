"""Deprecated: moved to :mod:`langchain_taskgen.generation.transformer`."""

from langchain_taskgen._deprecation import warn_moved

warn_moved(__name__, "langchain_taskgen.generation.transformer")

from langchain_taskgen.generation.transformer import *  # noqa: E402,F403
from langchain_taskgen.generation.transformer import __all__ as __all__  # noqa: E402
