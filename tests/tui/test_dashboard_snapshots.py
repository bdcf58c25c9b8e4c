"""Snapshots of every dashboard tab for the demo, at 120x36 and 80x24, in the real app.

And the NRR tab when the case is not sized: no baseline, or too little evidence.

Each SVG was looked at (converted to PNG) before it was accepted; the risk-quadrant
ones show every agent of the demo, numbered, in its quadrant.
"""

from __future__ import annotations

from typing import Any

import pytest
from dashboard_support import load_default_rubric, open_dashboard
from textual.pilot import Pilot

from csmaturity_tui.model import Answer, AssessmentMeta, Baseline
from csmaturity_tui.services import load_demo
from csmaturity_tui.store import Store
from helpers import ROUND_BASELINE, make_app, settle

TABS = ("scores", "ai", "quadrant", "nrr", "blueprint")
SIZES = ((120, 36), (80, 24))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("tab", TABS)
def test_dashboard_tab(snap_compare: Any, store: Store, tab: str, size: tuple[int, int]) -> None:
    aid = load_demo(store)
    app = make_app(store)

    async def show(pilot: Pilot[Any]) -> None:
        await open_dashboard(pilot, aid)
        await pilot.press(str(TABS.index(tab) + 1))
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=show)


def _not_sized(store: Store, case: str) -> str:
    """An assessment of the default rubric whose NRR case is not sized; its id."""
    rubric = load_default_rubric()
    meta = AssessmentMeta(
        id="00000000-0000-4000-8000-0000000000e1", client="Thin Analytics", date="2025-03-14"
    )
    if case == "no-baseline":  # every element answered, no baseline facts
        answers = [Answer(e, level=3) for e in rubric.element_by_id]
        return store.import_assessment(rubric.source, meta, Baseline(), answers)
    first = rubric.dimensions[0]  # the baseline, but one dimension answered
    answers = [Answer(e.id, level=2) for e in first.elements]
    return store.import_assessment(rubric.source, meta, ROUND_BASELINE, answers)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("case", ["no-baseline", "too-little-evidence"])
def test_nrr_tab_not_sized(
    snap_compare: Any, store: Store, case: str, size: tuple[int, int]
) -> None:
    aid = _not_sized(store, case)
    app = make_app(store)

    async def show(pilot: Pilot[Any]) -> None:
        await open_dashboard(pilot, aid)
        await pilot.press(str(TABS.index("nrr") + 1))
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=show)


@pytest.mark.parametrize("tab", ["scores", "blueprint"])
def test_dashboard_tab_read_on(snap_compare: Any, store: Store, tab: str) -> None:
    """80x24, each tab one column, scrolled: the Scores tab to its end (end, from the
    tabs): the weakest areas under the chart; the Blueprint to its recovery vectors,
    their Opens column in view."""
    aid = load_demo(store)
    app = make_app(store)

    async def show(pilot: Pilot[Any]) -> None:
        await open_dashboard(pilot, aid)
        await pilot.press(str(TABS.index(tab) + 1))
        if tab == "scores":
            await pilot.press("end")
        else:
            heading = pilot.app.screen.query_one("#vector-table").parent
            assert heading is not None
            table = pilot.app.screen.query_one("#vector-table")
            table.scroll_visible(top=True, animate=False)
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show)
