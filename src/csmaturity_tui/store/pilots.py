"""Pilot outcomes in the ``pilots`` table (migration m004): read and write, on a connection.

Kept apart from the rest of the store: :class:`~csmaturity_tui.store.db.Store` calls
these inside its own transactions (``_load``, ``set_pilot``, ``import_assessment``,
``delete``). A row's ``seen`` is a JSON list of failure-mode ids.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from csmaturity_tui.model import OUTCOMES, PilotOutcome, pilot_problems
from csmaturity_tui.rubric import Rubric
from csmaturity_tui.store.errors import InvalidValue


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
