from __future__ import annotations

import os
from collections.abc import Iterator

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


@pytest.fixture(scope="module")
def cluster() -> Iterator[None]:
    """A real local Ray cluster of 2 CPUs for one test module (Ray imported only here)."""
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, logging_level="WARNING")
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield
    ray.shutdown()
