"""The question flow, by keys alone: answer, N/A, note, flag, undo, resume, filter."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from csmaturity_tui.model import Baseline
from csmaturity_tui.store import Store
from csmaturity_tui.tui.app import CsMaturityApp
from csmaturity_tui.tui.screens.dialogs import ChoiceScreen, PromptScreen
from csmaturity_tui.tui.screens.flow import FlowScreen
from helpers import add_assessment, make_app

AID = "00000000-0000-4000-8000-00000000000a"


async def open_flow(app: CsMaturityApp, pilot: Pilot[int]) -> FlowScreen:
    await pilot.pause()
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert isinstance(app.screen, FlowScreen)
    return app.screen


def label(screen: FlowScreen, element_id: str) -> str:
    return str(screen.etree.element_nodes[element_id].label)


def group_labels(screen: FlowScreen) -> list[str]:
    return [str(node.label) for node in screen.etree.group_nodes]


async def test_answer_a_dimension_by_keys_then_resume(store: Store, db_path: Path) -> None:
    add_assessment(store, "Acme", id=AID)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        flow = await open_flow(app, pilot)
        assert flow.current == "OB-1"  # nothing answered: starts at the first element
        await pilot.press("3")  # OB-1 level 3, moves on
        assert flow.current == "OB-2"
        await pilot.press("n")  # N/A asks the reason
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"not run here", "enter")
        await pilot.pause()
        assert flow.current == "OB-3"
        await pilot.press("f")  # flag OB-3
        await pilot.press("e", *"see tracker", "ctrl+s", "escape")  # a note, saved
        await pilot.pause()
        assert flow.note_for is None
        await pilot.press("c")  # confidence medium -> high
        await pilot.press("2")  # OB-3 level 2 ...
        assert flow.current == "SQ-1"
        await pilot.press("ctrl+z")  # ... undone: back at OB-3, unanswered again
        await pilot.pause()
        assert flow.current == "OB-3"
        assert flow.answers["OB-3"].level is None
        assert "Saved 14:02:11" in str(flow.query_one("#status").render())
        await pilot.press("4")  # the answer that stays
        assert flow.current == "SQ-1"
        assert group_labels(flow)[0] == "Onboarding Craft 3/3"
        await pilot.press("q")
    assert not app.is_running

    # every answer is in SQLite, as the store wrote it
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute(
            "SELECT element_id, level, na_reason, confidence, note, flagged FROM answers "
            "WHERE assessment_id = ? ORDER BY element_id",
            (AID,),
        ).fetchall()
    assert rows == [
        ("OB-1", 3, None, "medium", "", 0),
        ("OB-2", None, "not run here", "medium", "", 0),
        ("OB-3", 4, None, "high", "see tracker", 1),
    ]

    # reopened: the same answers on screen, resumed where the assessor left
    with Store.open(db_path) as again:
        app2 = make_app(again)
        async with app2.run_test(size=(100, 30)) as pilot:
            flow = await open_flow(app2, pilot)
            assert flow.current == "SQ-1"
            assert label(flow, "OB-1").startswith("✓ ")
            assert label(flow, "OB-2").startswith("– ")
            assert label(flow, "OB-3").startswith("✓⚑")
            assert label(flow, "SQ-1").startswith("· ")
            assert group_labels(flow)[0] == "Onboarding Craft 3/3"
            await pilot.press("k")  # back to OB-3: its level, note and flag are shown
            assert flow.current == "OB-3"
            detail = flow.view
            assert "see tracker" in detail.text("note")
            assert "flagged" in detail.state_text
            assert detail.current_level == 4
            assert detail.text("level-4").startswith("▶4 ")  # the highlighted level


async def test_na_needs_a_reason_and_escape_writes_nothing(store: Store) -> None:
    add_assessment(store, "Acme", id=AID)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        flow = await open_flow(app, pilot)
        await pilot.press("0", "enter")  # empty reason refused
        assert isinstance(app.screen, PromptScreen)
        assert "needs a reason" in str(app.screen.query_one("#prompt-error").render())
        # a reason with a control character (pasted) is refused, quoted and escaped
        app.screen.query_one("#prompt-input", Input).value = "[b]moved\x1b]0;T\x07"
        await pilot.press("enter")
        assert isinstance(app.screen, PromptScreen)
        shown = str(app.screen.query_one("#prompt-error").render())
        assert "must not contain a control character" in shown
        assert "(got '[b]moved\\x1b]0;T\\x07')" in shown
        await pilot.press("escape")
        assert app.screen_stack[-1] is flow
        assert flow.current == "OB-1"
    assert store.load(AID)[1].answers == {}


async def test_note_escape_asks_before_discarding(store: Store) -> None:
    add_assessment(store, "Acme", id=AID)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        flow = await open_flow(app, pilot)
        await pilot.press("e", *"draft", "escape")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("k")  # keep editing
        assert flow.note_for == "OB-1"
        assert flow.editor.text == "draft"
        await pilot.press("escape", "d")  # discard
        await pilot.pause()
        assert flow.note_for is None
        assert "OB-1" not in store.load(AID)[1].answers
        await pilot.press("e", *"kept", "tab")  # leaving the editor saves it
        await pilot.pause()
        assert flow.note_for is None
        assert store.load(AID)[1].answers["OB-1"].note == "kept"


async def test_level_keys_follow_the_scale(store: Store) -> None:
    add_assessment(store, "Acme", id=AID)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        flow = await open_flow(app, pilot)
        await pilot.press("5")  # the fixture scale has 4 levels: 5 does nothing
        assert flow.current == "OB-1"
        assert store.load(AID)[1].answers == {}
        keys = {k for k, b in flow.active_bindings.items() if b.binding.action.startswith("level")}
        assert keys == {"1", "2", "3", "4"}


async def test_navigation_keys(store: Store) -> None:
    add_assessment(store, "Acme", id=AID)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        flow = await open_flow(app, pilot)
        await pilot.press("j", "j")
        assert flow.current == "OB-3"
        await pilot.press("k")
        assert flow.current == "OB-2"
        await pilot.press("right_square_bracket")
        assert flow.current == "SQ-1"
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        assert flow.current == "RD-1"  # the AI-readiness layer is its own section
        await pilot.press("left_square_bracket")
        assert flow.current == "TH-1"
        await pilot.press("left_square_bracket")
        assert flow.current == "CM-1"
        await pilot.press("1", "1")  # CM-1 and CM-2 answered
        assert flow.current == "CM-3"
        await pilot.press("k", "k", "u")  # u skips the answered ones
        assert flow.current == "CM-3"
        await pilot.press("escape")
        assert type(app.screen).__name__ == "HomeScreen"


async def test_filter_views(store: Store) -> None:
    add_assessment(store, "Acme", id=AID)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        flow = await open_flow(app, pilot)
        await pilot.press("2", "f")  # OB-1 answered; OB-2 flagged
        await pilot.press("c", "c")  # OB-2 confidence low (medium -> high -> low)
        await pilot.press("n", *"n/a", "enter")  # OB-2 N/A, moves to OB-3
        await pilot.pause()
        assert flow.current == "OB-3"

        await pilot.press("v")  # unanswered
        assert flow.filter == "unanswered"
        assert "OB-1" not in flow.order and "OB-2" not in flow.order
        assert len(flow.order) == 13
        await pilot.press("v")  # flagged
        assert flow.order == ["OB-2"]
        assert flow.current == "OB-2"
        await pilot.press("v")  # low confidence
        assert flow.order == ["OB-2"]
        await pilot.press("v")  # N/A
        assert flow.order == ["OB-2"]
        assert "view: N/A" in (flow.sub_title or "")
        await pilot.press("v")  # all again
        assert len(flow.order) == 15


async def test_palette_runs_screen_actions(store: Store) -> None:
    add_assessment(store, "Acme", id=AID)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        flow = await open_flow(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"View: flagged")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert flow.filter == "flagged"


async def test_enter_on_a_heading_goes_to_its_first_element(store: Store) -> None:
    add_assessment(store, "Acme", id=AID)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        flow = await open_flow(app, pilot)
        await pilot.press("up", "up")  # OB-1 -> Kickoff -> Onboarding Craft
        assert flow.current is None
        assert "Areas" in flow.view.text("evidence")
        await pilot.press("enter")
        assert flow.current == "OB-1"


async def test_ai_readiness_beside_its_dimension(store: Store) -> None:
    add_assessment(store, "Acme", id=AID)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        flow = await open_flow(app, pilot)
        # OB-1's detail names the AI-readiness element tagged to its dimension
        assert "RD-2" in flow.view.text("tagged")
        await pilot.press("j", "j", "down", "enter")  # OB-3, then the folded AI group
        assert flow.current == "RD-2"
        await pilot.press("3")  # answered from beside the dimension ...
        assert flow.answers["RD-2"].level == 3
        copies = [str(n.label) for n in flow.etree.copy_nodes["RD-2"]]
        assert copies and all(c.startswith("✓") for c in copies)
        assert label(flow, "RD-2").startswith("✓")  # ... and marked in its own section too


async def test_drawn_ahead_and_cached_lines_equal_a_fresh_drawing(store: Store) -> None:
    """The latency work (bench/README.md) must never show a stale line."""
    from textual.widgets import Tree

    add_assessment(store, "Acme", id=AID)
    app = make_app(store)
    async with app.run_test(size=(80, 16)) as pilot:  # small: the tree scrolls
        flow = await open_flow(app, pilot)
        for key in ["3", "2", "f", "1", "c", "4", "2", "k", "ctrl+z", "3", "]", "1", "u"]:
            await pilot.press(key)
            await pilot.pause()
            tree = flow.etree
            for y in range(tree.size.height):
                assert tree.render_line(y).text == Tree.render_line(tree, y).text, (key, y)
            body = flow.view.body
            shown = [body.render_line(y) for y in range(body.size.height)]
            body.notify_style_update()  # its drawn lines forgotten: draw again from the parts
            assert [body.render_line(y) for y in range(body.size.height)] == shown, key
        # what a level key showed after a drawing ahead is the element's own
        assert flow.current is not None
        assert flow.view.text("title").startswith(flow.current)
        answer = flow.answers.get(flow.current)
        assert flow.view.current_level == (answer.level if answer else None)


async def test_an_answer_keeps_the_header_and_moves_the_count(store: Store) -> None:
    add_assessment(store, "Acme", id=AID)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        flow = await open_flow(app, pilot)
        progress = flow.query_one("#progress")
        assert str(progress.render()) == "0/15 done (0%)"
        await pilot.press("3")
        assert flow.sub_title == "view: all"  # a new sub-title repaints the whole screen
        assert str(progress.render()) == "1/15 done (7%)"


async def test_each_fast_key_answers_the_element_it_was_pressed_on(store: Store) -> None:
    """100 level keys 5 ms apart (key repeat, a fast typist): each answers its own element.

    Highlight messages of earlier moves may still be queued when a key arrives; a key
    answers the element shown when it arrived, never the one just answered.
    """
    import asyncio
    import time

    from textual import events
    from textual.widgets import Tree

    from csmaturity_tui import rubric as rubric_mod

    rubric = rubric_mod.load()  # the default rubric: more than 100 elements
    store.create_assessment(rubric, client="Fast", date="2026-03-01", baseline=Baseline(), id=AID)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        flow = await open_flow(app, pilot)
        order = list(flow.order)
        assert flow.current == order[0] and len(order) > 100
        levels = [1 + i % rubric.levels for i in range(100)]
        for n, level in enumerate(levels):
            shown = flow.etree.cursor_node
            app.post_message(events.Key(str(level), str(level)))
            # the highlight of the element just shown, still queued behind the key (as a
            # terminal delivers it when keys come faster than the screen): it is stale
            # once the key has answered the element and moved on
            assert shown is not None
            flow.etree.post_message(Tree.NodeHighlighted(shown))
            # 5 ms apart; every tenth key lets the loop run, so keys queue up between
            if n % 10 == 9:
                await asyncio.sleep(0.005)
            else:
                time.sleep(0.005)
        for _ in range(200):
            await pilot.pause(0.05)
            if len(flow.answers) >= 100 and flow.current == order[100]:
                break
        given = {eid: a.level for eid, a in flow.answers.items()}
        assert given == dict(zip(order[:100], levels, strict=True))
        _rubric, stored = store.load(AID)
        assert {eid: a.level for eid, a in stored.answers.items()} == given
        assert flow.current == order[100]


async def test_a_note_that_breaks_the_text_rule_stays_in_the_editor(store: Store) -> None:
    add_assessment(store, "Acme", id=AID)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        flow = await open_flow(app, pilot)
        await pilot.press("e")
        flow.editor.text = "pasted \x1b]52;c;eA==\x07 text\nsecond line"
        await pilot.press("ctrl+s")
        await pilot.pause()
        status = str(flow.query_one("#status").render())
        assert "Not saved: note: must not contain a control character" in status
        assert flow.note_for == "OB-1" and flow.editor.text.startswith("pasted \x1b")
        flow.editor.text = "clean text\nsecond line\twith a tab"
        await pilot.press("ctrl+s", "escape")
        await pilot.pause()
        assert flow.note_for is None
    assert store.load(AID)[1].answers["OB-1"].note == "clean text\nsecond line\twith a tab"
