"""Rounds in the TUI: r carries answers; the flow marks, filters and confirms them."""

from __future__ import annotations

from textual.pilot import Pilot

from csmaturity_tui.model import Answer
from csmaturity_tui.store import Store
from csmaturity_tui.tui.app import CsMaturityApp
from csmaturity_tui.tui.screens.dialogs import ChoiceScreen
from csmaturity_tui.tui.screens.flow import FlowScreen
from csmaturity_tui.tui.screens.home import HomeScreen
from csmaturity_tui.tui.screens.rounds import TrendScreen
from csmaturity_tui.tui.widgets.element_tree import MARK_CARRIED
from helpers import add_assessment, carried_ids, make_app

A = "00000000-0000-4000-8000-0000000000a1"


async def _flow(app: CsMaturityApp, pilot: Pilot[int]) -> FlowScreen:
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, FlowScreen)
    return app.screen


async def test_r_carries_answers_and_the_flow_confirms_them(store: Store) -> None:
    add_assessment(store, "Acme", id=A, date="2025-03-01")
    store.set_answer(A, Answer("OB-1", level=2))
    store.set_answer(A, Answer("OB-2", level=3))
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("r")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("c")  # carry the answers
        await pilot.pause()
        new = home.selected_id()
        assert new is not None and new != A
        assert store.previous_round(new) == A
        assert carried_ids(store, new) == {"OB-1", "OB-2"}
        flow = await _flow(app, pilot)
        assert flow.carried == {"OB-1", "OB-2"}
        assert str(flow.etree.element_nodes["OB-1"].label).startswith(MARK_CARRIED)
        progress = str(flow.query_one("#progress").render())
        assert progress.startswith("0/")  # carried answers are not done yet
        flow.set_filter("carried")
        assert flow.order == ["OB-1", "OB-2"]
        flow.go_to("OB-1")
        await pilot.pause()
        assert "carried, to confirm" in flow.view.state_text
        await pilot.press("a")  # confirm OB-1 as it is
        await pilot.pause()
        assert carried_ids(store, new) == {"OB-2"}
        assert str(flow.query_one("#progress").render()).startswith("1/")
        assert not str(flow.etree.element_nodes["OB-1"].label).startswith(MARK_CARRIED)
        flow.go_to("OB-2")
        await pilot.press("4")  # changed: confirmed too
        await pilot.pause()
        assert carried_ids(store, new) == frozenset()
        assert store.load(new)[1].answers["OB-2"].level == 4
        assert str(flow.query_one("#progress").render()).startswith("2/")
        await pilot.press("ctrl+z")  # undone: carried again, not done, a confirms it
        await pilot.pause()
        assert carried_ids(store, new) == {"OB-2"} and flow.carried == {"OB-2"}
        assert str(flow.etree.element_nodes["OB-2"].label).startswith(MARK_CARRIED)
        assert str(flow.query_one("#progress").render()).startswith("1/")
        await pilot.press("a")
        await pilot.pause()
        assert carried_ids(store, new) == frozenset()
        assert store.load(new)[1].answers["OB-2"].level == 3
        flow.go_to("OB-2")
        await pilot.press("a")  # nothing carried left here: a says so, changes nothing
        assert str(flow.query_one("#progress").render()).startswith("2/")


async def test_a_round_whose_previous_round_was_deleted_opens(store: Store) -> None:
    add_assessment(store, "Acme", id=A, date="2025-03-01")
    store.set_answer(A, Answer("OB-1", level=2))
    from csmaturity_tui import rubric as rubric_mod
    from helpers import SMALL

    new = store.reassess(A, rubric_mod.load(SMALL), date="2026-03-01").id
    store.delete(A, confirm=A)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("w")  # no earlier round left: said, nothing opens
        await _settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "no earlier round" in str(list(app._notifications)[-1].message)
        await pilot.press("t")  # a trend of one round: the chart says it needs two
        await _settle(app, pilot)
        assert isinstance(app.screen, TrendScreen)
        assert [p.round.id for p in app.screen.trend.points] == [new]
        await pilot.press("escape")
        flow = await _flow(app, pilot)
        assert flow.assessment_id == new and flow.carried == {"OB-1"}


async def _settle(app: CsMaturityApp, pilot: Pilot[int]) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_what_changed_compare_and_trend_from_home(store: Store) -> None:
    from csmaturity_tui.tui.screens.dialogs import ConfirmScreen
    from csmaturity_tui.tui.screens.rounds import CompareScreen
    from csmaturity_tui.tui.widgets.charts import TrendLegend, TrendLines

    b = "00000000-0000-4000-8000-0000000000b2"
    g = "00000000-0000-4000-8000-0000000000c3"
    add_assessment(store, "Acme", id=A, date="2025-03-01")
    add_assessment(store, "Acme", id=b, date="2026-03-01")
    add_assessment(store, "Globex", id=g, date="2026-02-01")
    store.set_answer(A, Answer("OB-1", level=1, note="none yet"))
    store.set_answer(b, Answer("OB-1", level=3, note="owner named"))
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        home.refresh_rows(b)
        await pilot.press("w")  # what changed since Acme's previous round
        await _settle(app, pilot)
        shown = app.screen
        assert isinstance(shown, CompareScreen)
        c = shown.comparison
        assert (c.before.id, c.after.id) == (A, b)
        assert [(x.element_id, x.before, x.after) for x in c.changes] == [("OB-1", 1, 3)]
        await pilot.press("escape")
        await pilot.press("t")  # the trend of Acme's rounds
        await _settle(app, pilot)
        assert isinstance(app.screen, TrendScreen)
        assert [p.round.id for p in app.screen.trend.points] == [A, b]
        chart, legend = app.screen.query_one(TrendLines), app.screen.query_one(TrendLegend)
        names = [name for _d, name in app.screen.trend.dimensions]
        assert legend.names == tuple(names) and legend.region.y >= chart.region.bottom
        drawn = str(chart.render())
        assert not any(n[:6] in drawn for n in names)  # no name over the lines
        await pilot.press("escape")
        home.refresh_rows(A)
        await pilot.press("w")  # the first round: nothing to compare with
        await _settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("equals_sign")  # mark Acme 2025 ...
        home.refresh_rows(g)
        await pilot.press("equals_sign")  # ... then Globex: another client, asks first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await _settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("equals_sign")  # mark Globex ...
        home.refresh_rows(A)
        await pilot.press("equals_sign")  # ... Acme again: asks, and compares on yes
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await _settle(app, pilot)
        assert isinstance(app.screen, CompareScreen)
        assert not app.screen.comparison.same_client
        assert app.screen.comparison.before.id == A  # the earlier round first
