"""Marking an assessment complete: first what is left, then ``m`` marks it.

:class:`CompletionScreen` lists what is left before the assessment is complete (the
answers flagged for review, those given with low confidence, N/A answers with no note
of evidence, the elements not answered), each one a line to go to with ``enter``;
``m`` marks it complete, ``escape`` keeps it a draft. :func:`ask_to_complete` is the
one way there: home's ``c``, the flow's ``m`` and the flow's last answer all take it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from csmaturity_tui.presentation import fmt

if TYPE_CHECKING:
    from csmaturity_tui.engine import OpenItem
    from csmaturity_tui.engine.open_items import LeftToSettle
    from csmaturity_tui.model import AssessmentMeta
    from csmaturity_tui.tui.shell import Shell

# the result: mark it complete, or go to an element (by id)
MARK = "mark"
GO = "go"
Choice = tuple[str, str]
# group key, heading, as counted in the summary: the order the groups are listed in
GROUPS: tuple[tuple[str, str, str], ...] = (
    ("flagged", "Flagged for review", "flagged for review"),
    ("low_confidence", "Low confidence", "of low confidence"),
    ("na_without_note", "N/A with no note of evidence", "N/A with no note"),
    ("unanswered", "Not answered", "not answered"),
)


def summary_line(left: LeftToSettle) -> str:
    """One sentence: how far the answers go, and what is left."""
    if left.nothing:
        return (
            f"All {left.total} elements answered: nothing flagged, nothing of low "
            "confidence, every N/A with a note."
        )
    counts = [
        f"{len(getattr(left, key))} {counted}" for key, _h, counted in GROUPS if getattr(left, key)
    ]
    return "Left to settle: " + ", ".join(counts) + "."


def _item_line(item: OpenItem) -> Text:
    line = Text(f"{item.element_id} ", style="bold")
    line.append(fmt.clipped(item.title, 40))
    line.append(f" · {fmt.clipped(item.where, 30)}", style="dim")
    if item.level is not None:
        line.append(f"  level {item.level}")
    elif item.na:
        line.append("  N/A")
    return line


class CompletionScreen(ModalScreen[Choice | None]):
    """What is left; the result is (MARK, "") or (GO, element id), or None (a draft)."""

    CSS_PATH = "completion.tcss"
    HELP_TITLE = "Mark complete"
    AUTO_FOCUS = "OptionList"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "mark", "Mark complete"),
        Binding("escape", "cancel", "Keep as draft"),
    ]

    def __init__(self, meta: AssessmentMeta, left: LeftToSettle) -> None:
        super().__init__()
        self.meta = meta
        self.left = left

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Content.assemble(
                    ("Mark complete: ", "bold"), (fmt.clipped(self.meta.client), "bold")
                )
            )
            yield Static(Content(summary_line(self.left)), id="completion-summary")
            options: list[Option] = []
            for key, heading, _counted in GROUPS:
                items: tuple[OpenItem, ...] = getattr(self.left, key)
                if items:
                    options.append(Option(Text(f"{heading} ({len(items)})", "bold"), disabled=True))
                    options += [Option(_item_line(i), id=f"{key}:{i.element_id}") for i in items]
            if options:
                yield OptionList(*options, id="completion-items")
            keys = "[b]m[/b] mark complete   "
            if options:
                keys += "[b]enter[/b] go to the element   "
            yield Static(keys + "[b]esc[/b] keep as draft", classes="choices")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id is not None:
            self.dismiss((GO, event.option_id.split(":", 1)[1]))

    def action_mark(self) -> None:
        self.dismiss((MARK, ""))

    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_to_complete(
    screen: Screen[Any],
    shell: Shell,
    assessment_id: str,
    *,
    go: Callable[[str], None],
    marked: Callable[[], None],
) -> None:
    """Show what is left of the assessment; ``m`` marks it complete, then ``marked()``;
    ``enter`` on a line calls ``go(element id)``. The reading runs off the event loop."""
    from csmaturity_tui import services

    store = shell.store

    def chosen(choice: Choice | None) -> None:
        if choice is None:
            return
        what, element_id = choice
        if what == GO:
            go(element_id)
        elif shell.guard(lambda: services.set_status(store, assessment_id, "complete")):
            marked()

    def show(found: tuple[AssessmentMeta, LeftToSettle]) -> None:
        screen.app.push_screen(CompletionScreen(*found), chosen)

    shell.background(lambda: services.what_is_left(store, assessment_id), show, group="completion")
