"""The dashboard: one assessment's Report as tabs of charts, each with its numbers beside it.

Tabs: Scores, AI readiness, Agents (the risk quadrant, each agent's status, and ``p``
to record an internal pilot's outcome), NRR levers, Blueprint. Everything shown
is read from the Report that ``engine.evaluate`` returns; the screen formats
numbers (``presentation.fmt``) and lays them out, but computes no score of its own.

The screen loads the assessment from the store and evaluates it whenever it
becomes the current screen (``on_screen_resume``), so a change made in the
question flow shows on the way back. When the new Report equals the old one
nothing is touched, so no chart is re-drawn.

This module imports plotext (through ``widgets.charts``): import it lazily,
inside the action that opens the dashboard.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from csmaturity_tui import services
from csmaturity_tui.engine import AgentPlacement, Report
from csmaturity_tui.presentation import fmt, nrr_rows
from csmaturity_tui.presentation.answers import progress
from csmaturity_tui.presentation.wording import (
    CHART_QUADRANT_NAMES,
    OUTCOME_NAMES,
    STATUS_NAMES,
    gap,
    item_status,
    phase_counts,
    status_counts,
    watch_state,
)
from csmaturity_tui.tui.widgets.charts import (
    Bar,
    BarsData,
    LineChart,
    LineData,
    MoneyBars,
    MoneyBarsData,
    QuadrantChart,
    QuadrantData,
    QuadrantPoint,
    ScoreBars,
    money_ticks,
)
from csmaturity_tui.tui.widgets.footer import FittedFooter

if TYPE_CHECKING:
    from csmaturity_tui.engine import GateGap, Phase, PhaseItem
    from csmaturity_tui.model import Assessment, PilotOutcome
    from csmaturity_tui.rubric import Rubric
    from csmaturity_tui.tui.shell import Shell

TABS: tuple[tuple[str, str], ...] = (
    ("scores", "Scores"),
    ("ai", "AI readiness"),
    ("quadrant", "Agents"),
    ("nrr", "NRR levers"),
    ("blueprint", "Blueprint"),
)


def _gaps(gaps: Iterable[GateGap]) -> str:
    return "; ".join(gap(g.label, g.kind, g.current, g.required) for g in gaps)


STATUS_STYLES: dict[str, str] = {
    "pilot": "yellow",
    "scale": "green",
    "beta_ready": "bold green",
    "awaiting_pilots": "yellow",
    "blocked": "bold red",
    "not_evaluable": "bold red",
}


def _status_text(agent: AgentPlacement) -> Text:
    """The agent's one status, as every view names it."""
    return Text(STATUS_NAMES[agent.status], style=STATUS_STYLES[agent.status])


def _table(id: str, *columns: str) -> DataTable[str | Text]:
    table: DataTable[str | Text] = DataTable(id=id, cursor_type="none", zebra_stripes=True)
    table.add_columns(*columns)
    return table


class DashboardScreen(Screen[None]):
    """Charts and figures of one assessment's Report."""

    CSS_PATH = "dashboard.tcss"
    HELP_TITLE = "Dashboard"
    LEGEND: ClassVar[tuple[tuple[str, str], ...]] = (
        ("┃", "a dimension's target level (Scores)"),
        ("┊", "strong from: the level from which a score counts as strong (Agents' line)"),
        ("● 3", "agent 3 of the list, at the maturity of the dimensions it feeds on"),
        ("3?", "agent 3, its maturity not known yet (nothing answered in what it feeds on)"),
        ("░ TRAP", "external and weak: a customer-facing agent on a weak operating model"),
        ("•", "a pilot or a fix in the plan (Blueprint)"),
        ("✓ ✗", "an external agent ready for its beta, or not ready yet (Blueprint)"),
        ("→", "score now → its target (Blueprint); a sign to watch → where it points"),
        (
            "coverage",
            "elements answered or N/A, of the dimensions' (the AI-readiness layer: its tab)",
        ),
    )
    # narrow (under 120 columns, where the Scores table would not fit beside its chart):
    # each tab in one column, the chart over its numbers (dashboard.tcss)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        *(
            Binding(key, f"read('{how}')", words, show=False)
            for key, how, words in (
                ("down", "down", "Scroll down"),
                ("up", "up", "Scroll up"),
                ("pagedown", "page_down", "Scroll down a page"),
                ("pageup", "page_up", "Scroll up a page"),
                ("end", "end", "Scroll to the end"),
                ("home", "home", "Scroll to the top"),
            )
        ),
        *(
            Binding(str(i), f"show_tab('{tab}')", title, show=False)
            for i, (tab, title) in enumerate(TABS, start=1)
        ),
        Binding("r", "reload", "Reload", show=False),
        Binding("p", "pilot", "Pilot outcome", tooltip="Record an internal pilot's outcome"),
        Binding("t", "targets", "Targets", tooltip="Set the target level of each dimension"),
        Binding("x", "export", "Export", tooltip="Export as Markdown or TOML"),
        Binding(
            "d",
            "disagreements",
            "Disagreements",
            tooltip="Where the assessors disagree, and settle it",
        ),
    ]

    def __init__(self, shell: Shell, assessment_id: str) -> None:
        super().__init__()
        self.shell = shell
        self.store = shell.store
        self.assessment_id = assessment_id
        self.report: Report | None = None
        self.error: str | None = None
        self._client = ""

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static("Dashboard", id="dash-title")
        with TabbedContent(initial="scores", id="dash-tabs"):
            with TabPane("Scores", id="scores"), Horizontal(classes="tab-body"):
                yield ScoreBars(id="score-chart", classes="chart")
                with VerticalScroll(classes="numbers"):
                    yield Static(id="overall", classes="lead")
                    yield _table("score-table", "Dimension", "Score", "Target", "Gap", "Coverage")
                    yield Static("Five weakest areas", classes="heading")
                    yield _table("weakest-table", "Area, in its dimension", "Score", "Coverage")
                    yield Static(id="agreement", classes="agreement")
            with TabPane("AI readiness", id="ai"), Horizontal(classes="tab-body"):
                yield ScoreBars(id="ai-chart", classes="chart")
                with VerticalScroll(classes="numbers"):
                    yield Static(id="ai-overall", classes="lead")
                    yield _table("ai-table", "Dimension", "AI readiness", "Index")
            with TabPane("Agents", id="quadrant"), Horizontal(classes="tab-body"):
                yield QuadrantChart(id="quadrant-chart", classes="chart")
                with VerticalScroll(classes="numbers"):
                    yield Static(id="quadrant-lead", classes="lead")
                    yield Static(id="agent-list")
            with TabPane("NRR levers", id="nrr"), Horizontal(classes="tab-body"):
                with Vertical(classes="chart", id="nrr-charts"):
                    yield Static("ARR each lever can return", classes="heading")
                    yield MoneyBars(id="lever-chart")
                    yield Static("NRR now and year by year", classes="heading")
                    yield LineChart(id="trajectory-chart")
                with VerticalScroll(classes="numbers"):
                    yield Static(id="nrr-lead", classes="lead")
                    yield Static("Bridge to the Year-1 target", classes="heading", id="bridge-head")
                    yield _table("bridge-table", "Step", "NRR")
                    yield Static("The case, in full", classes="heading", id="nrr-table-head")
                    yield _table("nrr-table", "Measure", "Value")
            with TabPane("Blueprint", id="blueprint"), VerticalScroll(id="blueprint-body"):
                yield Static(id="blueprint-lead", classes="lead")
                yield Vertical(id="phases")
                yield Static("Recovery vectors ranked by return per effort", classes="heading")
                yield _table("vector-table", "#", "Raise: score → target", "Return", "NRR", "Opens")
                yield Static("By area", classes="heading")
                yield _table(
                    "area-vector-table",
                    "#",
                    "Raise: area, dimension",
                    "Score",
                    "Target",
                    "Return",
                    "NRR",
                )
        yield FittedFooter()

    # -- loading -------------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Load the assessment and evaluate it off the event loop, then show the Report."""
        self._read()

    @work(thread=True, exclusive=True, group="dashboard", exit_on_error=False)
    def _read(self) -> None:
        try:
            assessment, report = services.evaluated(self.store, self.assessment_id)
        except Exception as exc:  # every failure is one line on screen (_failed)
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._loaded, assessment, report)

    def _failed(self, exc: Exception) -> None:
        from csmaturity_tui.rubric import RubricError
        from csmaturity_tui.store.errors import StoreError

        text = " ".join(str(exc).split())
        if not isinstance(exc, services.ServiceError | StoreError | RubricError):
            text = f"unexpected error: {type(exc).__name__}: {text}"
        self.error = text or type(exc).__name__
        self.query_one("#dash-title", Static).update(
            Text(f"Cannot show this assessment: {self.error}", style="bold red")
        )
        self.notify(self.error, title="Dashboard", severity="error", markup=False)

    def _loaded(self, assessment: Assessment, report: Report) -> None:
        self.error = None
        meta = assessment.meta
        title = Text.assemble(
            ("Dashboard ", "bold"),
            (fmt.one_line(meta.client) or "(no client)", "bold"),  # no escape sequences
            f"  {meta.date}  " if meta.date else "  ",
            (f"rubric {report.rubric_id} {report.rubric_version}", "dim"),
        )
        self.query_one("#dash-title", Static).update(title)
        if report == self.report:
            return
        self.report = report
        self.show_report(report)

    def show_report(self, report: Report) -> None:
        self._show_scores(report)
        self._show_ai(report)
        self._show_quadrant(report)
        self._show_nrr(report)
        self._show_blueprint(report)

    # -- tabs ----------------------------------------------------------------------------

    def _dim_names(self, report: Report) -> dict[str, str]:
        return {d.id: d.name for d in report.scores.dimensions}

    def _show_scores(self, report: Report) -> None:
        s = report.scores
        top = report.levels
        self.query_one("#overall", Static).update(
            Text.assemble(
                ("Overall ", "bold"),
                (fmt.score(s.overall), "bold"),
                f" of {top}   coverage {fmt.pct(s.coverage)}\n",
                (
                    # the dimensions' elements only: home and the flow count the
                    # AI-readiness layer's too, so their "done" may differ
                    f"{progress(s.answered, s.na, s.total)} in the dimensions "
                    "(the AI-readiness layer: its own tab); "
                    f"low confidence {fmt.pct(s.low_confidence_share)}",
                    "dim",
                ),
            )
        )
        table = self.query_one("#score-table", DataTable)
        table.clear()
        for d in s.dimensions:
            table.add_row(
                Text(d.name),  # data is never markup (a str cell would be parsed as markup)
                fmt.score(d.score),
                fmt.score(d.target),
                fmt.score(d.gap),
                fmt.pct(d.coverage),
                key=d.id,
            )
        names = self._dim_names(report)
        weakest = self.query_one("#weakest-table", DataTable)
        weakest.clear()
        for a in s.weakest_areas:
            weakest.add_row(  # the dimension under the area: the table fits 80 columns
                Text.assemble(a.area, "\n", (names.get(a.dimension_id, a.dimension_id), "dim")),
                fmt.score(a.score),
                fmt.pct(a.coverage),
                height=2,
            )
        self._show_agreement(report)
        bars = [Bar(d.name, d.score, d.target) for d in s.dimensions]
        bars.append(Bar("Overall", s.overall, total=True))
        self.query_one("#score-chart", ScoreBars).set_data(BarsData(tuple(bars), float(top)))

    def _show_agreement(self, report: Report) -> None:
        """Several assessors: their agreement per dimension and overall (hidden with one)."""
        from rich.table import Table

        from csmaturity_tui.presentation import assessors as words

        box = self.query_one("#agreement", Static)
        box.display = report.agreement is not None
        if report.agreement is None:
            return
        table = Table(
            *words.AGREEMENT_HEADER,
            title=words.lead(report.agreement, report.conflicts) + " (d: settle)",
            title_justify="left",
            expand=True,
            show_edge=False,
            pad_edge=False,
        )
        for row in words.agreement_rows(report.agreement):
            table.add_row(*(Text(c) for c in row))
        box.update(table)

    def _show_ai(self, report: Report) -> None:
        ai = report.ai_readiness
        self.query_one("#ai-overall", Static).update(
            Text.assemble(
                ("AI-readiness index ", "bold"),
                (fmt.index(ai.index), "bold"),
                " of 100\n",
                f"Overall {fmt.score(ai.overall)} of {report.levels}   "
                f"coverage {fmt.pct(ai.coverage)}\n",
                (progress(ai.answered, ai.na, ai.total), "dim"),
            )
        )
        names = self._dim_names(report)
        table = self.query_one("#ai-table", DataTable)
        table.clear()
        for r in ai.dimensions:
            table.add_row(
                Text(names.get(r.dimension_id, r.dimension_id)),
                fmt.score(r.score),
                fmt.index(r.index),
                key=r.dimension_id,
            )
        bars = [Bar(names.get(r.dimension_id, r.dimension_id), r.score) for r in ai.dimensions]
        bars.append(Bar("Overall", ai.overall, total=True))
        self.query_one("#ai-chart", ScoreBars).set_data(
            BarsData(tuple(bars), float(report.levels), strong_from=report.strong_from)
        )

    def _show_quadrant(self, report: Report) -> None:
        unknown = [n for n, a in enumerate(report.agents, start=1) if a.maturity is None]
        lead = Text.assemble(
            ("Strong from ", "bold"),
            (fmt.score(report.strong_from), "bold"),
            " (the vertical line); ● N: agent N of the list",
            f"; {unknown[0]}?: maturity not known yet, shown at the left edge" if unknown else "",
            "\n",
            *(
                (f"{STATUS_NAMES[k]} {n}  ", STATUS_STYLES[k])
                for k, n in status_counts(report.agents)
            ),
        )
        self.query_one("#quadrant-lead", Static).update(lead)
        agents = Text()
        points = []
        names = {a.id: a.name for a in report.agents}
        for number, a in enumerate(report.agents, start=1):
            agents.append(f"{number} ", style="bold")
            agents.append(f"{a.name}\n", style="bold")
            agents.append("  ")
            agents.append_text(_status_text(a))
            agents.append(
                f" · {a.exposure} · maturity {fmt.score(a.maturity)}"
                f" · weakest {fmt.score(a.weakest)}"
            )
            if a.pilot_outcome is not None:
                agents.append(f" · pilot {OUTCOME_NAMES[a.pilot_outcome]}")
                seen = sum(fm.seen for fm in a.failure_modes)
                if seen:
                    agents.append(f", {seen} failure mode{'s' if seen > 1 else ''} seen")
            agents.append("\n")
            if a.unscored:
                agents.append(f"  unscored: {', '.join(a.unscored)}\n", style="dim")
            if a.gaps:
                agents.append(f"  gaps: {_gaps(a.gaps)}\n", style="dim")
            if a.unproven:
                waits = ", ".join(names.get(i, i) for i in a.unproven)
                agents.append(f"  pilots to prove: {waits}\n", style="dim")
            points.append(
                QuadrantPoint(str(number), a.maturity, a.exposure == "external", a.quadrant)
            )
        self.query_one("#agent-list", Static).update(agents)
        self.query_one("#quadrant-chart", QuadrantChart).set_data(
            QuadrantData(tuple(points), report.strong_from, report.levels, CHART_QUADRANT_NAMES)
        )

    def _show_nrr(self, report: Report) -> None:
        n = report.nrr
        charts = self.query_one("#nrr-charts", Vertical)
        table = self.query_one("#nrr-table", DataTable)
        table.clear()
        bridge = self.query_one("#bridge-table", DataTable)
        bridge.clear()
        lead = self.query_one("#nrr-lead", Static)
        sized = n.sized
        charts.display = sized
        bridge.display = sized
        self.query_one("#bridge-head", Static).display = sized
        table.display = n.available
        self.query_one("#nrr-table-head", Static).display = n.available
        if not sized:  # what is missing says the case is not sized, and why
            head = "NRR today " + fmt.pct(n.nrr) + "\n" if n.available else ""
            lead.update(Text.assemble((head, "bold"), (nrr_rows.missing_text(n), "yellow")))
            for row in nrr_rows.sizing_rows(n):
                table.add_row(row.tui_label, row.value)
            return
        period = f" ({n.period})" if n.period else ""
        lead.update(
            Text.assemble(
                ("NRR ", "bold"),
                (fmt.pct(n.nrr), "bold"),
                "   GRR ",
                (fmt.pct(n.grr), "bold"),
                f"\nYear-1 target {nrr_rows.target_text(n)}\n",
                (f"{n.currency}{period}; money in full", "dim"),
            )
        )
        for row in nrr_rows.sizing_rows(n):
            table.add_row(row.tui_label, row.value)
        for row in nrr_rows.trajectory_rows(n):
            table.add_row(f"NRR {row.label.lower()}", row.value)
        for row in nrr_rows.bridge_rows(n):
            bridge.add_row(row.tui_label, row.value)
        self._show_nrr_charts(report)

    def _show_nrr_charts(self, report: Report) -> None:
        """The ARR each lever can return, and the NRR trajectory."""
        n = report.nrr
        values = (n.exposure_retain or 0.0, n.exposure_protect or 0.0, n.exposure_expand or 0.0)
        texts = tuple(fmt.money(v, n.currency) for v in values)
        self.query_one("#lever-chart", MoneyBars).set_data(
            MoneyBarsData(
                tuple(label for _, label in nrr_rows.LEVER_NAMES),
                values,
                texts,
                money_ticks(values, lambda v: fmt.money(v, n.currency)),
            )
        )
        line = ((n.nrr or 0.0), *n.trajectory)
        self.query_one("#trajectory-chart", LineChart).set_data(
            LineData(
                ("Now", *(f"Y{i}" for i in range(1, len(n.trajectory) + 1))),
                tuple(v * 100 for v in line),
                tuple(fmt.pct(v) for v in line),
                reference=100.0,
            )
        )

    def _show_blueprint(self, report: Report) -> None:
        summary = "  ·  ".join(f"Phase {p.number}: {phase_counts(p)}" for p in report.phases)
        self.query_one("#blueprint-lead", Static).update(Text(summary, style="bold"))
        lines = [line for phase in report.phases for line in self._phase_lines(report, phase)]
        phases = self.query_one("#phases", Vertical)
        with self.app.batch_update():
            phases.remove_children()
            phases.mount_all(lines)
        self._show_vectors(report)

    def _phase_lines(self, report: Report, phase: Phase) -> list[Static]:
        """A phase's heading and, for each item, its line and its details."""
        lines = [Static(Text(f"Phase {phase.number}: {phase.name}"), classes="phase")]
        if not phase.items:
            lines.append(Static("(nothing in this phase)", classes="detail"))
        for item in phase.items:
            blocked = not item.scheduled
            mark = "✗" if blocked else "✓" if phase.number == 3 else "•"
            style = STATUS_STYLES.get(item.status, "green")
            lines.append(
                Static(
                    Text.assemble(
                        (f"{mark} {item.name}", "bold"), (f"  {item_status(item)}", style)
                    ),
                    classes="item blocked" if blocked else "item",
                )
            )
            lines += self._item_details(report, item)
        return lines

    def _item_details(self, report: Report, item: PhaseItem) -> list[Static]:
        """What a fix returns and opens (or the item's note), its gaps, the signs to watch."""
        agent_names = {a.id: a.name for a in report.agents}
        vectors = {v.id: v for v in report.recovery_vectors if v.kind == "dimension"}
        vector = vectors.get(item.id) if item.kind == "vector" else None
        lines: list[Static] = []
        if vector is not None:
            detail = (
                f"Return {fmt.money(vector.nrr_return, report.nrr.currency)} a year "
                f"({fmt.points(vector.nrr_points)} of NRR); "
                f"score {fmt.score(vector.score)}, target {fmt.score(vector.target)}"
            )
            lines.append(Static(Text(detail), classes="detail"))
            if vector.opens:
                opens = ", ".join(agent_names.get(i, i) for i in vector.opens)
                lines.append(Static(Text(f"Opens the gate of: {opens}"), classes="detail"))
        elif item.note:
            lines.append(Static(Text(item.note), classes="detail"))
        if item.gaps:
            lines.append(Static(Text(f"Gaps: {_gaps(item.gaps)}"), classes="gaps"))
        for fm in item.failure_modes:
            watch = f"Watch: {fm.signal} → {fm.dimension_name} {fmt.score(fm.dimension_score)}"
            watch += watch_state(fm) + (f", area {fm.area}" if fm.area else "")
            lines.append(Static(Text(watch), classes="watch"))
        return lines

    def _show_vectors(self, report: Report) -> None:
        """The recovery vectors ranked by return per effort: by dimension, then by area.

        Long names take two lines (score and target, or the area's dimension, under the
        name; the agents a fix opens one a line, wrapped): the tables fit 80 columns.
        """
        import textwrap

        agent_names = {a.id: a.name for a in report.agents}
        currency = report.nrr.currency
        names = self._dim_names(report)
        # what the other columns (#, raise, return, NRR: 54 with their padding), the
        # pane's padding and its scrollbar leave to "Opens"
        opens_width = max(16, self.app.size.width - 58)
        for table_id, kind in (("#vector-table", "dimension"), ("#area-vector-table", "area")):
            table = self.query_one(table_id, DataTable)
            table.clear()
            ranked = [v for v in report.recovery_vectors if v.kind == kind]
            for rank, v in enumerate(ranked, start=1):
                money = fmt.money(v.nrr_return, currency)
                if kind == "dimension":
                    opens = [
                        line
                        for i in v.opens
                        for line in textwrap.wrap(
                            agent_names.get(i, i), opens_width, break_on_hyphens=False
                        )
                    ]
                    span = f"{fmt.score(v.score)} → {fmt.score(v.target)}"
                    table.add_row(
                        str(rank),
                        Text.assemble(v.label, "\n", (span, "dim")),
                        money,
                        fmt.points(v.nrr_points),
                        Text("\n".join(opens)),
                        key=v.id,
                        height=max(2, len(opens)),
                    )
                    continue
                dim = names.get(v.dimension_id, v.dimension_id)
                table.add_row(
                    str(rank),
                    Text.assemble(v.area or v.label, "\n", (dim, "dim")),
                    fmt.score(v.score),
                    fmt.score(v.target),
                    money,
                    fmt.points(v.nrr_points),
                    key=v.id,
                    height=2,
                )

    # -- actions -------------------------------------------------------------------------

    def action_read(self, how: str) -> None:
        """Scroll the tab shown (its numbers beside the chart, or the whole tab when the
        chart is above them) from the tabs, without moving the focus."""
        tab = self.query_one("#dash-tabs", TabbedContent).active
        pane = self.query_one(f"#{tab}", TabPane)
        scroller = ".tab-body" if self.has_class("-narrow") else ".numbers"
        for target in [*pane.query(scroller), *pane.query("#blueprint-body")][:1]:
            getattr(target, f"scroll_{how}")(animate=False)

    def action_show_tab(self, tab: str) -> None:
        self.query_one("#dash-tabs", TabbedContent).active = tab

    def action_pilot(self) -> None:
        """Pick an internal agent by its number, then record its pilot's outcome."""
        report = self.report
        if report is None:
            return
        self.action_show_tab("quadrant")
        numbered = [
            (str(n), a) for n, a in enumerate(report.agents, start=1) if a.exposure == "internal"
        ][:9]
        from csmaturity_tui.tui.screens.pilot import PilotListScreen, PilotScreen

        def chosen(key: str | None) -> None:
            agent = dict(numbered).get(key or "")
            if agent is not None:
                self.app.push_screen(PilotScreen(agent), self._save_pilot)

        choices = [(key, a.name) for key, a in numbered]
        self.app.push_screen(PilotListScreen(choices), chosen)

    def _save_pilot(self, pilot: PilotOutcome | None) -> None:
        if pilot is None:
            return
        from csmaturity_tui.store.errors import StoreError

        try:
            self.store.set_pilot(self.assessment_id, pilot)
        except StoreError as exc:
            self.notify(str(exc), title="Pilot", severity="error", timeout=8, markup=False)
            return
        self.notify(f"Pilot saved: {OUTCOME_NAMES[pilot.outcome]}.", markup=False)
        self.reload()

    def action_targets(self) -> None:
        """Edit the target of each dimension (on the Scores tab); saved at once."""
        self.action_show_tab("scores")
        store, aid = self.store, self.assessment_id
        from csmaturity_tui.tui.screens.targets import TargetsScreen

        def edit(loaded: tuple[Rubric, Assessment]) -> None:
            self.app.push_screen(TargetsScreen(*loaded), self._save_targets)

        self.shell.guard(lambda: services.open_assessment(store, aid), edit)

    def _save_targets(self, changed: dict[str, float | None] | None) -> None:
        if not changed:
            if changed is not None:
                self.notify("No target changed.", markup=False)
            return
        store, aid = self.store, self.assessment_id
        if self.shell.guard(lambda: services.set_targets(store, aid, changed)):
            n = len(changed)
            self.notify(f"{n} target{'s' if n > 1 else ''} saved.", markup=False)
            self.reload()

    def action_export(self) -> None:
        self.shell.open_export(self.assessment_id)

    def action_disagreements(self) -> None:
        from csmaturity_tui.tui.screens.disagreement import DisagreementScreen

        self.app.push_screen(DisagreementScreen(self.shell, self.assessment_id))

    def action_back(self) -> None:
        self.dismiss()
