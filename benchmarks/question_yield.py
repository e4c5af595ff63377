"""How many span questions a manual yields, and what drops the rest.

Two parts, both on the tree on ``PYTHONPATH`` (run it once per checkout to compare two
versions on the same machine and load):

1. Pairs per chunk per question type: the structured format as the embedded default
   runs it (``weak_writer``, rewrites withheld), ``n`` drafts asked per chunk and type,
   calls of 32 chunks as ``taskgen generate`` makes them, judged by the generator's own
   checks. Code-built question types make no prompt, so no model is loaded.
2. Per construction (``--reasons``): how many candidates each one makes and what drops
   them (the answer not found as it stands, the question holding its answer or copying its
   sentence, an unnatural reading, an answer asked already), and the count of sentences
   that make no candidate at all.

Use TUNING texts only (see the shared brief), e.g.::

    PYTHONPATH=$PWD nice python benchmarks/question_yield.py \
        /usr/share/doc/debian-handbook/html/en-US --reasons

The last line is ``pairs_per_chunk=X`` (exqa+qa+qg+mcqa accepted pairs per chunk).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
from collections import Counter

from langchain_core.language_models import FakeListLLM

from langchain_taskgen.formats.structured import StructuredFormat
from langchain_taskgen.generation.chunking import DocumentChunker
from langchain_taskgen.generation.generator import TaskGenerator
from langchain_taskgen.loading.files import load_paths

TYPES = ("exqa", "qa", "qg", "mcqa")
CALL = 32  # chunks per engine call, as taskgen generate's batch_chunks


def machine() -> str:
    """The CPU model and the load, to print beside every figure."""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        model = next(
            (ln.split(":", 1)[1].strip() for ln in lscpu.splitlines() if "Model name" in ln), "?"
        )
    except (OSError, subprocess.CalledProcessError):
        model = "?"
    return f"cpu: {model}; load: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"


def pairs_per_type(chunks: list, types: tuple[str, ...], n: int) -> tuple[Counter, list]:
    """Accepted pairs per task type over all chunks, in calls of ``CALL`` chunks."""
    fmt = StructuredFormat(weak_writer=True, withhold_rewrites=True)
    gen = TaskGenerator(llm=FakeListLLM(responses=["unused"]), task_type=list(types), format=fmt)
    gen.n, gen.seed = n, 0
    counts: Counter = Counter()
    pairs: list = []
    for start in range(0, len(chunks), CALL):
        per_chunk, _ = gen.generate_chunks(chunks[start : start + CALL])
        for chunk_pairs in per_chunk:
            for pair in chunk_pairs:
                counts[pair.task_type] += 1
                pairs.append(pair)
    return counts, pairs


def drop_reasons(chunks: list) -> dict[str, Counter]:
    """Per construction, candidates made and what drops them (see the module docstring)."""
    from langchain_taskgen.construct import questions as q
    from langchain_taskgen.construct.candidates import definition_questions
    from langchain_taskgen.construct.clause_units import (
        adjunct_question,
        passage_clauses,
        subject_question,
    )
    from langchain_taskgen.construct.passage import Corpus, clean
    from langchain_taskgen.construct.question_filters import asks_freshly, reads_naturally

    try:  # the shapes of construct/shape_questions.py; absent in older versions
        from langchain_taskgen.construct.shape_questions import shape_questions
    except ImportError:

        def shape_questions(passage: str) -> list:
            return []

    out: dict[str, Counter] = {}
    silent = Counter()
    corpus = Corpus.build([c.text for c in chunks])
    for index, passage in enumerate(corpus.passages):
        flat = clean(passage)
        made: list[tuple[str, str, object, str]] = []
        for sentence, span, question in q.manual_questions(passage):
            made.append(("manual:" + question.split()[0], sentence, span, question))
        for sentence in corpus.sentences[index]:
            for s, span, question in q.term_questions(sentence, passage):
                made.append(("term", s, span, question))
        for sentence, span, question in shape_questions(passage):
            made.append(("shape:" + " ".join(question.split()[:2]), sentence, span, question))
        for sentence, span, question in definition_questions(passage):
            made.append(("definition", sentence, span, question))
        for clause, _ in passage_clauses(passage):
            for kind, ask in (("adjunct", adjunct_question), ("subject", subject_question)):
                asked = ask(clause, passage)
                if asked is not None:
                    span = q.Span(asked[0], clause.find(asked[0]), kind)
                    made.append((kind, clause, span, asked[1]))
        spans = [*corpus.spans[index], *q._clause_candidates(corpus, index)]
        spans += q._unit_candidates(corpus, index)
        for sentence, span in spans:
            question = q.wh_question(sentence, span, passage=passage)
            stats = out.setdefault("wh_fronted", Counter())
            stats["spans"] += 1
            if question is None:
                stats["no_clause_rule"] += 1
            else:
                made.append(("wh_fronted", sentence, span, question))
        asked_sentences = set()
        for name, sentence, span, question in made:
            stats = out.setdefault(name, Counter())
            stats["made"] += 1
            if span.text not in flat:
                stats["drop: answer_not_in_passage"] += 1
            elif not asks_freshly(question, sentence, span.text):
                stats["drop: holds_answer_or_copies"] += 1
            elif not reads_naturally(question, span):
                stats["drop: reads_unnaturally"] += 1
            else:
                stats["kept"] += 1
                asked_sentences.add(sentence)
        for sentence in corpus.sentences[index]:
            silent["sentences"] += 1
            silent["no_question"] += not any(
                sentence in s or s in sentence for s in asked_sentences
            )
    out["(sentences)"] = silent
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="files or directories (TUNING texts only)")
    parser.add_argument("-n", type=int, default=1, help="drafts asked per chunk and type")
    parser.add_argument("--reasons", action="store_true", help="print drop reasons too")
    parser.add_argument("--show", type=int, default=0, help="print this many pairs (seeded)")
    parser.add_argument("-t", "--types", default=",".join(TYPES))
    parser.add_argument("--dump", help="write the pairs here as JSON lines (type, input, output)")
    args = parser.parse_args()
    loaded = load_paths(args.paths)
    chunks, _ = DocumentChunker().split(loaded.documents)
    types = tuple(args.types.split(","))
    counts, pairs = pairs_per_type(chunks, types, args.n)
    print(f"{len(loaded.documents)} documents, {len(chunks)} chunks, n={args.n}")
    for name in types:
        print(f"  {name:6} {counts[name]:5d} pairs  {counts[name] / len(chunks):.3f}/chunk")
    if args.reasons:
        for name, stats in sorted(drop_reasons(chunks).items()):
            print(f"  [{name}] " + ", ".join(f"{k}={v}" for k, v in stats.most_common()))
    if args.dump:
        with open(args.dump, "w", encoding="utf-8") as out:
            for pair in pairs:
                row = {"type": pair.task_type, "input": pair.input, "output": pair.output}
                out.write(json.dumps(row) + "\n")
    for pair in random.Random(0).sample(pairs, min(args.show, len(pairs))):
        question = pair.input.strip().splitlines()[-1] if pair.task_type != "mcqa" else pair.input
        print(f"- [{pair.task_type}] {question[-160:]!r} -> {pair.output!r}")
    print(machine())
    total = sum(counts[t] for t in TYPES)
    print(f"pairs_per_chunk={total / len(chunks):.3f}")


if __name__ == "__main__":
    main()
