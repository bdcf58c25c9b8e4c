"""Small modal dialogs: a choice by key, a one-line prompt, and a message to read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static


class ChoiceScreen(ModalScreen[str | None]):
    """A question answered by one key; ``escape`` answers None.

    ``choices`` are (key, label) pairs; the result is the key pressed.
    """

    HELP_TITLE = "Choice"
    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.question = question
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="question")
            keys = "   ".join(f"[b]{k}[/b] {label}" for k, label in self.choices)
            yield Static(f"{keys}   [b]esc[/b] cancel", classes="choices")

    def on_key(self, event: events.Key) -> None:
        for key, _label in self.choices:
            if event.key == key or event.character == key:
                event.stop()
                self.dismiss(key)
                return

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ChoiceScreen):
    """Yes or no; the result is "y", "n" or None (escape)."""

    def __init__(self, question: str, yes: str = "yes", no: str = "no") -> None:
        super().__init__(question, [("y", yes), ("n", no)])


def ask_to_discard(screen: Screen[Any], question: str) -> None:
    """Ask before typed input is thrown away; yes closes ``screen`` with None."""

    def answered(key: str | None) -> None:
        if key == "y":
            screen.dismiss(None)

    screen.app.push_screen(ConfirmScreen(question, yes="discard", no="keep editing"), answered)


class PromptScreen(ModalScreen[str | None]):
    """One line of text, checked by ``validate`` (a problem or None) before it is accepted."""

    HELP_TITLE = "Question"
    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        question: str,
        value: str = "",
        validate: Callable[[str], str | None] | None = None,
        placeholder: str = "",
        submit: str = "save",
    ) -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.validate = validate
        self.placeholder = placeholder
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="question")
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static("", classes="error", id="prompt-error")
            yield Static(f"[b]enter[/b] {self.submit}   [b]esc[/b] cancel", classes="choices")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.validate(event.value) if self.validate else None
        if problem:
            self.query_one("#prompt-error", Static).update(problem)
            return
        self.dismiss(event.value.strip())

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.query_one("#prompt-error", Static).update("")

    def action_cancel(self) -> None:
        self.dismiss(None)


class MessageScreen(ModalScreen[None]):
    """Something to read; ``enter`` or ``escape`` closes it."""

    HELP_TITLE = "Message"
    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "close", "Close"),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.text, classes="question")
            yield Static("[b]enter[/b] close", classes="choices")

    def action_close(self) -> None:
        self.dismiss(None)
