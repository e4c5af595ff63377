"""Few-shot vs fine-tuning on the same held-out pairs, against a trivial baseline.

Columns: ``baseline`` (majority train label for label tasks, the option found in the
passage for choice tasks, else the passage's last sentence: no model at all),
``zero-shot``, ``random`` (k random examples of the same task type), ``selector`` (k
examples picked by :class:`~langchain_taskgen.TaskPairExampleSelector`) and, when a
fine-tuned model is given, ``fine-tuned`` (the zero-shot prompt on the tuned weights).

Fair by construction: every model column uses one prompt style (the model's chat template
where its tokenizer has one, :mod:`~langchain_taskgen.training.prompts`), one dtype and the
same clipped input text. Eval pairs whose input is also in train are dropped (or kept,
with a warning, when asked). Each difference between columns comes with a paired
bootstrap interval (:mod:`~langchain_taskgen.training.intervals`); answer spreads catch a
column that answers one label to everything. Scores: :mod:`~langchain_taskgen.training.
scoring`; the leak-safe split: :func:`~langchain_taskgen.pairs.split_by_source`.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from langchain_taskgen.engines.base import PromptResult, SamplingConfig, TaskEngine
from langchain_taskgen.errors import EngineError
from langchain_taskgen.pairs.pair import TaskPair
from langchain_taskgen.training.eval_data import drop_overlap, pick_examples
from langchain_taskgen.training.eval_result import (
    BASELINE,
    COLUMNS,
    FINETUNED,
    MODES,
    ZERO_SHOT,
    EvalResult,
)
from langchain_taskgen.training.intervals import RESAMPLES
from langchain_taskgen.training.model_folder import ModelFolderError, check_model_folder
from langchain_taskgen.training.prompts import (
    PROMPT_STYLES,
    answer_text,
    chat_messages,
    clip,
    completion_prompt,
    render_chat,
)
from langchain_taskgen.training.scoring import (
    baseline_answers,
    metric_for,
    score_all,
)

__all__ = [
    "BASELINE",
    "COLUMNS",
    "FINETUNED",
    "MODES",
    "EvalResult",
    "ModelFolderError",
    "answer_prompt",
    "check_model_folder",
    "evaluate_few_shot",
    "finetuned_engine",
    "resolve_prompt_style",
]


def answer_prompt(pair: TaskPair, examples: Sequence[dict[str, Any]], max_chars: int) -> str:
    """The completion-style prompt for one eval pair (examples and input clipped)."""
    shots = [(clip(str(e["input"]), max_chars), str(e["output"])) for e in examples]
    return completion_prompt(clip(pair.input, 2 * max_chars), shots)


def finetuned_engine(model_dir: str | Path, **kwargs: Any) -> TaskEngine:
    """A vLLM engine on a :func:`~langchain_taskgen.training.finetune.finetune` folder.

    Float32 unless ``dtype`` is given; :func:`evaluate_few_shot` passes the few-shot
    engine's dtype, so both run alike. The evaluation renders the prompt itself (chat
    template or completion text), whatever ``chat`` says.
    """
    from langchain_taskgen.engines.vllm import VLLMEngine

    kwargs.setdefault("dtype", "float32")
    kwargs.setdefault("chat", True)
    return VLLMEngine(model_dir, **kwargs)


def _vllm(engine: Any) -> bool:
    from langchain_taskgen.engines.vllm import VLLMEngine

    return isinstance(engine, VLLMEngine)


def resolve_prompt_style(engine: Any, style: str | None) -> tuple[str, Any]:
    """The prompt style to use with ``engine`` and, for ``chat``, the tokenizer to render it.

    ``None`` / ``"auto"``: ``chat`` when the engine is a vLLM model whose tokenizer has a
    chat template, else ``completion``. Other engines take text prompts as they are (a
    LangChain chat model sends the text as one user message), so ``chat`` is refused.

    Raises:
        ValueError: For an unknown style, or ``chat`` where no template can be applied.
    """
    if style not in (None, "auto", *PROMPT_STYLES):
        raise ValueError(f"prompt style must be auto, chat or completion, got {style!r}")
    if not _vllm(engine):
        if style == "chat":
            raise ValueError(
                "prompt style chat needs a vLLM model (the default model or --model) whose "
                "tokenizer has a chat template; this engine takes text prompts as they are: "
                "use prompt style completion"
            )
        return "completion", None
    tokenizer = engine.llm.get_tokenizer()
    has_template = bool(getattr(tokenizer, "chat_template", None))
    if style == "chat" and not has_template:
        raise ValueError(f"{engine.model} has no chat template: use prompt style completion")
    chosen = style if style in PROMPT_STYLES else ("chat" if has_template else "completion")
    return chosen, tokenizer if chosen == "chat" else None


@contextmanager
def _as_sent(engine: Any) -> Iterator[None]:
    # Prompts arrive rendered (chat template applied here, or completion text): a vLLM
    # engine started with chat=True must not wrap them in the template a second time.
    if not _vllm(engine) or not engine.chat:
        yield
        return
    engine.chat = False
    try:
        yield
    finally:
        engine.chat = True


def _mean_prompt_tokens(prompts: Sequence[str], answers: Sequence[PromptResult]) -> float:
    # The engine's own count where it reports one; chars/4 otherwise.
    counts = []
    for prompt, answer in zip(prompts, answers, strict=True):
        known = answer.completions[0].prompt_tokens if answer.completions else None
        counts.append(known if known is not None else -(-len(prompt) // 4))
    return round(sum(counts) / max(len(counts), 1), 1)


def evaluate_few_shot(
    train: Sequence[TaskPair],
    test: Sequence[TaskPair],
    llm: Any = None,
    *,
    k: int = 3,
    selector: Any = None,
    seed: int = 0,
    max_tokens: int = 32,
    max_example_chars: int = 500,
    max_input_chars: int = 1000,
    prompt_style: str | None = None,
    finetuned: Any = None,
    finetune_seconds: float | None = None,
    allow_overlap: bool = False,
    resamples: int = RESAMPLES,
) -> EvalResult:
    """Score the baseline, zero-shot, random k-shot, selected k-shot (and fine-tuned).

    Random and selected examples come from the eval pair's own task type. Each column is
    one batched engine call, greedy. A column that cannot run (engine error) is recorded
    in ``errors`` and the others are kept, so what ran can be saved.

    Args:
        train: Pairs to draw examples from (split by source from ``test``).
        test: Pairs to answer.
        llm: As in :class:`~langchain_taskgen.TaskGenerator` (``None``: default model).
        k: Examples per prompt (at least 1).
        selector: A :class:`~langchain_taskgen.TaskPairExampleSelector` over ``train``
            (built with default settings when omitted).
        seed: Seed of the random examples and of the bootstrap intervals.
        max_tokens: Longest answer.
        max_example_chars: Characters kept of each example input (its end).
        max_input_chars: Characters kept of each eval input (its end), in every column.
        prompt_style: ``"chat"``, ``"completion"`` or ``None`` / ``"auto"``
            (:func:`resolve_prompt_style`); the same for every model column.
        finetuned: A fine-tuned model folder (checked first, run through
            :func:`finetuned_engine` in the few-shot engine's dtype) or an engine; adds
            the ``fine-tuned`` column: the zero-shot prompt on the tuned weights.
        finetune_seconds: Training time to report as its setup cost (read from the
            folder's ``taskgen-finetune.json`` when omitted).
        allow_overlap: Keep eval pairs whose input is also in train (warned either way).
        resamples: Bootstrap resamples per difference.

    Raises:
        ValueError: Empty eval set, ``k < 1``, an unusable prompt style, or a
            ``finetuned`` folder that is not a complete model (before any column runs).
    """
    if k < 1:
        raise ValueError(f"k must be at least 1 (zero-shot is its own column), got {k}")
    if not test:
        raise ValueError("nothing to evaluate: the eval set is empty")
    if isinstance(finetuned, str | Path):
        check_model_folder(finetuned)
    result = EvalResult(k=k)
    test = drop_overlap(train, test, allow_overlap, result.notes)
    result.counts = dict(Counter(p.task_type for p in test))
    from langchain_taskgen.engines.resolve import resolve_engine

    engine: TaskEngine = resolve_engine(llm)
    try:
        style, tokenizer = resolve_prompt_style(engine, prompt_style)
    except EngineError as error:
        style, tokenizer = str(prompt_style or "auto"), None
        result.errors.update({m: str(error) for m in MODES})
    inputs = [clip(p.input, max_input_chars) for p in test]
    result.config = {
        "prompt_style": style,
        "max_input_chars": max_input_chars,
        "clipped_inputs": sum(len(p.input) > max_input_chars for p in test),
        "max_example_chars": max_example_chars,
        "max_tokens": max_tokens,
        "seed": seed,
        "resamples": resamples,
        "allow_overlap": allow_overlap,
        "columns": {},
    }
    result.predictions = [
        {"task_type": p.task_type, "input": p.input, "reference": p.output, "answers": {}}
        for p in test
    ]
    _record(result, BASELINE, test, baseline_answers(train, test))
    result.costs[BASELINE] = {"setup_seconds": 0.0, "answer_seconds": 0.0, "prompt_tokens": 0.0}
    result.failures[BASELINE] = 0
    result.config["columns"][BASELINE] = {"engine": "none (rule)"}

    shots = pick_examples(train, test, k, seed, selector, max_example_chars, result)

    def render(shot_lists: Sequence[Sequence[tuple[str, str]]], tok: Any) -> list[str]:
        if tok is None:
            return [completion_prompt(t, s) for t, s in zip(inputs, shot_lists, strict=True)]
        return [
            render_chat(tok, chat_messages(t, s)) for t, s in zip(inputs, shot_lists, strict=True)
        ]

    # Completion text ends where the next example would start; a chat reply ends at its
    # end-of-turn token. No stop at a blank line: a reply may open with one.
    stop = ("\nInput:",) if style == "completion" else ()
    sampling = SamplingConfig(max_tokens=max_tokens, temperature=0.0, top_p=1.0, stop=stop)
    for mode in MODES:
        if mode in result.errors:
            continue
        lists = shots.get(mode, [[] for _ in test])
        skip = [mode != ZERO_SHOT and p.task_type in result.fallbacks for p in test]
        _run_column(result, mode, engine, render(lists, tokenizer), skip, test, sampling)
    if finetuned is not None:
        _finetuned_column(
            result, engine, finetuned, finetune_seconds, test, sampling, render, style, tokenizer
        )
    result.summarise(seed=seed, resamples=resamples)
    return result


def _run_column(
    result: EvalResult,
    column: str,
    engine: Any,
    prompts: list[str],
    skip: Sequence[bool],
    test: Sequence[TaskPair],
    sampling: SamplingConfig,
) -> None:
    wanted = [i for i, s in enumerate(skip) if not s]
    started = time.perf_counter()
    try:
        with _as_sent(engine):
            answers = engine.generate([prompts[i] for i in wanted], sampling)
    except EngineError as error:
        result.errors[column] = str(error)
        return
    elapsed = time.perf_counter() - started
    texts: list[str | None] = [None] * len(test)
    for i, answer in zip(wanted, answers, strict=True):
        texts[i] = answer_text(answer)
    result.failures[column] = sum(1 for a in answers if not a.completions)
    _record(result, column, test, texts)
    cost = result.costs.setdefault(column, {"setup_seconds": 0.0, "answer_seconds": 0.0})
    cost["answer_seconds"] = round(cost["answer_seconds"] + elapsed, 2)
    cost["prompt_tokens"] = _mean_prompt_tokens([prompts[i] for i in wanted], answers)
    identity = getattr(engine, "identity", None)
    described = identity() if callable(identity) else {"engine": type(engine).__name__}
    result.config["columns"][column] = {
        "engine": {k: v for k, v in described.items() if k != "format_hint"},
        "dtype": getattr(engine, "dtype", None) if _vllm(engine) else "engine's own",
        "prompt_style": result.config["prompt_style"],
    }


def _finetuned_column(
    result: EvalResult,
    engine: Any,
    finetuned: Any,
    seconds: float | None,
    test: Sequence[TaskPair],
    sampling: SamplingConfig,
    render: Callable[[Sequence[Sequence[tuple[str, str]]], Any], list[str]],
    style: str,
    tokenizer: Any,
) -> None:
    owned = isinstance(finetuned, str | Path)
    tuned: Any = finetuned
    if owned:
        if seconds is None:
            seconds = _training_seconds(Path(finetuned))
        dtype = engine.dtype if _vllm(engine) else "auto"
        tuned = finetuned_engine(finetuned, dtype=dtype)
    if tuned is not engine:
        # An idle vLLM CPU engine keeps its worker spinning on the cores the next engine
        # needs; VLLMEngine restarts on its next call, so closing it costs only a restart.
        _close(engine)
    try:
        if tuned is not engine and style == "chat":
            tokenizer = resolve_prompt_style(tuned, "chat")[1]
        prompts = render([[] for _ in test], tokenizer)
        _run_column(result, FINETUNED, tuned, prompts, [False] * len(test), test, sampling)
    except (EngineError, ValueError) as error:
        result.errors[FINETUNED] = str(error)
    finally:
        if owned:
            _close(tuned)
    if FINETUNED in result.costs:
        result.costs[FINETUNED]["setup_seconds"] = round(seconds or 0.0, 1)


def _record(
    result: EvalResult, column: str, test: Sequence[TaskPair], texts: Sequence[str | None]
) -> None:
    for pair, text, record in zip(test, texts, result.predictions, strict=True):
        if text is None:
            continue
        metrics = score_all(pair.task_type, text, pair.output, pair.input)
        record["answers"][column] = text
        record.setdefault("metrics", {})[column] = metrics
        record.setdefault("scores", {})[column] = metrics[metric_for(pair.task_type)]


def _close(engine: Any) -> None:
    close = getattr(engine, "close", None)
    if callable(close):
        close()


def _training_seconds(model_dir: Path) -> float | None:
    info = model_dir / "taskgen-finetune.json"
    try:
        return float(json.loads(info.read_text())["seconds"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
