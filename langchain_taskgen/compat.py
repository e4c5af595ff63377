"""Deprecated: moved to :mod:`langchain_taskgen.generation.compat`."""

from langchain_taskgen._deprecation import warn_moved

warn_moved(__name__, "langchain_taskgen.generation.compat")

from langchain_taskgen.generation.compat import *  # noqa: E402,F403
from langchain_taskgen.generation.compat import __all__ as __all__  # noqa: E402
