"""Sample what the embedded model writes for paraphrases and summaries, with the checks' verdicts.

Generates, with real vLLM on the embedded SmolLM2-135M, the paraphrases and summaries the
structured format asks for on some pages, and writes one JSON line per output: the source,
what the model wrote, and the verdict of the checks in construct/text_checks.py. Read the
lines and judge them by hand to see whether the kept ones are good.

    python benchmarks/rewrite_sample.py OUT.jsonl PAGE.html [PAGE.html ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    """Generate, check and write the sample."""
    from langchain_taskgen.construct.text_checks import check_paraphrase, check_summary
    from langchain_taskgen.engines import SamplingConfig
    from langchain_taskgen.engines.default import default_engine
    from langchain_taskgen.errors import TaskParseError
    from langchain_taskgen.formats.structured import StructuredFormat
    from langchain_taskgen.generation.chunking import DocumentChunker
    from langchain_taskgen.loading.files import load_paths

    out, pages = Path(sys.argv[1]), sys.argv[2:]
    docs = load_paths(pages).documents
    chunks, _ = DocumentChunker(1500, 100).split(docs)
    passages = [c.text for c in chunks]
    fmt = StructuredFormat()
    corpus = fmt.read(passages)
    drafts = []
    for i in range(len(passages)):
        drafts += fmt.plan(corpus, i, "paraphrase", n=2, seed=0)
        drafts += fmt.plan(corpus, i, "summarization", n=1, seed=0)
    prompts = [fmt.prompt_for(d) for d in drafts]
    engine = default_engine()
    results = engine.generate(
        prompts, SamplingConfig(max_tokens=96, temperature=0.5, top_p=0.95, n=2, stop=("\n",))
    )
    with out.open("w", encoding="utf-8") as f:
        for draft, result in zip(drafts, results, strict=True):
            for completion in result.completions:
                check = check_paraphrase if draft.ask == "paraphrase" else check_summary
                try:
                    check(draft.source, completion.text)
                    verdict = "kept"
                except TaskParseError as error:
                    verdict = error.reason
                row = {
                    "ask": draft.ask,
                    "source": draft.source,
                    "written": completion.text,
                    "finish": completion.finish_reason,
                    "verdict": verdict,
                }
                f.write(json.dumps(row) + "\n")
    print(f"{len(drafts)} drafts, written to {out}")


if __name__ == "__main__":
    main()
