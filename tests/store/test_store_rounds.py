"""Rounds: re-assess carries answers marked, progress counts confirmed ones, the series."""

from __future__ import annotations

from pathlib import Path

import pytest

from carried import CARRY, write_carried
from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.model import Answer, PilotOutcome
from csmaturity_tui.rubric import Rubric
from csmaturity_tui.store import Store
from csmaturity_tui.store.mapping import answer_json
from helpers import STORE_BASELINE as BASELINE
from helpers import carried_ids


def _answer(store: Store, aid: str, eid: str, level: int, note: str = "") -> None:
    store.set_answer(aid, Answer(eid, level=level, note=note), by="Ada")


def _progress(store: Store, aid: str) -> float:
    return next(r.progress for r in store.list_assessments() if r.id == aid)


def test_reassess_carries_answers_marked_and_progress_counts_confirmed(
    store: Store, aid: str, small: Rubric
) -> None:
    _answer(store, aid, "OB-1", 3, "tracker")
    store.set_answer(aid, Answer("OB-2", na_reason="no onboarding"))
    internal = next(a for a in small.agents if a.exposure == "internal")
    store.set_pilot(aid, PilotOutcome(internal.id, "running"))
    new = store.reassess(aid, small, date="2026-03-04").id
    rubric, later = store.load(new)
    assert later.meta.client == "Acme" and later.meta.scope == "EMEA"
    assert later.meta.date == "2026-03-04" and later.meta.status == "draft"
    assert later.baseline == BASELINE
    assert later.answers["OB-1"].level == 3 and later.answers["OB-1"].note == "tracker"
    assert later.answers["OB-2"].is_na
    assert later.pilot(internal.id).outcome == "running"
    assert carried_ids(store, new) == {"OB-1", "OB-2"}
    assert _progress(store, new) == 0.0  # nothing confirmed yet
    n = len(rubric.element_by_id)
    assert store.confirm_answer(new, "OB-1") is True
    assert store.confirm_answer(new, "OB-1") is False  # confirmed once
    assert _progress(store, new) == pytest.approx(1 / n)
    _answer(store, new, "OB-2", 2)  # changed: no longer carried
    assert carried_ids(store, new) == frozenset()
    assert _progress(store, new) == pytest.approx(2 / n)
    # the earlier round is untouched
    assert store.load(aid)[1].answers["OB-1"].level == 3
    assert carried_ids(store, aid) == frozenset()
    assert store.previous_round(new) == aid
    assert store.series(new) == [aid, new]


def test_giving_the_same_answer_again_confirms_it(store: Store, aid: str, small: Rubric) -> None:
    _answer(store, aid, "OB-1", 3, "tracker")
    new = store.reassess(aid, small, date="2026-03-04").id
    given = store.set_answer(new, Answer("OB-1", level=3, note="tracker"))
    assert not given.carried and given.level == 3  # what is stored now, confirmed
    assert carried_ids(store, new) == frozenset()


def test_undoing_a_change_to_a_carried_answer_brings_it_back_carried(
    store: Store, aid: str, small: Rubric
) -> None:
    _answer(store, aid, "OB-1", 3, "tracker")
    new = store.reassess(aid, small, date="2026-03-04").id
    _answer(store, new, "OB-1", 4)
    assert carried_ids(store, new) == frozenset() and _progress(store, new) > 0
    back = store.undo(new)
    assert back is not None and back.carried and (back.level, back.note) == (3, "tracker")
    assert carried_ids(store, new) == {"OB-1"}
    assert _progress(store, new) == 0.0  # not done again until confirmed
    first, change, undo = store.history(new, "OB-1")
    assert (first.action, change.action, undo.action) == ("carry", "set", "undo")
    assert first.after is not None and first.after.carried
    assert change.before == first.after and change.after is not None
    assert not change.after.carried
    # the history keeps the mark only where it is set (older rows read as they were)
    assert '"carried": true' in (answer_json(first.after) or "")
    assert "carried" not in (answer_json(change.after) or "")


def test_a_round_whose_previous_round_was_deleted_still_opens(
    store: Store, aid: str, small: Rubric
) -> None:
    _answer(store, aid, "OB-1", 2)
    new = store.reassess(aid, small, date="2026-03-04").id
    store.delete(aid, confirm=aid)
    _rubric, later = store.load(new)
    assert later.answers["OB-1"].level == 2
    assert store.previous_round(new) is None
    assert store.series(new) == [new]
    assert carried_ids(store, new) == {"OB-1"}


def test_previous_round_falls_back_to_the_clients_earlier_round(
    store: Store, aid: str, small: Rubric
) -> None:
    other = store.create_assessment(small, client="Acme", date="2026-01-01", baseline=BASELINE)
    assert store.previous_round(other) == aid
    assert store.previous_round(aid) is None


def test_reassess_onto_a_changed_rubric_goes_through_the_carry_map(
    store: Store, aid: str, tmp_path: Path
) -> None:
    for eid, level in (("OB-1", 1), ("SQ-1", 2), ("CM-2", 3), ("OB-2", 4)):
        _answer(store, aid, eid, level)
    newer = rubric_mod.load(write_carried(tmp_path))
    done = store.reassess(aid, newer, date="2026-03-04")
    rubric, later = store.load(done.id)
    assert rubric.meta.version == "0.4.0"
    assert later.answers["OB-9"].level == 1  # OB-1 -> OB-9
    assert later.answers["CM-8"].level == 3  # CM-2 -> CM-8
    assert later.answers["OB-2"].level == 4
    assert "SQ-1" not in later.answers and CARRY["SQ-1"] is None
    assert [a.element_id for a in store.orphans(done.id)] == ["SQ-1"]
    assert carried_ids(store, done.id) == {"OB-9", "CM-8", "OB-2"}
    assert dict(done.plan.mapped) == {"OB-1": "OB-9", "CM-2": "CM-8"}


def test_reassess_of_an_unknown_round_fails(store: Store, small: Rubric) -> None:
    from csmaturity_tui.store import NotFound

    with pytest.raises(NotFound):
        store.reassess("nope", small)
