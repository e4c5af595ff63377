"""The selector on real MiniLM embeddings and real faiss."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from langchain_core.embeddings import DeterministicFakeEmbedding
from langchain_core.language_models import FakeListChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import (
    ChatPromptTemplate,
    FewShotChatMessagePromptTemplate,
    FewShotPromptTemplate,
    PromptTemplate,
)
from langchain_core.vectorstores import InMemoryVectorStore

from langchain_taskgen import TaskPair, TaskPairExampleSelector
from langchain_taskgen.selector import SelectorLoadError
from tests.integration_tests.index_tools import reseal

# A small real corpus: questions over Apache-2.0 / MIT / a governance text.
PAIRS = [
    TaskPair(
        "Must redistributions include a copy of the licence?",
        "Yes",
        "ynqa",
        metadata={"source": "apache.txt"},
    ),
    TaskPair(
        "What file with attribution notices must be kept when redistributing?",
        "The NOTICE file",
        "exqa",
        metadata={"source": "apache.txt"},
    ),
    TaskPair(
        "Do modified files need to carry notices saying they were changed?",
        "Yes",
        "ynqa",
        metadata={"source": "apache.txt"},
    ),
    TaskPair(
        "Does the licence grant a patent licence from contributors?",
        "Yes",
        "ynqa",
        metadata={"source": "apache.txt"},
    ),
    TaskPair(
        "Is the software provided with any warranty?", "No", "ynqa", metadata={"source": "mit.txt"}
    ),
    TaskPair(
        "What must be included in all copies or substantial portions of the software?",
        "The copyright notice and this permission notice",
        "exqa",
        metadata={"source": "mit.txt"},
    ),
    TaskPair(
        "Who appoints the steward of the project?",
        "The board",
        "qa",
        metadata={"source": "governance.txt"},
    ),
    TaskPair(
        "How often does the committee meet?",
        "Every month",
        "qa",
        metadata={"source": "governance.txt"},
    ),
    TaskPair(
        "Summarize the voting rules.",
        "Decisions need a two-thirds majority.",
        "summarization",
        metadata={"source": "governance.txt"},
    ),
    TaskPair(
        "Can a committer veto a release?", "No", "ynqa", metadata={"source": "governance.txt"}
    ),
]

PARAPHRASES = [
    (
        "Is there any guarantee that the software works?",
        "Is the software provided with any warranty?",
    ),
    (
        "When you pass the code on, which attribution file has to stay?",
        "What file with attribution notices must be kept when redistributing?",
    ),
    ("Who picks the project's steward?", "Who appoints the steward of the project?"),
    ("How frequently does the committee get together?", "How often does the committee meet?"),
]


@pytest.fixture(scope="module")
def selector(embeddings: Any) -> TaskPairExampleSelector:
    return TaskPairExampleSelector.from_pairs(PAIRS, k=3, embeddings=embeddings)


@pytest.mark.parametrize("search", ["dense", "hybrid", "lexical"])
def test_paraphrased_queries_find_the_relevant_pair_first(embeddings: Any, search: str) -> None:
    sel = TaskPairExampleSelector.from_pairs(PAIRS, k=3, embeddings=embeddings, search=search)
    hits = 0
    for query, expected in PARAPHRASES:
        chosen = sel.select_examples({"input": query})
        hits += chosen[0]["input"] == expected
        assert len({c["input"] for c in chosen}) == len(chosen)
    assert hits >= (2 if search == "lexical" else 4)


def test_examples_have_the_template_keys(selector: TaskPairExampleSelector) -> None:
    example = selector.select_examples({"input": "warranty?"})[0]
    assert set(example) == {"input", "output", "task_type"}


def test_few_shot_prompt_template_sync_and_async(selector: TaskPairExampleSelector) -> None:
    prompt = FewShotPromptTemplate(
        example_selector=selector,
        example_prompt=PromptTemplate.from_template("Q: {input}\nA: {output}"),
        prefix="Answer like the examples.",
        suffix="Q: {input}\nA:",
        input_variables=["input"],
    )
    text = prompt.format(input="Is there a warranty for the software?")
    assert "Q: Is the software provided with any warranty?\nA: No" in text
    assert text.count("Q: ") == 4
    import asyncio

    assert asyncio.run(prompt.aformat(input="Is there a warranty for the software?")) == text


def test_few_shot_chat_template_in_an_lcel_rag_chain(selector: TaskPairExampleSelector) -> None:
    few_shot = FewShotChatMessagePromptTemplate(
        example_selector=selector,
        example_prompt=ChatPromptTemplate.from_messages([("human", "{input}"), ("ai", "{output}")]),
        input_variables=["input"],
    )
    prompt = ChatPromptTemplate.from_messages(
        [("system", "Context: {context}"), few_shot, ("human", "{input}")]
    )
    messages = prompt.invoke({"input": "Who picks the steward?", "context": "ctx"}).to_messages()
    assert messages[1].content == "Who appoints the steward of the project?"
    assert messages[2].content == "The board"
    chain = prompt | FakeListChatModel(responses=["The board"]) | StrOutputParser()
    assert chain.invoke({"input": "Who picks the steward?", "context": "ctx"}) == "The board"
    import asyncio

    out = asyncio.run(prompt.ainvoke({"input": "Who picks the steward?", "context": "c"}))
    assert out.to_messages()[1].content == messages[1].content


@pytest.mark.parametrize("mmr", [False, True])
@pytest.mark.parametrize("search", ["dense", "hybrid"])
def test_filters_work_in_plain_and_mmr_modes(embeddings: Any, mmr: bool, search: str) -> None:
    sel = TaskPairExampleSelector.from_pairs(
        PAIRS, k=3, embeddings=embeddings, mmr=mmr, search=search, task_types=["ynqa"]
    )
    chosen = sel.select_examples({"input": "What file must be kept when redistributing?"})
    assert len(chosen) == 3 and all(c["task_type"] == "ynqa" for c in chosen)
    sel = TaskPairExampleSelector.from_pairs(
        PAIRS,
        k=4,
        embeddings=embeddings,
        mmr=mmr,
        search=search,
        metadata_filter={"source": "governance.txt"},
    )
    chosen = sel.select_examples({"input": "Is there a warranty?"})
    sources = {p.input: p.metadata["source"] for p in PAIRS}
    assert len(chosen) == 4 and {sources[c["input"]] for c in chosen} == {"governance.txt"}
    chosen = sel.search_with_scores("warranty", metadata_filter=lambda m: m["source"] == "mit.txt")
    assert {sources[c["input"]] for c, _ in chosen} == {"mit.txt"}


def test_no_duplicates_and_threshold(embeddings: Any) -> None:
    sel = TaskPairExampleSelector.from_pairs(PAIRS + PAIRS[:3], k=20, embeddings=embeddings)
    assert len(sel) == len(PAIRS)
    assert sel.add_example(PAIRS[0].to_example()) == PAIRS[0].id
    assert len(sel) == len(PAIRS)
    chosen = sel.select_examples({"input": "warranty"})
    assert len(chosen) == len({c["input"] for c in chosen})
    strict = TaskPairExampleSelector.from_pairs(
        PAIRS, k=5, embeddings=embeddings, min_similarity=0.5, search="dense"
    )
    scored = strict.search_with_scores("Is there any guarantee that the software works?")
    assert scored and all(score >= 0.5 for _, score in scored)
    assert len(scored) < 5


def test_mmr_diversifies(embeddings: Any) -> None:
    near_dupes = [
        TaskPair(
            f"Must copies of the software include the licence text, variant {i}?", "Yes", "ynqa"
        )
        for i in range(5)
    ] + PAIRS
    plain = TaskPairExampleSelector.from_pairs(
        near_dupes, k=3, embeddings=embeddings, search="dense"
    )
    mmr = TaskPairExampleSelector.from_pairs(
        near_dupes, k=3, embeddings=embeddings, search="dense", mmr=True, lambda_mult=0.3
    )
    query = {"input": "Must copies include the licence text?"}
    assert sum("variant" in e["input"] for e in plain.select_examples(query)) == 3
    assert sum("variant" in e["input"] for e in mmr.select_examples(query)) < 3


def test_save_load_round_trip(tmp_path: Path, embeddings: Any) -> None:
    sel = TaskPairExampleSelector.from_pairs(PAIRS, k=3, embeddings=embeddings, mmr=True)
    sel.save(tmp_path / "idx")
    assert sorted(p.name for p in (tmp_path / "idx").iterdir()) == [
        "config.json",
        "records.jsonl",
        "vectors.f32",
    ]
    loaded = TaskPairExampleSelector.load(tmp_path / "idx", embeddings=embeddings)
    assert loaded.mmr and loaded.k == 3 and len(loaded) == len(PAIRS)
    for query, _ in PARAPHRASES:
        assert loaded.select_examples({"input": query}) == sel.select_examples({"input": query})
    assert TaskPairExampleSelector.load(tmp_path / "idx", embeddings=embeddings, k=1).k == 1


def test_corrupt_partial_and_mismatched_saves(tmp_path: Path, embeddings: Any) -> None:
    sel = TaskPairExampleSelector.from_pairs(PAIRS, embeddings=embeddings)
    good = sel.save(tmp_path / "good")

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(good, target)
        return target

    with pytest.raises(SelectorLoadError, match="config.json missing"):
        TaskPairExampleSelector.load(tmp_path / "nothing", embeddings=embeddings)
    partial = copy("partial")
    (partial / "vectors.f32").unlink()
    with pytest.raises(SelectorLoadError, match="vectors.f32 is missing"):
        TaskPairExampleSelector.load(partial, embeddings=embeddings)
    tampered = copy("tampered")
    with (tampered / "records.jsonl").open("a") as handle:
        handle.write('{"id": "x"}\n')
    with pytest.raises(SelectorLoadError, match="checksum"):
        TaskPairExampleSelector.load(tampered, embeddings=embeddings)
    broken = copy("broken")
    (broken / "config.json").write_text("{not json")
    with pytest.raises(SelectorLoadError, match="corrupt"):
        TaskPairExampleSelector.load(broken, embeddings=embeddings)
    other = DeterministicFakeEmbedding(size=384)
    with pytest.raises(SelectorLoadError, match="built with"):
        TaskPairExampleSelector.load(good, embeddings=other)
    config = json.loads((good / "config.json").read_text())
    config["embedding_model"] = "DeterministicFakeEmbedding"
    wrong_dim = copy("dim")
    (wrong_dim / "config.json").write_text(json.dumps(config))
    reseal(wrong_dim)
    with pytest.raises(SelectorLoadError, match="dimensions"):
        TaskPairExampleSelector.load(wrong_dim, embeddings=DeterministicFakeEmbedding(size=8))


def test_vectorstore_backend_keeps_select_and_filter_behaviour(embeddings: Any) -> None:
    store = InMemoryVectorStore(embedding=embeddings)
    sel = TaskPairExampleSelector.from_pairs(
        PAIRS + PAIRS[:2], k=3, embeddings=embeddings, vectorstore=store, task_types=["ynqa"]
    )
    chosen = sel.select_examples({"input": "Is there any guarantee that the software works?"})
    assert chosen[0]["input"] == "Is the software provided with any warranty?"
    assert all(c["task_type"] == "ynqa" for c in chosen)
    assert len({c["input"] for c in chosen}) == 3
    sel.mmr = True
    assert all(c["task_type"] == "ynqa" for c in sel.select_examples({"input": "licence"}))
    with pytest.raises(ValueError, match="dense"):
        TaskPairExampleSelector(embeddings=embeddings, vectorstore=store, search="hybrid")
    with pytest.raises(ValueError, match="persisted by its store"):
        sel.save("/tmp/never")


def test_hnsw_index_option(embeddings: Any, tmp_path: Path) -> None:
    sel = TaskPairExampleSelector.from_pairs(
        PAIRS, k=2, embeddings=embeddings, index="hnsw", task_types=["qa"]
    )
    chosen = sel.select_examples({"input": "Who picks the project's steward?"})
    assert chosen[0]["output"] == "The board"
    sel.save(tmp_path / "h")
    assert TaskPairExampleSelector.load(tmp_path / "h", embeddings=embeddings).index_kind == "hnsw"


def test_concurrent_add_and_select(embeddings: Any) -> None:
    sel = TaskPairExampleSelector.from_pairs(PAIRS, k=2, embeddings=embeddings)
    errors: list[BaseException] = []

    def adder(worker: int) -> None:
        try:
            for i in range(10):
                sel.add_example(
                    {
                        "input": f"Question {worker}-{i} about clause {i}?",
                        "output": "Yes",
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
    assert len(sel.select_examples({"input": "Question 5-9 about clause 9?"})) == 2


def test_async_add_and_select(embeddings: Any) -> None:
    import asyncio

    sel = TaskPairExampleSelector(embeddings=embeddings, k=1)

    async def run() -> list[dict[str, Any]]:
        await sel.aadd_example(
            {"input": "Who owns the trademark?", "output": "The foundation", "task_type": "qa"}
        )
        return await sel.aselect_examples({"input": "trademark owner"})

    assert asyncio.run(run())[0]["output"] == "The foundation"


def test_bad_arguments(embeddings: Any) -> None:
    with pytest.raises(ValueError, match="search"):
        TaskPairExampleSelector(embeddings=embeddings, search="fuzzy")  # type: ignore[arg-type]
    with pytest.raises(KeyError, match="embedded key"):
        TaskPairExampleSelector(embeddings=embeddings).add_example({"question": "x"})
    with pytest.raises(ValueError, match="unknown task type"):
        TaskPairExampleSelector(embeddings=embeddings, task_types=["bogus"])
    assert TaskPairExampleSelector(embeddings=embeddings).select_examples({"input": "x"}) == []


def test_cli_select_builds_saves_and_loads_an_index(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from langchain_taskgen.cli import main
    from langchain_taskgen.export import write_jsonl

    pairs_file = tmp_path / "pairs.jsonl"
    write_jsonl(PAIRS, pairs_file)
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "select",
            str(pairs_file),
            "Who picks the steward?",
            "-k",
            "2",
            "--save-index",
            str(tmp_path / "index"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "#1 [qa]" in result.output and "The board" in result.output
    # --min-quality skips low-scored pairs; unscored ones stay selectable.
    scored = [
        p.with_metadata(quality=0.1) if p.output.startswith("The board") else p for p in PAIRS
    ]
    write_jsonl(scored, tmp_path / "scored.jsonl")
    result = runner.invoke(
        main,
        [
            "select",
            str(tmp_path / "scored.jsonl"),
            "Who picks the steward?",
            "--min-quality",
            "0.5",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "The board" not in result.output and "#1 [" in result.output
    result = runner.invoke(
        main, ["select", str(tmp_path / "index"), "warranty", "-t", "ynqa", "--json"]
    )
    assert result.exit_code == 0, result.output
    chosen = json.loads(result.stdout)
    assert chosen[0]["output"] == "No" and all(c["task_type"] == "ynqa" for c in chosen)
    (tmp_path / "index" / "records.jsonl").write_text("tampered\n")
    result = runner.invoke(main, ["select", str(tmp_path / "index"), "warranty"])
    assert result.exit_code == 1 and "checksum" in result.output


# Hybrid gate: BM25 counts only when one document clearly wins on the query's terms.
GATE_TEXTS = [
    "Run tasksel after installation to add a desktop environment or a web server.",
    "The conffile prompt appears when an upgrade ships a configuration file you edited.",
    "Packages are fetched from the mirrors listed in the sources file of the system.",
    "A kernel that is no longer booted can be removed to free space in the boot partition.",
]


def _gate_selectors(embeddings: Any, texts: list[str]) -> tuple[Any, Any]:
    examples = [{"input": t, "output": "-", "task_type": "summarization"} for t in texts]
    vectors = embeddings.encode(texts)
    dense = TaskPairExampleSelector(embeddings=embeddings, k=len(texts), search="dense")
    hybrid = TaskPairExampleSelector(embeddings=embeddings, k=len(texts))
    dense.add_examples(examples, vectors=vectors)
    hybrid.add_examples(examples, vectors=vectors)
    return dense, hybrid


def test_hybrid_gate_lifts_a_clear_keyword_winner(embeddings: Any) -> None:
    dense, hybrid = _gate_selectors(embeddings, GATE_TEXTS)
    query = "conffile upgrade prompt"
    dense_scores = {e["input"]: s for e, s in dense.search_with_scores(query)}
    ranked = hybrid.search_with_scores(query)
    top, score = ranked[0]
    assert top["input"] == GATE_TEXTS[1]
    # Every query term is in the winner (coverage 1), so its bonus is the full weight.
    assert score == pytest.approx(dense_scores[GATE_TEXTS[1]] + hybrid.lexical_weight, abs=1e-5)
    # Examples with no query term get no bonus.
    for example, value in ranked[1:]:
        assert value <= dense_scores[example["input"]] + hybrid.lexical_weight
    assert ranked[-1][1] == pytest.approx(dense_scores[ranked[-1][0]["input"]], abs=1e-5)


def test_hybrid_gate_keeps_the_dense_ranking_on_ties_and_rewordings(embeddings: Any) -> None:
    # Two documents hold the query's only term once at the same length: BM25 ties.
    texts = [
        *GATE_TEXTS,
        "Use tasksel again later to add or remove whole groups of related software.",
    ]
    dense, hybrid = _gate_selectors(embeddings, texts)
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


def test_int8_embeddings_backend(embeddings: Any, tmp_path: Path) -> None:
    from langchain_taskgen.embeddings import SentenceTransformerEmbeddings

    int8 = SentenceTransformerEmbeddings(precision="int8")
    assert int8.model_name.endswith("+int8")
    assert any("quantized" in type(m).__module__ for m in int8.model.modules())
    full, quantised = embeddings.encode(GATE_TEXTS), int8.encode(GATE_TEXTS)
    assert (full * quantised).sum(axis=1).min() > 0.8  # close to, not equal to, float32
    assert (full * quantised).sum(axis=1).max() < 0.99999
    selector = TaskPairExampleSelector.from_examples(
        [{"input": t, "output": "-", "task_type": "summarization"} for t in GATE_TEXTS],
        embeddings=int8,
        k=1,
    )
    picked = selector.select_examples({"input": "What prompt shows up for edited config files?"})
    assert picked[0]["input"] == GATE_TEXTS[1]
    selector.save(tmp_path / "index")
    with pytest.raises(SelectorLoadError, match="int8"):
        TaskPairExampleSelector.load(tmp_path / "index", embeddings=embeddings)
    with pytest.raises(ValueError, match="precision"):
        SentenceTransformerEmbeddings(precision="int4")  # type: ignore[arg-type]
