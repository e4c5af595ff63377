"""A prompted format for any instruct, chat or completion model (not Bonito-trained)."""

from __future__ import annotations

import json
import re
from typing import Any, Literal

from langchain_taskgen.engines.base import OutputConstraint
from langchain_taskgen.errors import TaskParseError
from langchain_taskgen.formats.base import has_special_token, neutralize_special_tokens
from langchain_taskgen.formats.bonito import CONTEXT_PLACEHOLDER
from langchain_taskgen.tasks import (
    BUILT_IN_TASK_NAMES,
    BUILT_IN_TASK_TYPES,
    DEMO_PASSAGE,
    TASK_TYPES,
    get_task_type,
)

_INPUT_KEYS = ("input", "instruction", "question", "task", "prompt")
_OUTPUT_KEYS = ("output", "answer", "response", "completion", "target")
_FENCE = re.compile(r"```[a-zA-Z0-9_-]*\s*\n?(.*?)```", re.DOTALL)
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_LABEL = re.compile(
    r"^[ \t]*[*#]*[ \t]*(input|question|instruction|output|answer|response)"
    r"[ \t]*[*]*[ \t]*:[ \t]*[*]*[ \t]*",
    re.IGNORECASE | re.MULTILINE,
)
_INPUT_LABELS = {"input", "question", "instruction"}


def __getattr__(name: str) -> dict[str, Any]:
    # Kept for old imports: each task type now carries its demonstration and decoding
    # labels; these tables are read from the registry when asked (custom types included).
    if name == "DEMONSTRATIONS":
        return {t.name: t.demonstration for t in TASK_TYPES.values() if t.demonstration}
    if name == "SCHEMA_LABELS":
        return {t.name: t.schema_labels for t in TASK_TYPES.values() if t.schema_labels}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class InstructFormat:
    """Ask any instruct or chat model for a task pair by prompt, and parse its reply.

    Two prompt styles share one tolerant parser:

    * ``"completion"`` (default): a few-shot text prompt ending in ``Input:``; works with
      plain completion models and small instruct models (measured far more parseable
      replies than chat-style prompting on SmolLM2-135M).
    * ``"json"``: an instruction asking for one JSON object ``{"input", "output"}``,
      for capable chat models.

    The parser accepts JSON (also inside code fences, with prose around it, trailing
    commas, or several objects: the first complete one wins) and ``Input:``/``Output:``
    (or ``Question:``/``Answer:``) lines. For task types whose input must carry the
    passage (see :attr:`TaskType.context_in_input`), the passage is put in front of the
    model's question unless the model already wrote it or ``{{context}}``.

    Example:
        >>> fmt = InstructFormat()
        >>> prompt = fmt.prompt("Cats sleep a lot.", "ynqa")
        >>> prompt.endswith("Passage: Cats sleep a lot.\\nInput:")
        True
        >>> fmt.parse(" Do cats sleep a lot?\\nOutput: Yes", "Cats sleep a lot.", "ynqa")
        ('Cats sleep a lot.\\n\\nDo cats sleep a lot?', 'Yes')
    """

    name = "instruct"

    def __init__(
        self, style: Literal["completion", "json"] = "completion", demonstrations: int = 1
    ) -> None:
        if style not in ("completion", "json"):
            raise ValueError(f"style must be 'completion' or 'json', got {style!r}")
        if demonstrations not in (0, 1):
            raise ValueError("demonstrations must be 0 or 1")
        self.style = style
        self.demonstrations = demonstrations

    def _instruction(self, task_type: str) -> str:
        task = get_task_type(task_type)
        where = (
            "Do not repeat the passage in the input; it is added automatically."
            if task.context_in_input
            else "The input must be self-contained: quote what it needs from the passage."
        )
        labels = ""
        # The built-in descriptions say their answers in words (their label sets hold
        # synonyms); a custom type's labels are listed.
        if task.labels and task.name not in BUILT_IN_TASK_NAMES:
            labels = f" The output is one of: {', '.join(sorted(task.labels))}."
        return (
            f"Create one {task.full_name} example from the passage: {task.description}."
            f"{labels} {where}"
        )

    def prompt(self, context: str, task_type: str) -> str:
        """Build the prompt for a passage and task type."""
        task = get_task_type(task_type)
        passage = neutralize_special_tokens(context.strip())
        demo = task.demonstration
        if self.style == "json":
            parts = [
                self._instruction(task.name)
                + ' Reply with one JSON object with the keys "input" and "output" and '
                "nothing else."
            ]
            if self.demonstrations and demo:
                shown = json.dumps({"input": demo[0], "output": demo[1]}, ensure_ascii=False)
                parts.append(f"Passage: {DEMO_PASSAGE}\nJSON: {shown}")
            parts.append(f"Passage: {passage}\nJSON:")
            return "\n\n".join(parts)
        parts = [self._instruction(task.name)]
        if self.demonstrations and demo:
            parts.append(f"Passage: {DEMO_PASSAGE}\nInput: {demo[0]}\nOutput: {demo[1]}")
        parts.append(f"Passage: {passage}\nInput:")
        return "\n\n".join(parts)

    def constraint(self, task_type: str) -> OutputConstraint | None:
        """The JSON schema of a reply, for engines with structured decoding (json style).

        ``input`` and ``output`` are required non-empty strings; for label tasks the
        output is one of the labels, so it cannot fall outside the set.

        Example:
            >>> schema = InstructFormat(style="json").constraint("ynqa").schema()
            >>> sorted(schema["properties"]["output"]["enum"])
            ['No', 'Yes']
            >>> InstructFormat().constraint("ynqa") is None  # completion style: free text
            True
        """
        if self.style != "json":
            return None
        task = get_task_type(task_type)
        output: dict[str, Any] = {"type": "string", "minLength": 1}
        labels = task.decoding_labels
        if labels:
            output = {"type": "string", "enum": list(labels)}
        schema = {
            "type": "object",
            "properties": {"input": {"type": "string", "minLength": 1}, "output": output},
            "required": ["input", "output"],
            "additionalProperties": False,
        }
        return OutputConstraint(json_schema=json.dumps(schema, sort_keys=True))

    def stop_sequences(self, task_type: str) -> list[str]:
        """Stop before the model starts a new passage or example."""
        if self.style == "json":
            return ["\nPassage:"]
        return ["\n\n", "\nPassage:"]

    def parse(self, completion: str, context: str, task_type: str | None = None) -> tuple[str, str]:
        """Parse a reply into ``(input, output)``.

        Args:
            completion: The model's reply (the text after the prompt).
            context: The passage the prompt was built from.
            task_type: The task type asked for; decides whether the passage is put in
                front of the input. ``None`` leaves the input as the model wrote it.

        Raises:
            TaskParseError: With reason ``empty``, ``unparsable``, ``empty_input``,
                ``empty_output``, ``context_only``, ``control_token``,
                ``copied_demonstration`` (the model repeated the built-in example) or
                ``demonstration_leak`` (two or more of the example's words, absent from
                the passage, in the pair).
        """
        if not isinstance(completion, str) or not completion.strip():
            raise TaskParseError("empty", "the completion is empty", str(completion or ""))
        found = _from_json(completion) or _from_labels(completion, self.style)
        if found is None:
            raise TaskParseError(
                "unparsable", "no input/output pair found in the reply", completion
            )
        raw_input, raw_output = found[0].strip(), found[1].strip()
        if not raw_input:
            raise TaskParseError("empty_input", "the task input is empty", completion)
        if not raw_output:
            raise TaskParseError("empty_output", "the task output is empty", completion)
        if not raw_input.replace(CONTEXT_PLACEHOLDER, "").strip():
            raise TaskParseError("context_only", "the input is only the passage", completion)
        if has_special_token(raw_input) or has_special_token(raw_output):
            raise TaskParseError(
                "control_token", "a control token leaked into the task", completion
            )
        passage = neutralize_special_tokens(context.strip())
        if task_type is not None and _copies_demonstration(raw_input, task_type, passage):
            raise TaskParseError(
                "copied_demonstration", "the task repeats the built-in example", completion
            )
        leaked = _leaked_words(f"{raw_input} {raw_output}", passage)
        if len(leaked) >= 2:
            raise TaskParseError(
                "demonstration_leak",
                f"the task uses the example's words, not the passage's: {sorted(leaked)[:4]}",
                completion,
            )
        needs_passage = task_type is not None and get_task_type(task_type).context_in_input
        if (
            needs_passage
            and passage
            and CONTEXT_PLACEHOLDER not in raw_input
            and passage not in raw_input
        ):
            raw_input = CONTEXT_PLACEHOLDER + "\n\n" + raw_input
        return (
            raw_input.replace(CONTEXT_PLACEHOLDER, passage),
            raw_output.replace(CONTEXT_PLACEHOLDER, passage),
        )


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


# Words that any task may use ("passage", "sentence", "answer") are not evidence of a copy.
_TASK_WORDS = frozenset(
    """passage sentence sentences question answer options option write summarize summary
    sentiment positive negative neutral topic word words mean meaning same thing premise
    hypothesis entail entailment contradiction relation complete paraphrase short notice
    users about what does yes no one two refer the a an of in on to is are and or for""".split()
)
_DEMO_WORDS = frozenset(
    w
    for text in [
        DEMO_PASSAGE,
        *(part for t in BUILT_IN_TASK_TYPES if t.demonstration for part in t.demonstration),
    ]
    for w in re.findall(r"[a-z']{4,}", text.casefold())
    if w not in _TASK_WORDS
)


def _leaked_words(text: str, passage: str) -> set[str]:
    """Words of the built-in example (library, reader, Sunday ...) used but not in the passage."""
    mine = set(re.findall(r"[a-z']{4,}", text.casefold())) & _DEMO_WORDS
    return mine - set(re.findall(r"[a-z']{4,}", passage.casefold()))


def _copies_demonstration(task_input: str, task_type: str, passage: str) -> bool:
    """Whether the input is (nearly) the demonstration's and carries its content.

    A generic input that happens to match ("What is the sentiment of the passage?") is
    natural, not a copy: it must also bring a word of the example that the passage lacks.
    """
    shown = get_task_type(task_type).demonstration
    if shown is None:
        return False
    demo, mine = _words(shown[0]), _words(task_input)
    if not demo or not mine or len(demo & mine) / len(demo | mine) < 0.7:
        return False
    return bool(_leaked_words(task_input, passage))


def _pick(obj: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    lowered = {str(k).lower(): v for k, v in obj.items()}
    for key in keys:
        value = lowered.get(key)
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            return "\n".join(value)
    return None


def _json_objects(text: str) -> list[Any]:
    """Every JSON value that a brace/bracket scan finds in ``text``, in order."""
    sources = [m.group(1) for m in _FENCE.finditer(text)] + [text]
    values: list[Any] = []
    for source in sources:
        start = 0
        while True:
            positions = [p for p in (source.find("{", start), source.find("[", start)) if p >= 0]
            if not positions:
                break
            begin = min(positions)
            end = _matching_close(source, begin)
            if end is None:
                start = begin + 1
                continue
            chunk = _TRAILING_COMMA.sub(r"\1", source[begin : end + 1])
            try:
                values.append(json.loads(chunk))
                start = end + 1
            except (json.JSONDecodeError, RecursionError):
                start = begin + 1
    return values


def _matching_close(text: str, begin: int) -> int | None:
    depth = 0
    in_string = False
    escaped = False
    for i in range(begin, len(text)):
        ch = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return i
    return None


def _from_json(text: str) -> tuple[str, str] | None:
    if "{" not in text:
        return None
    for value in _json_objects(text):
        candidates = value if isinstance(value, list) else [value]
        for obj in candidates:
            if not isinstance(obj, dict):
                continue
            task_input, task_output = _pick(obj, _INPUT_KEYS), _pick(obj, _OUTPUT_KEYS)
            if task_input and task_input.strip() and task_output and task_output.strip():
                return task_input, task_output
    return None


def _from_labels(text: str, style: str) -> tuple[str, str] | None:
    # The completion-style prompt ends with "Input:", so the reply starts mid-field.
    if style == "completion" and not _LABEL.match(text.lstrip("\n")):
        text = "Input: " + text.lstrip(" ")
    fields = list(_LABEL.finditer(text))
    for i, label in enumerate(fields):
        if label.group(1).lower() not in _INPUT_LABELS:
            continue
        nxt = fields[i + 1] if i + 1 < len(fields) else None
        if nxt is None or nxt.group(1).lower() in _INPUT_LABELS:
            continue
        end = fields[i + 2].start() if i + 2 < len(fields) else len(text)
        task_input = text[label.end() : nxt.start()]
        task_output = text[nxt.end() : end]
        if task_input.strip() and task_output.strip():
            return task_input, task_output
    return None
