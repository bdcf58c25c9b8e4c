"""The dashboard: its numbers are the Report's, it follows changes, it re-draws only on change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from dashboard_support import (
    load_default_rubric,
    one_key_flip,
    open_dashboard,
)
from rich.text import Text
from textual.widgets import DataTable, Static

from csmaturity_tui.engine import Report, evaluate
from csmaturity_tui.model import Answer, AssessmentMeta, Baseline
from csmaturity_tui.presentation import fmt, wording
from csmaturity_tui.presentation.wording import STATUS_NAMES
from csmaturity_tui.services import load_demo
from csmaturity_tui.store import Store
from csmaturity_tui.tui.app import CsMaturityApp
from csmaturity_tui.tui.screens.dashboard import DashboardScreen
from csmaturity_tui.tui.screens.flow import FlowScreen
from csmaturity_tui.tui.widgets.charts import (
    LineChart,
    MoneyBars,
    QuadrantChart,
    ScoreBars,
)
from helpers import ROUND_BASELINE, make_app, settle


def rows(screen: DashboardScreen, table_id: str) -> list[list[str]]:
    table = screen.query_one(table_id, DataTable)
    return [
        [c.plain if isinstance(c, Text) else str(c) for c in table.get_row_at(i)]
        for i in range(table.row_count)
    ]


def text_of(screen: DashboardScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def report_of(store: Store, assessment_id: str) -> Report:
    return evaluate(*store.load(assessment_id))


def _whole(text: str) -> int:
    """``$1,234`` as 1234."""
    return int("".join(ch for ch in text if ch.isdigit()))


async def test_numbers_shown_are_the_reports(store: Store) -> None:
    aid = load_demo(store)
    expected = report_of(store, aid)
    app = make_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dashboard(pilot, aid)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert screen.report == expected  # the screen shows evaluate's Report, unchanged

        s = expected.scores
        assert rows(screen, "#score-table") == [
            [d.name, fmt.score(d.score), fmt.score(d.target), fmt.score(d.gap), fmt.pct(d.coverage)]
            for d in s.dimensions
        ]
        names = {d.id: d.name for d in s.dimensions}
        assert rows(screen, "#weakest-table") == [
            [f"{a.area}\n{names[a.dimension_id]}", fmt.score(a.score), fmt.pct(a.coverage)]
            for a in s.weakest_areas
        ]
        overall = text_of(screen, "#overall")
        assert f"Overall {fmt.score(s.overall)} of {expected.levels}" in overall
        assert f"coverage {fmt.pct(s.coverage)}" in overall
        chart = screen.query_one("#score-chart", ScoreBars).data
        assert [b.value for b in chart.bars] == [*(d.score for d in s.dimensions), s.overall]
        assert [b.target for b in chart.bars][:-1] == [d.target for d in s.dimensions]

        ai = expected.ai_readiness
        assert rows(screen, "#ai-table") == [
            [names[r.dimension_id], fmt.score(r.score), f"{r.index:.1f}"] for r in ai.dimensions
        ]
        assert f"AI-readiness index {ai.index:.1f} of 100" in text_of(screen, "#ai-overall")
        ai_chart = screen.query_one("#ai-chart", ScoreBars).data
        assert [b.value for b in ai_chart.bars] == [*(r.score for r in ai.dimensions), ai.overall]

        agent_list = text_of(screen, "#agent-list")
        for i, a in enumerate(expected.agents, start=1):
            line = f"{i} {a.name}\n  {STATUS_NAMES[a.status]} · {a.exposure} · maturity "
            assert line + f"{fmt.score(a.maturity)} · weakest {fmt.score(a.weakest)}" in agent_list
            for g in a.gaps:
                assert wording.gap(g.label, g.kind, g.current, g.required) in agent_list
        quadrant = screen.query_one("#quadrant-chart", QuadrantChart).data
        assert [(p.maturity, p.quadrant) for p in quadrant.points] == [
            (a.maturity, a.quadrant) for a in expected.agents
        ]
        assert quadrant.strong_from == expected.strong_from

        n = expected.nrr
        table = dict((k, v) for k, v in rows(screen, "#nrr-table"))
        cur = n.currency
        assert table["Start ARR"] == fmt.amount(n.start_arr, cur)
        assert table["GRR"] == fmt.pct(n.grr)
        assert table["NRR today"] == fmt.pct(n.nrr)
        assert table["Churn Tax"] == fmt.amount(n.churn_tax, cur)
        # parts rounded to add up to their total as shown
        lost, indirect = table["· ARR lost"], table["· indirect cost"]
        assert _whole(lost) + _whole(indirect) == _whole(table["Churn Tax"])
        assert table["Recoverable ARR"] == fmt.amount(n.recoverable_arr, cur)
        assert table["Opportunity"] == fmt.amount(n.opportunity_arr, cur)
        assert _whole(table["Recoverable ARR"]) + _whole(table["Expansion Gap"]) == _whole(
            table["Opportunity"]
        )
        assert table["Year-1 target"].startswith(fmt.pct(n.year1_target_nrr))
        for year, value in enumerate(n.trajectory, start=1):
            assert table[f"NRR year {year}"] == fmt.pct(value)
        bridge = rows(screen, "#bridge-table")
        assert [label for label, _ in bridge] == [b.label for b in n.bridge]  # names in the TUI
        assert n.nrr is not None
        assert bridge[0][1] == f"{n.nrr * 100:.2f}%"
        assert bridge[-1][1] == f"{(n.year1_target_nrr or 0) * 100:.2f}%"
        levers = screen.query_one("#lever-chart", MoneyBars).data
        assert levers.values == (n.exposure_retain, n.exposure_protect, n.exposure_expand)
        assert levers.texts == tuple(fmt.money(v, cur) for v in levers.values)
        line = screen.query_one("#trajectory-chart", LineChart).data
        assert line.texts == tuple(fmt.pct(v) for v in (n.nrr, *n.trajectory))

        dims = [v for v in expected.recovery_vectors if v.kind == "dimension"]
        assert [r[:4] for r in rows(screen, "#vector-table")] == [
            [
                str(i),
                f"{v.label}\n{fmt.score(v.score)} → {fmt.score(v.target)}",
                fmt.money(v.nrr_return, cur),
                fmt.points(v.nrr_points),
            ]
            for i, v in enumerate(dims, start=1)
        ]
        shown = [str(w.render()) for w in screen.query("#phases > Static")]
        for phase in expected.phases:
            assert f"Phase {phase.number}: {phase.name}" in shown
            for item in phase.items:
                assert any(line.startswith(("•", "✓", "✗")) and item.name in line for line in shown)
                if not item.scheduled:
                    word = STATUS_NAMES[item.status]
                    assert any(line == f"✗ {item.name}  {word}" for line in shown)


async def test_a_changed_answer_in_the_flow_shows_on_the_dashboard(tmp_path: Path) -> None:
    """Flow -> d -> dashboard -> back -> one key -> d: score, placement and blueprint move."""
    rubric = load_default_rubric()
    answers, element, level, agent_id = one_key_flip(rubric)
    db = tmp_path / "flow.db"
    with Store.open(db) as store:
        meta = AssessmentMeta(
            id="00000000-0000-4000-8000-0000000000f1", client="Flipco", date="2025-03-14"
        )
        aid = store.import_assessment(rubric.source, meta, Baseline(), answers)
        store.set_cursor(aid, element)
    store = Store.open(db)
    app = CsMaturityApp(store)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("enter")  # open the only assessment in the flow
            await app.workers.wait_for_complete()
            await settle(pilot)
            flow = app.screen
            assert isinstance(flow, FlowScreen)
            assert flow.current == element

            await pilot.press("d")
            await settle(pilot)
            dash = app.screen
            assert isinstance(dash, DashboardScreen)
            before = dash.report
            assert before is not None
            number = next(i for i, a in enumerate(before.agents, 1) if a.id == agent_id)
            agent_name = before.agents[number - 1].name
            # in the trap: the fed mean is below strong_from, one gap among others
            blocked = f"{number} {agent_name}\n  {STATUS_NAMES['blocked']} · external"
            assert blocked in text_of(dash, "#agent-list")
            assert before.agents[number - 1].quadrant == "trap"
            assert "Fed maturity (weighted mean)" in text_of(dash, "#agent-list")
            overall_before = text_of(dash, "#overall")
            blueprint_before = [str(w.render()) for w in dash.query("#phases > Static")]

            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is flow
            await pilot.press(str(level))  # one answer changed, saved by the flow
            await app.workers.wait_for_complete()
            await settle(pilot)
            await pilot.press("d")
            await settle(pilot)
            reopened = app.screen
            assert isinstance(reopened, DashboardScreen)
            dash = reopened  # type: ignore[assignment]  # mypy: dash was narrowed above
            after = dash.report
            assert after is not None and after != before
            assert after == report_of(store, aid)
            assert text_of(dash, "#overall") != overall_before
            assert f"Overall {fmt.score(after.scores.overall)}" in text_of(dash, "#overall")
            # out of the trap, still blocked by its safeguards: the mean gap is gone
            assert blocked in text_of(dash, "#agent-list")
            point = dash.query_one("#quadrant-chart", QuadrantChart).data.points[number - 1]
            assert point.quadrant == "strong_external"
            assert "Fed maturity (weighted mean)" not in text_of(dash, "#agent-list")
            blueprint_after = [str(w.render()) for w in dash.query("#phases > Static")]
            assert blueprint_after != blueprint_before
            old = next(i for p in before.phases for i in p.items if i.id == agent_id)
            new = next(i for p in after.phases for i in p.items if i.id == agent_id)
            assert "Fed maturity" in old.note and old.note in blueprint_before
            assert "Fed maturity" not in new.note and new.note in blueprint_after
            assert old.note not in blueprint_after
    finally:
        store.close()


async def test_resuming_re_evaluates_and_redraws_only_on_change(store: Store) -> None:
    """A change made while the dashboard is underneath shows when it is the screen again."""
    from textual.screen import Screen

    rubric = load_default_rubric()
    answers, element, level, agent_id = one_key_flip(rubric)
    meta = AssessmentMeta(
        id="00000000-0000-4000-8000-0000000000f2", client="Resumeco", date="2025-03-14"
    )
    aid = store.import_assessment(rubric.source, meta, Baseline(), answers)
    app = make_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_dashboard(pilot, aid)
        dash = app.screen
        assert isinstance(dash, DashboardScreen)
        dash.action_show_tab("quadrant")
        await settle(pilot)
        chart = dash.query_one("#quadrant-chart", QuadrantChart)
        builds = chart.builds
        assert builds >= 1
        before = dash.report

        # same data: resuming re-evaluates but nothing is re-drawn
        await app.push_screen(Screen())
        await settle(pilot)
        app.pop_screen()
        await settle(pilot)
        assert dash.report == before
        assert chart.builds == builds

        # an answer changes underneath: the Report and the chart follow
        await app.push_screen(Screen())
        app.store.set_answer(aid, Answer(element, level=level))
        app.pop_screen()
        await settle(pilot)
        assert dash.report != before and dash.report == report_of(store, aid)
        point = next(
            p
            for p, a in zip(chart.data.points, dash.report.agents, strict=True)
            if a.id == agent_id
        )
        assert point.quadrant == "strong_external"
        assert chart.builds == builds + 1

        # a new size re-draws; a repaint at the same size does not
        await pilot.resize_terminal(140, 40)
        await settle(pilot)
        assert chart.builds == builds + 2
        chart.refresh()
        await settle(pilot)
        assert chart.builds == builds + 2


async def test_without_baseline_the_nrr_tab_gives_the_reason(store: Store) -> None:
    rubric = load_default_rubric()
    answers, *_ = one_key_flip(rubric)
    meta = AssessmentMeta(
        id="00000000-0000-4000-8000-0000000000f3", client="Nobase", date="2025-03-14"
    )
    aid = store.import_assessment(rubric.source, meta, Baseline(), answers)
    expected = report_of(store, aid)
    assert not expected.nrr.available and expected.nrr.reason
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dashboard(pilot, aid)
        dash = app.screen
        assert isinstance(dash, DashboardScreen)
        assert expected.nrr.reason in text_of(dash, "#nrr-lead")
        assert text_of(dash, "#nrr-lead").count("The NRR case is not sized") == 1
        assert not dash.query_one("#nrr-charts").display
        assert not dash.query_one("#nrr-table-head").display  # no heading over nothing


async def test_too_little_evidence_the_nrr_tab_says_what_is_missing(store: Store) -> None:
    rubric = load_default_rubric()
    first = rubric.dimensions[0]
    answers = [Answer(e.id, level=2) for e in first.elements]  # one dimension only
    base = ROUND_BASELINE
    meta = AssessmentMeta(
        id="00000000-0000-4000-8000-0000000000f4", client="Thin", date="2025-03-14"
    )
    aid = store.import_assessment(rubric.source, meta, base, answers)
    expected = report_of(store, aid)
    assert expected.nrr.available and not expected.nrr.sized
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dashboard(pilot, aid)
        dash = app.screen
        assert isinstance(dash, DashboardScreen)
        lead = text_of(dash, "#nrr-lead")
        assert "The NRR case is not sized" in lead and "too little evidence" in lead
        assert lead.count("The NRR case is not sized") == 1
        assert not dash.query_one("#nrr-charts").display
        assert not dash.query_one("#bridge-table").display
        table = dict((k, v) for k, v in rows(dash, "#nrr-table"))
        assert table["NRR today"] == "90.0%"  # the baseline's own facts stay
        assert "Churn Tax" not in table and "Opportunity" not in table


async def test_an_unknown_id_is_one_line_not_a_traceback(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dashboard(pilot, "no-such-id")
        dash = app.screen
        assert isinstance(dash, DashboardScreen)
        assert dash.report is None and dash.error
        assert text_of(dash, "#dash-title").startswith("Cannot show this assessment:")


async def test_d_on_home_opens_the_dashboard(store: Store) -> None:
    aid = load_demo(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.assessment_id == aid
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, DashboardScreen)


def test_plotext_is_imported_only_when_the_dashboard_opens() -> None:
    code = (
        "import sys, csmaturity_tui.tui.app, csmaturity_tui.cli;"
        "bad = [m for m in ('plotext', 'textual_plotext', 'csmaturity_tui.tui.screens.dashboard')"
        " if m in sys.modules]; print(bad)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


async def test_the_dashboard_reads_off_the_loop_and_an_unexpected_error_is_one_line(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    aid = load_demo(store)
    app = make_app(store)
    readers: list[str] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await open_dashboard(pilot, aid)
        dash = app.screen
        assert isinstance(dash, DashboardScreen) and dash.report is not None
        real = dash.store.load

        def load(id: str) -> Any:
            readers.append(threading.current_thread().name)
            if len(readers) > 1:
                raise ZeroDivisionError("division by zero")
            return real(id)

        monkeypatch.setattr(dash.store, "load", load)
        dash.action_reload()
        await settle(pilot)
        assert readers and threading.main_thread().name not in readers  # a worker reads
        dash.action_reload()
        await settle(pilot)
        assert dash.error == "unexpected error: ZeroDivisionError: division by zero"
        assert app.is_running
