"""Snapshots of home, the form, the question flow and help, at 80x24 and 120x36.

And the states around them: the terminal too small (too narrow, too short), the note
editor open in the flow, home filtered (some rows kept, none), the move-to-rubric and
the re-assess dialogs.

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
from textual.widgets import Input, TextArea

from carried import write_carried
from csmaturity_tui.model import Answer
from csmaturity_tui.services import load_demo
from csmaturity_tui.store import Store
from helpers import DEFAULT_RUBRIC, add_assessment, make_app, settle

# home's "Updated" column: the same stamps on every run
pytestmark = pytest.mark.usefixtures("fixed_stamps")

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]
# at or under 40 columns or 12 lines the app shows its "too small" notice
TOO_SMALL = [pytest.param((40, 24), id="40x24"), pytest.param((120, 12), id="120x12")]
ACME = "00000000-0000-4000-8000-000000000001"
SnapCompare = Callable[..., bool]


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
def test_home_empty(snap_compare: SnapCompare, store: Store, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(store), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_home_with_the_demo(snap_compare: SnapCompare, store: Store, size: tuple[int, int]) -> None:
    add_assessment(store, "Acme Logistics", id="00000000-0000-4000-8000-000000000001")
    add_assessment(store, "Globex", id="00000000-0000-4000-8000-000000000002", scope="EMEA")
    load_demo(store)
    assert snap_compare(make_app(store), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_form_with_validation_errors(
    snap_compare: SnapCompare, store: Store, size: tuple[int, int]
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

    assert snap_compare(make_app(store), terminal_size=size, run_before=fill)


@pytest.mark.parametrize("size", SIZES)
def test_question_flow(snap_compare: SnapCompare, store: Store, size: tuple[int, int]) -> None:
    add_assessment(store, "Acme Logistics", id="00000000-0000-4000-8000-000000000001")
    assert snap_compare(make_app(store), terminal_size=size, run_before=_answer_some)


@pytest.mark.parametrize("size", SIZES)
def test_help_screen(snap_compare: SnapCompare, store: Store, size: tuple[int, int]) -> None:
    add_assessment(store, "Acme Logistics", id="00000000-0000-4000-8000-000000000001")

    async def help_(pilot: Pilot[Any]) -> None:
        await _open_first(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(store), terminal_size=size, run_before=help_)


@pytest.mark.parametrize("size", TOO_SMALL)
def test_terminal_too_small(snap_compare: SnapCompare, store: Store, size: tuple[int, int]) -> None:
    add_assessment(store, "Acme Logistics", id=ACME)
    assert snap_compare(make_app(store), terminal_size=size)


def test_question_pane_read_to_its_end(snap_compare: SnapCompare, store: Store) -> None:
    """80x24: the demo's first element paged down from the tree (PgDn) to its last lines,
    the levels in short (l): the note, the evidence hint, the tagged elements."""
    load_demo(store)

    async def read(pilot: Pilot[Any]) -> None:
        await _open_first(pilot)
        await pilot.press("l", "pagedown", "pagedown", "pagedown")
        await pilot.pause()

    assert snap_compare(make_app(store, DEFAULT_RUBRIC), terminal_size=(80, 24), run_before=read)


@pytest.mark.parametrize("size", SIZES)
def test_note_editor_open(snap_compare: SnapCompare, store: Store, size: tuple[int, int]) -> None:
    add_assessment(store, "Acme Logistics", id=ACME)

    async def write(pilot: Pilot[Any]) -> None:
        await _open_first(pilot)
        await pilot.press("3", "k", "e")  # OB-1 answered, back on it, its note opened
        await pilot.pause()
        await pilot.press(*"Seen in the kickoff deck; owner named")
        pilot.app.screen.query_one(TextArea).cursor_blink = False
        await pilot.pause()

    assert snap_compare(make_app(store), terminal_size=size, run_before=write)


@pytest.mark.parametrize("needle", ["logistics", "zzz"], ids=["some", "none"])
@pytest.mark.parametrize("size", SIZES)
def test_home_filtered(
    snap_compare: SnapCompare, store: Store, size: tuple[int, int], needle: str
) -> None:
    add_assessment(store, "Acme Logistics", id=ACME)
    add_assessment(store, "Globex", id="00000000-0000-4000-8000-000000000002", scope="EMEA")
    add_assessment(store, "Umbrella Logistics", id="00000000-0000-4000-8000-000000000003")

    async def filter_(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("slash", *needle)
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    assert snap_compare(make_app(store), terminal_size=size, run_before=filter_)


@pytest.mark.parametrize("size", SIZES)
def test_move_to_rubric_dialog(
    snap_compare: SnapCompare, store: Store, tmp_path: Path, size: tuple[int, int]
) -> None:
    add_assessment(store, "Acme Logistics", id=ACME)  # on the small rubric 0.3.1
    for element, level in (("OB-1", 3), ("OB-2", 2), ("SQ-1", 2), ("CM-2", 4)):
        store.set_answer(ACME, Answer(element, level=level))  # renamed, kept, retired, merged
    app = make_app(store, rubric_path=write_carried(tmp_path))  # the current one: 0.4.0

    async def move(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("m")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=move)


@pytest.mark.parametrize("size", SIZES)
def test_reassess_dialog(snap_compare: SnapCompare, store: Store, size: tuple[int, int]) -> None:
    add_assessment(store, "Acme Logistics", id=ACME)

    async def reassess(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()

    assert snap_compare(make_app(store), terminal_size=size, run_before=reassess)
