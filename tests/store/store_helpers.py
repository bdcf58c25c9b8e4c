"""Helpers shared by the store tests (tests/store is on sys.path while they run)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from csmaturity_tui.model import Baseline

BASELINE = Baseline(
    currency="EUR",
    period="FY2024",
    start_arr=1_000_000.0,
    churned_arr=60_000.0,
    contraction_arr=40_000.0,
    expansion_arr=90_000.0,
    targets={"onboard": 3.5},
)


def dump(path: Path) -> str:
    """Every row of the database as SQL text (compare before/after to prove nothing changed)."""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()
