"""The Bonito model on a GPU with vLLM.

Needs a CUDA GPU, `pip install "langchain-taskgen[vllm,embeddings]"`, and the Bonito
weights (BatsResearch/bonito-v1, or BatsResearch/Llama-3.1-8B-bonito-v1) on disk or
reachable on the Hugging Face hub. On a machine without them, `--llm module:attr` runs the
same job on any LangChain model or engine (the tests use a fake one).

Run: python cookbook/03_bonito_gpu.py [--model MODEL] [--out DIR] [FILES_OR_DIRS...]
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from langchain_core.documents import Document

from langchain_taskgen import GenerationReport, TaskGenerator, VLLMEngine, export_pairs

TASK_TYPES = ["exqa", "ynqa", "mcqa", "nli", "summarization", "paraphrase"]
# Settings for one large GPU; VLLMEngine passes the last two to vllm.LLM.
ENGINE_SETTINGS: dict[str, Any] = {
    "dtype": "bfloat16",
    "max_model_len": 4096,
    "enforce_eager": False,
    "gpu_memory_utilization": 0.9,
}


def load_documents(paths: Sequence[str | Path]) -> list[Document]:
    """Plain-text files (directories: their .txt and .md files), one Document each."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in {".txt", ".md"})
        else:
            files.append(path)
    return [Document(f.read_text(encoding="utf-8"), metadata={"source": str(f)}) for f in files]


def build_generator(llm: Any) -> TaskGenerator:
    """The generator: Bonito's own prompt format, two samples per chunk and task type."""
    return TaskGenerator(
        llm=llm,
        task_type=TASK_TYPES,
        format="bonito",
        n=2,
        chunk_size=3000,  # Bonito saw contexts up to ~1024 tokens
        show_progress=True,
    )


def run(llm: Any, paths: Sequence[str | Path], out_dir: str | Path) -> GenerationReport:
    """Generate pairs from ``paths`` and write them, plus an OpenAI chat fine-tuning file."""
    generator = build_generator(llm)
    pairs = generator.invoke(load_documents(paths))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bonito-pairs.jsonl").write_text("".join(p.to_json() + "\n" for p in pairs))
    export_pairs(pairs, out, to="openai-chat")
    assert generator.last_report is not None
    return generator.last_report


def import_object(spec: str) -> Any:
    """``module:attr`` -> the object (called if it is a function)."""
    module, _, attr = spec.partition(":")
    obj = getattr(importlib.import_module(module), attr)
    return obj() if callable(obj) and not hasattr(obj, "invoke") else obj


def main(argv: Sequence[str] | None = None) -> GenerationReport:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["samples/corpus"])
    parser.add_argument("--model", default="BatsResearch/bonito-v1")
    parser.add_argument("--llm", help="module:attr of a LangChain model or engine instead")
    parser.add_argument("--out", default="out", help="output folder")
    args = parser.parse_args(argv)
    llm = import_object(args.llm) if args.llm else VLLMEngine(args.model, **ENGINE_SETTINGS)
    report = run(llm, args.paths, args.out)
    print(report)
    return report


if __name__ == "__main__":
    main()
