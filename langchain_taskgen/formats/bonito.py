"""The Bonito prompt and completion format (byte-exact)."""

from __future__ import annotations

from langchain_taskgen.errors import TaskParseError
from langchain_taskgen.formats.base import has_special_token, neutralize_special_tokens
from langchain_taskgen.tasks import get_task_type

PIPE = "<|pipe|>"
CONTEXT_PLACEHOLDER = "{{context}}"


class BonitoFormat:
    """Prompt and parse in the format Bonito models were trained on.

    The prompt is ``"<|tasktype|>\\n" + full name + "\\n<|context|>\\n" + context +
    "\\n<|task|>\\n"``; the completion is ``input + "\\n<|pipe|>\\n" + output``, where
    ``{{context}}`` stands for the passage. Special-token sequences inside the passage
    are neutralised so a document cannot forge the structure.

    Example:
        >>> fmt = BonitoFormat()
        >>> fmt.prompt("The sky is blue.", "ynqa")
        '<|tasktype|>\\nyes-no question answering\\n<|context|>\\nThe sky is blue.\\n<|task|>\\n'
        >>> fmt.parse("{{context}}\\nIs the sky blue?\\n<|pipe|>\\nYes", "The sky is blue.")
        ('The sky is blue.\\nIs the sky blue?', 'Yes')
    """

    name = "bonito"

    def prompt(self, context: str, task_type: str) -> str:
        """Build the Bonito prompt for a passage and task type."""
        full_name = get_task_type(task_type).full_name
        return (
            "<|tasktype|>\n"
            + full_name.strip()
            + "\n<|context|>\n"
            + self.clean_context(context)
            + "\n<|task|>\n"
        )

    @staticmethod
    def clean_context(context: str) -> str:
        """The passage as it is placed in the prompt (stripped, special tokens neutralised)."""
        return neutralize_special_tokens(context.strip())

    def parse(self, completion: str, context: str, task_type: str | None = None) -> tuple[str, str]:
        """Split a completion on ``<|pipe|>`` and fill in ``{{context}}``.

        Args:
            completion: The model's completion.
            context: The passage the prompt was built from.
            task_type: Unused; accepted for the common format contract.

        Raises:
            TaskParseError: With reason ``empty``, ``no_separator``,
                ``multiple_separators``, ``empty_input``, ``empty_output``,
                ``context_only`` or ``control_token``.
        """
        if not isinstance(completion, str) or not completion.strip():
            raise TaskParseError("empty", "the completion is empty", str(completion or ""))
        parts = completion.split(PIPE)
        if len(parts) == 1:
            raise TaskParseError("no_separator", f"no {PIPE} in the completion", completion)
        if len(parts) > 2:
            raise TaskParseError(
                "multiple_separators", f"{len(parts) - 1} {PIPE} separators", completion
            )
        raw_input, raw_output = (p.strip() for p in parts)
        if not raw_input:
            raise TaskParseError("empty_input", "nothing before the separator", completion)
        if not raw_output:
            raise TaskParseError("empty_output", "nothing after the separator", completion)
        if not raw_input.replace(CONTEXT_PLACEHOLDER, "").strip():
            raise TaskParseError(
                "context_only", "the task input is only the passage, no task", completion
            )
        if has_special_token(raw_input) or has_special_token(raw_output):
            raise TaskParseError(
                "control_token", "a control token leaked into the task", completion
            )
        passage = self.clean_context(context)
        task_input = raw_input.replace(CONTEXT_PLACEHOLDER, passage)
        task_output = raw_output.replace(CONTEXT_PLACEHOLDER, passage)
        return task_input, task_output

    def stop_sequences(self, task_type: str) -> list[str]:
        """Bonito models end with EOS; a new ``<|tasktype|>`` marks a runaway completion."""
        return ["<|tasktype|>"]
