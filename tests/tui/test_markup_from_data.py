"""Markup never comes from data, and no control character from data is drawn (issue 14).

A client named ``Acme [/EMEA]`` once crashed the Edit form with a MarkupError, ``Acme
[EMEA]`` showed as "Acme" and ``[@click=app.quit]QUITNOW[/]`` became a link that quit
the app. Rubric names with brackets reach the dashboard's tables and the blueprint.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.content import Content

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.model import Baseline
from csmaturity_tui.store import Store
from csmaturity_tui.tui.screens.dashboard import DashboardScreen
from csmaturity_tui.tui.screens.form import AssessmentForm
from csmaturity_tui.tui.show import install_output_guard, markup, plain
from helpers import SMALL, add_assessment, make_app

AID = "00000000-0000-4000-8000-0000000000b1"
NAMES = ["Acme [/EMEA]", "x [/] y", "Acme [EMEA]", "[@click=app.quit]QUITNOW[/]"]


def test_the_guard_drops_every_control_code_from_text_and_content() -> None:
    install_output_guard()
    hostile = "a\x1b]52;c;eA==\x07b\x9b2J\u202ec\x00d\x7fe\ud800f\ng\th"
    for shown in (Text(hostile).plain, Content(hostile).plain, Content.from_markup(hostile).plain):
        assert shown == "a]52;c;eA==b2Jcdef\ng\th", repr(shown)
    assert plain(hostile) == "a]52;c;eA==b2Jcdef\ng\th"
    assert markup("[b]x\x1b[/b]") == "\\[b]x\\[/b]"


@pytest.mark.parametrize("client", NAMES)
async def test_the_edit_form_shows_a_client_name_literally(client: str, store: Store) -> None:
    add_assessment(store, client, id=AID)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, AssessmentForm)
        svg = app.export_screenshot()
        shown = client.replace(" ", "&#160;")
        assert f"Edit&#160;assessment:&#160;{shown}" in svg, client
        await pilot.click("#form-body Static", offset=(30, 0))  # on the name: no action
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, AssessmentForm)
        await pilot.press("ctrl+s")  # saved unchanged: the name is kept as it was
        await pilot.pause()
    _rubric, assessment = store.load(AID)
    assert assessment.meta.client == client


async def test_the_home_toasts_show_a_client_name_literally(
    store: Store, toasts: list[str]
) -> None:
    client = NAMES[-1]
    add_assessment(store, client, id=AID)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("a")  # archive: the toast names the client
        await pilot.pause()
        assert any(t.startswith(client) for t in toasts), toasts
        assert app.is_running


async def test_rubric_names_with_brackets_reach_the_dashboard_as_text(
    tmp_path: Path, store: Store
) -> None:
    source = SMALL.read_text(encoding="utf-8")
    source = source.replace('name = "Onboarding Craft"', 'name = "Onboarding [/Craft]"', 1)
    source = source.replace('name = "Renewal drafter"', 'name = "Drafter [@click=app.quit]Q[/]"')
    rubric = rubric_mod.loads(source)
    store.create_assessment(
        rubric, client="Brackets", date="2026-03-01", baseline=Baseline(), id=AID
    )
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_dashboard(AID)
        await pilot.pause(0.5)
        assert isinstance(app.screen, DashboardScreen)
        for tab in ("1", "2", "3", "4", "5"):
            await pilot.press(tab)
            await pilot.pause(0.2)
        svg = app.export_screenshot()
        assert "Onboarding&#160;[/Craft]" in svg or "Onboarding [/Craft]" in svg
        assert app.is_running


async def test_a_toast_is_cut_to_a_few_lines(store: Store, toasts: list[str]) -> None:
    from csmaturity_tui.tui.app import TOAST_MAX

    client = "Corp " + "W" * 10_000
    add_assessment(store, client, id=AID)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        app.notify("\x1b]0;T\x07" + "y" * 10_000, markup=False)
        await pilot.pause()
        messages = toasts
        assert messages[0].startswith("Corp WWW") and messages[0].endswith(
            "archived (press a again to restore)."
        )
        assert len(messages[1]) == TOAST_MAX and messages[1].startswith("]0;Ty")
        assert all(len(m) <= TOAST_MAX for m in messages)
