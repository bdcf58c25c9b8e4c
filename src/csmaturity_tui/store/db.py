"""The SQLite store: assessments, pinned rubrics, baselines, answers and their history.

Durability: every public write is ONE transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``),
committed before the method returns, in WAL mode with ``synchronous=FULL`` (each commit is
fsynced, so an answer reported as saved survives a crash or a power cut). Foreign keys are
on and a busy timeout lets two processes share one file; a transaction that still meets
``SQLITE_BUSY`` (WAL start-up races, a long checkpoint) is rolled back and run again, up to
:data:`BUSY_DEADLINE_S` seconds in all.

Threads: the connection is opened with ``check_same_thread=False`` and every call holds a
lock, so a Store may be handed to a worker thread; calls from two threads are serialised.
One connection per process and file: a second :meth:`Store.open` of a file this process
already has open shares its connection (no descriptor on the file is opened again, since
closing any descriptor drops the process's POSIX locks); other processes open their own.

sqlite-utils is imported only inside :meth:`Store.open` (it is a slow import).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import random
import re
import sqlite3
import stat
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from csmaturity_tui.model import (
    MONEY_FIELDS,
    STATUSES,
    Answer,
    Assessment,
    AssessmentMeta,
    Baseline,
    answer_problems,
    baseline_problems,
    check_date,
)
from csmaturity_tui.store.errors import (
    Ambiguous,
    AssessmentRow,
    HistoryEntry,
    InvalidValue,
    NotFound,
    StoreError,
)

if TYPE_CHECKING:  # the rubric's pydantic models are a slow import: loaded on first use
    from csmaturity_tui.rubric import Rubric

T = TypeVar("T")

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000
BUSY_DEADLINE_S = 30.0
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_UNDOABLE = ("set", "clear")
_NOT_GIVEN: Any = object()

# Parsed pinned rubrics, by sha256 of their text (shared by every Store of this process).
_RUBRICS: dict[str, Rubric] = {}


def default_db_path() -> Path:
    """``$CSMATURITY_DB`` if set, else ``csmaturity.db`` in the user data dir."""
    env = os.environ.get("CSMATURITY_DB")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("csmaturity")) / "csmaturity.db"


def now_iso() -> str:
    """The current time as an ISO 8601 UTC timestamp, e.g. ``2025-05-01T10:15:30.123456Z``."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


def _is_busy(exc: sqlite3.Error) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _answer_dict(a: Answer) -> dict[str, Any]:
    return dataclasses.asdict(a)


def _answer_json(a: Answer | None) -> str | None:
    return None if a is None else json.dumps(_answer_dict(a), sort_keys=True, ensure_ascii=False)


def _answer_from_json(text: str | None) -> Answer | None:
    if text is None:
        return None
    data = json.loads(text)
    return Answer(**data)


def _answer_from_row(row: sqlite3.Row) -> Answer:
    return Answer(
        element_id=row["element_id"],
        level=row["level"],
        na_reason=row["na_reason"],
        confidence=row["confidence"],
        note=row["note"],
        flagged=bool(row["flagged"]),
        updated=row["updated"],
        by=row["updated_by"],
    )


def _same_content(a: Answer | None, b: Answer | None) -> bool:
    if a is None or b is None:
        return a is b
    return dataclasses.replace(a, updated="", by="") == dataclasses.replace(b, updated="", by="")


def _type_problems(a: Answer) -> list[tuple[str, str]]:
    """Type checks the model rules leave to the type checker (values from outside)."""
    out: list[tuple[str, str]] = []
    if not isinstance(a.element_id, str) or not a.element_id:
        out.append(("element", "must be an element id"))
    if a.na_reason is not None and not isinstance(a.na_reason, str):
        out.append(("na_reason", "must be text"))
    if not isinstance(a.note, str):
        out.append(("note", "must be text"))
    if not isinstance(a.flagged, bool):
        out.append(("flagged", "must be true or false"))
    if not isinstance(a.updated, str) or not isinstance(a.by, str):
        out.append(("updated", "stamps must be text"))
    return out


def _fits(a: Answer, rubric: Rubric) -> bool:
    return not answer_problems(a, rubric)


def _check_timestamp(value: str, field: str) -> None:
    try:
        dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidValue(field, "must be an ISO timestamp such as 2025-05-01T10:15:30Z") from None


def _overall(rubric: Rubric, assessment: Assessment) -> float | None:
    """The engine's overall score, for the cached ``overall`` column (engine loaded lazily)."""
    from csmaturity_tui.engine import evaluate

    return evaluate(rubric, assessment).scores.overall


class _Shared:
    """The one connection of this process to one database file, and the lock around it."""

    def __init__(self, key: tuple[int, int, int], conn: sqlite3.Connection) -> None:
        self.key = key
        self.conn = conn
        self.lock = threading.RLock()
        self.handles = 1


# The open connections of this process, by (pid, device, inode) of their file: a second
# Store.open of a file shares the first one's connection and never opens the file again
# (POSIX locks belong to the process: closing ANY descriptor on the file drops them all).
_OPEN: dict[tuple[int, int, int], _Shared] = {}
_OPEN_LOCK = threading.Lock()


def _file_key(p: Path) -> tuple[int, int, int] | None:
    """(pid, device, inode) of the file at ``p`` (a stat: no descriptor), None if missing."""
    try:
        st = p.stat()
    except OSError:
        return None
    return (os.getpid(), st.st_dev, st.st_ino)


class Store:
    """One open csmaturity database. Create with :meth:`Store.open`."""

    def __init__(self, path: Path, shared: _Shared) -> None:
        self.path = path
        self._shared = shared
        self._conn = shared.conn
        self._lock = shared.lock
        self._closed = False
        self._vetted: tuple[bytes, int] = (b"", 0)

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True) -> Store:
        """Open (or create) the database at ``path``; see docs/store-api.md.

        One connection per process and file: opening a file this process already has
        open returns a new handle on the same connection (closed with the last handle).
        The file is read through a plain descriptor (its header) only before any
        connection to it exists in this process.
        """
        p = Path(path).expanduser()
        with _OPEN_LOCK:
            key = _file_key(p)
            shared = _OPEN.get(key) if key is not None else None
            if shared is not None:
                shared.handles += 1
                return cls(p, shared)
            created, head, size = cls._prepare_file(p, create=create)
            key = _file_key(p)
            try:
                conn = sqlite3.connect(
                    str(p), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
                )
            except sqlite3.Error as exc:
                raise StoreError(f"{p}: cannot open the database ({exc})") from None
            store = cls(p, _Shared(key or (os.getpid(), -1, -1), conn))
            store._vetted = (head, size)
            try:
                store._setup(created=created)
            except BaseException:
                conn.close()
                raise
            if key is not None:
                _OPEN[key] = store._shared
        return store

    @staticmethod
    def _prepare_file(p: Path, *, create: bool) -> tuple[bool, bytes, int]:
        """Check the path and create the file (0600) when needed.

        Returns (created, the first 100 bytes, the size): read here, before any
        connection to the file exists in this process.
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

    def _setup(self, *, created: bool) -> None:
        from csmaturity_tui.store.migration_names import MIGRATION_NAMES, MIGRATION_SET

        conn = self._conn
        name = self.path
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            rows = self._quick_check()
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None
        if rows != [("ok",)]:
            detail = str(rows[0][0]) if rows else "no result"
            raise StoreError(f"{name}: the database is damaged (quick_check: {detail})")
        applied = self._check_ours(MIGRATION_SET, MIGRATION_NAMES)
        # From here on the file is ours: switching to WAL writes its header.
        self._retry_busy(self._enable_wal)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA secure_delete = ON")
        self._tighten_side_files()
        if tuple(applied) != MIGRATION_NAMES:  # only then pay for importing sqlite-utils
            from csmaturity_tui.store import schema

            self._migrate(schema)

    def _quick_check(self) -> list[tuple[Any, ...]]:
        """Cheap damage checks, independent of the database's size.

        A full ``quick_check`` reads every page (seconds on a decade of assessments), so
        on open: the file must hold every page its header declares (truncation), and
        ``quick_check`` runs on the small tables read at start-up. Damage in the bulk
        tables (answers, history) is met when they are read: a StoreError "damaged".
        """
        head, size = self._vetted  # read before the connection was opened
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
        tables = {r[0] for r in self._conn.execute("SELECT name FROM sqlite_master")}
        for table in ("sqlite_master", "_sqlite_migrations", "rubrics", "assessments"):
            if table == "sqlite_master" or table in tables:
                rows = self._conn.execute(f"PRAGMA quick_check({table})").fetchall()
                if rows != [("ok",)]:
                    return rows
        return [("ok",)]

    def _check_ours(self, migration_set: str, known: Sequence[str]) -> list[str]:
        """Refuse a database that is not ours or was made by a newer version (read only)."""
        name = self.path
        outer = self._conn.in_transaction
        try:
            tables = [
                r[0]
                for r in self._conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                )
            ]
            applied: list[str] = []
            if "_sqlite_migrations" in tables:
                applied = [
                    r[0]
                    for r in self._conn.execute(
                        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? "
                        "ORDER BY rowid",
                        (migration_set,),
                    )
                ]
        except sqlite3.OperationalError as exc:
            if _is_busy(exc):
                raise self._error(exc) from None
            raise StoreError(
                f"{name}: not a csmaturity database (unreadable migrations record: {exc})"
            ) from None
        except sqlite3.DatabaseError as exc:
            raise self._error(exc) from None
        finally:
            if self._conn.in_transaction and not outer:
                self._conn.rollback()
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
        mode = self._conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
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

        db = Database(self._conn, execute_plugins=False)
        migrations = schema.migrations
        if not self._retry_busy(lambda: migrations.pending(db)):
            return

        def apply(conn: sqlite3.Connection) -> None:
            # Inside our BEGIN IMMEDIATE, sqlite-utils' atomic() nests as savepoints: the
            # whole upgrade is one transaction, and a second process racing us waits, then
            # finds nothing pending.
            self._check_ours(schema.MIGRATION_SET, schema.MIGRATION_NAMES)
            migrations.apply(db)

        self._run(apply, write=True)

    # -- plumbing ----------------------------------------------------------------------

    def close(self) -> None:
        """Close this handle; the connection closes with the last handle of the process."""
        with _OPEN_LOCK:
            if self._closed:
                return
            self._closed = True
            shared = self._shared
            shared.handles -= 1
            if shared.handles:
                return
            if _OPEN.get(shared.key) is shared:
                del _OPEN[shared.key]
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    def _error(self, exc: sqlite3.Error) -> StoreError:
        text = " ".join(str(exc).split())
        if _is_busy(exc):
            return StoreError(
                f"{self.path}: the database is busy (another program holds a lock); try again",
                exit_code=1,
            )
        low = text.lower()
        if "not a database" in low:
            return StoreError(f"{self.path}: not a csmaturity database (file is not SQLite)")
        if "malformed" in low or "corrupt" in low:
            return StoreError(f"{self.path}: the database is damaged ({text})")
        return StoreError(f"{self.path}: {text}", exit_code=1)

    def _retry_busy(self, fn: Callable[[], T]) -> T:
        deadline = time.monotonic() + BUSY_DEADLINE_S
        while True:
            try:
                return fn()
            except sqlite3.Error as exc:
                if self._conn.in_transaction:
                    self._conn.rollback()
                if _is_busy(exc) and time.monotonic() < deadline:
                    time.sleep(random.uniform(0.005, 0.05))
                    continue
                raise self._error(exc) from None

    def _run(self, fn: Callable[[sqlite3.Connection], T], *, write: bool) -> T:
        """Run ``fn`` in one transaction, committed before returning; retried when busy."""
        conn = self._conn

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

        with self._lock:
            return self._retry_busy(attempt)

    @staticmethod
    def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        cur = conn.cursor()
        cur.row_factory = sqlite3.Row
        return list(cur.execute(sql, params))

    def _meta_row(self, conn: sqlite3.Connection, aid: str) -> sqlite3.Row:
        rows = self._rows(conn, "SELECT * FROM assessments WHERE id = ?", (aid,))
        if not rows:
            raise NotFound(f"{self.path}: no assessment with id {aid!r}")
        return rows[0]

    def _rubric(self, conn: sqlite3.Connection, sha: str) -> Rubric:
        cached = _RUBRICS.get(sha)
        if cached is not None:
            return cached
        rows = self._rows(conn, "SELECT rubric_id, toml FROM rubrics WHERE sha256 = ?", (sha,))
        if not rows:
            raise StoreError(f"{self.path}: the pinned rubric {sha[:12]} is missing", exit_code=1)
        from csmaturity_tui.rubric import RubricError, loads

        try:
            rubric = loads(rows[0]["toml"], f"{self.path}: pinned rubric {sha[:12]}")
        except RubricError as exc:
            first = str(exc.problems[0]) if exc.problems else str(exc)
            raise StoreError(f"{first} (the stored rubric no longer loads)") from None
        _RUBRICS[sha] = rubric
        return rubric

    def _pin(self, conn: sqlite3.Connection, rubric: Rubric) -> str:
        if not rubric.source:
            raise InvalidValue("rubric", "has no source text to pin (load it from TOML)")
        sha = rubric.sha256
        conn.execute(
            "INSERT OR IGNORE INTO rubrics (sha256, rubric_id, version, title, toml, added) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (sha, rubric.meta.id, rubric.meta.version, rubric.meta.title, rubric.source, now_iso()),
        )
        _RUBRICS.setdefault(sha, rubric)
        return sha

    def _answers(
        self, conn: sqlite3.Connection, aid: str, *, orphaned: bool | None = False
    ) -> list[Answer]:
        sql = "SELECT * FROM answers WHERE assessment_id = ?"
        params: list[Any] = [aid]
        if orphaned is not None:
            sql += " AND orphaned = ?"
            params.append(int(orphaned))
        return [_answer_from_row(r) for r in self._rows(conn, sql + " ORDER BY element_id", params)]

    def _answer(self, conn: sqlite3.Connection, aid: str, element_id: str) -> Answer | None:
        rows = self._rows(
            conn,
            "SELECT * FROM answers WHERE assessment_id = ? AND element_id = ?",
            (aid, element_id),
        )
        return _answer_from_row(rows[0]) if rows else None

    def _put_answer(
        self, conn: sqlite3.Connection, aid: str, a: Answer, *, orphaned: bool = False
    ) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO answers (assessment_id, element_id, level, na_reason, "
            "confidence, note, flagged, updated, updated_by, orphaned) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                aid,
                a.element_id,
                a.level,
                a.na_reason,
                a.confidence,
                a.note,
                int(a.flagged),
                a.updated,
                a.by,
                int(orphaned),
            ),
        )

    def _log(
        self,
        conn: sqlite3.Connection,
        aid: str,
        element_id: str,
        *,
        by: str,
        action: str,
        before: Answer | None,
        after: Answer | None,
        undoes: int | None = None,
        at: str | None = None,
    ) -> None:
        conn.execute(
            "INSERT INTO answer_history (assessment_id, element_id, changed_at, changed_by, "
            "action, undoes, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                aid,
                element_id,
                at or now_iso(),
                by,
                action,
                undoes,
                _answer_json(before),
                _answer_json(after),
            ),
        )

    def _baseline(self, conn: sqlite3.Connection, aid: str, rubric: Rubric | None) -> Baseline:
        rows = self._rows(conn, "SELECT * FROM baselines WHERE assessment_id = ?", (aid,))
        targets = {
            r["dimension_id"]: r["target"]
            for r in self._rows(
                conn,
                "SELECT dimension_id, target FROM targets WHERE assessment_id = ? "
                "ORDER BY dimension_id",
                (aid,),
            )
            if rubric is None or r["dimension_id"] in rubric.dimension_by_id
        }
        if not rows:
            return Baseline(targets=targets)
        r = rows[0]
        return Baseline(
            currency=r["currency"],
            period=r["period"],
            start_arr=r["start_arr"],
            churned_arr=r["churned_arr"],
            contraction_arr=r["contraction_arr"],
            expansion_arr=r["expansion_arr"],
            targets=targets,
        )

    def _put_baseline(self, conn: sqlite3.Connection, aid: str, b: Baseline) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO baselines (assessment_id, currency, period, start_arr, "
            "churned_arr, contraction_arr, expansion_arr) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                aid,
                b.currency,
                b.period,
                *(None if getattr(b, f) is None else float(getattr(b, f)) for f in MONEY_FIELDS),
            ),
        )
        conn.execute("DELETE FROM targets WHERE assessment_id = ?", (aid,))
        conn.executemany(
            "INSERT INTO targets (assessment_id, dimension_id, target) VALUES (?, ?, ?)",
            [(aid, dim, float(t)) for dim, t in b.targets.items()],
        )

    def _meta(self, row: sqlite3.Row) -> AssessmentMeta:
        return AssessmentMeta(
            id=row["id"],
            client=row["client"],
            scope=row["scope"],
            assessors=row["assessors"],
            date=row["date"],
            status=row["status"],
            created=row["created"],
            updated=row["updated"],
        )

    def _load(self, conn: sqlite3.Connection, aid: str) -> tuple[Rubric, Assessment]:
        row = self._meta_row(conn, aid)
        rubric = self._rubric(conn, row["rubric_sha256"])
        answers = {a.element_id: a for a in self._answers(conn, aid)}
        assessment = Assessment(
            meta=self._meta(row),
            baseline=self._baseline(conn, aid, rubric),
            answers=answers,
        )
        return rubric, assessment

    def _refresh(self, conn: sqlite3.Connection, aid: str) -> None:
        """Recompute the cached progress and overall columns of one assessment."""
        rubric, assessment = self._load(conn, aid)
        total = len(rubric.element_by_id)
        done = sum(
            1
            for a in assessment.answers.values()
            if a.element_id in rubric.element_by_id and (a.is_scored or a.is_na)
        )
        progress = done / total if total else 0.0
        conn.execute(
            "UPDATE assessments SET progress = ?, overall = ? WHERE id = ?",
            (progress, _overall(rubric, assessment), aid),
        )

    def _touch(self, conn: sqlite3.Connection, aid: str, stamp: str) -> None:
        conn.execute("UPDATE assessments SET updated = ? WHERE id = ?", (stamp, aid))

    @staticmethod
    def _check_meta(
        *,
        client: Any = _NOT_GIVEN,
        scope: Any = _NOT_GIVEN,
        assessors: Any = _NOT_GIVEN,
        date: Any = _NOT_GIVEN,
        status: Any = _NOT_GIVEN,
    ) -> None:
        if client is not _NOT_GIVEN and (not isinstance(client, str) or not client.strip()):
            raise InvalidValue("client", "must not be empty")
        for field, value in (("scope", scope), ("assessors", assessors)):
            if value is not _NOT_GIVEN and not isinstance(value, str):
                raise InvalidValue(field, "must be text")
        if date is not _NOT_GIVEN:
            problem = check_date(date)
            if problem:
                raise InvalidValue("date", problem)
        if status is not _NOT_GIVEN and status not in STATUSES:
            raise InvalidValue("status", "must be " + ", ".join(STATUSES))

    @staticmethod
    def _check_baseline(b: Baseline, rubric: Rubric) -> None:
        if not isinstance(b, Baseline):
            raise InvalidValue("baseline", "must be a Baseline")
        if not isinstance(b.period, str) or not isinstance(b.currency, str):
            raise InvalidValue("period", "must be text")
        problems = baseline_problems(b, rubric)
        if problems:
            raise InvalidValue(*problems[0])

    @staticmethod
    def _check_answer(a: Answer, rubric: Rubric, prefix: str = "") -> None:
        problems = _type_problems(a) or answer_problems(a, rubric)
        if problems:
            field, message = problems[0]
            raise InvalidValue(prefix + field, message)

    # -- assessments -------------------------------------------------------------------

    def list_assessments(self, *, include_archived: bool = True) -> list[AssessmentRow]:
        """Every assessment, newest ``updated`` first, from the cached columns."""
        # A plain table scan sorted in Python beats walking the ``updated`` index (one
        # random row lookup per assessment); the few rubric versions are joined in Python.
        sql = (
            "SELECT id, client, scope, date, status, progress, overall, updated, "
            "rubric_sha256, rowid FROM assessments"
        )
        if not include_archived:
            sql += " WHERE status != 'archived'"

        def read(conn: sqlite3.Connection) -> list[AssessmentRow]:
            rubrics = {
                sha: (rid, version)
                for sha, rid, version in conn.execute(
                    "SELECT sha256, rubric_id, version FROM rubrics"
                )
            }
            rows = conn.execute(sql).fetchall()
            rows.sort(key=lambda r: (r[7], r[9]), reverse=True)
            return [
                AssessmentRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], *rubrics[r[8]])
                for r in rows
            ]

        return self._run(read, write=False)

    def create_assessment(
        self,
        rubric: Rubric,
        *,
        client: str,
        scope: str = "",
        assessors: str = "",
        date: str,
        baseline: Baseline,
        status: str = "draft",
        id: str | None = None,
    ) -> str:
        """A new assessment pinned to ``rubric``; returns its id (a new UUID4 if not given)."""
        self._check_meta(client=client, scope=scope, assessors=assessors, date=date, status=status)
        self._check_baseline(baseline, rubric)
        aid = self._new_id(id)

        def write(conn: sqlite3.Connection) -> str:
            self._insert_assessment(
                conn,
                rubric,
                AssessmentMeta(
                    id=aid,
                    client=client.strip(),
                    scope=scope,
                    assessors=assessors,
                    date=date,
                    status=status,  # type: ignore[arg-type]
                ),
                baseline,
            )
            self._refresh(conn, aid)
            return aid

        return self._run(write, write=True)

    @staticmethod
    def _new_id(given: str | None) -> str:
        if given is None:
            return str(uuid.uuid4())
        if not isinstance(given, str) or not _ID_PATTERN.match(given):
            raise InvalidValue("id", "must be 1 to 64 letters, digits, '-', '_' or '.'")
        return given

    def _insert_assessment(
        self, conn: sqlite3.Connection, rubric: Rubric, meta: AssessmentMeta, baseline: Baseline
    ) -> None:
        if self._rows(conn, "SELECT 1 FROM assessments WHERE id = ?", (meta.id,)):
            raise StoreError(f"{self.path}: an assessment with id {meta.id!r} already exists")
        sha = self._pin(conn, rubric)
        stamp = now_iso()
        conn.execute(
            "INSERT INTO assessments (id, client, scope, assessors, date, status, "
            "rubric_sha256, created, updated, progress) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0.0)",
            (
                meta.id,
                meta.client,
                meta.scope,
                meta.assessors,
                meta.date,
                meta.status,
                sha,
                meta.created or stamp,
                meta.updated or meta.created or stamp,
            ),
        )
        self._put_baseline(conn, meta.id, baseline)

    def update_assessment(
        self,
        id: str,
        *,
        client: str = _NOT_GIVEN,
        scope: str = _NOT_GIVEN,
        assessors: str = _NOT_GIVEN,
        date: str = _NOT_GIVEN,
        status: str = _NOT_GIVEN,
        baseline: Baseline = _NOT_GIVEN,
    ) -> None:
        """Change only the given fields; stamps ``updated``."""
        self._check_meta(client=client, scope=scope, assessors=assessors, date=date, status=status)
        fields: dict[str, Any] = {
            k: v
            for k, v in (
                ("client", client.strip() if isinstance(client, str) else client),
                ("scope", scope),
                ("assessors", assessors),
                ("date", date),
            )
            if v is not _NOT_GIVEN
        }

        def write(conn: sqlite3.Connection) -> None:
            row = self._meta_row(conn, id)
            if baseline is not _NOT_GIVEN:
                self._check_baseline(baseline, self._rubric(conn, row["rubric_sha256"]))
            if status is not _NOT_GIVEN and status != row["status"]:
                if status == "archived":
                    fields["status_before_archive"] = row["status"]
                elif row["status"] == "archived":
                    fields["status_before_archive"] = None
                fields["status"] = status
            fields["updated"] = now_iso()
            assignments = ", ".join(f"{k} = ?" for k in fields)
            conn.execute(
                f"UPDATE assessments SET {assignments} WHERE id = ?", (*fields.values(), id)
            )
            if baseline is not _NOT_GIVEN:
                self._put_baseline(conn, id, baseline)
                self._refresh(conn, id)

        self._run(write, write=True)

    def load(self, id: str) -> tuple[Rubric, Assessment]:
        """The assessment with its PINNED rubric (orphaned answers are in :meth:`orphans`)."""
        return self._run(lambda conn: self._load(conn, id), write=False)

    def resolve_id(self, prefix: str) -> str:
        """The full id for a full id or a unique prefix of one (case-insensitive)."""
        text = prefix.strip() if isinstance(prefix, str) else ""
        if not text:
            raise NotFound(f"{self.path}: no assessment id given")

        def read(conn: sqlite3.Connection) -> str:
            if conn.execute("SELECT 1 FROM assessments WHERE id = ?", (text,)).fetchone():
                return text
            found: list[str] = []
            for p in dict.fromkeys((text, text.lower())):
                found += [
                    r[0]
                    for r in conn.execute(
                        "SELECT id FROM assessments WHERE id >= ? AND id < ? ORDER BY id LIMIT 6",
                        (p, p + "\U0010ffff"),
                    )
                ]
            found = list(dict.fromkeys(found))
            if not found:
                raise NotFound(f"{self.path}: no assessment with id {text!r}")
            if len(found) > 1:
                shown = ", ".join(found[:5]) + (", ..." if len(found) > 5 else "")
                raise Ambiguous(f"{self.path}: id {text!r} matches several assessments: {shown}")
            return found[0]

        return self._run(read, write=False)

    def archive(self, id: str) -> None:
        self._set_archived(id, True)

    def unarchive(self, id: str) -> None:
        self._set_archived(id, False)

    def _set_archived(self, aid: str, archived: bool) -> None:
        def write(conn: sqlite3.Connection) -> None:
            row = self._meta_row(conn, aid)
            if (row["status"] == "archived") == archived:
                return
            if archived:
                conn.execute(
                    "UPDATE assessments SET status = 'archived', status_before_archive = ?, "
                    "updated = ? WHERE id = ?",
                    (row["status"], now_iso(), aid),
                )
            else:
                previous = row["status_before_archive"]
                conn.execute(
                    "UPDATE assessments SET status = ?, status_before_archive = NULL, "
                    "updated = ? WHERE id = ?",
                    (
                        previous if previous in STATUSES and previous != "archived" else "draft",
                        now_iso(),
                        aid,
                    ),
                )

        self._run(write, write=True)

    def delete(self, id: str, *, confirm: str) -> None:
        """Delete for good (answers, history, baseline); ``confirm`` must be the full id."""

        def write(conn: sqlite3.Connection) -> None:
            self._meta_row(conn, id)
            if confirm != id:
                raise StoreError(
                    f"{self.path}: not deleted: confirm with the full id {id!r}", exit_code=2
                )
            for table in ("answer_history", "answers", "targets", "baselines"):
                conn.execute(f"DELETE FROM {table} WHERE assessment_id = ?", (id,))
            conn.execute("DELETE FROM assessments WHERE id = ?", (id,))

        self._run(write, write=True)

    def duplicate(self, id: str, *, copy_answers: bool, date: str | None = None) -> str:
        """A re-assessment of the same client: new id and date, baseline copied, draft."""
        new_date = date if date is not None else dt.date.today().isoformat()
        self._check_meta(date=new_date)
        new_id = str(uuid.uuid4())

        def write(conn: sqlite3.Connection) -> str:
            row = self._meta_row(conn, id)
            rubric = self._rubric(conn, row["rubric_sha256"])
            meta = dataclasses.replace(
                self._meta(row), id=new_id, date=new_date, status="draft", created="", updated=""
            )
            self._insert_assessment(conn, rubric, meta, self._baseline(conn, id, None))
            if copy_answers:
                stamp = now_iso()
                rows = self._rows(conn, "SELECT * FROM answers WHERE assessment_id = ?", (id,))
                for r in rows:
                    a = _answer_from_row(r)
                    self._put_answer(conn, new_id, a, orphaned=bool(r["orphaned"]))
                    self._log(
                        conn,
                        new_id,
                        a.element_id,
                        by=a.by,
                        action="copy",
                        before=None,
                        after=a,
                        at=stamp,
                    )
            self._refresh(conn, new_id)
            return new_id

        return self._run(write, write=True)

    def rebase(self, id: str, rubric: Rubric) -> list[str]:
        """Move to ``rubric``; answers carried by element id. Returns the orphans' ids.

        An answer is orphaned (kept, flagged, listed by :meth:`orphans`) when its element
        is not in the new rubric or its level is off the new scale.
        """

        def write(conn: sqlite3.Connection) -> list[str]:
            self._meta_row(conn, id)
            sha = self._pin(conn, rubric)
            orphans: list[str] = []
            for a in self._answers(conn, id, orphaned=None):
                lost = not _fits(a, rubric)
                if lost:
                    orphans.append(a.element_id)
                conn.execute(
                    "UPDATE answers SET orphaned = ? WHERE assessment_id = ? AND element_id = ?",
                    (int(lost), id, a.element_id),
                )
            conn.execute(
                "UPDATE assessments SET rubric_sha256 = ?, updated = ? WHERE id = ?",
                (sha, now_iso(), id),
            )
            self._refresh(conn, id)
            return orphans

        return self._run(write, write=True)

    def orphans(self, id: str) -> list[Answer]:
        """Answers kept from an earlier rubric whose element the pinned rubric lacks."""

        def read(conn: sqlite3.Connection) -> list[Answer]:
            self._meta_row(conn, id)
            return self._answers(conn, id, orphaned=True)

        return self._run(read, write=False)

    def refresh_cached(self, id: str | None = None) -> int:
        """Recompute cached progress/overall (one assessment, or all); returns how many."""

        def write(conn: sqlite3.Connection) -> int:
            ids = (
                [id]
                if id is not None
                else [r[0] for r in conn.execute("SELECT id FROM assessments")]
            )
            for aid in ids:
                self._refresh(conn, aid)
            return len(ids)

        return self._run(write, write=True)

    # -- answers -----------------------------------------------------------------------

    def set_answer(self, assessment_id: str, answer: Answer, *, by: str = "") -> Answer:
        """Validate against the pinned rubric, stamp, write with one history row; committed."""
        if not isinstance(by, str):
            raise InvalidValue("by", "must be text")
        if not isinstance(answer, Answer):
            raise InvalidValue("answer", "must be an Answer")

        def write(conn: sqlite3.Connection) -> Answer:
            row = self._meta_row(conn, assessment_id)
            self._check_answer(answer, self._rubric(conn, row["rubric_sha256"]))
            before = self._answer(conn, assessment_id, answer.element_id)
            if before is not None and _same_content(before, answer):
                return before
            stamp = now_iso()
            stored = dataclasses.replace(answer, updated=stamp, by=by)
            self._put_answer(conn, assessment_id, stored)
            self._log(
                conn,
                assessment_id,
                stored.element_id,
                by=by,
                action="set",
                before=before,
                after=stored,
                at=stamp,
            )
            self._touch(conn, assessment_id, stamp)
            self._refresh(conn, assessment_id)
            return stored

        return self._run(write, write=True)

    def clear_answer(self, assessment_id: str, element_id: str, *, by: str = "") -> None:
        """Remove an answer (its history is kept)."""

        def write(conn: sqlite3.Connection) -> None:
            self._meta_row(conn, assessment_id)
            before = self._answer(conn, assessment_id, element_id)
            if before is None:
                return
            stamp = now_iso()
            conn.execute(
                "DELETE FROM answers WHERE assessment_id = ? AND element_id = ?",
                (assessment_id, element_id),
            )
            self._log(
                conn,
                assessment_id,
                element_id,
                by=by,
                action="clear",
                before=before,
                after=None,
                at=stamp,
            )
            self._touch(conn, assessment_id, stamp)
            self._refresh(conn, assessment_id)

        self._run(write, write=True)

    def undo(self, assessment_id: str, *, by: str = "") -> Answer | None:
        """Revert the latest not-yet-undone set/clear; None when there is nothing to undo."""

        def write(conn: sqlite3.Connection) -> Answer | None:
            row = self._meta_row(conn, assessment_id)
            rows = self._rows(
                conn,
                "SELECT seq, element_id, before_json FROM answer_history h "
                "WHERE h.assessment_id = ? AND h.action IN (?, ?) AND NOT EXISTS "
                "(SELECT 1 FROM answer_history u WHERE u.undoes = h.seq) "
                "ORDER BY h.seq DESC LIMIT 1",
                (assessment_id, *_UNDOABLE),
            )
            if not rows:
                return None
            seq, element_id = rows[0]["seq"], rows[0]["element_id"]
            target = _answer_from_json(rows[0]["before_json"])
            current = self._answer(conn, assessment_id, element_id)
            if target is None:
                conn.execute(
                    "DELETE FROM answers WHERE assessment_id = ? AND element_id = ?",
                    (assessment_id, element_id),
                )
            else:
                rubric = self._rubric(conn, row["rubric_sha256"])
                self._put_answer(conn, assessment_id, target, orphaned=not _fits(target, rubric))
            stamp = now_iso()
            self._log(
                conn,
                assessment_id,
                element_id,
                by=by,
                action="undo",
                before=current,
                after=target,
                undoes=seq,
                at=stamp,
            )
            self._touch(conn, assessment_id, stamp)
            self._refresh(conn, assessment_id)
            return target if target is not None else Answer(element_id=element_id)

        return self._run(write, write=True)

    def history(self, assessment_id: str, element_id: str | None = None) -> list[HistoryEntry]:
        """Every change of this assessment's answers (or of one element), oldest first."""
        sql = "SELECT * FROM answer_history WHERE assessment_id = ?"
        params: list[Any] = [assessment_id]
        if element_id is not None:
            sql += " AND element_id = ?"
            params.append(element_id)

        def read(conn: sqlite3.Connection) -> list[HistoryEntry]:
            self._meta_row(conn, assessment_id)
            return [
                HistoryEntry(
                    seq=r["seq"],
                    element_id=r["element_id"],
                    at=r["changed_at"],
                    by=r["changed_by"],
                    action=r["action"],
                    before=_answer_from_json(r["before_json"]),
                    after=_answer_from_json(r["after_json"]),
                )
                for r in self._rows(conn, sql + " ORDER BY seq", params)
            ]

        return self._run(read, write=False)

    def set_cursor(self, assessment_id: str, element_id: str | None) -> None:
        """Remember where the assessor left off (does not stamp ``updated``)."""

        def write(conn: sqlite3.Connection) -> None:
            self._meta_row(conn, assessment_id)
            conn.execute(
                "UPDATE assessments SET cursor_element = ? WHERE id = ?",
                (element_id, assessment_id),
            )

        self._run(write, write=True)

    def get_cursor(self, assessment_id: str) -> str | None:
        def read(conn: sqlite3.Connection) -> str | None:
            value = self._meta_row(conn, assessment_id)["cursor_element"]
            return value if isinstance(value, str) else None

        return self._run(read, write=False)

    # -- import ------------------------------------------------------------------------

    def import_assessment(
        self,
        rubric_text: str,
        meta: AssessmentMeta,
        baseline: Baseline,
        answers: Sequence[Answer],
        *,
        as_new: bool = False,
        orphans: Iterable[Answer] = (),
    ) -> str:
        """Store a complete assessment in one transaction, after validating everything.

        Stamps (``created``, ``updated``, each answer's ``updated`` and ``by``) are kept
        verbatim; empty ones are stamped now. ``as_new`` gives it a new id (and fresh
        created/updated stamps). ``orphans``: answers kept from an earlier rubric (stored
        flagged orphaned, checked for types only).
        """
        from csmaturity_tui.rubric import RubricError, loads

        try:
            rubric = loads(rubric_text, "rubric")
        except RubricError as exc:
            first = str(exc.problems[0]) if exc.problems else str(exc)
            more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
            raise InvalidValue("rubric", f"{first}{more}") from None
        if not isinstance(meta, AssessmentMeta):
            raise InvalidValue("meta", "must be an AssessmentMeta")
        self._check_meta(
            client=meta.client,
            scope=meta.scope,
            assessors=meta.assessors,
            date=meta.date,
            status=meta.status,
        )
        aid = self._new_id(None if as_new else meta.id)
        for field in ("created", "updated"):
            value = getattr(meta, field)
            if value and not as_new:
                _check_timestamp(value, field)
        self._check_baseline(baseline, rubric)
        stamp = now_iso()
        seen: set[str] = set()
        clean: list[tuple[Answer, bool]] = []
        orphan_list = list(orphans)
        for a, orphaned in [(a, False) for a in answers] + [(a, True) for a in orphan_list]:
            if not isinstance(a, Answer):
                raise InvalidValue("answers", "must be Answer values")
            where = f"{'orphans' if orphaned else 'answers'}.{a.element_id}."
            if orphaned:
                problems = _type_problems(a)
                if problems:
                    raise InvalidValue(where + problems[0][0], problems[0][1])
            else:
                self._check_answer(a, rubric, where)
            if a.element_id in seen:
                raise InvalidValue(where.rstrip("."), "answered twice")
            seen.add(a.element_id)
            if a.updated:
                _check_timestamp(a.updated, where + "updated")
            clean.append((a if a.updated else dataclasses.replace(a, updated=stamp), orphaned))
        new_meta = dataclasses.replace(
            meta,
            id=aid,
            client=meta.client.strip(),
            created="" if as_new else meta.created,
            updated="" if as_new else meta.updated,
        )

        def write(conn: sqlite3.Connection) -> str:
            self._insert_assessment(conn, rubric, new_meta, baseline)
            for a, orphaned in clean:
                self._put_answer(conn, aid, a, orphaned=orphaned)
                self._log(
                    conn,
                    aid,
                    a.element_id,
                    by=a.by,
                    action="import",
                    before=None,
                    after=a,
                    at=stamp,
                )
            self._refresh(conn, aid)
            return aid

        return self._run(write, write=True)


__all__ = ["Store", "default_db_path", "now_iso"]
