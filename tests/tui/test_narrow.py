"""At 80x24: the question pane scrolls by keys, the tree and the footers show whole
words and counts, home tells rounds apart, the dashboard's tables and charts fit."""

from __future__ import annotations

import datetime as dt

from dashboard_support import open_dashboard
from rich.text import Text
from textual.geometry import Size
from textual.widgets import DataTable, Footer

from csmaturity_tui.services import load_demo
from csmaturity_tui.store import Store
from csmaturity_tui.tui.app import CsMaturityApp
from csmaturity_tui.tui.screens.dashboard import TABS, DashboardScreen
from csmaturity_tui.tui.screens.flow import FlowScreen
from csmaturity_tui.tui.screens.help import HelpScreen, legend_rows
from csmaturity_tui.tui.screens.home import _when
from csmaturity_tui.tui.widgets.charts import ScoreBars
from helpers import DEFAULT_RUBRIC, add_assessment, make_app, settle

NARROW = (80, 24)


def footer_keys(app: CsMaturityApp) -> list[str]:
    """The footer's keys shown whole, as "key description"; fails on one cut short."""
    footer = app.screen.query_one(Footer)
    shown = []
    for item in footer.query("FooterKey"):
        if not item.display:
            continue
        region = item.region
        assert region.right <= footer.region.right, f"cut: {item.render()}"
        shown.append(Text.from_markup(str(item.render())).plain.strip())
    return shown


async def test_home_tells_rounds_apart_and_its_footer_fits(store: Store) -> None:
    for n in (1, 2):  # two rounds of one client on one date
        add_assessment(store, "Acme", id=f"{n}0000000-0000-4000-8000-000000000000")
    app = make_app(store)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert [str(c.label) for c in table.columns.values()] == [
            "Client",
            "ID",
            "Date",
            "Updated",
            "Status",
            "Done",
            "Score",
        ]
        ids = {table.get_row_at(i)[1].plain for i in range(table.row_count)}
        assert ids == {"10000000", "20000000"}
        room = table.scrollable_content_region.width
        assert table.virtual_size.width <= room  # no column off the screen
        keys = footer_keys(app)
        for wanted in ("w Changes", "= Compare", "t Trend", "? Help", "^p palette"):
            assert wanted in keys


def test_updated_reads_as_local_time() -> None:
    now = dt.datetime(2026, 3, 4, 9, 0)
    assert _when("2026-03-18T17:42:00Z", now) == "18 Mar 17:42"  # TZ=UTC in the tests
    assert _when("2025-03-20T16:10:00Z", now) == "2025-03-20"
    assert _when("not a time", now) == "not a time"


def check_tree(flow: FlowScreen) -> None:
    """Counts whole, long titles cut in the middle (both ends kept), within the tree."""
    tree = flow.etree
    room = tree.scrollable_content_region.width
    first = flow.rubric.dimensions[0]
    done = sum(e.id in flow.answers and flow.answers[e.id].is_done for e in first.elements)
    count = f" {done}/{len(first.elements)}"
    assert str(tree.group_nodes[0].label).endswith(count)  # the count whole
    cut = {i: str(n.label) for i, n in tree.element_nodes.items() if "…" in str(n.label)}
    assert cut  # the default rubric has titles longer than the tree at 80 columns
    for element_id, text in cut.items():
        assert len(text) + 4 <= room  # the label and its guides within the tree
        head, tail = text.split(f"{element_id} ", 1)[1].split("…")
        title = flow.rubric.element_by_id[element_id].title
        assert head and tail and title.startswith(head) and title.endswith(tail)


async def test_the_flow_at_80x24(store: Store) -> None:
    """The question pane pages from the tree (l: levels in short); the tree keeps its
    counts whole and cuts long titles in the middle."""
    load_demo(store)
    app = make_app(store, DEFAULT_RUBRIC)
    async with app.run_test(size=NARROW) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        flow = app.screen
        assert isinstance(flow, FlowScreen)
        check_tree(flow)
        view = flow.view
        assert view.max_scroll_y > 0  # the element does not fit: levels 4-5 are below
        # on the element shown at opening, l: the levels in short (their names), the
        # chosen one in full; l again: in full
        other = next(s for s in flow.rubric.scale if s.level != view.current_level)
        part = f"level-{other.level}"
        full = view.text(part)
        await pilot.press("l")
        await pilot.pause()
        assert view.text(part).strip() == f"{other.level} {other.name}"
        body = view.body  # as tall as its lines now, no blank tail to scroll into
        lines = body.get_content_height(Size(0, 0), Size(0, 0), body.content_size.width)
        assert body.size.height == max(lines, view.scrollable_content_region.height)
        if view.current_level is not None:  # the chosen level stays in full
            assert len(view.text(f"level-{view.current_level}")) > 40
        await pilot.press("l")
        assert view.text(part) == full
        await pilot.press("pagedown")
        await pilot.pause()
        assert view.scroll_y > 0 and flow.etree.has_focus  # the tree keeps the keys
        await pilot.press("end")  # the tree's own key still moves the tree
        for _ in range(6):
            await pilot.press("pagedown")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y  # the end: note, evidence, tagged
        await pilot.press("pageup")
        await pilot.pause()
        assert view.scroll_y < view.max_scroll_y
        keys = footer_keys(app)
        assert keys[0] == "PgDn Read on" and "? Help" in keys
        last = flow.all_ids[-1]  # a jump: the footer recomposes under the palette
        await pilot.press("g", *last, "enter")
        await settle(pilot)
        assert flow.current == last and footer_keys(app) == keys
        # with the note open, the page keys are the note's
        await pilot.press("e")
        await pilot.pause()
        top = view.scroll_y
        await pilot.press("pagedown")
        assert flow.note_for is not None and view.scroll_y == top


async def test_dashboard_fits_80_columns(store: Store) -> None:
    aid = load_demo(store)
    app = make_app(store, DEFAULT_RUBRIC)
    async with app.run_test(size=NARROW) as pilot:
        await open_dashboard(pilot, aid)
        dash = app.screen
        assert isinstance(dash, DashboardScreen) and dash.has_class("-narrow")
        chart = dash.query_one("#score-chart", ScoreBars)
        drawn = chart.render()
        assert isinstance(drawn, Text)
        for bar in chart.data.bars:
            assert bar.label in drawn.plain  # the labels in full
        assert "┃ target" in drawn.plain  # the mark's legend
        for tab, _title in TABS:
            dash.action_show_tab(tab)
            await settle(pilot)
            for table in dash.query(f"#{tab} DataTable").results(DataTable):
                if table.display and table.row_count:
                    room = table.scrollable_content_region.width  # no sideways scrolling
                    assert table.virtual_size.width <= room, table.id
        opens = dash.query_one("#vector-table", DataTable)
        assert str(list(opens.columns.values())[-1].label) == "Opens"
        await pilot.press("end")  # scrolls the tab from the tabs
        assert dash.query_one("#blueprint-body").scroll_y > 0
        keys = footer_keys(app)
        assert "? Help" in keys and "esc Back" in keys
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        symbols = [symbol for symbol, _meaning in legend_rows(dash)]
        for used in ("┃", "┊", "3?", "░ TRAP"):  # every mark the charts draw is explained
            assert used in symbols
