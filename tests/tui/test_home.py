"""Home: the list, re-assess, archive, filter, the demo, help and the too-small guard."""

from __future__ import annotations

from textual.widgets import DataTable

from csmaturity_tui.store import Store
from csmaturity_tui.tui.screens.dialogs import ChoiceScreen
from csmaturity_tui.tui.screens.help import HelpScreen, key_rows
from csmaturity_tui.tui.screens.home import HomeScreen
from csmaturity_tui.tui.screens.too_small import TooSmallScreen
from helpers import add_assessment, make_app

A = "00000000-0000-4000-8000-0000000000a1"
B = "00000000-0000-4000-8000-0000000000b2"


def table_clients(home: HomeScreen) -> list[str]:
    table: DataTable[object] = home.query_one(DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def test_empty_state_tells_what_to_press(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        empty = home.query_one("#empty")
        assert empty.display
        assert not home.query_one(DataTable).display
        text = str(empty.render())
        assert " n " in text and " D " in text


async def test_reassess_archive_and_filter(store: Store) -> None:
    add_assessment(store, "Acme", id=A, date="2026-01-10")
    add_assessment(store, "Globex", id=B, date="2026-02-20")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert sorted(table_clients(home)) == ["Acme", "Globex"]
        home.refresh_rows(A)
        await pilot.press("r")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("e")  # re-assess, empty
        await pilot.pause()
        rows = store.list_assessments()
        assert len(rows) == 3
        new = next(r for r in rows if r.id not in {A, B})
        assert (new.client, new.date, new.status) == ("Acme", "2026-03-04", "draft")
        assert home.selected_id() == new.id

        await pilot.press("a")  # archive the new one ...
        assert store.list_assessments()[0].status == "archived" or any(
            r.status == "archived" for r in store.list_assessments()
        )
        assert {r.id: r.status for r in store.list_assessments()}[new.id] == "archived"
        await pilot.press("a")  # ... and back
        assert {r.id: r.status for r in store.list_assessments()}[new.id] == "draft"

        await pilot.press("slash", *"glob")
        assert table_clients(home) == ["Globex"]
        await pilot.press("enter")  # back to the table, filter kept
        assert app.focused is home.query_one(DataTable)
        await pilot.press("escape")  # filter cleared
        assert len(table_clients(home)) == 3


async def test_demo_loads_and_opens(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("D")
        await app.workers.wait_for_complete()
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        row, earlier = store.list_assessments()  # the demo and its round a year before
        assert home.selected_id() == row.id
        assert row.progress > 0 and earlier.date < row.date


async def test_help_lists_every_key_of_the_current_screen(store: Store) -> None:
    add_assessment(store, "Acme", id=A)
    app = make_app(store)
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = {k: d for _s, section in key_rows(app.screen.target) for k, d in section}
        assert {"n", "⏎", "D", "r", "a", "e", "/", "q"} <= set(rows)
        assert rows["⏎"] == "Open"
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)

        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        flow = app.screen
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        sections = dict(key_rows(flow))
        keys = {k for k, _d in sections["This screen"]}
        for key in ("1", "2", "3", "4", "0, n", "c", "f", "e", "j", "k", "u", "]", "[", "v"):
            assert key in keys
        assert "^z" in keys or "ctrl+z" in keys
        await pilot.press("f1")  # toggles closed
        await pilot.pause()
        assert app.screen is flow


async def test_too_small_terminal_says_so(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.resize_terminal(70, 12)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)


async def test_an_assessment_opened_while_too_small_stays_under_the_notice(store: Store) -> None:
    add_assessment(store, "Acme", id=A)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        app.open_assessment(A)  # as if the worker finished after the terminal shrank
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert type(app.screen).__name__ == "FlowScreen"


async def test_rows_past_the_first_screen_follow_and_can_be_selected(store: Store) -> None:
    """A screenful of rows is added before the first paint, the rest just after it."""
    ids = [
        add_assessment(store, f"Client {i:02d}", id=f"00000000-0000-4000-8000-{i:012d}")
        for i in range(40)
    ]
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.pause()
        listed = [r.client for r in store.list_assessments()]
        assert table_clients(home) == listed  # every row, in the store's order
        last = store.list_assessments()[-1].id
        assert last in ids
        home.refresh_rows(last)  # a row that comes after the first screenful
        await pilot.pause()
        assert home.selected_id() == last
        assert table_clients(home) == listed


async def test_a_filter_that_keeps_nothing_says_so_and_escape_brings_the_rows_back(
    store: Store,
) -> None:
    from textual.widgets import Static

    add_assessment(store, "Acme", id=A)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("slash", *"[b]zz")
        await pilot.pause()
        table, note = home.query_one(DataTable), home.query_one("#empty", Static)
        assert not table.display and note.display
        shown = str(note.render())
        assert "No assessment matches “[b]zz”." in shown  # the typed text, brackets and all
        assert "No assessments yet" not in shown
        assert home.query_one("#filter").region.y > 0  # below the header, not over it
        await pilot.press("escape")
        await pilot.pause()
        assert table.display and not note.display and table_clients(home) == ["Acme"]
