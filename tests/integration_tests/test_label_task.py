"""Label tasks over your own labels, with the real MiniLM embeddings, in Python and the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from langchain_taskgen import LabelTask, TaskGenerator
from langchain_taskgen.cli import main

# Written for this test in the style of a system manual, one clear topic each. (A
# firewall passage was too close to networking to call: margin 0.05, left out.)
PASSAGES = {
    "networking": "Each interface gets its address from the DHCP server. The routing table "
    "sends packets for other subnets through the gateway, and the resolver asks the DNS "
    "servers listed in resolv.conf to turn host names into IP addresses.",
    "security": "Install security updates as soon as they are published. Use strong "
    "passwords, lock accounts after failed logins, encrypt disks that leave the building "
    "and check the logs for signs that an attacker got in.",
    "printing": "CUPS manages the print queue. Add the printer through its web "
    "interface, choose the driver for the printer model and print a test page; jobs wait "
    "in the spool until the printer is ready.",
}


def test_real_embeddings_label_clear_passages(embeddings: Any) -> None:
    task = LabelTask("manual_topic", list(PASSAGES), embeddings=embeddings).register(replace=True)
    try:
        generator = TaskGenerator(llm=object(), task_type="manual_topic", format="structured")
        pairs, report = generator.generate_with_report(list(PASSAGES.values()))
        assert {p.context: p.output for p in pairs} == {v: k for k, v in PASSAGES.items()}
        assert report.accepted == 3 and report.prompts == 0  # no model call at all
        assert all(float(p.metadata["task_fields"]["margin"]) >= 0.08 for p in pairs)
        # A passage that is half networking, half printing is too close to call.
        mixed = PASSAGES["networking"].split(". ")[0] + ". " + PASSAGES["printing"]
        label, margin = task.classify([mixed])[0]
        assert label in (None, "printing") and margin < 0.5
    finally:
        task.unregister()


def test_cli_label_task_generates_and_other_commands_read_the_pairs(tmp_path: Path) -> None:
    corpus = tmp_path / "docs"
    corpus.mkdir()
    for name, text in PASSAGES.items():
        (corpus / f"{name}.txt").write_text(text)
    out = tmp_path / "topics.jsonl"
    spec = "manual_topic=" + ",".join(PASSAGES)
    runner = CliRunner()
    args = ["--label-task", spec, "generate", str(corpus), "-t", "manual_topic"]
    result = runner.invoke(main, [*args, "--llm", "tests.fake_models:make_llm", "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["output"] for r in records) == sorted(PASSAGES)
    assert all(r["task_type"] == "manual_topic" for r in records)
    stats = runner.invoke(main, ["--label-task", spec, "stats", str(out)])
    assert stats.exit_code == 0 and "manual_topic" in stats.output
    from langchain_taskgen.tasks import unregister_task_type

    unregister_task_type("manual_topic")
    # Without the definition the pairs cannot be read, and the error says what to do.
    unknown = runner.invoke(main, ["stats", str(out)])
    assert unknown.exit_code != 0 and "--label-task" in unknown.output
    bad = runner.invoke(main, ["--label-task", "topic_class=a,b", "stats", str(out)])
    assert bad.exit_code == 2 and "built-in" in bad.output


@pytest.fixture(autouse=True)
def _forget_label_tasks() -> Any:
    yield
    from langchain_taskgen.tasks import TASK_TYPES

    TASK_TYPES.pop("manual_topic", None)  # its builder goes with it
