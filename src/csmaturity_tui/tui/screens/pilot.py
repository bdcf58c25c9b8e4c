"""Recording an internal pilot's outcome: pick the pilot, then its outcome and what was seen.

:class:`PilotListScreen` lists the internal agents by their number on the Agents tab;
:class:`PilotScreen` sets the outcome by key (``n`` not started, ``r`` running,
``p`` proven, ``s`` stopped), toggles each failure mode seen by its number, and ``e``
edits its note; ``enter`` saves at once (the dashboard writes it), ``escape`` leaves it
as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.markup import escape
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from csmaturity_tui.engine import AgentPlacement
from csmaturity_tui.model import Outcome, PilotOutcome
from csmaturity_tui.presentation import fmt
from csmaturity_tui.presentation.wording import OUTCOME_NAMES
from csmaturity_tui.tui.screens.dialogs import ChoiceScreen

OUTCOME_KEYS: tuple[tuple[str, Outcome], ...] = (
    ("n", "not_started"),
    ("r", "running"),
    ("p", "proven"),
    ("s", "stopped"),
)


class PilotListScreen(ChoiceScreen):
    """Which pilot to record: one line per internal agent, chosen by its number."""

    HELP_TITLE = "Pilot"

    def __init__(self, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__("Record the outcome of which pilot?", choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="question")
            for key, label in self.choices:
                yield Static(f"[b]{key}[/b] {escape(label)}", classes="pick")
            yield Static("[b]esc[/b] cancel", classes="choices")


class PilotScreen(ModalScreen[PilotOutcome | None]):
    """One pilot's outcome and the failure modes seen; the result is the new record."""

    HELP_TITLE = "Pilot outcome"
    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "save", "Save"),
        Binding("e", "note", "Note"),
    ]

    def __init__(self, agent: AgentPlacement) -> None:
        super().__init__()
        self.agent = agent
        self.outcome: Outcome = _outcome(agent.pilot_outcome)
        self.seen: set[str] = {fm.id for fm in agent.failure_modes if fm.seen}
        self.note = agent.pilot_note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog pilot"):
            yield Static(Text(f"Pilot: {fmt.one_line(self.agent.name)}", style="bold"))
            yield Static(id="pilot-outcome", classes="question")
            yield Static(id="pilot-seen", classes="question")
            yield Static(id="pilot-note", classes="question")
            yield Static(
                "[b]n r p s[/b] outcome   [b]1-9[/b] seen or not   [b]e[/b] note   "
                "[b]enter[/b] save   [b]esc[/b] cancel",
                classes="choices",
            )

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        line = Text("Outcome: ")
        for key, outcome in OUTCOME_KEYS:
            style = "reverse bold" if outcome == self.outcome else ""
            line.append(f" {key} {OUTCOME_NAMES[outcome]} ", style=style)
            line.append(" ")
        self.query_one("#pilot-outcome", Static).update(line)
        seen = Text("Failure modes seen:\n")
        if not self.agent.failure_modes:
            seen.append("(the rubric names none for this agent)", style="dim")
        for number, fm in enumerate(self.agent.failure_modes[:9], start=1):
            mark = "[x]" if fm.id in self.seen else "[ ]"
            seen.append(f"{mark} {number} ", style="bold" if fm.id in self.seen else "")
            seen.append(f"{fmt.one_line(fm.signal)} → {fmt.one_line(fm.where)}\n")
        seen.rstrip()
        self.query_one("#pilot-seen", Static).update(seen)
        note = Text("Note: ")
        note.append(fmt.one_line(self.note) or "(none)", style="" if self.note else "dim")
        self.query_one("#pilot-note", Static).update(note)

    def action_note(self) -> None:
        from csmaturity_tui.tui.screens.dialogs import PromptScreen

        def done(value: str | None) -> None:
            if value is not None:
                self.note = value
                self._show()

        self.app.push_screen(
            PromptScreen("What did the pilot show?", self.note, submit="keep"), done
        )

    def on_key(self, event: events.Key) -> None:
        keys = dict(OUTCOME_KEYS)
        if event.character in keys:
            event.stop()
            self.outcome = keys[event.character]
            if self.outcome == "not_started":
                self.seen.clear()  # a pilot not started has seen nothing
            self._show()
        elif event.character is not None and event.character.isdigit():
            event.stop()
            index = int(event.character) - 1
            if 0 <= index < min(len(self.agent.failure_modes), 9):
                fm_id = self.agent.failure_modes[index].id
                self.seen.symmetric_difference_update({fm_id})
                if self.seen and self.outcome == "not_started":
                    self.outcome = "running"  # seeing a failure means the pilot runs
                self._show()

    def action_save(self) -> None:
        order = [fm.id for fm in self.agent.failure_modes if fm.id in self.seen]
        self.dismiss(PilotOutcome(self.agent.id, self.outcome, tuple(order), self.note))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _outcome(value: str | None) -> Outcome:
    for _key, outcome in OUTCOME_KEYS:
        if outcome == value:
            return outcome
    return "not_started"
