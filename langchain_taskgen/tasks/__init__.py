"""Task types, each one unit: names, labels, builder, demonstration and check facets.

:mod:`~langchain_taskgen.tasks.base` defines :class:`TaskType`;
:mod:`~langchain_taskgen.tasks.registry` holds the registry (built-in and custom types go
through :func:`register_task_type` alike); the built-in types live by family, each with
its builder: :mod:`~langchain_taskgen.tasks.questions` (exqa, mcqa, qg, qa, ynqa, coref),
:mod:`~langchain_taskgen.tasks.sentence_pairs` (paraphrase, paraphrase_id, nli, te, wsd)
and :mod:`~langchain_taskgen.tasks.passage_level` (sent_comp, sentiment, summarization,
text_gen, topic_class; the last three are made from section headings in
:mod:`~langchain_taskgen.tasks.sections_based`, which also gives qg its heading
questions); :mod:`~langchain_taskgen.tasks.labels` makes classification
types over your own labels (:class:`LabelTask`).

Example:
    >>> from langchain_taskgen.tasks import get_task_type
    >>> task = get_task_type("mcqa")
    >>> task.answer, task.structure, task.builder is not None
    (<AnswerKind.CHOICE: 'choice'>, <Structure.OPTIONS: 'options'>, True)
"""

from langchain_taskgen.tasks.base import (
    DEMO_PASSAGE,
    AnswerKind,
    Builder,
    Structure,
    TaskType,
)
from langchain_taskgen.tasks.labels import LabelTask
from langchain_taskgen.tasks.registry import (
    BUILT_IN_TASK_NAMES,
    BUILT_IN_TASK_TYPES,
    TASK_TYPES,
    get_task_type,
    register_task_type,
    resolve_task_types,
    unregister_task_type,
)

__all__ = [
    "BUILT_IN_TASK_NAMES",
    "BUILT_IN_TASK_TYPES",
    "DEMO_PASSAGE",
    "TASK_TYPES",
    "AnswerKind",
    "Builder",
    "LabelTask",
    "Structure",
    "TaskType",
    "get_task_type",
    "register_task_type",
    "resolve_task_types",
    "unregister_task_type",
]
