"""Store.take_merged: what sync brings in is written only where nobody changed it meanwhile."""

from __future__ import annotations

from dataclasses import replace

from csmaturity_tui.model import Answer, Assessment, Baseline
from csmaturity_tui.rubric import Rubric
from csmaturity_tui.store import Store


def test_a_change_made_meanwhile_is_kept_and_the_rest_taken(
    store: Store, aid: str, small: Rubric
) -> None:
    store.set_answer(aid, Answer("OB-1", level=2), by="ben")
    store.set_answer(aid, Answer("OB-2", level=2), by="ben")
    _r, exported = store.load(aid)  # what sync exported
    store.set_answer(aid, Answer("OB-2", level=4, note="said in the room"), by="ben")
    merged = replace(
        exported,
        answers={
            **exported.answers,
            "OB-1": Answer("OB-1", level=3, by="anna", updated="2026-03-02T00:00:00+00:00"),
            "OB-2": Answer("OB-2", level=1, by="anna", updated="2026-03-02T00:00:00+00:00"),
            "SQ-1": Answer("SQ-1", level=2, by="anna", updated="2026-03-02T00:00:00+00:00"),
        },
        baseline=replace(exported.baseline, start_arr=5_000_000.0),
    )
    kept = store.take_merged(exported, merged, by="ben")
    assert kept == ["OB-2"]
    _r, now = store.load(aid)
    assert now.answers["OB-2"].level == 4 and now.answers["OB-2"].note == "said in the room"
    assert now.answers["OB-1"].level == 3 and now.answers["OB-1"].by == "anna"
    assert now.answers["SQ-1"].level == 2
    assert now.baseline.start_arr == 5_000_000.0
    assert [h.action for h in store.history(aid, "OB-1")][-1] == "sync"


def test_views_and_a_settlement_come_in_with_the_element(store: Store, aid: str) -> None:
    store.set_answer(aid, Answer("OB-1", level=2), by="ben")
    _r, exported = store.load(aid)
    anna = Answer("OB-1", level=4, by="anna", updated="2026-03-02T00:00:00+00:00")
    ben = exported.answers["OB-1"]
    from csmaturity_tui.model import consensus

    merged = replace(
        exported,
        answers={"OB-1": consensus("OB-1", (anna, ben))},
        views={"OB-1": (anna, ben)},
    )
    assert store.take_merged(exported, merged, by="ben") == []
    _r, now = store.load(aid)
    assert now.views["OB-1"] == (anna, ben)
    assert now.answers["OB-1"].level == 2  # the lower median until settled
    assert isinstance(now, Assessment) and isinstance(now.baseline, Baseline)
