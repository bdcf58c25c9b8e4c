"""The database file is never opened through a plain descriptor while a connection is live.

POSIX advisory locks belong to the process, and ``close()`` of ANY descriptor on the file
drops all of them (SQLite's "How To Corrupt An SQLite Database File", section 2.2): then
another process believes it holds the last connection, checkpoints and deletes the WAL
under the live one, and every answer written afterwards is lost.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest
from rel_helpers import cli, deleted_side_files

from csmaturity_tui import cli as cli_mod
from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.model import Answer, Baseline
from csmaturity_tui.store import Store
from csmaturity_tui.store.backup import backup_if_due, restore_hint
from helpers import SMALL


def _answers(db: Path) -> dict[str, int]:
    """The answers as another process's connection sees them (read only)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return dict(conn.execute("SELECT element_id, level FROM answers"))
    finally:
        conn.close()


def test_second_open_in_process_then_cli_keeps_the_wal_and_every_answer(tmp_path: Path) -> None:
    """The issue's reproduction: Store.open twice in one process, then the CLI beside it."""
    db = tmp_path / "repro.db"
    small = rubric_mod.load(SMALL)
    elements = list(small.element_by_id)
    store = Store.open(db)
    try:
        aid = store.create_assessment(small, client="Repro", date="2026-03-01", baseline=Baseline())
        store.set_answer(aid, Answer(elements[0], level=2))
        Store.open(db).close()  # a second Store in the same process (a worker did this)
        done = cli(db, "list")
        assert done.returncode == 0, done.stderr
        assert Path(f"{db}-wal").exists(), "the WAL was deleted under a live connection"
        assert not deleted_side_files(os.getpid())
        for i, eid in enumerate(elements[1:9]):
            store.set_answer(aid, Answer(eid, level=1 + i % 3))
            assert cli(db, "list").returncode == 0
        assert Path(f"{db}-wal").exists()
        assert not deleted_side_files(os.getpid())
        expected = {eid: a.level for eid, a in store.load(aid)[1].answers.items()}
        assert len(expected) == 9
        assert _answers(db) == expected  # another process sees every answer
    finally:
        store.close()
    with Store.open(db) as again:
        assert {e: a.level for e, a in again.load(aid)[1].answers.items()} == expected
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def test_a_second_open_shares_the_connection_until_the_last_handle_closes(
    tmp_path: Path,
) -> None:
    db = tmp_path / "shared.db"
    first = Store.open(db)
    second = Store.open(str(db))
    third = Store.open(tmp_path / "." / "shared.db")
    assert first._conn is second._conn is third._conn
    second.close()
    second.close()  # closing a handle twice is harmless
    assert first.list_assessments() == []
    first.close()
    assert third.list_assessments() == []  # the last handle keeps the connection
    third.close()
    with pytest.raises(sqlite3.ProgrammingError):
        third._conn.execute("SELECT 1")
    with Store.open(db) as fresh:  # a new connection once every handle is closed
        assert fresh._conn is not first._conn


def test_no_code_path_opens_the_database_file_while_a_connection_is_live(
    tmp_path: Path, plain_opens: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "watched.db"
    small = rubric_mod.load(SMALL)
    with Store.open(db) as store:
        aid = store.create_assessment(small, client="Watch", date="2026-03-01", baseline=Baseline())
        watched = {os.path.realpath(f"{db}{suffix}") for suffix in ("", "-wal", "-shm")}
        plain_opens.clear()  # creating the file before any connection is allowed
        # every store path, and every CLI command run in this process beside the live one
        store.set_answer(aid, Answer(next(iter(small.element_by_id)), level=3))
        store.load(aid)
        store.list_assessments()
        store.history(aid)
        store.undo(aid)
        store.duplicate(aid, copy_answers=True)
        with Store.open(db, create=False) as again:
            again.list_assessments()
        later = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)
        assert backup_if_due(store._conn, db, now=later) is not None  # a backup, live
        assert "newest backup" in restore_hint(db)
        export = tmp_path / "out.toml"
        for argv in (
            ["list"],
            ["list", "--json"],
            ["demo"],
            ["export", aid[:8], "--format", "toml", "-o", str(export)],
            ["export", aid[:8], "--format", "md"],
            ["import", str(export), "--as-new"],
        ):
            assert cli_mod.main(["--db", str(db), *argv]) == 0, capsys.readouterr().err
        assert Path(f"{db}-wal").exists()
    assert plain_opens, "the spy saw no open at all: it does not work"
    assert not watched & set(plain_opens), sorted(watched & set(plain_opens))
