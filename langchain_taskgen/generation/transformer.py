"""TaskPairTransformer: a LangChain document transformer from documents to task pairs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.documents import BaseDocumentTransformer, Document

from langchain_taskgen.generation.generator import TaskGenerator
from langchain_taskgen.generation.report import GenerationReport

__all__ = ["TaskPairTransformer"]


class TaskPairTransformer(BaseDocumentTransformer):
    """Turn loaded documents into one ``Document`` per generated task pair.

    Each output document's ``page_content`` is the pair input; its metadata holds
    ``output``, ``task_type``, ``context``, ``pair_id`` and the source document's metadata
    (plus ``chunk_index``, ``start_index``, ``end_index``).

    Args:
        generator: The generator to use; if omitted one is built from ``generator_kwargs``.
        **generator_kwargs: Arguments for :class:`TaskGenerator` (``llm``, ``task_type`` ...).

    Example:
        >>> from langchain_core.documents import Document
        >>> from langchain_core.language_models import FakeListLLM
        >>> llm = FakeListLLM(responses=["{{context}}\\nIs it sunny?\\n<|pipe|>\\nYes"])
        >>> transformer = TaskPairTransformer(llm=llm, task_type="ynqa", format="bonito")
        >>> source = Document("It is sunny.", metadata={"source": "w"})
        >>> docs = transformer.transform_documents([source])
        >>> docs[0].metadata["output"], docs[0].metadata["source"]
        ('Yes', 'w')
    """

    def __init__(self, generator: TaskGenerator | None = None, **generator_kwargs: Any) -> None:
        if generator is not None and generator_kwargs:
            raise ValueError("pass either a generator or generator keyword arguments, not both")
        self.generator = generator or TaskGenerator(**generator_kwargs)

    @property
    def last_report(self) -> GenerationReport | None:
        """The report of the most recent transform."""
        return self.generator.last_report

    def transform_documents(
        self, documents: Sequence[Document], **kwargs: Any
    ) -> Sequence[Document]:
        """Generate task pairs from ``documents`` and return them as documents."""
        pairs = self.generator.invoke(list(documents), config=kwargs.get("config"))
        return [pair.to_document() for pair in pairs]

    async def atransform_documents(
        self, documents: Sequence[Document], **kwargs: Any
    ) -> Sequence[Document]:
        """Async twin of :meth:`transform_documents` (uses the engine's async path)."""
        pairs = await self.generator.ainvoke(list(documents), config=kwargs.get("config"))
        return [pair.to_document() for pair in pairs]
