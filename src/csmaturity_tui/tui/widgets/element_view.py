"""The right pane of the question flow: one element, or a dimension's summary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from rich.markup import escape
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static, TextArea

from csmaturity_tui.tui.widgets.element_tree import AI_SECTION, MARK_FLAG, is_done, mark

if TYPE_CHECKING:
    from csmaturity_tui.model import Answer
    from csmaturity_tui.rubric import Rubric


class NoteEditor(TextArea):
    """The note of the current element; the screen saves it on blur and ctrl+s."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "screen.save_note", "Save note"),
        Binding("escape", "screen.close_note", "Close note"),
    ]


class ElementView(VerticalScroll):
    """Question, evidence hint, the level descriptors (current one highlighted), state."""

    can_focus = False

    def __init__(self, rubric: Rubric, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rubric = rubric
        self._shown = ""

    def compose(self) -> ComposeResult:
        yield Static("", id="crumb")
        yield Static("", id="title")
        yield Static("", id="state")
        yield Static("", id="question")
        for level in self.rubric.scale:
            yield Static("", id=f"level-{level.level}", classes="level")
        yield Static("", id="note")
        yield NoteEditor(id="note-editor", soft_wrap=True, show_line_numbers=False)
        yield Static("", id="evidence")
        yield Static("", id="tagged")

    def _set(self, widget_id: str, text: str) -> None:
        widget = self.query_one(f"#{widget_id}", Static)
        widget.update(text)
        widget.display = bool(text)

    def show_element(
        self, element_id: str, dimension_id: str, answers: Mapping[str, Answer]
    ) -> None:
        rubric = self.rubric
        element = rubric.element_by_id[element_id]
        answer = answers.get(element_id)
        if element_id != self._shown:
            self._shown = element_id
            self.scroll_home(animate=False)
        if dimension_id and dimension_id in rubric.dimension_by_id:
            dim = rubric.dimension_by_id[dimension_id]
            area = getattr(element, "area", "AI readiness")
            crumb = f"{dim.name} › {area}"
        else:
            pillar = getattr(element, "pillar", "")
            crumb = "AI-readiness layer" + (f" › {pillar}" if pillar else "")
        self._set("crumb", escape(crumb))
        self._set("title", f"[b]{escape(element_id)}  {escape(element.title)}[/b]")
        self._set("question", escape(element.question))
        self._set(
            "evidence", f"[i]Evidence:[/i] {escape(element.evidence)}" if element.evidence else ""
        )
        current = answer.level if answer is not None else None
        for scale, descriptor in zip(rubric.scale, element.levels, strict=True):
            widget = self.query_one(f"#level-{scale.level}", Static)
            widget.display = True
            grid = Table.grid(padding=(0, 1))
            grid.add_column(width=2, no_wrap=True)
            grid.add_column(ratio=1)
            grid.add_row(
                Text(f"{'▶' if current == scale.level else ' '}{scale.level}", style="bold"),
                Text.assemble((scale.name, "bold"), " ", descriptor),
            )
            widget.update(grid)
            widget.set_class(current == scale.level, "-current")
        self._set("state", self._state_text(answer))
        note = answer.note if answer is not None else ""
        note_widget = self.query_one("#note", Static)
        note_widget.update(
            f"[b]Note[/b]  {escape(note)}" if note else "[dim]No note (e to write one)[/dim]"
        )
        note_widget.display = not self.query_one(NoteEditor).display
        if dimension_id and element_id in rubric.dimension_of:
            self._set("tagged", self._tagged_text(dimension_id, answers))
        else:
            dims = getattr(element, "dimensions", [])
            names = ", ".join(
                rubric.dimension_by_id[d].name for d in dims if d in rubric.dimension_by_id
            )
            self._set("tagged", f"[dim]Tagged to: {escape(names)}[/dim]" if names else "")

    def _state_text(self, answer: Answer | None) -> str:
        symbol, _style = mark(answer)
        if answer is None or not is_done(answer):
            state = f"{symbol} unanswered"
        elif answer.level is not None:
            name = self.rubric.scale[answer.level - 1].name
            state = f"[green]{symbol} level {answer.level} {escape(name)}[/green]"
        else:
            state = f"[yellow]{symbol} N/A: {escape(answer.na_reason or '')}[/yellow]"
        confidence = answer.confidence if answer is not None else "medium"
        flag = (
            f"   [bold red]{MARK_FLAG} flagged for review[/bold red]"
            if answer is not None and answer.flagged
            else ""
        )
        return f"{state}   confidence: [b]{confidence}[/b]{flag}"

    def _tagged_text(self, dimension_id: str, answers: Mapping[str, Answer]) -> str:
        tagged = [a for a in self.rubric.ai_readiness if dimension_id in a.dimensions]
        if not tagged:
            return ""
        parts = []
        for a in tagged:
            symbol, _style = mark(answers.get(a.id))
            level = answers[a.id].level if a.id in answers else None
            parts.append(f"{symbol} {a.id}" + (f" ({level})" if level is not None else ""))
        return "[dim]AI readiness for this dimension: " + escape(", ".join(parts)) + "[/dim]"

    def show_group(self, kind: str, dimension_id: str, answers: Mapping[str, Answer]) -> None:
        rubric = self.rubric
        self._shown = ""
        self.scroll_home(animate=False)
        if dimension_id != AI_SECTION and dimension_id in rubric.dimension_by_id:
            dim = rubric.dimension_by_id[dimension_id]
            lines = []
            for area in dim.areas:
                ids = [e.id for e in dim.elements if e.area == area]
                done = sum(is_done(answers.get(i)) for i in ids)
                lines.append(f"  {escape(area)}: {done}/{len(ids)}")
            self._set("crumb", "Dimension")
            self._set("title", f"[b]{escape(dim.name)}[/b]")
            self._set("question", escape(dim.summary))
            self._set("evidence", "[b]Areas[/b]\n" + "\n".join(lines))
            self._set("tagged", self._tagged_text(dimension_id, answers))
        else:
            ids = [a.id for a in rubric.ai_readiness]
            done = sum(is_done(answers.get(i)) for i in ids)
            self._set("crumb", "Section")
            self._set("title", "[b]AI-readiness layer[/b]")
            self._set("question", "How ready the operating model is for AI agents.")
            self._set("evidence", f"{done}/{len(ids)} answered or N/A")
            self._set("tagged", "")
        for level in rubric.scale:
            self.query_one(f"#level-{level.level}", Static).display = False
        self._set("state", "[dim]enter or j moves to the elements[/dim]")
        self.query_one("#note", Static).display = False
