"""Several assessors in the store: views, consensus, resolutions, the assessor's name."""

from __future__ import annotations

import pytest

from csmaturity_tui.model import Answer, AssessmentMeta, Baseline, Resolution, consensus
from csmaturity_tui.rubric import Rubric
from csmaturity_tui.store import InvalidValue, Store
from helpers import dump


def _merged(store: Store, small: Rubric) -> str:
    """An assessment where Ada said 1 and Bo said 4 for OB-1 (an open conflict)."""
    views = (
        Answer("OB-1", level=1, by="Ada", note="no playbook"),
        Answer("OB-1", level=4, by="Bo"),
    )
    meta = AssessmentMeta("merged-1", "Acme", date="2026-01-01")
    return store.import_assessment(
        small.source, meta, Baseline(), [consensus("OB-1", views)], views={"OB-1": views}
    )


def test_each_assessor_changes_their_own_answer(store: Store, small: Rubric) -> None:
    aid = _merged(store, small)
    assert store.load(aid)[1].answers["OB-1"].level == 1  # the lower median of 1 and 4
    with pytest.raises(InvalidValue, match="set your name first"):
        store.set_answer(aid, Answer("OB-1", level=2))
    store.set_assessor("Ada")  # remembered: the default for every change from now on
    scored = store.set_answer(aid, Answer("OB-1", level=3))
    cy = store.set_answer(aid, Answer("OB-1", level=4), by="Cy")
    _, a = store.load(aid)
    assert [(v.by, v.level) for v in a.views["OB-1"]] == [("Ada", 3), ("Bo", 4), ("Cy", 4)]
    assert (scored.level, cy.level, a.answers["OB-1"]) == (3, 4, cy)
    store.set_answer(aid, Answer("OB-2", level=2))  # nobody else answered it: plain
    _, a = store.load(aid)
    assert list(a.views) == ["OB-1"] and a.answers["OB-2"].by == "Ada"
    history = store.history(aid, "OB-1")
    assert [(h.action, h.by) for h in history] == [("import", ""), ("set", "Ada"), ("set", "Cy")]
    store.undo(aid)  # OB-2, Ada's own answer
    assert store.undo(aid) == consensus("OB-1", store.load(aid)[1].views["OB-1"])  # Cy's: away
    back = store.undo(aid)  # Ada's: back to 1
    _, a = store.load(aid)
    assert [(v.by, v.level) for v in a.views["OB-1"]] == [("Ada", 1), ("Bo", 4)]
    assert back is not None and a.answers["OB-1"] == back and back.level == 1


def test_a_resolution_is_scored_and_the_spread_stays_in_the_history(
    store: Store, small: Rubric
) -> None:
    aid = _merged(store, small)
    settle = Resolution("OB-1", "consensus", 2, None, "agreed in the debrief")
    scored = store.resolve(aid, settle, by="Lead")
    _, a = store.load(aid)
    assert a.answers["OB-1"] == scored and scored.level == 2
    r = a.resolutions["OB-1"]
    assert (r.kind, r.level, r.by, r.note) == ("consensus", 2, "Lead", "agreed in the debrief")
    assert len(a.views["OB-1"]) == 2
    history = store.history(aid, "OB-1")
    assert [(h.action, h.after and h.after.level) for h in history] == [
        ("import", 1),  # the lower median of 1 and 4, while open
        ("resolve", 2),
    ]
    with pytest.raises(InvalidValue, match="settles no disagreement"):
        store.resolve(aid, Resolution("OB-2", "consensus", 2, None), by="Lead")
    store.clear_answer(aid, "OB-1", by="Ada")
    _, cleared = store.load(aid)
    assert "OB-1" not in cleared.views and "OB-1" not in cleared.resolutions


def test_import_keeps_views_and_resolutions(store: Store, small: Rubric) -> None:
    views = (Answer("OB-1", level=1, by="Ada"), Answer("OB-1", level=3, by="Bo"))
    settled = Resolution("OB-1", "spread", 1, None, "both right", "Ada", "2026-01-02T00:00:00Z")
    meta = AssessmentMeta("copy-1", "Acme", date="2026-01-01")
    aid = store.import_assessment(
        small.source,
        meta,
        Baseline(),
        [consensus("OB-1", views, settled)],
        views={"OB-1": views},
        resolutions={"OB-1": settled},
    )
    _, a = store.load(aid)
    assert a.views == {"OB-1": views} and a.resolutions == {"OB-1": settled}
    snapshot = dump(store.path)
    with pytest.raises(InvalidValue, match=r"views\.OB-2"):
        store.import_assessment(
            small.source, meta, Baseline(), [], as_new=True, views={"OB-2": views[:1]}
        )
    assert dump(store.path) == snapshot
    store.delete(aid, confirm=aid)
    assert store._conn.execute("SELECT count(*) FROM answer_views").fetchone() == (0,)


def test_the_assessor_is_remembered_per_database(store: Store, db_path: object) -> None:
    assert store.assessor() == ""
    store.set_assessor(" Ada ")
    assert store.assessor() == "Ada"
    with pytest.raises(InvalidValue, match="assessor"):
        store.set_assessor("Ada\x1b[31m")


def test_undo_and_redo_of_an_assessors_own_answer_move_their_view(
    store: Store, small: Rubric
) -> None:
    aid = _merged(store, small)
    store.set_assessor("Bo")
    store.set_answer(aid, Answer("OB-1", level=2, note="on reflection"))
    _, a = store.load(aid)
    assert [(v.by, v.level) for v in a.views["OB-1"]] == [("Ada", 1), ("Bo", 2)]
    hist = store.history(aid, "OB-1")[-1]
    assert (hist.by, hist.before and hist.before.level, hist.after and hist.after.level) == (
        "Bo",
        4,
        2,
    )
    store.undo(aid)
    _, a = store.load(aid)
    assert [(v.by, v.level) for v in a.views["OB-1"]] == [("Ada", 1), ("Bo", 4)]
    assert a.answers["OB-1"] == consensus("OB-1", a.views["OB-1"])  # scored as the views say
    store.redo(aid)
    _, a = store.load(aid)
    assert [(v.by, v.level) for v in a.views["OB-1"]] == [("Ada", 1), ("Bo", 2)]
    assert a.answers["OB-1"] == consensus("OB-1", a.views["OB-1"])
