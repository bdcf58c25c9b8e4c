"""Rotating backups of a database, and putting one back (``csmaturity restore``).

A backup is taken through SQLite's online backup API on the process's one connection
(never by copying the file: no second descriptor on it), when the database is opened and
the newest backup is a day old or more. The last :data:`KEPT` are kept beside the file,
named ``<file>.backup-<UTC stamp>``, mode 0600, in rollback-journal mode (a single file).
A copy that is damaged (damage is copied page by page) is not kept. A backup is a
convenience: one that cannot be written (disk full, read-only folder) leaves the
database untouched and opening goes on.

``restore`` puts a backup back while no process has the database open (it checks through
the same POSIX lock every SQLite connection holds), keeping the current file aside, never
deleting it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from csmaturity_tui.store.errors import StoreError

KEPT = 7
EVERY = dt.timedelta(days=1)
_STAMP = "%Y%m%dT%H%M%SZ"
# SQLite's unix locks live at these offsets of the database file (os_unix.c): a
# connection holds a shared lock on the SHARED range as long as it is open (WAL mode).
_PENDING_BYTE = 0x40000000
_SHARED_FIRST = _PENDING_BYTE + 2
_SHARED_SIZE = 510


def backups(db: Path) -> list[Path]:
    """The backups beside ``db``, newest first."""
    pattern = re.compile(re.escape(db.name) + r"\.backup-(\d{8}T\d{6}Z)$")
    try:
        names = os.listdir(db.parent)
    except OSError:
        return []
    return [db.parent / n for n in sorted((n for n in names if pattern.match(n)), reverse=True)]


def taken_at(backup: Path) -> dt.datetime | None:
    """When a backup was taken, from its name (None for a name not of ours)."""
    match = re.search(r"\.backup-(\d{8}T\d{6}Z)$", backup.name)
    if match is None:
        return None
    return dt.datetime.strptime(match.group(1), _STAMP).replace(tzinfo=dt.UTC)


def shown(when: dt.datetime | None) -> str:
    return "an unknown time" if when is None else when.strftime("%Y-%m-%d %H:%M UTC")


def restore_hint(db: Path) -> str:
    """What to say after "damaged": the newest backup and the command that restores it."""
    found = backups(db)
    if not found:
        return "; no backup of it was found beside it"
    return (
        f"; the newest backup is {found[0]} (taken {shown(taken_at(found[0]))}): "
        f"'csmaturity --db {db} restore' puts it back, keeping this file aside"
    )


def backup_if_due(
    conn: sqlite3.Connection, db: Path, *, now: dt.datetime | None = None
) -> Path | None:
    """A new backup if the newest is older than :data:`EVERY`; the older ones pruned.

    ``conn`` is the process's connection to ``db`` (the caller holds its lock).
    Returns the new backup, or None (not due, or it could not be written).
    """
    now = now or dt.datetime.now(dt.UTC)
    found = backups(db)
    newest = taken_at(found[0]) if found else None
    if newest is not None and now - newest < EVERY:
        return None
    target = db.parent / f"{db.name}.backup-{now.strftime(_STAMP)}"
    tmp = db.parent / f".{target.name}.{os.getpid()}.tmp"
    try:
        _write_copy(conn, tmp)
        if not _sound(tmp):  # damage is copied page by page: never keep it as a backup
            raise sqlite3.DatabaseError("the copy is damaged")
        os.replace(tmp, target)
    except (OSError, sqlite3.Error):
        with contextlib.suppress(OSError):
            tmp.unlink()
        return None
    for old in backups(db)[KEPT:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def _write_copy(source: sqlite3.Connection, tmp: Path) -> None:
    """A consistent copy of ``source``'s database in ``tmp`` (new, 0600, one file)."""
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    dst = sqlite3.connect(tmp)
    try:
        source.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
        dst.commit()
    finally:
        dst.close()


def _sound(copy: Path) -> bool:
    conn = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
    finally:
        conn.close()


@dataclass(frozen=True)
class Restored:
    backup: Path
    taken: dt.datetime | None
    kept_aside: Path | None  # where the file that was there now is (None: there was none)

    @property
    def taken_text(self) -> str:
        """When the backup was taken, as a person reads it."""
        return shown(self.taken)


def restore(db: Path, backup: Path | None = None) -> Restored:
    """Put ``backup`` (default: the newest) back as ``db``; the current file kept aside.

    Refused (StoreError, nothing changed) when the backup is missing, not a sound
    csmaturity database, or when a process has ``db`` open.
    """
    if backup is None:
        found = backups(db)
        if not found:
            raise StoreError(
                f"{db}: no backup found beside it (backups are named {db.name}.backup-<stamp>)"
            )
        backup = found[0]
    _vet_backup(backup)
    stamp = dt.datetime.now(dt.UTC).strftime(_STAMP)
    tmp = db.parent / f".{db.name}.restore-{stamp}.{os.getpid()}.tmp"
    with _exclusive(db):
        src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            _write_copy(src, tmp)
        except (OSError, sqlite3.Error) as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise StoreError(f"{db}: cannot write the restored copy ({exc})", exit_code=1) from None
        finally:
            src.close()
        aside: Path | None = None
        if db.exists():
            aside = db.parent / f"{db.name}.damaged-{stamp}"
            os.rename(db, aside)
            for suffix in ("-wal", "-shm"):  # the aside file keeps its own WAL
                side = Path(f"{db}{suffix}")
                if side.exists():
                    os.rename(side, Path(f"{aside}{suffix}"))
        os.replace(tmp, db)
    return Restored(backup, taken_at(backup), aside)


def _vet_backup(backup: Path) -> None:
    if not backup.is_file():
        raise StoreError(f"{backup}: no such backup file")
    try:
        conn = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            check = conn.execute("PRAGMA integrity_check").fetchall()
            ours = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = '_sqlite_migrations'"
            ).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{backup}: not a usable backup ({exc})") from None
    if check != [("ok",)]:
        raise StoreError(f"{backup}: not a usable backup (integrity_check: {check[0][0]})")
    if not ours:
        raise StoreError(f"{backup}: not a usable backup (not a csmaturity database)")


@contextlib.contextmanager
def _exclusive(db: Path) -> Iterator[None]:
    """Hold the lock no SQLite connection to ``db`` can share, or refuse: it is in use.

    Only for a process with no connection to ``db`` (``restore`` runs alone).
    """
    if not db.exists():
        yield
        return
    try:
        fd = os.open(db, os.O_RDWR)
    except OSError as exc:
        raise StoreError(f"{db}: cannot open it to restore ({exc.strerror})", exit_code=1) from None
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, _SHARED_SIZE, _SHARED_FIRST)
        except OSError:
            raise StoreError(
                f"{db}: in use by a csmaturity app or command; close it, then restore",
                exit_code=1,
            ) from None
        yield
    finally:
        os.close(fd)
