"""The offline store (SQLite via sqlite-utils); the API is in docs/store-api.md.

Importing this package is cheap: sqlite-utils is imported only when a database
is opened (:meth:`Store.open`).
"""

from __future__ import annotations

from csmaturity_tui.store.db import Store, default_db_path, now_iso
from csmaturity_tui.store.errors import (
    Ambiguous,
    AssessmentRow,
    HistoryEntry,
    InvalidValue,
    NotFound,
    StoreError,
)

__all__ = [
    "Ambiguous",
    "AssessmentRow",
    "HistoryEntry",
    "InvalidValue",
    "NotFound",
    "Store",
    "StoreError",
    "default_db_path",
    "now_iso",
]
