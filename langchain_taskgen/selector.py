"""Deprecated: moved to :mod:`langchain_taskgen.selection`."""

from langchain_taskgen._deprecation import warn_moved

warn_moved(__name__, "langchain_taskgen.selection")

from langchain_taskgen.selection import *  # noqa: E402,F403
