"""Selector mechanics on fake embeddings: filters, de-duplication, k, MMR, fusion, backends.

Real semantics (paraphrases found by MiniLM, few-shot prompts) are tested on the real
model in tests/integration_tests/test_selection_selector.py.
"""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding
from langchain_core.vectorstores import InMemoryVectorStore

from langchain_taskgen import TaskPair, TaskPairExampleSelector
from langchain_taskgen.selection import SelectorSettings, example_id
from tests.unit_tests.fake_embeddings import HashingEmbeddings

PAIRS = [
    TaskPair("Must redistributions include a copy of the licence?", "Yes", "ynqa"),
    TaskPair("What file with attribution notices must be kept?", "The NOTICE file", "exqa"),
    TaskPair("Do modified files need to carry notices?", "Yes", "ynqa"),
    TaskPair("Does the licence grant a patent licence?", "Yes", "ynqa"),
    TaskPair("Is the software provided with any warranty?", "No", "ynqa"),
    TaskPair("What must be included in all copies?", "The copyright notice", "exqa"),
    TaskPair("Who appoints the steward of the project?", "The board", "qa"),
    TaskPair("How often does the committee meet?", "Every month", "qa"),
    TaskPair("Summarize the voting rules.", "A two-thirds majority.", "summarization"),
    TaskPair("Can a committer veto a release?", "No", "ynqa"),
]
SOURCES = ["apache"] * 4 + ["mit"] * 2 + ["governance"] * 4
PAIRS = [p.with_metadata(source=s) for p, s in zip(PAIRS, SOURCES, strict=True)]
SOURCE_OF = {p.input: p.metadata["source"] for p in PAIRS}


@pytest.fixture
def emb() -> HashingEmbeddings:
    return HashingEmbeddings(size=256)


def _inputs(chosen: list[dict[str, Any]]) -> list[str]:
    return [c["input"] for c in chosen]


def test_examples_have_the_template_keys_and_k_bounds_the_result(emb: HashingEmbeddings) -> None:
    sel = TaskPairExampleSelector.from_pairs(PAIRS, k=3, embeddings=emb)
    chosen = sel.select_examples({"input": "warranty?"})
    assert len(chosen) == 3 and set(chosen[0]) == {"input", "output", "task_type"}
    assert len(sel.search_with_scores("warranty?", k=5)) == 5
    assert len(sel.search_with_scores("warranty?", k=50)) == len(PAIRS)
    sel.k = 1
    assert len(sel.select_examples({"input": "warranty?"})) == 1
    with pytest.raises(ValueError, match="k must be in"):
        sel.k = 0
    assert sel.k == 1 and sel.settings.k == 1  # a rejected value leaves the settings as they were
    assert SelectorSettings(k=30, fetch_k=5).fetch_k == 30  # never fewer candidates than k


def test_the_exact_text_of_a_pair_is_found_first_in_every_mode(emb: HashingEmbeddings) -> None:
    for search in ("dense", "hybrid", "lexical"):
        sel = TaskPairExampleSelector.from_pairs(PAIRS, k=2, embeddings=emb, search=search)
        for pair in PAIRS:
            assert sel.select_examples({"input": pair.input})[0]["input"] == pair.input


@pytest.mark.parametrize("mmr", [False, True])
@pytest.mark.parametrize("search", ["dense", "hybrid"])
def test_filters_work_in_plain_and_mmr_modes(
    emb: HashingEmbeddings, mmr: bool, search: str
) -> None:
    sel = TaskPairExampleSelector.from_pairs(
        PAIRS, k=3, embeddings=emb, mmr=mmr, search=search, task_types=["ynqa"]
    )
    chosen = sel.select_examples({"input": "What file must be kept?"})
    assert len(chosen) == 3 and all(c["task_type"] == "ynqa" for c in chosen)
    sel = TaskPairExampleSelector.from_pairs(
        PAIRS, k=4, embeddings=emb, mmr=mmr, search=search, metadata_filter={"source": "governance"}
    )
    chosen = sel.select_examples({"input": "Is there a warranty?"})
    assert len(chosen) == 4 and {SOURCE_OF[i] for i in _inputs(chosen)} == {"governance"}
    hits = sel.search_with_scores("warranty", metadata_filter=lambda m: m["source"] == "mit")
    assert hits and {SOURCE_OF[c["input"]] for c, _ in hits} == {"mit"}
    hits = sel.search_with_scores("warranty", task_types=["exqa"], metadata_filter={"source": []})
    assert hits == []  # an empty "any of" list admits nothing
    # A list value means "any of"; task_type is in every example's metadata.
    hits = sel.search_with_scores("x", k=10, metadata_filter={"task_type": ["qa", "exqa"]})
    assert sorted(c["task_type"] for c, _ in hits) == ["exqa", "exqa", "qa", "qa"]


def test_filters_in_lexical_mode(emb: HashingEmbeddings) -> None:
    sel = TaskPairExampleSelector.from_pairs(
        PAIRS, k=5, embeddings=emb, search="lexical", task_types=["ynqa"]
    )
    # The exqa pair with "file" and "notices" would win unfiltered.
    chosen = sel.select_examples({"input": "which file notices"})
    assert _inputs(chosen) == ["Do modified files need to carry notices?"]
    sel.task_types = None
    assert _inputs(sel.select_examples({"input": "which file notices"}))[0] == PAIRS[1].input
    sel.task_types = ["ynqa"]
    assert sel.select_examples({"input": "zebra"}) == []  # no term matches: nothing, not noise


def test_no_duplicates_and_threshold(emb: HashingEmbeddings) -> None:
    sel = TaskPairExampleSelector.from_pairs(PAIRS + PAIRS[:3], k=20, embeddings=emb)
    assert len(sel) == len(PAIRS)
    assert sel.add_example(PAIRS[0].to_example()) == PAIRS[0].id
    ids = sel.add_examples([PAIRS[1].to_example(), {"input": "new", "output": "x"}] * 2)
    assert ids[0] == ids[2] == PAIRS[1].id and ids[1] == ids[3] and len(sel) == len(PAIRS) + 1
    chosen = sel.select_examples({"input": "warranty"})
    assert len(chosen) == len(set(_inputs(chosen)))
    strict = TaskPairExampleSelector.from_pairs(
        PAIRS, k=5, embeddings=emb, min_similarity=0.5, search="dense"
    )
    scored = strict.search_with_scores("Is the software provided with any warranty?")
    assert scored[0][1] == pytest.approx(1.0, abs=1e-5)
    assert all(score >= 0.5 for _, score in scored) and 0 < len(scored) < 5


def test_example_ids_are_pair_ids_for_pair_shaped_examples() -> None:
    assert example_id(PAIRS[0].to_example()) == PAIRS[0].id
    assert example_id({"q": "a", "n": 1}) == example_id({"n": 1, "q": "a"})  # key order ignored
    assert example_id({"q": "a"}) != example_id({"q": "b"})


def test_mmr_diversifies(emb: HashingEmbeddings) -> None:
    near_dupes = [
        TaskPair(f"Must copies of the software include the licence text, variant {i}?", "Y", "ynqa")
        for i in range(5)
    ] + PAIRS
    plain = TaskPairExampleSelector.from_pairs(near_dupes, k=3, embeddings=emb, search="dense")
    mmr = TaskPairExampleSelector.from_pairs(
        near_dupes, k=3, embeddings=emb, search="dense", mmr=True, lambda_mult=0.3
    )
    query = {"input": "Must copies include the licence text?"}
    assert sum("variant" in i for i in _inputs(plain.select_examples(query))) == 3
    diverse = _inputs(mmr.select_examples(query))
    assert len(diverse) == 3 and sum("variant" in i for i in diverse) < 3
    assert "variant" in diverse[0]  # the most relevant still comes first
    mmr.lambda_mult = 1.0  # relevance only: MMR keeps the plain ranking (up to ties)
    scores = [round(s, 5) for _, s in mmr.search_with_scores(query["input"])]
    assert scores == [round(s, 5) for _, s in plain.search_with_scores(query["input"])]


# Hybrid gate: BM25 counts only when one document clearly wins on the query's terms.
GATE_TEXTS = [
    "Run tasksel after installation to add a desktop environment or a web server.",
    "The conffile prompt appears when an upgrade ships a configuration file you edited.",
    "Packages are fetched from the mirrors listed in the sources file of the system.",
    "A kernel that is no longer booted can be removed to free space in the boot partition.",
]


def _gate_selectors(texts: list[str]) -> tuple[Any, Any]:
    examples = [{"input": t, "output": "-", "task_type": "summarization"} for t in texts]
    emb = DeterministicFakeEmbedding(size=384)
    dense = TaskPairExampleSelector(examples, embeddings=emb, k=len(texts), search="dense")
    hybrid = TaskPairExampleSelector(examples, embeddings=emb, k=len(texts))
    return dense, hybrid


def test_hybrid_gate_lifts_a_clear_keyword_winner() -> None:
    dense, hybrid = _gate_selectors(GATE_TEXTS)
    query = "conffile upgrade prompt"
    dense_scores = {e["input"]: s for e, s in dense.search_with_scores(query)}
    ranked = hybrid.search_with_scores(query)
    top, score = ranked[0]
    assert top["input"] == GATE_TEXTS[1]
    # Every query term is in the winner (coverage 1), so its bonus is the full weight.
    assert score == pytest.approx(dense_scores[GATE_TEXTS[1]] + hybrid.lexical_weight, abs=1e-5)
    # Examples with no query term get no bonus.
    for example, value in ranked[1:]:
        assert value == pytest.approx(dense_scores[example["input"]], abs=1e-5)
    hybrid.lexical_weight = 0.0  # no weight: the dense ranking
    assert [e["input"] for e, _ in hybrid.search_with_scores(query)] == list(dense_scores)


def test_hybrid_gate_keeps_the_dense_ranking_on_ties_and_rewordings() -> None:
    # Two documents hold the query's only term once at the same length: BM25 ties.
    texts = [
        *GATE_TEXTS,
        "Use tasksel again later to add or remove whole groups of related software.",
    ]
    dense, hybrid = _gate_selectors(texts)
    for query in (
        "tasksel",  # a BM25 tie between texts 0 and 4
        "How do I get rid of an old operating system core I do not use?",  # reworded
    ):
        assert [(e["input"], round(s, 5)) for e, s in hybrid.search_with_scores(query)] == [
            (e["input"], round(s, 5)) for e, s in dense.search_with_scores(query)
        ]
    # With the gate opened (no margin), the tie does change the scores.
    hybrid.lexical_margin = 0.0
    opened = {e["input"]: s for e, s in hybrid.search_with_scores("tasksel")}
    closed = {e["input"]: s for e, s in dense.search_with_scores("tasksel")}
    assert opened[texts[0]] > closed[texts[0]] + 0.1


def test_hybrid_brings_in_a_keyword_match_that_dense_search_did_not_fetch() -> None:
    # One rare word per document; dense search (random fake vectors) fetches only two
    # candidates, so the keyword's document comes from BM25 alone and its cosine is
    # read back from the index for fusion.
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"]
    examples = [{"input": f"{w} clause", "output": "-", "task_type": "qa"} for w in words]
    emb = DeterministicFakeEmbedding(size=64)
    dense = TaskPairExampleSelector(examples, embeddings=emb, search="dense", k=2, fetch_k=2)
    hybrid = TaskPairExampleSelector(examples, embeddings=emb, k=2, fetch_k=2)
    query = next(
        w for w in words if f"{w} clause" not in _inputs(dense.select_examples({"input": w}))
    )
    everything = {e["input"]: s for e, s in dense.search_with_scores(query, k=len(words))}
    top, score = hybrid.search_with_scores(query)[0]
    assert top["input"] == f"{query} clause"
    assert score == pytest.approx(everything[top["input"]] + 1.0, abs=1e-5)


def test_precomputed_vectors_and_query_vectors_skip_the_model(emb: HashingEmbeddings) -> None:
    examples = [p.to_example() for p in PAIRS]
    vectors = np.asarray(emb.embed_documents([e["input"] for e in examples])) * 3.0
    emb.calls.clear()
    sel = TaskPairExampleSelector(embeddings=emb, search="dense", k=1)
    sel.add_examples(examples, vectors=vectors)  # rows are normalised on the way in
    query = np.asarray(emb._embed(PAIRS[6].input))
    (example, score), *_ = sel.search_with_scores("ignored", query_vector=query)
    assert emb.calls == [] and example["input"] == PAIRS[6].input
    assert score == pytest.approx(1.0, abs=1e-5)
    with pytest.raises(ValueError, match="one row per example"):
        sel.add_examples(examples, vectors=vectors[:2])
    with pytest.raises(ValueError, match="dimension"):
        sel.add_examples([{"input": "other"}], vectors=np.ones((1, 3)))


def test_query_vector_cache_is_bounded_and_transparent(emb: HashingEmbeddings) -> None:
    sel = TaskPairExampleSelector.from_pairs(PAIRS, k=2, embeddings=emb, query_cache_size=2)
    first = sel.search_with_scores("steward")
    emb.calls.clear()
    for query in ("a", "b", "steward", "steward"):
        sel.search_with_scores(query)
    assert sel.search_with_scores("steward") == first
    assert list(sel._query_cache) == ["b", "steward"]
    assert emb.calls == [["a"], ["b"], ["steward"]]  # "steward" was evicted once, then cached
    uncached = TaskPairExampleSelector.from_pairs(PAIRS, embeddings=emb, query_cache_size=0)
    uncached.search_with_scores("steward")
    assert len(uncached._query_cache) == 0


def test_min_quality_skips_low_scored_pairs_and_keeps_unscored(emb: HashingEmbeddings) -> None:
    pairs = [
        TaskPair("Who appoints the steward?", "The board", "qa", metadata={"quality": 0.9}),
        TaskPair("Is the software provided with a warranty?", "No", "ynqa"),
        TaskPair("How often does the committee meet?", "Monthly", "qa", metadata={"quality": 0.2}),
    ]
    sel = TaskPairExampleSelector.from_pairs(pairs, k=3, embeddings=emb, min_quality=0.5)
    chosen = [e["output"] for e in sel.select_examples({"input": "committee meeting"})]
    assert sorted(chosen) == ["No", "The board"]  # 0.2 dropped, unscored kept
    sel.min_quality = None
    assert len(sel.select_examples({"input": "committee meeting"})) == 3
    with pytest.raises(ValueError, match="min_quality must be in"):
        sel.min_quality = 2.0


def test_vectorstore_backend_keeps_select_and_filter_behaviour(emb: HashingEmbeddings) -> None:
    store = InMemoryVectorStore(embedding=emb)
    sel = TaskPairExampleSelector.from_pairs(
        PAIRS + PAIRS[:2], k=3, embeddings=emb, vectorstore=store, task_types=["ynqa"]
    )
    assert len(sel) == len(PAIRS) and len(store.store) == len(PAIRS)
    chosen = sel.select_examples({"input": "Is the software provided with any warranty?"})
    assert chosen[0]["input"] == "Is the software provided with any warranty?"
    assert all(c["task_type"] == "ynqa" for c in chosen)
    assert len(set(_inputs(chosen))) == 3
    sel.mmr = True
    assert all(c["task_type"] == "ynqa" for c in sel.select_examples({"input": "licence"}))
    sel.min_similarity = 0.99
    assert _inputs(sel.select_examples({"input": PAIRS[0].input})) == [PAIRS[0].input]
    with pytest.raises(ValueError, match="dense"):
        TaskPairExampleSelector(embeddings=emb, vectorstore=store, search="hybrid")
    with pytest.raises(ValueError, match="persisted by its store"):
        sel.save("/tmp/never")


def test_hnsw_index_option(emb: HashingEmbeddings, tmp_path: Path) -> None:
    sel = TaskPairExampleSelector.from_pairs(
        PAIRS, k=2, embeddings=emb, index="hnsw", task_types=["qa"]
    )
    assert sel.index_kind == "hnsw"
    chosen = sel.select_examples({"input": "Who appoints the steward of the project?"})
    assert chosen[0]["output"] == "The board" and all(c["task_type"] == "qa" for c in chosen)
    sel.save(tmp_path / "h")
    assert TaskPairExampleSelector.load(tmp_path / "h", embeddings=emb).index_kind == "hnsw"


def test_concurrent_add_and_select(emb: HashingEmbeddings) -> None:
    sel = TaskPairExampleSelector.from_pairs(PAIRS, k=2, embeddings=emb)
    errors: list[BaseException] = []

    def adder(worker: int) -> None:
        try:
            for i in range(10):
                sel.add_example(
                    {
                        "input": f"Question {worker}-{i} about clause {i}?",
                        "output": "Y",
                        "task_type": "ynqa",
                    }
                )
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    def selector_thread() -> None:
        try:
            for _ in range(10):
                assert len(sel.select_examples({"input": "clause question"})) == 2
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=adder, args=(w,)) for w in range(6)]
    threads += [threading.Thread(target=selector_thread) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(sel) == len(PAIRS) + 60
    picked = sel.select_examples({"input": "Question 5-9 about clause 9?"})
    assert picked[0]["input"] == "Question 5-9 about clause 9?"


def test_async_add_and_select(emb: HashingEmbeddings) -> None:
    sel = TaskPairExampleSelector(embeddings=emb, k=1)

    async def run() -> list[dict[str, Any]]:
        await sel.aadd_example(
            {"input": "Who owns the trademark?", "output": "The foundation", "task_type": "qa"}
        )
        return await sel.aselect_examples({"input": "trademark owner"})

    assert asyncio.run(run())[0]["output"] == "The foundation"


def test_query_keys_pick_the_prompt_variables(emb: HashingEmbeddings) -> None:
    sel = TaskPairExampleSelector.from_pairs(PAIRS, k=1, embeddings=emb)
    # Without "input", all variables form the query (sorted by name).
    assert (
        sel.select_examples({"a": "Who appoints the", "b": "steward?"})[0]["output"] == "The board"
    )
    sel.query_keys = ["question"]
    assert sel.select_examples({"question": "warranty", "input": "steward"})[0]["output"] == "No"
    with pytest.raises(KeyError, match="query keys"):
        sel.select_examples({"input": "steward"})


def test_bad_arguments(emb: HashingEmbeddings) -> None:
    with pytest.raises(ValueError, match="search"):
        TaskPairExampleSelector(embeddings=emb, search="fuzzy")
    with pytest.raises(TypeError, match="unknown selector option"):
        TaskPairExampleSelector(embeddings=emb, colour="red")
    with pytest.raises(KeyError, match="embedded key"):
        TaskPairExampleSelector(embeddings=emb).add_example({"question": "x"})
    with pytest.raises(ValueError, match="unknown task type"):
        TaskPairExampleSelector(embeddings=emb, task_types=["bogus"])
    with pytest.raises(ValueError, match="one entry per example"):
        TaskPairExampleSelector(embeddings=emb).add_examples([{"input": "x"}], metadatas=[])
    assert TaskPairExampleSelector(embeddings=emb).select_examples({"input": "x"}) == []


@pytest.mark.parametrize(
    ("old", "new", "names"),
    [
        (
            "langchain_taskgen.selector",
            "langchain_taskgen.selection",
            ["TaskPairExampleSelector", "SelectorLoadError", "SelectorSettings", "example_id"],
        ),
    ],
)
def test_old_module_paths_warn_and_still_work(old: str, new: str, names: list[str]) -> None:
    import importlib
    import sys

    sys.modules.pop(old, None)
    with pytest.warns(DeprecationWarning, match=new):
        module = importlib.import_module(old)
    current = importlib.import_module(new)
    for name in names:
        assert getattr(module, name) is getattr(current, name)
