"""Opening: creation, permissions, refusing what is not ours, bad paths (one line each)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from csmaturity_tui.model import Answer
from csmaturity_tui.rubric import Rubric
from csmaturity_tui.store import Store, StoreError
from csmaturity_tui.store.schema import MIGRATION_NAMES, MIGRATION_SET
from helpers import STORE_BASELINE, dump

ROOT = Path(__file__).resolve().parents[2]


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def _refused(path: Path, fragment: str) -> StoreError:
    with pytest.raises(StoreError) as info:
        Store.open(path)
    message = str(info.value)
    assert "\n" not in message
    assert fragment in message
    return info.value


def test_new_file_is_private_and_parents_are_created(tmp_path: Path, small: Rubric) -> None:
    path = tmp_path / "a" / "b" / "cs.db"
    old = os.umask(0o022)
    try:
        with Store.open(path) as s:
            aid = s.create_assessment(small, client="X", date="2025-01-01", baseline=STORE_BASELINE)
            s.set_answer(aid, Answer("OB-1", level=2))
            assert _mode(path) == 0o600
            for suffix in ("-wal", "-shm"):
                side = Path(f"{path}{suffix}")
                assert side.exists()
                assert _mode(side) == 0o600
    finally:
        os.umask(old)
    assert _mode(path.parent) == 0o700


def test_wal_foreign_keys_and_busy_timeout(store: Store) -> None:
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()
    own = store._conn
    assert own.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert own.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert own.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_empty_file_gets_every_migration(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    Store.open(path).close()
    conn = sqlite3.connect(path)
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
            (MIGRATION_SET,),
        )
    ]
    conn.close()
    assert names == list(MIGRATION_NAMES)
    # opening again applies nothing more and keeps working
    with Store.open(path) as s:
        assert s.list_assessments() == []


def test_missing_file_without_create(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database file"):
        Store.open(tmp_path / "nope.db", create=False)
    assert not (tmp_path / "nope.db").exists()


def test_directory_is_refused(tmp_path: Path) -> None:
    err = _refused(tmp_path, "is a folder")
    assert str(tmp_path) in str(err)
    assert err.exit_code == 2


def test_parent_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    err = _refused(blocker / "sub" / "cs.db", "cannot create the folder")
    assert str(blocker / "sub") in str(err)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_unreadable_and_unwritable_files(store: Store, tmp_path: Path) -> None:
    store.close()
    path = store.path
    path.chmod(0o200)
    _refused(path, "cannot read")
    path.chmod(0o400)
    _refused(path, "cannot write")
    path.chmod(0o600)


def test_unwritable_file_check_is_called(monkeypatch: pytest.MonkeyPatch, store: Store) -> None:
    """Root ignores modes, so also check the refusal path by faking os.access."""
    store.close()
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, m: False if m == os.W_OK else real(p, m))
    err = _refused(store.path, "cannot write to the database")
    assert str(store.path) in str(err)


def test_text_file_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"just some notes, not a database\n" * 10)
    before = path.read_bytes()
    _refused(path, "not a csmaturity database (file is not SQLite)")
    assert path.read_bytes() == before


def test_truncated_file_is_refused_unchanged(store: Store, small: Rubric, aid: str) -> None:
    for i in range(12):
        store.set_answer(aid, Answer(list(small.element_by_id)[i], level=1, note="x" * 3000))
    store.close()
    data = store.path.read_bytes()
    assert len(data) > 8192
    for size in (50, len(data) // 2):
        path = store.path.with_name(f"cut{size}.db")
        path.write_bytes(data[:size])
        before = path.read_bytes()
        with pytest.raises(StoreError) as info:
            Store.open(path)
        assert "\n" not in str(info.value)
        assert str(path) in str(info.value)
        assert path.read_bytes() == before


def test_corrupt_pages_are_refused_unchanged(store: Store, small: Rubric, aid: str) -> None:
    for i in range(12):
        store.set_answer(aid, Answer(list(small.element_by_id)[i], level=1, note="y" * 2000))
    store.close()
    data = bytearray(store.path.read_bytes())
    page = 4096
    for p in range(1, len(data) // page):  # scribble over every page but the first
        start = p * page
        data[start : start + 64] = bytes(range(64))
    path = store.path.with_name("corrupt.db")
    path.write_bytes(bytes(data))
    err = _refused(path, "damaged")
    assert err.exit_code == 2
    assert path.read_bytes() == bytes(data)


def test_foreign_sqlite_file_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    _refused(path, "not a csmaturity database (it holds other tables: invoices)")
    assert path.read_bytes() == before


def test_other_apps_migrations_are_not_ours(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, "
        "name TEXT, applied_at TEXT)"
    )
    conn.execute("INSERT INTO _sqlite_migrations VALUES (1, 'someapp', 'm1', 'x')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    _refused(path, "not a csmaturity database")
    assert path.read_bytes() == before


def test_newer_schema_is_refused_and_file_left_byte_identical(store: Store, aid: str) -> None:
    store.close()
    path = store.path
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        (MIGRATION_SET, "m999_from_the_future", "2030-01-01 00:00:00+00:00"),
    )
    conn.commit()
    conn.close()
    assert not Path(f"{path}-wal").exists()
    before = path.read_bytes()
    err = _refused(path, "newer version of csmaturity")
    assert "m999_from_the_future" in str(err)
    assert err.exit_code == 2
    assert path.read_bytes() == before
    # and the same in rollback-journal mode (WAL would have been switched on otherwise)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = path.read_bytes()
    _refused(path, "newer version")
    assert path.read_bytes() == before


def test_importing_the_store_does_not_import_sqlite_utils() -> None:
    code = (
        "import sys, csmaturity_tui.store\n"
        "assert 'sqlite_utils' not in sys.modules, 'sqlite_utils imported'\n"
        "assert 'platformdirs' not in sys.modules, 'platformdirs imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_the_fixture_copy_helper_is_isolated(tmp_path: Path) -> None:
    """Copies of fixture databases never touch the committed files."""
    src = Path(__file__).parent / "fixtures" / "schema_m001_initial.db"
    before = src.read_bytes()
    copy = tmp_path / "copy.db"
    shutil.copy(src, copy)
    Store.open(copy).close()
    assert src.read_bytes() == before
    assert dump(copy)
