"""Snapshots of home, the form, the question flow and help, at 80x24 and 120x36.

Deterministic: fixed ids and dates, a frozen clock for "Saved HH:MM:SS" and the
form's default date, the small fixture rubric (the demo carries its own).
Each snapshot was looked at (rendered to PNG) before it was accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from csmaturity_tui.services import load_demo
from csmaturity_tui.store import Store
from helpers import add_assessment, make_app

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]
SnapCompare = Callable[..., bool]


@pytest.fixture
def snap_store(tmp_path: Path) -> Any:
    with Store.open(tmp_path / "snap.db") as store:
        yield store


async def _open_first(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _answer_some(pilot: Pilot[Any]) -> None:
    await _open_first(pilot)
    await pilot.press("3", "2")  # OB-1, OB-2 answered
    await pilot.press("n", *"no go-live phase", "enter")  # OB-3 N/A
    await pilot.pause()
    await pilot.press("f", "c", "c", "1")  # SQ-1 flagged, low confidence, level 1
    await pilot.press("f")  # SQ-2 flagged, unanswered
    await pilot.press("k")  # back on SQ-1: its level highlighted
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_home_empty(snap_compare: SnapCompare, snap_store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(snap_store), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_home_with_the_demo(
    snap_compare: SnapCompare, snap_store: Store, size: tuple[int, int]
) -> None:
    add_assessment(snap_store, "Acme Logistics", id="00000000-0000-4000-8000-000000000001")
    add_assessment(snap_store, "Globex", id="00000000-0000-4000-8000-000000000002", scope="EMEA")
    load_demo(snap_store)
    assert snap_compare(make_app(snap_store), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_form_with_validation_errors(
    snap_compare: SnapCompare, snap_store: Store, size: tuple[int, int]
) -> None:
    async def fill(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        for field, text in (("start_arr", "1.5M"), ("churned_arr", "2M"), ("expansion_arr", "x")):
            await pilot.click(f"#{field}")
            await pilot.press(*text)
        await pilot.press("ctrl+s")  # refused: shows every problem, focus on the client
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False  # a blinking cursor is not deterministic
        await pilot.pause()

    assert snap_compare(make_app(snap_store), terminal_size=size, run_before=fill)


@pytest.mark.parametrize("size", SIZES)
def test_question_flow(snap_compare: SnapCompare, snap_store: Store, size: tuple[int, int]) -> None:
    add_assessment(snap_store, "Acme Logistics", id="00000000-0000-4000-8000-000000000001")
    assert snap_compare(make_app(snap_store), terminal_size=size, run_before=_answer_some)


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare: SnapCompare, snap_store: Store, size: tuple[int, int]) -> None:
    add_assessment(snap_store, "Acme Logistics", id="00000000-0000-4000-8000-000000000001")

    async def help_(pilot: Pilot[Any]) -> None:
        await _open_first(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(snap_store), terminal_size=size, run_before=help_)
