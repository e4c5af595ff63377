"""Classification over your own labels: code picks each passage's label by embeddings."""

from __future__ import annotations

import random
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from langchain_taskgen.construct.draft import Draft
from langchain_taskgen.construct.passage import Corpus
from langchain_taskgen.construct.render import with_passage
from langchain_taskgen.construct.text_checks import normalize
from langchain_taskgen.tasks.base import AnswerKind, TaskType
from langchain_taskgen.tasks.registry import (
    BUILT_IN_TASK_NAMES,
    register_task_type,
    unregister_task_type,
)

DEFAULT_QUESTIONS = (
    "Which of these categories does the passage belong to?",
    "Classify the passage into one of these categories.",
    "What category fits this text best?",
)
DEFAULT_TEMPLATE = "This text is about {}."
DEFAULT_MIN_MARGIN = 0.08


class LabelTask:
    """A classification task type over labels you choose (topics, departments, intents).

    Bonito's topic_class and sentiment label sets fit the datasets it was trained on;
    your documents need your own. A label task is registered as a new task type (the
    built-in ones keep their meaning, so pairs files stay unambiguous) and works by name
    in every format. In the structured format code labels each passage: the passage and
    one sentence per label (``template``, or the description you give a label) are
    embedded, the nearest label wins, and the passage is used only when that label beats
    the runner-up by ``min_margin`` in cosine similarity; closer calls count as
    ``no_material`` rather than become a guessed label. A 135M generator cannot judge
    a topic; a sentence-embedding model can, when it is sure.

    Measured on debian-handbook pages with seven labels (networking, security, package
    management, network services, desktop applications, kernel and hardware, user
    accounts), each chunk scored against its page's label (itself a noisy truth): the
    margin was picked on half of the pages (0.84 agreement at 0.08, 97 of 206 chunks
    kept; 0.63 without a margin) and held on the other half (0.91, 80 of 159 kept; 0.66
    without). Close calls cost yield instead of becoming guessed labels; an independent
    reader found 8 of 8 sampled labels right on four other handbook pages.

    Args:
        name: The new task type's short name (lower case, not a built-in name).
        labels: The labels, or a mapping of label to a description used for matching
            instead of ``template`` ("billing": "invoices, payments and refunds").
        questions: Phrasings of the question shown before the options (one is picked per
            pair, so a model trained on the pairs does not learn one template).
        template: How a label becomes the sentence it is matched by.
        min_margin: Cosine similarity the best label must have over the runner-up.
        embeddings: A LangChain ``Embeddings``; default the packaged all-MiniLM-L6-v2.
        description: The task's description for the instruct formats' prompt.

    Example:
        >>> from langchain_taskgen import LabelTask, TaskGenerator
        >>> topics = LabelTask("doc_topic", ["networking", "security", "storage"]).register(
        ...     replace=True
        ... )
        >>> sorted(TaskGenerator(task_type="doc_topic", format="structured").task_types[0].labels)
        ['networking', 'security', 'storage']
        >>> topics.unregister()
    """

    def __init__(
        self,
        name: str,
        labels: Sequence[str] | Mapping[str, str],
        *,
        questions: Sequence[str] = DEFAULT_QUESTIONS,
        template: str = DEFAULT_TEMPLATE,
        min_margin: float = DEFAULT_MIN_MARGIN,
        embeddings: Any = None,
        description: str | None = None,
    ) -> None:
        if not name or name != name.strip().lower() or " " in name:
            raise ValueError(f"name must be lower case without spaces, got {name!r}")
        if name in BUILT_IN_TASK_NAMES:
            raise ValueError(
                f"{name!r} is a built-in task type; give your label task its own name "
                "(e.g. 'doc_topic')"
            )
        if isinstance(labels, str):
            raise TypeError("labels must be a list of labels, not one string")
        texts = (
            {str(k).strip(): str(v).strip() for k, v in labels.items()}
            if isinstance(labels, Mapping)
            else {str(label).strip(): "" for label in labels}
        )
        keys = [key for key in map(normalize, texts) if key]
        if len(texts) != len(labels) or len(set(keys)) != len(keys):
            # Answers are matched to labels without case or edge punctuation, so labels
            # equal once normalised ('Yes' and 'yes', 'a.' and 'a') could never be told apart.
            raise ValueError(
                f"labels must be distinct once case and edge punctuation are set aside, "
                f"got {labels!r}"
            )
        for short in keys:
            longer = next((k for k in keys if k.startswith(short + " ")), None)
            if longer is not None:
                # Answers are read by their first words ("Yes, it may." is "yes"), so
                # "good enough" would be scored as "good".
                raise ValueError(
                    f"label {short!r} is the first word(s) of label {longer!r}; answers "
                    f"are read by their first words, so the two could not be told apart"
                )
        if len(texts) < 2 or len(keys) != len(texts):
            raise ValueError(
                f"a label task needs at least two labels that are not empty once case and "
                f"edge punctuation are set aside, got {labels!r}"
            )
        if "{}" not in template:
            raise ValueError("template must contain {} where the label goes")
        if not questions or not all(q.strip() for q in questions):
            raise ValueError("questions must be non-empty phrasings")
        if not 0.0 <= min_margin < 2.0:
            raise ValueError(f"min_margin must be in [0, 2), got {min_margin}")
        self.name = name
        self.labels = list(texts)
        self.match_texts = [texts[label] or template.format(label) for label in self.labels]
        self.questions = tuple(q.strip() for q in questions)
        self.min_margin = min_margin
        self.description = description or (
            "classify the passage as one of the listed categories; the output is the category"
        )
        self._embeddings = embeddings
        self._label_vectors: Any = None
        self._cached: tuple[Corpus, Any] | None = None
        self._lock = threading.Lock()

    @property
    def task_type(self) -> TaskType:
        """The :class:`~langchain_taskgen.TaskType` this label task registers (built by it)."""
        return TaskType(
            self.name,
            f"{self.name.replace('_', ' ')} classification",
            self.description,
            AnswerKind.LABEL,
            frozenset(self.labels),
            builder=self,
        )

    def register(self, *, replace: bool = False) -> LabelTask:
        """Register the task type, built by this object in the structured format.

        Returns:
            ``self``.

        Raises:
            ValueError: If the name is built in, or taken and ``replace`` is off.
        """
        register_task_type(self.task_type, replace=replace)
        return self

    def unregister(self) -> None:
        """Remove the task type (its builder goes with it)."""
        unregister_task_type(self.name)

    def _encoder(self) -> Any:
        if self._embeddings is None:
            from langchain_taskgen.embeddings import SentenceTransformerEmbeddings

            self._embeddings = SentenceTransformerEmbeddings()
        return self._embeddings

    def _vectors(self, texts: list[str]) -> Any:
        import numpy as np

        vectors = np.asarray(self._encoder().embed_documents(texts), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)

    def scores(self, corpus: Corpus) -> Any:
        """Cosine similarity of every passage (rows) to every label (columns).

        The passages of one call are embedded together once, however many builders ask.
        """
        with self._lock:
            if self._cached is not None and self._cached[0] is corpus:
                return self._cached[1]
            if self._label_vectors is None:
                self._label_vectors = self._vectors(self.match_texts)
            table = self._vectors(list(corpus.passages)) @ self._label_vectors.T
            self._cached = (corpus, table)
            return table

    def classify(self, passages: Sequence[str]) -> list[tuple[str | None, float]]:
        """Each passage's label (``None`` when too close to call) and its margin.

        Example:
            >>> task = LabelTask("doc_topic", ["cooking", "networking"])
            >>> [label for label, _margin in task.classify(
            ...     ["Configure the DHCP server to hand out IP addresses."]
            ... )]
            ['networking']
        """
        table = self.scores(Corpus(list(passages)))
        return [self._decide(row) for row in table]

    def _decide(self, row: Any) -> tuple[str | None, float]:
        order = row.argsort()[::-1]
        margin = float(row[order[0]] - row[order[1]])
        return (self.labels[order[0]] if margin >= self.min_margin else None), margin

    def __call__(self, index: int, corpus: Corpus, rng: random.Random, n: int) -> list[Draft]:
        """The structured-format builder: one labelled pair for a passage that is clear."""
        label, margin = self._decide(self.scores(corpus)[index])
        if label is None:
            return []
        options = list(self.labels)
        rng.shuffle(options)
        passage = corpus.passages[index]
        task_text = rng.choice(self.questions) + "\nOptions: " + ", ".join(options)
        inp = with_passage(passage, task_text, rng)
        fields = {"label": label, "margin": f"{margin:.3f}"}
        return [Draft(self.name, fields, lambda _written: (inp, label))][:n]
