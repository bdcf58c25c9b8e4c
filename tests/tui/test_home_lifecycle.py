"""Home: mark complete / back to draft (c), delete permanently (delete), move to the
current rubric (m); the flow's line about answers kept from an earlier rubric."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from csmaturity_tui.model import Answer
from csmaturity_tui.store import Store
from csmaturity_tui.tui.app import CsMaturityApp
from csmaturity_tui.tui.palette import ScreenCommands
from csmaturity_tui.tui.screens.completion import CompletionScreen
from csmaturity_tui.tui.screens.dialogs import ConfirmScreen, MessageScreen, PromptScreen
from csmaturity_tui.tui.screens.flow import FlowScreen
from csmaturity_tui.tui.screens.help import key_rows
from csmaturity_tui.tui.screens.home import HomeScreen
from helpers import SMALL, add_assessment, frozen_clock, make_app, settle

A = "00000000-0000-4000-8000-0000000000a1"
B = "00000000-0000-4000-8000-0000000000b2"
SnapCompare = Callable[..., bool]


def counts(db: Path, aid: str) -> dict[str, int]:
    """Rows of ``aid`` in each table, read by a fresh connection (what is on disk)."""
    con = sqlite3.connect(db)
    try:
        out = {"assessments": con.execute("SELECT count(*) FROM assessments WHERE id = ?", (aid,))}
        for table in ("answers", "answer_history", "baselines"):
            out[table] = con.execute(
                f"SELECT count(*) FROM {table} WHERE assessment_id = ?", (aid,)
            )
        return {k: v.fetchone()[0] for k, v in out.items()}
    finally:
        con.close()


def status_on_disk(db: Path, aid: str) -> str:
    con = sqlite3.connect(db)
    try:
        return str(con.execute("SELECT status FROM assessments WHERE id = ?", (aid,)).fetchone()[0])
    finally:
        con.close()


def answered(store: Store, client: str = "Acme Logistics", aid: str = A) -> str:
    add_assessment(store, client, id=aid)
    store.set_answer(aid, Answer("OB-1", level=3))
    store.set_answer(aid, Answer("OB-2", level=2))
    store.set_answer(aid, Answer("OB-2", level=4))  # a second change in the history
    store.set_answer(aid, Answer("SQ-1", na_reason="no signals yet"))
    return aid


def home_of(app: CsMaturityApp) -> HomeScreen:
    home = app.screen_stack[0]
    assert isinstance(home, HomeScreen)
    return home


def status_cell(app: CsMaturityApp, aid: str) -> str:
    table: DataTable[object] = home_of(app).query_one(DataTable)
    return str(table.get_cell(aid, "status"))


def text_of(app: CsMaturityApp) -> str:
    return "\n".join(str(s.render()) for s in app.screen.query(Static))


def rubric_b(tmp_path: Path) -> Path:
    """The small rubric with OB-2 renamed and the version bumped."""
    text = SMALL.read_text(encoding="utf-8")
    assert text.count('id = "OB-2"') == 1 and text.count('version = "0.3.1"') == 1
    text = text.replace('id = "OB-2"', 'id = "OB-2R"').replace(
        'version = "0.3.1"', 'version = "0.4.0"'
    )
    path = tmp_path / "rubric_b.toml"
    path.write_text(text, encoding="utf-8")
    return path


# -- the keys ---------------------------------------------------------------------------


async def test_keys_in_help_and_palette_not_in_footer(store: Store) -> None:
    add_assessment(store, "Acme", id=A)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = home_of(app)
        rows = dict(dict(key_rows(home))["This screen"])
        assert rows["c"] == "Mark complete, or back to draft"
        assert rows["m"].startswith("Move to the current rubric")
        assert rows["del"].startswith("Delete permanently")
        names = [name for name, *_rest in ScreenCommands(home)._commands()]
        assert {"Mark complete / draft", "Move to the current rubric", "Delete permanently"} <= (
            set(names)
        )
        shown = {b.action for b in home.BINDINGS if isinstance(b, Binding) and b.show}
        assert not shown & {"complete", "move", "delete"}


# -- complete / draft -------------------------------------------------------------------


async def test_complete_toggles_and_persists(
    store: Store, db_path: Path, toasts: list[str]
) -> None:
    add_assessment(store, "Acme", id=A)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("c")  # what is left first (completion tests), then m marks it
        await settle(pilot)
        assert isinstance(app.screen, CompletionScreen)
        await pilot.press("m")
        await settle(pilot)
        assert status_on_disk(db_path, A) == "complete"
        assert status_cell(app, A) == "complete"
        assert home_of(app).selected_id() == A
        await pilot.press("c")  # back to draft never asks
        assert status_on_disk(db_path, A) == "draft"
        assert status_cell(app, A) == "draft"

        await pilot.press("c")
        await settle(pilot)
        await pilot.press("m", "a")  # complete, then archived
        assert status_on_disk(db_path, A) == "archived"
        await pilot.press("c")  # refused: restore first
        assert status_on_disk(db_path, A) == "archived"
        assert any("restore it first" in n for n in toasts)
        await pilot.press("a")  # unarchived: back to complete, as it was
        assert status_on_disk(db_path, A) == "complete"
    with Store.open(db_path) as again:
        assert again.list_assessments()[0].status == "complete"


async def test_complete_with_open_flags_lists_them_first(store: Store, db_path: Path) -> None:
    add_assessment(store, "Flagco", id=A)
    store.set_answer(A, Answer("OB-1", level=3, flagged=True, note="check the tracker"))
    store.set_answer(A, Answer("OB-2", level=2, flagged=True))
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, CompletionScreen)
        assert "2 flagged for review" in text_of(app)
        await pilot.press("escape")  # keep it a draft
        await pilot.pause()
        assert status_on_disk(db_path, A) == "draft"
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert status_on_disk(db_path, A) == "complete"
        assert status_cell(app, A) == "complete"


# -- delete -----------------------------------------------------------------------------


async def test_delete_asks_refuses_a_wrong_name_and_deletes(
    store: Store, db_path: Path, toasts: list[str]
) -> None:
    answered(store)
    add_assessment(store, "Globex", id=B)
    before = counts(db_path, A)
    assert before == {"assessments": 1, "answers": 3, "answer_history": 4, "baselines": 1}
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home_of(app).refresh_rows(A)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, PromptScreen)
        text = text_of(app)
        for part in (
            "Acme Logistics",
            "2026-03-01",
            "3 answers",
            "4 recorded changes",
            "cannot be undone",
            "archive",
        ):
            assert part in text, part

        await pilot.press(*"Acme", "enter")  # wrong: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert "type Acme Logistics exactly" in str(app.screen.query_one("#prompt-error").render())
        assert counts(db_path, A) == before

        app.screen.query_one(Input).value = ""
        await pilot.press(*"Acme Logistics", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert counts(db_path, A) == dict.fromkeys(before, 0)
        assert [r.id for r in store.list_assessments()] == [B]
        assert home_of(app).selected_id() == B
        assert any("deleted" in n for n in toasts)
    assert counts(db_path, B)["assessments"] == 1


async def test_delete_escape_cancels(store: Store, db_path: Path, toasts: list[str]) -> None:
    answered(store)
    before = counts(db_path, A)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press(*"Acme Logistics")  # typed, then escape: not deleted
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("Not deleted" in n for n in toasts)
    assert counts(db_path, A) == before


@pytest.mark.parametrize(
    "client", ["", "Very Long Client Name Holdings International (Europe) Ltd"]
)
async def test_delete_by_id_prefix_when_the_name_is_empty_or_long(
    store: Store, db_path: Path, client: str
) -> None:
    add_assessment(store, "placeholder", id=A)
    if not client:  # the form and the store refuse an empty client: an old/imported row
        con = sqlite3.connect(db_path)
        con.execute("UPDATE assessments SET client = '' WHERE id = ?", (A,))
        con.commit()
        con.close()
    else:
        store.update_assessment(A, client=client)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("delete")
        await settle(pilot)
        assert "first 8 characters of its id, 00000000" in text_of(app)
        if client:  # the long name, set at once (typed key by key it took 6 s)
            app.screen.query_one(Input).value = client
            await pilot.press("enter")
            assert isinstance(app.screen, PromptScreen)
            app.screen.query_one(Input).value = ""
        await pilot.press(*A[:8], "enter")
        await pilot.pause()
    assert counts(db_path, A)["assessments"] == 0


# -- move to the current rubric ---------------------------------------------------------


async def test_move_to_the_current_rubric_keeps_the_orphan(
    store: Store, db_path: Path, tmp_path: Path, toasts: list[str]
) -> None:
    answered(store)
    assert store.list_assessments()[0].rubric_version == "0.3.1"
    app = CsMaturityApp(store, rubric_path=rubric_b(tmp_path), clock=frozen_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        text = text_of(app)
        for part in (
            "fixture-small 0.3.1",
            "fixture-small 0.4.0",
            "2 answers carried by element id, 0 through the rubric's map",
            "1 answer will be kept aside, not scored: OB-2 (not in this rubric)",
        ):
            assert part in text, part
        assert store.list_assessments()[0].rubric_version == "0.3.1"  # nothing yet

        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MessageScreen)
        assert "1 answer kept" in text_of(app) and "OB-2" in text_of(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

        row = store.list_assessments()[0]
        assert (row.rubric_id, row.rubric_version) == ("fixture-small", "0.4.0")
        rubric, assessment = store.load(A)
        assert rubric.meta.version == "0.4.0"
        assert set(assessment.answers) == {"OB-1", "SQ-1"}
        assert assessment.answers["OB-1"].level == 3
        assert [(a.element_id, a.level) for a in store.orphans(A)] == [("OB-2", 4)]

        await pilot.press("m")  # now on it
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("already on the current rubric" in n for n in toasts)

        await pilot.press("enter")  # the flow says what was kept aside
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        status = str(app.screen.query_one("#status").render())
        assert "1 answer kept from an earlier rubric (not scored)" in status
    with sqlite3.connect(db_path) as con:
        assert con.execute(
            "SELECT orphaned FROM answers WHERE assessment_id = ? AND element_id = 'OB-2'", (A,)
        ).fetchone() == (1,)


async def test_move_through_the_rubric_map(store: Store, tmp_path: Path) -> None:
    from carried import write_carried

    answered(store)  # OB-1 3, OB-2 4, SQ-1 N/A
    store.set_answer(A, Answer("CM-2", level=1, note="older"))
    store.set_answer(A, Answer("CM-3", level=2, note="newer"))
    app = CsMaturityApp(store, rubric_path=write_carried(tmp_path), clock=frozen_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        text = " ".join(text_of(app).split())  # the dialog wraps its lines
        for part in (
            "1 answer carried by element id, 2 through the rubric's map "
            "(CM-3 → CM-8, OB-1 → OB-9).",
            "2 answers will be kept aside, not scored: CM-2 (mapped to CM-8, which takes "
            "CM-3's newer answer); SQ-1 (retired in this rubric).",
        ):
            assert part in text, part
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MessageScreen)
        assert "2 answers kept" in text_of(app)
    rubric, assessment = store.load(A)
    assert rubric.meta.version == "0.4.0"
    assert {e: a.level for e, a in assessment.answers.items()} == {"OB-2": 4, "OB-9": 3, "CM-8": 2}
    assert sorted(o.element_id for o in store.orphans(A)) == ["CM-2", "SQ-1"]


async def test_move_declined_changes_nothing(store: Store, tmp_path: Path) -> None:
    answered(store)
    app = CsMaturityApp(store, rubric_path=rubric_b(tmp_path), clock=frozen_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert store.list_assessments()[0].rubric_version == "0.3.1"
    assert store.orphans(A) == []


async def test_move_on_the_same_rubric_does_nothing(store: Store, toasts: list[str]) -> None:
    answered(store)
    updated = store.list_assessments()[0].updated
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("already on the current rubric" in n for n in toasts)
    assert store.list_assessments()[0].updated == updated


async def test_flow_without_orphans_shows_the_usual_line(store: Store) -> None:
    answered(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        status = str(app.screen.query_one("#status").render())
        assert "saved as you give them" in status and "earlier rubric" not in status


# -- snapshot ---------------------------------------------------------------------------


@pytest.mark.usefixtures("fixed_stamps")
def test_complete_with_open_flags_snapshot(snap_compare: SnapCompare, store: Store) -> None:
    answered(store)
    store.set_answer(A, Answer("OB-1", level=3, flagged=True))

    async def ask(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("c")
        await settle(pilot)

    assert snap_compare(make_app(store), terminal_size=(80, 24), run_before=ask)


@pytest.mark.usefixtures("fixed_stamps")
def test_delete_confirmation_snapshot(snap_compare: SnapCompare, store: Store) -> None:
    answered(store)

    async def ask(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        await pilot.press("delete")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*"Acme", "enter")  # a wrong name: the dialog says so
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await pilot.pause()

    assert snap_compare(make_app(store), terminal_size=(80, 24), run_before=ask)
