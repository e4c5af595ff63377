"""Few-shot evaluation: zero-shot vs random k-shot vs selector k-shot on held-out pairs."""

from __future__ import annotations

import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_taskgen.engines.base import SamplingConfig, TaskEngine
from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.tasks import AnswerKind, get_task_type
from langchain_taskgen.validate import normalize

MODES = ("zero-shot", "random", "selector")


def split_by_source(
    pairs: Sequence[TaskPair], eval_fraction: float = 0.2, seed: int = 0
) -> tuple[list[TaskPair], list[TaskPair]]:
    """Split pairs into train and eval so that no source document is in both.

    Pairs are grouped by ``metadata["source"]`` (pairs without one are grouped by their
    context); whole groups go to eval until it holds about ``eval_fraction`` of the pairs.

    Raises:
        ValueError: If the fraction is not in (0, 1) or there are fewer than two sources.

    Example:
        >>> ps = [TaskPair(f"q{i}", "a", "qa", metadata={"source": f"d{i % 4}"}) for i in range(8)]
        >>> train, test = split_by_source(ps, 0.25)
        >>> {p.metadata["source"] for p in train} & {p.metadata["source"] for p in test}
        set()
    """
    if not 0.0 < eval_fraction < 1.0:
        raise ValueError(f"eval_fraction must be in (0, 1), got {eval_fraction}")
    groups: dict[str, list[TaskPair]] = defaultdict(list)
    for pair in pairs:
        groups[str(pair.metadata.get("source") or pair.context)].append(pair)
    if len(groups) < 2:
        raise ValueError(
            f"a leak-safe split needs at least two source documents, found {len(groups)}"
        )
    names = sorted(groups)
    random.Random(seed).shuffle(names)
    target = eval_fraction * len(pairs)
    eval_names: list[str] = []
    size = 0
    # Take a group when it brings the eval size closer to the target; keep one group on
    # each side.
    for name in names:
        if len(eval_names) == len(names) - 1:
            break
        grown = size + len(groups[name])
        if not eval_names or abs(grown - target) < abs(size - target):
            eval_names.append(name)
            size = grown
    chosen = set(eval_names)
    train = [p for p in pairs if str(p.metadata.get("source") or p.context) not in chosen]
    test = [p for p in pairs if str(p.metadata.get("source") or p.context) in chosen]
    return train, test


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", normalize(text))


def token_f1(prediction: str, reference: str) -> float:
    """SQuAD-style token F1 between two answers.

    Example:
        >>> round(token_f1("the NOTICE file", "NOTICE file"), 2)
        0.8
    """
    pred, ref = _tokens(prediction), _tokens(reference)
    if not pred or not ref:
        return float(pred == ref)
    common = sum((Counter(pred) & Counter(ref)).values())
    if not common:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def label_match(prediction: str, reference: str) -> float:
    """1.0 if the prediction's first words equal the reference label (normalised)."""
    pred, ref = _tokens(prediction), _tokens(reference)
    return float(bool(ref) and pred[: len(ref)] == ref)


def metric_for(task_type: str) -> str:
    """``accuracy`` for label and choice tasks, ``f1`` for the others."""
    kind = get_task_type(task_type).answer
    return "accuracy" if kind in (AnswerKind.LABEL, AnswerKind.CHOICE) else "f1"


def score(task_type: str, prediction: str, reference: str) -> float:
    """Score one prediction with the task type's metric."""
    if metric_for(task_type) == "accuracy":
        return label_match(prediction, reference)
    return token_f1(prediction, reference)


@dataclass
class EvalResult:
    """Scores per task type and mode.

    Attributes:
        scores: ``{task_type: {mode: mean score}}``.
        counts: Eval pairs per task type.
        failures: Prompts the engine could not answer, per mode.
        k: Examples per prompt in the k-shot modes.
    """

    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    k: int = 3

    def table(self) -> str:
        """A Markdown table: one row per task type, one column per mode."""
        lines = [
            "| task type | metric | n | " + " | ".join(MODES) + " |",
            "|---|---|---|" + "---|" * len(MODES),
        ]
        for task in sorted(self.scores):
            cells = " | ".join(f"{self.scores[task].get(m, float('nan')):.3f}" for m in MODES)
            lines.append(f"| {task} | {metric_for(task)} | {self.counts[task]} | {cells} |")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "k": self.k,
            "scores": self.scores,
            "counts": self.counts,
            "failures": self.failures,
        }

    def plot(self, path: str | Path) -> Path:
        """Save a grouped bar chart (PNG) of the scores."""
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        tasks = sorted(self.scores)
        fig, ax = plt.subplots(figsize=(max(4.0, 1.8 * len(tasks)), 3.5))
        width = 0.8 / len(MODES)
        for i, mode in enumerate(MODES):
            xs = [t + (i - 1) * width for t in range(len(tasks))]
            ax.bar(xs, [self.scores[t].get(mode, 0.0) for t in tasks], width, label=mode)
        ax.set_xticks(range(len(tasks)))
        ax.set_xticklabels([f"{t}\n({metric_for(t)}, n={self.counts[t]})" for t in tasks])
        ax.set_ylim(0, 1)
        ax.set_ylabel("score")
        ax.set_title(f"zero-shot vs {self.k}-shot (random / selected examples)")
        ax.legend(fontsize="small")
        fig.tight_layout()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        fig.savefig(path, dpi=120)
        plt.close(fig)
        return path

    def save(self, directory: str | Path) -> Path:
        """Write ``eval.json``, ``eval.md`` and ``eval.png`` into ``directory``."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "eval.json").write_text(json.dumps(self.to_dict(), indent=2))
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
) -> EvalResult:
    """Answer ``test`` inputs zero-shot, with k random and with k selected train pairs.

    Random and selected examples come from the eval pair's own task type, so the
    comparison isolates the effect of choosing similar examples. Each mode is one
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
    """
    from langchain_taskgen.generator import resolve_engine
    from langchain_taskgen.selector import TaskPairExampleSelector

    if not test:
        raise ValueError("nothing to evaluate: the eval set is empty")
    engine: TaskEngine = resolve_engine(llm)
    if selector is None:
        selector = TaskPairExampleSelector.from_pairs(train, k=k)
    rng = random.Random(seed)
    by_task: dict[str, list[TaskPair]] = defaultdict(list)
    for pair in train:
        by_task[pair.task_type].append(pair)
    prompts: dict[str, list[str]] = {mode: [] for mode in MODES}
    for pair in test:
        pool = by_task.get(pair.task_type, [])
        random_examples = [p.to_example() for p in rng.sample(pool, min(k, len(pool)))]
        selected = [
            e for e, _ in selector.search_with_scores(pair.input, k=k, task_types=[pair.task_type])
        ]
        prompts["zero-shot"].append(answer_prompt(pair, [], max_example_chars))
        prompts["random"].append(answer_prompt(pair, random_examples, max_example_chars))
        prompts["selector"].append(answer_prompt(pair, selected, max_example_chars))
    sampling = SamplingConfig(
        max_tokens=max_tokens, temperature=0.0, top_p=1.0, stop=("\n\n", "\nInput:")
    )
    result = EvalResult(k=k, counts=dict(Counter(p.task_type for p in test)))
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for mode in MODES:
        answers = engine.generate(prompts[mode], sampling)
        result.failures[mode] = sum(1 for a in answers if not a.completions)
        for pair, answer in zip(test, answers, strict=True):
            text = answer.completions[0].text.strip().split("\n")[0] if answer.completions else ""
            sums[pair.task_type][mode] += score(pair.task_type, text, pair.output)
    for task, modes in sums.items():
        result.scores[task] = {m: modes[m] / result.counts[task] for m in MODES}
    return result
