"""Opening a database file: vetting it, the one connection per process, pragmas, retries.

Durability: every public write is ONE transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``),
committed before the method returns, in WAL mode with ``synchronous=FULL`` (each commit is
fsynced, so an answer reported as saved survives a crash or a power cut). Foreign keys are
on and a busy timeout lets processes share one file; a transaction that still meets
``SQLITE_BUSY`` (WAL start-up races, a long checkpoint) is rolled back and run again, up to
:data:`BUSY_DEADLINE_S` seconds in all.

One connection per process and file. POSIX advisory locks belong to the process, and
``close()`` of ANY descriptor on the file drops all of them (SQLite's "How To Corrupt An
SQLite Database File", 2.2): another process would then believe it holds the last
connection, checkpoint and delete the WAL under the live one. So the file's header is read
through a plain descriptor only before a connection to it exists in this process, and a
second :meth:`Connection.acquire` of a file this process has open shares the first
connection (closed with its last holder). Threads: the connection is opened with
``check_same_thread=False`` and every call holds a lock (calls are serialised).

sqlite-utils is imported only when a migration is pending (it is a slow import).
"""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from csmaturity_tui.store.errors import StoreError

T = TypeVar("T")

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
BUSY_DEADLINE_S = 30.0

# The open connections of this process, by (pid, device, inode) of their file (the pid:
# a forked child opens its own).
_OPEN: dict[tuple[int, int, int], Connection] = {}
_OPEN_LOCK = threading.Lock()


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _file_key(p: Path) -> tuple[int, int, int] | None:
    """(pid, device, inode) of the file at ``p`` (a stat: no descriptor), None if missing."""
    try:
        st = p.stat()
    except OSError:
        return None
    return (os.getpid(), st.st_dev, st.st_ino)


def is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class Connection:
    """This process's one connection to one database file; see the module docstring."""

    def __init__(self, path: Path, conn: sqlite3.Connection, key: tuple[int, int, int]) -> None:
        self.path = path
        self.conn = conn
        self.key = key
        self.lock = threading.RLock()
        self.holders = 1

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def acquire(cls, path: Path, *, create: bool) -> Connection:
        """The open connection of this process to ``path``, or a new one (vetted first)."""
        with _OPEN_LOCK:
            key = _file_key(path)
            shared = _OPEN.get(key) if key is not None else None
            if shared is not None:
                shared.holders += 1
                return shared
            created, head, size = _prepare_file(path, create=create)
            key = _file_key(path)
            if key is None:
                raise StoreError(f"{path}: the file vanished while it was opened", exit_code=1)
            try:
                conn = sqlite3.connect(
                    str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
                )
            except sqlite3.Error as exc:
                raise StoreError(f"{path}: cannot open the database ({exc})") from None
            db = cls(path, conn, key)
            try:
                db._setup(created=created, head=head, size=size)
            except BaseException:
                conn.close()
                raise
            _OPEN[key] = db
            return db

    def release(self) -> None:
        """One holder less; the connection closes with the last one."""
        with _OPEN_LOCK:
            self.holders -= 1
            if self.holders:
                return
            if _OPEN.get(self.key) is self:
                del _OPEN[self.key]
        with self.lock:
            self.conn.close()

    def _setup(self, *, created: bool, head: bytes, size: int) -> None:
        from csmaturity_tui.store.migration_names import MIGRATION_NAMES, MIGRATION_SET

        conn = self.conn
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            rows = self._quick_check(head, size)
        except sqlite3.DatabaseError as exc:
            raise self.error(exc) from None
        if rows != [("ok",)]:
            detail = str(rows[0][0]) if rows else "no result"
            raise self.damaged(f"quick_check: {detail}")
        applied = self._check_ours(MIGRATION_SET, MIGRATION_NAMES)
        # From here on the file is ours: switching to WAL writes its header.
        self.retry_busy(self._enable_wal)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA secure_delete = ON")
        self._tighten_side_files()
        if tuple(applied) != MIGRATION_NAMES:  # only then pay for importing sqlite-utils
            from csmaturity_tui.store import schema

            self._migrate(schema)
        if not created:
            from csmaturity_tui.store.backup import backup_if_due

            with self.lock:
                backup_if_due(conn, self.path)

    def _quick_check(self, head: bytes, size: int) -> list[tuple[Any, ...]]:
        """Cheap damage checks, independent of the database's size.

        A full ``quick_check`` reads every page (seconds on a decade of assessments), so
        on open: the file must hold every page its header declares (truncation; the
        header was read before the connection existed), and ``quick_check`` runs on the
        small tables read at start-up. Damage in the bulk tables (answers, history) is
        met when they are read: a StoreError "damaged".
        """
        try:
            wal = Path(f"{self.path}-wal").stat().st_size
        except OSError:
            wal = 0
        # The declared size is valid (and no WAL is left to replay, e.g. after a crash
        # mid-checkpoint, which SQLite recovers from on its own).
        if len(head) == 100 and head[24:28] == head[92:96] and not wal:
            page_size = int.from_bytes(head[16:18], "big")
            page_size = 65536 if page_size == 1 else page_size
            pages = int.from_bytes(head[28:32], "big")
            if pages and size < pages * page_size:
                return [(f"file is truncated: {size} of {pages * page_size} bytes",)]
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master")}
        for table in ("sqlite_master", "_sqlite_migrations", "rubrics", "assessments"):
            if table == "sqlite_master" or table in tables:
                rows = self.conn.execute(f"PRAGMA quick_check({table})").fetchall()
                if rows != [("ok",)]:
                    return rows
        return [("ok",)]

    def _check_ours(self, migration_set: str, known: Sequence[str]) -> list[str]:
        """Refuse a database that is not ours or was made by a newer version (read only)."""
        name = self.path
        outer = self.conn.in_transaction
        try:
            tables = [
                r[0]
                for r in self.conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                )
            ]
            applied: list[str] = []
            if "_sqlite_migrations" in tables:
                applied = [
                    r[0]
                    for r in self.conn.execute(
                        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? "
                        "ORDER BY rowid",
                        (migration_set,),
                    )
                ]
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise self.error(exc) from None
            raise StoreError(
                f"{name}: not a csmaturity database (unreadable migrations record: {exc})"
            ) from None
        except sqlite3.DatabaseError as exc:
            raise self.error(exc) from None
        finally:
            if self.conn.in_transaction and not outer:
                self.conn.rollback()
        unknown = [n for n in applied if n not in known]
        if unknown:
            from csmaturity_tui import __version__

            raise StoreError(
                f"{name}: made by a newer version of csmaturity (schema migration "
                f"{unknown[0]!r} is unknown to version {__version__}); upgrade csmaturity "
                "to open it"
            )
        if not applied and tables:
            shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
            raise StoreError(f"{name}: not a csmaturity database (it holds other tables: {shown})")
        return applied

    def _enable_wal(self) -> None:
        mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StoreError(f"{self.path}: cannot use WAL journal mode (got {mode})", exit_code=1)

    def _tighten_side_files(self) -> None:
        """The -wal and -shm files get no wider permissions than the database itself."""
        try:
            mode = stat.S_IMODE(self.path.stat().st_mode)
        except OSError:
            return
        for suffix in ("-wal", "-shm"):
            side = Path(f"{self.path}{suffix}")
            try:
                if stat.S_IMODE(side.stat().st_mode) & ~mode:
                    os.chmod(side, mode)
            except OSError:
                continue

    def _migrate(self, schema: Any) -> None:
        from sqlite_utils import Database

        db = Database(self.conn, execute_plugins=False)
        migrations = schema.migrations
        if not self.retry_busy(lambda: migrations.pending(db)):
            return

        def apply(conn: sqlite3.Connection) -> None:
            # Inside our BEGIN IMMEDIATE, sqlite-utils' atomic() nests as savepoints: the
            # whole upgrade is one transaction, and a second process racing us waits, then
            # finds nothing pending.
            self._check_ours(schema.MIGRATION_SET, schema.MIGRATION_NAMES)
            migrations.apply(db)

        self.run(apply, write=True)

    # -- running -----------------------------------------------------------------------

    def damaged(self, detail: str) -> StoreError:
        """The "damaged" error, naming the newest backup and how to restore it."""
        from csmaturity_tui.store.backup import restore_hint

        return StoreError(
            f"{self.path}: the database is damaged ({detail}){restore_hint(self.path)}"
        )

    def error(self, exc: sqlite3.Error) -> StoreError:
        text = " ".join(str(exc).split())
        if is_busy(exc):
            return StoreError(
                f"{self.path}: the database is busy (another program holds a lock); try again",
                exit_code=1,
            )
        low = text.lower()
        if "not a database" in low:
            return StoreError(f"{self.path}: not a csmaturity database (file is not SQLite)")
        if "malformed" in low or "corrupt" in low:
            return self.damaged(text)
        return StoreError(f"{self.path}: {text}", exit_code=1)

    def retry_busy(self, fn: Callable[[], T]) -> T:
        deadline = time.monotonic() + BUSY_DEADLINE_S
        while True:
            try:
                return fn()
            except sqlite3.Error as exc:
                if self.conn.in_transaction:
                    self.conn.rollback()
                if is_busy(exc) and time.monotonic() < deadline:
                    time.sleep(random.uniform(0.005, 0.05))
                    continue
                raise self.error(exc) from None

    def run(self, fn: Callable[[sqlite3.Connection], T], *, write: bool) -> T:
        """Run ``fn`` in one transaction, committed before returning; retried when busy."""
        conn = self.conn

        def attempt() -> T:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                result = fn(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            return result

        with self.lock:
            return self.retry_busy(attempt)


def _prepare_file(p: Path, *, create: bool) -> tuple[bool, bytes, int]:
    """Check the path and create the file (0600) when needed.

    Returns (created, the first 100 bytes, the size), read while no connection to the
    file exists in this process.
    """
    if p.is_dir():
        raise StoreError(f"{p}: is a folder, not a database file")
    created = False
    if not p.exists():
        if not create:
            raise StoreError(f"{p}: no such database file")
        parent = p.parent
        if not parent.is_dir():
            try:
                parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError as exc:
                raise StoreError(
                    f"{parent}: cannot create the folder for the database ({_reason(exc)})"
                ) from None
        try:
            fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process created it first
        except OSError as exc:
            raise StoreError(f"{p}: cannot create the database ({_reason(exc)})") from None
        else:
            try:
                os.fchmod(fd, 0o600)
            finally:
                os.close(fd)
            created = True
    try:
        with open(p, "rb") as fh:
            head = fh.read(100)
            size = os.fstat(fh.fileno()).st_size
    except IsADirectoryError:
        raise StoreError(f"{p}: is a folder, not a database file") from None
    except OSError as exc:
        raise StoreError(f"{p}: cannot read the database ({_reason(exc)})") from None
    if not os.access(p, os.W_OK):
        raise StoreError(f"{p}: cannot write to the database (permission denied)")
    if not os.access(p.parent, os.W_OK | os.X_OK):
        raise StoreError(
            f"{p}: cannot write in the database's folder {p.parent} (permission denied)"
        )
    if head and not head.startswith(SQLITE_HEADER[: len(head)]):
        raise StoreError(f"{p}: not a csmaturity database (file is not SQLite)")
    if 0 < len(head) < 100:
        raise StoreError(f"{p}: not a csmaturity database (file is truncated)")
    return created, head, size
