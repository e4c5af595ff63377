"""Split documents into chunks that keep their provenance."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.documents import Document
from langchain_text_splitters import RecursiveCharacterTextSplitter

# One default for the library and the CLI: ~350 tokens of prose, well inside the
# ~1024-token contexts Bonito was trained on, with room for few-shot prompts.
DEFAULT_CHUNK_SIZE = 1500
DEFAULT_CHUNK_OVERLAP = 150


@dataclass
class Chunk:
    """A passage cut from a source document.

    Attributes:
        text: The passage.
        metadata: The source document's metadata plus ``chunk_index``, ``start_index``
            and ``end_index`` (character span in the source document).
        source: Index of the source document in the list that was chunked.
    """

    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    source: int = 0


class DocumentChunker:
    """Cut documents into chunks with langchain-text-splitters, keeping provenance.

    Args:
        chunk_size: Longest chunk, measured by ``length_function`` (characters by default).
        chunk_overlap: Overlap between neighbouring chunks, same unit.
        length_function: How to measure text; pass a token counter for token-based
            chunks (see :func:`token_length_function`).

    Example:
        >>> from langchain_core.documents import Document
        >>> chunker = DocumentChunker(chunk_size=40, chunk_overlap=0)
        >>> chunks, skipped = chunker.split([Document("One sentence here. " * 4)])
        >>> [c.metadata["chunk_index"] for c in chunks]
        [0, 1]
    """

    def __init__(
        self,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        chunk_overlap: int = DEFAULT_CHUNK_OVERLAP,
        length_function: Callable[[str], int] = len,
    ) -> None:
        if chunk_size <= 0:
            raise ValueError(f"chunk_size must be positive, got {chunk_size}")
        if not 0 <= chunk_overlap < chunk_size:
            raise ValueError(
                f"chunk_overlap must be in [0, chunk_size), got {chunk_overlap} for {chunk_size}"
            )
        self.chunk_size = chunk_size
        self.chunk_overlap = chunk_overlap
        self._splitter = RecursiveCharacterTextSplitter(
            chunk_size=chunk_size,
            chunk_overlap=chunk_overlap,
            length_function=length_function,
            add_start_index=True,
        )

    def split(self, documents: Sequence[Document]) -> tuple[list[Chunk], Counter[str]]:
        """Chunk documents; returns the chunks and the skipped documents by reason."""
        chunks: list[Chunk] = []
        skipped: Counter[str] = Counter()
        for index, document in enumerate(documents):
            text = getattr(document, "page_content", None)
            if not isinstance(text, str):
                skipped["not_text"] += 1
                continue
            if not text.strip():
                skipped["empty_document"] += 1
                continue
            pieces = self._splitter.create_documents([text], [dict(document.metadata)])
            kept = 0
            for piece in pieces:
                if not piece.page_content.strip():
                    continue
                metadata = dict(piece.metadata)
                start = int(metadata.get("start_index", -1))
                metadata["chunk_index"] = kept
                metadata["end_index"] = start + len(piece.page_content) if start >= 0 else -1
                chunks.append(Chunk(piece.page_content, metadata, index))
                kept += 1
            if not kept:
                skipped["empty_document"] += 1
        return chunks, skipped


def token_length_function(tokenizer: Any) -> Callable[[str], int]:
    """A length function counting tokens with a Hugging Face-style tokenizer."""

    def length(text: str) -> int:
        return len(tokenizer.encode(text, add_special_tokens=False))

    return length
