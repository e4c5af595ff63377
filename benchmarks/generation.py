"""Generation throughput: raw vLLM vs our pipeline vs one LangChain call per document.

For the same prompts (ynqa prompts over sample corpus chunks, Bonito format by default; with
``--format structured``, the summarization prompts the structured format plans, since it
builds ynqa without the model) and the same greedy sampling settings, measured side by side
in one run:

  (a) raw ``vllm.LLM.generate`` on all prompts at once,
  (b) ``TaskGenerator.invoke`` end to end (chunking, prompting, parsing, validation),
  (c) one ``BaseLLM.invoke`` per document through LangChain's interface.

The last line is ``pipeline/raw=<b/a> pipeline/per-doc=<b/c>`` (tokens/s ratios).
Run: ``.venv/bin/python benchmarks/generation.py [--docs 32]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import time
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.documents import Document
from langchain_core.language_models import BaseLLM
from langchain_core.outputs import Generation, LLMResult

from langchain_taskgen import TaskGenerator, VLLMEngine
from langchain_taskgen.engines.default import default_model_dir
from langchain_taskgen.engines.hardware import cpu_flags, cpu_model_name
from langchain_taskgen.formats import get_format
from langchain_taskgen.generation.chunking import DocumentChunker

CORPUS = Path(__file__).resolve().parents[1] / "samples" / "corpus"


class PerCallVLLM(BaseLLM):
    """The same vllm.LLM behind LangChain's BaseLLM interface (a thin wrapper)."""

    client: Any
    params: Any

    @property
    def _llm_type(self) -> str:
        return "vllm-per-call"

    def _generate(
        self,
        prompts: list[str],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> LLMResult:
        outputs = self.client.generate(prompts, self.params, use_tqdm=False)
        return LLMResult(
            generations=[
                [
                    Generation(text=o.text, generation_info={"tokens": len(o.token_ids)})
                    for o in out.outputs
                ]
                for out in outputs
            ]
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=64, help="documents (= prompts), >= 16")
    parser.add_argument("--repeats", type=int, default=3, help="alternating runs of (a), (b)")
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--format", default="bonito", choices=["bonito", "instruct", "structured"])
    parser.add_argument("--dtype", default="auto", help="auto: float32 on CPUs without bf16")
    parser.add_argument(
        "--prefix-caching",
        action="store_true",
        help="enable vLLM prefix caching (run once with and once without to compare); the "
        "cache is emptied before every timed run, so only sharing within a run counts",
    )
    parser.add_argument(
        "--compare-prefix-caching",
        action="store_true",
        help="with --prefix-caching: also time the pipeline on a second engine without it, "
        "alternating, so machine load hits both alike",
    )
    args = parser.parse_args()
    if args.compare_prefix_caching and not args.prefix_caching:
        parser.error("--compare-prefix-caching needs --prefix-caching")

    import vllm

    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    chunks, _ = DocumentChunker(chunk_size=700, chunk_overlap=0).split([Document(t) for t in texts])
    docs = [Document(c.text) for c in chunks[: args.docs]]
    if len(docs) < 16:
        raise SystemExit("need at least 16 documents")
    # Off unless asked, to compare; when on, the cache is reset before every timed run
    # (otherwise whichever runs second re-uses the first one's KV cache and the ratios
    # flatter it).
    engine = VLLMEngine(default_model_dir(), dtype=args.dtype, prefix_caching=args.prefix_caching)
    # The structured format writes ynqa in code (no prompt); summaries are model-written.
    task = "summarization" if args.format == "structured" else "ynqa"
    generator = TaskGenerator(
        llm=engine,
        task_type=task,
        format=args.format,
        temperature=0.0,
        max_tokens=args.max_tokens,
        chunk_size=100_000,
        chunk_overlap=0,
    )
    llm = engine.llm
    uncached = None
    if args.compare_prefix_caching:
        off = VLLMEngine(default_model_dir(), dtype=args.dtype, prefix_caching=False)
        uncached = generator.model_copy(update={"llm": off})
        uncached.invoke(docs[:2])  # start it and warm it up
    if args.format == "structured":
        # Exactly the prompts the pipeline sends (the format plans them from the passages).
        prompts = generator.plan(generator.chunker().split(docs)[0]).prompts
    else:
        fmt = get_format(args.format)
        prompts = [fmt.prompt(d.page_content, task) for d in docs]
    sampling = generator.sampling()
    params = vllm.SamplingParams(
        n=1,
        temperature=0.0,
        top_p=sampling.top_p,
        max_tokens=args.max_tokens,
        stop=list(sampling.stop),
    )
    llm.generate(prompts[:2], params, use_tqdm=False)  # warm-up

    def fresh_cache() -> None:
        if args.prefix_caching:
            llm.reset_prefix_cache()

    raw_s = pipe_s = off_s = float("inf")
    cached = 0
    for _ in range(args.repeats):  # alternate so drift in machine load hits both alike
        fresh_cache()
        start = time.perf_counter()
        raw = llm.generate(prompts, params, use_tqdm=False)
        raw_s = min(raw_s, time.perf_counter() - start)
        raw_tokens = sum(len(o.token_ids) for r in raw for o in r.outputs)

        fresh_cache()
        start = time.perf_counter()
        generator.invoke(docs)
        pipe_s = min(pipe_s, time.perf_counter() - start)
        if uncached is not None:
            start = time.perf_counter()
            uncached.invoke(docs)
            off_s = min(off_s, time.perf_counter() - start)
        report = generator.last_report
        assert report is not None
        pipe_tokens = report.completion_tokens

    # The prefix-cache hits of one pipeline call (engine-level, in the caller's order).
    fresh_cache()
    hits = engine.generate(prompts, dataclasses.replace(sampling, max_tokens=1))
    cached = sum(r.metadata.get("cached_prompt_tokens", 0) for r in hits)
    prompt_tokens = sum(r.completions[0].prompt_tokens or 0 for r in hits if r.completions)

    per_call = PerCallVLLM(client=llm, params=params)
    fresh_cache()
    start = time.perf_counter()
    per_tokens = 0
    for prompt in prompts:
        result = per_call.generate([prompt])
        per_tokens += sum(g.generation_info["tokens"] for g in result.generations[0])
    per_s = time.perf_counter() - start

    a, b, c = raw_tokens / raw_s, pipe_tokens / pipe_s, per_tokens / per_s
    flags = sorted(cpu_flags() & {"avx2", "avx512f", "avx512_bf16", "amx_bf16", "amx_tile"})
    print(f"cpu: {cpu_model_name()}  flags: {' '.join(flags)}  dtype: {engine.dtype}")
    print(
        f"prefix caching: {'on' if engine.prefix_caching else 'off'}  "
        f"cached prompt tokens in one call: {cached}/{prompt_tokens}"
    )
    print(
        f"prompts: {len(prompts)}  max_tokens: {args.max_tokens}  format: {args.format}  "
        f"(greedy, same stop, prefix caching {'on' if args.prefix_caching else 'off'}; "
        f"best of {args.repeats} for a and b)"
    )
    print(f"(a) raw vllm.LLM.generate : {raw_tokens:5d} tokens in {raw_s:6.2f} s = {a:7.1f} tok/s")
    print(
        f"(b) TaskGenerator pipeline: {pipe_tokens:5d} tokens in {pipe_s:6.2f} s = {b:7.1f} tok/s"
        f"  (accepted {report.accepted}/{report.completions})"
    )
    print(f"(c) one BaseLLM call/doc  : {per_tokens:5d} tokens in {per_s:6.2f} s = {c:7.1f} tok/s")
    if uncached is not None:
        print(
            f"(b') pipeline, prefix caching off: {off_s:6.2f} s; on/off speed-up "
            f"{off_s / pipe_s:.2f}x (alternating in this run)"
        )
    print(f"pipeline/raw={b / a:.2f} pipeline/per-doc={b / c:.2f}")


if __name__ == "__main__":
    main()
