"""Task construction: code reads the passage and builds each task's structure.

The model writes only what needs writing (paraphrases, summaries); see
:class:`~langchain_taskgen.formats.StructuredFormat`.
"""

from langchain_taskgen.construct.builders import BUILDERS, check_paraphrase, check_summary
from langchain_taskgen.construct.draft import Draft
from langchain_taskgen.construct.labels import LabelTask
from langchain_taskgen.construct.passage import Corpus, answer_spans, split_sentences

__all__ = [
    "BUILDERS",
    "Corpus",
    "Draft",
    "LabelTask",
    "answer_spans",
    "check_paraphrase",
    "check_summary",
    "split_sentences",
]
