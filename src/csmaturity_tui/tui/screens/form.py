"""The assessment form, new and edit: who, when, and the baseline financials.

Every field is checked as the user types, with the rules of ``model``
(``baseline_problems``, ``check_date``); the message sits under the field.
Nothing is written until the whole form is valid; ``escape`` asks before it
throws typed input away.
"""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, Static

from csmaturity_tui.inputs import got, text_problem
from csmaturity_tui.model import (
    MONEY_FIELDS,
    MONEY_LABELS,
    Assessment,
    Baseline,
    Rates,
    amounts_from_rates,
    baseline_problems,
    check_date,
    rate_problems,
    rates_from_amounts,
)
from csmaturity_tui.presentation.fmt import clipped
from csmaturity_tui.tui.show import markup, plain
from csmaturity_tui.tui.widgets.footer import FittedFooter

if TYPE_CHECKING:
    from csmaturity_tui.tui.shell import Shell

# (field, label, placeholder)
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("client", "Client *", "the company assessed"),
    ("scope", "Scope", "e.g. EMEA mid-market"),
    ("assessors", "Assessor(s)", "who runs the assessment"),
    ("date", "Date *", "YYYY-MM-DD"),
    ("currency", "Currency *", "USD, EUR, GBP…"),
    ("period", "Period", "e.g. FY2025"),
    ("start_arr", "Start ARR", "e.g. 12000000 or 12M"),
    ("grr", "or GRR %", "e.g. 88: sets churned + contraction"),
    ("nrr", "and NRR %", "e.g. 104: sets expansion"),
    ("churned_arr", "Churned ARR", "lost logos in the period"),
    ("contraction_arr", "Contraction ARR", "downsell in the period"),
    ("expansion_arr", "Expansion ARR", "upsell and cross-sell"),
    ("acv", "ACV", "average contract value (picks the segment)"),
)
# the amounts of the form: the baseline's money, and the ACV that picks the segment
AMOUNTS: tuple[str, ...] = (*MONEY_FIELDS, "acv")
MONEY_HINT = "must be an amount, like 1200000, 1,200,000, 850k or 1.2M"
PERCENT_HINT = "must be a percentage, like 88 or 88.5%"
RATES: tuple[str, ...] = ("grr", "nrr")
_SUFFIX = {"k": Decimal(1_000), "m": Decimal(1_000_000), "b": Decimal(1_000_000_000)}


def parse_money(text: str) -> tuple[float | None, str | None]:
    """An amount typed as people write it, or a problem; empty text is None."""
    s = text.strip().replace(",", "").replace("_", "").replace(" ", "")
    if not s:
        return None, None
    s = s.lstrip("$€£¥")
    multiplier = Decimal(1)
    if s and s[-1].lower() in _SUFFIX:
        multiplier = _SUFFIX[s[-1].lower()]
        s = s[:-1]
    try:
        value = float(Decimal(s) * multiplier)
    except (InvalidOperation, ValueError):
        return None, MONEY_HINT + got(text.strip())
    if not math.isfinite(value):
        return None, MONEY_HINT + got(text.strip())
    return value, None


def field_label(name: str) -> str:
    """A field as a message names it: its label without the form's marks."""
    label = next(label for n, label, _p in FIELDS if n == name)
    return label.removesuffix(" *").removeprefix("or ").removeprefix("and ")


def parse_percent(text: str) -> tuple[float | None, str | None]:
    """A percentage typed as 88, 88.5 or 88%; empty text is None."""
    s = text.strip().removesuffix("%").strip().replace(",", ".")
    if not s:
        return None, None
    try:
        value = float(Decimal(s))
    except (InvalidOperation, ValueError):
        return None, PERCENT_HINT + got(text.strip())
    if not math.isfinite(value):
        return None, PERCENT_HINT + got(text.strip())
    return value, None


def rates_from(values: dict[str, str]) -> Rates:
    """What the financial fields hold: start ARR, the percentages and the amounts typed."""
    money = {name: value for name, (value, _p) in _parsed_money(values).items()}
    grr, nrr = (parse_percent(values.get(name, ""))[0] for name in RATES)
    return Rates(
        money["start_arr"],
        grr,
        nrr,
        money["churned_arr"],
        money["contraction_arr"],
        money["expansion_arr"],
    )


def money_text(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def form_problems(values: dict[str, str]) -> dict[str, str]:
    """Field to message for every rule the typed values break (empty when valid)."""
    out: dict[str, str] = {}
    for name in ("client", "scope", "assessors", "period"):
        problem = text_problem(values.get(name, ""))
        if problem:  # the one rule for user text (csmaturity_tui.inputs)
            out[name] = problem + got(values[name])
    if not values.get("client", "").strip():
        out["client"] = "required: the client's name"
    problem = check_date(values.get("date", "").strip())
    if problem:
        out["date"] = problem
    if not values.get("currency", "").strip():
        out["currency"] = "required: a currency code such as USD, EUR or GBP"
    for name, (_value, money_problem) in _parsed_money(values).items():
        if money_problem:
            out[name] = money_problem
    for name in RATES:
        problem = parse_percent(values.get(name, ""))[1]
        if problem:
            out[name] = problem
    if not out.keys() & set(RATES):  # a rate that is no number is not checked further
        for name, message in rate_problems(rates_from(values)):
            out.setdefault(name, message)
    for name, message in baseline_problems(baseline_from(values)):
        out.setdefault(name, message)
    return out


def _parsed_money(values: dict[str, str]) -> dict[str, tuple[float | None, str | None]]:
    return {name: parse_money(values.get(name, "")) for name in AMOUNTS}


def baseline_from(values: dict[str, str], base: Baseline | None = None) -> Baseline:
    """The baseline the fields give: the percentages, when valid, turned into amounts."""
    rates = rates_from(values)
    if not rate_problems(rates):
        rates = amounts_from_rates(rates)
    return replace(
        base or Baseline(),
        currency=values.get("currency", "").strip().upper(),
        period=values.get("period", "").strip(),
        start_arr=rates.start_arr,
        churned_arr=rates.churned_arr,
        contraction_arr=rates.contraction_arr,
        expansion_arr=rates.expansion_arr,
        acv=parse_money(values.get("acv", ""))[0],
    )


def rates_line(values: dict[str, str]) -> str:
    """What the financial fields come to, in the other form: amounts for the percentages
    typed, or the GRR and NRR of the amounts; empty when nothing can be said yet."""
    rates = rates_from(values)
    if rates.grr is not None or rates.nrr is not None:
        if rate_problems(rates) or not all(
            parse_percent(values.get(n, ""))[1] is None for n in RATES
        ):
            return ""
        money = amounts_from_rates(rates)
        parts = [
            f"{MONEY_LABELS[name]} {getattr(money, name):,.0f}"
            for name in MONEY_FIELDS[1:]
            if getattr(money, name) is not None
        ]
        return "Saved as " + ", ".join(parts)
    grr, nrr = rates_from_amounts(baseline_from(values))
    if grr is None:
        return ""
    return f"GRR {grr:.1f}%" + ("" if nrr is None else f", NRR {nrr:.1f}%")


class AssessmentForm(Screen[str | None]):
    """New assessment (``assessment`` None) or edit; dismisses with the id saved, or None."""

    CSS_PATH = "form.tcss"
    HELP_TITLE = "Assessment form"
    AUTO_FOCUS = "#client"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
        Binding("f1", "app.help", "Help"),
        Binding("down", "app.focus_next", "Next field", show=False),
        Binding("up", "app.focus_previous", "Previous field", show=False),
    ]

    def __init__(self, shell: Shell, assessment: Assessment | None = None) -> None:
        super().__init__()
        self.shell = shell
        self.assessment = assessment
        self.initial = self._initial_values()
        self.tried = False
        self._shown: dict[str, str] = {}

    def _initial_values(self) -> dict[str, str]:
        a = self.assessment
        if a is None:
            return {name: "" for name, _l, _p in FIELDS} | {"currency": "USD"}
        b = a.baseline
        # shown (and saved, if the form is saved) without what the terminal cannot show
        return {
            "client": plain(a.meta.client),
            "scope": plain(a.meta.scope),
            "assessors": plain(a.meta.assessors),
            "date": plain(a.meta.date),
            "currency": plain(b.currency),
            "period": plain(b.period),
            **{name: money_text(getattr(b, name)) for name in AMOUNTS},
            **{name: "" for name in RATES},  # the amounts are shown; a rate replaces them
        }

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="form-body"):
            title = (
                "New assessment"
                if self.assessment is None
                else f"Edit assessment: {markup(clipped(self.assessment.meta.client))}"
            )
            yield Static(f"[b]{title}[/b]  [dim]* required · amounts in the currency[/dim]")
            for name, label, placeholder in FIELDS:
                with Vertical(classes="field", id=f"field-{name}"):
                    with Horizontal(classes="field-row"):
                        yield Label(label, classes="field-label")
                        yield Input(
                            self.initial.get(name, ""),
                            placeholder=placeholder,
                            id=name,
                            compact=True,
                        )
                    yield Static("", classes="field-error", id=f"error-{name}")
            yield Static("", id="form-rates")
            yield Static("", id="form-summary")
            with Horizontal(id="form-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)
        yield FittedFooter()

    def on_mount(self) -> None:
        if self.assessment is None:
            self.query_one("#date", Input).value = self.shell.clock().date().isoformat()
            self.initial["date"] = self.query_one("#date", Input).value
        self.sub_title = "New assessment" if self.assessment is None else "Edit assessment"

    def on_key(self, event: events.Key) -> None:
        """Keys typed before the first field has the focus (a fast typist) go to it."""
        if self.focused is None and event.is_printable and event.character:
            event.stop()
            client = self.query_one("#client", Input)
            client.focus()
            client.insert_text_at_cursor(event.character)

    # -- values and validation -------------------------------------------------------

    def values(self) -> dict[str, str]:
        return {name: self.query_one(f"#{name}", Input).value for name, _l, _p in FIELDS}

    @property
    def dirty(self) -> bool:
        return self.values() != self.initial

    def show_problems(self) -> dict[str, str]:
        values = self.values()
        problems = form_problems(values)
        # a rate typed is checked against the amounts: their problems show at once too
        rates_typed = any(values[name].strip() for name in RATES)
        for name, _label, _p in FIELDS:
            visible = (
                self.tried
                or values[name] != self.initial.get(name, "")
                or (rates_typed and name in MONEY_FIELDS)
            )
            message = problems.get(name, "") if visible else ""
            if self._shown.get(name, "") == message:
                continue  # touch only what changes (each restyle costs)
            self._shown[name] = message
            error = self.query_one(f"#error-{name}", Static)
            error.update(Content(message))  # it quotes what was typed: never markup
            error.display = bool(message)
            self.query_one(f"#{name}", Input).set_class(bool(message), "-problem")
        self._show_line("form-rates", rates_line(values))
        text = ""
        if self.tried and problems:
            n = len(problems)
            first = next(name for name, _l, _p in FIELDS if name in problems)
            text = (
                f"{n} field{'s' if n > 1 else ''} to fix before saving; "
                f"{field_label(first)}: {problems[first]}"
            )
        if self._shown.get("", "") != text:
            self._shown[""] = text
            self.query_one("#form-summary", Static).update(Content(text))
        return problems

    def _show_line(self, id: str, text: str) -> None:
        if self._shown.get(id) != text:
            self._shown[id] = text
            self.query_one(f"#{id}", Static).update(Content(text))

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self.show_problems()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == FIELDS[-1][0]:
            self.action_save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    # -- save and cancel -------------------------------------------------------------

    def action_save(self) -> None:
        self.tried = True
        problems = self.show_problems()
        if problems:
            first = next(name for name, _l, _p in FIELDS if name in problems)
            self.query_one(f"#{first}", Input).focus()
            return
        from csmaturity_tui.store import InvalidValue, StoreError

        values = {k: v.strip() for k, v in self.values().items()}
        try:
            saved_id = self._write(values)
        except InvalidValue as exc:
            field = exc.field if exc.field in self.initial else "client"
            error = self.query_one(f"#error-{field}", Static)
            error.update(Content(str(exc)))
            error.display = True
            return
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=8, markup=False)
            return
        except _Abort:
            return
        self.dismiss(saved_id)

    def _write(self, values: dict[str, str]) -> str:
        store = self.shell.store
        if self.assessment is None:
            from csmaturity_tui.services import ServiceError, load_rubric

            try:
                rubric = load_rubric(self.shell.rubric_path)
            except ServiceError as exc:
                self.notify(str(exc), severity="error", timeout=8, markup=False)
                raise _Abort from None
            return store.create_assessment(
                rubric,
                client=values["client"],
                scope=values["scope"],
                assessors=values["assessors"],
                date=values["date"],
                baseline=baseline_from(values),
            )
        meta = self.assessment.meta
        store.update_assessment(
            meta.id,
            client=values["client"],
            scope=values["scope"],
            assessors=values["assessors"],
            date=values["date"],
            baseline=baseline_from(values, self.assessment.baseline),
        )
        return meta.id

    def action_cancel(self) -> None:
        if not self.dirty:
            self.dismiss(None)
            return
        from csmaturity_tui.tui.screens.dialogs import ask_to_discard

        ask_to_discard(self, "Discard what you typed?")


class _Abort(Exception):
    """Raised inside a save that already told the user why it stopped."""
