"""Deprecated: moved to :mod:`langchain_taskgen.embeddings.onnx`."""

from langchain_taskgen._deprecation import warn_moved

warn_moved(__name__, "langchain_taskgen.embeddings.onnx")

from langchain_taskgen.embeddings.onnx import *  # noqa: E402,F403
