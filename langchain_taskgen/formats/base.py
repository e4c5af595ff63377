"""The contract every task format follows."""

from __future__ import annotations

import re
from typing import Protocol, runtime_checkable

# Special tokens of the form <|name|> (Bonito's control tokens, ChatML, Llama 3 ...).
# Tokenizers turn these strings into real special tokens even inside plain text,
# so a passage that contains one could forge or break the prompt structure.
_SPECIAL_TOKEN = re.compile(r"<\|([^<>|\s]{0,40})\|>")


def neutralize_special_tokens(text: str) -> str:
    """Rewrite ``<|name|>`` sequences as ``<name>`` so they cannot act as control tokens.

    Example:
        >>> neutralize_special_tokens("a <|pipe|> b")
        'a <pipe> b'
    """
    return _SPECIAL_TOKEN.sub(r"<\1>", text)


def has_special_token(text: str) -> bool:
    """Whether ``text`` contains a ``<|name|>`` special-token sequence."""
    return _SPECIAL_TOKEN.search(text) is not None


@runtime_checkable
class TaskFormat(Protocol):
    """How a task is asked of a model and how its completion is parsed.

    ``prompt`` builds the text sent to the model; ``parse`` turns one completion into
    ``(input, output)`` or raises :class:`~langchain_taskgen.TaskParseError`.
    """

    name: str

    def prompt(self, context: str, task_type: str) -> str:
        """The prompt for one passage and task type."""
        ...

    def parse(self, completion: str, context: str, task_type: str | None = None) -> tuple[str, str]:
        """Parse one completion into ``(input, output)``."""
        ...

    def stop_sequences(self, task_type: str) -> list[str]:
        """Stop sequences the engine should use with this format's prompts."""
        ...
