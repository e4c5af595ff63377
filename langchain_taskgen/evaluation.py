"""Few-shot vs fine-tuning on the same held-out pairs, against a trivial baseline.

Columns: ``baseline`` (majority train label for label/choice tasks, else the last
sentence of the passage: no model at all), ``zero-shot``, ``random`` (k random
examples of the same task type), ``selector`` (k examples picked by
:class:`~langchain_taskgen.TaskPairExampleSelector`) and, when a fine-tuned model is
given, ``fine-tuned`` (the input alone, in the chat format it was trained on). An
evaluation without the baseline flatters the data: a rule that answers "No" to every
yes/no question can beat a model.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_taskgen.checks.answers import normalize
from langchain_taskgen.engines.base import PromptResult, SamplingConfig, TaskEngine
from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.tasks import AnswerKind, get_task_type

MODES = ("zero-shot", "random", "selector")
"""The few-shot modes (one prompt style, 0 or k examples)."""
BASELINE, FINETUNED = "baseline", "fine-tuned"
COLUMNS = (BASELINE, *MODES, FINETUNED)
"""Every column an :class:`EvalResult` may have, in table order."""


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


_OPTION_LINE = re.compile(r"^(?:([A-E])[.)]|-)\s+(\S.*)$")
_LETTER_ANSWER = re.compile(r"^\(?([A-E])(?:[.):]|\s*$|\s+(?=\S))\s*(.*)$")


def choice_options(text: str) -> list[tuple[str | None, str]]:
    r"""The options listed at the end of a choice task's input, with their letters.

    Options are the trailing lines written ``A. text`` / ``A) text`` or ``- text``
    (how the structured format renders them).

    Example:
        >>> choice_options("Which one?\nOptions:\nA. apt\nB. dpkg")
        [('A', 'apt'), ('B', 'dpkg')]
        >>> choice_options("Pick:\n- apt\n- dpkg")
        [(None, 'apt'), (None, 'dpkg')]
    """
    options: list[tuple[str | None, str]] = []
    for line in reversed(text.rstrip().splitlines()):
        match = _OPTION_LINE.match(line.strip())
        if not match:
            break
        options.append((match.group(1), match.group(2).strip()))
    return options[::-1]


def resolve_choice(prediction: str, options: Sequence[tuple[str | None, str]]) -> str:
    r"""The option text a prediction names: "B", "B.", "(B) dpkg" and "- dpkg" give "dpkg".

    A letter counts only when the options are lettered; anything else is returned as
    written (minus a leading list dash), so a free answer is still compared as text.

    Example:
        >>> resolve_choice("B. dpkg", [("A", "apt"), ("B", "dpkg")])
        'dpkg'
        >>> resolve_choice("dpkg is right", [("A", "apt"), ("B", "dpkg")])
        'dpkg is right'
    """
    text = prediction.strip()
    letters = {letter: option for letter, option in options if letter}
    match = _LETTER_ANSWER.match(text)
    if match and match.group(1) in letters:
        rest = match.group(2).strip()
        option = letters[match.group(1)]
        # "A. apt": the letter and its own option; "A car" is not a letter answer.
        if not rest or normalize(rest).startswith(normalize(option)):
            return option
    return text[2:].strip() if text.startswith("- ") else text


def score(task_type: str, prediction: str, reference: str, input_text: str = "") -> float:
    r"""Score one prediction with the task type's metric.

    Choice tasks accept an option's letter (when the options in ``input_text`` are
    lettered) as well as its text; formatting (case, edge punctuation) never counts.

    Example:
        >>> score("ynqa", "Yes.", "yes")
        1.0
        >>> score("mcqa", "B", "dpkg", "Which tool?\nA. apt\nB. dpkg")
        1.0
    """
    if metric_for(task_type) == "accuracy":
        if get_task_type(task_type).answer is AnswerKind.CHOICE and input_text:
            prediction = resolve_choice(prediction, choice_options(input_text))
        return label_match(prediction, reference)
    return token_f1(prediction, reference)


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


def last_sentence(text: str) -> str:
    """The last sentence of a text (the copy heuristic of the baseline).

    Example:
        >>> last_sentence("Keep the notice. Do not remove it. ")
        'Do not remove it.'
    """
    sentences = [s for s in re.split(r"(?<=[.!?])\s+|\n+", text.strip()) if s.strip()]
    return sentences[-1].strip() if sentences else ""


def option_in_passage(pair: TaskPair) -> str | None:
    r"""The listed option found most often in the pair's passage (ties: first listed).

    The copy heuristic for choice tasks: when the right option is a span of the passage
    and the wrong ones come from elsewhere, this rule needs no model at all. ``None``
    when the input lists no options or none occurs in the passage.

    Example:
        >>> pair = TaskPair("Tool?\n- apt\n- yum", "apt", "mcqa", "Use apt to install.")
        >>> option_in_passage(pair)
        'apt'
    """
    options = [text for _, text in choice_options(pair.input)]
    if not options:
        return None
    # Without a stored passage, the input minus its option lines stands in for it.
    passage = normalize(
        pair.context or "\n".join(pair.input.rstrip().splitlines()[: -len(options)])
    )
    found = [
        (len(re.findall(r"(?<!\w)" + re.escape(normalize(o)) + r"(?!\w)", passage)), -i, o)
        for i, o in enumerate(options)
        if normalize(o)
    ]
    best = max(found, default=(0, 0, ""))
    return best[2] if best[0] else None


def baseline_answers(train: Sequence[TaskPair], test: Sequence[TaskPair]) -> list[str]:
    """Trivial answers without a model.

    Choice tasks (mcqa, topic_class): the listed option that occurs most in the passage
    (:func:`option_in_passage`), else the majority answer. Label tasks: the most common
    (normalised) answer of that task type in ``train`` (ties: the first seen). Other
    tasks: the last sentence of the passage (the input when a pair has no passage).
    """
    majority: dict[str, str] = {}
    by_task: dict[str, list[str]] = defaultdict(list)
    for pair in train:
        by_task[pair.task_type].append(pair.output.strip())
    for task, outputs in by_task.items():
        counts = Counter(normalize(o) for o in outputs)
        best = max(counts.values())
        majority[task] = next(o for o in outputs if counts[normalize(o)] == best)
    answers = []
    for pair in test:
        copied = (
            option_in_passage(pair)
            if get_task_type(pair.task_type).answer is AnswerKind.CHOICE
            else None
        )
        if copied is not None:
            answers.append(copied)
        elif metric_for(pair.task_type) == "accuracy" and pair.task_type in majority:
            answers.append(majority[pair.task_type])
        else:
            answers.append(last_sentence(pair.context or pair.input))
    return answers


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
    """A vLLM engine on a :func:`~langchain_taskgen.finetune.finetune` folder.

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
