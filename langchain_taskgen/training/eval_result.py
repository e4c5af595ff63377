"""What an evaluation found: scores, answer spreads, paired differences, and what ran.

:class:`EvalResult` is filled by :func:`~langchain_taskgen.training.evaluation.
evaluate_few_shot`; it prints the tables (:meth:`EvalResult.table`), the findings a
reader may state (:meth:`EvalResult.findings`: a column beats another only when the
bootstrap interval of the difference excludes 0) and saves everything that ran.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from langchain_taskgen.training.intervals import RESAMPLES, paired_difference
from langchain_taskgen.training.scoring import answer_spread, metric_for, metrics_for

__all__ = ["BASELINE", "COLUMNS", "FINETUNED", "MODES", "ZERO_SHOT", "EvalResult"]

MODES = ("zero-shot", "random", "selector")
"""The prompting modes (one prompt style, 0 or k examples)."""
ZERO_SHOT = "zero-shot"
BASELINE, FINETUNED = "baseline", "fine-tuned"
COLUMNS = (BASELINE, *MODES, FINETUNED)
MIN_ITEMS_FOR_FINDING = 10
"""Fewer eval items of a type than this: no column is said to beat another."""
"""Every column an :class:`EvalResult` may have, in table order."""
REFERENCES = (ZERO_SHOT, BASELINE)
"""What every column is compared with."""
CONSTANT_SHARE = 0.9
"""A label column giving one answer to this share of items is flagged as constant."""


@dataclass
class EvalResult:
    """Scores per task type and approach, with their uncertainty and cost.

    Attributes:
        scores: ``{task_type: {column: headline score}}`` (accuracy, or contains-gold).
        counts: Eval pairs per task type.
        failures: Prompts the engine could not answer, per column.
        k: Examples per prompt in the k-shot modes.
        costs: ``{column: {"setup_seconds", "answer_seconds", "prompt_tokens"}}``.
        predictions: One record per eval pair: ``task_type``, ``input``, ``reference``,
            and per column the ``answers``, headline ``scores`` and all ``metrics``.
        metrics: ``{task_type: {metric: {column: mean}}}`` for every metric.
        differences: One record per task type, metric, column and reference column
            (``zero-shot``, ``baseline``): the paired mean difference and its bootstrap
            interval (``mean``, ``low``, ``high``, ``n``, ``level``).
        answers: ``{task_type: {column: {"empty", "top", "share", "constant"}}}``: empty
            answers, the most common answer and its share, and whether a label column
            gave one answer to >= 90% of items.
        majority: ``{task_type: {"label", "rate"}}``: the eval set's own majority label
            and its rate (what a constant answer can score), for label tasks.
        fallbacks: ``{task_type: reason}`` where random and selector could not be k-shot
            (no train pairs of the type); their scores there are not reported.
        notes: Warnings about the data (overlap dropped, fewer than k examples ...).
        errors: ``{column: message}`` for columns that could not run.
        config: What ran: prompt style, dtype and engine per column, clipping, seed ...
    """

    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    k: int = 3
    costs: dict[str, dict[str, float]] = field(default_factory=dict)
    predictions: list[dict[str, Any]] = field(default_factory=list)
    metrics: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    differences: list[dict[str, Any]] = field(default_factory=list)
    answers: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    majority: dict[str, dict[str, Any]] = field(default_factory=dict)
    fallbacks: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        """The approaches scored, in table order."""
        present = {c for modes in self.scores.values() for c in modes}
        present |= {c for m in self.metrics.values() for cols in m.values() for c in cols}
        return [c for c in COLUMNS if c in present]

    def summarise(self, *, seed: int = 0, resamples: int = RESAMPLES) -> None:
        """Means, answer spreads, the eval majority, and paired differences with intervals."""
        for task in sorted(self.counts):
            records = [r for r in self.predictions if r["task_type"] == task]
            label = metrics_for(task) == ("accuracy",)
            if label:
                top, rate = answer_spread([r["reference"] for r in records])
                self.majority[task] = {"label": top, "rate": round(rate, 4)}
            ran = [c for c in COLUMNS if all(c in r["answers"] for r in records)]
            self.metrics[task] = {
                m: {c: sum(r["metrics"][c][m] for r in records) / len(records) for c in ran}
                for m in metrics_for(task)
            }
            self.scores[task] = dict(self.metrics[task][metric_for(task)])
            self.answers[task] = {}
            for column in ran:
                answers = [r["answers"][column] for r in records]
                top, share = answer_spread(answers)
                self.answers[task][column] = {
                    "empty": sum(1 for a in answers if not a.strip()),
                    "top": top,
                    "share": round(share, 4),
                    "constant": label and share >= CONSTANT_SHARE and len(answers) > 1,
                }
            for metric in metrics_for(task):
                for column in ran:
                    for against in REFERENCES:
                        if column in (against, BASELINE) or against not in ran:
                            continue
                        diff = paired_difference(
                            [r["metrics"][column][metric] for r in records],
                            [r["metrics"][against][metric] for r in records],
                            seed=seed,
                            resamples=resamples,
                        )
                        self.differences.append(
                            {"task_type": task, "metric": metric, "column": column,
                             "against": against, **diff.to_dict()}
                        )  # fmt: skip

    def _cell(self, task: str, metric: str, column: str) -> str:
        if column in ("random", "selector") and task in self.fallbacks:
            return "fell back"
        values = self.metrics.get(task, {}).get(metric)
        if values is None and metric == metric_for(task):
            values = self.scores.get(task, {})
        value = (values or {}).get(column)
        if value is None:
            return "-"
        flag = self.answers.get(task, {}).get(column, {}).get("constant")
        return f"{value:.3f}" + (" C" if flag else "")

    def table(self) -> str:
        """Markdown: scores, answer spreads, differences with intervals, findings, costs."""
        columns = self.columns
        lines = [
            "| task type | metric | n | " + " | ".join(columns) + " |",
            "|---|---|---|" + "---|" * len(columns),
        ]
        for task in sorted(self.counts):
            metrics = metrics_for(task) if task in self.metrics else (metric_for(task),)
            for metric in metrics:
                cells = " | ".join(self._cell(task, metric, c) for c in columns)
                lines.append(f"| {task} | {metric} | {self.counts[task]} | {cells} |")
        if any(a.get("constant") for cols in self.answers.values() for a in cols.values()):
            lines.append("\nC: one answer for >= 90% of the items (see the answers table).")
        if self.fallbacks:
            lines.append(
                "\nfell back: " + "; ".join(f"{t}: {r}" for t, r in sorted(self.fallbacks.items()))
            )
        if self.answers:
            lines += ["", "| task type | eval majority | " + " | ".join(columns) + " |"]
            lines.append("|---|---|" + "---|" * len(columns))
            for task in sorted(self.answers):
                major = self.majority.get(task)
                head = f"{major['rate']:.3f} ({major['label']})" if major else "-"
                spreads: list[str] = []
                for column in columns:
                    spread = self.answers[task].get(column)
                    spreads.append(
                        "-"
                        if spread is None
                        else f"{spread['empty']} empty; top {spread['share']:.0%} "
                        f"{_quote(spread['top'])}" + (" CONSTANT" if spread["constant"] else "")
                    )
                lines.append(f"| {task} | {head} | " + " | ".join(spreads) + " |")
        if self.differences:
            lines += self._difference_lines()
        findings = self.findings()
        if findings:
            lines += ["", "Findings (95% bootstrap intervals; 'beats' only where 0 is outside):"]
            lines += [f"- {line}" for line in findings]
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
        if self.config:
            lines += ["", self.describe()]
        return "\n".join(lines)

    def _difference_lines(self) -> list[str]:
        lines = ["", "| task type | metric | column | vs zero-shot | vs baseline |"]
        lines.append("|---|---|---|---|---|")
        rows: dict[tuple[str, str, str], dict[str, str]] = {}
        for d in self.differences:
            key = (d["task_type"], d["metric"], d["column"])
            rows.setdefault(key, {})[d["against"]] = _interval(d)
        order = {c: i for i, c in enumerate(COLUMNS)}
        for task, metric, column in sorted(
            rows, key=lambda k: (k[0], metrics_for(k[0]).index(k[1]), order[k[2]])
        ):
            cells = rows[(task, metric, column)]
            lines.append(
                f"| {task} | {metric} | {column} | {cells.get(ZERO_SHOT, '-')} | "
                f"{cells.get(BASELINE, '-')} |"
            )
        return lines

    def findings(self) -> list[str]:
        """What the intervals allow one to say, headline metric first.

        A difference is stated as a win or a loss only when its interval excludes 0 and
        the task has at least ``MIN_ITEMS_FOR_FINDING`` items (a bootstrap of one or two
        items gives an interval of width 0); every other comparison is summed up as
        "no difference shown".
        """
        shown, unclear = [], 0
        few = sorted(
            {
                d["task_type"]
                for d in self.differences
                if self.counts.get(d["task_type"], 0) < MIN_ITEMS_FOR_FINDING
            }
        )
        for d in self.differences:
            if d["metric"] != metric_for(d["task_type"]) or d["task_type"] in few:
                continue
            if d["low"] > 0 or d["high"] < 0:
                verb = "beats" if d["low"] > 0 else "is worse than"
                shown.append(
                    f"{d['task_type']} {d['metric']}: {d['column']} {verb} {d['against']} "
                    f"by {_interval(d)}"
                )
            else:
                unclear += 1
        if unclear:
            shown.append(
                f"{unclear} {'other ' if shown else ''}headline comparisons: the interval "
                "includes 0, no difference shown"
            )
        for task in few:
            shown.append(
                f"{task}: {self.counts[task]} items, too few to compare columns "
                f"(at least {MIN_ITEMS_FOR_FINDING})"
            )
        return shown

    def describe(self) -> str:
        """One line on what ran: prompt style, dtype, clipping, k, seed, max tokens."""
        c = self.config
        dtypes = sorted({str(v["dtype"]) for v in c.get("columns", {}).values() if v.get("dtype")})
        return (
            f"prompt style {c.get('prompt_style')} for every model column; dtype "
            f"{', '.join(dtypes) or '-'}; inputs clipped to their last "
            f"{c.get('max_input_chars')} characters in every column "
            f"({c.get('clipped_inputs', 0)} clipped); k={self.k}; seed {c.get('seed')}; "
            f"max tokens {c.get('max_tokens')}"
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form (everything but the per-item predictions)."""
        return {
            "k": self.k,
            "columns": self.columns,
            "scores": self.scores,
            "metrics": self.metrics,
            "counts": self.counts,
            "differences": self.differences,
            "findings": self.findings(),
            "answers": self.answers,
            "majority": self.majority,
            "fallbacks": self.fallbacks,
            "failures": self.failures,
            "costs": self.costs,
            "notes": self.notes,
            "errors": self.errors,
            "config": self.config,
        }

    def plot(self, path: str | Path) -> Path:
        """Save a grouped bar chart (PNG) of the headline scores, one bar per approach."""
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        tasks = sorted(self.scores)
        columns = self.columns
        fig, ax = plt.subplots(figsize=(max(5.0, 2.2 * len(tasks)), 3.8))
        width = 0.8 / max(len(columns), 1)
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
        if self.scores:
            self.plot(directory / "eval.png")
        return directory


def _interval(d: dict[str, Any]) -> str:
    return f"{d['mean']:+.3f} [{d['low']:+.3f}, {d['high']:+.3f}]"


def _quote(text: str, limit: int = 24) -> str:
    text = text if len(text) <= limit else text[: limit - 3] + "..."
    return '"' + text.replace("|", "\\|") + '"'
