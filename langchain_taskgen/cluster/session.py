"""Joining or starting a Ray cluster for one job (``taskgen generate --ray ADDRESS``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from langchain_taskgen.cluster.requirements import import_ray


@contextmanager
def ray_session(
    address: str = "auto", *, num_cpus: int | None = None, progress: bool = False
) -> Iterator[Any]:
    """A connected Ray for the job; a cluster started here is shut down at the end.

    Args:
        address: ``"local"`` starts a local cluster on this machine; ``"auto"`` joins
            the running cluster (``RAY_ADDRESS`` or the one ``ray start`` left here)
            and starts a local one when there is none; anything else is Ray's address
            (``ray://head:10001``, ``head:6379``). Already connected: used as it is.
        num_cpus: CPUs of a local cluster started here (default: all of them).
        progress: Show Ray Data's progress bars.

    Yields:
        The ``ray`` module, connected.
    """
    ray = import_ray()
    started = False
    if not ray.is_initialized():
        quiet = {"include_dashboard": False, "logging_level": "WARNING"}
        if address == "local":
            ray.init(num_cpus=num_cpus, **quiet)
        elif address == "auto":
            try:
                ray.init(address="auto", **quiet)
            except ConnectionError:
                ray.init(num_cpus=num_cpus, **quiet)
        else:
            ray.init(address=address, **quiet)
        started = True
    ray.data.DataContext.get_current().enable_progress_bars = progress
    try:
        yield ray
    finally:
        if started:
            ray.shutdown()
