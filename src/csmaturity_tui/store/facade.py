"""The Store: one open csmaturity database, its methods gathered from one module each.

``Store.open`` acquires this process's one connection to the file
(:mod:`~csmaturity_tui.store.connection`); assessments, answers (with undo and history)
import, pilots, rounds and assessors each live in their own module.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import TracebackType

from csmaturity_tui.store.assessments import Assessments
from csmaturity_tui.store.assessors import Assessors
from csmaturity_tui.store.connection import Connection
from csmaturity_tui.store.importing import Importing
from csmaturity_tui.store.pilots import Pilots
from csmaturity_tui.store.rounds import Rounds
from csmaturity_tui.store.syncing import Syncing


class Store(Assessments, Syncing, Assessors, Importing, Pilots, Rounds):
    """One open csmaturity database. Create with :meth:`Store.open`; see docs/store-api.md.

    Several Stores opened on one file in one process are handles on ONE connection
    (thread-safe: calls are serialised), which closes with the last handle.
    """

    def __init__(self, path: Path, db: Connection) -> None:
        self.path = path
        self._db = db
        self._closed = False

    @property
    def _conn(self) -> sqlite3.Connection:
        """The process's one connection to the file (for tests and tools reading it)."""
        return self._db.conn

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True) -> Store:
        """Open (or create) the database at ``path``; see docs/store-api.md."""
        p = Path(path).expanduser()
        return cls(p, Connection.acquire(p, create=create))

    def close(self) -> None:
        """Close this handle (again: nothing); the connection closes with the last one."""
        if not self._closed:
            self._closed = True
            self._db.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"
