"""The reference: a bare Textual app that paints one label (``python bench/bare_app.py``)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Label

MARKER = "Bare app ready"


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Label(MARKER)


if __name__ == "__main__":
    BareApp().run()
