"""Several assessors (migration m006): each one's answers, resolutions, the assessor's name.

``answer_views`` holds, for an element two or more assessors answered, each one's own
answer; the ``answers`` row of that element holds the consensus the engine scores
(:func:`csmaturity_tui.model.consensus`), written whenever the views or the resolution
change, with a history row (so the spread stays in the history). ``resolutions`` holds
how a conflict was settled. ``settings`` remembers who answers with this database.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from csmaturity_tui.model import (
    Answer,
    Assessment,
    Resolution,
    answer_problems,
    consensus,
    resolution_problems,
)
from csmaturity_tui.store import mapping
from csmaturity_tui.store.connection import Connection
from csmaturity_tui.store.errors import InvalidValue

if TYPE_CHECKING:
    from csmaturity_tui.rubric import Rubric

ASSESSOR_KEY = "assessor"


def remembered_assessor(conn: sqlite3.Connection) -> str:
    """The assessor remembered for this database ("" when none is)."""
    found = conn.execute("SELECT setting FROM settings WHERE key = ?", (ASSESSOR_KEY,)).fetchone()
    return str(found[0]) if found else ""


def read_views(
    conn: sqlite3.Connection, aid: str, rubric: Rubric | None, element_id: str | None = None
) -> dict[str, tuple[Answer, ...]]:
    """Each assessor's answers by element (sorted by assessor); elements ``rubric`` lacks,
    or answers it refuses, are left out (kept in the table, as orphaned answers are)."""
    sql = "SELECT * FROM answer_views WHERE assessment_id = ?"
    params: list[str] = [aid]
    if element_id is not None:
        sql += " AND element_id = ?"
        params.append(element_id)
    out: dict[str, list[Answer]] = {}
    for r in mapping.rows(conn, sql + " ORDER BY element_id, assessor", params):
        a = mapping.answer_from_row(r, by="assessor")
        if rubric is not None and answer_problems(a, rubric):
            continue
        out.setdefault(a.element_id, []).append(a)
    return {eid: tuple(views) for eid, views in out.items() if len(views) > 1}


def read_resolutions(
    conn: sqlite3.Connection, aid: str, rubric: Rubric | None
) -> dict[str, Resolution]:
    """The resolutions by element (those ``rubric`` refuses left out)."""
    out: dict[str, Resolution] = {}
    for r in mapping.rows(
        conn, "SELECT * FROM resolutions WHERE assessment_id = ? ORDER BY element_id", (aid,)
    ):
        res = Resolution(
            r["element_id"],
            r["kind"],
            r["level"],
            r["na_reason"],
            r["note"],
            r["assessor"],
            r["at"],
        )
        if rubric is None or not resolution_problems(res, rubric):
            out[res.element_id] = res
    return out


def put_views(conn: sqlite3.Connection, aid: str, element_id: str, views: Iterable[Answer]) -> None:
    """Replace the element's views with ``views``."""
    conn.execute(
        "DELETE FROM answer_views WHERE assessment_id = ? AND element_id = ?", (aid, element_id)
    )
    conn.executemany(
        "INSERT INTO answer_views (assessment_id, element_id, level, na_reason, "
        "confidence, note, flagged, updated, assessor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(aid, *mapping.answer_values(a)) for a in views],
    )


def put_resolution(
    conn: sqlite3.Connection, aid: str, element_id: str, r: Resolution | None
) -> None:
    """Write the element's resolution (None: remove it)."""
    conn.execute(
        "DELETE FROM resolutions WHERE assessment_id = ? AND element_id = ?", (aid, element_id)
    )
    if r is not None:
        conn.execute(
            "INSERT INTO resolutions (assessment_id, element_id, kind, level, na_reason, note, "
            "assessor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (aid, element_id, r.kind, r.level, r.na_reason, r.note, r.by, r.at),
        )


def write_all(
    conn: sqlite3.Connection,
    aid: str,
    views: Mapping[str, tuple[Answer, ...]],
    resolutions: Mapping[str, Resolution],
) -> None:
    """Every view and resolution of a new assessment (an import)."""
    for eid, given in views.items():
        put_views(conn, aid, eid, given)
    for eid, r in resolutions.items():
        put_resolution(conn, aid, eid, r)


def check_views(
    rubric: Rubric,
    views: Mapping[str, tuple[Answer, ...]],
    resolutions: Mapping[str, Resolution],
) -> None:
    """``InvalidValue`` for the first rule the views or resolutions break."""
    for eid, given in views.items():
        names = [a.by for a in given]
        if not all(names):
            raise InvalidValue(
                f"views.{eid}",
                "an answer has no assessor's name: each assessor sets theirs "
                "(u on the list of assessments, or csmaturity --assessor NAME) before "
                "their answers are merged",
            )
        if len(given) < 2 or len(set(names)) != len(names):
            raise InvalidValue(f"views.{eid}", "needs two or more assessors, each named once")
        for a in given:
            problems = answer_problems(a, rubric)
            if a.element_id != eid or problems:
                field, message = problems[0] if problems else ("element", f"must be {eid}")
                raise InvalidValue(f"views.{eid}.{a.by}.{field}", message)
    for eid, r in resolutions.items():
        problems = resolution_problems(r, rubric)
        if problems:
            raise InvalidValue(f"resolutions.{eid}.{problems[0][0]}", problems[0][1])
        if eid not in views or r.element_id != eid:
            raise InvalidValue(f"resolutions.{eid}", "settles no disagreement between assessors")


class Assessors:
    """The assessor methods of :class:`~csmaturity_tui.store.Store`."""

    _db: Connection
    path: Path

    def assessor(self) -> str:
        """The name of the assessor answering with this database ("" until one is set)."""
        return self._db.run(remembered_assessor, write=False)

    def set_assessor(self, name: str) -> None:
        """Remember ``name`` as the assessor answering with this database."""
        from csmaturity_tui.inputs import text_problems

        for field, message in text_problems({"assessor": name}):
            raise InvalidValue(field, message)

        def write(conn: sqlite3.Connection) -> None:
            conn.execute(
                "INSERT OR REPLACE INTO settings (key, setting) VALUES (?, ?)",
                (ASSESSOR_KEY, name.strip()),
            )

        self._db.run(write, write=True)

    def resolve(self, assessment_id: str, resolution: Resolution, *, by: str = "") -> Answer:
        """Settle a conflict: the resolution is stored (stamped now, by ``by``) and the
        consensus it gives is written as the element's answer, with a history row; the
        assessors' own answers are kept. Returns the answer now scored."""

        def write(conn: sqlite3.Connection) -> Answer:
            from csmaturity_tui.store.answers import write_consensus  # it imports this module
            from csmaturity_tui.store.rubrics import pinned

            who = by or remembered_assessor(conn)
            row = mapping.meta_row(conn, self.path, assessment_id)
            rubric = pinned(conn, self.path, row["rubric_sha256"])
            eid = resolution.element_id
            views = read_views(conn, assessment_id, rubric, eid).get(eid, ())
            stamp = mapping.now_iso()
            settled = dataclasses.replace(resolution, by=who, at=stamp)
            check_views(rubric, {eid: views} if views else {}, {eid: settled})
            put_resolution(conn, assessment_id, eid, settled)
            after = consensus(eid, views, settled)
            write_consensus(conn, row, rubric, after, by=who, action="resolve", stamp=stamp)
            return after

        return self._db.run(write, write=True)

    def merge_into(self, assessment_id: str, merged: Assessment, *, by: str = "") -> None:
        """Write the answers, views and resolutions of ``merged`` (a merge of copies of
        this assessment) over its own: each changed answer with a history row (``merge``),
        the assessors field joined with the copies' names."""

        def write(conn: sqlite3.Connection) -> None:
            from csmaturity_tui.store.answers import write_consensus  # it imports this module
            from csmaturity_tui.store.rubrics import pinned

            who = by or remembered_assessor(conn)
            row = mapping.meta_row(conn, self.path, assessment_id)
            rubric = pinned(conn, self.path, row["rubric_sha256"])
            check_views(rubric, merged.views, merged.resolutions)
            stamp = mapping.now_iso()
            for eid, views in merged.views.items():
                put_views(conn, assessment_id, eid, views)
                put_resolution(conn, assessment_id, eid, merged.resolutions.get(eid))
            for eid in sorted(merged.answers):
                after = merged.answers[eid]
                before = mapping.read_answer(conn, assessment_id, eid)
                if before != after and not answer_problems(after, rubric):
                    write_consensus(conn, row, rubric, after, by=who, action="merge", stamp=stamp)
            conn.execute(
                "UPDATE assessments SET assessors = ? WHERE id = ?",
                (merged.meta.assessors, assessment_id),
            )

        self._db.run(write, write=True)
