"""An element's history (key ``h`` in the question flow): every change of its answer.

Newest first, one entry per change: when (local time), who, what happened (answered,
changed, cleared, undone, redone, imported...), the answer before and after it, and
what happened to the note, with the note it left. Read from the store's append-only
history when the panel opens (one query). The words are the Markdown appendix's
(:mod:`csmaturity_tui.presentation.history`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from csmaturity_tui.presentation.history import HistoryLine, history_lines

if TYPE_CHECKING:
    from csmaturity_tui.rubric import Rubric
    from csmaturity_tui.store import Store


def entry(line: HistoryLine) -> Text:
    """One change as the panel shows it: a head line, the move, then the note."""
    text = Text.assemble(
        (line.when, "bold"),
        "  ",
        (line.who, ""),
        "  ",
        (line.what, "italic" if line.what in ("undone", "redone") else ""),
        "\n",
        (line.before, "dim"),
        " → ",
        line.after,
    )
    if line.note_change:
        text.append(f"\n{line.note_change}", style="dim")
        if line.note.strip():
            text.append(": ")
            text.append(line.note.strip())
    return text


class HistoryScreen(ModalScreen[None]):
    """The changes of one element's answer, newest first; ``escape`` or ``h`` closes."""

    CSS_PATH = "history.tcss"
    HELP_TITLE = "Answer history"
    AUTO_FOCUS = "#history-list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h", "close", "Close"),
    ]

    def __init__(self, store: Store, rubric: Rubric, assessment_id: str, element_id: str) -> None:
        super().__init__()
        self.store = store
        self.rubric = rubric
        self.assessment_id = assessment_id
        self.element_id = element_id

    def _lines(self) -> list[HistoryLine] | str:
        """The changes in words, newest first; or why they cannot be read."""
        from csmaturity_tui.store import StoreError

        try:
            changes = self.store.history(self.assessment_id, self.element_id)
        except StoreError as exc:
            return f"The history cannot be read: {str(exc).splitlines()[0]}"
        return history_lines(self.rubric, reversed(changes))

    def compose(self) -> ComposeResult:
        element = self.rubric.element_by_id.get(self.element_id)
        title = f"{self.element_id} {element.title}" if element is not None else self.element_id
        lines = self._lines()
        with Vertical(classes="dialog", id="history-dialog") as dialog:
            dialog.border_title = "History"
            yield Static(Text(title, style="bold", no_wrap=True, overflow="ellipsis"))
            count = len(lines) if isinstance(lines, list) else 0
            with VerticalScroll(id="history-list"):
                if isinstance(lines, str):
                    yield Static(Text(lines), classes="error")
                elif not lines:
                    yield Static(
                        "No change recorded: this element has never been answered.",
                        classes="empty",
                    )
                for line in lines if isinstance(lines, list) else []:
                    yield Static(entry(line), classes="entry")
            changes = f"{count} change{'' if count == 1 else 's'}, newest first   " if count else ""
            yield Static(
                f"{changes}[b]↑↓[/b] scroll   [b]esc[/b] close",
                classes="choices",
            )

    def action_close(self) -> None:
        self.dismiss(None)
