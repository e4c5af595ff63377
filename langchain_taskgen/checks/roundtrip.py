"""Round-trip check: does the pair's own passage give its answer away?

A pair is answerable from its passage when that passage, and not another one, is what
makes its answer likely. The check asks the engine how likely the pair's output is after
the pair's own input, once with the pair's passage in front and once with each of up to
two other passages of the same file (not overlapping chunks of the same text; with no
other passage, none at all). The score is the mean log-probability per token with the own
passage minus the best of the others: above zero the own passage supports the answer best;
at or below zero the answer is one the passage does not give (an answer swapped in from
elsewhere, a passage that is not the pair's, a hallucinated answer).

Engines that can score a continuation (:class:`~langchain_taskgen.VLLMEngine`) are asked
for likelihoods: prefill only, up to three short prompts per pair. Other engines (chat
models behind an API) answer the input themselves at temperature 0, and the score is
how much closer the own passage brings that answer to the pair's output than the others
(token F1 differences).

Only task types whose answer comes out of the passage are checked by default (their
``round_trip`` facet: exqa, qa, qg, summarization, text_gen); for label tasks
(nli, te, wsd, sentiment, topic_class, paraphrase_id, mcqa, sent_comp) a small model's label
likelihoods did not separate good from bad pairs, so they are checked only when asked for
(``task_types=`` / ``--round-trip-task``). Measured figures are in the README.

A pair the engine could not score (a server fault, a timeout, a prompt longer than the
model's context) was not checked: it is rejected as ``unscored`` unless
``reject_unscored=False`` keeps it (without a ``round_trip`` score), it is never counted
as checked, and the engine's errors are reported (``taskgen check`` exits 5 on them).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from langchain_taskgen.checks.answers import normalize, written_part
from langchain_taskgen.engines.base import SamplingConfig, TaskEngine
from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.tasks import TASK_TYPES, get_task_type

DEFAULT_MIN_SCORE = 0.0
_ANSWER_TOKENS = 48


def default_round_trip_tasks() -> frozenset[str]:
    """The registered task types whose ``round_trip`` facet is on.

    Their answer comes out of the passage given the input, so a passage that does not
    make it more likely is a real fault.

    Example:
        >>> sorted(default_round_trip_tasks())
        ['exqa', 'qa', 'qg', 'summarization', 'text_gen']
    """
    return frozenset(t.name for t in TASK_TYPES.values() if t.round_trip)


def __getattr__(name: str) -> frozenset[str]:
    # DEFAULT_ROUND_TRIP_TASKS: kept for old imports, read from the registry when asked.
    if name == "DEFAULT_ROUND_TRIP_TASKS":
        return default_round_trip_tasks()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@runtime_checkable
class ScoringEngine(Protocol):
    """An engine that can score continuations (mean log-probability per token)."""

    def score_continuations(
        self, prompts: Sequence[str], continuations: Sequence[str]
    ) -> list[float | None]:
        """Mean log-probability per token of each continuation after its prompt."""
        ...


def round_trip_prompt(pair: TaskPair, passage: str | None) -> str:
    """The prompt the engine continues with the pair's output (``passage`` in front).

    Example:
        >>> pair = TaskPair("Who wrote it?", "Ann", "qa", context="Ann wrote it.")
        >>> print(round_trip_prompt(pair, pair.context))
        Passage: Ann wrote it.
        <BLANKLINE>
        Who wrote it?
        Answer:
    """
    task_input = written_part(pair.input, pair.context).strip() or pair.input.strip()
    head = f"Passage: {passage.strip()}\n\n" if passage else ""
    return f"{head}{task_input}\nAnswer:"


def contrast_passages(pair: TaskPair, pool: Sequence[str], limit: int = 2) -> list[str | None]:
    """Up to ``limit`` other passages of ``pool`` to compare the pair's own passage with.

    Passages that share a run of eight words with the own one (overlapping chunks of one
    document) are left out: they may state the same fact. Picked by a hash of the pair, so
    a file is checked the same way every time; ``[None]`` (no passage at all) when the
    pool has no other passage.

    Example:
        >>> pair = TaskPair("Who?", "Ann", "qa", context="Ann wrote it.")
        >>> contrast_passages(pair, ["Ann wrote it.", "Bob ran."])
        ['Bob ran.']
    """
    return _Pool(pool).contrasts(pair, limit)


class _Pool:
    """A file's passages, normalised and shingled once (not once per pair)."""

    def __init__(self, passages: Sequence[str]) -> None:
        self.passages = list(passages)
        self.keys = [normalize(p) for p in self.passages]
        self.grams = [_shingles(k) for k in self.keys]

    def contrasts(self, pair: TaskPair, limit: int) -> list[str | None]:
        own = normalize(pair.context)
        grams = _shingles(own)
        others = [
            passage
            for passage, key, other in zip(self.passages, self.keys, self.grams, strict=True)
            if key != own and not grams & other
        ]
        if not others:
            return [None]
        start = int(pair.id[:8], 16) % len(others)
        return [others[(start + k) % len(others)] for k in range(min(limit, len(others)))]


def _shingles(text: str, size: int = 8) -> set[tuple[str, ...]]:
    words = text.split()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


@dataclass
class RoundTripCheck:
    """Scores pairs by how much their passage supports their answer, and rejects the rest.

    Attributes:
        engine: The engine that scores (likelihoods) or answers (other engines).
        min_score: Pairs scoring at or below this are rejected as ``not_grounded``.
        task_types: Task types checked; others pass unscored. Default: those whose
            ``round_trip`` facet is on when the check is made.
        reject_unscored: Reject pairs of these types that the engine could not score
            (``unscored``); ``False`` keeps them, unmarked. Never fails open: either
            way they are counted as unscored, not as checked.

    Example:
        >>> from langchain_taskgen.engines.default import default_engine
        >>> check = RoundTripCheck(default_engine())  # doctest: +SKIP
        >>> kept, rejected, counts = check.check(pairs)  # doctest: +SKIP
    """

    engine: TaskEngine
    min_score: float = DEFAULT_MIN_SCORE
    task_types: frozenset[str] = field(default_factory=default_round_trip_tasks)
    reject_unscored: bool = True

    @property
    def method(self) -> str:
        """``"likelihood"`` when the engine scores continuations, else ``"answer"``."""
        return "likelihood" if isinstance(self.engine, ScoringEngine) else "answer"

    def applies_to(self, pair: TaskPair) -> bool:
        """Whether this pair's task type is checked (and it has a passage)."""
        return pair.task_type in self.task_types and bool(pair.context.strip())

    def score(self, pairs: Sequence[TaskPair]) -> list[float | None]:
        """One score per pair (``None``: not checked, or the engine could not score it)."""
        return self.score_with_errors(pairs)[0]

    def score_with_errors(self, pairs: Sequence[TaskPair]) -> tuple[list[float | None], list[str]]:
        """:meth:`score`, and the engine's distinct error messages (up to five)."""
        chosen = [i for i, pair in enumerate(pairs) if self.applies_to(pair)]
        scores: list[float | None] = [None] * len(pairs)
        errors: list[str] = []
        if not chosen:
            return scores, errors
        pool = _Pool(sorted({normalize(p.context): p.context for p in pairs}.values()))
        jobs = []
        for i in chosen:
            pair = pairs[i]
            for passage in [pair.context, *pool.contrasts(pair, 2)]:
                jobs.append((i, round_trip_prompt(pair, passage)))
        prompts = [prompt for _, prompt in jobs]
        answers = [pairs[i].output.strip() for i, _ in jobs]
        raw = (
            self._likelihoods(prompts, answers, errors)
            if self.method == "likelihood"
            else self._agreements(prompts, answers, errors)
        )
        grouped: dict[int, list[float | None]] = {}
        for (i, _), value in zip(jobs, raw, strict=True):
            grouped.setdefault(i, []).append(value)
        values: list[float | None] = []
        for i in chosen:
            own, *others = grouped[i]
            if own is None or any(v is None for v in others):
                values.append(None)
            else:
                values.append(own - max(v for v in others if v is not None))
        for i, value in zip(chosen, values, strict=True):
            scores[i] = None if value is None else round(value, 3)
        return scores, errors

    def _likelihoods(
        self, prompts: list[str], answers: list[str], errors: list[str]
    ) -> list[float | None]:
        engine = self.engine
        assert isinstance(engine, ScoringEngine)
        values = engine.score_continuations(prompts, [" " + a for a in answers])
        if prompts and all(v is None for v in values):
            # A scoring engine fails a call as a whole (vLLM logs why and returns no
            # scores); one prompt too long for the context leaves only itself unscored.
            errors.append(f"the engine scored none of {len(prompts)} prompts (see its log)")
        return values

    def _agreements(
        self, prompts: list[str], answers: list[str], errors: list[str]
    ) -> list[float | None]:
        sampling = SamplingConfig(max_tokens=_ANSWER_TOKENS, temperature=0.0, n=1, stop=("\n",))
        results = self.engine.generate(prompts, sampling)
        values: list[float | None] = []
        for result, answer in zip(results, answers, strict=True):
            if result.error or not result.completions:
                messages = result.metadata.get("errors") or [result.detail]
                message = str(messages[0] or result.error or "no answer")
                if len(errors) < 5 and message not in errors:
                    errors.append(message)
                values.append(None)
            else:
                values.append(token_f1(result.completions[0].text, answer))
        return values

    def check(
        self, pairs: Sequence[TaskPair]
    ) -> tuple[list[TaskPair], list[tuple[TaskPair, str]], Counter[str]]:
        """Kept pairs (scored ones carry ``metadata["round_trip"]``), rejected, counts.

        The counter holds ``checked`` (scored), ``unscored`` (the engine could not
        score: rejected as ``unscored`` unless :attr:`reject_unscored` is off) and
        ``not_grounded``. :meth:`check_with_errors` also returns the engine's errors.
        """
        kept, rejected, counts, _ = self.check_with_errors(pairs)
        return kept, rejected, counts

    def check_with_errors(
        self, pairs: Sequence[TaskPair]
    ) -> tuple[list[TaskPair], list[tuple[TaskPair, str]], Counter[str], list[str]]:
        """:meth:`check`, and the engine's distinct error messages (up to five)."""
        counts: Counter[str] = Counter()
        kept: list[TaskPair] = []
        rejected: list[tuple[TaskPair, str]] = []
        scores, errors = self.score_with_errors(pairs)
        for pair, value in zip(pairs, scores, strict=True):
            if not self.applies_to(pair):
                kept.append(pair)
                continue
            if value is None:
                # Not checked: never reported as checked, never passed as if it were.
                counts["unscored"] += 1
                if self.reject_unscored:
                    rejected.append((pair, "unscored"))
                else:
                    kept.append(pair)
                continue
            counts["checked"] += 1
            marked = pair.with_metadata(round_trip=value)
            if value <= self.min_score:
                counts["not_grounded"] += 1
                rejected.append((marked, "not_grounded"))
            else:
                kept.append(marked)
        return kept, rejected, counts, errors


def token_f1(prediction: str, reference: str) -> float:
    """SQuAD-style token F1 between two answers (case and punctuation ignored).

    Example:
        >>> token_f1("the apt update command", "apt update")
        0.8
    """
    pred, ref = _tokens(prediction), _tokens(reference)
    common = sum((Counter(pred) & Counter(ref)).values())
    if not common:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return round(2 * precision * recall / (precision + recall), 3)


def _tokens(text: str) -> list[str]:
    words = re.findall(r"\w+", text.casefold())
    return [w for w in words if w not in {"a", "an", "the"}]


def parse_task_types(values: Iterable[str]) -> frozenset[str]:
    """Task type names for ``task_types=`` (``"all"`` for every type, short or long names).

    Example:
        >>> sorted(parse_task_types(["exqa", "Yes-No Question Answering"]))
        ['exqa', 'ynqa']
    """
    names: set[str] = set()
    for value in values:
        if value == "all":
            names |= set(TASK_TYPES)
        else:
            names.add(get_task_type(value).name)
    return frozenset(names)
