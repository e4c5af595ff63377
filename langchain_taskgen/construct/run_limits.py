"""Run-wide limits: one rule, applied in corpus order on every path.

Some limits hold over a whole run, not one batch: each everyday wsd sentence partners
at most :data:`MAX_PARTNER_USES` times and once per label, each word's yes and no stay
within one of each other; a topic_class item is taken only while the readers picking
the option with the most or the fewest shared words (or the longest or the shortest)
stay within :data:`OVERLAP_SLACK` items of chance (and a sent_comp item while the readers
picking the longest or the shortest option, or the one sharing the most or the fewest
words with the text, do); and a span question (exqa, qa, qg, mcqa) is asked once per
run, by the first passage that asks it ("What does LVM stand for?" from every chunk that
spells LVM out is one fact asked again).

Construction does not consult the run: a batch builds *candidates* the same way
wherever it runs. A candidate is a pair offering a few variants (wsd: one or two of the
passage's sentences with each sense's partners, closest in length first; topic_class: a
few of the passage's sections with their options), all rendered; its ``task_fields`` hold them under
:data:`FIELD`, with a light *ticket* (each variant's word, label and a 64-bit hash of
its partner; or each variant's reader measures). :class:`RunLimits` then walks the
candidates in corpus order (chunk position, place in the chunk: the order a run writes
its pairs) and takes each candidate's first variant the limits allow, or drops it with
the reason :data:`REASON`. A local run does this as it writes its output
(``generation/runs.py``); on Ray the driver reads only the tickets, runs the same walk,
and the cluster finishes or drops the rows (``cluster/limits.py``). Same candidates,
same order, same rule: the same pairs.

Example:
    >>> limits = RunLimits()
    >>> wsd = {"task": "wsd", "options": [["boot", "yes", "a1"], ["boot", "no", "b2"]]}
    >>> # yes with a1; then no (yes leads) with b2; then each partner has served its label
    >>> [limits.choose(wsd) for _ in range(3)]
    [0, 1, None]
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from langchain_taskgen.construct.text_checks import normalize

# A TaskPair and a GenerationReport: not imported, not even for typing, as both import the
# task types, whose builders import this module.
TaskPair = Any
GenerationReport = Any

FIELD = "run_limit"
"""The ``task_fields`` key of a candidate: its variants and ticket (JSON)."""
REASON = "run_limit"
"""The rejection reason of a candidate none of whose variants the run's limits allow."""
MAX_PARTNER_USES = 2
"""Times one everyday sentence may partner a passage sentence in one run: a reader (or a
model) who has seen it with its word and label answers its repeats by memory."""
OVERLAP_SLACK = 0.5
"""How far (in items) the word-matching readers may run ahead of chance in a run."""

Variant = tuple[str, str, Mapping[str, str], str]
"""One way to finish a candidate: ``(input, output, task_fields, context)``; ``context``
``""``: the pair's context stays as it is (the whole passage, or the first variant's)."""


def question_fields(fields: Mapping[str, str], task: str, question: str) -> dict[str, str]:
    """A span question's ``task_fields``, with the ticket that asks it once per run.

    No variants: the pair is kept as it is or dropped, so a question a model wrote in
    place of the code's (``model_questions``) is not undone.

    Example:
        >>> fields = question_fields({"answer": "x"}, "qa", "What is X?")
        >>> ticket = json.loads(fields[FIELD])["ticket"]
        >>> ticket["task"], ticket["question"] == partner_hash("what is x?")
        ('qa', True)
    """
    return _kept_as_is(fields, {"task": task, "question": partner_hash(question.strip().lower())})


def _kept_as_is(fields: Mapping[str, str], ticket: Mapping[str, Any]) -> dict[str, str]:
    """``fields`` with a ticket and no variants: the run keeps the pair as it is or drops it."""
    return {**fields, FIELD: json.dumps({"ticket": dict(ticket), "variants": []})}


def partner_hash(sentence: str) -> str:
    """A partner sentence's 64-bit hash (16 hex digits): what the run counts it by.

    Example:
        >>> len(partner_hash("She opens the window.")), partner_hash("a") == partner_hash("a")
        (16, True)
    """
    return hashlib.sha256(sentence.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def candidate_fields(variants: Sequence[Variant], ticket: Mapping[str, Any]) -> dict[str, str]:
    """The ``task_fields`` of a candidate: its first variant's, with every variant and the ticket.

    Example:
        >>> fields = candidate_fields([("Q?", "yes", {"word": "boot"}, "")], {"task": "wsd"})
        >>> fields["word"], json.loads(fields[FIELD])["ticket"]
        ('boot', {'task': 'wsd'})
    """
    out = dict(variants[0][2])
    out[FIELD] = json.dumps(
        {"ticket": dict(ticket), "variants": [[i, o, dict(f), c] for i, o, f, c in variants]},
        ensure_ascii=False,
    )
    return out


def _carried(pair: TaskPair) -> dict[str, Any] | None:
    fields = pair.metadata.get("task_fields")
    if not isinstance(fields, dict) or not isinstance(fields.get(FIELD), str):
        return None
    carried: dict[str, Any] = json.loads(fields[FIELD])
    return carried


def ticket_of(pair: TaskPair) -> dict[str, Any] | None:
    """What the rule reads of a pair: its ticket with its current label (``None``: no candidate).

    ``label`` is the normalised output of the first variant, ``built_by`` the pair's path:
    with them the accounting comes right without the pair itself.

    Example:
        >>> from langchain_taskgen.pairs import TaskPair
        >>> ticket_of(TaskPair("Q?", "Yes", "wsd")) is None
        True
    """
    carried = _carried(pair)
    if carried is None:
        return None
    ticket = dict(carried["ticket"])
    ticket["label"] = normalize(pair.output)
    ticket["built_by"] = pair.metadata.get("built_by")
    ticket["labels"] = [normalize(variant[1]) for variant in carried["variants"]] or [
        ticket["label"]
    ]
    return ticket


def finish(pair: TaskPair, choice: int) -> TaskPair:
    """The pair as variant ``choice`` of its candidate finishes it (no candidate data left).

    Example:
        >>> from langchain_taskgen.pairs import TaskPair
        >>> two = [("A?", "yes", {"n": "1"}, ""), ("B?", "no", {"n": "2"}, "")]
        >>> fields = candidate_fields(two, {})
        >>> pair = TaskPair("A?", "yes", "wsd", metadata={"task_fields": fields})
        >>> done = finish(pair, 1)
        >>> done.input, done.output, done.metadata["task_fields"]
        ('B?', 'no', {'n': '2'})
    """
    carried = _carried(pair)
    if carried is None:
        return pair
    if not carried["variants"]:  # kept as it is (a question's ticket)
        fields = {k: v for k, v in pair.metadata["task_fields"].items() if k != FIELD}
        return replace(pair, metadata={**pair.metadata, "task_fields": fields})
    task_input, task_output, fields, context = carried["variants"][choice]
    return replace(
        pair,
        input=task_input,
        output=task_output,
        context=context or pair.context,
        metadata={**pair.metadata, "task_fields": dict(fields)},
    )


def variants_of(pair: TaskPair) -> list[TaskPair]:
    """Each variant of a candidate as the pair it would finish as (``[]``: no candidate).

    What a check must see: a candidate may be finished as any of its variants, so each
    is checked, not only the first (see :func:`restrict`).

    Example:
        >>> from langchain_taskgen.pairs import TaskPair
        >>> two = [("A?", "yes", {}, ""), ("B?", "no", {}, "")]
        >>> fields = candidate_fields(two, {})
        >>> pair = TaskPair("A?", "yes", "wsd", metadata={"task_fields": fields})
        >>> [v.input for v in variants_of(pair)]
        ['A?', 'B?']
    """
    carried = _carried(pair)
    if carried is None:
        return []
    return [finish(pair, i) for i in range(len(carried["variants"]) or 1)]


def restrict(pair: TaskPair, keep: Sequence[int]) -> TaskPair:
    """The candidate with only the variants ``keep`` (in order), shown as the first of them.

    Variants a check rejected are left out, with their options in the ticket, so the run
    can only finish the candidate as one that passed.

    Example:
        >>> from langchain_taskgen.pairs import TaskPair
        >>> two = [("A?", "yes", {}, ""), ("B?", "no", {}, "")]
        >>> ticket = {"task": "wsd", "options": [["w", "yes", "a"], ["w", "no", "b"]]}
        >>> fields = candidate_fields(two, ticket)
        >>> pair = TaskPair("A?", "yes", "wsd", metadata={"task_fields": fields})
        >>> kept = restrict(pair, [1])
        >>> kept.input, ticket_of(kept)["options"]
        ('B?', [['w', 'no', 'b']])
    """
    carried = _carried(pair)
    if carried is None or not carried["variants"]:
        return pair
    variants = [carried["variants"][i] for i in keep]
    ticket = dict(carried["ticket"])
    # One entry per variant: the options (wsd, topic_class, mcqa) or, where the options
    # are the item's reader measures, its places (sent_comp).
    per_variant = "places" if "places" in ticket else "options"
    ticket[per_variant] = [ticket[per_variant][i] for i in keep]
    first = finish(pair, keep[0])
    fields = candidate_fields([(i, o, f, c) for i, o, f, c in variants], ticket)
    return replace(first, metadata={**first.metadata, "task_fields": fields})


@dataclass
class RunLimits:
    """The run's counts, and the rule that admits each candidate in turn.

    Feed it the candidates' tickets in corpus order; :meth:`choose` returns the variant
    to keep (``None``: drop the candidate) and counts it. A pure function of the tickets
    and their order: two paths that feed the same tickets in the same order agree.
    """

    uses: Counter[str] = field(default_factory=Counter)
    surplus: dict[str, list[float]] = field(default_factory=dict)  # per task type

    def choose(self, ticket: Mapping[str, Any]) -> int | None:
        """The variant of this candidate the run allows (and counts), or ``None``.

        wsd (variants of ``[word, label, partner hash]``, the candidate's own label
        ``own``): the first variant whose label the balance of its word allows (the one
        the run gave the word fewer times; on a tie, ``own``), so yes and no stay within
        one, and whose partner was used fewer than :data:`MAX_PARTNER_USES` times and
        never under that label. topic_class: the
        first variant that keeps every shallow reader within :data:`OVERLAP_SLACK` of
        chance (see :meth:`at_chance`). A span question (a ``question`` hash, no
        variants): the first time it is asked in the run.

        Example:
            >>> limits = RunLimits()
            >>> [limits.choose({"task": "qa", "question": "ab12"}) for _ in range(2)]
            [0, None]
            >>> limits.choose({"task": "wsd", "options": [["w", "no", "p"]]})
            0
            >>> limits.choose({"task": "wsd", "options": [["w", "no", "q"]]})  # 2 no
        """
        if "question" in ticket:  # asked once per run: the first passage keeps it
            key = f"question {ticket['question']}"
            if self.uses[key]:
                return None
            self.uses[key] += 1
            return self._place(ticket["task"], ticket.get("options"))
        if ticket["task"] == "wsd":
            return self._wsd(ticket["options"], ticket.get("own"))
        for index, measures in enumerate(ticket["options"]):
            if self.at_chance(measures, 0, ticket["task"]):
                # sent_comp: the kept item's variants put its answer at each position.
                return (
                    self._place(ticket["task"], ticket["places"]) if "places" in ticket else index
                )
        return None

    def _place(self, task: str, places: Sequence[Sequence[int]] | None) -> int:
        """The variant at the answer position the run used least (and counts it).

        Variants put the answer at each position (``[position, options]``); taking the
        least used keeps "always pick option k" at chance over the run.
        """
        found = [(int(p), int(k)) for p, k in places or [(0, 0)]]
        used = [self.uses[f"position {task} {k} {p}"] for p, k in found]
        choice = min(range(len(found)), key=lambda i: (used[i], i))
        p, k = found[choice]
        self.uses[f"position {task} {k} {p}"] += 1
        return choice

    def _wsd(self, options: Iterable[Sequence[str]], own: str | None) -> int | None:
        for index, (word, label, partner) in enumerate(options):
            made = self.uses[f"word {word} yes"] - self.uses[f"word {word} no"]
            # As the cap uses up a frequent word's partners of one sense, the other would
            # take over and the word alone would give the label: its labels stay within one.
            # On a tie, the candidate's own label (they alternate within a passage): taking
            # whichever label still has a fresh partner lets the partners pick the label.
            tie = (own,) if own else ("yes", "no")
            allowed = tie if made == 0 else ("no",) if made > 0 else ("yes",)
            # Once a label at most: an everyday sentence seen twice under one label lets
            # its own words give that label (a bag of words learnt them at +0.18).
            if (
                label in allowed
                and self.uses[f"partner {partner}"] < MAX_PARTNER_USES
                and not self.uses[f"partner {label} {partner}"]
            ):
                self.uses[f"partner {partner}"] += 1
                self.uses[f"partner {label} {partner}"] += 1
                self.uses[f"word {word} {label}"] += 1
                return index
        return None

    def at_chance(
        self, measures: Sequence[Sequence[float]], right: int, task: str = "topic_class"
    ) -> bool:
        """Whether an item keeps the run's shallow readers at chance; counts it if so.

        ``measures``: per measure (words shared with the text, length), each option's
        value; ``right``: the answer's index. For each measure, a reader picking the
        option with the most, and one picking the fewest, expects ``1/ties`` on an item
        where the right one is among the ties and 0 elsewhere; an item is taken only while
        every reader's surplus over chance, summed over the run, stays within
        :data:`OVERLAP_SLACK`: an item the right title wins by its words (or its length)
        waits for one it loses. Each ``task`` keeps its own sums.

        Example:
            >>> limits = RunLimits()
            >>> limits.at_chance([[2, 2, 2]], 0), limits.at_chance([[3, 1, 1]], 0)
            (True, False)
            >>> limits.at_chance([[2, 3, 1]], 0), limits.at_chance([[3, 1, 1]], 0)  # lost, won
            (True, True)
        """
        surplus = self.surplus.setdefault(task, [0.0] * (2 * len(measures)))
        chance = 1 / len(measures[0])
        new = []
        readers = [(values, pick) for values in measures for pick in (max, min)]
        for (values, pick), was in zip(readers, surplus, strict=True):
            extreme = pick(values)
            ties = [i for i, n in enumerate(values) if n == extreme]
            new.append(was + (right in ties) / len(ties) - chance)
        if max(new) > OVERLAP_SLACK:
            return False
        surplus[:] = new
        return True


def settle(report: GenerationReport, ticket: Mapping[str, Any], choice: int | None) -> None:
    """Count a candidate's outcome in ``report``, where it was counted accepted as variant 0.

    Dropped: one accepted pair less, one ``run_limit`` rejection more. Finished as
    another variant: its label counted instead of the first variant's.
    """
    task = str(ticket["task"])
    labels = report.labels_by_task.get(task)
    old = str(ticket["label"])
    if choice is None:
        report.accepted -= 1
        report.accepted_by_task[task] -= 1
        path = ticket.get("built_by")
        if isinstance(path, str) and report.accepted_by_path[path] > 0:
            report.accepted_by_path[path] -= 1
        if labels is not None and labels[old] > 0:
            labels[old] -= 1
        report.reject(REASON, _example(ticket), task=task)
        return
    new = str(ticket["labels"][choice])
    if labels is not None and new != old and labels[old] > 0:
        labels[old] -= 1
        labels[new] += 1


def _example(ticket: Mapping[str, Any]) -> str:
    if "question" in ticket:
        return f"{ticket['task']}: a question an earlier passage of the run asked"
    if ticket["task"] == "wsd":
        words = sorted({option[0] for option in ticket["options"]})
        return f"wsd {', '.join(words)}: no fresh partner of the label its balance allows"
    return f"{ticket['task']}: the shallow readers would run ahead of chance"


def apply_limits(
    pairs: Iterable[TaskPair], limits: RunLimits, report: GenerationReport
) -> list[TaskPair]:
    """The pairs, in the order given (corpus order), each candidate finished or dropped.

    ``report`` counted every candidate accepted as its first variant; it is corrected.
    """
    kept = []
    for pair in pairs:
        ticket = ticket_of(pair)
        if ticket is None:
            kept.append(pair)
            continue
        choice = limits.choose(ticket)
        settle(report, ticket, choice)
        if choice is not None:
            kept.append(finish(pair, choice))
    return kept
