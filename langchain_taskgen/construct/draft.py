"""A planned task: the fields code built, and the one part (if any) a model must write."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

Ask = Literal["paraphrase", "summary"]
"""What a draft asks the model to write."""


@dataclass(frozen=True)
class Draft:
    """One task under construction.

    Attributes:
        task_type: Short task type name.
        fields: The task's named fields (premise, hypothesis, options ...), for provenance.
        ask: What the model must write (``None``: code built the whole pair).
        source: The text the model works from (a sentence for a paraphrase, the passage
            for a summary).
        render: Turns the model's text (``None`` for code-only drafts) into
            ``(input, output)``; raises :class:`~langchain_taskgen.TaskParseError`.
        context: The text the pair is about when the input shows only part of the
            passage (one section, its heading left out); it becomes the pair's context,
            so the checks and the shortcut audit read what the task shows. ``""``: the
            whole passage.
    """

    task_type: str
    fields: Mapping[str, str]
    render: Callable[[str | None], tuple[str, str]]
    ask: Ask | None = None
    source: str = ""
    context: str = ""

    @property
    def needs_model(self) -> bool:
        """Whether a model must write part of this task."""
        return self.ask is not None
