"""Rebuild sample_db/demo.db from sample_db/demo.toml (run by ``make sample``).

demo.toml is the source (regenerate it with make_demo.py); demo.db is the same
assessment as a ready-made database, for browsing with sqlite-utils or Datasette
or for ``csmaturity --db sample_db/demo.db``. The database's bytes differ from
build to build (history stamps), so tests compare the exported TOML instead.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from csmaturity_tui.services import load_demo
from csmaturity_tui.store import Store

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "demo.toml"
TARGET = HERE / "demo.db"


def build(source: Path = SOURCE, target: Path = TARGET) -> str:
    """Write ``target`` afresh from ``source``; returns the demo's id."""
    if source.resolve() != SOURCE.resolve():
        sys.exit("build.py reads sample_db/demo.toml only (the packaged demo)")
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with Store.open(target) as store:
        aid = load_demo(store)
    # a clean, single-file database to check in: fold the WAL back, leave WAL mode
    conn = sqlite3.connect(target)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode = DELETE")
        conn.execute("VACUUM")
    finally:
        conn.close()
    return aid


if __name__ == "__main__":
    aid = build()
    print(f"wrote {TARGET.relative_to(HERE.parent)} (assessment {aid})")
