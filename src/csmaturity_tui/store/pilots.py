"""Pilot outcomes in the ``pilots`` table (migration m004): read and write, on a connection.

Loading, import and delete call these inside their own transactions; :class:`Pilots`
gives :class:`~csmaturity_tui.store.Store` its ``set_pilot``. A row's ``seen`` is a JSON
list of failure-mode ids.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from csmaturity_tui.model import OUTCOMES, PilotOutcome, pilot_problems
from csmaturity_tui.store import mapping
from csmaturity_tui.store.connection import Connection
from csmaturity_tui.store.errors import InvalidValue
from csmaturity_tui.store.rubrics import pinned

if TYPE_CHECKING:
    from csmaturity_tui.rubric import Rubric


def read_pilots(conn: sqlite3.Connection, aid: str, rubric: Rubric) -> dict[str, PilotOutcome]:
    """The recorded pilots of one assessment whose agent the rubric still has, by agent id."""
    cur = conn.execute(
        "SELECT agent_id, outcome, seen, note FROM pilots WHERE assessment_id = ? "
        "ORDER BY agent_id",
        (aid,),
    )
    out: dict[str, PilotOutcome] = {}
    for agent_id, outcome, seen, note in cur:
        agent = rubric.agent_by_id.get(agent_id)
        if agent is None or agent.exposure != "internal" or outcome not in OUTCOMES:
            continue  # kept in the table, as answers to a removed element are
        try:
            ids = json.loads(seen)
        except ValueError:
            ids = []
        known = agent.failure_mode_ids
        listed = {i for i in ids if isinstance(i, str)}
        out[agent_id] = PilotOutcome(
            agent_id, outcome, tuple(i for i in known if i in listed), note
        )
    return out


def check_pilot(pilot: PilotOutcome, rubric: Rubric, prefix: str = "") -> None:
    """Raise InvalidValue (``pilots.AGENT.field``) on the first rule the pilot breaks."""
    if not isinstance(pilot, PilotOutcome):
        raise InvalidValue(prefix.rstrip(".") or "pilot", "must be a PilotOutcome")
    problems = pilot_problems(pilot, rubric)
    if problems:
        field, message = problems[0]
        raise InvalidValue(f"{prefix}{pilot.agent_id}.{field}", message)


def write_pilots(
    conn: sqlite3.Connection, aid: str, pilots: Sequence[PilotOutcome], rubric: Rubric, stamp: str
) -> None:
    """Store each pilot (replacing its row), its failure modes in rubric order."""
    for pilot in pilots:
        agent = rubric.agent_by_id[pilot.agent_id]
        seen = [i for i in agent.failure_mode_ids if i in pilot.seen]
        conn.execute(
            "INSERT OR REPLACE INTO pilots (assessment_id, agent_id, outcome, seen, note, "
            "updated) VALUES (?, ?, ?, ?, ?, ?)",
            (aid, pilot.agent_id, pilot.outcome, json.dumps(seen), pilot.note, stamp),
        )


class Pilots:
    """The pilot method of :class:`~csmaturity_tui.store.Store`."""

    _db: Connection
    path: Path

    def set_pilot(self, assessment_id: str, pilot: PilotOutcome) -> None:
        """Record an internal agent's pilot outcome (replacing the last one); stamps ``updated``.

        A pilot's outcome moves no score, so the cached ``overall`` stays as it is.
        """

        def write(conn: sqlite3.Connection) -> None:
            row = mapping.meta_row(conn, self.path, assessment_id)
            rubric = pinned(conn, self.path, row["rubric_sha256"])
            check_pilot(pilot, rubric, "pilots.")
            stamp = mapping.now_iso()
            write_pilots(conn, assessment_id, [pilot], rubric, stamp)
            conn.execute("UPDATE assessments SET updated = ? WHERE id = ?", (stamp, assessment_id))

        self._db.run(write, write=True)
