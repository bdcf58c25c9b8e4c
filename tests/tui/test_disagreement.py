"""The disagreement view: three assessors' conflicts, settled by key; snapshots looked at.

The assessment is the hand-worked merge of tests/assessors.py (small rubric, scale 1-4).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dashboard_support import open_dashboard
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from assessors import copies
from csmaturity_tui.engine.merge import merge
from csmaturity_tui.model import Resolution
from csmaturity_tui.rubric import Rubric
from csmaturity_tui.store import Store
from helpers import make_app, settle


def _merged(store: Store, small: Rubric) -> str:
    m = merge(copies())
    answers = list(m.answers.values())
    return store.import_assessment(small.source, m.meta, m.baseline, answers, views=m.views)


async def _open(pilot: Pilot[Any], aid: str) -> None:
    await open_dashboard(pilot, aid)
    await pilot.press("d")
    await settle(pilot)


async def test_conflicts_by_spread_and_settled_by_key(store: Store, small: Rubric) -> None:
    aid = _merged(store, small)
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        await _open(pilot, aid)
        table = pilot.app.screen.query_one("#dis-list", DataTable)
        keys = [row.value for row in table.rows]
        assert keys == ["OB-2", "CM-1", "OB-3", "SQ-1"]
        await pilot.press("o", "3")  # Cy's answer to OB-2: level 4
        await settle(pilot)
        await pilot.press("down", "c", "2")  # CM-1: the assessors agree on 2
        await pilot.press(*"in the debrief", "enter")
        await settle(pilot)
        await pilot.press("down", "s")  # OB-3: the spread kept; a note is required
        await pilot.press("enter")
        await pilot.press(*"both hold", "enter")
        await settle(pilot)
    _, a = store.load(aid)
    got = {e: (r.kind, r.level, r.note) for e, r in a.resolutions.items()}
    assert got == {
        "OB-2": ("chosen", 4, "cy's answer"),
        "CM-1": ("consensus", 2, "in the debrief"),
        "OB-3": ("spread", 3, "both hold"),
    }
    assert (a.answers["OB-2"].level, a.answers["CM-1"].level, a.answers["OB-3"].level) == (4, 2, 3)
    assert [h.action for h in store.history(aid, "OB-2")] == ["import", "resolve"]


@pytest.mark.parametrize("size", [(80, 24), (130, 36)], ids=["80x24", "wide"])
def test_disagreement_view(
    snap_compare: Any, store: Store, small: Rubric, size: tuple[int, int]
) -> None:
    aid = _merged(store, small)
    store.resolve(aid, Resolution("OB-3", "spread", 3, None, "both hold"), by="lead")
    app = make_app(store)

    async def show(pilot: Pilot[Any]) -> None:
        await _open(pilot, aid)

    assert snap_compare(app, terminal_size=size, run_before=show)


async def test_home_imports_three_copies_as_one_merge(
    store: Store, small: Rubric, tmp_path: Path
) -> None:
    from csmaturity_tui.engine import evaluate
    from csmaturity_tui.formats import toml_writer

    names = []
    for c in copies():
        path = tmp_path / f"{c.meta.assessors}.toml"
        path.write_text(toml_writer.dumps(small, c, evaluate(small, c)), encoding="utf-8")
        names.append(str(path))
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("u", *"lead", "enter")
        await pilot.press("i")
        await pilot.pause()
        # the paths set at once (typed key by key, they took 20 s), then submitted
        pilot.app.screen.query_one(Input).value = " ".join(names)
        await pilot.press("enter")
        await settle(pilot)
    assert store.assessor() == "lead"
    [row] = store.list_assessments()
    _, a = store.load(row.id)
    assert sorted(a.views) == ["CM-1", "OB-1", "OB-2", "OB-3", "SQ-1", "SQ-2"]


async def test_the_flow_changes_the_assessors_own_answer(store: Store, small: Rubric) -> None:
    aid = _merged(store, small)
    store.set_assessor("ann")
    store.set_cursor(aid, "OB-2")
    async with make_app(store).run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the flow, at OB-2 (where the cursor was left)
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        _, a = store.load(aid)
        ann = a.views["OB-2"][0]
        assert (ann.by, ann.level, ann.confidence, ann.note) == ("ann", 4, "medium", "ann on OB-2")
        assert a.answers["OB-2"].level == 4  # 4, 3, 4: the lower median is 4
        await pilot.press("ctrl+z")  # ann's own answer goes back to 1
        await settle(pilot)
        await pilot.press("f")  # flags her answer as it now is (the flow reads it again)
        await settle(pilot)
    _, a = store.load(aid)
    assert (a.views["OB-2"][0].level, a.views["OB-2"][0].flagged) == (1, True)
    assert [h.action for h in store.history(aid, "OB-2")] == ["import", "set", "undo", "set"]
