"""A user check that slows a job down where ``TASKGEN_TEST_SLOW`` is set, and keeps every pair.

Importable by a killed job and by its rerun alike: a run's checks, by name and code, are
part of its resume key, so the rerun must pass the same one to take the finished batches.
"""

from __future__ import annotations

import os
import time
from typing import Any


def slow(pair: Any) -> str | None:
    """Keep the pair; first sleep a second where ``TASKGEN_TEST_SLOW`` is set."""
    if os.environ.get("TASKGEN_TEST_SLOW"):
        time.sleep(1.0)
    return None
