"""Home: the assessments in the database, and the keys to start or open one.

Imports only Textual at module level (start-up speed): the store, the rubric
and the other screens are imported where they are used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

if TYPE_CHECKING:
    from csmaturity_tui.store import AssessmentRow
    from csmaturity_tui.tui.app import CsMaturityApp

EMPTY_TEXT = (
    "[b]No assessments yet.[/b]\n\n"
    "Press [b reverse] n [/] to start a new assessment,\n"
    "or [b reverse] D [/] to load a demo assessment and look around.\n\n"
    "[dim]? lists every key · ctrl+p finds any command · q quits[/dim]"
)
# Rows added before the first paint (at most a screenful: FIRST_ROWS or the terminal's
# height, whichever is less); the rest follow in batches after it (start-up with
# thousands of assessments stays as fast as with a few: see bench/README.md).
FIRST_ROWS = 120
ROW_BATCH = 500


@dataclass
class DemoLoaded(Message):
    assessment_id: str


@dataclass
class DemoFailed(Message):
    text: str


class AssessmentTable(DataTable[Text]):
    """The assessments; enter opens the one under the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "screen.open", "Open")]


class HomeScreen(Screen[None]):
    """The list of assessments."""

    # home.tcss is loaded by the app (home is its default screen, whose CSS_PATH
    # Textual does not read).
    AUTO_FOCUS = "#assessments"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New"),
        Binding("enter", "open", "Open"),
        Binding("d", "dashboard", "Dashboard"),
        Binding("x", "export", "Export", tooltip="Export as Markdown or TOML"),
        Binding("D", "demo", "Demo", key_display="D"),
        Binding("r", "reassess", "Re-assess", show=False, tooltip="Re-assess: a new dated copy"),
        Binding("a", "archive", "Archive", show=False, tooltip="Archive or restore"),
        Binding("e", "edit", "Edit details", show=False),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[AssessmentRow] = []
        self._fill_generation = 0
        self._client_width = 0
        self._width_filled = 0
        self._just_mounted = False

    @property
    def capp(self) -> CsMaturityApp:
        return cast("CsMaturityApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        box = Input(placeholder="Filter: client, scope, date or status", id="filter")
        box.display = False
        yield box
        yield AssessmentTable(id="assessments", cursor_type="row", zebra_stripes=True)
        yield Static(EMPTY_TEXT, id="empty")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Assessments"
        self.refresh_rows()
        self._just_mounted = True

    def on_screen_resume(self) -> None:
        if self._just_mounted:  # the first resume follows on_mount: the rows are fresh
            self._just_mounted = False
            return
        self.refresh_rows(self.selected_id())

    # -- the table -------------------------------------------------------------------

    def refresh_rows(self, select: str | None = None) -> None:
        self._rows = self.capp.store.list_assessments()
        self._fill(select)

    def _fill(self, select: str | None = None) -> None:
        table: DataTable[Text] = self.query_one(DataTable)
        needle = self.query_one("#filter", Input).value.strip().casefold()
        rows = [r for r in self._rows if not needle or needle in _haystack(r)]
        self._set_columns(table)
        self._width_filled = self.app.size.width
        self._fill_generation += 1
        ids = [r.id for r in rows]
        first = max(1, min(FIRST_ROWS, self.app.size.height))
        if select is not None and select in ids[first:]:
            first = len(rows)  # the row to select comes late: add every row now
        self._add_rows(table, rows[:first])
        if rows[first:]:
            self.call_after_refresh(self._add_later, self._fill_generation, rows[first:])
        empty = not self._rows
        table.display = not empty
        self.query_one("#empty").display = empty
        if select is not None and select in ids:
            table.move_cursor(row=ids.index(select))
        if not empty and not self.query_one("#filter", Input).has_focus:
            table.focus()

    def _set_columns(self, table: DataTable[Text]) -> None:
        """Fixed columns; the client's takes the width that is left (no sideways scroll)."""
        table.clear(columns=True)
        fixed = {"Date": 10, "Status": 8, "Progress": 8, "Overall": 7}
        # each column has one cell of padding on both sides; 2 more for the scrollbar
        left = self.app.size.width - sum(fixed.values()) - 2 * (len(fixed) + 1) - 2
        self._client_width = max(12, left)
        table.add_column("Client", key="client", width=self._client_width)
        for name, width in fixed.items():
            table.add_column(name, key=name.lower(), width=width)

    def on_resize(self) -> None:
        if self.is_mounted and self._rows and self.app.size.width != self._width_filled:
            self._fill(self.selected_id())

    @staticmethod
    def _add_rows(table: DataTable[Text], rows: list[AssessmentRow]) -> None:
        from csmaturity_tui.export.fmt import one_line, pct, score

        for row in rows:
            client = row.client if not row.scope else f"{row.client} · {row.scope}"
            style = "dim" if row.status == "archived" else ""
            table.add_row(
                Text(one_line(client), style=style, no_wrap=True, overflow="ellipsis"),
                Text(row.date, style=style),
                Text(row.status, style=style),
                Text(pct(row.progress), style=style, justify="right"),
                Text(score(row.overall), style=style, justify="right"),
                key=row.id,
            )

    def _add_later(self, generation: int, rows: list[AssessmentRow]) -> None:
        """The rows past the first screens, a batch per refresh (keys stay responsive)."""
        if generation != self._fill_generation:
            return  # the table was refilled meanwhile
        self._add_rows(self.query_one(DataTable), rows[:ROW_BATCH])
        if rows[ROW_BATCH:]:
            self.call_after_refresh(self._add_later, generation, rows[ROW_BATCH:])

    def selected_id(self) -> str | None:
        table: DataTable[Text] = self.query_one(DataTable)
        if not table.row_count or not table.display:
            return None
        row_key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key
        return row_key.value

    def _selected_row(self) -> AssessmentRow | None:
        wanted = self.selected_id()
        return next((r for r in self._rows if r.id == wanted), None)

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    # -- filter ----------------------------------------------------------------------

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self._fill(self.selected_id())

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.display = False
        self._fill(self.selected_id())
        self.query_one(DataTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return self.query_one("#filter", Input).display
        if action in {"open", "reassess", "archive", "edit", "dashboard", "export"}:
            return bool(self._rows)
        return True

    # -- actions ---------------------------------------------------------------------

    def action_new(self) -> None:
        from csmaturity_tui.tui.screens.form import AssessmentForm

        def created(new_id: str | None) -> None:
            if new_id:
                self.refresh_rows(new_id)
                self.capp.open_assessment(new_id)

        self.app.push_screen(AssessmentForm(), created)

    def action_open(self) -> None:
        assessment_id = self.selected_id()
        if assessment_id is None:
            self.notify("Nothing to open yet: press n for a new assessment or D for the demo.")
            return
        self.capp.open_assessment(assessment_id)

    def action_dashboard(self) -> None:
        assessment_id = self.selected_id()
        if assessment_id is None:
            self.notify("No assessment to show: press n for a new assessment or D for the demo.")
            return
        self.capp.open_dashboard(assessment_id)

    def action_export(self) -> None:
        assessment_id = self.selected_id()
        if assessment_id is None:
            self.notify("No assessment to export: press n for a new assessment or D for the demo.")
            return
        self.capp.open_export(assessment_id)

    def action_edit(self) -> None:
        from csmaturity_tui.tui.screens.form import AssessmentForm

        assessment_id = self.selected_id()
        if assessment_id is None:
            return
        _rubric, assessment = self.capp.store.load(assessment_id)

        def saved(done: str | None) -> None:
            if done:
                self.refresh_rows(done)

        self.app.push_screen(AssessmentForm(assessment), saved)

    def action_reassess(self) -> None:
        from csmaturity_tui.tui.screens.dialogs import ChoiceScreen

        row = self._selected_row()
        if row is None:
            return
        today = self.capp.clock().date().isoformat()

        def chosen(key: str | None) -> None:
            if key is None:
                return
            new_id = self.capp.store.duplicate(row.id, copy_answers=key == "c", date=today)
            self.refresh_rows(new_id)
            self.notify(f"New assessment of {row.client} dated {today}.", markup=False)

        question = (
            f"Re-assess [b]{escape(row.client)}[/b]: a new draft dated {today}, same baseline.\n"
            "Start from a copy of the current answers, or empty?"
        )
        self.app.push_screen(
            ChoiceScreen(question, [("c", "copy answers"), ("e", "empty")]), chosen
        )

    def action_archive(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        if row.status == "archived":
            self.capp.store.unarchive(row.id)
            self.notify(f"{row.client} restored.", markup=False)
        else:
            self.capp.store.archive(row.id)
            self.notify(f"{row.client} archived (press a again to restore).", markup=False)
        self.refresh_rows(row.id)

    async def action_quit(self) -> None:
        self.app.exit()

    # -- the demo --------------------------------------------------------------------

    def action_demo(self) -> None:
        self.notify("Loading the demo…", timeout=2)
        self._load_demo()

    @work(thread=True, exclusive=True, group="demo")
    def _load_demo(self) -> None:
        try:
            from csmaturity_tui import commands
        except ImportError:
            self.post_message(DemoFailed("The demo is not available in this build."))
            return
        load_demo = getattr(commands, "load_demo", None)
        if load_demo is None:
            self.post_message(DemoFailed("The demo is not available in this build."))
            return
        from csmaturity_tui.store import Store, StoreError

        try:
            with Store.open(self.capp.store.path) as store:
                new_id = str(load_demo(store))
        except StoreError as exc:
            self.post_message(DemoFailed(str(exc)))
            return
        self.post_message(DemoLoaded(new_id))

    def on_demo_loaded(self, message: DemoLoaded) -> None:
        self.refresh_rows(message.assessment_id)
        self.notify("Demo loaded: press enter to open it.")

    def on_demo_failed(self, message: DemoFailed) -> None:
        self.notify(message.text, severity="error", timeout=6, markup=False)


def _haystack(row: AssessmentRow) -> str:
    return f"{row.client} {row.scope} {row.date} {row.status}".casefold()
