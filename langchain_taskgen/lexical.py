"""Compatibility re-export: the BM25 index lives in :mod:`langchain_taskgen.selection.lexical`."""

from langchain_taskgen.selection.lexical import BM25Index, tokenize

__all__ = ["BM25Index", "tokenize"]
