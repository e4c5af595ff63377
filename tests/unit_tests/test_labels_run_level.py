"""Label and choice types whose balance holds over a whole run, not one call.

wsd: each everyday sentence partners at most twice in a run of several calls (a reader who
has seen one with its word and label answers its repeats by memory). topic_class: the
option sharing the most (or the fewest) words with the passage is right only by chance,
which the shortcut audit measures; the construction it replaced, distractors that share
no word with the text, is flagged by the same audit.
"""

from __future__ import annotations

import random
import re
from collections import Counter

from langchain_taskgen import TaskGenerator
from langchain_taskgen.checks.audit import audit_pairs
from langchain_taskgen.construct.headings import audit_stems
from langchain_taskgen.construct.run_limits import RunLimits, apply_limits
from langchain_taskgen.construct.senses import SENSE_SENTENCES
from langchain_taskgen.construct.title_options import OVERLAP_SLACK
from langchain_taskgen.formats import StructuredFormat
from langchain_taskgen.generation.chunking import Chunk
from langchain_taskgen.generation.report import GenerationReport
from langchain_taskgen.pairs import TaskPair
from langchain_taskgen.tasks import sections_based
from langchain_taskgen.tasks.sentence_pairs import MAX_PARTNER_USES
from tests.data.manual_sections import CHUNKS as MANUAL
from tests.data.shared_terms_sections import CHUNKS as SHARED
from tests.data.wsd_passages import PASSAGES

# Two manuals in one call: titles of the first name each passage's key term, so none of
# their sections gives an item (the right title would be the only one naming it).
CHUNKS = MANUAL + SHARED
EVERYDAY = {sentence for _, _, sentence in SENSE_SENTENCES}


def _everyday_uses(pairs: list[TaskPair]) -> Counter[str]:
    uses: Counter[str] = Counter()
    for pair in pairs:
        fields = pair.metadata["task_fields"]
        uses.update(s for s in (fields["sentence1"], fields["sentence2"]) if s in EVERYDAY)
    return uses


def _wsd_run(generator: TaskGenerator, calls: int) -> list[TaskPair]:
    pairs: list[TaskPair] = []
    for call in range(calls):
        # Each call its own chunks (a passage with a call number), as a run's batches are.
        chunks = [Chunk(f"{p}\n\nPart {call}.", {"call": call}) for p in PASSAGES]
        per_chunk, _ = generator.generate_chunks(chunks)
        pairs += [p for chunk in per_chunk for p in chunk]
    return pairs


def test_an_everyday_sentence_partners_at_most_twice_in_a_run_of_several_calls() -> None:
    generator = TaskGenerator(task_type="wsd", n=4)
    pairs = _wsd_run(generator, calls=4)
    uses = _everyday_uses(pairs)
    assert len(pairs) >= 10 and {p.output for p in pairs} == {"yes", "no"}
    assert max(uses.values()) <= MAX_PARTNER_USES, uses.most_common(3)
    # Each word's labels stay within one of each other over the run: once the cap has
    # used up a word's partners of one sense, the word alone must not give the other.
    per_word = Counter((p.metadata["task_fields"]["word"], p.output) for p in pairs)
    for word in {w for w, _ in per_word}:
        assert abs(per_word[word, "yes"] - per_word[word, "no"]) <= 1, word
    # The cap is the generator's (its run), not the process's: a new generator starts over,
    # and a call outside any generator counts for itself.
    again = _wsd_run(TaskGenerator(task_type="wsd", n=4), calls=1)
    assert set(_everyday_uses(again)) & set(uses)


def test_without_the_run_limits_repeats_pile_up() -> None:
    """What the run-level rule fixes: the candidates alone bring the same sentences back."""
    generator = TaskGenerator(task_type="wsd", n=4)
    candidates: list[TaskPair] = []
    for call in range(4):
        chunks = [Chunk(f"{p}\n\nPart {call}.", {"call": call}) for p in PASSAGES]
        plan = generator.plan(chunks)
        per_chunk, _ = generator.judge(plan, generator.complete(plan))  # no limits applied
        candidates += [p for chunk in per_chunk for p in chunk]
    assert max(_everyday_uses(candidates).values()) > MAX_PARTNER_USES


def _topic_pairs(make_options) -> list[TaskPair]:
    fmt = StructuredFormat(weak_writer=True)
    corpus = fmt.read(CHUNKS)
    corpus.task_types = ("topic_class",)
    # Every pair the run takes, repeats included: the run's limits count what it emits.
    pairs: list[TaskPair] = []
    for seed in range(40):
        for index in range(len(CHUNKS)):
            for inp, out, context in make_options(fmt, corpus, index, seed):
                pairs.append(TaskPair(inp, out, "topic_class", context=context))
    return pairs


_LIMITS: list[RunLimits] = []


def _built(fmt, corpus, index, seed):
    """The candidates, each finished or dropped by one run's limits (the walk's order)."""
    if index == seed == 0:
        _LIMITS[:] = [RunLimits()]
    for draft in fmt.plan(corpus, index, "topic_class", 2, seed):
        meta = {"task_fields": dict(draft.fields)}
        candidate = TaskPair(*fmt.finish(draft, None), "topic_class", draft.context, meta)
        for pair in apply_limits([candidate], _LIMITS[0], GenerationReport()):
            yield pair.input, pair.output, pair.context


def _give_away(fmt, corpus, index, seed):
    """The replaced rule's effect: wrong titles that share fewer words with the text."""
    rng = random.Random(seed)
    for section, shown in sections_based.dealt_sections(index, corpus, "topic_class"):
        words = audit_stems(shown)
        mine = len(audit_stems(section.title) & words)
        others = {
            s.title
            for i in range(len(CHUNKS))
            if i != index
            for s, _ in sections_based._sections(corpus, i)
            if len(audit_stems(s.title) & words) < mine
        }
        if len(others) >= 2:
            options = [section.title, *rng.sample(sorted(others), 2)]
            rng.shuffle(options)
            listed = "\n".join(f"- {o}" for o in options)
            ask = f"{shown}\n\nWhich of these titles fits the passage?\n{listed}"
            yield ask, section.title, shown


def test_word_matching_picks_the_right_title_only_by_chance() -> None:
    new = _topic_pairs(_built)
    row = audit_pairs(new, min_pairs=1).types["topic_class"]
    assert row.pairs >= 3
    # Over the run, the word-matching reader is at most OVERLAP_SLACK items ahead of chance
    # (within 0.10 from 5 items on), and the length readers too.
    for probe in ("word overlap", "longest option"):
        assert (row.probes[probe] - row.baseline) * row.pairs <= OVERLAP_SLACK + 1e-9, row
    for pair in new:
        options = re.findall(r"^- (.+)$", pair.input, re.M)
        assert pair.output in options and all(len(o.split()) >= 2 for o in options)
    old = _topic_pairs(_give_away)
    flagged = audit_pairs(old, min_pairs=1).types["topic_class"]
    assert flagged.pairs >= 5 and flagged.probes["word overlap"] - flagged.baseline > 0.10


def test_topic_class_counts_shared_words_as_the_audit_does() -> None:
    from langchain_taskgen.checks.tricks import content

    for text in [*CHUNKS, "According to the passage, the following answers are true."]:
        assert audit_stems(text) == {w[:5] for w in content(text)}


def test_ynqa_is_withheld_on_the_embedded_default_unless_asked(caplog) -> None:
    """Two strict readings judged none of 17 code-built ynqa questions good: not by default."""
    import logging

    from langchain_taskgen.generation import writers
    from tests.data.handbook_passages import PASSAGES as HANDBOOK

    chunks = [Chunk(p, {"i": i}) for i, p in enumerate(HANDBOOK)]
    writers._WARNED.discard("ynqa")
    with caplog.at_level(logging.WARNING, logger="langchain_taskgen.generation.generator"):
        default = TaskGenerator(task_type="ynqa", n=2)
        TaskGenerator(task_type="ynqa", n=2)  # said once per process, not per generator
    said = [r.getMessage() for r in caplog.records if r.getMessage().startswith("ynqa:")]
    assert len(said) == 1 and "code_rewrites=True" in said[0]
    per_chunk, report = default.generate_chunks(chunks)
    assert not any(per_chunk) and report.rejected_by_task["ynqa"] == {"withheld": 2 * len(chunks)}
    asked = TaskGenerator(task_type="ynqa", n=2, code_rewrites=True)
    pairs = [p for chunk in asked.generate_chunks(chunks)[0] for p in chunk]
    labels = Counter(p.output.lower() for p in pairs)
    assert labels["yes"] == labels["no"] > 0


def test_an_everyday_sentence_takes_each_label_at_most_once_in_a_run() -> None:
    # Twice under one label, its own words give that label to a bag of words (a held-out
    # run: +0.18 over the majority); a strict reader also found one pair made twice.
    pairs = _wsd_run(TaskGenerator(task_type="wsd", n=4), calls=4)
    per_label: Counter[tuple[str, str]] = Counter()
    for pair in pairs:
        fields = pair.metadata["task_fields"]
        for s in (fields["sentence1"], fields["sentence2"]):
            if s in EVERYDAY:
                per_label[s, pair.output] += 1
    assert pairs and max(per_label.values()) == 1, per_label.most_common(2)


def test_a_verb_use_is_no_manual_sense() -> None:
    from langchain_taskgen.construct.senses import manual_sense

    assert not manual_sense("package", "You'll be able to package such programs.")
    assert manual_sense("package", "The package is installed by the maintainer script.")


def test_next_sentence_options_share_the_contexts_words_as_the_answer_does() -> None:
    # A glossary: the true next sentence repeats the entry's headword, sentences of other
    # entries do not; a reader matching words would find it (7 of 8 judged trivial).
    import random

    from langchain_taskgen.construct import Corpus
    from langchain_taskgen.construct.headings import audit_stems
    from langchain_taskgen.construct.next_sentence import next_sentence_items

    entries = [
        "A tag object names another object. The tag object holds a message and a signature. "
        "A tag object is often signed by its author.",
        "A blob stores the contents of one file. It holds no name and no permissions at all. "
        "A blob is never a tag object by itself.",
        "A tree lists the names and modes of files. Each entry points to a blob or a tree. "
        "A tree can be named by a tag object as well.",
        "Commits record who made a change and when. They point to a parent commit as well. "
        "Merges have two parent commits or more.",
    ]
    corpus = Corpus.build(["\n\n".join(entries)])
    items = [
        i for seed in range(20) for i in next_sentence_items(0, corpus, random.Random(seed), 3)
    ]
    assert items
    # As many of the context's words as the true one, else one more or one fewer (the
    # run then keeps an item only while matching words stays at chance: test_run_limits).
    for item in items:
        shown = audit_stems(" ".join(item.context))
        need = len(audit_stems(item.answer) & shown)
        for option in item.distractors:
            assert abs(len(audit_stems(option) & shown) - need) <= 1, option
