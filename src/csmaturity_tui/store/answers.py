"""Answers: set, clear, undo, and their history (append-only, one row per change).

Every change of an answer goes through :func:`record` (the one place a history row is
written) and, for the changes an assessor makes, :func:`change` (answer, history row,
``updated`` stamp and progress, in the caller's transaction).
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csmaturity_tui.model import Answer, answer_problems, answer_text_problems
from csmaturity_tui.store import mapping
from csmaturity_tui.store.connection import Connection
from csmaturity_tui.store.errors import HistoryEntry, InvalidValue
from csmaturity_tui.store.rubrics import pinned

if TYPE_CHECKING:
    from csmaturity_tui.rubric import Rubric

_UNDOABLE = ("set", "clear")
now = mapping.now_iso


def record(
    conn: sqlite3.Connection,
    aid: str,
    element_id: str,
    *,
    by: str,
    action: str,
    before: Answer | None,
    after: Answer | None,
    at: str,
    undoes: int | None = None,
) -> None:
    """One history row: ``element_id`` of ``aid`` went from ``before`` to ``after``."""
    conn.execute(
        "INSERT INTO answer_history (assessment_id, element_id, changed_at, changed_by, "
        "action, undoes, before_json, after_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            aid,
            element_id,
            at,
            by,
            action,
            undoes,
            mapping.answer_json(before),
            mapping.answer_json(after),
        ),
    )


def add_answers(
    conn: sqlite3.Connection,
    aid: str,
    answers: Iterable[tuple[Answer, bool]],
    *,
    action: str,
    at: str,
) -> None:
    """Answers (each with its orphaned flag) given to a new assessment, as they are (their
    carried mark too), each with its history row (``import``, ``copy`` or ``carry``: not
    undoable)."""
    for a, orphaned in answers:
        mapping.put_answer(conn, aid, a, orphaned=orphaned)
        record(conn, aid, a.element_id, by=a.by, action=action, before=None, after=a, at=at)


def count_progress(conn: sqlite3.Connection, aid: str, elements: int) -> None:
    """The cached progress: the share of the rubric's elements answered or N/A.

    The one place progress is counted for the store (orphaned answers, kept from an
    earlier rubric, do not count; nor do answers carried from the previous round until
    the assessor confirms or changes them).
    """
    (done,) = conn.execute(
        "SELECT count(*) FROM answers WHERE assessment_id = ? AND orphaned = 0 "
        "AND carried = 0 "
        "AND (level IS NOT NULL OR na_reason IS NOT NULL)",
        (aid,),
    ).fetchone()
    conn.execute(
        "UPDATE assessments SET progress = ?, overall = NULL WHERE id = ?",
        (done / elements if elements else 0.0, aid),
    )


def confirm(conn: sqlite3.Connection, aid: str, element_id: str, elements: int) -> bool:
    """Clear the carried mark of an answer (confirmed as it is): stamps ``updated`` and
    recounts progress over the rubric's ``elements``; True if it was carried."""
    cur = conn.execute(
        "UPDATE answers SET carried = 0 WHERE assessment_id = ? AND element_id = ? AND carried = 1",
        (aid, element_id),
    )
    if cur.rowcount != 1:
        return False
    conn.execute("UPDATE assessments SET updated = ? WHERE id = ?", (now(), aid))
    count_progress(conn, aid, elements)
    return True


def check_answer(a: Answer, rubric: Rubric, prefix: str = "") -> None:
    """``InvalidValue`` for the first rule of ``model`` the answer breaks (a write's check:
    the text rule too; a row read back is held to :func:`answer_problems` alone, so text
    another tool wrote is still shown, safely)."""
    problems = answer_problems(a, rubric) or answer_text_problems(a)
    if problems:
        field, message = problems[0]
        raise InvalidValue(prefix + field, message)


class Answers:
    """The answer methods of :class:`~csmaturity_tui.store.Store`."""

    _db: Connection
    path: Path

    def _change(
        self,
        conn: sqlite3.Connection,
        row: sqlite3.Row,
        element_id: str,
        before: Answer | None,
        after: Answer | None,
        *,
        by: str,
        action: str,
        stamp: str,
        undoes: int | None = None,
    ) -> None:
        """Write ``after`` (None: remove the answer), its history row, the stamp, progress."""
        aid = row["id"]
        rubric = pinned(conn, self.path, row["rubric_sha256"])
        if after is None:
            mapping.delete_answer(conn, aid, element_id)
        else:
            lost = bool(answer_problems(after, rubric))  # an undo back to an orphan
            mapping.put_answer(conn, aid, after, orphaned=lost)
        record(
            conn,
            aid,
            element_id,
            by=by,
            action=action,
            before=before,
            after=after,
            at=stamp,
            undoes=undoes,
        )
        conn.execute("UPDATE assessments SET updated = ? WHERE id = ?", (stamp, aid))
        count_progress(conn, aid, len(rubric.element_by_id))

    def set_answer(self, assessment_id: str, answer: Answer, *, by: str = "") -> Answer:
        """Validate against the pinned rubric, stamp, write with one history row; committed."""
        if not isinstance(by, str):
            raise InvalidValue("by", "must be text")
        if not isinstance(answer, Answer):
            raise InvalidValue("answer", "must be an Answer")

        def write(conn: sqlite3.Connection) -> Answer:
            row = mapping.meta_row(conn, self.path, assessment_id)
            rubric = pinned(conn, self.path, row["rubric_sha256"])
            check_answer(answer, rubric)
            before = mapping.read_answer(conn, assessment_id, answer.element_id)
            if before is not None and mapping.same_content(before, answer):
                # the same answer given again confirms a carried one
                confirm(conn, assessment_id, answer.element_id, len(rubric.element_by_id))
                return dataclasses.replace(before, carried=False)
            stamp = mapping.now_iso()
            stored = dataclasses.replace(answer, updated=stamp, by=by, carried=False)
            self._change(
                conn, row, answer.element_id, before, stored, by=by, action="set", stamp=stamp
            )
            return stored

        return self._db.run(write, write=True)

    def clear_answer(self, assessment_id: str, element_id: str, *, by: str = "") -> None:
        """Remove an answer (its history is kept)."""

        def write(conn: sqlite3.Connection) -> None:
            row = mapping.meta_row(conn, self.path, assessment_id)
            before = mapping.read_answer(conn, assessment_id, element_id)
            if before is not None:
                self._change(
                    conn, row, element_id, before, None, by=by, action="clear", stamp=now()
                )

        self._db.run(write, write=True)

    def undo(self, assessment_id: str, *, by: str = "") -> Answer | None:
        """Revert the latest not-yet-undone set/clear; None when there is nothing to undo."""

        def write(conn: sqlite3.Connection) -> Answer | None:
            row = mapping.meta_row(conn, self.path, assessment_id)
            found = mapping.rows(
                conn,
                "SELECT seq, element_id, before_json FROM answer_history h "
                "WHERE h.assessment_id = ? AND h.action IN (?, ?) AND NOT EXISTS "
                "(SELECT 1 FROM answer_history u WHERE u.undoes = h.seq) "
                "ORDER BY h.seq DESC LIMIT 1",
                (assessment_id, *_UNDOABLE),
            )
            if not found:
                return None
            seq, element_id = found[0]["seq"], found[0]["element_id"]
            target = mapping.answer_from_json(found[0]["before_json"])
            current = mapping.read_answer(conn, assessment_id, element_id)
            self._change(
                conn,
                row,
                element_id,
                current,
                target,
                by=by,
                action="undo",
                stamp=now(),
                undoes=seq,
            )
            return target if target is not None else Answer(element_id=element_id)

        return self._db.run(write, write=True)

    def history(self, assessment_id: str, element_id: str | None = None) -> list[HistoryEntry]:
        """Every change of this assessment's answers (or of one element), oldest first."""
        sql = "SELECT * FROM answer_history WHERE assessment_id = ?"
        params: list[Any] = [assessment_id]
        if element_id is not None:
            sql += " AND element_id = ?"
            params.append(element_id)

        def read(conn: sqlite3.Connection) -> list[HistoryEntry]:
            mapping.meta_row(conn, self.path, assessment_id)
            return [
                HistoryEntry(
                    seq=r["seq"],
                    element_id=r["element_id"],
                    at=r["changed_at"],
                    by=r["changed_by"],
                    action=r["action"],
                    before=mapping.answer_from_json(r["before_json"]),
                    after=mapping.answer_from_json(r["after_json"]),
                )
                for r in mapping.rows(conn, sql + " ORDER BY seq", params)
            ]

        return self._db.run(read, write=False)
