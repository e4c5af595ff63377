"""Old import paths that keep working for one release, with a ``DeprecationWarning``."""

from __future__ import annotations

import warnings


def warn_moved(old: str, new: str, *, stacklevel: int = 3) -> None:
    """Warn that module or name ``old`` now lives at ``new``.

    Called at the top of a shim module (``stacklevel=3`` points at the importer).

    Example:
        >>> import warnings
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     warn_moved("langchain_taskgen.old", "langchain_taskgen.new")
        >>> print(caught[0].message)
        langchain_taskgen.old moved to langchain_taskgen.new; the old path goes in the next release
    """
    warnings.warn(
        f"{old} moved to {new}; the old path goes in the next release",
        DeprecationWarning,
        stacklevel=stacklevel,
    )
