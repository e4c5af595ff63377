"""Few-shot vs fine-tuning on the same held-out pairs, against a trivial baseline.

Columns: ``baseline`` (majority train label for label/choice tasks, else the last
sentence of the passage: no model at all), ``zero-shot``, ``random`` (k random
examples of the same task type), ``selector`` (k examples picked by
:class:`~langchain_taskgen.TaskPairExampleSelector`) and, when a fine-tuned model is
given, ``fine-tuned`` (the input alone, in the chat format it was trained on). An
evaluation without the baseline flatters the data: a rule that answers "No" to every
yes/no question can beat a model.

The scores come from :mod:`~langchain_taskgen.training.scoring`; the leak-safe split of
pairs into train and eval from :func:`~langchain_taskgen.pairs.split_by_source`.
"""

from __future__ import annotations

import json
import random
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_taskgen.engines.base import PromptResult, SamplingConfig, TaskEngine
from langchain_taskgen.pairs.pair import TaskPair
from langchain_taskgen.training.scoring import baseline_answers, metric_for, score

__all__ = [
    "BASELINE",
    "COLUMNS",
    "FINETUNED",
    "MODES",
    "EvalResult",
    "answer_prompt",
    "evaluate_few_shot",
    "finetuned_engine",
]

MODES = ("zero-shot", "random", "selector")
"""The few-shot modes (one prompt style, 0 or k examples)."""
BASELINE, FINETUNED = "baseline", "fine-tuned"
COLUMNS = (BASELINE, *MODES, FINETUNED)
"""Every column an :class:`EvalResult` may have, in table order."""


@dataclass
class EvalResult:
    """Scores per task type and approach, and what each approach cost.

    Attributes:
        scores: ``{task_type: {column: mean score}}``.
        counts: Eval pairs per task type.
        failures: Prompts the engine could not answer, per column.
        k: Examples per prompt in the k-shot modes.
        costs: ``{column: {"setup_seconds", "answer_seconds", "prompt_tokens"}}``:
            building the selector index or fine-tuning (read from the model folder),
            answering all eval pairs, and mean prompt tokens per eval pair.
        predictions: One record per eval pair: ``task_type``, ``input``, ``reference``
            and, per column, the ``answers`` given and their ``scores`` (to audit the
            scoring by reading it).
    """

    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    k: int = 3
    costs: dict[str, dict[str, float]] = field(default_factory=dict)
    predictions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        """The approaches scored, in table order."""
        present = {c for modes in self.scores.values() for c in modes}
        return [c for c in COLUMNS if c in present]

    def table(self) -> str:
        """Markdown: one row per task type and one column per approach, then the costs."""
        columns = self.columns
        lines = [
            "| task type | metric | n | " + " | ".join(columns) + " |",
            "|---|---|---|" + "---|" * len(columns),
        ]
        for task in sorted(self.scores):
            cells = " | ".join(f"{self.scores[task].get(c, float('nan')):.3f}" for c in columns)
            lines.append(f"| {task} | {metric_for(task)} | {self.counts[task]} | {cells} |")
        if self.costs:
            lines += [
                "",
                "| approach | setup s | answer s | prompt tokens / pair |",
                "|---|---|---|---|",
            ]
            for column in columns:
                cost = self.costs.get(column, {})
                lines.append(
                    f"| {column} | {cost.get('setup_seconds', 0.0):.1f} | "
                    f"{cost.get('answer_seconds', 0.0):.1f} | "
                    f"{cost.get('prompt_tokens', 0.0):.0f} |"
                )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "k": self.k,
            "columns": self.columns,
            "scores": self.scores,
            "counts": self.counts,
            "failures": self.failures,
            "costs": self.costs,
        }

    def plot(self, path: str | Path) -> Path:
        """Save a grouped bar chart (PNG) of the scores, one bar per approach."""
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        tasks = sorted(self.scores)
        columns = self.columns
        fig, ax = plt.subplots(figsize=(max(5.0, 2.2 * len(tasks)), 3.8))
        width = 0.8 / len(columns)
        for i, column in enumerate(columns):
            xs = [t + (i - (len(columns) - 1) / 2) * width for t in range(len(tasks))]
            ax.bar(xs, [self.scores[t].get(column, 0.0) for t in tasks], width, label=column)
        ax.set_xticks(range(len(tasks)))
        ax.set_xticklabels([f"{t}\n({metric_for(t)}, n={self.counts[t]})" for t in tasks])
        ax.set_ylim(0, 1)
        ax.set_ylabel("score")
        ax.set_title(f"baseline vs zero-shot vs {self.k}-shot vs fine-tuned")
        ax.legend(fontsize="small")
        fig.tight_layout()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=120)
        plt.close(fig)
        return path

    def save(self, directory: str | Path) -> Path:
        """Write ``eval.json``, ``eval.md``, ``eval.png`` and ``predictions.jsonl``."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "eval.json").write_text(json.dumps(self.to_dict(), indent=2))
        (directory / "predictions.jsonl").write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in self.predictions)
        )
        (directory / "eval.md").write_text(self.table() + "\n")
        self.plot(directory / "eval.png")
        return directory


def _clip(text: str, limit: int) -> str:
    # Keep the end: the question sits after the passage in context-bearing inputs.
    return text if len(text) <= limit else "..." + text[-limit:]


def answer_prompt(pair: TaskPair, examples: Sequence[dict[str, Any]], max_chars: int) -> str:
    """The completion-style prompt used to answer one eval input."""
    parts = (
        ["Answer the last input the way the examples are answered."]
        if examples
        else ["Answer the input."]
    )
    for example in examples:
        parts.append(
            f"Input: {_clip(str(example['input']), max_chars)}\nOutput: {example['output']}"
        )
    parts.append(f"Input: {_clip(pair.input, 2 * max_chars)}\nOutput:")
    return "\n\n".join(parts)


def _estimate_tokens(text: str) -> int:
    return -(-len(text) // 4)


def _mean_prompt_tokens(prompts: Sequence[str], answers: Sequence[PromptResult]) -> float:
    # The engine's own count where it reports one; chars/4 otherwise.
    counts = []
    for prompt, answer in zip(prompts, answers, strict=True):
        known = answer.completions[0].prompt_tokens if answer.completions else None
        counts.append(known if known is not None else _estimate_tokens(prompt))
    return round(sum(counts) / max(len(counts), 1), 1)


def finetuned_engine(model_dir: str | Path, **kwargs: Any) -> TaskEngine:
    """A vLLM engine on a :func:`~langchain_taskgen.training.finetune.finetune` folder.

    Chat template on (the model was trained on chat-formatted pairs); float32 unless
    ``dtype`` is given (what fine-tuning saved, and fast on every CPU).
    """
    from langchain_taskgen.engines.vllm import VLLMEngine

    kwargs.setdefault("dtype", "float32")
    return VLLMEngine(model_dir, chat=True, **kwargs)


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
    finetuned: Any = None,
    finetune_seconds: float | None = None,
) -> EvalResult:
    """Score the baseline, zero-shot, random k-shot, selected k-shot (and fine-tuned).

    Random and selected examples come from the eval pair's own task type, so the
    comparison isolates the effect of choosing similar examples. Each column is one
    batched engine call; greedy decoding.

    Args:
        train: Pairs to draw examples from (split by source from ``test``).
        test: Pairs to answer.
        llm: As in :class:`~langchain_taskgen.TaskGenerator` (``None``: default model).
        k: Examples per prompt.
        selector: A :class:`~langchain_taskgen.TaskPairExampleSelector` over ``train``
            (built with default settings when omitted).
        seed: Seed of the random baseline.
        max_tokens: Longest answer.
        max_example_chars: Characters kept of each example input (its end).
        finetuned: A fine-tuned model folder (answered through :func:`finetuned_engine`)
            or a :class:`~langchain_taskgen.TaskEngine` that applies the chat format;
            adds the ``fine-tuned`` column (each input alone, as in training).
        finetune_seconds: Training time to report as the fine-tuned setup cost (read
            from the folder's ``taskgen-finetune.json`` when omitted).
    """
    from langchain_taskgen.engines.resolve import resolve_engine
    from langchain_taskgen.selection import TaskPairExampleSelector

    if not test:
        raise ValueError("nothing to evaluate: the eval set is empty")
    engine: TaskEngine = resolve_engine(llm)
    result = EvalResult(k=k, counts=dict(Counter(p.task_type for p in test)))
    started = time.perf_counter()
    if selector is None:
        selector = TaskPairExampleSelector.from_pairs(train, k=k)
    selector_setup = time.perf_counter() - started
    rng = random.Random(seed)
    by_task: dict[str, list[TaskPair]] = defaultdict(list)
    for pair in train:
        by_task[pair.task_type].append(pair)
    prompts: dict[str, list[str]] = {mode: [] for mode in MODES}
    search_seconds = 0.0
    for pair in test:
        pool = by_task.get(pair.task_type, [])
        random_examples = [p.to_example() for p in rng.sample(pool, min(k, len(pool)))]
        started = time.perf_counter()
        selected = [
            e for e, _ in selector.search_with_scores(pair.input, k=k, task_types=[pair.task_type])
        ]
        search_seconds += time.perf_counter() - started
        prompts["zero-shot"].append(answer_prompt(pair, [], max_example_chars))
        prompts["random"].append(answer_prompt(pair, random_examples, max_example_chars))
        prompts["selector"].append(answer_prompt(pair, selected, max_example_chars))
    sampling = SamplingConfig(
        max_tokens=max_tokens, temperature=0.0, top_p=1.0, stop=("\n\n", "\nInput:")
    )
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    result.predictions = [
        {
            "task_type": p.task_type,
            "input": p.input,
            "reference": p.output,
            "answers": {},
            "scores": {},
        }
        for p in test
    ]

    def tally(column: str, texts: Sequence[str]) -> None:
        for pair, text, record in zip(test, texts, result.predictions, strict=True):
            value = score(pair.task_type, text, pair.output, pair.input)
            sums[pair.task_type][column] += value
            record["answers"][column] = text
            record["scores"][column] = value

    started = time.perf_counter()
    tally(BASELINE, baseline_answers(train, test))
    result.costs[BASELINE] = {
        "setup_seconds": 0.0,
        "answer_seconds": round(time.perf_counter() - started, 3),
        "prompt_tokens": 0.0,
    }
    result.failures[BASELINE] = 0
    for mode in MODES:
        started = time.perf_counter()
        answers = engine.generate(prompts[mode], sampling)
        elapsed = time.perf_counter() - started
        result.failures[mode] = sum(1 for a in answers if not a.completions)
        tally(mode, [_first_line(a) for a in answers])
        result.costs[mode] = {
            "setup_seconds": round(selector_setup, 2) if mode == "selector" else 0.0,
            "answer_seconds": round(elapsed + (search_seconds if mode == "selector" else 0.0), 2),
            "prompt_tokens": _mean_prompt_tokens(prompts[mode], answers),
        }
    if finetuned is not None:
        owned = isinstance(finetuned, str | Path)
        if owned:
            if finetune_seconds is None:
                finetune_seconds = _training_seconds(Path(finetuned))
            tuned: TaskEngine = finetuned_engine(finetuned)
        else:
            tuned = finetuned
        if tuned is not engine:
            # An idle vLLM CPU engine keeps its worker spinning on the cores the next
            # engine needs (measured: half a core while the fine-tuned one started);
            # VLLMEngine restarts on its next call, so closing it costs only a restart.
            _close(engine)
        inputs = [pair.input for pair in test]
        started = time.perf_counter()
        try:
            answers = tuned.generate(
                inputs, SamplingConfig(max_tokens=max_tokens, temperature=0.0, top_p=1.0)
            )
        finally:
            if owned:
                _close(tuned)
        elapsed = time.perf_counter() - started
        result.failures[FINETUNED] = sum(1 for a in answers if not a.completions)
        tally(FINETUNED, [_first_line(a) for a in answers])
        result.costs[FINETUNED] = {
            "setup_seconds": round(finetune_seconds or 0.0, 1),
            "answer_seconds": round(elapsed, 2),
            "prompt_tokens": _mean_prompt_tokens(inputs, answers),
        }
    for task, columns in sums.items():
        result.scores[task] = {c: v / result.counts[task] for c, v in columns.items()}
    return result


def _close(engine: Any) -> None:
    close = getattr(engine, "close", None)
    if callable(close):
        close()


def _first_line(answer: PromptResult) -> str:
    return answer.completions[0].text.strip().split("\n")[0] if answer.completions else ""


def _training_seconds(model_dir: Path) -> float | None:
    info = model_dir / "taskgen-finetune.json"
    try:
        return float(json.loads(info.read_text())["seconds"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
