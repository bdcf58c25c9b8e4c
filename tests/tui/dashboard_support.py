"""Helpers for the dashboard tests: open it in the real app, the default rubric, and
an assessment where one answer moves an external agent out of the trap.

Rubric-driven: no dimension, element or agent name here.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

from textual.pilot import Pilot

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.engine import evaluate
from csmaturity_tui.model import Answer, Assessment, AssessmentMeta, Baseline
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


# -- a fully answered assessment in every quadrant (the rounds screens build on it) --

ASSESSMENT_ID = "0d5a1b7e-9c1e-4f3a-8d2b-5e6f7a8b9c0d"
STAMP = "2025-03-14T09:30:00.000000+00:00"
OFFSETS = (0, 1, -1, 0, 1, 0, -1)
AI_LEVELS = (3, 2, 4, 3, 2, 3)
QUADRANTS = {"diagnostic_pilot", "strong_internal", "strong_external", "trap"}
BASELINE = Baseline(
    currency="USD",
    period="FY2024",
    start_arr=12_500_000.0,
    churned_arr=1_100_000.0,
    contraction_arr=600_000.0,
    expansion_arr=900_000.0,
)
META = AssessmentMeta(
    id=ASSESSMENT_ID,
    client="Northwind Analytics",
    scope="Mid-market and enterprise CS",
    assessors="A. Assessor",
    date="2025-03-14",
    status="draft",
    created=STAMP,
    updated=STAMP,
)


def answers_for(rubric: Rubric, bases: dict[str, int]) -> list[Answer]:
    top = rubric.levels
    out: list[Answer] = []
    n = 0
    for dim in rubric.dimensions:
        for i, element in enumerate(dim.elements):
            n += 1
            if n % 29 == 0:
                out.append(Answer(element.id, na_reason="Not offered in this segment"))
                continue
            level = min(max(bases[dim.id] + OFFSETS[i % len(OFFSETS)], 1), top)
            out.append(
                Answer(
                    element.id,
                    level=level,
                    confidence="low" if n % 7 == 0 else "high" if n % 3 == 0 else "medium",
                    flagged=n % 11 == 0,
                    note="Seen in the QBR deck" if n % 13 == 0 else "",
                )
            )
    for i, ai_element in enumerate(rubric.ai_readiness):
        out.append(Answer(ai_element.id, level=min(AI_LEVELS[i % len(AI_LEVELS)], top)))
    return [Answer(**{**a.__dict__, "updated": STAMP, "by": "fixture"}) for a in out]


def four_quadrant_answers(rubric: Rubric) -> list[Answer]:
    """The first base combination (in a fixed order) that fills every quadrant it can."""
    top = rubric.levels
    low, high = 2, max(top - 1, 2)
    best: tuple[int, list[Answer]] | None = None
    for combo in itertools.product((low, high), repeat=len(rubric.dimensions)):
        bases = {d.id: b for d, b in zip(rubric.dimensions, combo, strict=True)}
        answers = answers_for(rubric, bases)
        report = evaluate(rubric, assessment_of(rubric, answers, META))
        found = len({a.quadrant for a in report.agents} & QUADRANTS)
        if found == len(QUADRANTS):
            return answers
        if best is None or found > best[0]:
            best = (found, answers)
    assert best is not None
    return best[1]
