"""The jobs ``taskgen`` runs, callable from Python: files in, checked pair files out.

:func:`generate_file` is ``taskgen generate`` (load, generate resumably, optionally
check, write kept and rejected pairs and the report); :func:`check_file` is
``taskgen check`` (check an existing pairs file, write kept and rejected pairs).
Both check their output paths before any work, report progress as :class:`JobNote` s,
and stop with a :class:`JobError` (or :class:`JobUsageError`, :class:`NoInputError`).
"""

from langchain_taskgen.jobs.base import (
    JobError,
    JobNote,
    JobUsageError,
    MissingInputError,
    NoInputError,
    OutputPathError,
    rejected_path_for,
)
from langchain_taskgen.jobs.check import CheckResult, check_file, read_pairs_file, run_checks
from langchain_taskgen.jobs.generate import GenerateResult, generate_file

__all__ = [
    "CheckResult",
    "GenerateResult",
    "JobError",
    "JobNote",
    "JobUsageError",
    "MissingInputError",
    "NoInputError",
    "OutputPathError",
    "check_file",
    "generate_file",
    "read_pairs_file",
    "rejected_path_for",
    "run_checks",
]
