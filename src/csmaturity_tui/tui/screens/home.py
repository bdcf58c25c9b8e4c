"""Home: the assessments in the database, and the keys to start or open one.

Imports only Textual at module level (start-up speed): the store, the rubric
and the other screens are imported where they are used.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.coordinate import Coordinate
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from csmaturity_tui import services
from csmaturity_tui.tui.palette import JumpTarget
from csmaturity_tui.tui.show import markup
from csmaturity_tui.tui.textual_private import FixedWidthTable
from csmaturity_tui.tui.widgets.footer import FittedFooter

if TYPE_CHECKING:
    from pathlib import Path

    from csmaturity_tui.engine.compare import Comparison
    from csmaturity_tui.model import Assessment
    from csmaturity_tui.store import AssessmentRow, Store
    from csmaturity_tui.tui.shell import Shell

EMPTY_TEXT = (
    "[b]No assessments yet.[/b]\n\n"
    "Press [b reverse] n [/] to start a new assessment,\n"
    "or [b reverse] D [/] to load a demo assessment and look around.\n\n"
    "[dim]? lists every key · ctrl+p finds any command · q quits[/dim]"
)


def no_match_text(typed: str) -> str:
    """Home's message when the filter keeps no row (the typed text shown as typed)."""
    return (
        f"[b]No assessment matches “{markup(typed)}”.[/b]\n\n"
        "Press [b reverse] escape [/] to clear the filter, or change what you typed."
    )


# Rows added before the first paint (at most a screenful: FIRST_ROWS or the terminal's
# height, whichever is less); CHUNK more after it, and CHUNK more each time the cursor
# or the scroll comes within two screens of the last row added (the table holds the
# rows near the screen, not the whole book: start-up, memory and a cleared filter stay
# the same with 10,000 assessments as with a few: see bench/README.md). Every row is
# listed in ``_rows``; the table is fed from it.
FIRST_ROWS = 120
CHUNK = 500
COLUMN_KEYS = ("client", "id", "date", "updated", "status", "progress", "overall")
# (header, width) of each column after the client's; the client takes what is left.
# "ID" is the id's first 8 characters (two rounds of a client on one date differ there),
# "Done" the share of the rubric's elements answered or N/A (as the flow's progress),
# "Score" the overall score.
FIXED_COLUMNS: tuple[tuple[str, int], ...] = (
    ("ID", 8),
    ("Date", 10),
    ("Updated", 12),
    ("Status", 8),
    ("Done", 6),
    ("Score", 5),
)


# A client name longer than this is not asked for as the delete confirmation
# (the first 8 characters of the id are).
CONFIRM_NAME_MAX = 32


class AssessmentTable(FixedWidthTable[Text]):
    """The assessments; enter opens the one under the cursor.

    Every column has a fixed width and every row one line, no label: no new row is
    measured (FixedWidthTable); ``show_order`` reorders rows without re-adding any.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "screen.open", "Open")]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # set by home: feed more rows (near the end), or every row (before the bottom)
        self.feed: Callable[[bool], None] | None = None

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self.feed is not None and new_value + 2 * self.size.height >= self.row_count:
            self.feed(False)

    def action_scroll_bottom(self) -> None:
        if self.feed is not None:
            self.feed(True)
        super().action_scroll_bottom()


class HomeScreen(Screen[None]):
    """The list of assessments."""

    HELP_TITLE = "Home"
    LEGEND: ClassVar[tuple[tuple[str, str], ...]] = (
        (
            "ID",
            "the first 8 characters of the assessment's id: two rounds of a client "
            "on one date differ there",
        ),
        ("Updated", "when it last changed, local time (the year shown when not this one)"),
        ("Done", "its elements answered or N/A, AI-readiness layer included (the flow's figure)"),
        ("Score", "the overall score on the scale; — when nothing is scored yet"),
        ("dim row", "archived (a restores it)"),
    )
    # home.tcss is loaded by the app (home is its default screen, whose CSS_PATH
    # Textual does not read).
    AUTO_FOCUS = "#assessments"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New"),
        Binding("enter", "open", "Open"),
        Binding("d", "dashboard", "Dashboard"),
        Binding("x", "export", "Export", tooltip="Export as Markdown or TOML"),
        Binding(
            "r",
            "reassess",
            "Re-assess",
            show=False,
            tooltip="Re-assess: the next round of this client",
        ),
        Binding(
            "w",
            "what_changed",
            "Changes",
            tooltip="What changed since the client's previous round",
        ),
        Binding(
            "equals_sign",
            "compare",
            "Compare",
            key_display="=",
            tooltip="Compare two rounds: = on one, then = on the other",
        ),
        Binding("t", "trend", "Trend", tooltip="The client's rounds over time"),
        Binding("D", "demo", "Demo", key_display="D", tooltip="Load the demo assessment"),
        Binding("a", "archive", "Archive", show=False, tooltip="Archive or restore"),
        Binding("e", "edit", "Edit details", show=False),
        Binding(
            "c",
            "complete",
            "Mark complete / draft",
            show=False,
            tooltip="Mark complete, or back to draft",
        ),
        Binding(
            "m",
            "move",
            "Move to the current rubric",
            show=False,
            tooltip="Move to the current rubric (answers carried by element id)",
        ),
        Binding(
            "delete",
            "delete",
            "Delete permanently",
            show=False,
            tooltip="Delete permanently, with its answers and history (asks first)",
        ),
        Binding(
            "i",
            "import_files",
            "Import / merge",
            show=False,
            tooltip="Import exported files; several assessors' copies of one assessment merge",
        ),
        Binding(
            "u",
            "assessor",
            "Your name",
            show=False,
            tooltip="Your name as assessor, stamped on your answers (kept in this database)",
        ),
        Binding("slash", "filter", "Filter", key_display="/"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, shell: Shell) -> None:
        super().__init__()
        self.shell = shell
        self._compare_with: AssessmentRow | None = None  # the round = marked to compare
        self._rows: list[AssessmentRow] = []
        # the cells of each row drawn so far (a refill re-adds them, never rebuilds them)
        self._cells: dict[str, tuple[AssessmentRow, tuple[Text, ...]]] = {}
        # every assessment listed (False while only the first screenful is)
        self._listed_all = False
        # the newest ``updated`` listed: returning home reads only what changed since
        self._seen = ""
        # the rows the table is fed from, in order (``_rows``, or those the filter keeps);
        # the table holds a prefix of them
        self._shown: list[AssessmentRow] = []
        self._client_width = 0
        self._width_filled = 0
        self._just_mounted = False

    def compose(self) -> ComposeResult:
        yield Header()
        box = Input(placeholder="Filter: client, scope, date or status", id="filter")
        box.display = False
        yield box
        yield AssessmentTable(id="assessments", cursor_type="row", zebra_stripes=True)
        yield Static(EMPTY_TEXT, id="empty")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.sub_title = "Assessments"
        self._just_mounted = True
        # The first screenful from the ``updated`` index; the rest after the first paint.
        first = self._first_rows()
        store = self.shell.store
        if not self.shell.guard(lambda: store.list_assessments(limit=first), self._show_first):
            return
        if len(self._rows) < first:
            self._listed_all = True
            self._show_overall_later(self._rows)
        else:
            self.call_after_refresh(
                self.shell.background, store.list_assessments, self._show_all, group="list"
            )

    def on_screen_resume(self) -> None:
        if self._just_mounted:  # the first resume follows on_mount: the rows are fresh
            self._just_mounted = False
            return
        if not self._listed_all:
            self.refresh_rows(self.selected_id())
            return
        store, since = self.shell.store, self._seen
        self.shell.guard(
            lambda: (store.count_assessments(), store.list_assessments(since=since)),
            lambda found: self._show_changes(*found),
        )

    # -- the table -------------------------------------------------------------------

    def _first_rows(self) -> int:
        return max(1, min(FIRST_ROWS, self.app.size.height))

    def _show_first(self, rows: list[AssessmentRow]) -> None:
        self._fill(None, rows)
        self._listed_all = False

    def _show_all(self, rows: list[AssessmentRow]) -> None:
        """Every assessment, after the first paint: the rows past the first screenful."""
        if self._listed_all:
            return  # listed again meanwhile (a key's refresh): that list is newer
        shown = [r.id for r in self._rows]
        if self._needle() or shown != [r.id for r in rows[: len(shown)]]:
            self._show(rows, self.selected_id())
            return
        self._rows = self._shown = rows
        self._listed_all = True
        self._seen = rows[0].updated if rows else ""
        self._feed_to(CHUNK)
        self._show_overall_later(rows)

    def _feed(self, everything: bool) -> None:
        """More rows into the table: CHUNK more when the cursor or the scroll is within
        two screens of the last one added; every row before a jump to the bottom."""
        table = self.query_one(AssessmentTable)
        if everything:
            self._feed_to(len(self._shown))
        elif max(table.cursor_row, int(table.scroll_y)) + 2 * table.size.height >= (
            table.row_count
        ):
            self._feed_to(table.row_count + CHUNK)

    def _feed_to(self, count: int) -> None:
        table = self.query_one(AssessmentTable)
        if len(table.columns) != len(COLUMN_KEYS):
            return  # being refilled (clearing it scrolls it to the top): rows follow
        if table.row_count < count:
            self._add_rows(table, self._shown[table.row_count : count])

    @on(DataTable.RowHighlighted)
    def _row_highlighted(self) -> None:
        self._feed(False)

    def _show_changes(self, count: int, changed: list[AssessmentRow]) -> None:
        """Back home: only the rows changed since the last list are redrawn and moved up.

        An assessment added or deleted (by this or another instance) lists them all again.
        """
        index = {r.id: i for i, r in enumerate(self._rows)}
        fresh = [r for r in changed if r.id not in index or self._rows[index[r.id]] != r]
        if not fresh:
            return
        select = self.selected_id()
        if count != len(self._rows) or any(r.id not in index for r in fresh):
            self.refresh_rows(select)
            return
        ids = {r.id for r in fresh}
        self._rows = fresh + [r for r in self._rows if r.id not in ids]
        self._seen = max(self._seen, *(r.updated for r in fresh))
        table = self.query_one(AssessmentTable)
        if self._needle():
            self._fill(select)
        else:
            # The table held a prefix of the old order, and so holds a prefix of the new
            # one once the changed rows it lacked are added: none is re-added.
            self._shown = self._rows
            for row in fresh:
                if row.id not in table.rows:
                    table.add_row(*self._cells_of(row), key=row.id)
                    continue
                cells = self._cells_of(row)
                for key, cell in zip(COLUMN_KEYS, cells, strict=True):
                    table.update_cell(row.id, key, cell)
            order = [r.id for r in self._rows[: table.row_count]]
            table.show_order(order)
            if select is not None and select in order:
                table.move_cursor(row=order.index(select))
        self._show_overall_later(fresh)

    def refresh_rows(self, select: str | None = None) -> None:
        # on a StoreError (said on screen), the rows shown stay
        self.shell.guard(self.shell.store.list_assessments, lambda rows: self._show(rows, select))

    def _show(self, rows: list[AssessmentRow], select: str | None) -> None:
        """Fill the table; the overall scores a change cleared follow from a worker."""
        self._fill(select, rows)
        self._listed_all = True
        self._seen = rows[0].updated if rows else ""
        self._show_overall_later(rows)

    def _show_overall_later(self, rows: list[AssessmentRow]) -> None:
        todo = [r for r in rows if services.stale(r)]
        if todo:
            store = self.shell.store
            self.shell.background(
                lambda: services.with_overall(store, todo), self._show_overall, group="overall"
            )

    def _show_overall(self, result: tuple[list[AssessmentRow], list[str]]) -> None:
        rows, problems = result
        for problem in problems:
            self.notify(problem, severity="error", timeout=8, markup=False)
        fresh = {r.id: r for r in rows if r.overall is not None}
        table: DataTable[Text] = self.query_one(DataTable)
        for i, row in enumerate(self._rows):
            new = fresh.get(row.id)
            if new is None or new.updated != row.updated:
                continue  # changed again meanwhile: its own refresh follows
            self._rows[i] = new
            if new.id in table.rows:
                cells = self._cells_of(new)
                table.update_cell(new.id, "overall", cells[-1])

    def _fill(
        self,
        select: str | None = None,
        rows: list[AssessmentRow] | None = None,
        *,
        near_only: bool = False,
    ) -> None:
        """List ``rows`` (or the kept ones) through the filter, ``select`` selected.

        The table is fed a prefix of the list, so keeping a row selected means adding
        every row before it. With ``near_only`` (the filter changed or was cleared) the
        selection is kept only when it lies within a chunk of the first screenful;
        otherwise the cursor goes to the top: clearing a filter that had found an old
        assessment in a book of 10,000 must not list all 10,000 before the next paint.
        """
        if rows is not None:
            self._rows = rows
        table = self.query_one(AssessmentTable)
        table.feed = self._feed
        needle = self._needle()
        rows = [r for r in self._rows if not needle or needle in _haystack(r)]
        self._shown = rows
        self._set_columns(table)
        self._width_filled = self.app.size.width
        ids = [r.id for r in rows]
        first = self._first_rows()
        if select is not None and select in ids[first:]:
            if near_only and ids.index(select) >= first + CHUNK:
                select = None  # far down the list: the top instead (see above)
            else:
                first = ids.index(select) + CHUNK  # the row to select comes late: add it now
        self._add_rows(table, rows[:first])
        if rows[first:]:
            self.call_after_refresh(self._feed_to, first + CHUNK)
        empty = not self._rows
        self._show_empty(kept=bool(rows))
        if select is not None and select in ids:
            table.move_cursor(row=ids.index(select))
        if not empty and not self.query_one("#filter", Input).has_focus:
            table.focus()

    def _show_empty(self, *, kept: bool) -> None:
        """The table while it has rows; else what is empty: the book, or the filter's view."""
        self.query_one(AssessmentTable).display = kept
        note = self.query_one("#empty", Static)
        note.display = not kept
        if not kept:
            typed = self.query_one("#filter", Input).value.strip()
            note.update(no_match_text(typed) if self._rows else EMPTY_TEXT)

    def _needle(self) -> str:
        return self.query_one("#filter", Input).value.strip().casefold()

    def _set_columns(self, table: DataTable[Text]) -> None:
        """Fixed columns; the client's takes the width that is left (no sideways scroll)."""
        table.clear(columns=True)
        fixed = sum(width for _name, width in FIXED_COLUMNS)
        # each column has one cell of padding on both sides; 1 more for the scrollbar
        left = self.app.size.width - fixed - 2 * (len(FIXED_COLUMNS) + 1) - 1
        self._client_width = max(12, left)
        table.add_column("Client", key=COLUMN_KEYS[0], width=self._client_width)
        for (name, width), key in zip(FIXED_COLUMNS, COLUMN_KEYS[1:], strict=True):
            table.add_column(name, key=key, width=width)

    def on_resize(self) -> None:
        if self.is_mounted and self._rows and self.app.size.width != self._width_filled:
            self._fill(self.selected_id())

    def _add_rows(self, table: DataTable[Text], rows: list[AssessmentRow]) -> None:
        for row in rows:
            table.add_row(*self._cells_of(row), key=row.id)

    def _cells_of(self, row: AssessmentRow) -> tuple[Text, ...]:
        """The row's cells, made once per row value (a refill or a filter re-adds them)."""
        from csmaturity_tui.presentation.fmt import one_line, pct, score

        made = self._cells.get(row.id)
        if made is not None and made[0] == row:
            return made[1]
        client = row.client if not row.scope else f"{row.client} · {row.scope}"
        style = "dim" if row.status == "archived" else ""
        cells = (
            Text(one_line(client), style=style, no_wrap=True, overflow="ellipsis"),
            Text(row.id[:8], style=style or "dim"),
            Text(row.date, style=style),
            Text(_when(row.updated, self.shell.clock()), style=style),
            Text(row.status, style=style),
            Text(pct(row.progress), style=style, justify="right"),
            Text(score(row.overall), style=style, justify="right"),
        )
        self._cells[row.id] = (row, cells)
        return cells

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
        self._fill(self.selected_id(), near_only=True)

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(DataTable).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = False
        self.query_one(DataTable).focus()
        box.value = ""  # with text in it, Input.Changed follows: _filter_changed refills

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return self.query_one("#filter", Input).display
        if action in {
            "open",
            "reassess",
            "archive",
            "edit",
            "dashboard",
            "export",
            "complete",
            "move",
            "delete",
            "what_changed",
            "compare",
            "trend",
        }:
            return bool(self._rows)
        return True

    # -- actions ---------------------------------------------------------------------

    def action_new(self) -> None:
        from csmaturity_tui.tui.screens.form import AssessmentForm

        def created(new_id: str | None) -> None:
            if new_id:
                self.refresh_rows(new_id)
                self.shell.open_assessment(new_id)

        self.app.push_screen(AssessmentForm(self.shell), created)

    def jump_targets(self) -> list[JumpTarget]:
        """Every assessment for the palette: client, scope, date and the id's first eight
        characters (two of one client on one date differ there); found by status too."""
        return [
            JumpTarget(
                " · ".join(x for x in (row.client, row.scope, row.date, row.id[:8]) if x),
                f"open it ({row.status})",
                partial(self.shell.open_assessment, row.id),
            )
            for row in self._rows
        ]

    def action_open(self) -> None:
        assessment_id = self.selected_id()
        if assessment_id is None:
            self.notify("Nothing to open yet: press n for a new assessment or D for the demo.")
            return
        self.shell.open_assessment(assessment_id)

    def action_dashboard(self) -> None:
        assessment_id = self.selected_id()
        if assessment_id is None:
            self.notify("No assessment to show: press n for a new assessment or D for the demo.")
            return
        self.shell.open_dashboard(assessment_id)

    def action_export(self) -> None:
        assessment_id = self.selected_id()
        if assessment_id is None:
            self.notify("No assessment to export: press n for a new assessment or D for the demo.")
            return
        self.shell.open_export(assessment_id)

    def action_edit(self) -> None:
        from csmaturity_tui.tui.screens.form import AssessmentForm

        assessment_id = self.selected_id()
        if assessment_id is None:
            return
        store = self.shell.store

        def saved(done: str | None) -> None:
            if done:
                self.refresh_rows(done)

        def edit(assessment: Assessment) -> None:
            self.app.push_screen(AssessmentForm(self.shell, assessment), saved)

        self.shell.background(
            lambda: services.open_assessment(store, assessment_id)[1], edit, group="load"
        )

    def action_reassess(self) -> None:
        from csmaturity_tui.tui.screens.dialogs import ChoiceScreen

        row = self._selected_row()
        if row is None:
            return
        today = self.shell.clock().date().isoformat()

        def chosen(key: str | None) -> None:
            if key is None:
                return

            def done(new_id: str) -> None:
                self.refresh_rows(new_id)
                carried = " (answers carried: confirm each)" if key == "c" else ""
                self.notify(f"Next round of {_named(row)} dated {today}{carried}.", markup=False)

            store, path = self.shell.store, self.shell.rubric_path

            def carry() -> str:
                # the next round of the series, on the current rubric (through its map)
                return services.reassess(store, row.id, services.load_rubric(path), date=today).id

            if key == "c":
                self.shell.guard(carry, done)
            else:
                self.shell.guard(
                    lambda: store.duplicate(row.id, copy_answers=False, date=today), done
                )

        question = (
            f"Re-assess [b]{markup(_named(row))}[/b]: the next round, a draft dated {today}, "
            "same baseline (to update).\nCarry the answers over (each to confirm), or "
            "start empty?"
        )
        self.app.push_screen(
            ChoiceScreen(question, [("c", "carry answers"), ("e", "empty")]), chosen
        )

    # -- rounds: what changed, compare, trend ------------------------------------------

    def action_what_changed(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        store = self.shell.store

        def shown(found: Comparison | None) -> None:
            if found is None:
                self.notify(
                    f"{_named(row)}: no earlier round of this client to compare with.",
                    markup=False,
                )
                return
            self.shell.open_compare(found)

        self.shell.background(lambda: services.since_last(store, row.id), shown, group="rounds")

    def action_compare(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        marked = self._compare_with
        if marked is None or marked.id == row.id:
            self._compare_with = row
            self.notify(
                f"Compare {_named(row)}: = again on another round.", markup=False, timeout=4
            )
            return
        self._compare_with = None
        store = self.shell.store

        def run() -> None:
            self.shell.background(
                lambda: services.compare(store, marked.id, row.id, any_client=True),
                self.shell.open_compare,
                group="rounds",
            )

        if marked.client.casefold() == row.client.casefold():
            run()
            return
        from csmaturity_tui.tui.screens.dialogs import ConfirmScreen

        question = (
            f"[b]{markup(_named(marked))}[/b] and [b]{markup(_named(row))}[/b] are rounds of "
            "different clients. Compare them anyway?"
        )
        self.app.push_screen(
            ConfirmScreen(question, yes="compare", no="cancel"),
            lambda key: run() if key == "y" else None,
        )

    def action_trend(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        store = self.shell.store
        self.shell.background(
            lambda: services.trend(store, row.id),
            lambda found: self.shell.open_trend(found, row.client),
            group="rounds",
        )

    def action_archive(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        store = self.shell.store
        if row.status == "archived":
            if self.shell.guard(lambda: store.unarchive(row.id)):
                self.notify(f"{_named(row)} restored.", markup=False)
        elif self.shell.guard(lambda: store.archive(row.id)):
            self.notify(f"{_named(row)} archived (press a again to restore).", markup=False)
        self.refresh_rows(row.id)

    def action_complete(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        if row.status == "archived":
            self.notify(f"{_named(row)} is archived: press a to restore it first.", markup=False)
            return
        if row.status == "complete":
            self._back_to_draft(row)
            return
        from csmaturity_tui.tui.screens.completion import ask_to_complete

        store = self.shell.store

        def go(element_id: str) -> None:  # the flow opens where the cursor is saved
            if self.shell.guard(lambda: store.set_cursor(row.id, element_id)):
                self.shell.open_assessment(row.id)

        def marked() -> None:
            self.refresh_rows(row.id)
            self.notify(f"{_named(row)} marked complete (c: back to draft).", markup=False)

        ask_to_complete(self, self.shell, row.id, go=go, marked=marked)

    def _back_to_draft(self, row: AssessmentRow) -> None:
        store = self.shell.store
        if not self.shell.guard(lambda: services.set_status(store, row.id, "draft")):
            return
        self.refresh_rows(row.id)
        self.notify(f"{_named(row)} back to draft.", markup=False)

    async def action_quit(self) -> None:
        self.app.exit()

    # -- permanent delete ------------------------------------------------------------

    def action_delete(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        store = self.shell.store
        self.shell.background(
            lambda: services.delete_losses(store, row.id),
            lambda losses: self._ask_delete(row, losses),
            group="home",
        )

    def _ask_delete(self, row: AssessmentRow, losses: services.Losses) -> None:
        from csmaturity_tui.presentation.fmt import one_line
        from csmaturity_tui.tui.screens.dialogs import PromptScreen

        client = one_line(row.client).strip()
        token = client if 0 < len(client) <= CONFIRM_NAME_MAX else row.id[:8]
        what = "the client name" if token == client else "the first 8 characters of its id"
        answers = _plural(losses.answers, "answer")
        changes = _plural(losses.changes, "recorded change")
        question = (
            f"[b]Delete permanently[/b] {markup(client or '(no client)')} · {row.date}\n\n"
            f"This removes the assessment, its baseline, its {answers} and their "
            f"history ({changes}). [b]It cannot be undone.[/b]\n"
            "To put it out of sight and keep it, press escape and archive it (a).\n\n"
            f"Type {what}, [b]{markup(token)}[/b], to confirm:"
        )

        def check(value: str) -> str | None:
            if value.strip() == token:
                return None
            return f"Not deleted: type {markup(token)} exactly, or press escape."

        def confirmed(value: str | None) -> None:
            if value is None:
                self.notify("Not deleted.", timeout=3)
                return
            self._delete(row)

        self.app.push_screen(
            PromptScreen(question, validate=check, submit="delete for good"),
            confirmed,
        )

    def _delete(self, row: AssessmentRow) -> None:
        store = self.shell.store
        if not self.shell.guard(lambda: store.delete(row.id, confirm=row.id)):
            return
        index = self.query_one(DataTable).cursor_row
        self.refresh_rows()
        table: DataTable[Text] = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=min(index, table.row_count - 1))
        self.notify(f"{_named(row) or row.id[:8]} ({row.date}) deleted.", markup=False)

    # -- move to the current rubric --------------------------------------------------

    def action_move(self) -> None:
        row = self._selected_row()
        if row is None:
            return
        store, path = self.shell.store, self.shell.rubric_path
        self.shell.background(
            lambda: _check_move(store, path, row.id),
            lambda checked: self._ask_move(row, checked),
            group="home",
        )

    def _ask_move(self, row: AssessmentRow, check: services.MoveCheck) -> None:
        from csmaturity_tui.tui.screens.dialogs import ConfirmScreen

        current, plan = check.target, check.plan()  # what the store's rebase will do
        if current is None or plan is None:
            self.notify(
                f"{_named(row)} is already on the current rubric ({check.pinned_label}).",
                markup=False,
            )
            return
        new_label = services.rubric_label(current)
        kept = (
            f"{_plural(len(plan.kept), 'answer')} will be kept aside, not scored: "
            + markup("; ".join(f"{e} ({why})" for e, why in plan.kept))
            + "."
            if plan.kept
            else "No answer is kept aside."
        )
        mapped = markup(", ".join(f"{old} → {new}" for old, new in plan.mapped))
        question = (
            f"Move [b]{markup(_named(row))}[/b] ({row.date})\n"
            f"from rubric {markup(check.pinned_label)}\n"
            f"to the current rubric {markup(new_label)}?\n\n"
            f"{_plural(len(plan.carried), 'answer')} carried by element id, "
            f"{len(plan.mapped)} through the rubric's map{f' ({mapped})' if mapped else ''}. "
            f"{kept}\n"
            "Scores are recomputed with the current rubric."
        )

        def chosen(key: str | None) -> None:
            if key == "y":
                self.notify("Moving…", timeout=2)
                store = self.shell.store
                self.shell.background(
                    lambda: [e for e, _why in services.move(store, row.id, current).kept],
                    lambda orphaned: self._moved(row, new_label, orphaned),
                    group="home",
                )

        self.app.push_screen(ConfirmScreen(question, yes="move", no="keep"), chosen)

    def _moved(self, row: AssessmentRow, label: str, orphaned: list[str]) -> None:
        from csmaturity_tui.tui.screens.dialogs import MessageScreen

        self.refresh_rows(row.id)
        if not orphaned:
            self.notify(f"{_named(row)} moved to {label}.", markup=False)
            return
        listed = markup(", ".join(orphaned))  # wraps: a long list stays on screen
        self.app.push_screen(
            MessageScreen(
                f"[b]{markup(_named(row))}[/b] moved to {markup(label)}.\n\n"
                f"{_plural(len(orphaned), 'answer')} kept from the earlier rubric "
                f"(not scored, never dropped): {listed}.\n\n"
                "Moving back to a rubric that has these elements restores them."
            )
        )

    # -- the demo --------------------------------------------------------------------

    def action_import_files(self) -> None:
        from csmaturity_tui.tui.screens.dialogs import PromptScreen
        from csmaturity_tui.tui.screens.merging import file_names, import_files

        def chosen(value: str | None) -> None:
            names = file_names(value or "")
            if isinstance(names, list) and names:
                store = self.shell.store
                self.shell.background(
                    lambda: import_files(store, names), self._imported, group="import"
                )

        self.app.push_screen(
            PromptScreen(
                "Files to import (TOML exports; several copies of one assessment merge):",
                validate=lambda v: n if isinstance(n := file_names(v), str) else None,
                placeholder="ann.toml bob.toml",
                submit="import",
            ),
            chosen,
        )

    def _imported(self, ids: list[str]) -> None:
        self.refresh_rows(ids[0] if ids else None)
        self.notify(f"Imported: {_plural(len(ids), 'assessment')}.")

    def action_assessor(self) -> None:
        from csmaturity_tui.tui.screens.dialogs import PromptScreen

        store = self.shell.store

        def chosen(value: str | None) -> None:
            if value is not None and self.shell.guard(lambda: services.set_assessor(store, value)):
                self.notify(f"Your answers are stamped {value or 'without a name'}.")

        def ask(name: str) -> None:
            self.app.push_screen(
                PromptScreen("Your name as assessor:", name, submit="keep"), chosen
            )

        self.shell.guard(store.assessor, ask)

    def action_demo(self) -> None:
        self.notify("Loading the demo…", timeout=2)
        store = self.shell.store
        self.shell.background(lambda: services.load_demo(store), self._demo_loaded, group="demo")

    def _demo_loaded(self, assessment_id: str) -> None:
        self.refresh_rows(assessment_id)
        self.notify("Demo loaded: press enter to open it.")


def _check_move(store: Store, rubric_path: Path | None, assessment_id: str) -> services.MoveCheck:
    """In a worker: whether the assessment is on the current rubric, and its answers."""
    try:
        current = services.load_rubric(rubric_path)
    except services.ServiceError as exc:
        raise services.ServiceError(f"The current rubric does not load: {exc}") from None
    return services.check_move(store, assessment_id, current)


def _named(row: AssessmentRow) -> str:
    """The client as a message or a dialog names it: one line, at most 60 characters."""
    from csmaturity_tui.presentation.fmt import clipped

    return clipped(row.client)


def _when(updated: str, now: dt.datetime) -> str:
    """When a row was last changed, in local time: ``18 Mar 17:42`` this year, else
    ``2025-03-20``; as stored when it is not a timestamp."""
    try:
        at = dt.datetime.fromisoformat(updated)
    except ValueError:
        return updated[:12]
    if at.tzinfo is not None:
        at = at.astimezone()  # the store keeps UTC; a person reads local time
    return at.strftime("%d %b %H:%M") if at.year == now.year else at.date().isoformat()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _haystack(row: AssessmentRow) -> str:
    return f"{row.client} {row.scope} {row.date} {row.status}".casefold()
