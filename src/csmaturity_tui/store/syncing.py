"""Taking in what ``sync`` merged: element by element, and only what nobody changed since.

``sync`` exports every assessment, merges what the others sent, and hands back, per
assessment, the version it exported (``expected``) and the merged one. Between the two
the app may have gone on answering in another process: every part is written only where
the database still holds what was exported (compare-and-set, in one transaction), so an
answer given meanwhile is kept, never overwritten, and goes out with the next sync.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from typing import TYPE_CHECKING, Any

from csmaturity_tui.model import Assessment, AssessmentMeta, baseline_problems
from csmaturity_tui.store import mapping
from csmaturity_tui.store.answers import Answers, check_answer
from csmaturity_tui.store.assessments import check_meta
from csmaturity_tui.store.assessors import (
    check_views,
    put_resolution,
    put_views,
    read_resolutions,
    read_views,
)
from csmaturity_tui.store.errors import InvalidValue
from csmaturity_tui.store.pilots import check_pilot, read_pilots, write_pilots
from csmaturity_tui.store.rubrics import pinned

if TYPE_CHECKING:
    from csmaturity_tui.rubric import Rubric

_META = ("client", "scope", "assessors", "date", "status")


def _details(meta: AssessmentMeta) -> dict[str, Any]:
    """The details a sync carries (not the stamps)."""
    return {k: getattr(meta, k) for k in _META}


class Syncing(Answers):
    """The sync method of :class:`~csmaturity_tui.store.Store`."""

    def take_merged(self, expected: Assessment, merged: Assessment, *, by: str) -> list[str]:
        """Write what ``merged`` changed from ``expected``, part by part, where the database
        still holds ``expected``; the parts kept because they changed meanwhile (element ids,
        ``baseline``, ``details``, ``pilot <agent>``)."""
        aid = expected.meta.id
        if merged.meta.id != aid:
            raise InvalidValue("id", f"{merged.meta.id!r} is not {aid!r}")

        def write(conn: sqlite3.Connection) -> list[str]:
            stamp = mapping.now_iso()
            was = mapping.meta_row(conn, self.path, aid)["updated"]
            kept = self._take_answers(conn, expected, merged, by, stamp)
            kept += _take_rest(conn, self, expected, merged, stamp)
            if not kept:  # the merged version's stamp, never older than the row's own was
                conn.execute(
                    "UPDATE assessments SET updated = ? WHERE id = ?",
                    (max(was, merged.meta.updated), aid),
                )
            return kept

        return self._db.run(write, write=True)

    def _take_answers(
        self, conn: sqlite3.Connection, expected: Assessment, merged: Assessment, by: str, at: str
    ) -> list[str]:
        # (imported here: the engine is not on the path to the first screen)
        from csmaturity_tui.engine.threeway import element_state, said

        aid = expected.meta.id
        row = mapping.meta_row(conn, self.path, aid)
        rubric = pinned(conn, self.path, row["rubric_sha256"])
        kept: list[str] = []
        ids = set(expected.answers) | set(merged.answers) | set(expected.views) | set(merged.views)
        for eid in sorted(ids):
            if element_state(expected, eid) == element_state(merged, eid):
                continue
            current = _held(conn, expected, rubric, eid)
            if element_state(current, eid) != element_state(expected, eid):
                kept.append(eid)
                continue
            views = merged.views.get(eid, ())
            settled = merged.resolutions.get(eid)
            check_views(rubric, {eid: views} if views else {}, {eid: settled} if settled else {})
            now = merged.answers.get(eid)
            if now is not None:
                check_answer(now, rubric, f"answers.{eid}.")
            put_views(conn, aid, eid, views)
            put_resolution(conn, aid, eid, settled)
            was = current.answers.get(eid)
            if said(was) == said(now):
                continue  # the views or the settlement changed, not what is scored
            who = now.by if now is not None and now.by else by
            self._change(conn, row, eid, was, now, by=who, action="sync", stamp=at)
        return kept


def _held(conn: sqlite3.Connection, like: Assessment, rubric: Rubric, eid: str) -> Assessment:
    """What the database holds now for one element, as an Assessment."""
    aid = like.meta.id
    answer = mapping.read_answer(conn, aid, eid)
    settled = read_resolutions(conn, aid, rubric).get(eid)
    return dataclasses.replace(
        like,
        answers={eid: answer} if answer is not None else {},
        views=read_views(conn, aid, rubric, eid),
        resolutions={eid: settled} if settled is not None else {},
    )


def _take_rest(
    conn: sqlite3.Connection, store: Syncing, expected: Assessment, merged: Assessment, at: str
) -> list[str]:
    """The details, the baseline and the pilots, each where unchanged since the export."""
    aid = expected.meta.id
    row = mapping.meta_row(conn, store.path, aid)
    rubric = pinned(conn, store.path, row["rubric_sha256"])
    kept: list[str] = []
    wrote = False
    current = mapping.meta_from_row(row)
    fields, was = _details(merged.meta), _details(expected.meta)
    if fields != was:
        if _details(current) != was:
            kept.append("details")
        else:
            check_meta(dataclasses.replace(current, **fields), _META)
            sets = ", ".join(f"{k} = ?" for k in fields)
            conn.execute(f"UPDATE assessments SET {sets} WHERE id = ?", (*fields.values(), aid))
            wrote = True
    if merged.baseline != expected.baseline:
        if mapping.read_baseline(conn, aid, rubric) != expected.baseline:
            kept.append("baseline")
        else:
            problems = baseline_problems(merged.baseline, rubric)
            if problems:
                raise InvalidValue("baseline." + problems[0][0], problems[0][1])
            mapping.put_baseline(conn, aid, merged.baseline)
            conn.execute("UPDATE assessments SET overall = NULL WHERE id = ?", (aid,))
            wrote = True
    pilots_now = read_pilots(conn, aid, rubric)
    for agent in sorted(merged.pilots):
        new = merged.pilots[agent]
        if new == expected.pilots.get(agent):
            continue
        if pilots_now.get(agent) != expected.pilots.get(agent):
            kept.append(f"pilot {agent}")
            continue
        check_pilot(new, rubric, "pilots.")
        write_pilots(conn, aid, [new], rubric, at)
        wrote = True
    if wrote:
        conn.execute("UPDATE assessments SET updated = ? WHERE id = ?", (at, aid))
    return kept
