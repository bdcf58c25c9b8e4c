"""Agents on the risk quadrant, with their gates and the failure modes to watch.

x: an agent's maturity, the mean of the scores of the dimensions it feeds on,
weighted by its ``feeds`` weights (unscored dimensions left out; None when none
is scored). "Strong" means maturity ≥ ``strong_from``; None counts as weak.
y: exposure, internal or external.

    internal + weak   → diagnostic_pilot        external + strong → beta_ready
    internal + strong → scale                   external + weak   → trap

Gate: every ``gate`` minimum must be met by the dimension's score (an unscored
dimension fails), and ``min_ai_readiness`` by the overall AI-readiness mean on
the scale (not the 0-100 index; an unscored layer fails). Each failing condition
is a GateGap (subject, label, current, required).
"""

from __future__ import annotations

from collections.abc import Mapping

from csmaturity_tui.engine.report import (
    AI_READINESS,
    AgentPlacement,
    FailureWatch,
    GateGap,
    Quadrant,
)
from csmaturity_tui.engine.scoring import weighted_mean
from csmaturity_tui.rubric import Agent, Rubric

AI_READINESS_LABEL = "AI readiness"


def is_strong(value: float | None, strong_from: float) -> bool:
    return value is not None and value >= strong_from


def quadrant_of(exposure: str, maturity: float | None, strong_from: float) -> Quadrant:
    strong = is_strong(maturity, strong_from)
    if exposure == "internal":
        return "scale" if strong else "diagnostic_pilot"
    return "beta_ready" if strong else "trap"


def gate_gaps(
    rubric: Rubric,
    agent: Agent,
    dim_scores: Mapping[str, float | None],
    ai_overall: float | None,
) -> tuple[GateGap, ...]:
    """The conditions of the agent's gate that are not met, in rubric order."""
    gaps: list[GateGap] = []
    for dim_id, required in agent.gate.items():
        current = dim_scores.get(dim_id)
        if current is None or current < required:
            name = rubric.dimension_by_id[dim_id].name
            gaps.append(GateGap(dim_id, name, current, float(required)))
    needed = agent.min_ai_readiness
    if needed is not None and (ai_overall is None or ai_overall < needed):
        gaps.append(GateGap(AI_READINESS, AI_READINESS_LABEL, ai_overall, float(needed)))
    return tuple(gaps)


def place(
    rubric: Rubric,
    dim_scores: Mapping[str, float | None],
    ai_overall: float | None,
    exposures: Mapping[str, float],
) -> tuple[AgentPlacement, ...]:
    """One placement per agent, in rubric order."""
    strong_from = rubric.quadrant.strong_from
    out: list[AgentPlacement] = []
    for agent in rubric.agents:
        fed: list[tuple[float, float]] = []
        for dim_id, weight in agent.feeds.items():
            value = dim_scores.get(dim_id)
            if value is not None:
                fed.append((value, weight))
        maturity = weighted_mean(fed)
        gaps = gate_gaps(rubric, agent, dim_scores, ai_overall)
        watches = tuple(
            FailureWatch(
                signal=fm.signal,
                dimension_id=fm.dimension,
                dimension_name=rubric.dimension_by_id[fm.dimension].name,
                meaning=fm.meaning,
                dimension_score=dim_scores.get(fm.dimension),
                weak=not is_strong(dim_scores.get(fm.dimension), strong_from),
            )
            for fm in agent.failure_modes
        )
        out.append(
            AgentPlacement(
                id=agent.id,
                name=agent.name,
                exposure=agent.exposure,
                maturity=maturity,
                quadrant=quadrant_of(agent.exposure, maturity, strong_from),
                gate_passed=not gaps,
                gaps=gaps,
                effort=agent.effort,
                levers=tuple(dict.fromkeys(agent.levers)),
                lever_return=sum((exposures[lever] for lever in dict.fromkeys(agent.levers)), 0.0),
                failure_modes=watches,
            )
        )
    return tuple(out)
