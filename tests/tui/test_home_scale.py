"""Home with a few hundred assessments: returning home redraws only the row that changed,
and the filter and its clearing keep every row and the store's order."""

from __future__ import annotations

import asyncio

import pytest
from rich.text import Text
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.store import Store
from csmaturity_tui.tui.app import CsMaturityApp
from csmaturity_tui.tui.screens import home as home_module
from csmaturity_tui.tui.screens.flow import FlowScreen
from csmaturity_tui.tui.screens.home import COLUMN_KEYS, HomeScreen
from helpers import SMALL, TUI_BASELINE, make_app

N = 300


def fill(store: Store, n: int = N) -> list[str]:
    """``n`` assessments, client ``Client 000`` oldest; their ids, oldest first."""
    rubric = rubric_mod.load(SMALL)
    baseline = TUI_BASELINE
    return [
        store.create_assessment(
            rubric,
            client=f"Client {i:03d}",
            scope="North" if i % 3 == 0 else "",
            date="2026-03-01",
            baseline=baseline,
            id=f"00000000-0000-4000-8000-{i:012d}",
        )
        for i in range(n)
    ]


def home_of(app: CsMaturityApp) -> HomeScreen:
    assert isinstance(app.screen, HomeScreen)
    return app.screen


def table_of(app: CsMaturityApp) -> DataTable[Text]:
    table: DataTable[Text] = home_of(app).query_one(DataTable)
    return table


def row_ids(app: CsMaturityApp) -> list[str]:
    table = table_of(app)
    return [
        str(table.coordinate_to_cell_key(Coordinate(i, 0)).row_key.value)
        for i in range(table.row_count)
    ]


def cell_objects(app: CsMaturityApp) -> dict[str, list[Text]]:
    table = table_of(app)
    return {str(key.value): table.get_row(key) for key in table.rows}


def same_cells(before: list[Text], after: list[Text]) -> bool:
    """The same cell objects: the row was neither re-added nor redrawn."""
    return all(a is b for a, b in zip(before, after, strict=True))


async def listed(app: CsMaturityApp) -> None:
    """Wait for the list past the first screenful and its batches."""
    await app.workers.wait_for_complete()
    listing = len(app.store.list_assessments())
    while table_of(app).row_count < listing:
        await asyncio.sleep(0.01)


async def _idle(app: CsMaturityApp, pilot: Pilot[int], store: Store) -> tuple[list[str], int]:
    """Home listed and idle: the store's order, and how many rows the table was fed."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    return [r.id for r in store.list_assessments()], table_of(app).row_count


async def test_returning_home_redraws_only_the_row_that_changed(store: Store) -> None:
    ids = fill(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await listed(app)
        assert row_ids(app) == [r.id for r in store.list_assessments()]
        before = cell_objects(app)
        target = ids[100]  # far below the first screenful
        table_of(app).move_cursor(row=row_ids(app).index(target))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, FlowScreen)
        await pilot.press("3")  # one answer: the assessment's progress and updated change
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

        order = [r.id for r in store.list_assessments()]
        assert order[0] == target  # the store lists it first now ...
        assert row_ids(app) == order  # ... and so does the table, every row kept
        assert home_of(app).selected_id() == target  # the cursor followed it
        after = cell_objects(app)
        redrawn = [i for i in ids if not same_cells(before[i], after[i])]
        assert redrawn == [target]  # no other row was re-added or redrawn
        done = COLUMN_KEYS.index("progress")
        progress = str(after[target][done])
        assert progress != str(before[target][done]) and progress.endswith("%")


async def test_filter_and_clearing_it_at_a_few_hundred_rows(store: Store) -> None:
    ids = fill(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await listed(app)
        everything = [r.id for r in store.list_assessments()]
        before = cell_objects(app)
        await pilot.press("slash", *"client 12")
        await pilot.pause()
        shown = row_ids(app)
        wanted = [i for i in everything if i in ids[120:130]]
        assert shown == wanted  # Client 120..129, newest first
        await pilot.press("enter")  # back to the table, filter kept
        await pilot.press("down")
        picked = home_of(app).selected_id()
        assert picked == wanted[1]
        box = home_of(app).query_one("#filter", Input)
        box.value = "north"
        await pilot.pause()
        assert row_ids(app) == [i for i in everything if int(i[-12:]) % 3 == 0]
        await pilot.press("escape")  # clears the filter
        await pilot.pause()
        await listed(app)
        assert not box.display
        assert row_ids(app) == everything  # every row back, in the store's order
        after = cell_objects(app)
        assert all(same_cells(before[i], after[i]) for i in ids)  # none rebuilt
        assert home_of(app).selected_id() is not None


async def test_the_table_is_fed_near_the_screen_and_keeps_the_store_order(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows are added as the cursor nears the last one added (CHUNK at a time), every
    row before a jump to the bottom; a change to a row not added yet brings it in."""
    monkeypatch.setattr(home_module, "CHUNK", 50)
    ids = fill(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        order, fed = await _idle(app, pilot, store)
        assert fed < N
        assert row_ids(app) == order[:fed]  # a prefix of the store's order
        for _ in range(4):
            await pilot.press("pagedown")
        await pilot.pause()
        assert fed < table_of(app).row_count < N  # more, not all
        assert row_ids(app) == order[: table_of(app).row_count]

        store.update_assessment(ids[0], status="complete")  # the oldest: not in the table
        await pilot.press("question_mark")  # help, then back home: home resumes
        await pilot.press("escape")
        await pilot.pause()
        order = [r.id for r in store.list_assessments()]
        assert order[0] == ids[0]
        assert row_ids(app) == order[: table_of(app).row_count]

        await pilot.press("ctrl+end")  # the bottom: every row, the cursor on the oldest
        await pilot.pause()
        assert row_ids(app) == order
        assert home_of(app).selected_id() == order[-1]

        await pilot.press("slash", *"client 2")  # a filter from the bottom: refilled
        await pilot.pause()
        assert row_ids(app) == [i for i in order if i in ids[200:]][: table_of(app).row_count]
        assert table_of(app).row_count >= 30  # a screenful at least


async def test_clearing_the_filter_lists_near_the_top_not_the_whole_book(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clearing a filter that found an old assessment (far down the list) does not add
    every row before it: the cursor goes to the top and the table is fed as usual. A
    selection near the top is kept."""
    monkeypatch.setattr(home_module, "CHUNK", 50)
    fill(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        order, fed = await _idle(app, pilot, store)
        await pilot.press("slash", *"client 00")  # Client 000..009: the oldest ten
        await pilot.pause()
        await pilot.press("enter")  # the table, on the first of them
        picked = home_of(app).selected_id()
        assert picked is not None and order.index(picked) > fed + 50
        await pilot.press("escape")  # clears the filter
        await pilot.pause()
        await pilot.pause()
        assert table_of(app).row_count <= fed + 50  # not the whole book
        assert row_ids(app) == order[: table_of(app).row_count]  # the store's order
        assert home_of(app).selected_id() == order[0]  # the top
        # near the top, the selection is kept
        await pilot.press("slash", *"client 29")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.press("down")
        near = home_of(app).selected_id()
        assert near is not None and order.index(near) < 20
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert home_of(app).selected_id() == near


async def test_emptying_the_filter_with_ctrl_u_lists_near_the_top(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(home_module, "CHUNK", 50)
    fill(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        order, fed = await _idle(app, pilot, store)
        await pilot.press("slash", *"client 00")
        await pilot.pause()
        assert len(row_ids(app)) == 10
        await pilot.press("ctrl+u")  # the filter's text emptied: every row back
        await pilot.pause()
        await pilot.pause()
        assert home_of(app).query_one("#filter", Input).display  # still open
        assert table_of(app).row_count <= fed + 50
        assert row_ids(app) == order[: table_of(app).row_count]
