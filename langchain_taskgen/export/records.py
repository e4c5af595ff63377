"""Converters from a :class:`~langchain_taskgen.pairs.TaskPair` to one trainer record each.

One function per JSONL format (``to_trl``, ``to_openai_chat``, ``to_openai_completion``,
``to_alpaca``, ``to_sharegpt``, ``to_squad``), the registry :data:`EXPORTERS` of them by
name, and :func:`write_jsonl`, which writes pairs in any of those formats.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from langchain_taskgen._atomic import atomic_write
from langchain_taskgen.pairs.pair import TaskPair, json_line

__all__ = [
    "COMPLETION_SEPARATOR",
    "COMPLETION_STOP",
    "EXPORTERS",
    "SHAREGPT_ROLES",
    "SQUAD_VERSION",
    "chat_messages",
    "find_answer",
    "split_input",
    "to_alpaca",
    "to_openai_chat",
    "to_openai_completion",
    "to_sharegpt",
    "to_squad",
    "to_squad_v1",
    "to_trl",
    "write_jsonl",
]

logger = logging.getLogger(__name__)

# The classic OpenAI prompt/completion fine-tuning guide: a fixed separator ends every
# prompt, the completion starts with a space and ends with a fixed stop sequence.
COMPLETION_SEPARATOR = "\n\n###\n\n"
COMPLETION_STOP = " END"
SQUAD_VERSION = "1.1"

SHAREGPT_ROLES: dict[str, dict[str, str]] = {
    "sharegpt": {"system": "system", "user": "human", "assistant": "gpt"},
    "openai": {"system": "system", "user": "user", "assistant": "assistant"},
}
"""Role names of the ``sharegpt`` export: ShareGPT's own, or OpenAI/TRL's."""


def split_input(pair: TaskPair) -> tuple[str, str]:
    """The pair's task text and its passage, separated.

    Context-bearing pairs carry the passage inside their input; the task (question,
    instruction, options) is what remains once the passage is removed.

    Example:
        >>> pair = TaskPair("Sky is blue.\\nIs it blue?", "Yes", "ynqa", "Sky is blue.")
        >>> split_input(pair)
        ('Is it blue?', 'Sky is blue.')
    """
    passage = pair.context.strip()
    if passage and passage in pair.input:
        task = pair.input.replace(passage, "", 1).strip()
        if task:
            return task, passage
    return pair.input, ""


def chat_messages(pair: TaskPair, system: str | None = None) -> list[dict[str, str]]:
    """The pair as OpenAI-style messages: optional system, user, assistant."""
    messages = [{"role": "system", "content": system}] if system else []
    messages += [
        {"role": "user", "content": pair.input},
        {"role": "assistant", "content": pair.output},
    ]
    return messages


def to_openai_chat(pair: TaskPair, system: str | None = None) -> dict[str, Any]:
    """OpenAI chat fine-tuning record: ``{"messages": [...]}``."""
    return {"messages": chat_messages(pair, system)}


def to_trl(pair: TaskPair, system: str | None = None) -> dict[str, Any]:
    """TRL conversational prompt/completion record (loss on the answer only).

    Example:
        >>> to_trl(TaskPair("Is it?", "Yes", "ynqa"))["completion"]
        [{'role': 'assistant', 'content': 'Yes'}]
    """
    messages = chat_messages(pair, system)
    return {"prompt": messages[:-1], "completion": messages[-1:]}


def to_openai_completion(pair: TaskPair, system: str | None = None) -> dict[str, str]:
    """OpenAI prompt/completion record (separator and stop sequence of the classic guide)."""
    prefix = system + "\n\n" if system else ""
    return {
        "prompt": prefix + pair.input + COMPLETION_SEPARATOR,
        "completion": " " + pair.output + COMPLETION_STOP,
    }


def to_alpaca(pair: TaskPair, system: str | None = None) -> dict[str, str]:
    """Alpaca record: the task in ``instruction``, the passage in ``input``.

    Example:
        >>> to_alpaca(TaskPair("Sky is blue.\\nIs it?", "Yes", "ynqa", "Sky is blue."))
        {'instruction': 'Is it?', 'input': 'Sky is blue.', 'output': 'Yes'}
    """
    task, passage = split_input(pair)
    record = {"instruction": task, "input": passage, "output": pair.output}
    if system:
        record["system"] = system
    return record


def to_sharegpt(
    pair: TaskPair, system: str | None = None, roles: str = "sharegpt"
) -> dict[str, Any]:
    """ShareGPT record: ``{"conversations": [{"from": ..., "value": ...}, ...]}``.

    Args:
        pair: The pair.
        system: Optional system message (first turn, ``from: system``).
        roles: ``"sharegpt"`` (``human``/``gpt``: LLaMA-Factory, Axolotl) or ``"openai"``
            (``user``/``assistant``: what TRL's chat templates expect).
    """
    if roles not in SHAREGPT_ROLES:
        raise ValueError(f"unknown sharegpt roles {roles!r}; choose from {sorted(SHAREGPT_ROLES)}")
    names = SHAREGPT_ROLES[roles]
    return {
        "conversations": [
            {"from": names[m["role"]], "value": m["content"]} for m in chat_messages(pair, system)
        ]
    }


def find_answer(context: str, answer: str) -> int:
    """Character offset of ``answer`` in ``context`` as a whole word/phrase, or -1.

    The answer must not continue a word on either side; a hyphen counts as part of a
    word, so ``"no"`` is not found inside ``"no-charge"``. Exact case first, then any case.

    Example:
        >>> find_answer("It is a no-charge licence, no fee.", "no")
        27
        >>> find_answer("It is a no-charge licence.", "no")
        -1
    """
    answer = answer.strip()
    if not answer:
        return -1
    before = r"(?<![\w-])" if re.match(r"[\w-]", answer[0]) else ""
    after = r"(?![\w-])" if re.match(r"[\w-]", answer[-1]) else ""
    pattern = before + re.escape(answer) + after
    for flags in (0, re.IGNORECASE):
        found = re.search(pattern, context, flags)
        if found:
            return found.start()
    return -1


def to_squad(pair: TaskPair, system: str | None = None) -> dict[str, Any] | None:
    """SQuAD-style record for an extractive QA pair, or ``None`` if it does not fit.

    The question is the pair input without the passage; ``answer_start`` is the
    character offset of the answer in the passage, found on word boundaries only.
    """
    del system  # SQuAD has no place for one
    if pair.task_type != "exqa" or not pair.context:
        return None
    start = find_answer(pair.context, pair.output)
    if start < 0:
        return None
    question = split_input(pair)[0]
    answer = pair.context[start : start + len(pair.output.strip())]
    return {
        "id": pair.id,
        "title": str(pair.metadata.get("source", "")),
        "context": pair.context,
        "question": question,
        "answers": {"text": [answer], "answer_start": [start]},
    }


def to_squad_v1(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Nest flat :func:`to_squad` records in the SQuAD v1.1 JSON layout.

    ``{"version": "1.1", "data": [{"title", "paragraphs": [{"context", "qas": [{"id",
    "question", "answers": [{"text", "answer_start"}]}]}]}]}``: one article per source,
    one paragraph per distinct passage, ids unique.
    """
    articles: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    seen: set[str] = set()
    for record in records:
        if record["id"] in seen:
            continue
        seen.add(record["id"])
        answers = [
            {"text": text, "answer_start": start}
            for text, start in zip(
                record["answers"]["text"], record["answers"]["answer_start"], strict=True
            )
        ]
        articles[record["title"]][record["context"]].append(
            {"id": record["id"], "question": record["question"], "answers": answers}
        )
    return {
        "version": SQUAD_VERSION,
        "data": [
            {
                "title": title,
                "paragraphs": [{"context": c, "qas": qas} for c, qas in paragraphs.items()],
            }
            for title, paragraphs in articles.items()
        ],
    }


def _pairs_record(pair: TaskPair, system: str | None = None) -> dict[str, Any]:
    del system
    return pair.to_dict()


EXPORTERS: dict[str, Callable[..., dict[str, Any] | None]] = {
    "trl": to_trl,
    "openai-chat": to_openai_chat,
    "openai-completion": to_openai_completion,
    "alpaca": to_alpaca,
    "sharegpt": to_sharegpt,
    "squad": to_squad,
    "pairs": _pairs_record,
}
"""JSONL exporters by format name; each takes ``(pair, system=None)``."""


def write_jsonl(
    pairs: Iterable[TaskPair],
    path: str | Path,
    to: str = "pairs",
    *,
    system: str | None = None,
    sharegpt_roles: str = "sharegpt",
) -> int:
    """Write pairs as JSONL in one of :data:`EXPORTERS`' formats.

    Pairs that do not fit the format (e.g. non-exqa pairs for ``squad``) are skipped
    and counted in the log.

    Returns:
        The number of records written.

    Example:
        >>> import tempfile, os
        >>> pair = TaskPair("Is it?", "Yes", "ynqa")
        >>> path = os.path.join(tempfile.mkdtemp(), "train.jsonl")
        >>> write_jsonl([pair], path, to="openai-chat")
        1
    """
    written = 0
    # Atomic: a crash or a full disk leaves the previous file, never a torn one.
    with atomic_write(path) as handle:
        for record in _records(pairs, to, system, sharegpt_roles):
            handle.write(json_line(record) + "\n")
            written += 1
    return written


def _records(
    pairs: Iterable[TaskPair], to: str, system: str | None, sharegpt_roles: str
) -> Iterator[dict[str, Any]]:
    if to not in EXPORTERS:
        raise ValueError(f"unknown export format {to!r}; choose from {sorted(EXPORTERS)}")
    convert = EXPORTERS[to]
    skipped = 0
    for pair in pairs:
        record: dict[str, Any] | None
        if to == "sharegpt":
            record = to_sharegpt(pair, system, roles=sharegpt_roles)
        else:
            record = convert(pair, system=system)
        if record is None:
            skipped += 1
            continue
        yield record
    if skipped:
        logger.info("%s export skipped %d pairs that do not fit the format", to, skipped)
