"""The Bonito model on a GPU with vLLM (not runnable on CPU-only machines).

Needs a CUDA GPU, `pip install "langchain-taskgen[vllm,embeddings]"`, and the Bonito
weights (BatsResearch/bonito-v1, or BatsResearch/Llama-3.1-8B-bonito-v1) on disk or
reachable on the Hugging Face hub.

Run: python cookbook/03_bonito_gpu.py MODEL [FILES...]
"""

from __future__ import annotations

import sys

from langchain_taskgen import TaskGenerator, VLLMEngine, write_jsonl
from langchain_taskgen.loading import load_paths


def main() -> None:
    model = sys.argv[1] if len(sys.argv) > 1 else "BatsResearch/bonito-v1"
    files = sys.argv[2:] or ["samples/corpus"]
    engine = VLLMEngine(
        model, dtype="bfloat16", max_model_len=4096, enforce_eager=False, gpu_memory_utilization=0.9
    )
    generator = TaskGenerator(
        llm=engine,
        task_type=["exqa", "ynqa", "mcqa", "nli", "summarization", "paraphrase"],
        format="bonito",
        n=2,
        chunk_size=3000,  # Bonito saw contexts up to ~1024 tokens
        show_progress=True,
    )
    pairs = generator.invoke(load_paths(files).documents)
    print(generator.last_report)
    write_jsonl(pairs, "out/bonito-pairs.jsonl")
    write_jsonl(pairs, "out/bonito-train.openai-chat.jsonl", to="openai-chat")


if __name__ == "__main__":
    main()
