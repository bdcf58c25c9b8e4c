"""One store policy in the TUI: every screen and worker uses the app's one Store; a
failed store call is one line on screen (never a traceback, the app keeps running); every
worker reports through one path (``CsMaturityApp.background``, ``Worker.StateChanged``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NoReturn

import pytest
from textual.widgets import Input

from csmaturity_tui.model import Answer
from csmaturity_tui.store import Store, StoreError
from csmaturity_tui.tui.screens.dialogs import (
    ChoiceScreen,
    ConfirmScreen,
    MessageScreen,
    PromptScreen,
)
from csmaturity_tui.tui.screens.flow import FlowScreen
from csmaturity_tui.tui.screens.form import AssessmentForm
from csmaturity_tui.tui.screens.home import HomeScreen
from helpers import add_assessment, make_app, settle

A = "00000000-0000-4000-8000-0000000000a1"
BUSY = "/x/cs.db: the database is busy (another program holds a lock); try again"


def busy(*_args: Any, **_kwargs: Any) -> NoReturn:
    """A store call that finds the database busy."""
    raise StoreError(BUSY, exit_code=1)


def refuse(*_args: Any, **_kwargs: Any) -> NoReturn:
    raise AssertionError("a second Store.open inside the app")


async def test_workers_use_the_apps_store_and_never_open_another(
    store: Store,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    plain_opens: list[str],
    toasts: list[str],
) -> None:
    add_assessment(store, "Acme", id=A)
    store.set_answer(A, Answer("OB-1", level=3))
    app = make_app(store)
    monkeypatch.setattr(Store, "open", refuse)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("D")  # the demo, loaded by a worker
        await settle(pilot)
        assert any("Demo loaded" in n for n in toasts), toasts
        assert len(store.list_assessments()) == 3  # the demo is two rounds
        await pilot.press("enter")  # read by a worker, then the flow
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")  # the details, read by a worker
        await settle(pilot)
        assert isinstance(app.screen, AssessmentForm)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("delete")  # counted by a worker
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("m")  # checked by a worker (the demo is on another rubric)
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")  # moved by a worker
        await settle(pilot)
        assert any("moved to fixture-small" in n for n in toasts) or isinstance(
            app.screen, MessageScreen
        )
        assert not any(n.startswith("unexpected") for n in toasts), toasts
    watched = {os.path.realpath(f"{db_path}{suffix}") for suffix in ("", "-wal", "-shm")}
    assert plain_opens, "the spy saw no open at all: it does not work"
    assert not watched & set(plain_opens)  # no descriptor on the file under the live one


@pytest.mark.parametrize(
    ("method", "keys"),
    [
        ("archive", ["a"]),
        ("update_assessment", ["c", "m"]),  # what is left first, then m marks it
        ("reassess", ["r", "c"]),
        ("duplicate", ["r", "e"]),
        ("delete", ["delete", *"Acme", "enter"]),
        ("list_assessments", ["D"]),
        ("load", ["enter"]),
        ("load", ["e"]),
        ("history", ["delete"]),
        ("orphans", ["m"]),
    ],
)
async def test_a_failed_store_call_is_one_line_and_the_app_runs_on(
    store: Store,
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    keys: list[str],
    toasts: list[str],
) -> None:
    add_assessment(store, "Acme", id=A)
    app = make_app(store)

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(store, method, busy)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        assert BUSY in toasts, toasts
        assert all("\n" not in n for n in toasts)
        if isinstance(app.screen, PromptScreen | ChoiceScreen):
            await pilot.press("escape")
            await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.is_running and app.return_code is None
        monkeypatch.undo()
        await pilot.press("slash")  # the screen still answers keys
        await pilot.pause()
        assert app.screen.query_one("#filter", Input).has_focus
    with Store.open(db_path) as again:  # nothing was changed by the failed calls
        [row] = again.list_assessments()
        assert (row.id, row.status) == (A, "draft")


async def test_an_unexpected_error_in_a_worker_is_one_line_too(
    store: Store, monkeypatch: pytest.MonkeyPatch, toasts: list[str]
) -> None:
    add_assessment(store, "Acme", id=A)
    app = make_app(store)

    def broken(*_args: Any, **_kwargs: Any) -> NoReturn:
        raise ZeroDivisionError("division by zero")

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(store, "load", broken)
        await pilot.press("enter")
        await settle(pilot)
        assert "unexpected error: ZeroDivisionError: division by zero" in toasts
        assert isinstance(app.screen, HomeScreen) and app.is_running


async def test_the_flow_opens_when_its_saved_position_cannot_be_read(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A busy store at the cursor read costs the saved position, never the flow."""
    from csmaturity_tui.tui.screens.flow import FlowScreen

    add_assessment(store, "Acme", id=A)
    app = make_app(store)

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(store, "get_cursor", busy)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen) and app.is_running
        assert app.screen.current is not None  # at the first open element
