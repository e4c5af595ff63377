"""Text machinery the task builders share: code reads the passage and builds structure.

:mod:`~langchain_taskgen.construct.passage` reads passages (:class:`Corpus`, sentences,
answer spans), :mod:`~langchain_taskgen.construct.statements` transforms statements
(negate, invert, swap a fact), :mod:`~langchain_taskgen.construct.questions` makes
questions whose answers code knows, :mod:`~langchain_taskgen.construct.render` writes
inputs out, :mod:`~langchain_taskgen.construct.text_checks` checks what a model wrote and
:mod:`~langchain_taskgen.construct.draft` holds a planned task. The builders themselves
live with their task types in :mod:`langchain_taskgen.tasks`; the model writes only what
needs writing (paraphrases, summaries), see
:class:`~langchain_taskgen.formats.StructuredFormat`.
"""

from typing import Any

from langchain_taskgen.construct.draft import Draft
from langchain_taskgen.construct.passage import Corpus, answer_spans, split_sentences
from langchain_taskgen.construct.text_checks import check_paraphrase, check_summary

_MOVED = {
    "BUILDERS": "langchain_taskgen.tasks.registry",
    "LabelTask": "langchain_taskgen.tasks.labels",
}


def __getattr__(name: str) -> Any:
    # Lazy: tasks/ imports construct/, so construct/ may not import tasks/ at load time.
    if name in _MOVED:
        import importlib

        from langchain_taskgen._deprecation import warn_moved

        warn_moved(f"{__name__}.{name}", f"{_MOVED[name]}.{name}")
        return getattr(importlib.import_module(_MOVED[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Corpus",
    "Draft",
    "answer_spans",
    "check_paraphrase",
    "check_summary",
    "split_sentences",
]
