"""The floor for "answer saved and shown": a bare Textual app that, per level key, does
one INSERT + COMMIT (WAL, ``synchronous=FULL``) and updates one label.

    python bench/floor_app.py DB
"""

from __future__ import annotations

import sqlite3
import sys

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Label

READY = "Floor app ready"


class FloorApp(App[None]):
    def __init__(self, db: str) -> None:
        super().__init__()
        self.conn = sqlite3.connect(db, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("CREATE TABLE IF NOT EXISTS answers (n INTEGER, level INTEGER)")
        self.n = 0

    def compose(self) -> ComposeResult:
        yield Label(READY, id="count")

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            self.n += 1
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("INSERT INTO answers VALUES (?, ?)", (self.n, int(event.character)))
            self.conn.execute("COMMIT")
            self.query_one("#count", Label).update(f"answered {self.n}.")


if __name__ == "__main__":
    FloorApp(sys.argv[1]).run()
