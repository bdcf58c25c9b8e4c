"""Rounds of a client (migration m005): re-assess, carried answers, the series.

A re-assessment is a new round made from an earlier one: same client, scope and
assessors, the baseline copied (to update), the earlier round's pilots recorded as they
stood, and every answer carried (marked ``carried`` until the assessor confirms or
changes it) onto the rubric given, through its ``[[carry]]`` map when the rubric
changed (:func:`~csmaturity_tui.model.plan_rebase`; what it cannot carry is kept aside
as an orphan). The new round names the earlier one as its ``previous_id``; deleting the
earlier round leaves the later one whole (it just has no previous round any more).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from csmaturity_tui.model import RebasePlan, plan_rebase
from csmaturity_tui.store import mapping
from csmaturity_tui.store.answers import add_answers, confirm, count_progress
from csmaturity_tui.store.assessments import check_meta, insert
from csmaturity_tui.store.connection import Connection
from csmaturity_tui.store.pilots import read_pilots, write_pilots
from csmaturity_tui.store.rubrics import pinned

if TYPE_CHECKING:
    from csmaturity_tui.rubric import Rubric


@dataclasses.dataclass(frozen=True)
class Reassessed:
    """The new round's id and how its answers were carried from the earlier round."""

    id: str
    plan: RebasePlan


def _carry(conn: sqlite3.Connection, old: str, new: str, rubric: Rubric, stamp: str) -> RebasePlan:
    """The earlier round's answers onto ``rubric`` in round ``new``: carried, or aside."""
    answers = mapping.read_answers(conn, old, orphaned=None)
    plan = plan_rebase(answers, rubric)
    by_id = {a.element_id: a for a in answers}
    moved = [(by_id[e], e) for e in plan.carried]
    moved += [(by_id[o], n) for o, n in plan.mapped]
    carried = [(dataclasses.replace(a, element_id=eid, carried=True), False) for a, eid in moved]
    add_answers(conn, new, carried, action="carry", at=stamp)
    aside = [(dataclasses.replace(by_id[e], carried=False), True) for e, _why in plan.kept]
    add_answers(conn, new, aside, action="carry", at=stamp)
    return plan


class Rounds:
    """The round methods of :class:`~csmaturity_tui.store.Store`."""

    _db: Connection
    path: Path

    def reassess(self, id: str, rubric: Rubric, *, date: str | None = None) -> Reassessed:
        """The next round of ``id``'s client on ``rubric`` (a draft dated ``date``, today
        by default): baseline and pilots copied, answers carried and marked."""
        new_date = date if date is not None else dt.date.today().isoformat()
        new_id = str(uuid.uuid4())

        def write(conn: sqlite3.Connection) -> Reassessed:
            row = mapping.meta_row(conn, self.path, id)
            meta = dataclasses.replace(
                mapping.meta_from_row(row),
                id=new_id,
                date=new_date,
                status="draft",
                created="",
                updated="",
            )
            check_meta(meta, ("date",))
            baseline = mapping.read_baseline(conn, id, rubric)
            insert(conn, self.path, rubric, meta, baseline)
            conn.execute("UPDATE assessments SET previous_id = ? WHERE id = ?", (id, new_id))
            stamp = mapping.now_iso()
            plan = _carry(conn, id, new_id, rubric, stamp)
            earlier = pinned(conn, self.path, row["rubric_sha256"])
            pilots = [
                p
                for p in read_pilots(conn, id, earlier).values()
                if p.agent_id in rubric.agent_by_id
                and rubric.agent_by_id[p.agent_id].exposure == "internal"
            ]
            known = {p.agent_id: rubric.agent_by_id[p.agent_id].failure_mode_ids for p in pilots}
            pilots = [
                dataclasses.replace(p, seen=tuple(s for s in p.seen if s in known[p.agent_id]))
                for p in pilots
            ]
            write_pilots(conn, new_id, pilots, rubric, stamp)
            count_progress(conn, new_id, len(rubric.element_by_id))
            return Reassessed(new_id, plan)

        return self._db.run(write, write=True)

    def confirm_answer(self, assessment_id: str, element_id: str) -> bool:
        """Confirm a carried answer as it is (progress counts it); False if not carried."""

        def write(conn: sqlite3.Connection) -> bool:
            row = mapping.meta_row(conn, self.path, assessment_id)
            rubric = pinned(conn, self.path, row["rubric_sha256"])
            return confirm(conn, assessment_id, element_id, len(rubric.element_by_id))

        return self._db.run(write, write=True)

    def previous_round(self, assessment_id: str) -> str | None:
        """The round this one was made from, if it is still there; else the latest other
        round of the same client dated before it (None: it is the client's first)."""

        def read(conn: sqlite3.Connection) -> str | None:
            row = mapping.meta_row(conn, self.path, assessment_id)
            linked = row["previous_id"]
            if (
                linked
                and conn.execute("SELECT 1 FROM assessments WHERE id = ?", (linked,)).fetchone()
            ):
                return str(linked)
            found = conn.execute(
                "SELECT id FROM assessments WHERE client = ? AND id != ? "
                "AND (date < ? OR (date = ? AND created < ?)) "
                "ORDER BY date DESC, created DESC LIMIT 1",
                (row["client"], assessment_id, row["date"], row["date"], row["created"]),
            ).fetchone()
            return str(found[0]) if found else None

        return self._db.run(read, write=False)

    def series(self, assessment_id: str) -> list[str]:
        """Every round of this one's client (archived too), oldest first."""

        def read(conn: sqlite3.Connection) -> list[str]:
            row = mapping.meta_row(conn, self.path, assessment_id)
            return [
                str(r[0])
                for r in conn.execute(
                    "SELECT id FROM assessments WHERE client = ? ORDER BY date, created, id",
                    (row["client"],),
                )
            ]

        return self._db.run(read, write=False)
