"""Few-shot example selection over generated task pairs.

One job per module: ``options`` (settings, validated), ``lexical`` (incremental BM25),
``ranking`` (hybrid fusion, MMR), ``filters`` (task type, metadata, quality),
``store`` (any LangChain ``VectorStore`` as backend), ``persistence`` (save/load),
``selector`` (the :class:`TaskPairExampleSelector` tying them together).
"""

from langchain_taskgen.selection.filters import MetadataFilter
from langchain_taskgen.selection.options import IndexKind, SearchMode, SelectorSettings
from langchain_taskgen.selection.persistence import SelectorLoadError
from langchain_taskgen.selection.selector import TaskPairExampleSelector, example_id

__all__ = [
    "IndexKind",
    "MetadataFilter",
    "SearchMode",
    "SelectorLoadError",
    "SelectorSettings",
    "TaskPairExampleSelector",
    "example_id",
]
