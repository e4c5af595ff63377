"""The data check printed by every export (in the spirit of OpenAI's fine-tuning checks).

Examples without a system message, empty turns, duplicates, and the distribution of
tokens per example against the trainer's context limit.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_taskgen.export.records import chat_messages
from langchain_taskgen.pairs.pair import TaskPair

__all__ = [
    "DEFAULT_MAX_LENGTH",
    "ExportSummary",
    "check_pairs",
    "count_tokens",
    "dedupe_pairs",
    "load_tokenizer",
]

logger = logging.getLogger(__name__)

DEFAULT_MAX_LENGTH = 2048
"""Trainer context limit the check counts against when none is given (tokens)."""


def load_tokenizer(name_or_dir: str | Path | None = None) -> Any:
    """A transformers tokenizer, or ``None`` when it cannot be had (offline, missing).

    ``None`` asks for the default model's tokenizer (converting the default model once
    if needed).
    """
    try:
        from transformers import AutoTokenizer

        if name_or_dir is None:
            from langchain_taskgen.engines.default import default_model_dir

            name_or_dir = default_model_dir()
        return AutoTokenizer.from_pretrained(str(name_or_dir))
    except Exception as error:  # noqa: BLE001 - any failure falls back to an estimate
        logger.warning("no tokenizer (%s); token counts are estimated as chars/4", error)
        return None


# Text is tokenized in pieces of about this many characters (cut at whitespace): one
# 52 MB pair tokenized whole took 8 GB of memory. A piece boundary may split a token that
# would have been one: the count can be a few tokens high, never far off.
_PIECE_CHARS = 16_384
# Beyond this many characters the rest of a text is extrapolated from the tokens per
# character of what was counted: the check must say "over the limit", not the exact
# length of a book.
_EXACT_CHARS = 1_000_000


def _pieces(text: str) -> Iterable[str]:
    start = 0
    while start < len(text):
        end = min(len(text), start + _PIECE_CHARS)
        if end < len(text):
            cut = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
            end = cut + 1 if cut > start else end
        yield text[start:end]
        start = end


def _count_text(text: str, tokenizer: Any) -> int:
    """Tokens in ``text`` with memory bounded by :data:`_PIECE_CHARS` (see there)."""
    if len(text) <= _PIECE_CHARS:
        return len(tokenizer(text, add_special_tokens=False)["input_ids"])
    tokens = counted = 0
    for piece in _pieces(text):
        tokens += len(tokenizer(piece, add_special_tokens=False)["input_ids"])
        counted += len(piece)
        if counted >= _EXACT_CHARS:
            break
    if counted < len(text):
        tokens += round(tokens / counted * (len(text) - counted))
    return tokens


def count_tokens(messages: Sequence[dict[str, str]], tokenizer: Any = None) -> int:
    """Tokens in a conversation as the model would see it.

    With a tokenizer that has a chat template the rendered conversation is counted;
    without one the contents are; without a tokenizer, characters / 4 (rounded up).
    Long texts are counted piece by piece (bounded memory) and, past a million
    characters, extrapolated.

    Example:
        >>> count_tokens([{"role": "user", "content": "12345678"}])
        6
    """
    if tokenizer is None:
        return sum(-(-len(m["content"]) // 4) + 4 for m in messages)
    if getattr(tokenizer, "chat_template", None):
        text = tokenizer.apply_chat_template(list(messages), tokenize=False)
    else:
        text = "\n".join(m["content"] for m in messages)
    return _count_text(text, tokenizer)


def _distribution(values: Sequence[int]) -> dict[str, float]:
    ordered = sorted(values)

    def pct(q: float) -> float:
        return float(ordered[min(len(ordered) - 1, int(q * len(ordered)))])

    return {
        "min": float(ordered[0]),
        "max": float(ordered[-1]),
        "mean": round(statistics.mean(ordered), 1),
        "median": float(statistics.median(ordered)),
        "p5": pct(0.05),
        "p95": pct(0.95),
    }


@dataclass
class ExportSummary:
    """What :func:`check_pairs` found (in the spirit of OpenAI's fine-tune data checks).

    Attributes:
        examples: Pairs checked.
        missing_system: Examples without a system message.
        missing_user: Examples with an empty input.
        missing_assistant: Examples with an empty output.
        duplicates: Examples that repeat an earlier one (same task type, input, output).
        removed_duplicates: Duplicates dropped by ``dedupe``.
        tokens: Distribution of tokens per example (``min max mean median p5 p95``).
        assistant_tokens: Distribution of answer tokens per example.
        max_length: The limit checked against.
        over_limit: Examples longer than ``max_length`` (trainers truncate them).
        tokenizer: The tokenizer counted with, or ``"chars/4 estimate"``.
        skipped: Pairs that do not fit the format (e.g. non-exqa for squad).
        removed_low_quality: Pairs dropped by ``min_quality``.
        unscored: With ``min_quality``: pairs without a quality score (kept).
    """

    examples: int = 0
    missing_system: int = 0
    missing_user: int = 0
    missing_assistant: int = 0
    duplicates: int = 0
    removed_duplicates: int = 0
    tokens: dict[str, float] = field(default_factory=dict)
    assistant_tokens: dict[str, float] = field(default_factory=dict)
    max_length: int = DEFAULT_MAX_LENGTH
    over_limit: int = 0
    tokenizer: str = ""
    skipped: int = 0
    removed_low_quality: int = 0
    unscored: int = 0

    def warnings(self) -> list[str]:
        """One line per problem a trainer would mind."""
        out = []
        if self.missing_system:
            out.append(f"{self.missing_system} examples have no system message (see --system)")
        if self.missing_user or self.missing_assistant:
            out.append(
                f"{self.missing_user} examples have an empty user message, "
                f"{self.missing_assistant} an empty assistant message"
            )
        if self.duplicates:
            out.append(f"{self.duplicates} duplicate examples (drop them with --dedupe)")
        if self.unscored:
            out.append(
                f"{self.unscored} pairs have no quality score and were kept "
                "(score them with taskgen check)"
            )
        if self.over_limit:
            out.append(
                f"{self.over_limit} examples are over the {self.max_length}-token limit; "
                "a trainer truncates them (raise its max length or shorten the chunks)"
            )
        return out

    def text(self) -> str:
        """The check as printed by ``taskgen export``."""

        def line(name: str, dist: dict[str, float]) -> str:
            if not dist:
                return f"{name}: none"
            return (
                f"{name}: min/max {dist['min']:.0f}/{dist['max']:.0f}, "
                f"mean/median {dist['mean']}/{dist['median']:.0f}, "
                f"p5/p95 {dist['p5']:.0f}/{dist['p95']:.0f}"
            )

        lines = [
            f"examples: {self.examples}"
            + (
                f" (removed {self.removed_duplicates} duplicates)"
                if self.removed_duplicates
                else ""
            )
            + (f" ({self.skipped} pairs do not fit the format)" if self.skipped else "")
            + (
                f" (removed {self.removed_low_quality} below the minimum quality)"
                if self.removed_low_quality
                else ""
            ),
            f"missing system message: {self.missing_system}",
            f"duplicates: {self.duplicates}",
            line(f"tokens per example ({self.tokenizer})", self.tokens),
            line("answer tokens per example", self.assistant_tokens),
            f"over the {self.max_length}-token limit: {self.over_limit}",
        ]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return dict(self.__dict__)


def check_pairs(
    pairs: Sequence[TaskPair],
    *,
    system: str | None = None,
    tokenizer: Any = None,
    max_length: int = DEFAULT_MAX_LENGTH,
) -> ExportSummary:
    """Check pairs as chat examples: system messages, duplicates, token lengths.

    Args:
        pairs: The pairs to export.
        system: The system message the export adds (``None``: none).
        tokenizer: A transformers tokenizer; ``None`` estimates tokens as chars/4.
        max_length: Context limit of the trainer (tokens per example).

    Example:
        >>> s = check_pairs([TaskPair("Is it?", "Yes", "ynqa")] * 2, max_length=4)
        >>> s.duplicates, s.missing_system, s.over_limit
        (1, 2, 2)
    """
    summary = ExportSummary(
        examples=len(pairs),
        max_length=max_length,
        tokenizer=_tokenizer_name(tokenizer),
    )
    seen: set[str] = set()
    totals, answers = [], []
    for pair in pairs:
        summary.missing_system += not system
        summary.missing_user += not pair.input.strip()
        summary.missing_assistant += not pair.output.strip()
        if pair.id in seen:
            summary.duplicates += 1
        seen.add(pair.id)
        total = count_tokens(chat_messages(pair, system), tokenizer)
        totals.append(total)
        answers.append(
            count_tokens([{"role": "assistant", "content": pair.output}], None)
            if tokenizer is None
            else _count_text(pair.output, tokenizer)
        )
        summary.over_limit += total > max_length
    if pairs:
        summary.tokens = _distribution(totals)
        summary.assistant_tokens = _distribution(answers)
    return summary


def _tokenizer_name(tokenizer: Any) -> str:
    if tokenizer is None:
        return "chars/4 estimate"
    name = str(getattr(tokenizer, "name_or_path", "") or type(tokenizer).__name__)
    return Path(name).name or name


def dedupe_pairs(pairs: Iterable[TaskPair]) -> list[TaskPair]:
    """Pairs without repeats (same task type, input and output), first one kept."""
    seen: set[str] = set()
    out = []
    for pair in pairs:
        if pair.id not in seen:
            seen.add(pair.id)
            out.append(pair)
    return out
