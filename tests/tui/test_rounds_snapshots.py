"""Snapshots of the compare and trend screens at 80x24 and 120x36 (each looked at as a
PNG before it was accepted)."""

from __future__ import annotations

from typing import Any

import pytest
from rounds_support import RoundsApp
from textual.pilot import Pilot

SIZES = ((80, 24), (120, 36))


async def _settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(RoundsApp(), terminal_size=size, run_before=_settle)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_trend_screen(snap_compare: Any, size: tuple[int, int]) -> None:
    assert snap_compare(RoundsApp(show_trend=True), terminal_size=size, run_before=_settle)
