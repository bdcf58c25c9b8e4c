"""Answers: set, clear, undo, redo, and their history (append-only, one row per change).

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

from csmaturity_tui.model import Answer, answer_problems, answer_text_problems, consensus
from csmaturity_tui.store import mapping
from csmaturity_tui.store.assessors import (
    put_resolution,
    put_views,
    read_views,
    remembered_assessor,
)
from csmaturity_tui.store.connection import Connection
from csmaturity_tui.store.errors import HistoryEntry, InvalidValue
from csmaturity_tui.store.rubrics import pinned

if TYPE_CHECKING:
    from csmaturity_tui.rubric import Rubric

_UNDOABLE = ("set", "clear")
now = mapping.now_iso


def _stacks(conn: sqlite3.Connection, aid: str) -> tuple[list[int], list[tuple[int, int]]]:
    """What undo and redo would take next, replayed from the history (so both survive a
    restart): the changes in effect, oldest first (their seqs), and the changes undone
    and not redone, each with the undo that reverted it, oldest first.

    An undo row names the change it reverted (``undoes``); a redo row names the undo it
    reverted. A new set or clear empties the redo stack (the usual editor rule).
    """
    done: list[int] = []
    undone: list[tuple[int, int]] = []
    for r in mapping.rows(
        conn,
        "SELECT seq, action, undoes FROM answer_history WHERE assessment_id = ? "
        "AND action IN (?, ?, 'undo', 'redo') ORDER BY seq",
        (aid, *_UNDOABLE),
    ):
        seq, action, undoes = r["seq"], r["action"], r["undoes"]
        if action in _UNDOABLE:
            done.append(seq)
            undone.clear()
        elif action == "undo" and undoes in done:
            done.remove(undoes)
            undone.append((undoes, seq))
        elif action == "redo":
            for n, (change, undo) in enumerate(undone):
                if undo == undoes:
                    del undone[n]
                    done.append(change)
                    break
    return done, undone


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


def write_consensus(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    rubric: Rubric,
    after: Answer,
    *,
    by: str,
    action: str,
    stamp: str,
) -> None:
    """Write ``after`` as the element's answer (scored), with its history row (``action``:
    ``resolve`` or ``merge``), the assessment's stamp and progress."""
    aid = row["id"]
    before = mapping.read_answer(conn, aid, after.element_id)
    record(conn, aid, after.element_id, by=by, action=action, before=before, after=after, at=stamp)
    score(conn, row, rubric, after, stamp)


def score(
    conn: sqlite3.Connection, row: sqlite3.Row, rubric: Rubric, a: Answer, stamp: str
) -> None:
    """Write the consensus ``a`` as the element's answer, the stamp and progress (the
    history row is the caller's: the assessor's own answer, or the resolution)."""
    mapping.put_answer(conn, row["id"], a)
    conn.execute("UPDATE assessments SET updated = ? WHERE id = ?", (stamp, row["id"]))
    count_progress(conn, row["id"], len(rubric.element_by_id))


def _put_view(
    conn: sqlite3.Connection,
    row: sqlite3.Row,
    rubric: Rubric,
    others: tuple[Answer, ...],
    by: str,
    mine: Answer | None,
    stamp: str,
) -> Answer:
    """``by``'s own answer to an element several assessors answered becomes ``mine``
    (None: withdrawn), any resolution is withdrawn (the views changed) and the consensus
    is written as the element's answer, scored (the history row is the caller's: the
    assessor's own change). One view left: it is the element's answer, alone."""
    aid, eid = row["id"], (mine.element_id if mine else others[0].element_id)
    views = sorted([*(a for a in others if a.by != by), *([mine] if mine else [])], key=_by)
    put_resolution(conn, aid, eid, None)
    if len(views) > 1:
        put_views(conn, aid, eid, views)
        after = consensus(eid, tuple(views))
    else:
        put_views(conn, aid, eid, ())
        after = views[0]
    score(conn, row, rubric, after, stamp)
    return after


def _by(a: Answer) -> str:
    return a.by


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

    def _set_view(
        self,
        conn: sqlite3.Connection,
        row: sqlite3.Row,
        rubric: Rubric,
        answer: Answer,
        others: tuple[Answer, ...],
        by: str,
    ) -> Answer:
        """An assessor's answer to an element several assessors answered: kept as their
        view beside the others' (history ``view``: their answer before and after), any
        resolution withdrawn (the views changed), and the consensus written as the
        element's answer. Returns the answer now scored."""
        eid = answer.element_id
        if not by:
            raise InvalidValue(
                "by",
                "several assessors answered this element: set your name first "
                "(u on the list of assessments, or csmaturity --assessor NAME)",
            )
        held = next((a for a in others if a.by == by), None)
        if held is not None and mapping.same_content(held, answer):
            return mapping.read_answer(conn, row["id"], eid) or held
        mine = dataclasses.replace(answer, updated=mapping.now_iso(), by=by)
        record(conn, row["id"], eid, by=by, action="set", before=held, after=mine, at=mine.updated)
        return _put_view(conn, row, rubric, others, by, mine, mine.updated)

    def set_answer(self, assessment_id: str, answer: Answer, *, by: str = "") -> Answer:
        """Validate against the pinned rubric, stamp, write with one history row; committed.

        ``by`` defaults to the assessor remembered for this database. On an element
        several assessors answered (it has views), the answer is ``by``'s own view and
        the consensus is written as the element's answer (and returned).
        """
        if not isinstance(by, str):
            raise InvalidValue("by", "must be text")
        if not isinstance(answer, Answer):
            raise InvalidValue("answer", "must be an Answer")

        def write(conn: sqlite3.Connection) -> Answer:
            row = mapping.meta_row(conn, self.path, assessment_id)
            rubric = pinned(conn, self.path, row["rubric_sha256"])
            check_answer(answer, rubric)
            who = by or remembered_assessor(conn)
            before = mapping.read_answer(conn, assessment_id, answer.element_id)
            others = read_views(conn, assessment_id, rubric, answer.element_id)
            if others:  # several assessors answered it: this one's own answer changes
                return self._set_view(conn, row, rubric, answer, others[answer.element_id], who)
            if before is not None and mapping.same_content(before, answer):
                # the same answer given again confirms a carried one
                confirm(conn, assessment_id, answer.element_id, len(rubric.element_by_id))
                return dataclasses.replace(before, carried=False)
            stamp = mapping.now_iso()
            stored = dataclasses.replace(answer, updated=stamp, by=who, carried=False)
            self._change(
                conn, row, answer.element_id, before, stored, by=who, action="set", stamp=stamp
            )
            return stored

        return self._db.run(write, write=True)

    def clear_answer(self, assessment_id: str, element_id: str, *, by: str = "") -> None:
        """Remove an answer, and any assessors' views of it (its history is kept)."""

        def write(conn: sqlite3.Connection) -> None:
            row = mapping.meta_row(conn, self.path, assessment_id)
            before = mapping.read_answer(conn, assessment_id, element_id)
            put_views(conn, assessment_id, element_id, ())
            put_resolution(conn, assessment_id, element_id, None)
            if before is not None:
                who = by or remembered_assessor(conn)
                self._change(
                    conn, row, element_id, before, None, by=who, action="clear", stamp=now()
                )

        self._db.run(write, write=True)

    def undo(self, assessment_id: str, *, by: str = "") -> Answer | None:
        """Revert the latest change not undone (a set, a clear or a redo); None when
        there is nothing to undo. The answer it leaves, ``Answer(element_id)`` if none."""
        return self._step(assessment_id, by=by, action="undo")

    def redo(self, assessment_id: str, *, by: str = "") -> Answer | None:
        """Make again the change the latest undo reverted (undos in a row are redone in
        turn, until a new change clears them); None when there is nothing to redo."""
        return self._step(assessment_id, by=by, action="redo")

    def _step(self, assessment_id: str, *, by: str, action: str) -> Answer | None:
        def write(conn: sqlite3.Connection) -> Answer | None:
            row = mapping.meta_row(conn, self.path, assessment_id)
            done, undone = _stacks(conn, assessment_id)
            if action == "undo" and done:
                seq, column, undoes = done[-1], "before_json", done[-1]
            elif action == "redo" and undone:
                (seq, undoes), column = undone[-1], "after_json"
            else:
                return None
            found = mapping.rows(
                conn,
                f"SELECT element_id, changed_by, {column} FROM answer_history WHERE seq = ?",
                (seq,),
            )[0]
            element_id = found["element_id"]
            target = mapping.answer_from_json(found[column])
            rubric = pinned(conn, self.path, row["rubric_sha256"])
            views = read_views(conn, assessment_id, rubric, element_id).get(element_id, ())
            owner = found["changed_by"]
            if any(v.by == owner for v in views):  # an assessor's own answer: their view
                held = next(v for v in views if v.by == owner)
                stamp = now()
                record(
                    conn,
                    assessment_id,
                    element_id,
                    by=owner,
                    action=action,
                    before=held,
                    after=target,
                    at=stamp,
                    undoes=undoes,
                )
                mine = dataclasses.replace(target, by=owner) if target is not None else None
                return _put_view(conn, row, rubric, views, owner, mine, stamp)
            current = mapping.read_answer(conn, assessment_id, element_id)
            self._change(
                conn,
                row,
                element_id,
                current,
                target,
                by=by or remembered_assessor(conn),
                action=action,
                stamp=now(),
                undoes=undoes,
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
