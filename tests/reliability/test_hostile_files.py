"""Hostile database files: one clear line, the right exit code, the file unchanged.

Every case goes through the real CLI (``python -m csmaturity_tui --db FILE list``, and
the bare ``--db FILE`` that would open the TUI: it must refuse before taking the
screen). Bad input exits 2; a disk-full error is a failure, not bad input, and exits 1
(``docs/store-api.md``: "exit_code is 2 for bad input ... 1 for other failures (disk
full ...)"). The suite runs as root, which ignores file modes: read-only cases use
``chattr +i`` (immutable: even root cannot write) and are skipped, with that reason,
where the file system refuses it. Disk full is real: the child runs under
``RLIMIT_FSIZE`` so SQLite's writes fail with EFBIG.

In the running TUI, a write that fails (read-only, disk full) is a one-line
"Not saved: ..." on the status line, no traceback, nothing written.
"""

from __future__ import annotations

import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from rel_helpers import ROOT, child_env, cli

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.model import Answer, Baseline
from csmaturity_tui.store import Store
from csmaturity_tui.store.migration_names import MIGRATION_SET
from helpers import SMALL, chattr


def _good_db(path: Path, answers: int = 12, note: int = 3000) -> str:
    rubric = rubric_mod.load(SMALL)
    with Store.open(path) as store:
        aid = store.create_assessment(
            rubric, client="Hostile Files Ltd", date="2026-03-01", baseline=Baseline()
        )
        for eid in list(rubric.element_by_id)[:answers]:
            store.set_answer(aid, Answer(eid, level=2, note="n" * note))
    conn = sqlite3.connect(path)  # fold the WAL into the file, as a closed app leaves it
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return aid


def _files(path: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(path.parent.iterdir())
        if p.name.startswith(path.name) and p.is_file()
    }


def _refused(path: Path, code: int, *words: str) -> None:
    """Both the list command and the TUI launch refuse with one line; files untouched."""
    before = _files(path)
    for args in (["list"], []):
        res = cli(path, *args)
        assert res.returncode == code, (args, res.returncode, res.stdout, res.stderr)
        lines = res.stderr.splitlines()
        assert len(lines) == 1, res.stderr
        assert "Traceback" not in res.stderr
        assert str(path) in lines[0]
        for word in words:
            assert word in lines[0], lines[0]
        assert res.stdout == ""
        assert "\x1b[" not in res.stdout + res.stderr  # the screen was never taken
        assert _files(path) == before


def test_truncated_database(tmp_path: Path) -> None:
    good = tmp_path / "good.db"
    _good_db(good)
    data = good.read_bytes()
    for size in (60, 4096, len(data) // 2, len(data) - 4096):
        cut = tmp_path / f"cut{size}.db"
        cut.write_bytes(data[:size])
        _refused(cut, 2, "not a csmaturity database" if size < 100 else "damaged")


def test_corrupt_database(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.db"
    _good_db(path)
    data = bytearray(path.read_bytes())
    for start in range(4096, len(data), 4096):  # scribble over every page after the first
        data[start + 8 : start + 40] = b"\xa5" * 32
    path.write_bytes(bytes(data))
    _refused(path, 2, "damaged")


def test_non_sqlite_files(tmp_path: Path) -> None:
    for name, content in {
        "text.db": b"just some notes\n" * 50,
        "zip.db": b"PK\x03\x04" + bytes(500),
        "png.db": b"\x89PNG\r\n\x1a\n" + bytes(500),
    }.items():
        path = tmp_path / name
        path.write_bytes(content)
        _refused(path, 2, "not a csmaturity database")


def test_database_from_a_newer_version(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    _good_db(path)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        (MIGRATION_SET, "m999_from_the_future", "2031-01-01 00:00:00"),
    )
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    _refused(path, 2, "newer version")


def test_read_only_file(tmp_path: Path, immutable: list[Path]) -> None:
    path = tmp_path / "ro.db"
    _good_db(path)
    if not chattr(path, "+i"):
        pytest.skip("chattr +i is not allowed here, and root ignores file modes")
    immutable.append(path)
    _refused(path, 2, "cannot write")


def test_read_only_folder(tmp_path: Path, immutable: list[Path]) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "in-ro-folder.db"
    _good_db(path)
    if not chattr(folder, "+i"):
        pytest.skip("chattr +i is not allowed here, and root ignores folder modes")
    immutable.append(folder)
    _refused(path, 2, "cannot write")
    # and a new database cannot be created there either: one line, nothing created
    res = cli(folder / "new.db", "demo")
    assert res.returncode == 2 and len(res.stderr.splitlines()) == 1, res.stderr
    assert not (folder / "new.db").exists()


def _limit_file_size(limit: int) -> Any:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a signal
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_disk_full_on_import(tmp_path: Path) -> None:
    path = tmp_path / "full.db"
    _good_db(path, answers=2, note=10)
    before = _files(path)
    demo = ROOT / "sample_db" / "demo.toml"
    res = subprocess.run(
        [sys.executable, "-m", "csmaturity_tui", "--db", str(path), "import", str(demo)],
        capture_output=True,
        text=True,
        env=child_env(),
        preexec_fn=_limit_file_size(path.stat().st_size + 8192),
        timeout=120,
        check=False,
    )
    assert res.returncode == 1, (res.returncode, res.stderr)
    lines = res.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in res.stderr, res.stderr
    assert "full" in lines[0] and str(path) in lines[0], lines[0]
    assert res.stdout == ""
    # nothing committed: the next open sees the database exactly as before
    assert _files(path)[path.name] == before[path.name]
    with Store.open(path) as store:
        assert [r.client for r in store.list_assessments()] == ["Hostile Files Ltd"]


class _FailingWrites:
    """A connection whose writes fail like a full disk or a read-only file."""

    def __init__(self, conn: sqlite3.Connection, message: str) -> None:
        self._conn = conn
        self._message = message

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise sqlite3.OperationalError(self._message)
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@pytest.mark.parametrize(
    "message", ["database or disk is full", "attempt to write a readonly database"]
)
async def test_tui_shows_a_failed_write_as_one_line(tmp_path: Path, message: str) -> None:
    from textual.widgets import Static

    from csmaturity_tui.tui.app import CsMaturityApp
    from csmaturity_tui.tui.screens.flow import FlowScreen

    path = tmp_path / "tui.db"
    aid = _good_db(path, answers=0)
    store = Store.open(path)
    app = CsMaturityApp(store)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            app.open_assessment(aid)
            for _ in range(300):
                await pilot.pause(0.01)
                if isinstance(app.screen, FlowScreen):
                    break
            assert isinstance(app.screen, FlowScreen)
            await pilot.pause()
            store._db.conn = _FailingWrites(store._db.conn, message)  # type: ignore[assignment]
            await pilot.press("2")
            status = str(app.screen.query_one("#status", Static).visual)
            assert status.startswith("Not saved:"), status
            assert message in status and "\n" not in status
            assert "Traceback" not in status
            assert app.is_running and isinstance(app.screen, FlowScreen)
            store._db.conn = store._db.conn._conn  # type: ignore[attr-defined]
    finally:
        store.close()
    with Store.open(path) as check:
        assert check.load(aid)[1].answers == {}


def _corrupt_answer_pages(path: Path) -> None:
    """Scribble over the pages of the answers table only (the list still reads fine)."""
    conn = sqlite3.connect(path)
    pages = [
        p
        for (p,) in conn.execute(
            "SELECT pageno FROM dbstat WHERE name IN ('answers', 'sqlite_autoindex_answers_1') "
            "AND pagetype = 'leaf'"
        )
    ]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    assert pages
    data = bytearray(path.read_bytes())
    for p in pages:
        start = (p - 1) * page_size
        data[start : start + page_size] = b"\xa5" * page_size
    path.write_bytes(bytes(data))


async def test_damage_met_after_opening_is_one_line_too(tmp_path: Path, toasts: list[str]) -> None:
    """Open checks only the tables home reads; damage elsewhere surfaces when read (by
    the list too, when it evaluates an overall score a change cleared)."""
    from csmaturity_tui.tui.app import CsMaturityApp

    path = tmp_path / "late.db"
    aid = _good_db(path)
    _corrupt_answer_pages(path)
    before = _files(path)
    res = cli(path, "list")  # listed, without a score: the damage is said on one line
    assert res.returncode == 2 and "Hostile Files Ltd" in res.stdout, res.stderr
    assert len(res.stderr.splitlines()) == 1 and "damaged" in res.stderr, res.stderr
    res = cli(path, "export", aid, "--format", "md")
    assert res.returncode == 2, (res.returncode, res.stderr)
    assert len(res.stderr.splitlines()) == 1 and "damaged" in res.stderr, res.stderr
    assert _files(path) == before
    store = Store.open(path)
    app = CsMaturityApp(store)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            app.open_assessment(aid)
            for _ in range(200):
                await pilot.pause(0.02)
                if toasts:
                    break
            assert any("damaged" in m and "\n" not in m for m in toasts), toasts
            assert app.is_running
    finally:
        store.close()
    assert _files(path)[path.name] == before[path.name]
