"""The structured format: code builds each task, the model writes only what needs writing."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence

from langchain_taskgen.construct.draft import Draft
from langchain_taskgen.construct.passage import Corpus
from langchain_taskgen.formats.base import neutralize_special_tokens
from langchain_taskgen.tasks import TASK_TYPES, TaskType, get_task_type

_PARAPHRASE_PROMPT = (
    "Rewrite the sentence in other words, keeping its meaning and every number.\n\n"
    "Sentence: The library opens at noon on Sundays.\n"
    "Rewritten: On Sundays, the library opens its doors at noon.\n\n"
    "Sentence: Overdue books cost 25 cents a day, but children's books carry no fine.\n"
    "Rewritten: A late book costs 25 cents for each day, except that there is no fine for "
    "children's books.\n\n"
    "Sentence: {source}\n"
    "Rewritten:"
)
_SUMMARY_PROMPT = (
    "Summarize the passage in one sentence.\n\n"
    "Passage: The Riverside Public Library lends up to ten items per card for three weeks. "
    "Renewals are allowed twice unless another reader has placed a hold. Overdue books cost "
    "25 cents a day. The library opens late, at noon, on Sundays.\n"
    "Summary: The library lends ten items per card for three weeks, allows two renewals, "
    "charges for late books and opens at noon on Sundays.\n\n"
    "Passage: {source}\n"
    "Summary:"
)


class StructuredFormat:
    """Build tasks by code from the passage; ask the model only for paraphrases and summaries.

    A small model cannot be trusted to keep a task's structure, pick a correct answer or
    balance labels (measured on SmolLM2-135M: none of 73 prompted pairs was usable), so
    this format lets code do what code does reliably:

    * answer spans (numbers, names, technical terms, definitions) are picked from the
      passage and the question is made by replacing the span with a question phrase
      (exqa, qa, qg, mcqa with distractors from other passages of the call);
    * yes/no questions invert a real statement (yes) or one with a term swapped in from
      another passage (no); NLI/TE hypotheses are a paraphrase (entailment), the negated
      premise (contradiction) or another sentence of the passage (neutral);
    * sentence completion, word sense (one sense per discourse against an everyday
      sense), coreference, topic and text generation are built from the text itself;
    * the model writes paraphrases (paraphrase, paraphrase_id, nli, te) and summaries,
      which are checked (numbers and polarity kept, on topic, whole sentence).

    Every input is rendered from its fields with one of a few phrasings, so structure
    cannot be missing and a model trained on the pairs does not learn one template.
    Works with any engine; the Bonito format is for Bonito-trained models.

    Example:
        >>> fmt = StructuredFormat()
        >>> corpus = fmt.read(["Each card can borrow up to 10 items for three weeks. Renewals are "
        ...                    "allowed twice unless a hold is placed by another reader."])
        >>> drafts = fmt.plan(corpus, 0, "exqa", n=1)
        >>> inp, out = fmt.finish(drafts[0], None)
        >>> out
        '10 items'
    """

    name = "structured"

    def __init__(
        self,
        max_tokens: int = 96,
        code_rewrites: bool = False,
        withhold_rewrites: bool = False,
        weak_writer: bool = False,
    ) -> None:
        self.max_tokens = max_tokens
        # True when asked for (TaskGenerator(code_rewrites=True)): nli, te and
        # paraphrase_id build their rewrites by code rather than from the model's.
        self.code_rewrites = code_rewrites
        # True for a model whose paraphrases the checks cannot vouch for (the embedded
        # default) when code rewrites were not asked for: those three give no material.
        self.withhold_rewrites = withhold_rewrites
        # True for the embedded default: no model summary, no span question for qg.
        self.weak_writer = weak_writer

    def read(self, passages: Sequence[str]) -> Corpus:
        """Read the passages of one call (distractors come from the other passages)."""
        corpus = Corpus.build([neutralize_special_tokens(p.strip()) for p in passages])
        corpus.code_rewrites = self.code_rewrites  # type: ignore[attr-defined]
        corpus.withhold_rewrites = self.withhold_rewrites  # type: ignore[attr-defined]
        corpus.weak_writer = self.weak_writer  # type: ignore[attr-defined]
        return corpus

    def plan(
        self,
        corpus: Corpus,
        index: int,
        task_type: str | TaskType,
        n: int = 1,
        seed: int | None = None,
    ) -> list[Draft]:
        """Up to ``n`` drafts of one task type for passage ``index``.

        Fewer when the text offers less material (e.g. no statement to invert). The
        task type's ``builder`` builds them.

        Raises:
            ValueError: For an unknown task type or one without a builder.
        """
        task = get_task_type(task_type)
        # A TaskType object passed in may predate the builder its registered twin got.
        builder = task.builder or getattr(TASK_TYPES.get(task.name), "builder", None)
        if builder is None:
            raise ValueError(
                f"the structured format has no builder for task type {task.name!r}: "
                "give it one (TaskType(..., builder=...) with register_task_type), "
                "or use format='instruct' / 'instruct-json'"
            )
        key = f"{seed}|{task.name}|{corpus.passages[index]}".encode()
        rng = random.Random(int.from_bytes(hashlib.sha256(key).digest()[:8], "big"))
        return builder(index, corpus, rng, n)[:n]

    def prompt_for(self, draft: Draft) -> str:
        """The prompt asking the model for a draft's written part."""
        template = _PARAPHRASE_PROMPT if draft.ask == "paraphrase" else _SUMMARY_PROMPT
        return template.format(source=draft.source)

    def stop_sequences(self, task_type: str) -> list[str]:
        """Every written part is one line."""
        return ["\n"]

    def finish(self, draft: Draft, written: str | None) -> tuple[str, str]:
        """Render the pair; raises :class:`~langchain_taskgen.TaskParseError` on a bad part."""
        return draft.render(written)
