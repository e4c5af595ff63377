"""What ``taskgen generate`` reads: input paths checked before any work, the encoding, the line.

A path that does not exist stops the command before the model starts (exit 2): a
mistyped path must not make a smaller dataset that looks complete.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import click

from langchain_taskgen.cli.options import EXIT_USAGE, fail


def check_encoding(_ctx: Any, _param: Any, value: str | None) -> str | None:
    """``--encoding``: a codec Python knows (or none given)."""
    if value is not None:
        try:
            codecs.lookup(value)
        except LookupError:
            raise click.BadParameter(f"unknown encoding {value!r}") from None
    return value


encoding_option = click.option(
    "--encoding",
    metavar="NAME",
    callback=check_encoding,
    help="The encoding of input text and HTML files that have no byte-order mark and are "
    "not UTF-8 (e.g. latin-1, cp1250). Default: guessed, each guess named in a warning.",
)


def refuse_missing(paths: Iterable[Path]) -> None:
    """Exit 2, naming them, if some input paths do not exist."""
    from langchain_taskgen.loading import missing_paths

    if missing := missing_paths(paths):
        fail(f"input path not found (no such file or directory): {', '.join(missing)}", EXIT_USAGE)


def skipped_inputs_line(
    files: int | None,
    problems: list[str],
    skipped_files: Mapping[str, int] | None = None,
    not_files: int | None = None,
) -> str:
    """The report's first line: input files found, those skipped by reason, other paths.

    ``skipped_files`` counts the files found but not loaded, by reason (the same words
    as the generation report's ``documents`` line); ``not_files`` the paths that are no
    file (a FIFO, an unreadable folder), counted apart as they are not among ``files``
    (``None``: the ``problems`` not among ``skipped_files``). ``files`` is ``None`` where
    files were not counted (Ray).

    Example:
        >>> skipped_inputs_line(3, ["a.txt: empty (no text)", "b.txt: empty (no text)"],
        ...                     {"empty": 2})
        'input files: 3; skipped: 2 (empty: 2), each named in a warning above'
        >>> skipped_inputs_line(2, ["a.txt: empty (no text)", "p: named pipe (FIFO)"],
        ...                     {"empty": 1}, 1)
        'input files: 2; skipped: 1 (empty: 1); not files: 1; each named in a warning above'
        >>> skipped_inputs_line(None, [])
        'input files skipped: 0'
    """
    from langchain_taskgen.generation.report import counted

    named = ", each named in a warning above" if problems else ""
    if files is None:
        return f"input files skipped: {len(problems)}{named}"
    if skipped_files is None:  # no reasons: every problem counts as a file skipped
        return f"input files: {files}; skipped: {len(problems)}{named}"
    line = f"input files: {files}; skipped: {counted(skipped_files)}"
    others = len(problems) - sum(skipped_files.values()) if not_files is None else not_files
    return f"{line}{named}" if not others else f"{line}; not files: {others};{named[1:]}"


def inputs_line(result: Any) -> str:
    """:func:`skipped_inputs_line` of a :class:`~langchain_taskgen.jobs.GenerateResult`."""
    return skipped_inputs_line(
        result.files, result.input_problems, result.skipped_files, result.not_files
    )
