"""Snapshots of every dashboard tab for the demo, at 100x30 and 80x24.

Each SVG was looked at (converted to PNG) before it was accepted; the risk-quadrant
ones show every agent of the demo, numbered, in its quadrant.
"""

from __future__ import annotations

from typing import Any

import pytest
from dashboard_support import open_dashboard
from textual.pilot import Pilot

from csmaturity_tui.services import load_demo
from csmaturity_tui.store import Store
from helpers import make_app, settle

TABS = ("scores", "ai", "quadrant", "nrr", "blueprint")
SIZES = ((100, 30), (80, 24))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("tab", TABS)
def test_dashboard_tab(snap_compare: Any, store: Store, tab: str, size: tuple[int, int]) -> None:
    aid = load_demo(store)
    app = make_app(store)

    async def show(pilot: Pilot[Any]) -> None:
        await open_dashboard(pilot, aid)
        await pilot.press(str(TABS.index(tab) + 1))
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=show)
