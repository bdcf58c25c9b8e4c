"""Helpers shared by the store tests (tests/store is on sys.path while they run)."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()
