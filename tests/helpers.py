"""Helpers shared by every test directory (tests/ is on sys.path through conftest.py).

Fixtures are in ``tests/conftest.py``; what is not a fixture is here: the fixture
rubrics' paths, the baselines the worked examples use, the TUI's app on a frozen
clock, and waiting for a screen to settle. Textual and the store load only where a
helper needs them, so the core's tests import none of them.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csmaturity_tui.model import Baseline

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from csmaturity_tui.store import Store
    from csmaturity_tui.tui.app import CsMaturityApp

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "fixtures" / "small_rubric.toml"
DEFAULT_RUBRIC = ROOT / "rubric.toml"

M = 1_000_000.0
# The hand-worked baseline: 10 M start ARR, 0.9 M churned, 0.6 M contraction, 0.8 M expansion.
HAND_BASELINE = Baseline(
    start_arr=10 * M, churned_arr=0.9 * M, contraction_arr=0.6 * M, expansion_arr=0.8 * M
)
# The same facts in euros for FY2025, with a target (the engine's worked example).
HAND_BASELINE_EUR = replace(HAND_BASELINE, currency="EUR", period="FY2025", targets={"signal": 3.5})
# Round figures where the case is judged, not the amounts (too little evidence, say).
ROUND_BASELINE = Baseline(start_arr=1e7, churned_arr=1e6, contraction_arr=5e5, expansion_arr=5e5)
# The store tests' assessment (its target names a dimension of the small rubric).
STORE_BASELINE = Baseline(
    currency="EUR",
    period="FY2024",
    start_arr=1_000_000.0,
    churned_arr=60_000.0,
    contraction_arr=40_000.0,
    expansion_arr=90_000.0,
    targets={"onboard": 3.5},
)
# The TUI tests' assessments.
TUI_BASELINE = Baseline(
    currency="EUR",
    period="FY2025",
    start_arr=12_000_000,
    churned_arr=900_000,
    contraction_arr=300_000,
    expansion_arr=1_100_000,
)

FROZEN = dt.datetime(2026, 3, 4, 14, 2, 11)


def frozen_clock() -> dt.datetime:
    return FROZEN


def make_app(store: Store, rubric_path: Path = SMALL) -> CsMaturityApp:
    """The real app on ``store``, new assessments on ``rubric_path``, a frozen clock."""
    from csmaturity_tui.tui.app import CsMaturityApp

    return CsMaturityApp(store, rubric_path=rubric_path, clock=frozen_clock)


def add_assessment(
    store: Store, client: str, *, id: str, date: str = "2026-03-01", scope: str = ""
) -> str:
    """An assessment of the small rubric with :data:`TUI_BASELINE`; returns its id."""
    from csmaturity_tui import rubric as rubric_mod

    return store.create_assessment(
        rubric_mod.load(SMALL),
        client=client,
        scope=scope,
        date=date,
        baseline=TUI_BASELINE,
        id=id,
    )


def carried_ids(store: Store, aid: str) -> frozenset[str]:
    """The elements whose answer is carried from the previous round, not yet confirmed."""
    return frozenset(e for e, a in store.load(aid)[1].answers.items() if a.carried)


async def settle(pilot: Pilot[Any]) -> None:
    """Let the screen's workers (reads, the demo) finish, then the messages they sent."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def chattr(path: Path, flag: str) -> bool:
    """``chattr +i``/``-i``; False if the tool or the file system does not allow it."""
    tool = shutil.which("chattr")
    if tool is None:
        return False
    res = subprocess.run([tool, flag, str(path)], capture_output=True, check=False)
    return res.returncode == 0


def dump(path: Path) -> str:
    """Every row of the database as SQL text (compare before/after to prove nothing changed)."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()
