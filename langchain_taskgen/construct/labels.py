"""Deprecated: moved to :mod:`langchain_taskgen.tasks.labels`."""

from langchain_taskgen._deprecation import warn_moved

warn_moved(__name__, "langchain_taskgen.tasks.labels")

from langchain_taskgen.tasks.labels import *  # noqa: E402,F403
from langchain_taskgen.tasks.labels import (  # noqa: E402
    DEFAULT_MIN_MARGIN,
    DEFAULT_QUESTIONS,
    DEFAULT_TEMPLATE,
    LabelTask,
)

__all__ = ["DEFAULT_MIN_MARGIN", "DEFAULT_QUESTIONS", "DEFAULT_TEMPLATE", "LabelTask"]
