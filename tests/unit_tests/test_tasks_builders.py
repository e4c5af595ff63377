"""The built-in task types' builders (tasks/questions, sentence_pairs, passage_level).

The builders are pure code and are tested on their real output, through the structured
format that runs them.
"""

from __future__ import annotations

import random
import re

import pytest

from langchain_taskgen.checks.answers import validate_pair
from langchain_taskgen.construct import Corpus, Draft
from langchain_taskgen.construct.passage import content_words
from langchain_taskgen.construct.senses import SYNONYMS
from langchain_taskgen.formats import StructuredFormat
from langchain_taskgen.tasks import BUILT_IN_TASK_TYPES, TASK_TYPES, get_task_type
from langchain_taskgen.tasks.questions import build_ynqa
from tests.data.admin_passages import CHOICE_PASSAGE, PASSAGES

# Words a true restatement may bring in: the listed synonyms (of construct.senses and of
# construct.yes_no_changes).
_SAID_OTHERWISE = {w for v in SYNONYMS.values() for w in v.split()} | set(
    "every each manually hand situated modified launched permitted allowed switched off on "
    "application applications prior large quick finds requires require contains stored stores "
    "removed removes enumerates usual regular multiple numerous makes make employed".split()
)


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return StructuredFormat().read(PASSAGES)


def all_drafts(corpus: Corpus, task: str, n: int = 3) -> list[tuple[int, Draft]]:
    fmt = StructuredFormat()
    out = []
    for seed in range(4):
        # One Corpus per call, as a run reads it: question types of one call share its
        # facts out (one type per fact), so each seed is a call of its own.
        call = fmt.read(corpus.passages)
        for i in range(len(corpus.passages)):
            out += [(i, d) for d in fmt.plan(call, i, task, n, seed)]
    return out


def test_every_built_in_type_carries_its_builder_and_demonstration() -> None:
    assert [t.name for t in BUILT_IN_TASK_TYPES] == list(TASK_TYPES)[:16]
    for task in BUILT_IN_TASK_TYPES:
        assert callable(task.builder), task.name
        assert task.demonstration is not None and all(task.demonstration), task.name
        assert task.builder.__module__.startswith("langchain_taskgen.tasks."), task.name


def test_every_task_type_builds_well_formed_drafts(corpus: Corpus) -> None:
    fmt = StructuredFormat()
    for task in BUILT_IN_TASK_TYPES:
        drafts = all_drafts(corpus, task.name)
        if task.name == "sentiment":
            # Plain administration notes carry no sentiment: no material, not "neutral".
            assert not drafts
            continue
        if task.name in {"topic_class", "text_gen"}:
            # Made from section headings, which these notes have none of:
            # test_sections_tasks builds them from manual-shaped chunks.
            assert not drafts, task.name
            continue
        passages = corpus.passages
        if task.name == "mcqa":
            # The notes hold no three answers of one sort (test_multiple_choice_... below).
            passages = [*PASSAGES, CHOICE_PASSAGE]
            drafts = all_drafts(StructuredFormat().read(passages), "mcqa")
        if task.name in {"wsd", "sent_comp"}:
            # wsd partners are matched in length and these notes' sentences are shorter than
            # any everyday sentence (test_wsd.py builds them); sent_comp needs a paragraph
            # with options from another one (test_next_sentence.py).
            continue
        assert drafts, f"{task.name}: nothing built from four passages"
        for index, draft in drafts:
            assert draft.task_type == task.name
            if draft.needs_model:
                assert fmt.prompt_for(draft).endswith(("Rewritten:", "Summary:"))
                continue
            task_input, task_output = fmt.finish(draft, None)
            assert task_input.strip() and task_output.strip()
            # The package's own answer checks accept what code built.
            validate_pair(task_input, task_output, task.name, passages[index])


def test_labels_follow_construction(corpus: Corpus) -> None:
    fmt = StructuredFormat()
    for index, draft in all_drafts(corpus, "ynqa"):
        _, out = fmt.finish(draft, None)
        statement = draft.fields["statement"]
        # Never a verbatim sentence of the passage, whatever the label: "yes" is a true
        # statement worded differently (a synonym, an aside left out), "no" a false one
        # (a number, an opposite, a term or subject changed, a negation taken away).
        assert statement not in corpus.passages[index], (out, statement)
        if out.lower() == "yes":
            assert any(
                content_words(statement) - content_words(s) <= _SAID_OTHERWISE
                for s in corpus.sentences[index]
            ), statement
    labels = {fmt.finish(d, None)[1].lower() for _, d in all_drafts(corpus, "ynqa")}
    assert labels == {"yes", "no"}
    # Every nli hypothesis is the model's paraphrase, changed by code to carry its label.
    written = "5 gigabytes of messages can be held in each mailbox."
    labels = set()
    for _, draft in all_drafts(corpus, "nli"):
        if not draft.needs_model:  # a true restatement with "not" (none in these notes)
            assert draft.fields["label"] == "entailment"
            continue
        labels.add(draft.fields["label"])
        if draft.source != "Each mailbox can hold 5 gigabytes of messages.":
            continue
        inp, out = fmt.finish(draft, written)
        assert re.search(r'Premise: ".+"\nHypothesis: ".+"', inp)
        hypothesis = inp.split('Hypothesis: "')[1].split('"')[0]
        expected = {
            "entailment": written,
            "neutral": "5 gigabytes of messages must be held in each mailbox.",
        }
        if out in expected:
            assert hypothesis == expected[out]
        else:  # a changed number, opposite or term, or the paraphrase negated
            assert out == "contradiction" and hypothesis != written
    assert labels == {"entailment", "contradiction", "neutral"}


def test_multiple_choice_answer_is_exactly_one_option() -> None:
    fmt = StructuredFormat()
    corpus = fmt.read([*PASSAGES, CHOICE_PASSAGE])
    drafts = all_drafts(corpus, "mcqa")
    assert drafts
    for index, draft in drafts:
        inp, out = fmt.finish(draft, None)
        options = [
            line[2:].strip() for line in inp.splitlines() if re.match(r"^(- |[A-E]\. )", line)
        ]
        assert 3 <= len(options) <= 4 and options.count(out) == 1
        distractors = [o for o in options if o != out]
        # All options are found in the passage, so "the option in the passage" answers nothing.
        flat = " ".join(corpus.passages[index].split()).lower()
        assert all(d.lower() in flat for d in distractors)


def test_model_written_parts_are_checked_by_the_builders(corpus: Corpus) -> None:
    fmt = StructuredFormat()
    paraphrases = [d for _, d in all_drafts(corpus, "paraphrase") if d.needs_model]
    assert paraphrases and all(d.ask == "paraphrase" for d in paraphrases)
    draft = next(d for d in paraphrases if d.source.startswith("Each mailbox"))
    inp, out = fmt.finish(draft, "5 gigabytes of messages can be held in each mailbox.")
    assert draft.source in inp and out == "5 gigabytes of messages can be held in each mailbox."
    from langchain_taskgen.errors import TaskParseError

    with pytest.raises(TaskParseError):
        fmt.finish(draft, draft.source)  # a copy is no paraphrase


def test_ynqa_keeps_labels_balanced_and_skips_yes_only_passages() -> None:
    yes_only = "You must ensure the identity of the client; this is authentication."
    corpus = Corpus.build(
        [
            yes_only,
            "The daemon keeps 7 days of logs. The archive is stored on the backup server. "
            "The service is started at boot. The cache is cleared every 3 hours.",
        ]
    )
    assert get_task_type("ynqa").builder is build_ynqa
    assert build_ynqa(0, corpus, random.Random(0), 2) == []
    labels = [
        d.fields["label"]
        for seed in range(200)
        for d in build_ynqa(1, corpus, random.Random(seed), 2)
    ]
    share = labels.count("yes") / len(labels)
    assert 0.4 <= share <= 0.6, share
