"""Few-shot example selection over generated task pairs.

One job per module: ``options`` (settings, validated), ``index`` (examples by position
with their faiss vectors and BM25 postings), ``lexical`` (incremental BM25), ``search``
(candidates per signal over the index), ``ranking`` (hybrid fusion, MMR), ``threads``
(faiss's thread policy per query), ``filters`` (task type, metadata, quality),
``query_cache`` (LRU of query vectors), ``store`` (any LangChain ``VectorStore`` as
backend), ``persistence`` (save/load), ``selector`` (the
:class:`TaskPairExampleSelector` facade tying them together).
"""

from langchain_taskgen.selection.filters import MetadataFilter
from langchain_taskgen.selection.index import example_id
from langchain_taskgen.selection.options import IndexKind, SearchMode, SelectorSettings
from langchain_taskgen.selection.persistence import SelectorLoadError
from langchain_taskgen.selection.selector import TaskPairExampleSelector

__all__ = [
    "IndexKind",
    "MetadataFilter",
    "SearchMode",
    "SelectorLoadError",
    "SelectorSettings",
    "TaskPairExampleSelector",
    "example_id",
]
