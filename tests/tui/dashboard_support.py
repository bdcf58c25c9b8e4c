"""Helpers for the dashboard tests: open it in the real app, the default rubric, and
an assessment where one answer moves an external agent out of the trap.

Rubric-driven: no dimension, element or agent name here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.pilot import Pilot

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.engine import evaluate
from csmaturity_tui.model import Answer, Assessment, AssessmentMeta
from csmaturity_tui.rubric import Rubric
from helpers import DEFAULT_RUBRIC, settle

if TYPE_CHECKING:
    from csmaturity_tui.tui.screens.dashboard import DashboardScreen


def load_default_rubric() -> Rubric:
    return rubric_mod.load(DEFAULT_RUBRIC)


def assessment_of(rubric: Rubric, answers: list[Answer], meta: AssessmentMeta) -> Assessment:
    return Assessment(meta=meta, answers={a.element_id: a for a in answers})


async def open_dashboard(pilot: Pilot[Any], assessment_id: str) -> DashboardScreen:
    """Open the dashboard of ``assessment_id`` in the real app (as ``d`` on home does)."""
    from csmaturity_tui.tui.app import CsMaturityApp
    from csmaturity_tui.tui.screens.dashboard import DashboardScreen

    await settle(pilot)
    assert isinstance(pilot.app, CsMaturityApp)
    pilot.app.open_dashboard(assessment_id)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DashboardScreen)
    return screen


def one_key_flip(rubric: Rubric) -> tuple[list[Answer], str, int, str]:
    """A sparse assessment where ONE answer moves an external agent out of the trap.

    For an external agent, one element of each dimension it feeds on is answered at
    the same low level; raising the element returned to the top level makes the agent
    strong. Returns (answers, element id to change, the level to give it, agent id).
    Found by trying agents, dimensions and low levels in rubric order.
    """
    top = rubric.levels
    meta = AssessmentMeta(id="flip", client="Flip")
    for agent in rubric.agents:
        if agent.exposure != "external":
            continue
        firsts = {d: rubric.dimension_by_id[d].elements[0].id for d in agent.feeds}
        for low in range(1, top):
            answers = [Answer(e, level=low) for e in firsts.values()]
            for element in firsts.values():
                raised = [
                    Answer(a.element_id, level=top if a.element_id == element else low)
                    for a in answers
                ]
                before = evaluate(rubric, assessment_of(rubric, answers, meta))
                after = evaluate(rubric, assessment_of(rubric, raised, meta))
                b = next(a for a in before.agents if a.id == agent.id)
                c = next(a for a in after.agents if a.id == agent.id)
                if b.quadrant == "trap" and c.quadrant == "strong_external":
                    return answers, element, top, agent.id
    raise AssertionError("no single answer moves an external agent out of the trap")
