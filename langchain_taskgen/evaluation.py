"""Deprecated: moved to :mod:`langchain_taskgen.training.evaluation`.

Its scoring helpers are in :mod:`langchain_taskgen.training.scoring` and
``split_by_source`` in :mod:`langchain_taskgen.pairs.split`; all stay importable here.
"""

from langchain_taskgen._deprecation import warn_moved

warn_moved(__name__, "langchain_taskgen.training.evaluation")

from langchain_taskgen.pairs.split import split_by_source  # noqa: E402
from langchain_taskgen.training.evaluation import *  # noqa: E402,F403
from langchain_taskgen.training.evaluation import __all__ as _evaluation_all  # noqa: E402
from langchain_taskgen.training.scoring import *  # noqa: E402,F403
from langchain_taskgen.training.scoring import __all__ as _scoring_all  # noqa: E402

__all__ = [*_evaluation_all, *_scoring_all, "split_by_source"]
