"""Deprecated: the builders moved onto their task types in :mod:`langchain_taskgen.tasks`.

Each built-in type's builder sits beside its definition (:mod:`~langchain_taskgen.tasks.
questions`, :mod:`~langchain_taskgen.tasks.sentence_pairs`,
:mod:`~langchain_taskgen.tasks.passage_level`) and is its ``TaskType.builder``; a custom
type passes ``builder=`` to :class:`~langchain_taskgen.tasks.TaskType`. The helpers moved
to :mod:`~langchain_taskgen.construct.questions`, :mod:`~langchain_taskgen.construct.
statements`, :mod:`~langchain_taskgen.construct.render` and
:mod:`~langchain_taskgen.construct.text_checks`. ``BUILDERS`` is now a view of the
registered types' builders, and ``register_builder`` sets a type's builder.
"""

from langchain_taskgen._deprecation import warn_moved

warn_moved(
    __name__,
    "the task types (langchain_taskgen.tasks: TaskType(builder=...), register_task_type) "
    "and langchain_taskgen.construct (questions, statements, render, text_checks)",
)

from langchain_taskgen.construct.questions import wh_question  # noqa: E402
from langchain_taskgen.construct.statements import swap_number, swap_term  # noqa: E402
from langchain_taskgen.construct.text_checks import check_paraphrase, check_summary  # noqa: E402
from langchain_taskgen.tasks.base import Builder  # noqa: E402
from langchain_taskgen.tasks.passage_level import (  # noqa: E402
    build_sent_comp,
    build_sentiment,
    build_summarization,
    build_text_gen,
    build_topic_class,
)
from langchain_taskgen.tasks.questions import (  # noqa: E402
    build_coref,
    build_exqa,
    build_mcqa,
    build_qa,
    build_qg,
    build_ynqa,
)
from langchain_taskgen.tasks.registry import BUILDERS, register_builder  # noqa: E402
from langchain_taskgen.tasks.sentence_pairs import (  # noqa: E402
    OTHER_SENSE,
    build_nli,
    build_paraphrase,
    build_paraphrase_id,
    build_te,
    build_wsd,
)

__all__ = [
    "BUILDERS",
    "OTHER_SENSE",
    "Builder",
    "build_coref",
    "build_exqa",
    "build_mcqa",
    "build_nli",
    "build_paraphrase",
    "build_paraphrase_id",
    "build_qa",
    "build_qg",
    "build_sent_comp",
    "build_sentiment",
    "build_summarization",
    "build_te",
    "build_text_gen",
    "build_topic_class",
    "build_wsd",
    "build_ynqa",
    "check_paraphrase",
    "check_summary",
    "register_builder",
    "swap_number",
    "swap_term",
    "wh_question",
]
