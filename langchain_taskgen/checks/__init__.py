"""What a pair must pass to be kept, each failure a counted reason.

:mod:`~langchain_taskgen.checks.answers` holds the strict per-pair task checks (labels,
options, spans, structure, loops, language), run on every completion;
:mod:`~langchain_taskgen.checks.verify` checks whole pairs files (duplicates, relevance
to the passage, quality scores) and :mod:`~langchain_taskgen.checks.roundtrip` asks a
model whether each pair's own passage gives its answer away.
:mod:`~langchain_taskgen.checks.audit` audits a whole set for answers a trick gets without
reading (:mod:`~langchain_taskgen.checks.tricks` holds the tricks).
"""
