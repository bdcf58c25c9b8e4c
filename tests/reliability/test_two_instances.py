"""Two app instances answering the same assessment at once (two processes, one file).

Both children answer the same elements, through the UI, at the same time. Neither may
crash or show "database is locked" (or any "Not saved"); every answer either reported
as saved is in the history (an answer equal to the stored one, given by the other
instance a moment before, writes nothing); after both re-open the assessment (a refresh), both show
exactly what the database holds: for every element, the last answer committed.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from rel_helpers import soak, start_app_child

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.model import Baseline
from csmaturity_tui.store import Store
from helpers import SMALL


def test_two_instances_answer_the_same_assessment(tmp_path: Path) -> None:
    db = tmp_path / "duo.db"
    with Store.open(db) as store:
        aid = store.create_assessment(
            rubric_mod.load(SMALL), client="Duo Ltd", date="2026-03-01", baseline=Baseline()
        )
    go = tmp_path / "go"
    count = soak(25, 150)
    procs = [start_app_child(db, aid, seed, count, go) for seed in (1, 2)]
    outputs: list[list[str]] = [[], []]
    # read until both have given their answers, then let them refresh
    for i, proc in enumerate(procs):
        assert proc.stdout is not None
        for line in proc.stdout:
            outputs[i].append(line.rstrip("\n"))
            if line.startswith("DONE"):
                break
    go.write_text("go")
    deadline = time.monotonic() + 120
    for i, proc in enumerate(procs):
        out, err = proc.communicate(timeout=max(1.0, deadline - time.monotonic()))
        outputs[i] += out.splitlines()
        assert proc.returncode == 0, f"instance {i} failed: {err[-2000:]}"
        assert "Traceback" not in err

    conn = sqlite3.connect(db)
    try:
        history = [
            (eid, json.loads(after)["level"])
            for eid, after in conn.execute(
                "SELECT element_id, after_json FROM answer_history "
                "WHERE action = 'set' ORDER BY seq"
            )
        ]
        stored = {
            eid: level for eid, level in conn.execute("SELECT element_id, level FROM answers")
        }
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()

    saved = 0
    for lines in outputs:
        statuses = [line for line in lines if line.startswith("STATUS")]
        assert not statuses, statuses[:3]  # nothing "Not saved", nothing "locked"
        assert not any("locked" in line.lower() for line in lines)
        confirmed = [
            (line.split()[1], int(line.split()[2])) for line in lines if line.startswith("SAVED")
        ]
        assert len(confirmed) == count
        saved += len(confirmed)
        # every answer this instance confirmed was committed (or was already the stored
        # answer, written by the other instance: then the store writes nothing)
        assert set(confirmed) <= set(history)
        shown = {
            line.split()[1]: int(line.split()[2]) for line in lines if line.startswith("SHOWN")
        }
        assert shown == stored  # after the refresh, both show the last write of every element
    assert 0 < len(history) <= saved  # one row per confirmed change, none unconfirmed
    last = {}
    for eid, level in history:
        last[eid] = level
    assert stored == last
