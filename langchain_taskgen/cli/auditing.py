"""``taskgen audit``: how far answers that read nothing get on a pairs file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from langchain_taskgen.cli.options import EXIT_AUDIT, exit_status, read_pairs_or_exit, warn


@click.command()
@click.argument("pairs_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--max-gap",
    type=click.FloatRange(0, 1),
    help="Exit 6 when a type with --min-pairs pairs or more has a trick beating its majority "
    "or chance rate by more than this (e.g. 0.10 in CI).",
)
@click.option(
    "--min-distinct",
    type=click.FloatRange(0, 1),
    help="Exit 6 when the question pairs ask fewer distinct questions than this share.",
)
@click.option(
    "--min-pairs",
    type=click.IntRange(1),
    default=20,
    show_default=True,
    help="Types with fewer pairs are reported but never fail the audit.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the audit as JSON.")
def audit(
    pairs_file: Path,
    max_gap: float | None,
    min_distinct: float | None,
    min_pairs: int,
    as_json: bool,
) -> None:
    """Audit pairs for answers a trick gets without reading the passage.

    Per label or choice task type: the majority (or chance) rate next to answers that
    read nothing (a bag-of-words classifier on the task text without the passage, the
    negation, length and word-overlap cues, the option found in the passage), and
    questions asked twice. Works on any pairs JSONL file, ours or another tool's.

    \b
    Example:
      taskgen audit out/pairs.jsonl --max-gap 0.10 --min-distinct 0.9
    """
    from langchain_taskgen.checks.audit import audit_pairs

    pairs, broken = read_pairs_or_exit(pairs_file)
    report = audit_pairs(pairs, min_pairs=min_pairs)
    click.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.table())
    failed = False
    if max_gap is not None and (flagged := report.flagged(max_gap)):
        warn(f"a trick answers {', '.join(flagged)} beyond the allowed gap of {max_gap:.2f}")
        failed = True
    if min_distinct is not None and report.distinct_ratio < min_distinct:
        warn(
            f"{report.distinct_ratio:.2f} distinct questions per question pair "
            f"(at least {min_distinct:.2f} asked)"
        )
        failed = True
    if failed:
        sys.exit(EXIT_AUDIT)
    exit_status(broken)
