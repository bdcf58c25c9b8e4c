"""Jump anywhere: the command palette over every element (the flow's `g` and `/`) and
over every assessment (home), ranked above Textual's own commands."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from csmaturity_tui.store import Store
from csmaturity_tui.tui.app import CsMaturityApp
from csmaturity_tui.tui.screens.flow import FlowScreen
from helpers import make_app, settle


async def _hits(app: CsMaturityApp, pilot: Pilot[int], query: str) -> list[str]:
    """Type ``query`` into the open palette; the hits' text, best first."""
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*query)
    for _ in range(30):  # the palette searches in the background
        await pilot.pause(0.05)
        hits = app.screen.query_one(CommandList)
        if hits.option_count:
            break
    hits = app.screen.query_one(CommandList)
    return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]


async def _load_demo(pilot: Pilot[int]) -> None:
    await pilot.press("D")  # the demo, as a user loads it
    await settle(pilot)
    await settle(pilot)


async def _open_demo_flow(app: CsMaturityApp, pilot: Pilot[int], store: Store) -> FlowScreen:
    await _load_demo(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, FlowScreen)
    return app.screen


async def test_g_finds_an_element_by_words_of_its_title_or_question(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        flow = await _open_demo_flow(app, pilot, store)
        await pilot.press("g")
        hits = await _hits(app, pilot, "renewal forecast")
        assert hits[0].startswith("ER-01 Renewal forecast accuracy")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is flow and flow.current == "ER-01"


async def test_slash_finds_an_element_by_its_id_and_ranks_it_first(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        flow = await _open_demo_flow(app, pilot, store)
        await pilot.press("slash")
        hits = await _hits(app, pilot, "CJ-10")
        assert hits[0].startswith("CJ-10 Adoption definition · Adoption, Customer Journey")
        await pilot.press("enter")
        await settle(pilot)
        assert flow.current == "CJ-10"
        # an AI-readiness element too, by a word of its question
        await pilot.press("g")
        hits = await _hits(app, pilot, "misfiring agent paused")
        assert hits and hits[0].startswith("AI-16 ")


async def test_textual_commands_stay_reachable_below_ours(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await _open_demo_flow(app, pilot, store)
        await pilot.press("g")
        hits = await _hits(app, pilot, "quit")
        assert any("Quit" in h for h in hits)


async def test_home_palette_opens_an_assessment_by_client(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await _load_demo(pilot)
        await pilot.press("ctrl+p")
        hits = await _hits(app, pilot, "lumenfold")
        assert hits[0].startswith("Lumenfold Analytics · ")
        assert "7d0e5a3c" in hits[0]  # the id's start: two rounds of one date differ there
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FlowScreen)
