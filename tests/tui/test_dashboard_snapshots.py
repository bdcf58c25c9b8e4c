"""Snapshots of every dashboard tab for the demo, at 100x30 and 80x24.

Each SVG was looked at (converted to PNG) before it was accepted; the risk-quadrant
ones show every agent of the demo, numbered, in its quadrant.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from dashboard_support import DashboardApp, seed_demo
from textual.pilot import Pilot

from helpers import settle

TABS = ("scores", "ai", "quadrant", "nrr", "blueprint")
SIZES = ((100, 30), (80, 24))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("tab", TABS)
def test_dashboard_tab(snap_compare: Any, tmp_path: Path, tab: str, size: tuple[int, int]) -> None:
    db = tmp_path / "demo.db"
    app = DashboardApp(db, seed_demo(db))

    async def show(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(str(TABS.index(tab) + 1))
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=show)
