"""What the engine is trusted to write under the structured format, and what is said.

The embedded SmolLM2-135M writes paraphrases and summaries that rarely keep the meaning
(docs/formats.md): its paraphrases are made only because the user asked, and nli, te and
paraphrase_id, whose second sentence is a rewrite, give no material on it unless code
rewrites are asked for. Each decision is said once per process and type.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from langchain_taskgen.tasks import TaskType

# Under the generator's name: users filter the warnings of a run by that logger.
logger = logging.getLogger("langchain_taskgen.generation.generator")

_WARNED: set[str] = set()
MODEL_WRITTEN_TYPES = frozenset({"paraphrase"})
"""Types whose output the embedded model would write under the structured format
(summarization there gives section titles, built by code, and no model summary)."""
REWRITE_TYPES = frozenset({"nli", "te", "paraphrase_id"})
"""Types whose second sentence is a rewrite of the first (see ``code_rewrites``)."""
WITHHELD_TYPES = REWRITE_TYPES | {"ynqa"}
"""Types the embedded default leaves out unless code rewrites are asked for: the rewrite
types, and ynqa, whose questions are passage sentences with a word changed by code."""


def withholds_rewrites(llm: Any, code_rewrites: bool | None) -> bool:
    """Whether nli, te, paraphrase_id and ynqa give no material (embedded default, not asked).

    Example:
        >>> withholds_rewrites(None, None), withholds_rewrites(None, True)
        (True, False)
    """
    return llm is None and code_rewrites is None


def fit_structured(
    fmt: Any, embedded: bool, code_rewrites: bool | None, tasks: Sequence[TaskType]
) -> None:
    """Set the structured format's flags for the engine, warning once.

    ``embedded``: the engine is the embedded default model.
    """
    if embedded:
        # The embedded 135M model's rewrites: the meaning checks keep about 1% of its
        # paraphrases (on a fresh sample 2 of the 5 kept were still wrong); paraphrase is
        # made only because the user asked. Built by code instead, nli, te and
        # paraphrase_id were all trick-answerable: left out unless asked for.
        fmt.weak_writer = True
        _warn_weak_writer(tasks)
        if withholds_rewrites(None, code_rewrites):
            fmt.withhold_rewrites = True
            _warn_withheld(tasks)
        elif code_rewrites is False:
            _warn_weak_writer(tasks, REWRITE_TYPES)
    if code_rewrites:
        fmt.code_rewrites = True


def _warn_weak_writer(
    tasks: Sequence[TaskType], written: frozenset[str] = MODEL_WRITTEN_TYPES
) -> None:
    """Say once per process and type that the embedded model writes these badly."""
    for name in sorted({t.name for t in tasks} & written - _WARNED):
        _WARNED.add(name)
        logger.warning(
            "%s on the embedded SmolLM2-135M: its rewrites rarely pass the meaning checks "
            "and those kept are seldom good (judged sample in docs/formats.md); made "
            "because you asked. Use a capable model (llm=..., --model) for %s data.",
            name,
            name,
        )


def _warn_withheld(tasks: Sequence[TaskType]) -> None:
    """Say once per process which types the embedded default leaves out, and why."""
    if "ynqa" in {t.name for t in tasks} - _WARNED:
        _WARNED.add("ynqa")
        logger.warning(
            "ynqa: no pairs from the embedded SmolLM2-135M. Its questions are built by code "
            "(with any model) from a passage sentence with a word changed, and two strict "
            "readings judged none of 17 good (a copied sentence under 'yes', an edit or a "
            "dropped 'not' under 'no'; docs/formats.md). code_rewrites=True (--code-rewrites) "
            "makes them anyway; other engines still get them, built the same way."
        )
    names = sorted({t.name for t in tasks} & REWRITE_TYPES - _WARNED)
    if not names:
        return
    _WARNED.update(names)
    logger.warning(
        "%s: no pairs from the embedded SmolLM2-135M. It cannot write their second "
        "sentence, and code-built one-word edits let the kind of edit give the label away "
        "(a strict reading judged none of 20 such pairs good; docs/formats.md). Use a "
        "capable model (llm=..., --model or --openai-base-url), or code_rewrites=True "
        "(--code-rewrites) to make the one-word edits anyway.",
        ", ".join(names),
    )
