"""How an eval input is put to a model: one prompt style for every model column.

``chat``: the k examples as earlier user/assistant turns and the input as the last user
turn, through the model's own chat template (an instruct model's native format, and the
format :func:`~langchain_taskgen.training.finetune.finetune` trains on, so the zero-shot
and the fine-tuned columns get the very same prompt). ``completion``: plain text,
``Input: ...`` / ``Output: ...`` blocks after a one-line instruction. Every column gets the
same input text, clipped the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_taskgen.engines.base import PromptResult

__all__ = [
    "PROMPT_STYLES",
    "answer_text",
    "chat_messages",
    "clip",
    "completion_prompt",
    "render_chat",
]

PROMPT_STYLES = ("chat", "completion")


def clip(text: str, limit: int) -> str:
    """Keep the last ``limit`` characters (the question sits after the passage).

    Example:
        >>> clip("a long passage. Question?", 9)
        '...Question?'
    """
    return text if len(text) <= limit else "..." + text[-limit:]


def completion_prompt(input_text: str, examples: Sequence[tuple[str, str]]) -> str:
    """The completion-style prompt: instruction, example blocks, the input.

    Example:
        >>> print(completion_prompt("Is it free?", [("Is it old?", "Yes")]))
        Answer the last input the way the examples are answered.
        <BLANKLINE>
        Input: Is it old?
        Output: Yes
        <BLANKLINE>
        Input: Is it free?
        Output:
    """
    parts = (
        ["Answer the last input the way the examples are answered."]
        if examples
        else ["Answer the input."]
    )
    parts += [f"Input: {given}\nOutput: {answer}" for given, answer in examples]
    parts.append(f"Input: {input_text}\nOutput:")
    return "\n\n".join(parts)


def chat_messages(input_text: str, examples: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    """The chat-style conversation: each example a user/assistant exchange, then the input.

    Example:
        >>> [m["role"] for m in chat_messages("Is it free?", [("Is it old?", "Yes")])]
        ['user', 'assistant', 'user']
    """
    messages: list[dict[str, str]] = []
    for given, answer in examples:
        messages += [{"role": "user", "content": given}, {"role": "assistant", "content": answer}]
    messages.append({"role": "user", "content": input_text})
    return messages


def render_chat(tokenizer: Any, messages: Sequence[dict[str, str]]) -> str:
    """The conversation as text through the tokenizer's chat template, ready for the reply.

    The text is sent as a plain prompt; a BOS token the template writes is dropped when
    the tokenizer adds its own, so the model sees it once.
    """
    text = str(
        tokenizer.apply_chat_template(list(messages), tokenize=False, add_generation_prompt=True)
    )
    bos = getattr(tokenizer, "bos_token", None)
    if bos and text.startswith(bos):
        ids = tokenizer("x")["input_ids"]
        if ids and ids[0] == getattr(tokenizer, "bos_token_id", None):
            text = text[len(bos) :]
    return text


def answer_text(result: PromptResult) -> str:
    """The answer: the first non-empty line of the completion ("" when there is none).

    Leading blank lines are skipped, not taken as the end of the answer.

    Example:
        >>> from langchain_taskgen.engines.base import Completion
        >>> answer_text(PromptResult([Completion("\\n\\n Four.\\nMore text")]))
        'Four.'
    """
    if not result.completions:
        return ""
    for line in result.completions[0].text.splitlines():
        if line.strip():
            return line.strip()
    return ""
