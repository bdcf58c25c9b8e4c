"""The CLI's own error (standard library only): a usage fault found by the CLI itself."""

from __future__ import annotations


class CliError(Exception):
    """A failure to report as one line; ``code`` is the exit status (2: bad input)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code
