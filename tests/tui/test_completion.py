"""Marking an assessment complete: what is left first (flagged, low confidence, N/A with
no note, not answered), each line one to go to; from the flow's last answer, the flow's
m, and home's c (one code path)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from csmaturity_tui.model import Answer
from csmaturity_tui.rubric import Rubric
from csmaturity_tui.store import Store
from csmaturity_tui.tui.app import CsMaturityApp
from csmaturity_tui.tui.screens.completion import CompletionScreen
from csmaturity_tui.tui.screens.flow import FlowScreen
from helpers import add_assessment, make_app, settle

AID = "00000000-0000-4000-8000-0000000000c1"


def on_top(app: CsMaturityApp) -> object:
    """The screen on top now (read through a call: an earlier check does not narrow it)."""
    return app.screen


def all_but_the_last(store: Store, small: Rubric) -> list[str]:
    """Every element answered but the last; one flagged, one low, one N/A with no note."""
    add_assessment(store, "Acme", id=AID)
    ids = list(small.element_by_id)
    for i in ids[:-1]:
        store.set_answer(AID, Answer(i, level=2, note="seen in the QBR"))
    store.set_answer(AID, Answer(ids[1], level=1, flagged=True))
    store.set_answer(AID, Answer(ids[3], level=3, confidence="low", note="hearsay"))
    store.set_answer(AID, Answer(ids[6], na_reason="not sold here"))
    return ids


async def open_flow(pilot: Pilot[Any]) -> FlowScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    flow = pilot.app.screen
    assert isinstance(flow, FlowScreen)
    return flow


def items_of(dialog: CompletionScreen) -> list[str]:
    options = dialog.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def status_of(store: Store) -> str:
    return store.load(AID)[1].meta.status


async def test_the_last_answer_shows_what_is_left_then_marks_complete(
    store: Store, small: Rubric
) -> None:
    ids = all_but_the_last(store, small)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        flow = await open_flow(pilot)
        assert flow.current == ids[-1]  # resumes at the one left
        await pilot.press("3")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, CompletionScreen)
        summary = str(dialog.query_one("#completion-summary", Static).render())
        assert summary == (
            "Left to settle: 1 flagged for review, 1 of low confidence, 1 N/A with no note."
        )
        items = items_of(dialog)
        assert items[0] == "Flagged for review (1)"
        assert items[1].startswith(f"{ids[1]} {small.element_by_id[ids[1]].title} · ")
        assert items[2:4] == ["Low confidence (1)", items[3]] and ids[3] in items[3]
        assert items[4] == "N/A with no note of evidence (1)" and items[5].endswith("N/A")
        assert len(items) == 6  # nothing unanswered
        await pilot.press("down", "enter")  # headings are skipped: the low-confidence answer
        await settle(pilot)
        assert on_top(app) is flow and flow.current == ids[3]
        assert status_of(store) == "draft"
        await pilot.press("m")  # from the flow at any time: the same summary first
        await settle(pilot)
        assert isinstance(on_top(app), CompletionScreen)
        await pilot.press("m")
        await settle(pilot)
        assert on_top(app) is flow and status_of(store) == "complete"
        assert "Marked complete" in str(flow.query_one("#status", Static).render())
        await pilot.press("m")  # complete: m sets it back to draft, without asking
        await settle(pilot)
        assert on_top(app) is flow and status_of(store) == "draft"


async def test_m_early_lists_what_is_not_answered_and_escape_keeps_a_draft(
    store: Store, small: Rubric
) -> None:
    add_assessment(store, "Acme", id=AID)
    store.set_answer(AID, Answer("OB-1", level=4))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        flow = await open_flow(pilot)
        await pilot.press("m")
        await settle(pilot)
        dialog = on_top(app)
        assert isinstance(dialog, CompletionScreen)
        n = len(small.element_by_id) - 1
        summary = str(dialog.query_one("#completion-summary", Static).render())
        assert summary == f"Left to settle: {n} not answered."
        assert items_of(dialog)[0] == f"Not answered ({n})"
        await pilot.press("escape")
        await settle(pilot)
        assert on_top(app) is flow and status_of(store) == "draft"


async def test_nothing_left_still_asks_before_marking(store: Store, small: Rubric) -> None:
    add_assessment(store, "Acme", id=AID)
    for i in small.element_by_id:
        store.set_answer(AID, Answer(i, level=3))
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")  # home's c takes the same path
        await settle(pilot)
        dialog = on_top(app)
        assert isinstance(dialog, CompletionScreen)
        assert not dialog.query(OptionList)
        summary = str(dialog.query_one("#completion-summary", Static).render())
        assert summary.startswith(f"All {len(small.element_by_id)} elements answered")
        await pilot.press("m")
        await settle(pilot)
        assert status_of(store) == "complete"


async def test_from_home_a_line_opens_the_flow_at_that_element(
    store: Store, small: Rubric, db_path: Path
) -> None:
    ids = all_but_the_last(store, small)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(on_top(app), CompletionScreen)
        await pilot.press("end", "enter")  # the last line: the element not answered
        await settle(pilot)
        flow = on_top(app)
        assert isinstance(flow, FlowScreen) and flow.current == ids[-1]
        assert status_of(store) == "draft"


def test_completion_from_the_flow_snapshot(snap_compare: Any, store: Store, small: Rubric) -> None:
    all_but_the_last(store, small)
    app = make_app(store)

    async def finish(pilot: Pilot[Any]) -> None:
        await open_flow(pilot)
        await pilot.press("3")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 36), run_before=finish)
