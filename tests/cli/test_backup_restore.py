"""Backups (through SQLite's backup API, at open, at most once a day, the last 7 kept,
0600) and ``csmaturity restore`` end to end: a damaged database names its newest backup
and the command that puts it back; the damaged file is kept aside, never deleted."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
from pathlib import Path

import pytest
from cli_helpers import one_line_error, run

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.model import Answer, Baseline
from csmaturity_tui.store import Store
from csmaturity_tui.store.backup import KEPT, backup_if_due, backups
from helpers import SMALL

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def _db(folder: Path) -> tuple[Path, str]:
    db = folder / "cs.db"
    with Store.open(db) as store:
        aid = store.create_assessment(
            rubric_mod.load(SMALL), client="Backup Ltd", date="2026-03-01", baseline=Baseline()
        )
        store.set_answer(aid, Answer("OB-1", level=3))
    return db, aid


def _levels(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return dict(conn.execute("SELECT element_id, level FROM answers"))
    finally:
        conn.close()


def _scribble(db: Path) -> None:
    """A level off the scale, as another program might write it: damage."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE answers SET level = 99 WHERE element_id = 'OB-1'")
    conn.close()


def test_a_backup_at_open_once_a_day_private_and_rotated(tmp_path: Path) -> None:
    db, _aid = _db(tmp_path)
    assert backups(db) == []  # a new file has nothing to back up
    with Store.open(db) as store:
        [first] = backups(db)
        conn = store._conn
        assert backup_if_due(conn, db, now=dt.datetime.now(dt.UTC)) is None  # not due yet
        made = [backup_if_due(conn, db, now=T0 + dt.timedelta(days=400 + d)) for d in range(9)]
    assert all(made)
    with Store.open(db):
        pass  # the newest is from a future day: not due
    kept = backups(db)
    assert len(kept) == KEPT
    assert kept == sorted((m for m in made if m), reverse=True)[:KEPT]  # newest first
    assert first not in kept
    for b in kept:
        assert stat.S_IMODE(b.stat().st_mode) == 0o600
        assert _levels(b) == {"OB-1": 3}
        assert not Path(f"{b}-wal").exists()


def test_damaged_names_the_backup_and_restore_keeps_the_damaged_file_aside(
    tmp_path: Path,
) -> None:
    db, aid = _db(tmp_path)
    with Store.open(db) as store:  # the backup, taken at this open, has OB-1 = 3
        [backup] = backups(db)
        store.set_answer(aid, Answer("OB-2", level=2))  # given after the backup
    _scribble(db)
    damaged = db.read_bytes()
    line = one_line_error(run(db, "export", aid, "--format", "md"))
    assert "damaged" in line and "OB-1" in line and "99" in line, line
    assert str(backup) in line and f"csmaturity --db {db} restore" in line, line

    done = run(db, "restore")
    assert done.code == 0, done.err
    assert done.out == ""
    assert str(backup) in done.err and "NOT in the restored database" in done.err, done.err
    [aside] = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert str(aside) in done.err
    assert aside.read_bytes() == damaged  # kept as it was, never deleted
    assert _levels(db) == {"OB-1": 3}  # OB-2, given after the backup, is not in it
    exported = run(db, "export", aid, "--format", "toml")
    assert exported.code == 0 and "Backup Ltd" in exported.out, exported.err


def test_restore_a_named_backup_and_refusals(tmp_path: Path) -> None:
    db, _aid = _db(tmp_path)
    line = one_line_error(run(db, "restore"))
    assert "no backup found" in line and str(db) in line
    text = tmp_path / "notes.txt"
    text.write_text("not a backup\n" * 20)
    line = one_line_error(run(db, "restore", str(text)))
    assert str(text) in line and "not a usable backup" in line
    line = one_line_error(run(db, "restore", str(tmp_path / "missing")))
    assert "no such backup file" in line
    assert [p.name for p in tmp_path.iterdir() if ".damaged-" in p.name] == []
    with Store.open(db):
        pass
    [backup] = backups(db)
    named = tmp_path / "kept-copy.db"
    named.write_bytes(backup.read_bytes())
    done = run(db, "restore", str(named))
    assert done.code == 0, done.err
    assert _levels(db) == {"OB-1": 3}


def test_restore_refuses_while_the_database_is_open(tmp_path: Path) -> None:
    db, aid = _db(tmp_path)
    with Store.open(db) as store:
        store.list_assessments()
        files = sorted(p.name for p in tmp_path.iterdir())  # names only: no descriptor
        line = one_line_error(run(db, "restore"), code=1)
        assert "in use" in line and str(db) in line, line
        assert sorted(p.name for p in tmp_path.iterdir()) == files
        store.set_answer(aid, Answer("OB-2", level=1))  # the open store is unharmed
    assert _levels(db) == {"OB-1": 3, "OB-2": 1}


@pytest.mark.parametrize("argv", [["--help"], ["restore", "--help"]])
def test_restore_is_in_the_help(tmp_path: Path, argv: list[str]) -> None:
    done = run(tmp_path / "cs.db", *argv)
    assert done.code == 0 and "restore" in done.out
