"""The rubrics assessments are pinned to: stored as their full TOML text, parsed once.

Parsed rubrics are cached by the sha256 of their text, for the whole process.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from csmaturity_tui.store.errors import InvalidValue, StoreError
from csmaturity_tui.store.mapping import now_iso, rows

if TYPE_CHECKING:  # the rubric's pydantic models are a slow import: loaded on first use
    from csmaturity_tui.rubric import Rubric

_PARSED: dict[str, Rubric] = {}


def pinned(conn: sqlite3.Connection, path: Path, sha: str) -> Rubric:
    """The rubric stored under ``sha`` (``path`` names the database in errors)."""
    cached = _PARSED.get(sha)
    if cached is not None:
        return cached
    found = rows(conn, "SELECT rubric_id, toml FROM rubrics WHERE sha256 = ?", (sha,))
    if not found:
        raise StoreError(f"{path}: the pinned rubric {sha[:12]} is missing", exit_code=1)
    from csmaturity_tui.rubric import RubricError, loads

    try:
        rubric = loads(found[0]["toml"], f"{path}: pinned rubric {sha[:12]}")
    except RubricError as exc:
        first = str(exc.problems[0]) if exc.problems else str(exc)
        raise StoreError(f"{first} (the stored rubric no longer loads)") from None
    _PARSED[sha] = rubric
    return rubric


def pin(conn: sqlite3.Connection, rubric: Rubric) -> str:
    """Store ``rubric``'s text (once); its sha256."""
    if not rubric.source:
        raise InvalidValue("rubric", "has no source text to pin (load it from TOML)")
    sha = rubric.sha256
    conn.execute(
        "INSERT OR IGNORE INTO rubrics (sha256, rubric_id, version, title, toml, added) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (sha, rubric.meta.id, rubric.meta.version, rubric.meta.title, rubric.source, now_iso()),
    )
    _PARSED.setdefault(sha, rubric)
    return sha
