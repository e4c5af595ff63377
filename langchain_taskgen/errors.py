"""Exceptions raised by langchain-taskgen."""

from __future__ import annotations


class TaskParseError(ValueError):
    """A completion could not be turned into a task pair.

    Attributes:
        reason: Machine-readable reason, used as the rejection key in reports
            (e.g. ``"no_separator"``, ``"empty_output"``).
        completion: The offending completion text.
    """

    def __init__(self, reason: str, message: str, completion: str = "") -> None:
        super().__init__(f"{reason}: {message}")
        self.reason = reason
        self.message = message
        self.completion = completion


class EngineError(RuntimeError):
    """A generation engine failed (could not start, died, or is misconfigured)."""


class EngineDeadError(EngineError):
    """The engine died and cannot answer further requests; the run must stop or restart it."""
