"""The store's errors and the plain rows it returns (no sqlite import here)."""

from __future__ import annotations

from dataclasses import dataclass

from csmaturity_tui.model import Answer


class StoreError(Exception):
    """One line naming the file (or the field) and the problem.

    ``exit_code`` is 2 for bad input (bad path, not SQLite, corrupt, newer schema,
    bad values, unknown ids) and 1 for other failures (disk full, database busy...).
    """

    exit_code: int = 2

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        message = " ".join(str(message).split())  # always one line
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class NotFound(StoreError):
    """No assessment has this id (or id prefix)."""


class Ambiguous(StoreError):
    """An id prefix matches more than one assessment."""


class InvalidValue(StoreError):
    """A value breaks a model rule; nothing was written. ``str`` is ``field: message``."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class AssessmentRow:
    """One line of the assessment list, read from cached columns."""

    id: str
    client: str
    scope: str
    date: str
    status: str
    progress: float
    overall: float | None
    updated: str
    rubric_id: str
    rubric_version: str


@dataclass(frozen=True)
class HistoryEntry:
    """One change of one answer; ``before``/``after`` are None when unanswered."""

    seq: int
    element_id: str
    at: str
    by: str
    action: str  # set, clear, undo, redo, import, copy, carry
    before: Answer | None
    after: Answer | None
