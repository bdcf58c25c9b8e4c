"""Pilot outcomes in the store (migration m004): saved, read back, checked, deleted."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from csmaturity_tui.model import AssessmentMeta, PilotOutcome
from csmaturity_tui.rubric import Rubric
from csmaturity_tui.store import InvalidValue, Store
from helpers import STORE_BASELINE

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_ID = "0f8c6d3e-3b7a-4c1e-9d52-7a1f00000001"


def test_a_pilot_is_saved_and_read_back(store: Store, aid: str) -> None:
    assert store.load(aid)[1].pilots == {}
    updated = store.load(aid)[1].meta.updated
    store.set_pilot(aid, PilotOutcome("watcher", "running", ("wrong_alerts",), "week 3"))
    _rubric, assessment = store.load(aid)
    assert assessment.pilots == {
        "watcher": PilotOutcome("watcher", "running", ("wrong_alerts",), "week 3")
    }
    assert assessment.meta.updated >= updated
    store.set_pilot(aid, PilotOutcome("watcher", "proven"))  # replaces the record
    assert store.load(aid)[1].pilot("watcher") == PilotOutcome("watcher", "proven")
    assert store.load(aid)[1].pilot("drafter") == PilotOutcome("drafter")  # none: not started


@pytest.mark.parametrize(
    ("pilot", "field", "message"),
    [
        (PilotOutcome("scout"), "pilots.scout.agent", "no agent 'scout' in the rubric"),
        (PilotOutcome("greeter", "running"), "pilots.greeter.agent", "'greeter' is an external"),
        (
            PilotOutcome("watcher", "running", ("late_alerts",)),
            "pilots.watcher.seen",
            "'late_alerts' is not a failure mode of 'watcher'",
        ),
        (
            PilotOutcome("watcher", "not_started", ("wrong_alerts",)),
            "pilots.watcher.seen",
            "a pilot not started has seen no failure modes",
        ),
        (
            PilotOutcome("watcher", "done"),  # type: ignore[arg-type]
            "pilots.watcher.outcome",
            "'done' is not one of not_started, running, proven, stopped",
        ),
    ],
)
def test_a_bad_pilot_is_refused_and_nothing_is_written(
    store: Store, aid: str, pilot: PilotOutcome, field: str, message: str
) -> None:
    with pytest.raises(InvalidValue) as info:
        store.set_pilot(aid, pilot)
    assert info.value.field == field and message in str(info.value)
    assert store.load(aid)[1].pilots == {}


def test_unnamed_failure_modes_are_kept_by_their_number(store: Store, aid: str) -> None:
    store.set_pilot(aid, PilotOutcome("drafter", "stopped", ("fm1",)))
    assert store.load(aid)[1].pilot("drafter").seen == ("fm1",)


def test_import_with_pilots_and_delete_removes_them(store: Store, small: Rubric) -> None:
    meta = AssessmentMeta(id="00000000-0000-4000-8000-0000000000a3", client="P", date="2025-01-02")
    pilots = [PilotOutcome("watcher", "proven", ("wrong_alerts",))]
    aid = store.import_assessment(small.source, meta, STORE_BASELINE, [], pilots=pilots)
    assert list(store.load(aid)[1].pilots.values()) == pilots
    with pytest.raises(InvalidValue, match="given twice"):
        store.import_assessment(
            small.source, meta, STORE_BASELINE, [], as_new=True, pilots=pilots * 2
        )
    store.delete(aid, confirm=aid)
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("SELECT count(*) FROM pilots").fetchone() == (0,)
    finally:
        conn.close()


def test_an_assessment_from_before_pilots_upgrades_and_records_one(tmp_path: Path) -> None:
    """The m002 database pins the fixture rubric as it was: no gate_elements, no ids."""
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema_m002_history_append_only.db", path)
    with Store.open(path) as s:
        rubric, assessment = s.load(FIXTURE_ID)
        assert assessment.pilots == {}
        greeter = rubric.agent_by_id["greeter"]
        assert greeter.gate_elements is None and greeter.after is None
        s.set_pilot(FIXTURE_ID, PilotOutcome("watcher", "running", ("fm1",)))
        assert s.load(FIXTURE_ID)[1].pilot("watcher").seen == ("fm1",)
