"""The structured format: what code builds from a passage, and the checks on model text.

Control flow through the generator uses a scripted fake model; the builders and checks
are pure code and are tested on their real output.
"""

from __future__ import annotations

import re

import pytest
from langchain_core.language_models import FakeListLLM

from langchain_taskgen import TaskGenerator, TaskParseError
from langchain_taskgen.checks.answers import validate_pair
from langchain_taskgen.construct import BUILDERS, Corpus, check_paraphrase, check_summary
from langchain_taskgen.construct.passage import (
    answer_spans,
    is_good_sentence,
    negate,
    split_sentences,
    yes_no_question,
)
from langchain_taskgen.formats import StructuredFormat
from langchain_taskgen.tasks import TASK_TYPES

# Hand-written, about system administration (not a licence, not from samples/).
PASSAGES = [
    "The backup job runs every night at 2 o'clock and keeps 14 copies of each database. "
    "Old copies are removed by the cleanup script after two weeks. The backup server is "
    "located in the second data centre. Restores can be started from the web console by "
    "any administrator.",
    "The mail server accepts messages from 12 internal networks only. Spam is filtered by "
    "the rspamd service before delivery. Each mailbox can hold 5 gigabytes of messages. "
    "The quota is raised by the help desk on request. The mail server rejects attachments "
    "larger than 25 megabytes.",
    "The web cluster has 4 nodes behind a load balancer. Each node is rebooted once a month "
    "during the maintenance window. The configuration is stored in /etc/webcluster/nodes.conf "
    "and is checked by the deploy tool. Logs are kept for 30 days.",
    "New employees receive a laptop on their first day. The laptop is encrypted with a "
    "passphrase that the employee chooses. Lost laptops must be reported to the security "
    "team within 24 hours. The security team can wipe a lost laptop remotely. It uses the "
    "device management service for this.",
]


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return StructuredFormat().read(PASSAGES)


def all_drafts(corpus: Corpus, task: str, n: int = 3) -> list[tuple[int, object]]:
    fmt = StructuredFormat()
    out = []
    for i in range(len(corpus.passages)):
        for seed in range(4):
            out += [(i, d) for d in fmt.plan(corpus, i, task, n, seed)]
    return out


def test_sentences_headings_and_glued_text() -> None:
    text = "Backups\n\nThe backup job runs every night at two. It keeps copies.\n\nSee below."
    assert split_sentences(text) == [
        "Backups",
        "The backup job runs every night at two.",
        "It keeps copies.",
        "See below.",
    ]
    assert is_good_sentence("The backup job runs every night at two in the morning.")
    assert not is_good_sentence("It keeps copies of every database on the backup server.")
    assert not is_good_sentence("The Debian package management toolsTable of Contents apply.")
    assert not is_good_sentence("Are CULTURE Telnet and RSH obsolete tools for remote login.")
    assert not is_good_sentence("Telnet and RSH are obsolete Based Authentication Each tool.")


def test_spans_negation_and_inversion() -> None:
    sentence = "The mail server accepts messages from 12 internal networks only."
    assert [s.text for s in answer_spans(sentence)][:1] == ["12 internal networks"]
    assert negate("The quota is raised by the help desk on request.") == (
        "The quota is not raised by the help desk on request."
    )
    assert yes_no_question("Each mailbox can hold 5 gigabytes of messages.") == (
        "Can each mailbox hold 5 gigabytes of messages?"
    )
    assert negate("The laptop is not encrypted.") is None


def test_every_task_type_builds_well_formed_drafts(corpus: Corpus) -> None:
    fmt = StructuredFormat()
    for task in TASK_TYPES:
        drafts = all_drafts(corpus, task)
        assert drafts, f"{task}: nothing built from four passages"
        for index, draft in drafts:
            if draft.needs_model:
                assert fmt.prompt_for(draft).endswith(("Rewritten:", "Summary:"))
                continue
            task_input, task_output = fmt.finish(draft, None)
            assert task_input.strip() and task_output.strip()
            # The package's own answer checks accept what code built.
            validate_pair(task_input, task_output, task, corpus.passages[index])


def test_labels_follow_construction(corpus: Corpus) -> None:
    fmt = StructuredFormat()
    for index, draft in all_drafts(corpus, "ynqa"):
        _, out = fmt.finish(draft, None)
        statement = draft.fields["statement"]
        if out.lower() == "yes":
            assert statement in corpus.passages[index]
        else:  # a number the passage contradicts, or the statement negated
            assert statement not in corpus.passages[index]
    labels = {fmt.finish(d, None)[1].lower() for _, d in all_drafts(corpus, "ynqa")}
    assert labels == {"yes", "no"}
    for _, draft in all_drafts(corpus, "nli"):
        if draft.needs_model:
            assert draft.fields["label"] == "entailment"
            continue
        inp, out = fmt.finish(draft, None)
        assert out in {"contradiction", "neutral"}
        assert re.search(r'Premise: ".+"\nHypothesis: ".+"', inp)
        if out == "contradiction":
            assert " not " in draft.fields["hypothesis"] or "cannot" in draft.fields["hypothesis"]


def test_multiple_choice_answer_is_exactly_one_option(corpus: Corpus) -> None:
    fmt = StructuredFormat()
    drafts = all_drafts(corpus, "mcqa")
    assert drafts
    for index, draft in drafts:
        inp, out = fmt.finish(draft, None)
        options = [
            line[2:].strip() for line in inp.splitlines() if re.match(r"^(- |[A-E]\. )", line)
        ]
        assert 3 <= len(options) <= 4 and options.count(out) == 1
        distractors = [o for o in options if o != out]
        assert not any(d.lower() in corpus.passages[index].lower() for d in distractors)


def test_wsd_pairs_use_the_word_in_both_sentences(corpus: Corpus) -> None:
    fmt = StructuredFormat()
    for _, draft in all_drafts(corpus, "wsd"):
        word = draft.fields["word"]
        for key in ("sentence1", "sentence2"):
            assert word in draft.fields[key].lower()
        assert fmt.finish(draft, None)[1] in {"yes", "no"}


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("", "empty_output"),
        ("Each mailbox can hold 5 gigabytes", "incomplete_sentence"),
        ("Each mailbox can hold 5 gigabytes of messages.", "paraphrase_is_copy"),
        ("A mailbox may store up to 7 gigabytes of messages.", "paraphrase_changed_numbers"),
        ("Each mailbox cannot hold 5 gigabytes of messages at all.", "paraphrase_changed_polarity"),
        ("The weather is sunny and warm in the park today.", "paraphrase_off_topic"),
        ("messages messages messages messages of 5 mailbox.", "repetition"),
    ],
)
def test_paraphrase_checks_name_the_flaw(written: str, reason: str) -> None:
    with pytest.raises(TaskParseError) as error:
        check_paraphrase("Each mailbox can hold 5 gigabytes of messages.", written)
    assert error.value.reason == reason


def test_a_true_paraphrase_passes() -> None:
    assert check_paraphrase(
        "Each mailbox can hold 5 gigabytes of messages.",
        "Up to 5 gigabytes of messages fit in each mailbox.",
    )


def test_summary_checks() -> None:
    passage = PASSAGES[0]
    good = "The nightly backup keeps 14 database copies, removes old ones and allows restores."
    assert check_summary(passage, good) == good
    for bad, reason in [
        ("Backups run.", "summary_too_short"),
        (
            "The backup job runs every night. It keeps copies of each database.",
            "summary_not_one_sentence",
        ),
        ("The company sells shoes and hats to customers in every country.", "summary_unfaithful"),
    ]:
        with pytest.raises(TaskParseError) as error:
            check_summary(passage, bad)
        assert error.value.reason == reason


def test_generator_accounts_for_code_and_model_parts() -> None:
    # The fake model answers every paraphrase prompt the same way: a paraphrase of one
    # sentence at most, so most model-written parts are rejected with a reason.
    llm = FakeListLLM(responses=["Up to 5 gigabytes of messages fit in each mailbox."])
    gen = TaskGenerator(
        llm=llm, task_type=["exqa", "paraphrase", "sent_comp", "coref"], n=2, seed=1
    )
    pairs, report = gen.generate_with_report(PASSAGES)
    assert gen._format_obj().name == "structured"
    per_task = {
        t: report.accepted_by_task.get(t, 0) + sum(report.rejected_by_task.get(t, {}).values())
        for t in ("exqa", "paraphrase", "sent_comp", "coref")
    }
    # Every planned completion of every chunk ends as a pair or a counted reason.
    assert per_task == dict.fromkeys(per_task, report.chunks * 2)
    assert report.accepted == len(pairs)
    assert report.accepted_by_path["code"] == sum(p.metadata["built_by"] == "code" for p in pairs)
    # Only paraphrases went to the model: one prompt per planned paraphrase.
    planned = per_task["paraphrase"] - report.rejected_by_task["paraphrase"]["no_material"]
    assert report.prompts == planned >= 1
    assert {p.metadata["built_by"] for p in pairs} >= {"code"}
    assert all(p.metadata["task_fields"] for p in pairs if p.task_type == "exqa")
    assert report.rejected["no_material"] >= 1  # four passages offer no "It ..." to resolve


def test_plans_are_reproducible() -> None:
    fmt = StructuredFormat()
    corpus = fmt.read(PASSAGES)
    first = [fmt.finish(d, None) for d in fmt.plan(corpus, 2, "mcqa", 2, seed=3)]
    again = [fmt.finish(d, None) for d in fmt.plan(corpus, 2, "mcqa", 2, seed=3)]
    assert first == again


def test_builders_cover_all_task_types() -> None:
    assert set(BUILDERS) == set(TASK_TYPES)


def test_a_call_with_nothing_to_build_reports_every_completion() -> None:
    # No statement, span or sentence to build on: every completion is no_material.
    gen = TaskGenerator(llm=FakeListLLM(responses=["x"]), task_type=["ynqa", "exqa"], n=2)
    pairs, report = gen.generate_with_report(["Short.", "Tiny text"])
    assert pairs == [] and report.prompts == 0
    assert report.rejected == {"no_material": report.chunks * 4}
    assert report.completions == report.accepted + report.rejected_total


def test_run_fingerprint_changes_with_n_in_the_structured_format() -> None:
    from langchain_taskgen.generation.runs import run_fingerprint

    llm = FakeListLLM(responses=["x"])
    one = TaskGenerator(llm=llm, task_type="ynqa", n=1, format="structured")
    two = TaskGenerator(llm=llm, task_type="ynqa", n=2, format="structured")
    assert one.sampling().n == two.sampling().n == 1  # n lives in the plan
    assert run_fingerprint(one) != run_fingerprint(two)


def test_ynqa_keeps_labels_balanced_and_skips_yes_only_passages() -> None:
    import random

    from langchain_taskgen.construct.builders import build_ynqa

    yes_only = "You must ensure the identity of the client; this is authentication."
    corpus = Corpus.build(
        [
            yes_only,
            "The daemon keeps 7 days of logs. The archive is stored on the backup server. "
            "The service is started at boot. The cache is cleared every 3 hours.",
        ]
    )
    assert build_ynqa(0, corpus, random.Random(0), 2) == []
    labels = [
        d.fields["label"]
        for seed in range(200)
        for d in build_ynqa(1, corpus, random.Random(seed), 2)
    ]
    share = labels.count("yes") / len(labels)
    assert 0.4 <= share <= 0.6, share
