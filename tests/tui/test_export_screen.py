"""The export dialog (``x``): from home, the flow and the dashboard; CLI parity; overwrite; errors.

Every test runs with the working directory in ``tmp_path`` (the dialog writes
relative names there), so nothing is written anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, Static

from csmaturity_tui import services
from csmaturity_tui.store import Store
from csmaturity_tui.tui.app import CsMaturityApp
from csmaturity_tui.tui.screens import export as export_mod
from csmaturity_tui.tui.screens.dialogs import ConfirmScreen
from csmaturity_tui.tui.screens.export import ExportScreen
from csmaturity_tui.tui.screens.flow import FlowScreen
from csmaturity_tui.tui.screens.home import HomeScreen
from helpers import add_assessment, make_app, settle

AID = "00000000-0000-4000-8000-0000000000e1"
CLIENT = "Acme Logistics (EMEA)"
DATE = "2026-03-01"
NAME = "acme-logistics-emea-2026-03-01"
SnapCompare = Callable[..., bool]


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def files(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if not p.name.startswith("cs.db")}


def path_box(app: CsMaturityApp) -> Input:
    return app.screen.query_one("#export-path", Input)


def error_line(app: CsMaturityApp) -> str:
    return str(app.screen.query_one("#export-error", Static).render())


@pytest.mark.parametrize(("keys", "fmt"), [((), "md"), (("t",), "toml"), (("t", "m"), "md")])
async def test_export_from_home_each_format(
    store: Store, tmp_path: Path, keys: tuple[str, ...], fmt: str, toasts: list[str]
) -> None:
    add_assessment(store, CLIENT, id=AID, date=DATE)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("x", *keys)
        assert isinstance(app.screen, ExportScreen)
        assert path_box(app).value == f"{NAME}.{fmt}"  # from client and date
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)  # dismissed
        written = tmp_path / f"{NAME}.{fmt}"
        # the same bytes as `csmaturity export ID --format FMT`
        assert written.read_bytes() == services.render(store, AID, fmt).encode("utf-8")
        assert files(tmp_path) == {written.name}
        assert f"Exported to {written}" in toasts  # the full path


async def test_keys_typed_before_the_dialog_has_focus_are_not_lost(
    store: Store, tmp_path: Path
) -> None:
    add_assessment(store, CLIENT, id=AID, date=DATE)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # as a fast typist (or a paste) sends them: no wait between the keys, so `t`
        # and `enter` reach the dialog before it is mounted or has its focus
        for key, char in (("x", "x"), ("t", "t"), ("enter", "\r")):
            app.post_message(events.Key(key, char))
        await settle(pilot)
        assert files(tmp_path) == {f"{NAME}.toml"}


async def test_export_from_the_flow(store: Store, tmp_path: Path) -> None:
    add_assessment(store, CLIENT, id=AID, date=DATE)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        await pilot.press("3", "2")  # two answers: the export carries them
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("t", "enter")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)  # back where the export started
        text = (tmp_path / f"{NAME}.toml").read_text(encoding="utf-8")
        assert text == services.render(store, AID, "toml")
        assert text.count("[[answers]]") == 2


async def test_export_from_the_dashboard(store: Store, tmp_path: Path) -> None:
    add_assessment(store, CLIENT, id=AID, date=DATE)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await settle(pilot)
        dashboard = app.screen
        assert type(dashboard).__name__ == "DashboardScreen"
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dashboard
        md = (tmp_path / f"{NAME}.md").read_bytes()
        assert md == services.render(store, AID, "md").encode("utf-8")


async def test_the_name_follows_the_format_until_edited(store: Store, tmp_path: Path) -> None:
    add_assessment(store, CLIENT, id=AID, date=DATE)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("x", "t")
        assert path_box(app).value == f"{NAME}.toml"
        await pilot.press("up")  # the arrows pick too
        assert path_box(app).value == f"{NAME}.md"
        await pilot.press("tab")
        assert path_box(app).has_focus
        await pilot.press("end", "backspace", "backspace", *"txt")
        assert path_box(app).value == f"{NAME}.txt"
        await pilot.press("shift+tab", "t")  # edited: the name is the user's now
        assert path_box(app).value == f"{NAME}.txt"
        await pilot.press("enter")
        await settle(pilot)
        assert (tmp_path / f"{NAME}.txt").read_bytes() == services.render(
            store, AID, "toml"
        ).encode("utf-8")


async def test_a_click_picks_the_format_and_its_button_stays_on(store: Store) -> None:
    from textual.widgets import RadioButton

    from csmaturity_tui.tui.screens.export import FormatChoice

    add_assessment(store, CLIENT, id=AID, date=DATE)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        choice = app.screen.query_one(FormatChoice)
        markdown, toml = choice.query(RadioButton)
        await pilot.click(toml)
        await pilot.pause()
        assert choice.index == 1
        assert (markdown.value, toml.value) == (False, True)
        assert toml.has_class("-selected") and not markdown.has_class("-selected")
        assert path_box(app).value == f"{NAME}.toml"
        await pilot.click(toml)  # clicked again: still on
        await pilot.pause()
        assert (choice.index, toml.value) == (1, True)
        assert choice.has_focus  # a click focuses the choice, as a RadioSet's does
        await pilot.press("m")
        assert (choice.index, markdown.value, toml.value) == (0, True, False)
        assert path_box(app).value == f"{NAME}.md"


async def test_an_existing_file_is_kept_on_no_and_replaced_on_yes(
    store: Store, tmp_path: Path
) -> None:
    add_assessment(store, CLIENT, id=AID, date=DATE)
    target = tmp_path / f"{NAME}.md"
    target.write_bytes(b"old report\n")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("x", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # asks first
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert target.read_bytes() == b"old report\n"
        assert "already exists; not overwritten" in error_line(app)
        assert files(tmp_path) == {target.name}  # no temporary file left
        await pilot.press("enter")  # the path box has focus: asks again
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # escape is a no too
        await pilot.pause()
        assert target.read_bytes() == b"old report\n"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert target.read_bytes() == services.render(store, AID, "md").encode("utf-8")


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("no-such-folder/report.md", "does not exist"),
        ("sub", "is a directory"),
        ("", "Give a file name"),
        ("plain.txt/report.md", "is not a folder"),
    ],
)
async def test_a_bad_path_shows_one_line_and_writes_nothing(
    store: Store, tmp_path: Path, path: str, problem: str
) -> None:
    add_assessment(store, CLIENT, id=AID, date=DATE)
    (tmp_path / "sub").mkdir()
    (tmp_path / "plain.txt").write_text("x")
    before = files(tmp_path)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("x", "tab")
        path_box(app).value = path
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)  # still open, to fix the path
        line = error_line(app)
        assert problem in line
        assert "\n" not in line.strip()
        assert files(tmp_path) == before
        assert not list((tmp_path / "sub").iterdir())
        await pilot.press("end", "x")  # editing clears the message
        assert error_line(app).strip() == ""


async def test_escape_cancels_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    add_assessment(store, CLIENT, id=AID, date=DATE)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("x", "t", "escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert files(tmp_path) == set()


async def test_x_does_nothing_harmful_on_an_empty_home(store: Store, tmp_path: Path) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert files(tmp_path) == set()


async def test_export_is_in_the_palette_of_home(store: Store) -> None:
    from csmaturity_tui.tui.palette import ScreenCommands

    add_assessment(store, CLIENT, id=AID, date=DATE)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        provider = ScreenCommands(app.screen)
        names = [name for name, *_rest in provider._commands()]
        assert "Export" in names


# -- snapshots -------------------------------------------------------------------------


SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 36), id="120x36")]


@pytest.mark.usefixtures("fixed_stamps")
@pytest.mark.parametrize("size", SIZES)
def test_export_dialog_snapshot(
    snap_compare: SnapCompare,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    # a fixed folder in the dialog's "relative to" line (tmp_path differs per run)
    monkeypatch.setattr(export_mod, "working_folder", lambda: Path("/home/cs/reports"))
    with Store.open(tmp_path / "snap.db") as store:
        add_assessment(store, CLIENT, id=AID, date=DATE)

        async def open_dialog(pilot: Pilot[Any]) -> None:
            await pilot.pause()
            await pilot.press("x", "t")
            path_box(pilot.app).cursor_blink = False  # type: ignore[arg-type]
            await pilot.pause()

        assert snap_compare(make_app(store), terminal_size=size, run_before=open_dialog)


@pytest.mark.parametrize("fmt", ["md", "toml"])
async def test_in_browser_mode_the_export_goes_to_the_browser(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, toasts: list[str]
) -> None:
    """Under `csmaturity serve` the app runs on the server: the file is delivered to the
    user's browser (Textual's deliver_text), never written on the server."""
    add_assessment(store, CLIENT, id=AID, date=DATE)
    monkeypatch.setattr(CsMaturityApp, "is_web", property(lambda self: True))
    sent: list[tuple[str, dict[str, Any]]] = []

    def deliver_text(self: CsMaturityApp, file: Any, **kw: Any) -> str:
        sent.append((file.read(), kw))
        return "key"

    monkeypatch.setattr(CsMaturityApp, "deliver_text", deliver_text)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("x", *(("t",) if fmt == "toml" else ()))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert files(tmp_path) == set()  # nothing written on the server
        [(text, kw)] = sent
        assert text == services.render(store, AID, fmt)  # the CLI's bytes
        assert kw["save_filename"] == f"{NAME}.{fmt}"
        assert f"Sent {NAME}.{fmt} to your browser" in toasts


async def test_h_adds_the_answer_history_to_the_markdown_only(store: Store, tmp_path: Path) -> None:
    add_assessment(store, CLIENT, id=AID, date=DATE)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("3", "ctrl+z", "x", "h", "enter")  # two changes, then the export
        await settle(pilot)
        text = (tmp_path / f"{NAME}.md").read_text(encoding="utf-8")
        assert text == services.render(store, AID, "md", with_history=True)
        assert "| undone |" in text
        await pilot.press("x", "h", "t", "h", "enter")  # TOML: the history is not offered
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
        toml = (tmp_path / f"{NAME}.toml").read_text(encoding="utf-8")
        assert toml == services.render(store, AID, "toml")
