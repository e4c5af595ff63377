"""Selection quality: does the selector find what a question is about?

Two query styles on a corpus this project never saw (the Debian FAQ, from the Debian
package ``debian-faq``: ``apt-get install debian-faq``), plus the original keyword proxy
on ``samples/``:

* **reworded**: hand-written questions that say what a FAQ section answers in other
  words (few shared terms) - how users actually ask;
* **keyword**: hand-written terse term queries ("dpkg-divert", "Pre-Depends meaning");
* **keyword_auto**: a random half of a FAQ sentence's content words, shuffled;
* **samples_keyword**: the earlier proxy on ``samples/corpus`` (legal text), for continuity.

The store holds one example per FAQ body paragraph (headings left out, so a question
cannot match its own heading). A hit is a selected paragraph from the target section
(or one of its subsections). We report hit@1 and MRR@4 per style for LangChain's
``SemanticSimilarityExampleSelector`` (InMemoryVectorStore), our dense mode and our
default (hybrid) mode, all with the same all-MiniLM-L6-v2 embeddings, and a two-sided
sign test of default vs dense on reciprocal rank (ties dropped).

``--sweep`` also prints hybrid results for several ``lexical_weight`` values (how the
default weight was picked). The last line is
``reworded_hit1_default=.. reworded_hit1_dense=.. all_hit1_default=.. all_hit1_dense=..``.
Run: ``.venv/bin/python benchmarks/selector_quality.py [--sweep]``.
"""

from __future__ import annotations

import argparse
import gzip
import math
import platform
import random
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from langchain_core.example_selectors import SemanticSimilarityExampleSelector
from langchain_core.vectorstores import InMemoryVectorStore

from langchain_taskgen import TaskPair, TaskPairExampleSelector
from langchain_taskgen.embeddings import SentenceTransformerEmbeddings
from langchain_taskgen.lexical import tokenize

FAQ = Path("/usr/share/doc/debian/FAQ/debian-faq.en.txt.gz")
SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "corpus"
HEADING = re.compile(r"^(\d+(?:\.\d+)*)\.\s")

# (target section, question). Written by hand from the section's content, avoiding its
# key terms where the language allows.
REWORDED = [
    ("1.7", "How do you say the distribution's name out loud, and where is it from?"),
    ("2.2", "Do already released versions still get fixes after they ship?"),
    ("3.1", "Which branch should a newcomer put on a home computer?"),
    ("3.1.3", "Aren't the programs in the conservative release really old?"),
    ("3.1.9", "What takes place once a new version of the OS comes out?"),
    ("4.1", "Which processors and kinds of machines can it run on?"),
    ("5.2", "Who authored all these programs?"),
    ("5.7", "Can I run programs written for the JVM?"),
    ("5.9", "Can the system be used in French, German or Japanese?"),
    ("6.2.2", "Why are the releases named after characters from a Pixar film?"),
    ("6.3", "What is the nickname of the branch that never gets released?"),
    ("7.3", "Why do archive filenames contain so many parts?"),
    ("7.5", "What happens to settings I edited by hand when the software is upgraded?"),
    ("7.6", "Which hooks run before and after software is unpacked or taken away?"),
    ("7.8", "What is a placeholder name that several real packages can provide?"),
    ("7.12", "How do I stop one particular program from being upgraded?"),
    ("7.14", "How do I compile a program from its original sources into an installable archive?"),
    ("8.2", "Can a daemon be replaced while it is executing?"),
    ("8.3", "How do I see which software is present on my machine?"),
    ("8.5", "Which package does a given file on my disk belong to?"),
    ("8.6", "Why do leftover data stay behind after I uninstall a program?"),
    ("9.1", "How do I bring my whole installation to the newest versions?"),
    ("9.2", "Do I need to switch to a maintenance mode without other users to upgrade?"),
    ("9.3", "Can I delete the downloaded archives to free space?"),
    ("9.5", "Can upgrades happen on their own every night?"),
    ("9.6", "I run many computers; can I fetch upgrades once and share them?"),
    ("10.4", "Is it safe to get rid of an older Linux core that I no longer boot?"),
    ("11.1", "How do I make every application print on A4 sheets?"),
    ("11.5", "What happens when the computer starts up?"),
    ("11.9", "How do I replace a file shipped by a package so updates keep my version?"),
    ("11.11", "How does the system choose a default among programs that do the same job?"),
    ("12.4", "Where can I see problems the developers already know about?"),
    ("12.5", "How do I tell the developers that something is broken?"),
    ("13.1", "How do I join the project as an official contributor?"),
    ("13.3", "Can I donate money to the project?"),
    ("14.1", "Am I allowed to burn discs of the system and charge for them?"),
    ("14.4", "Can I ship my proprietary application in the native package format?"),
    ("6.12", "How do I run my own package server for my machines?"),
    ("2.1", "What is the newest release?"),
    ("12.2", "Where can I chat with other users online?"),
]
KEYWORD = [
    ("8.1.6.1", "dpkg-deb"),
    ("7.10", "Pre-Depends meaning"),
    ("5.6", "ld cannot find -lfoo"),
    ("5.10", "ezmlm djbdns qmail"),
    ("13.3.1", "Software in the Public Interest"),
    ("8.1.5", "tasksel"),
    ("8.1.4", "synaptic"),
    ("6.10", "pool directory"),
    ("6.11", "incoming directory"),
    ("7.6", "preinst postinst prerm postrm"),
    ("7.5", "conffile"),
    ("6.8", "dists/stable/main"),
    ("3.2", "Knoppix Ubuntu LMDE"),
    ("5.11", "Flash SWF player"),
    ("5.12", "Google Earth"),
    ("5.14", "wireless network card"),
    ("11.6", "System V init runlevels"),
    ("12.2.1.1", "mailing list code of conduct"),
    ("12.2.5", "Usenet newsgroups"),
    ("1.4", "GNU/Hurd"),
    ("1.2", "Ian Murdock 1993"),
    ("11.9", "dpkg-divert"),
    ("11.11", "update-alternatives"),
    ("9.1.2", "apt-get apt-cdrom"),
    ("7.7", "Essential Required Important Standard Optional priority"),
]


def faq_paragraphs() -> list[tuple[str, str]]:
    """(section, paragraph text) for every body paragraph of the Debian FAQ."""
    if not FAQ.is_file():
        raise SystemExit(f"{FAQ} not found: run apt-get install debian-faq")
    lines = gzip.open(FAQ, "rt", encoding="utf-8").read().splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"1\.1\.\s", line))
    paragraphs: list[tuple[str, str]] = []
    section, block = "", []
    for line in [*lines[start:], ""]:
        if line.strip():
            block.append(line)
            continue
        if block:
            match = HEADING.match(block[0])
            if match:
                section = match.group(1)
            elif block[0].startswith(" "):
                text = " ".join(" ".join(block).split())
                if len(text) >= 40:
                    paragraphs.append((section, text))
            block = []
    return paragraphs


def auto_keyword(paragraphs: list[tuple[str, str]], n: int, seed: int = 0) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    queries = []
    for section, text in rng.sample(paragraphs, n):
        sentence = max(re.split(r"(?<=[.;:?])\s+", text), key=len)
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]+", sentence) if tokenize(w)]
        if len(words) < 6:
            continue
        kept = rng.sample(words, max(3, len(words) // 2))
        queries.append((section, "What about " + " ".join(kept) + "?"))
    return queries


def samples_keyword(seed: int = 0) -> tuple[list[TaskPair], list[tuple[str, str]]]:
    text = " ".join(" ".join(p.read_text().split()) for p in sorted(SAMPLES.glob("*.txt")))
    sentences = sorted(
        {s.strip() for s in re.split(r"(?<=[.;])\s+", text) if 60 < len(s.strip()) < 400}
    )
    rng = random.Random(seed)
    pairs, queries = [], []
    for i, sentence in enumerate(sentences):
        pairs.append(TaskPair(sentence, "Yes", "ynqa", metadata={"section": f"s{i}"}))
        words = [w for w in re.findall(r"[A-Za-z]+", sentence) if tokenize(w)]
        if len(words) >= 6:
            kept = rng.sample(words, max(3, len(words) // 2))
            queries.append((f"s{i}", "What about " + " ".join(kept) + "?"))
    return pairs, queries


def reciprocal_ranks(
    select: Callable[[str], list[dict[str, Any]]],
    section_of: dict[str, str],
    queries: list[tuple[str, str]],
) -> list[float]:
    out = []
    for target, query in queries:
        rr = 0.0
        for rank, example in enumerate(select(query)[:4], 1):
            section = section_of[example["input"]]
            if section == target or section.startswith(target + "."):
                rr = 1.0 / rank
                break
        out.append(rr)
    return out


def sign_test(a: list[float], b: list[float]) -> tuple[int, int, float]:
    """Wins of a over b, losses, and the two-sided binomial p-value (ties dropped)."""
    wins = sum(x > y for x, y in zip(a, b, strict=True))
    losses = sum(x < y for x, y in zip(a, b, strict=True))
    n = wins + losses
    if not n:
        return 0, 0, 1.0
    tail = sum(math.comb(n, i) for i in range(min(wins, losses) + 1)) / 2**n
    return wins, losses, min(1.0, 2 * tail)


def selectors(
    pairs: list[TaskPair], embeddings: SentenceTransformerEmbeddings, weights: list[float]
) -> dict[str, Callable[[str], list[dict[str, Any]]]]:
    examples = [p.to_example() for p in pairs]
    vectors = embeddings.encode([p.input for p in pairs])
    langchain = SemanticSimilarityExampleSelector.from_examples(
        examples, embeddings, InMemoryVectorStore, k=4, input_keys=["input"]
    )
    dense = TaskPairExampleSelector(embeddings=embeddings, k=4, search="dense")
    dense.add_examples(examples, vectors=vectors)
    out: dict[str, Callable[[str], list[dict[str, Any]]]] = {
        "LangChain SemanticSimilarity": lambda q: langchain.select_examples({"input": q}),
        "ours dense": lambda q: dense.select_examples({"input": q}),
    }
    for weight in weights:
        hybrid = TaskPairExampleSelector(embeddings=embeddings, k=4, lexical_weight=weight)
        hybrid.add_examples(examples, vectors=vectors)
        default = weight == TaskPairExampleSelector().lexical_weight
        name = "ours hybrid (default)" if default else f"ours hybrid w={weight}"
        out[name] = lambda q, s=hybrid: s.select_examples({"input": q})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sweep", action="store_true")
    args = parser.parse_args()
    default_weight = TaskPairExampleSelector().lexical_weight
    weights = sorted({default_weight, *([0.0, 0.1, 0.2, 0.3, 0.5, 1.0] if args.sweep else [])})
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next(
        (line.split(":", 1)[1].strip() for line in cpu.splitlines() if "Model name" in line),
        platform.processor(),
    )
    embeddings = SentenceTransformerEmbeddings()

    paragraphs = faq_paragraphs()
    faq_pairs = [TaskPair(text, "-", "summarization") for _, text in paragraphs]
    faq_sections = {text: section for section, text in paragraphs}
    sample_pairs, sample_queries = samples_keyword()
    sample_sections = {p.input: p.metadata["section"] for p in sample_pairs}
    styles = {
        "reworded": (faq_pairs, faq_sections, REWORDED),
        "keyword": (faq_pairs, faq_sections, KEYWORD),
        "keyword_auto": (faq_pairs, faq_sections, auto_keyword(paragraphs, 60)),
        "samples_keyword": (sample_pairs, sample_sections, sample_queries),
    }
    print(f"CPU: {model}; embeddings all-MiniLM-L6-v2")
    print(f"Debian FAQ: {len(faq_pairs)} paragraphs; samples: {len(sample_pairs)} sentences")
    built: dict[int, dict[str, Callable[[str], list[dict[str, Any]]]]] = {}
    ranks: dict[str, dict[str, list[float]]] = {}
    for style, (pairs, sections, queries) in styles.items():
        if id(pairs) not in built:
            built[id(pairs)] = selectors(pairs, embeddings, weights)
        print(f"\n{style} ({len(queries)} queries)")
        ranks[style] = {}
        for name, select in built[id(pairs)].items():
            rr = reciprocal_ranks(select, sections, queries)
            ranks[style][name] = rr
            hit1 = sum(r == 1.0 for r in rr) / len(rr)
            print(f"  {name:30s} hit@1 {hit1:.3f}  MRR@4 {sum(rr) / len(rr):.3f}")
        wins, losses, p = sign_test(
            ranks[style]["ours hybrid (default)"], ranks[style]["ours dense"]
        )
        print(f"  sign test default vs dense: {wins} better, {losses} worse, p={p:.3f}")

    def hit1(style_names: list[str], name: str) -> float:
        rr = [r for s in style_names for r in ranks[s][name]]
        return sum(r == 1.0 for r in rr) / len(rr)

    faq_styles = ["reworded", "keyword", "keyword_auto"]
    print("\nall Debian FAQ queries:")
    for name in ranks["reworded"]:
        rr = [r for s in faq_styles for r in ranks[s][name]]
        print(f"  {name:30s} hit@1 {hit1(faq_styles, name):.3f}  MRR@4 {sum(rr) / len(rr):.3f}")
    all_default = [r for s in faq_styles for r in ranks[s]["ours hybrid (default)"]]
    all_dense = [r for s in faq_styles for r in ranks[s]["ours dense"]]
    wins, losses, p = sign_test(all_default, all_dense)
    print(f"  sign test default vs dense: {wins} better, {losses} worse, p={p:.4f}")
    print(
        f"reworded_hit1_default={hit1(['reworded'], 'ours hybrid (default)'):.3f} "
        f"reworded_hit1_dense={hit1(['reworded'], 'ours dense'):.3f} "
        f"all_hit1_default={hit1(faq_styles, 'ours hybrid (default)'):.3f} "
        f"all_hit1_dense={hit1(faq_styles, 'ours dense'):.3f}"
    )


if __name__ == "__main__":
    main()
