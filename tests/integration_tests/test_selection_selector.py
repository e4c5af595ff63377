"""The selector on real MiniLM embeddings where meaning matters: reworded questions,
few-shot prompts, the CLI's default model. Mechanics (filters, de-duplication, MMR,
fusion, persistence) are tested on fake embeddings in tests/unit_tests/test_selection_*.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import FakeListChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import (
    ChatPromptTemplate,
    FewShotChatMessagePromptTemplate,
    FewShotPromptTemplate,
    PromptTemplate,
)

from langchain_taskgen import TaskPair, TaskPairExampleSelector

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
    # A filter no stored pair matches said nothing at all; now stderr says why.
    result = runner.invoke(main, ["select", str(tmp_path / "index"), "warranty", "-t", "nli"])
    assert result.exit_code == 0 and result.stdout == ""
    assert "no example selected with task types nli" in result.stderr
    assert f"holds {len(PAIRS)} pairs: " in result.stderr
    (tmp_path / "index" / "records.jsonl").write_text("tampered\n")
    result = runner.invoke(main, ["select", str(tmp_path / "index"), "warranty"])
    assert result.exit_code == 1 and "checksum" in result.output


def test_cli_select_prints_an_api_saved_index_without_output(tmp_path: Path) -> None:
    # Issue 21 (low): `taskgen select INDEX` died with KeyError: 'output' on an index
    # saved from the API with examples of other keys.
    from click.testing import CliRunner

    from langchain_taskgen.cli import main

    examples = [
        {"question": "Who picks the steward?", "answer": "The board"},
        {"question": "Is there a warranty?", "answer": "No"},
    ]
    TaskPairExampleSelector(examples, embed_keys=["question"], query_keys=["question"], k=1).save(
        tmp_path / "index"
    )
    result = CliRunner().invoke(main, ["select", str(tmp_path / "index"), "steward"])
    assert result.exit_code == 0, result.output
    assert "question: Who picks the steward?" in result.output
    assert "answer: The board" in result.output


def test_cli_select_save_index_on_a_full_disk(tmp_path: Path) -> None:
    # Issue 21 (low): --save-index on a full disk gave a traceback and left
    # .vectors.f32.tmp. A file size limit fails the write as a full disk does.
    import os
    import subprocess
    import sys

    from langchain_taskgen.export import write_jsonl

    write_jsonl(PAIRS, tmp_path / "pairs.jsonl")
    code = (
        "import resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"
        "from langchain_taskgen.cli import main\n"
        "main(sys.argv[1:])\n"
    )
    args = ["select", str(tmp_path / "pairs.jsonl"), "steward", "--save-index"]
    out = subprocess.run(
        [sys.executable, "-c", code, *args, str(tmp_path / "index")],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 1, out.stderr
    assert "Traceback" not in out.stderr
    assert f"cannot save the index to {tmp_path / 'index'}" in out.stderr
    assert not list((tmp_path / "index").iterdir())
