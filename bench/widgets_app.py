"""A second reference: the home screen's Textual widgets, none of csmaturity's code.

Header, a hidden Input, a DataTable of 120 rows x 5 columns and a Footer with the home
screen's ten bindings: the cost of the widgets themselves, which no change to csmaturity
can remove (``python bench/widgets_app.py``).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Input

MARKER = "Widget row 000"


class WidgetsApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(key, key, label)
        for key, label in [
            ("n", "New"),
            ("enter", "Open"),
            ("d", "Dashboard"),
            ("D", "Demo"),
            ("r", "Re-assess"),
            ("a", "Archive"),
            ("e", "Edit"),
            ("slash", "Filter"),
            ("escape", "Clear"),
            ("q", "Quit"),
        ]
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        box = Input(placeholder="Filter")
        box.display = False
        yield box
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[str] = self.query_one(DataTable)
        table.add_column("Client")
        for name, width in (("Date", 10), ("Status", 8), ("Progress", 8), ("Overall", 7)):
            table.add_column(name, width=width)
        for i in range(120):
            table.add_row(f"Widget row {i:03d}", "2026-03-01", "draft", "98%", "3.1")
        table.focus()


if __name__ == "__main__":
    WidgetsApp().run()
