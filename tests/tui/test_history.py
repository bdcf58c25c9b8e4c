"""An element's history in the question flow (``h``), and redo (``ctrl+y``).

The stamps come from a fake clock (a minute a change) and are shown in UTC (``TZ``), so
the panel's snapshots are deterministic; each was looked at before it was accepted.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from csmaturity_tui.model import Answer
from csmaturity_tui.store import Store
from csmaturity_tui.tui.screens.flow import FlowScreen
from csmaturity_tui.tui.screens.history import HistoryScreen
from helpers import add_assessment, make_app, settle

AID = "00000000-0000-4000-8000-0000000000h1"
SnapCompare = Callable[..., bool]


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The store stamps a change a minute after the last, from 4 Mar 2026 13:00 UTC;
    local time is UTC."""
    from csmaturity_tui.store import answers, mapping

    start = dt.datetime(2026, 3, 4, 13, 0, tzinfo=dt.UTC)
    minutes = itertools.count()

    def fake() -> str:
        moment = start + dt.timedelta(minutes=next(minutes))
        return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")

    monkeypatch.setattr(mapping, "now_iso", fake)
    monkeypatch.setattr(answers, "now", fake)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def seed(store: Store) -> None:
    """OB-1 answered, changed with a note, undone, redone; OB-2 never answered."""
    add_assessment(store, "Acme", id=AID)
    store.set_answer(AID, Answer("OB-1", level=2), by="Ada Lovelace")
    note = "Seen in the onboarding tracker: every account has a named owner and a kick-off."
    store.set_answer(AID, Answer("OB-1", level=3, confidence="high", note=note), by="Ada Lovelace")
    store.undo(AID, by="Ben")
    store.redo(AID, by="Ben")
    store.set_answer(AID, Answer("OB-1", na_reason="no onboarding team yet", flagged=True))


async def open_flow(pilot: Pilot[Any]) -> FlowScreen:
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, FlowScreen)
    return screen


def entries(screen: HistoryScreen) -> list[str]:
    return [str(s.render()) for s in screen.query(".entry")]


async def test_h_lists_the_changes_newest_first_and_says_when_there_is_none(
    store: Store, clock: None
) -> None:
    seed(store)
    store.set_cursor(AID, "OB-1")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        flow = await open_flow(pilot)
        await pilot.press("h")
        await pilot.pause()
        panel = app.screen
        assert isinstance(panel, HistoryScreen)
        shown = entries(panel)
        assert len(shown) == 5
        assert shown[0].startswith("4 Mar 2026 13:05  —  changed\n3 Managed, high confidence")
        assert "→ N/A: no onboarding team yet, flagged" in shown[0]
        assert shown[1].startswith("4 Mar 2026 13:04  Ben  redone")
        assert shown[2].startswith("4 Mar 2026 13:03  Ben  undone")
        assert "note removed" in shown[2]
        assert "note added: Seen in the onboarding tracker" in shown[3]
        assert shown[4].endswith("not answered → 2 Defined, medium confidence")
        await pilot.press("escape")
        await pilot.press("j", "h")  # OB-2: nothing recorded
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert entries(app.screen) == []
        assert "never been answered" in str(app.screen.query_one(".empty").render())
        await pilot.press("h")  # h closes it too
        await pilot.pause()
        assert pilot.app.screen is flow


async def test_redo_in_the_flow_and_after_a_restart(store: Store, db_path: Path) -> None:
    add_assessment(store, "Acme", id=AID)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        flow = await open_flow(pilot)
        await pilot.press("3", "2")  # OB-1 level 3, OB-2 level 2
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert (flow.current, flow.answers["OB-1"].level) == ("OB-1", None)
        await pilot.press("ctrl+y")  # OB-1 again
        await pilot.pause()
        assert (flow.current, flow.answers["OB-1"].level) == ("OB-1", 3)
        assert "redone: OB-1" in str(flow.query_one("#status").render())
        await pilot.press("q")
    with Store.open(db_path) as again:  # the app restarted: OB-2 can still be redone
        app2 = make_app(again)
        async with app2.run_test(size=(80, 24)) as pilot:
            flow = await open_flow(pilot)
            await pilot.press("ctrl+y")
            await pilot.pause()
            assert (flow.current, flow.answers["OB-2"].level) == ("OB-2", 2)
            await pilot.press("ctrl+y")
            await pilot.pause()
            assert "Nothing to redo." in str(flow.query_one("#status").render())
            await pilot.press("ctrl+z", "4")  # a new change: nothing left to redo
            await pilot.press("ctrl+y")
            await pilot.pause()
            assert "Nothing to redo." in str(flow.query_one("#status").render())
            assert flow.answers["OB-2"].level == 4


@pytest.mark.parametrize(
    "size", [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]
)
def test_history_panel(
    snap_compare: SnapCompare, store: Store, clock: None, size: tuple[int, int]
) -> None:
    seed(store)
    store.set_cursor(AID, "OB-1")

    async def open_history(pilot: Pilot[Any]) -> None:
        await open_flow(pilot)
        await pilot.press("h")
        await pilot.pause()

    assert snap_compare(make_app(store), run_before=open_history, terminal_size=size)
