"""Recording an internal pilot's outcome from the dashboard's Agents tab (p)."""

from __future__ import annotations

from typing import Any

import pytest
from dashboard_support import open_dashboard
from textual.pilot import Pilot
from textual.widgets import Static

from csmaturity_tui.engine import evaluate
from csmaturity_tui.model import Baseline, PilotOutcome
from csmaturity_tui.presentation.wording import STATUS_NAMES
from csmaturity_tui.services import load_demo
from csmaturity_tui.store import Store
from csmaturity_tui.tui.app import CsMaturityApp
from csmaturity_tui.tui.screens.dashboard import DashboardScreen
from csmaturity_tui.tui.screens.dialogs import PromptScreen
from csmaturity_tui.tui.screens.pilot import PilotListScreen, PilotScreen
from helpers import make_app, settle

SIZES = ((80, 24), (110, 34))


def dashboard(app: CsMaturityApp) -> DashboardScreen:
    screen = app.screen_stack[1]
    assert isinstance(screen, DashboardScreen)
    return screen


def on_top(app: CsMaturityApp) -> object:
    """The screen on top now (read through a call: an earlier check does not narrow it)."""
    return app.screen


def outcome_of(dialog: PilotScreen) -> str:
    """The dialog's outcome now (read through a call: an earlier check does not narrow it)."""
    return dialog.outcome


def number_of(screen: DashboardScreen, agent_id: str) -> str:
    assert screen.report is not None
    return str(next(i for i, a in enumerate(screen.report.agents, 1) if a.id == agent_id))


async def test_a_pilot_is_recorded_saved_at_once_and_shown(store: Store) -> None:
    aid = load_demo(store)
    app = make_app(store)
    async with app.run_test(size=(110, 34)) as pilot:
        await open_dashboard(pilot, aid)
        dash = dashboard(app)
        assert dash.report is not None
        rubric = app.store.load(aid)[0]
        internal = [a for a in rubric.agents if a.exposure == "internal"]
        target = next(a for a in internal if a.id not in app.store.load(aid)[1].pilots)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, PilotListScreen)
        assert [k for k, _ in app.screen.choices] == [
            number_of(dash, a.id) for a in internal
        ]  # internal agents only, by their number on the Agents tab
        await pilot.press(number_of(dash, target.id))
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, PilotScreen) and dialog.outcome == "not_started"
        await pilot.press("2")  # a failure mode seen: the pilot is running
        await settle(pilot)
        assert outcome_of(dialog) == "running"
        await pilot.press("s", "3", "e")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"Stopped at week 4", "enter")
        await settle(pilot)
        assert on_top(app) is dialog
        assert "Note: Stopped at week 4" in str(dialog.query_one("#pilot-note", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert on_top(app) is dash
        saved = app.store.load(aid)[1].pilot(target.id)
        ids = target.failure_mode_ids
        assert saved == PilotOutcome(target.id, "stopped", (ids[1], ids[2]), "Stopped at week 4")
        assert dash.report == evaluate(*app.store.load(aid))  # shown at once
        listing = str(dash.query_one("#agent-list", Static).render())
        assert "pilot stopped, 2 failure modes seen" in listing


async def test_escape_leaves_the_pilot_as_it_was(store: Store) -> None:
    aid = load_demo(store)
    app = make_app(store)
    async with app.run_test(size=(110, 34)) as pilot:
        await open_dashboard(pilot, aid)
        before = app.store.load(aid)[1].pilots
        dash = dashboard(app)
        proven = next(k for k, v in before.items() if v.outcome == "proven")
        await pilot.press("p", number_of(dash, proven), "n", "escape")
        await settle(pilot)
        assert app.screen is dash and app.store.load(aid)[1].pilots == before


async def test_proving_the_last_pilot_moves_the_status_everywhere(store: Store) -> None:
    """An external agent awaiting a pilot becomes beta-ready once it is proven."""
    from csmaturity_tui import rubric as rubric_mod
    from csmaturity_tui.model import Answer, AssessmentMeta

    rubric = rubric_mod.load()
    answers = [Answer(e, level=5) for e in rubric.element_by_id]
    ext = next(a for a in rubric.agents if a.exposure == "external")
    needed = rubric.pilots_needed(ext)
    pilots = [PilotOutcome(p, "proven") for p in needed[1:]]
    meta = AssessmentMeta(
        id="00000000-0000-4000-8000-0000000000c5", client="Await", date="2026-01-01"
    )
    aid = store.import_assessment(rubric.source, meta, Baseline(), answers, pilots=pilots)
    app = make_app(store)
    async with app.run_test(size=(110, 34)) as pilot:
        await open_dashboard(pilot, aid)
        dash = dashboard(app)
        await pilot.press("3")
        listing = str(dash.query_one("#agent-list", Static).render())
        assert f"{ext.name}\n  {STATUS_NAMES['awaiting_pilots']} · external" in listing
        await pilot.press("p", number_of(dash, needed[0]), "p", "enter")
        await settle(pilot)
        listing = str(dash.query_one("#agent-list", Static).render())
        assert f"{ext.name}\n  {STATUS_NAMES['beta_ready']} · external" in listing
        assert dash.report is not None
        item = next(i for i in dash.report.phases[2].items if i.id == ext.id)
        assert item.status == "beta_ready" and item.scheduled


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_pilot_dialog_snapshot(snap_compare: Any, store: Store, size: tuple[int, int]) -> None:
    aid = load_demo(store)
    app = make_app(store)

    async def open_dialog(pilot: Pilot[Any]) -> None:
        await open_dashboard(pilot, aid)
        screen = dashboard(app)
        await pilot.press("p", number_of(screen, "lifecycle_automation"))
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=open_dialog)
