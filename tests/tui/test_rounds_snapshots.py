"""Snapshots of the compare and trend screens in the app, on the demo's two rounds (home,
``=`` on one round then the other; ``t``), at 80x24 and 120x36 (each looked at as a PNG
before it was accepted)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from csmaturity_tui.services import load_demo
from csmaturity_tui.store import Store
from csmaturity_tui.tui.screens.rounds import CompareScreen, TrendScreen
from helpers import make_app, settle

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]


async def _compare(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("equals_sign", "down", "equals_sign")  # one round, then the other
    await settle(pilot)
    assert isinstance(pilot.app.screen, CompareScreen)
    pilot.app.clear_notifications()  # the "= again" toast would time out at any moment
    await pilot.pause()


async def _trend(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("t")
    await settle(pilot)
    assert isinstance(pilot.app.screen, TrendScreen)


@pytest.mark.parametrize("size", SIZES)
def test_compare_screen(snap_compare: Any, store: Store, size: tuple[int, int]) -> None:
    load_demo(store)
    assert snap_compare(make_app(store), terminal_size=size, run_before=_compare)


@pytest.mark.parametrize("size", SIZES)
def test_trend_screen(snap_compare: Any, store: Store, size: tuple[int, int]) -> None:
    load_demo(store)
    assert snap_compare(make_app(store), terminal_size=size, run_before=_trend)
