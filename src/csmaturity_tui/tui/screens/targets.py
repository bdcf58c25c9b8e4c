"""Targets per dimension: a small form over the dashboard (``t`` on the Scores tab).

One field per dimension of the assessment's rubric, holding the target level in use: a
level on the rubric's scale, decimals allowed (3.5). An emptied field goes back to the
rubric's target. Each field is checked as it is typed, with the model's rule
(``model.target_problems``); a problem names the dimension and the value. ``ctrl+s``
(or ``enter`` on the last field) returns what changed, for the dashboard to save at once;
``escape`` asks before it throws typed values away.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from csmaturity_tui.inputs import got
from csmaturity_tui.model import target_problems
from csmaturity_tui.presentation import fmt

if TYPE_CHECKING:
    from csmaturity_tui.model import Assessment
    from csmaturity_tui.rubric import Rubric

NUMBER_HINT = "must be a number such as 3 or 3.5"
NAME_WIDTH = 40


def target_text(value: float) -> str:
    """A target as the field shows it: ``3``, ``3.5``, ``3.25``."""
    return f"{value:g}"


def parse_target(text: str) -> tuple[float | None, str | None]:
    """A target typed as 3, 3.5 or 3,5; empty text is None (the rubric's target)."""
    s = text.strip().replace(",", ".")
    if not s:
        return None, None
    try:
        value = float(s)
    except ValueError:
        return None, NUMBER_HINT + got(text.strip())
    if not math.isfinite(value):
        return None, NUMBER_HINT + got(text.strip())
    return value, None


def target_field_problems(typed: Mapping[str, str], rubric: Rubric) -> dict[str, str]:
    """Dimension id to message for each typed target the rules refuse (empty when valid)."""
    out: dict[str, str] = {}
    values: dict[str, float] = {}
    for dim_id, text in typed.items():
        value, problem = parse_target(text)
        if problem:
            out[dim_id] = problem
        elif value is not None:
            values[dim_id] = value
    out.update(target_problems(values, rubric))
    return out


class TargetsScreen(ModalScreen[dict[str, float | None] | None]):
    """The target of every dimension; dismisses with the changed ones, or None."""

    CSS_PATH = "targets.tcss"
    HELP_TITLE = "Targets"
    AUTO_FOCUS = "Input"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
        Binding("down", "app.focus_next", "Next field", show=False),
        Binding("up", "app.focus_previous", "Previous field", show=False),
    ]

    def __init__(self, rubric: Rubric, assessment: Assessment) -> None:
        super().__init__()
        self.rubric = rubric
        own = assessment.baseline.targets
        self.own = set(own)
        self.defaults = {d.id: rubric.target_for(d) for d in rubric.dimensions}
        self.initial = {
            d.id: target_text(own.get(d.id, self.defaults[d.id])) for d in rubric.dimensions
        }
        self.tried = False

    def compose(self) -> ComposeResult:
        top = self.rubric.levels
        with Vertical(classes="dialog"):
            yield Static(Content.from_markup("[b]Target level per dimension[/b]"))
            yield Static(
                f"On the scale, 1 to {top}; decimals such as 3.5 allowed. "
                "Empty: the rubric's target.",
                classes="hint",
            )
            with VerticalScroll(id="target-fields"):
                for d in self.rubric.dimensions:
                    with Horizontal(classes="target-row"):
                        yield Label(Content(fmt.clipped(d.name, NAME_WIDTH)), classes="target-name")
                        yield Input(
                            self.initial[d.id],
                            placeholder=target_text(self.defaults[d.id]),
                            id=f"target-{d.id}",
                            compact=True,
                        )
                        yield Static(
                            f"rubric's {target_text(self.defaults[d.id])}", classes="target-default"
                        )
                    yield Static("", classes="target-error", id=f"error-{d.id}")
            yield Static("", id="targets-summary")
            yield Static(
                "[b]ctrl+s[/b] save   [b]enter[/b] next field   [b]esc[/b] cancel",
                classes="choices",
            )

    # -- values and validation -------------------------------------------------------

    def typed(self) -> dict[str, str]:
        return {
            d.id: self.query_one(f"#target-{d.id}", Input).value for d in self.rubric.dimensions
        }

    def changes(self) -> dict[str, float | None]:
        """The targets typed that differ from those shown on opening (None: the rubric's)."""
        out: dict[str, float | None] = {}
        for dim_id, text in self.typed().items():
            value = parse_target(text)[0]
            if value is None:
                if dim_id in self.own:  # emptied: back to the rubric's target
                    out[dim_id] = None
            elif target_text(value) != self.initial[dim_id]:
                out[dim_id] = value
        return out

    def show_problems(self) -> dict[str, str]:
        problems = target_field_problems(self.typed(), self.rubric)
        names = {d.id: d.name for d in self.rubric.dimensions}
        for dim_id, text in self.typed().items():
            visible = self.tried or text != self.initial[dim_id]
            message = problems.get(dim_id, "") if visible else ""
            error = self.query_one(f"#error-{dim_id}", Static)
            error.update(Content(message))  # it quotes what was typed: never markup
            error.display = bool(message)
            self.query_one(f"#target-{dim_id}", Input).set_class(bool(message), "-problem")
        summary = ""
        if self.tried and problems:
            first = next(d.id for d in self.rubric.dimensions if d.id in problems)
            summary = f"{fmt.one_line(names[first])}: {problems[first]}"
        self.query_one("#targets-summary", Static).update(Content(summary))
        return problems

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.show_problems()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        last = f"target-{self.rubric.dimensions[-1].id}"
        if event.input.id == last:
            self.action_save()
        else:
            self.focus_next()

    # -- save and cancel -------------------------------------------------------------

    def action_save(self) -> None:
        self.tried = True
        problems = self.show_problems()
        if problems:
            first = next(d.id for d in self.rubric.dimensions if d.id in problems)
            self.query_one(f"#target-{first}", Input).focus()
            return
        self.dismiss(self.changes())

    def action_cancel(self) -> None:
        if not self.changes() and not target_field_problems(self.typed(), self.rubric):
            self.dismiss(None)
            return
        from csmaturity_tui.tui.screens.dialogs import ask_to_discard

        ask_to_discard(self, "Discard the targets you typed?")
