from __future__ import annotations

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


@pytest.fixture(scope="session")
def embeddings():  # type: ignore[no-untyped-def]
    from langchain_taskgen.embeddings import SentenceTransformerEmbeddings

    return SentenceTransformerEmbeddings()


@pytest.fixture(scope="session", autouse=True)
def _close_engines():  # type: ignore[no-untyped-def]
    yield
    from langchain_taskgen.engines.default import close_default_engine

    close_default_engine()
