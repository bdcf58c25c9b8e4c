"""Targets per dimension, set from the dashboard (t): checked as typed, saved at once,
shown in the Scores table with the new gap."""

from __future__ import annotations

from typing import Any

import pytest
from dashboard_support import open_dashboard
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from csmaturity_tui.model import Answer
from csmaturity_tui.rubric import Rubric
from csmaturity_tui.store import Store
from csmaturity_tui.tui.app import CsMaturityApp
from csmaturity_tui.tui.screens.dashboard import DashboardScreen
from csmaturity_tui.tui.screens.dialogs import ConfirmScreen
from csmaturity_tui.tui.screens.targets import TargetsScreen, target_field_problems
from helpers import add_assessment, make_app, settle

AID = "00000000-0000-4000-8000-0000000000f1"


def test_typed_targets_are_checked_naming_the_value(small: Rubric) -> None:
    first, second, third = (d.id for d in small.dimensions[:3])
    typed = {first: "3,5", second: "", third: "4"}
    assert target_field_problems(typed, small) == {}
    assert target_field_problems({first: "high", second: "4.5", third: "0.5"}, small) == {
        first: "must be a number such as 3 or 3.5 (got 'high')",
        second: "must lie on the scale, 1 to 4 (got 4.5)",
        third: "must lie on the scale, 1 to 4 (got 0.5)",
    }
    assert target_field_problems({first: "nan"}, small) == {
        first: "must be a number such as 3 or 3.5 (got 'nan')"
    }


def on_top(app: CsMaturityApp) -> object:
    """The screen on top now (read through a call: an earlier check does not narrow it)."""
    return app.screen


def _row(dash: DashboardScreen, dim_id: str) -> list[str]:
    table = dash.query_one("#score-table", DataTable)
    return [str(cell) for cell in table.get_row(dim_id)]


def _error(dialog: TargetsScreen, dim_id: str) -> str:
    widget = dialog.query_one(f"#error-{dim_id}")
    return str(widget.render()) if widget.display else ""


async def test_targets_are_saved_at_once_and_shown(
    store: Store, small: Rubric, toasts: list[str]
) -> None:
    aid = add_assessment(store, "Acme", id=AID)
    for element in small.dimensions[0].elements:
        store.set_answer(aid, Answer(element.id, level=2))
    dim = small.dimensions[0]
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        dash = await open_dashboard(pilot, aid)
        assert _row(dash, dim.id)[2:4] == ["3.00", "1.00"]  # the rubric's target, its gap
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TargetsScreen)
        field = dialog.query_one(f"#target-{dim.id}", Input)
        assert field.value == "3" and app.focused is field
        await pilot.press("ctrl+u", *"4.5")
        assert _error(dialog, dim.id) == "must lie on the scale, 1 to 4 (got 4.5)"
        await pilot.press("ctrl+s")
        assert on_top(app) is dialog
        summary = str(dialog.query_one("#targets-summary").render())
        assert summary == f"{dim.name}: must lie on the scale, 1 to 4 (got 4.5)"
        await pilot.press("ctrl+u", *"3,5")
        assert _error(dialog, dim.id) == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert on_top(app) is dash
        assert dict(store.load(aid)[1].baseline.targets) == {dim.id: 3.5}
        assert _row(dash, dim.id)[2:4] == ["3.50", "1.50"]  # target and gap updated
        # escape with a change asks first, and keeps the target
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("ctrl+u", "escape")
        assert isinstance(on_top(app), ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert on_top(app) is dash
        assert dict(store.load(aid)[1].baseline.targets) == {dim.id: 3.5}
        # an emptied field goes back to the rubric's target
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("ctrl+u", "ctrl+s")
        await settle(pilot)
        assert dict(store.load(aid)[1].baseline.targets) == {}
        assert _row(dash, dim.id)[2] == "3.00"
        # emptying a field already on the rubric's target changes nothing
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("ctrl+u", "ctrl+s")
        await settle(pilot)
        assert toasts[-1] == "No target changed."


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_targets_dialog_snapshot(snap_compare: Any, store: Store, size: tuple[int, int]) -> None:
    from csmaturity_tui.services import load_demo

    aid = load_demo(store)
    app = make_app(store)

    async def open_dialog(pilot: Pilot[Any]) -> None:
        await open_dashboard(pilot, aid)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("ctrl+u", *"6.5")  # a value off the scale: its message shows

    assert snap_compare(app, terminal_size=size, run_before=open_dialog)
