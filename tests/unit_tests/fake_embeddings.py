"""A tiny deterministic embedding where texts that share words get close vectors."""

from __future__ import annotations

import re
import zlib

from langchain_core.embeddings import Embeddings

_WORD = re.compile(r"\w+")


class HashingEmbeddings(Embeddings):
    """Bag of words hashed into ``size`` dimensions (CRC32 of each lowercased word).

    Unlike langchain_core's ``DeterministicFakeEmbedding`` (a random vector per text),
    near-duplicate texts get near vectors, so MMR and thresholds have something to
    work on; unlike a real model it has no idea of meaning, so it only fits tests of
    mechanics.
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.model_name = f"hashing-{size}"
        self.calls: list[list[str]] = []

    def _embed(self, text: str) -> list[float]:
        vector = [0.0] * self.size
        for word in _WORD.findall(text.lower()):
            vector[zlib.crc32(word.encode()) % self.size] += 1.0
        return vector

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls.append(list(texts))
        return [self._embed(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        self.calls.append([text])
        return self._embed(text)
