"""The path to the first screen stays light, and its shortcut stays in step with the schema.

``Store.open`` decides whether migrations are pending from ``store/migration_names.py``
(so that opening an up-to-date database never imports sqlite-utils): those names must
equal the schema's. And launching the TUI on an existing database, up to the home screen
listed, must not import sqlite-utils, pydantic, the rubric models or plotext (the
benchmark in bench/README.md shows what each costs).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from rel_helpers import ROOT, child_env

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.model import Baseline
from csmaturity_tui.store import Store, migration_names, schema
from helpers import SMALL


def test_migration_names_match_the_schema() -> None:
    assert migration_names.MIGRATION_SET == schema.MIGRATION_SET
    assert migration_names.MIGRATION_NAMES == schema.MIGRATION_NAMES


HEAVY = ("sqlite_utils", "pydantic", "csmaturity_tui.rubric", "plotext", "textual_plotext")


def test_home_screen_is_reached_without_heavy_imports(tmp_path: Path) -> None:
    db = tmp_path / "light.db"
    with Store.open(db) as store:
        for i in range(3):
            store.create_assessment(
                rubric_mod.load(SMALL),
                client=f"Light {i}",
                date="2026-03-01",
                baseline=Baseline(),
            )
    code = (
        "import asyncio, sys\n"
        "from csmaturity_tui import cli\n"
        "from csmaturity_tui.store import Store\n"
        "from csmaturity_tui.tui.app import CsMaturityApp\n"
        "from csmaturity_tui.tui.screens.home import HomeScreen\n"
        "store = Store.open(sys.argv[1], create=False)\n"
        "app = CsMaturityApp(store)\n"
        "async def main():\n"
        "    async with app.run_test(size=(100, 30)) as pilot:\n"
        "        await pilot.pause()\n"
        "        assert isinstance(app.screen, HomeScreen)\n"
        "        assert app.screen.query_one('DataTable').row_count == 3\n"
        "asyncio.run(main())\n"
        f"print('HEAVY', [m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code, str(db)],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert res.returncode == 0, res.stderr[-3000:]
    assert "HEAVY []" in res.stdout, res.stdout
