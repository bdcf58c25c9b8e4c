"""Errors shared by the interface layers (cli.py, commands.py, tui/); standard library only."""

from __future__ import annotations


class CliError(Exception):
    """A failure to report as one line; ``code`` is the exit status (2: bad input)."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


class UserError(Exception):
    """A failure to show the person as one line as it is (the TUI's workers raise it)."""
