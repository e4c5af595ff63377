"""A user's check that raises costs its pairs, and the run says why (once, not per pair)."""

from __future__ import annotations

import logging

import pytest

from langchain_taskgen import TaskGenerator
from langchain_taskgen.generation.report import GenerationReport
from tests.unit_tests.test_run_limits import _chunks


def test_a_raising_check_is_named_once_in_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    def broken(pair: object) -> str | None:
        raise KeyError("label")

    with caplog.at_level(logging.WARNING, logger="langchain_taskgen.generation.judge"):
        per_chunk, report = TaskGenerator(task_type="wsd", n=2, checks=[broken]).generate_chunks(
            _chunks()
        )
    assert not any(per_chunk)
    assert report.rejected["check_error"] > 1
    said = [r.getMessage() for r in caplog.records if "check_error" in r.getMessage()]
    assert len(said) == 1 and "broken" in said[0] and "KeyError" in said[0]


def test_duplicates_are_not_counted_as_failed() -> None:
    report = GenerationReport()
    report.reject("no_material", "x", task="qa")
    report.reject("duplicate", "y", task="qa")
    assert "duplicate: 1, failed: 0" in report.summary()
