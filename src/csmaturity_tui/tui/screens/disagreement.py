"""The disagreement view: where an assessment's assessors disagree, widest spread first.

The list shows each conflict (an element whose assessors' levels differ, or N/A against
a level) with its spread and whether it is settled; below it, the selected element's
question and every assessor's level, confidence and note side by side, and how it is
settled. Keys settle the selected conflict: ``o`` choose one assessor's answer, ``c``
set a consensus level, ``s`` keep the spread with a note (the lower median of the
levels is scored). The settled answer is what the engine scores; each assessor's own
answer stays, and the change is in the answer's history.

Everything shown comes from ``services.disagreements``; the words are
:mod:`csmaturity_tui.presentation.assessors`', as in the Markdown report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from csmaturity_tui import services
from csmaturity_tui.model import Resolution, ResolutionKind, lower_median
from csmaturity_tui.presentation.assessors import (
    answer_level,
    lead,
    level_text,
    resolution_text,
)
from csmaturity_tui.presentation.fmt import clipped, one_line

if TYPE_CHECKING:
    from csmaturity_tui.engine.merge import Conflict
    from csmaturity_tui.tui.shell import Shell

__all__ = ["DisagreementScreen"]


class DisagreementScreen(Screen[None]):
    """The conflicts between an assessment's assessors, and keys to settle them."""

    CSS_PATH = "disagreement.tcss"
    HELP_TITLE = "Disagreements"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("o", "choose", "Choose one", tooltip="Score one assessor's answer"),
        Binding("c", "consensus", "Consensus", tooltip="Set the level the assessors agree on"),
        Binding("s", "spread", "Keep spread", tooltip="Keep the disagreement, with a note"),
    ]

    def __init__(self, shell: Shell, assessment_id: str) -> None:
        super().__init__()
        self.shell = shell
        self.assessment_id = assessment_id
        self.data: services.Disagreements | None = None

    def compose(self) -> ComposeResult:
        yield Static("Disagreements", id="dis-title")
        yield Static(id="dis-lead")
        table: DataTable[str | Text] = DataTable(
            id="dis-list", cursor_type="row", zebra_stripes=True
        )
        table.add_columns("Spread", "Element", "Levels given", "State")
        yield table
        with VerticalScroll(id="dis-detail"):
            yield Static(id="dis-element")
            yield Static(id="dis-views")
            yield Static(id="dis-state")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def reload(self, keep: str | None = None) -> None:
        """Read the conflicts again; the cursor stays on ``keep`` (an element id)."""
        self.shell.guard(
            lambda: services.disagreements(self.shell.store, self.assessment_id),
            lambda data: self._show(data, keep),
        )

    def _show(self, data: services.Disagreements, keep: str | None) -> None:
        self.data = data
        meta = data.assessment.meta
        self.query_one("#dis-title", Static).update(
            Text.assemble(
                ("Disagreements ", "bold"), (one_line(meta.client), "bold"), f"  {meta.date}"
            )
        )
        self.query_one("#dis-lead", Static).update(Text(lead(data.agreement, data.conflicts)))
        table = self.query_one("#dis-list", DataTable)
        table.clear()
        for c in data.conflicts:
            title = data.rubric.element_by_id[c.element_id].title
            given = " ".join("N/A" if a.is_na else str(a.level) for a in c.views if a.is_done)
            state = Text("open", style="bold yellow") if c.open else Text("settled", style="green")
            table.add_row(
                str(c.spread),
                Text(clipped(f"{c.element_id} {title}", 44)),
                given,
                state,
                key=c.element_id,
            )
        if not data.conflicts:
            table.add_row("", Text("The assessors agree on every element."), "", "")
        rows = [c.element_id for c in data.conflicts]
        if keep in rows:
            table.move_cursor(row=rows.index(keep))
        self._detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._detail()

    def _current(self) -> Conflict | None:
        if self.data is None or not self.data.conflicts:
            return None
        row = self.query_one("#dis-list", DataTable).cursor_row
        return self.data.conflicts[row] if 0 <= row < len(self.data.conflicts) else None

    def _detail(self) -> None:
        c, data = self._current(), self.data
        element, state = Text(), Text()
        views: Table | Text = Text()
        if c is not None and data is not None:
            e = data.rubric.element_by_id[c.element_id]
            element = Text.assemble(
                (f"{c.element_id} {one_line(e.title)}", "bold"), "\n", one_line(e.question)
            )
            views = _views_table(data, c)
            state = Text(
                resolution_text(data.rubric, c.resolution), style="dim" if c.open else "green"
            )
            if c.resolution is not None and c.resolution.note:
                state.append(f"\nNote: {one_line(c.resolution.note)}", style="")
        self.query_one("#dis-element", Static).update(element)
        self.query_one("#dis-views", Static).update(views)
        self.query_one("#dis-state", Static).update(state)

    # -- settling ------------------------------------------------------------------------

    def _settle(
        self, c: Conflict, kind: ResolutionKind, level: int | None, na: str | None, note: str
    ) -> None:
        r = Resolution(c.element_id, kind, level, na, note)
        if self.shell.guard(
            lambda: services.resolve_conflict(self.shell.store, self.assessment_id, r)
        ):
            self.reload(keep=c.element_id)

    def action_choose(self) -> None:
        from csmaturity_tui.tui.screens.dialogs import ChoiceScreen

        c, data = self._current(), self.data
        if c is None or data is None:
            return
        given = [a for a in c.views if a.is_done][:9]
        choices = [
            (str(i), f"{one_line(a.by)}: {answer_level(data.rubric, a)}")
            for i, a in enumerate(given, start=1)
        ]

        def picked(key: str | None) -> None:
            if key is not None:
                a = given[int(key) - 1]
                self._settle(c, "chosen", a.level, a.na_reason, f"{a.by}'s answer")

        self.app.push_screen(
            ChoiceScreen(f"Score whose answer to {c.element_id}?", choices), picked
        )

    def action_consensus(self) -> None:
        from csmaturity_tui.tui.screens.dialogs import ChoiceScreen, PromptScreen

        c, data = self._current(), self.data
        if c is None or data is None:
            return
        levels = [(str(s.level), s.name) for s in data.rubric.scale[:9]]

        def picked(key: str | None) -> None:
            if key is None:
                return

            def noted(note: str | None) -> None:
                if note is not None:
                    self._settle(c, "consensus", int(key), None, note)

            self.app.push_screen(
                PromptScreen(
                    f"Why level {level_text(data.rubric, int(key))}? (optional)", submit="settle"
                ),
                noted,
            )

        self.app.push_screen(
            ChoiceScreen(f"The assessors agree {c.element_id} is at:", levels), picked
        )

    def action_spread(self) -> None:
        from csmaturity_tui.tui.screens.dialogs import PromptScreen

        c, data = self._current(), self.data
        if c is None or data is None:
            return
        level = lower_median(a.level for a in c.views if a.level is not None)

        def noted(note: str | None) -> None:
            if note:
                self._settle(c, "spread", level, None, note)

        self.app.push_screen(
            PromptScreen(
                f"Keep the spread on {c.element_id} "
                f"({level_text(data.rubric, level)} scored): why?",
                validate=lambda v: None if v.strip() else "say why the spread is kept",
                submit="settle",
            ),
            noted,
        )

    def action_back(self) -> None:
        self.app.pop_screen()


def _views_table(data: services.Disagreements, c: Conflict) -> Table:
    """Every assessor's answer side by side: level, confidence, note."""
    table = Table(expand=True, show_edge=False, pad_edge=False)
    table.add_column("Assessor", no_wrap=True)
    table.add_column("Level", ratio=1)
    table.add_column("Confidence", no_wrap=True)
    table.add_column("Note", ratio=2)
    for a in c.views:
        table.add_row(
            Text(one_line(a.by)),
            Text(answer_level(data.rubric, a)),
            a.confidence,
            Text(one_line(a.note)),
        )
    return table
