"""Assessments: list, create, change, load, archive, delete, re-assess, rebase, cursor.

The list reads cached columns: ``progress`` (kept by every write, counted in
:func:`~csmaturity_tui.store.answers.count_progress`) and ``overall``, which no write
computes: a write that can change it clears it, and the shell caches the value of an
evaluation it did (:meth:`Assessments.cache_overall`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csmaturity_tui.model import (
    STATUSES,
    Answer,
    Assessment,
    AssessmentMeta,
    Baseline,
    RebasePlan,
    answer_problems,
    baseline_problems,
    meta_problems,
    plan_rebase,
    target_problems,
)
from csmaturity_tui.store import mapping
from csmaturity_tui.store.answers import add_answers, count_progress
from csmaturity_tui.store.assessors import read_resolutions, read_views
from csmaturity_tui.store.connection import Connection
from csmaturity_tui.store.errors import Ambiguous, AssessmentRow, InvalidValue, NotFound, StoreError
from csmaturity_tui.store.pilots import read_pilots
from csmaturity_tui.store.rubrics import pin, pinned

if TYPE_CHECKING:
    from csmaturity_tui.rubric import Rubric

_NOT_GIVEN: Any = object()


def check_meta(meta: AssessmentMeta, fields: tuple[str, ...] | None = None) -> None:
    """``InvalidValue`` for the first rule of ``model`` the metadata breaks (in ``fields``)."""
    for field, message in meta_problems(meta):
        if fields is None or field in fields:
            raise InvalidValue(field, message)


def check_baseline(b: Baseline, rubric: Rubric) -> None:
    if not isinstance(b, Baseline):
        raise InvalidValue("baseline", "must be a Baseline")
    problems = baseline_problems(b, rubric)
    if problems:
        raise InvalidValue(*problems[0])


def insert(
    conn: sqlite3.Connection, path: Path, rubric: Rubric, meta: AssessmentMeta, baseline: Baseline
) -> None:
    """A new assessment row, its pinned rubric and its baseline (no answers)."""
    if mapping.rows(conn, "SELECT 1 FROM assessments WHERE id = ?", (meta.id,)):
        raise StoreError(f"{path}: an assessment with id {meta.id!r} already exists")
    mapping.insert_meta(conn, meta, pin(conn, rubric))
    mapping.put_baseline(conn, meta.id, baseline)


class Assessments:
    """The assessment methods of :class:`~csmaturity_tui.store.Store`."""

    _db: Connection
    path: Path

    def list_assessments(
        self,
        *,
        include_archived: bool = True,
        limit: int | None = None,
        since: str | None = None,
    ) -> list[AssessmentRow]:
        """Every assessment, newest ``updated`` first, from the cached columns.

        ``limit``: only the newest ``limit`` (home's first screenful), read through the
        ``updated`` index. ``since``: only those updated at or after this timestamp
        (what changed since home last listed), through the same index.
        """
        where: list[str] = []
        args: list[object] = []
        if not include_archived:
            where.append("status != 'archived'")
        if since is not None:
            where.append("updated >= ?")
            args.append(since)
        sql = (
            "SELECT id, client, scope, date, status, progress, overall, updated, "
            "rubric_sha256, rowid FROM assessments"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        if limit is not None or since is not None:
            # a few rows: walk the ``updated`` index from its newest end
            sql += " ORDER BY updated DESC, rowid DESC"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)

        def read(conn: sqlite3.Connection) -> list[AssessmentRow]:
            rubrics = {
                sha: (rid, version)
                for sha, rid, version in conn.execute(
                    "SELECT sha256, rubric_id, version FROM rubrics"
                )
            }
            # Every row: a plain table scan sorted in Python beats walking the
            # ``updated`` index (one random row lookup per assessment).
            found = conn.execute(sql, args).fetchall()
            found.sort(key=lambda r: (r[7], r[9]), reverse=True)
            return [
                AssessmentRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], *rubrics[r[8]])
                for r in found
            ]

        return self._db.run(read, write=False)

    def count_assessments(self) -> int:
        """How many assessments the database holds (archived too)."""
        return self._db.run(
            lambda conn: int(conn.execute("SELECT count(*) FROM assessments").fetchone()[0]),
            write=False,
        )

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
        meta = AssessmentMeta(
            id=str(uuid.uuid4()) if id is None else id,
            client=client.strip() if isinstance(client, str) else client,
            scope=scope,
            assessors=assessors,
            date=date,
            status=status,  # type: ignore[arg-type]
        )
        check_meta(meta)
        check_baseline(baseline, rubric)

        def write(conn: sqlite3.Connection) -> str:
            insert(conn, self.path, rubric, meta, baseline)
            return meta.id

        return self._db.run(write, write=True)

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
        given: dict[str, Any] = {
            k: v
            for k, v in (
                ("client", client.strip() if isinstance(client, str) else client),
                ("scope", scope),
                ("assessors", assessors),
                ("date", date),
                ("status", status),
            )
            if v is not _NOT_GIVEN
        }

        def write(conn: sqlite3.Connection) -> None:
            row = mapping.meta_row(conn, self.path, id)
            check_meta(dataclasses.replace(mapping.meta_from_row(row), **given), tuple(given))
            fields = {k: v for k, v in given.items() if k != "status"}
            if status is not _NOT_GIVEN and status != row["status"]:
                if status == "archived":
                    fields["status_before_archive"] = row["status"]
                elif row["status"] == "archived":
                    fields["status_before_archive"] = None
                fields["status"] = status
            fields["updated"] = mapping.now_iso()
            if baseline is not _NOT_GIVEN:
                check_baseline(baseline, pinned(conn, self.path, row["rubric_sha256"]))
                mapping.put_baseline(conn, id, baseline)
                fields["overall"] = None
            assignments = ", ".join(f"{k} = ?" for k in fields)
            conn.execute(
                f"UPDATE assessments SET {assignments} WHERE id = ?", (*fields.values(), id)
            )

        self._db.run(write, write=True)

    def set_targets(self, id: str, targets: Mapping[str, float | None]) -> None:
        """Set each given dimension's target (None: back to the rubric's); stamps ``updated``.

        Checked against the pinned rubric (a level on its scale, decimals allowed); the
        targets of dimensions not given, and of dimensions the rubric lacks, are kept.
        """

        def write(conn: sqlite3.Connection) -> None:
            row = mapping.meta_row(conn, self.path, id)
            rubric = pinned(conn, self.path, row["rubric_sha256"])
            for dim_id in targets:
                if dim_id not in rubric.dimension_by_id:
                    raise InvalidValue(f"targets.{dim_id}", "no such dimension in the rubric")
            given = {d: t for d, t in targets.items() if t is not None}
            for dim_id, message in target_problems(given, rubric):
                raise InvalidValue(f"targets.{dim_id}", message)
            for dim_id, target in targets.items():
                conn.execute(
                    "DELETE FROM targets WHERE assessment_id = ? AND dimension_id = ?", (id, dim_id)
                )
                if target is not None:
                    conn.execute(
                        "INSERT INTO targets (assessment_id, dimension_id, target) "
                        "VALUES (?, ?, ?)",
                        (id, dim_id, float(target)),
                    )
            conn.execute(
                "UPDATE assessments SET updated = ?, overall = NULL WHERE id = ?",
                (mapping.now_iso(), id),
            )

        self._db.run(write, write=True)

    def load(self, id: str) -> tuple[Rubric, Assessment]:
        """The assessment with its PINNED rubric (orphaned answers are in :meth:`orphans`).

        An answer the pinned rubric refuses (a level off its scale, say 99, written into
        the file by something else) is damage: a StoreError naming it, never read on.
        """

        def read(conn: sqlite3.Connection) -> tuple[Rubric, Assessment]:
            row = mapping.meta_row(conn, self.path, id)
            rubric = pinned(conn, self.path, row["rubric_sha256"])
            answers = {a.element_id: a for a in mapping.read_answers(conn, id)}
            for a in answers.values():
                for field, message in answer_problems(a, rubric):
                    value = getattr(a, "element_id" if field == "element" else field, None)
                    raise self._db.damaged(
                        f"assessment {id}, element {a.element_id}: {field} {value!r} "
                        f"breaks the pinned rubric: {message}"
                    )
            views = read_views(conn, id, rubric)
            assessment = Assessment(
                meta=mapping.meta_from_row(row),
                baseline=mapping.read_baseline(conn, id, rubric),
                answers=answers,
                pilots=read_pilots(conn, id, rubric),
                views={eid: v for eid, v in views.items() if eid in answers},
                resolutions={
                    eid: r for eid, r in read_resolutions(conn, id, rubric).items() if eid in views
                },
            )
            return rubric, assessment

        return self._db.run(read, write=False)

    def cache_overall(self, id: str, overall: float | None, updated: str) -> bool:
        """Keep the overall score of an evaluation of the assessment as last ``updated``.

        Written only if the assessment was not changed since (``updated`` unchanged);
        True if written. The list shows it until a change clears it.
        """

        def write(conn: sqlite3.Connection) -> bool:
            cur = conn.execute(
                "UPDATE assessments SET overall = ? WHERE id = ? AND updated = ?",
                (overall, id, updated),
            )
            return cur.rowcount == 1

        return self._db.run(write, write=True)

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

        return self._db.run(read, write=False)

    def archive(self, id: str) -> None:
        self._set_archived(id, True)

    def unarchive(self, id: str) -> None:
        self._set_archived(id, False)

    def _set_archived(self, aid: str, archived: bool) -> None:
        def write(conn: sqlite3.Connection) -> None:
            row = mapping.meta_row(conn, self.path, aid)
            if (row["status"] == "archived") == archived:
                return
            if archived:
                conn.execute(
                    "UPDATE assessments SET status = 'archived', status_before_archive = ?, "
                    "updated = ? WHERE id = ?",
                    (row["status"], mapping.now_iso(), aid),
                )
            else:
                previous = row["status_before_archive"]
                conn.execute(
                    "UPDATE assessments SET status = ?, status_before_archive = NULL, "
                    "updated = ? WHERE id = ?",
                    (
                        previous if previous in STATUSES and previous != "archived" else "draft",
                        mapping.now_iso(),
                        aid,
                    ),
                )

        self._db.run(write, write=True)

    def delete(self, id: str, *, confirm: str) -> None:
        """Delete for good (answers, history, baseline); ``confirm`` must be the full id."""

        def write(conn: sqlite3.Connection) -> None:
            mapping.meta_row(conn, self.path, id)
            if confirm != id:
                raise StoreError(
                    f"{self.path}: not deleted: confirm with the full id {id!r}", exit_code=2
                )
            for table in (
                "answer_history",
                "answers",
                "answer_views",
                "resolutions",
                "targets",
                "baselines",
                "pilots",
            ):
                conn.execute(f"DELETE FROM {table} WHERE assessment_id = ?", (id,))
            conn.execute("DELETE FROM assessments WHERE id = ?", (id,))

        self._db.run(write, write=True)

    def duplicate(self, id: str, *, copy_answers: bool, date: str | None = None) -> str:
        """A re-assessment of the same client: new id and date, baseline copied, draft."""
        new_date = date if date is not None else dt.date.today().isoformat()
        new_id = str(uuid.uuid4())

        def write(conn: sqlite3.Connection) -> str:
            row = mapping.meta_row(conn, self.path, id)
            rubric = pinned(conn, self.path, row["rubric_sha256"])
            meta = dataclasses.replace(
                mapping.meta_from_row(row),
                id=new_id,
                date=new_date,
                status="draft",
                created="",
                updated="",
            )
            check_meta(meta, ("date",))
            insert(conn, self.path, rubric, meta, mapping.read_baseline(conn, id, None))
            if copy_answers:
                stamp = mapping.now_iso()
                found = mapping.rows(conn, "SELECT * FROM answers WHERE assessment_id = ?", (id,))
                copied = [(mapping.answer_from_row(r), bool(r["orphaned"])) for r in found]
                add_answers(conn, new_id, copied, action="copy", at=stamp)
                count_progress(conn, new_id, len(rubric.element_by_id))
            return new_id

        return self._db.run(write, write=True)

    def rebase(self, id: str, rubric: Rubric) -> RebasePlan:
        """Move to ``rubric``, answers carried as :func:`~csmaturity_tui.model.plan_rebase`
        says: by element id, through the rubric's ``[[carry]]`` map, or kept aside.

        An answer kept aside is an orphan (kept, flagged, listed by :meth:`orphans`); one
        carried through the map changes element id and keeps everything else.
        """

        def write(conn: sqlite3.Connection) -> RebasePlan:
            mapping.meta_row(conn, self.path, id)
            sha = pin(conn, rubric)
            plan = plan_rebase(mapping.read_answers(conn, id, orphaned=None), rubric)
            flags = [(0, e, e) for e in plan.carried]
            flags += [(0, new, old) for old, new in plan.mapped]
            flags += [(1, e, e) for e, _why in plan.kept]
            conn.executemany(
                "UPDATE answers SET orphaned = ?, element_id = ? "
                "WHERE assessment_id = ? AND element_id = ?",
                [(lost, eid, id, old) for lost, eid, old in flags],
            )
            conn.execute(
                "UPDATE assessments SET rubric_sha256 = ?, updated = ? WHERE id = ?",
                (sha, mapping.now_iso(), id),
            )
            count_progress(conn, id, len(rubric.element_by_id))
            return plan

        return self._db.run(write, write=True)

    def orphans(self, id: str) -> list[Answer]:
        """Answers kept from an earlier rubric whose element the pinned rubric lacks."""

        def read(conn: sqlite3.Connection) -> list[Answer]:
            mapping.meta_row(conn, self.path, id)
            return mapping.read_answers(conn, id, orphaned=True)

        return self._db.run(read, write=False)

    def refresh_cached(self, id: str | None = None) -> int:
        """Recount progress and clear the cached overall (one assessment, or all).

        For use after an engine or rubric-parsing change; returns how many.
        """

        def write(conn: sqlite3.Connection) -> int:
            found = conn.execute(
                "SELECT id, rubric_sha256 FROM assessments"
                + (" WHERE id = ?" if id is not None else ""),
                (id,) if id is not None else (),
            ).fetchall()
            if id is not None and not found:
                raise NotFound(f"{self.path}: no assessment with id {id!r}")
            for aid, sha in found:
                count_progress(conn, aid, len(pinned(conn, self.path, sha).element_by_id))
            return len(found)

        return self._db.run(write, write=True)

    def set_cursor(self, assessment_id: str, element_id: str | None) -> None:
        """Remember where the assessor left off (does not stamp ``updated``)."""

        def write(conn: sqlite3.Connection) -> None:
            mapping.meta_row(conn, self.path, assessment_id)
            conn.execute(
                "UPDATE assessments SET cursor_element = ? WHERE id = ?",
                (element_id, assessment_id),
            )

        self._db.run(write, write=True)

    def get_cursor(self, assessment_id: str) -> str | None:
        def read(conn: sqlite3.Connection) -> str | None:
            value = mapping.meta_row(conn, self.path, assessment_id)["cursor_element"]
            return value if isinstance(value, str) else None

        return self._db.run(read, write=False)
