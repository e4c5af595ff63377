"""Documents -> task pairs -> JSONL fine-tuning files, on the embedded default model.

Run: .venv/bin/python cookbook/01_documents_to_jsonl.py
"""

from __future__ import annotations

from pathlib import Path

from langchain_taskgen import TaskGenerator, TaskPairTransformer
from langchain_taskgen.export import write_jsonl
from langchain_taskgen.loading import load_paths

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    docs = load_paths([ROOT / "samples" / "corpus" / "bsd-3-clause.txt"]).documents
    # llm=None: SmolLM2-135M-Instruct on vLLM (CPU here); "auto" picks the structured format.
    generator = TaskGenerator(task_type=["ynqa", "exqa", "summarization"], n=2, max_tokens=96)
    pairs = generator.invoke(docs)
    print(generator.last_report)

    out = ROOT / "out" / "cookbook"
    write_jsonl(pairs, out / "pairs.jsonl")
    print(
        "openai-chat records:",
        write_jsonl(pairs, out / "train.openai-chat.jsonl", to="openai-chat"),
    )
    for pair in pairs[:3]:
        print(f"[{pair.task_type}] {pair.input[-80:]!r} -> {pair.output!r}")

    # The same generator as a LangChain document transformer: one Document per pair.
    transformed = TaskPairTransformer(generator).transform_documents(docs[:1])
    print("transformer documents:", len(transformed))


if __name__ == "__main__":
    main()
