"""Keys as help and the footer show them: level keys from the rubric's scale, screens
and widgets by their names (never a class name)."""

from __future__ import annotations

import re

from textual.pilot import Pilot
from textual.widgets import Static

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.store import Store
from csmaturity_tui.tui.app import CsMaturityApp
from csmaturity_tui.tui.screens.flow import LEVEL_KEYS, FlowScreen
from csmaturity_tui.tui.screens.help import HelpScreen, help_title, key_rows
from helpers import SMALL, add_assessment, make_app, settle

AID = "00000000-0000-4000-8000-0000000000k1"
CLASS_NAME = re.compile(r"\b[A-Z][a-z]+[A-Z]\w*")  # CamelCase: DashboardScreen, RadioSet


async def test_level_keys_are_the_rubric_scale_and_no_more(store: Store) -> None:
    scale = rubric_mod.load(SMALL).scale
    assert len(scale) < LEVEL_KEYS  # keys past the scale exist, and must stay hidden
    add_assessment(store, "Acme", id=AID)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        flow = app.screen
        assert isinstance(flow, FlowScreen)
        bound = set(flow.active_bindings)
        levels = {str(n) for n in range(1, LEVEL_KEYS + 1)}
        assert bound & levels == {str(s.level) for s in scale}
        first = flow.current
        assert first is not None
        await pilot.press(str(len(scale) + 1))  # past the scale: nothing happens
        assert (flow.current, flow.answers.get(first)) == (first, None)
        rows = dict(row for _section, found in key_rows(flow) for row in found)
        for s in scale:
            assert rows[str(s.level)] == f"Level {s.level} {s.name}"
        await pilot.press(str(len(scale)))
        assert flow.answers[first].level == len(scale)


async def help_of(app: CsMaturityApp, pilot: Pilot[int]) -> tuple[str, list[str]]:
    """Help's title over the current screen, and its section names."""
    target = app.screen
    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)
    title = str(app.screen.query_one("#help-title", Static).render())
    sections = [section for section, _rows in key_rows(target)]
    await pilot.press("escape")
    await pilot.pause()
    return title, sections


async def test_help_names_every_screen_and_widget_without_class_names(store: Store) -> None:
    add_assessment(store, "Acme", id=AID)
    app = make_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        seen = [await help_of(app, pilot)]
        await pilot.press("d")
        await settle(pilot)
        seen.append(await help_of(app, pilot))
        await pilot.press("x")
        await settle(pilot)
        export = app.screen  # a dialog: help is not bound over it, its rows are the same
        seen.append((f"Keys: {help_title(export)}", [s for s, _rows in key_rows(export)]))
        await pilot.press("escape", "escape")
        await pilot.press("enter")
        await settle(pilot)
        seen.append(await help_of(app, pilot))
    titles = [title for title, _sections in seen]
    assert titles == ["Keys: Home", "Keys: Dashboard", "Keys: Export", "Keys: Question flow"]
    assert "In the format choice" in seen[2][1]
    for title, sections in seen:
        assert not CLASS_NAME.search(title), title
        for section in sections:
            assert not CLASS_NAME.search(section), section
