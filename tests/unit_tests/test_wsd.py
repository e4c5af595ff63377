"""wsd pairs: one passage sentence and one everyday sentence under both labels.

The label must come from the word's sense, not from the register of the two sentences, their
lengths or the everyday sentence's vocabulary; the inventory of everyday sentences must hold
what the builder relies on.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from langchain_taskgen.checks.answers import validate_pair
from langchain_taskgen.checks.audit import audit_pairs
from langchain_taskgen.checks.tricks import folds_of
from langchain_taskgen.construct import Corpus
from langchain_taskgen.construct.senses import SENSE_SENTENCES, SENSES, manual_sense
from langchain_taskgen.formats import StructuredFormat
from langchain_taskgen.pairs import TaskPair
from tests.data.wsd_passages import PASSAGES

EVERYDAY = {sentence for _, _, sentence in SENSE_SENTENCES}
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def built(corpus: Corpus, seeds: int = 3, n: int = 6) -> list[TaskPair]:
    """Every wsd pair from the corpus's passages over a few plans, duplicates dropped."""
    fmt = StructuredFormat()
    pairs: dict[str, TaskPair] = {}
    for index, passage in enumerate(corpus.passages):
        for seed in range(index, index + 100 * seeds, 100):
            for draft in fmt.plan(corpus, index, "wsd", n, seed):
                inp, out = fmt.finish(draft, None)
                meta = {"task_fields": dict(draft.fields), "index": index}
                pairs.setdefault(inp, TaskPair(inp, out, "wsd", context=passage, metadata=meta))
    return list(pairs.values())


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return StructuredFormat().read(PASSAGES)


@pytest.fixture(scope="module")
def pairs(corpus: Corpus) -> list[TaskPair]:
    return built(corpus)


def split(pair: TaskPair, corpus: Corpus) -> tuple[str, str]:
    """The pair's (passage sentence, everyday sentence)."""
    fields = pair.metadata["task_fields"]
    first, second = fields["sentence1"], fields["sentence2"]
    mine = corpus.sentences[pair.metadata["index"]]
    return (first, second) if first in mine else (second, first)


def test_every_pair_is_a_passage_sentence_and_an_everyday_one(
    pairs: list[TaskPair], corpus: Corpus
) -> None:
    # Same register mix under both labels: every pair, "yes" or "no", is one manual sentence
    # and one everyday sentence, so register says nothing about the label.
    mix: Counter[tuple[str, bool, bool]] = Counter()
    for pair in pairs:
        passage_sentence, everyday = split(pair, corpus)
        mine = corpus.sentences[pair.metadata["index"]]
        mix[(pair.output, passage_sentence in mine, everyday in EVERYDAY)] += 1
    assert set(mix) == {("yes", True, True), ("no", True, True)}, mix


def test_labels_follow_the_inventory_sense(pairs: list[TaskPair], corpus: Corpus) -> None:
    for pair in pairs:
        # The package's own answer checks accept what code built.
        validate_pair(pair.input, pair.output, "wsd", pair.context)
        word = pair.metadata["task_fields"]["word"]
        passage_sentence, everyday = split(pair, corpus)
        assert manual_sense(word, passage_sentence)
        senses = SENSES[word]
        assert everyday in (senses.technical if pair.output == "yes" else senses.other)
        assert f'"{word}"' in pair.input.rsplit("\n", 1)[-1]


def test_labels_balanced_and_lengths_matched(pairs: list[TaskPair], corpus: Corpus) -> None:
    assert len(pairs) >= 45, len(pairs)
    labels = Counter(p.output for p in pairs)
    assert max(labels.values()) / len(pairs) <= 0.6, labels
    for pair in pairs:
        passage_sentence, everyday = split(pair, corpus)
        assert 0.8 <= len(everyday) / len(passage_sentence) <= 1.25, pair.input


def test_no_trick_answers_wsd(pairs: list[TaskPair]) -> None:
    row = audit_pairs(pairs).types["wsd"]
    assert row.best_accuracy - row.baseline <= 0.15, (row.baseline, row.probes)


def test_the_everyday_sentence_alone_does_not_give_the_label(
    pairs: list[TaskPair], corpus: Corpus
) -> None:
    # A sentence under one label only is learnt by heart: answer each pair with the label
    # its everyday sentence had most often in the other folds (cross-validated).
    keys = [split(p, corpus)[1] for p in pairs]
    ys = [p.output for p in pairs]
    majority = Counter(ys).most_common(1)[0][1] / len(ys)
    correct = 0
    for train, test in folds_of(ys, 5, 0):
        seen: dict[str, Counter[str]] = {}
        for i in train:
            seen.setdefault(keys[i], Counter())[ys[i]] += 1
        fallback = Counter(ys[i] for i in train).most_common(1)[0][0]
        for i in test:
            guess = seen[keys[i]].most_common(1)[0][0] if keys[i] in seen else fallback
            correct += guess == ys[i]
    assert correct / len(ys) - majority <= 0.15, (correct / len(ys), majority)


def test_inventory_sentences_are_sound() -> None:
    words = set(SENSES)
    assert len(words) >= 20
    for tech, other, sentence in SENSE_SENTENCES:
        found = [w.lower() for w in _WORD.findall(sentence)]
        assert 12 <= len(found) <= 22, sentence
        assert tech != other and found.count(tech) == 1 and found.count(other) == 1, sentence
        # No third inventory word: each sentence pins exactly the two senses it names.
        assert set(found) & words == {tech, other}, sentence
        assert sentence.endswith(".") and sentence[0].isupper()
    assert len(EVERYDAY) == len(SENSE_SENTENCES)  # no sentence twice
    for word, senses in SENSES.items():
        assert len(senses.technical) >= 2 and len(senses.other) >= 2, word
        # A short and a long sentence in each sense, of about the same lengths.
        for pool in (senses.technical, senses.other):
            lengths = sorted(len(s) for s in pool)
            assert lengths[0] <= 101 and lengths[-1] >= 96, (word, lengths)
        mean = [sum(map(len, p)) / len(p) for p in (senses.technical, senses.other)]
        assert abs(mean[0] - mean[1]) <= 0.15 * max(mean), (word, mean)


@pytest.mark.parametrize(
    ("word", "sentence", "expected"),
    [
        ("file", "Each file is kept in /var/cache/apt.", True),
        ("file", "Please file a bug against the package.", False),
        ("log", "Users log in with their password.", False),
        ("log", "The daemon writes each request to a log.", True),
        ("host", "The server can also host security updates.", False),
        ("host", "Copying files from a host to another is done with scp.", True),
        ("web", "The keys are checked against the web of trust.", False),
        ("desktop", "Files saved in ~/Desktop appear on the screen.", False),
        ("desktop", "Desktop computers rarely need a RAID array.", False),
        ("port", "The SSH server listens on TCP port 22.", True),
        ("port", "Plug the cable into the USB port of the machine.", False),
        ("port", "The ARM port is maintained by a separate team.", False),
        ("directory", "Users are looked up in the LDAP directory.", False),
        ("root", "The root user owns the file.", False),  # not in the inventory
    ],
)
def test_manual_sense(word: str, sentence: str, expected: bool) -> None:
    assert manual_sense(word, sentence) is expected


def test_wsd_from_a_real_file(tmp_path: Path) -> None:
    """From a file on disk through the loader and chunker, as a run reads it."""
    from langchain_taskgen.generation.chunking import DocumentChunker
    from langchain_taskgen.loading.files import load_paths

    (tmp_path / "handbook.txt").write_text("\n\n".join(PASSAGES), encoding="utf-8")
    chunks, _ = DocumentChunker(1500, 100).split(load_paths([tmp_path]).documents)
    corpus = StructuredFormat().read([c.text for c in chunks])
    pairs = built(corpus, seeds=1, n=2)
    assert len(pairs) >= 5 and {p.output for p in pairs} == {"yes", "no"}
    for pair in pairs:
        passage_sentence, everyday = split(pair, corpus)
        assert everyday in EVERYDAY and passage_sentence in pair.context


def test_an_everyday_sentence_partners_at_most_twice_a_call() -> None:
    import collections
    import random

    from langchain_taskgen.construct import Corpus
    from langchain_taskgen.construct.run_limits import RunLimits, apply_limits
    from langchain_taskgen.generation.report import GenerationReport
    from langchain_taskgen.tasks.sentence_pairs import MAX_PARTNER_USES, build_wsd
    from tests.data.wsd_passages import PASSAGES as WSD_PASSAGES

    corpus = Corpus.build(list(WSD_PASSAGES) * 3)
    everyday = collections.Counter()
    limits = RunLimits()  # the builder offers candidates; the run's limits pick, in order
    for index in range(len(corpus.passages)):
        for draft in build_wsd(index, corpus, random.Random(index), 4):
            meta = {"task_fields": dict(draft.fields)}
            candidate = TaskPair(*draft.render(None), "wsd", metadata=meta)
            for pair in apply_limits([candidate], limits, GenerationReport()):
                fields = pair.metadata["task_fields"]
                mine = set(corpus.sentences[index])
                for key in ("sentence1", "sentence2"):
                    if fields[key] not in mine:
                        everyday[fields[key]] += 1
    assert everyday and max(everyday.values()) <= MAX_PARTNER_USES
