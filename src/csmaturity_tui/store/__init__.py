"""The offline store (SQLite via sqlite-utils); the API is in docs/store-api.md.

Importing this package is cheap: sqlite-utils is imported only when a database
is opened (:meth:`Store.open`).
"""

from __future__ import annotations

from csmaturity_tui.store.errors import (
    Ambiguous,
    AssessmentRow,
    HistoryEntry,
    InvalidValue,
    NotFound,
    StoreError,
)
from csmaturity_tui.store.facade import Store
from csmaturity_tui.store.mapping import now_iso

__all__ = [
    "Ambiguous",
    "AssessmentRow",
    "HistoryEntry",
    "InvalidValue",
    "NotFound",
    "Store",
    "StoreError",
    "now_iso",
]
