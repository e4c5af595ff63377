"""Export task pairs to the files fine-tuning tools read unchanged.

Formats (``taskgen export --to NAME``):

- ``trl``: conversational prompt/completion, ``{"prompt": [system?, user], "completion":
  [assistant]}``. TRL's ``SFTTrainer`` computes the loss on the completion only for this
  shape (``completion_only_loss``), which is what a task pair wants: the answer, not the
  passage, is what the model should learn to write.
- ``openai-chat``: ``{"messages": [...]}`` (OpenAI fine-tuning; TRL trains on the whole
  conversation with it; LLaMA-Factory's ``openai`` style via ``dataset_info.json``).
- ``openai-completion``: the classic prompt/completion guide (separator and stop sequence).
- ``alpaca``: ``instruction`` (the task), ``input`` (the passage), ``output``; ``system``
  when one is given (LLaMA-Factory, Axolotl ``type: alpaca``).
- ``sharegpt``: ``{"conversations": [{"from": "human", ...}, {"from": "gpt", ...}]}``.
  LLaMA-Factory reads it through ``dataset_info.json`` (written beside it). Axolotl:
  ``type: chat_template``, ``field_messages: conversations``,
  ``message_property_mappings: {role: from, content: value}`` and
  ``roles: {user: [human], assistant: [gpt]}``. TRL needs ``user``/``assistant`` roles
  (with ``human``/``gpt`` it renders ``<|im_start|>gpt``): export with
  ``sharegpt_roles="openai"`` (``--sharegpt-roles openai``) or use ``trl``.
- ``squad``: flat JSONL with the Hugging Face ``squad`` columns, ``squad-v1.1.json`` in the
  nested SQuAD v1.1 layout the official scorer reads, and ``squad-run_qa.json`` (the flat
  records under ``"data"``) for transformers' ``run_qa.py --train_file``.
- ``hf``: a ``datasets`` folder (``save_to_disk``) with ``messages``, ``prompt`` and
  ``completion`` columns beside the pair columns.

Every export prints a data check in the spirit of OpenAI's fine-tuning data checks:
examples without a system message, duplicates, and the distribution of tokens per
example against a context limit.
"""

from __future__ import annotations

import json
import logging
import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_taskgen.pairs import TaskPair, quality_of

if TYPE_CHECKING:
    from datasets import Dataset

logger = logging.getLogger(__name__)

# The classic OpenAI prompt/completion fine-tuning guide: a fixed separator ends every
# prompt, the completion starts with a space and ends with a fixed stop sequence.
COMPLETION_SEPARATOR = "\n\n###\n\n"
COMPLETION_STOP = " END"
SQUAD_VERSION = "1.1"
DEFAULT_MAX_LENGTH = 2048

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

FORMATS = (*EXPORTERS, "hf")
"""Every format :func:`export_pairs` writes."""


def dataset_info_entry(
    fmt: str, file_name: str, sharegpt_roles: str = "sharegpt", has_system: bool = False
) -> dict[str, Any]:
    """LLaMA-Factory ``dataset_info.json`` entry for an export.

    For ``alpaca``, ``sharegpt`` and ``openai-chat`` files (LLaMA-Factory reads OpenAI
    messages through its ``sharegpt`` formatting with role/content tags).

    Raises:
        ValueError: For another format.
    """
    if fmt == "alpaca":
        columns = {"prompt": "instruction", "query": "input", "response": "output"}
        if has_system:
            columns["system"] = "system"
        return {"file_name": file_name, "formatting": "alpaca", "columns": columns}
    if fmt == "sharegpt":
        names = SHAREGPT_ROLES[sharegpt_roles]
        return {
            "file_name": file_name,
            "formatting": "sharegpt",
            "columns": {"messages": "conversations"},
            "tags": {
                "role_tag": "from",
                "content_tag": "value",
                "user_tag": names["user"],
                "assistant_tag": names["assistant"],
                "system_tag": names["system"],
            },
        }
    if fmt == "openai-chat":
        return {
            "file_name": file_name,
            "formatting": "sharegpt",
            "columns": {"messages": "messages"},
            "tags": {
                "role_tag": "role",
                "content_tag": "content",
                "user_tag": "user",
                "assistant_tag": "assistant",
                "system_tag": "system",
            },
        }
    raise ValueError(f"LLaMA-Factory has no dataset_info entry for {fmt!r} here")


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
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in _records(pairs, to, system, sharegpt_roles):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
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


# ---------------------------------------------------------------------------------------
# Data checks


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


def count_tokens(messages: Sequence[dict[str, str]], tokenizer: Any = None) -> int:
    """Tokens in a conversation as the model would see it.

    With a tokenizer that has a chat template the rendered conversation is counted;
    without one the contents are; without a tokenizer, characters / 4 (rounded up).
    """
    if tokenizer is None:
        return sum(-(-len(m["content"]) // 4) + 4 for m in messages)
    if getattr(tokenizer, "chat_template", None):
        text = tokenizer.apply_chat_template(list(messages), tokenize=False)
    else:
        text = "\n".join(m["content"] for m in messages)
    return len(tokenizer(text, add_special_tokens=False)["input_ids"])


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
            else len(tokenizer(pair.output, add_special_tokens=False)["input_ids"])
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


@dataclass
class ExportResult:
    """What :func:`export_pairs` wrote.

    Attributes:
        files: The files and folders written (main file first).
        records: Records written.
        summary: The data check.
    """

    files: list[Path]
    records: int
    summary: ExportSummary


def export_pairs(
    pairs: Sequence[TaskPair],
    out_dir: str | Path,
    to: str,
    *,
    system: str | None = None,
    dedupe: bool = False,
    max_length: int = DEFAULT_MAX_LENGTH,
    tokenizer: Any = None,
    sharegpt_roles: str = "sharegpt",
    min_quality: float | None = None,
) -> ExportResult:
    """Export pairs to ``out_dir`` in a trainer's format, with a data check.

    Writes ``out_dir/<to>.jsonl`` (``hf``: the folder ``out_dir/hf``); ``squad`` also
    writes ``squad-v1.1.json`` and ``squad-run_qa.json``; ``alpaca``, ``sharegpt`` and
    ``openai-chat`` also write (or update) LLaMA-Factory's ``dataset_info.json``.

    Args:
        pairs: The pairs.
        out_dir: Folder to write into.
        to: One of :data:`FORMATS`.
        system: System message added to chat-style records.
        dedupe: Drop repeated pairs first.
        max_length: Trainer's max sequence length; longer examples are counted.
        tokenizer: A transformers tokenizer to count tokens (``None``: chars/4 estimate;
            :func:`load_tokenizer` gives the default model's).
        sharegpt_roles: ``"sharegpt"`` (human/gpt) or ``"openai"`` (user/assistant).
        min_quality: Drop pairs whose ``metadata["quality"]`` (written by ``taskgen
            check`` / :func:`~langchain_taskgen.verify_pairs`) is below it; pairs without
            a score are kept and counted in ``summary.unscored``.

    Example:
        >>> import tempfile
        >>> pairs = [TaskPair("Is it?", "Yes", "ynqa")] * 2
        >>> result = export_pairs(pairs, tempfile.mkdtemp(), "trl", dedupe=True)
        >>> result.records, result.summary.removed_duplicates
        (1, 1)
    """
    if to not in FORMATS:
        raise ValueError(f"unknown export format {to!r}; choose from {sorted(FORMATS)}")
    if sharegpt_roles not in SHAREGPT_ROLES:
        raise ValueError(
            f"unknown sharegpt roles {sharegpt_roles!r}; choose from {sorted(SHAREGPT_ROLES)}"
        )
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if min_quality is not None and not 0.0 <= min_quality <= 1.0:
        raise ValueError(f"min_quality must be in [0, 1], got {min_quality}")
    # The selector's reading of a score, so export and select keep the same pairs
    # (a bool, NaN or string score counts as none).
    qualities = [quality_of(p.metadata) for p in pairs]
    scored = [p for p, q in zip(pairs, qualities, strict=True) if q is not None]
    kept = [
        p
        for p, q in zip(pairs, qualities, strict=True)
        if min_quality is None or q is None or q >= min_quality
    ]
    chosen = dedupe_pairs(kept) if dedupe else kept
    summary = check_pairs(chosen, system=system, tokenizer=tokenizer, max_length=max_length)
    summary.removed_duplicates = len(kept) - len(chosen)
    if min_quality is not None:
        summary.removed_low_quality = len(pairs) - len(kept)
        summary.unscored = len(pairs) - len(scored)
    files: list[Path] = []
    if to == "hf":
        target = out_dir / "hf"
        to_dataset(chosen, system=system).save_to_disk(str(target))
        files.append(target)
        records = len(chosen)
    else:
        target = out_dir / f"{to}.jsonl"
        records = write_jsonl(chosen, target, to, system=system, sharegpt_roles=sharegpt_roles)
        files.append(target)
        if to == "squad":
            flat = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
            nested = out_dir / "squad-v1.1.json"
            nested.write_text(json.dumps(to_squad_v1(flat), ensure_ascii=False), encoding="utf-8")
            # transformers' run_qa.py reads JSON with field="data" holding flat records.
            run_qa = out_dir / "squad-run_qa.json"
            run_qa.write_text(
                json.dumps({"version": SQUAD_VERSION, "data": flat}, ensure_ascii=False),
                encoding="utf-8",
            )
            files += [nested, run_qa]
        if to in ("alpaca", "sharegpt", "openai-chat"):
            files.append(
                _update_dataset_info(out_dir, to, target.name, sharegpt_roles, bool(system))
            )
    summary.skipped = len(chosen) - records
    return ExportResult(files=files, records=records, summary=summary)


def _update_dataset_info(
    out_dir: Path, fmt: str, file_name: str, sharegpt_roles: str, has_system: bool
) -> Path:
    # Merge with an existing file so several exports in one folder share one registry.
    path = out_dir / "dataset_info.json"
    info: dict[str, Any] = {}
    if path.exists():
        try:
            info = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            logger.warning("%s is not valid JSON; rewriting it", path)
        if not isinstance(info, dict):
            info = {}
    name = "taskgen_" + fmt.replace("-", "_")
    info[name] = dataset_info_entry(fmt, file_name, sharegpt_roles, has_system)
    path.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------
# Reading pairs and Hugging Face datasets


def iter_pairs(path: str | Path) -> Iterator[TaskPair | ValueError]:
    """Read a pairs JSONL file lazily; a broken line yields a ``ValueError`` naming it."""
    path = Path(path)
    # Bytes, decoded line by line: one bad byte costs its line, not the whole file.
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise ValueError("not a JSON object")
                yield TaskPair.from_dict(record)
            except ValueError as error:
                yield ValueError(f"{path}:{number}: {error}")


def read_pairs(path: str | Path) -> tuple[list[TaskPair], list[str]]:
    """Read a pairs JSONL file; returns the pairs and one message per broken line.

    Raises:
        FileNotFoundError: If the file does not exist.
    """
    pairs: list[TaskPair] = []
    errors: list[str] = []
    for item in iter_pairs(path):
        if isinstance(item, TaskPair):
            pairs.append(item)
        else:
            errors.append(str(item))
    return pairs, errors


PAIR_COLUMNS = (
    "id",
    "task_type",
    "input",
    "output",
    "context",
    "source",
    "chunk_index",
    "start_index",
    "end_index",
)


def to_dataset(pairs: Iterable[TaskPair], system: str | None = None) -> Dataset:
    """A ``datasets.Dataset`` of the pairs, ready for TRL and for inspection.

    Columns: ``id``, ``task_type``, ``input``, ``output``, ``context``, ``source``,
    ``chunk_index``, ``start_index``, ``end_index``, ``metadata``, ``messages`` (chat
    format) and ``prompt``/``completion`` (TRL conversational prompt/completion; TRL
    prefers these when both are present, which gives answer-only loss).

    ``metadata`` is a struct (missing keys are null) when Arrow can unify the pairs'
    metadata; when it cannot (the same key holds a number in one pair and text in
    another), it is a JSON string and ``dataset.info.description`` says so.
    """
    from datasets import Dataset

    pairs = list(pairs)
    rows: dict[str, list[Any]] = {key: [] for key in PAIR_COLUMNS}
    for pair in pairs:
        meta = pair.metadata
        rows["id"].append(pair.id)
        rows["task_type"].append(pair.task_type)
        rows["input"].append(pair.input)
        rows["output"].append(pair.output)
        rows["context"].append(pair.context)
        rows["source"].append(str(meta.get("source", "")))
        rows["chunk_index"].append(_int(meta.get("chunk_index")))
        rows["start_index"].append(_int(meta.get("start_index")))
        rows["end_index"].append(_int(meta.get("end_index")))
    chats = [to_trl(pair, system) for pair in pairs]
    rows["messages"] = [c["prompt"] + c["completion"] for c in chats]
    rows["prompt"] = [c["prompt"] for c in chats]
    rows["completion"] = [c["completion"] for c in chats]
    metadata = [p.metadata for p in pairs]
    try:
        if not any(metadata):
            raise ValueError("no metadata keys")
        return Dataset.from_dict({**rows, "metadata": metadata})
    except Exception:  # noqa: BLE001 - Arrow refuses mixed types: keep the data as JSON
        text = [json.dumps(m, ensure_ascii=False, default=str) for m in metadata]
        dataset = Dataset.from_dict({**rows, "metadata": text})
        dataset.info.description = "metadata: JSON string per row"
        return dataset


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def from_dataset(dataset: Dataset) -> list[TaskPair]:
    """Inverse of :func:`to_dataset` (null struct fields are dropped from metadata)."""
    out = []
    for row in dataset:
        raw = row.get("metadata")
        if isinstance(raw, str):
            metadata = json.loads(raw) if raw else {}
        else:
            metadata = {k: v for k, v in (raw or {}).items() if v is not None}
        out.append(
            TaskPair(
                row["input"], row["output"], row["task_type"], row.get("context", ""), metadata
            )
        )
    return out
