"""Shown instead of any screen when the terminal is 40x12 or smaller."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    """Covers everything until the terminal grows; only quitting still works."""

    HELP_TITLE = "Terminal too small"
    CSS_PATH = "too_small.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static("Terminal too small.\nMake it at least 60x20\n(q quits)", id="too-small")
