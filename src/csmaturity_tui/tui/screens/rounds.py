"""Rounds of a client: what changed between two rounds, and the trend over all of them.

Both screens show data computed before they open (``services.compare``,
``services.trend``, in a worker on home); they format and lay it out, nothing more.
The words are :mod:`csmaturity_tui.presentation.changes`', as in the Markdown.

This module imports plotext (through ``widgets.charts``): import it lazily.
"""

from __future__ import annotations

import textwrap
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from csmaturity_tui.engine.compare import Comparison, Trend
from csmaturity_tui.presentation.changes import (
    CHANGE_KINDS,
    delta,
    forecast,
    move,
    share,
    unmatched_why,
    value_text,
)
from csmaturity_tui.presentation.fmt import NONE, clipped, one_line, pct, score
from csmaturity_tui.presentation.wording import OUTCOME_NAMES
from csmaturity_tui.tui.widgets.charts import (
    PairData,
    PairedBars,
    TrendData,
    TrendLegend,
    TrendLines,
)
from csmaturity_tui.tui.widgets.footer import FittedFooter

__all__ = ["CompareScreen", "TrendScreen"]

NAME_WIDTH = 40  # an element's id and title in the changes table, and its notes' lines


def _table(id: str, *columns: str) -> DataTable[str | Text]:
    table: DataTable[str | Text] = DataTable(id=id, cursor_type="row", zebra_stripes=True)
    table.add_columns(*columns)
    return table


def _signed(value: float | None) -> Text:
    style = "green" if (value or 0) > 0.005 else "red" if (value or 0) < -0.005 else "dim"
    return Text(delta(value), style=style)


class CompareScreen(Screen[None]):
    """Two rounds compared: scores before and after, highlights, NRR, element changes."""

    CSS_PATH = "rounds.tcss"
    HELP_TITLE = "What changed"
    # narrow: the chart gives way to the table beside it, which has the same figures
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    LEGEND: ClassVar[tuple[tuple[str, str], ...]] = (
        ("bar", "a dimension's score in the later round (green: rose; amber: fell)"),
        ("┃", "its score in the earlier round"),
        ("→", "an answer's level before → after"),
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("q", "app.quit", "Quit", show=False, tooltip="Quit (everything is saved)"),
    ]

    def __init__(self, comparison: Comparison) -> None:
        super().__init__()
        self.comparison = comparison

    def compose(self) -> ComposeResult:
        c = self.comparison
        client = one_line(c.after.client)
        if not c.same_client:
            client = f"{one_line(c.before.client)} / {client}"
        title = f"What changed: {client}, {c.before.date} → {c.after.date}"
        yield Static(Text(title), id="rounds-title")
        # the chart's key, shown with the chart (wide screens)
        yield Static(Text(f"Chart: ┃ {c.before.date}, bar {c.after.date}"), id="compare-key")
        with Horizontal(id="compare-top"):
            yield PairedBars(id="compare-chart", classes="chart")
            with VerticalScroll(classes="numbers"):
                yield _table("compare-scores", "Dimension", "Before", "After", "Change")
                yield Static(self._highlights(), id="compare-highlights")
        yield _table("compare-changes", "Element, its notes before / after", "Change", "Kind")
        yield FittedFooter()

    def on_mount(self) -> None:
        c = self.comparison
        dims = (*c.dimensions, c.overall)
        self.query_one(PairedBars).set_data(
            PairData(
                labels=tuple(d.name for d in c.dimensions),
                before=tuple(d.before or 0.0 for d in c.dimensions),
                after=tuple(d.after or 0.0 for d in c.dimensions),
                names=(c.before.date, c.after.date),
                top=float(c.levels),
            )
        )
        scores = self.query_one("#compare-scores", DataTable)
        for d in dims:
            scores.add_row(Text(d.name), score(d.before), score(d.after), _signed(d.delta))
        changes = self.query_one("#compare-changes", DataTable)
        for x in c.changes:
            name = f"{x.element_id} {x.title}" + (f" (was {x.source})" if x.source else "")
            notes = " / ".join(n for n in (one_line(x.note_before), one_line(x.note_after)) if n)
            # the notes under the element, two lines at most: the table fits 80 columns
            lines = textwrap.wrap(notes, NAME_WIDTH, max_lines=2, placeholder=" …")
            style = "green" if (x.delta or 0) > 0 else "red" if (x.delta or 0) < 0 else ""
            changes.add_row(
                Text.assemble(clipped(name, NAME_WIDTH), *(("\n" + line, "dim") for line in lines)),
                Text(move(x), style=style),
                CHANGE_KINDS[x.kind],
                height=1 + len(lines),
            )
        for u in c.unmatched:
            changes.add_row(
                clipped(f"{u.element_id} {u.title}", NAME_WIDTH),
                value_text(u.value),
                unmatched_why(u),
            )
        if not c.changes and not c.unmatched:
            changes.add_row("No element's answer changed.", "", "")

    def _highlights(self) -> Text:
        c = self.comparison

        def named(items: tuple[object, ...], text: str) -> str:
            return text if items else NONE

        out = Text(share(c).capitalize() + ".\n")
        out.append("NRR then and now: ", style="bold")
        out.append(forecast(c) + "\n")
        out.append("Most improved: ", style="bold green")
        improved = "; ".join(f"{x.element_id} {move(x)}" for x in c.most_improved)
        out.append(named(c.most_improved, improved) + "\n")
        out.append("Concerns: ", style="bold red")
        drops = [f"{x.element_id} {move(x)}" for x in c.drops]
        weak = [f"{one_line(w.label)} still {score(w.after)}" for w in c.still_weak]
        out.append(("; ".join([*drops, *weak]) or NONE) + "\n")
        out.append("Pilots since: ", style="bold")
        pilots = "; ".join(
            f"{one_line(p.name)}: {OUTCOME_NAMES[p.before]} → {OUTCOME_NAMES[p.after]}"
            for p in c.pilots
        )
        out.append(pilots or "no outcome recorded since")
        return out

    def action_back(self) -> None:
        self.dismiss()


class TrendScreen(Screen[None]):
    """A client's rounds over time: a line per dimension, and each round's figures."""

    CSS_PATH = "rounds.tcss"
    HELP_TITLE = "Trend over rounds"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("q", "app.quit", "Quit", show=False, tooltip="Quit (everything is saved)"),
    ]

    def __init__(self, trend: Trend, client: str) -> None:
        super().__init__()
        self.trend = trend
        self.client = client

    def compose(self) -> ComposeResult:
        n = len(self.trend.points)
        title = f"Trend: {one_line(self.client)}, {n} {'round' if n == 1 else 'rounds'}"
        yield Static(Text(title), id="rounds-title")
        yield TrendLines(id="trend-chart")
        yield TrendLegend(id="trend-legend")
        yield _table("trend-table", "Date", "Overall", "AI readiness", "GRR", "NRR", "Rubric")
        yield FittedFooter()

    def on_mount(self) -> None:
        t = self.trend
        if len(t.points) > 1:
            self.query_one(TrendLines).set_data(
                TrendData(
                    dates=tuple(p.round.date for p in t.points),
                    series=tuple((name, t.series(d)) for d, name in t.dimensions),
                    top=float(t.levels),
                )
            )
            self.query_one(TrendLegend).set_names([name for _d, name in t.dimensions])
        table = self.query_one("#trend-table", DataTable)
        for p in t.points:
            table.add_row(
                p.round.date,
                score(p.overall),
                score(p.ai_readiness),
                pct(p.grr),
                pct(p.nrr),
                p.round.rubric,
            )

    def action_back(self) -> None:
        self.dismiss()
