"""Agents on the risk quadrant, their gates, their pilots and their one status.

x: an agent's maturity, the mean of the scores of the dimensions it feeds on,
weighted by its ``feeds`` weights (unscored dimensions left out; None when none
is scored). "Strong" means maturity ≥ ``strong_from``; None counts as weak.
y: exposure, internal or external. The quadrant is where the agent sits on the
chart; what the plan does with it is its status.

The gate is every condition below; each one not met is a GateGap:

- every fed dimension is scored (else the agent is ``not_evaluable``: a mean
  over the scored part would hide what nobody has looked at);
- the fed maturity (weighted mean) ≥ ``strong_from`` (kind ``maturity``);
- every ``gate`` minimum is met by the dimension's score (kind ``dimension``);
- the weakest fed dimension ≥ the weak-link floor, ``[quadrant] weak_link_from``
  (kind ``weak_link``): a mean cannot average a weak dimension away;
- ``min_ai_readiness`` ≤ the overall AI-readiness mean (kind ``ai_readiness``);
- every safeguard in ``gate_elements`` is answered at its minimum level or above;
  an unanswered or N/A safeguard is not met (kind ``element``). An external agent
  whose (older) rubric declares no safeguards is blocked (kind ``undeclared``).

Status, one per agent:

    internal: scale when the gate passes and its pilot is proven, else pilot
              (an internal agent is piloted whatever its gate)
    external: not_evaluable  a fed dimension is unscored
              blocked        a gate condition fails
              awaiting_pilots the gate passes, a pilot in its ``after`` is not proven
              beta_ready     the gate passes and every pilot it waits on is proven
"""

from __future__ import annotations

from collections.abc import Mapping

from csmaturity_tui.engine.report import (
    AI_READINESS,
    MATURITY,
    UNDECLARED,
    AgentPlacement,
    AgentStatus,
    Assumption,
    FailureWatch,
    GateGap,
    Quadrant,
)
from csmaturity_tui.engine.scoring import weighted_mean
from csmaturity_tui.model import Answer, PilotOutcome
from csmaturity_tui.rubric import Agent, Rubric

AI_READINESS_LABEL = "AI readiness"
MATURITY_LABEL = "Fed maturity (weighted mean)"
UNDECLARED_LABEL = "Safeguard elements (the rubric declares none)"


def is_strong(value: float | None, strong_from: float) -> bool:
    return value is not None and value >= strong_from


def quadrant_of(exposure: str, maturity: float | None, strong_from: float) -> Quadrant:
    strong = is_strong(maturity, strong_from)
    if exposure == "internal":
        return "strong_internal" if strong else "diagnostic_pilot"
    return "strong_external" if strong else "trap"


def gate_gaps(
    rubric: Rubric,
    agent: Agent,
    dim_scores: Mapping[str, float | None],
    ai_overall: float | None,
    answers: Mapping[str, Answer] | None = None,
) -> tuple[GateGap, ...]:
    """The conditions of the agent's gate that are not met, in a fixed order."""
    answers = answers or {}
    gaps: list[GateGap] = []
    fed = [(dim_scores.get(d), w) for d, w in agent.feeds.items()]
    maturity = weighted_mean([(v, w) for v, w in fed if v is not None])
    strong_from = rubric.quadrant.strong_from
    if maturity is not None and maturity < strong_from:
        gaps.append(GateGap(MATURITY, MATURITY_LABEL, maturity, strong_from, "maturity"))
    for dim_id, required in agent.gate.items():
        current = dim_scores.get(dim_id)
        if current is None or current < required:
            name = rubric.dimension_by_id[dim_id].name
            gaps.append(GateGap(dim_id, name, current, float(required)))
    floor = rubric.quadrant.weak_link
    named = {g.subject for g in gaps}
    for dim_id in agent.feeds:
        current = dim_scores.get(dim_id)
        if current is not None and current < floor and dim_id not in named:
            name = rubric.dimension_by_id[dim_id].name
            gaps.append(GateGap(dim_id, name, current, floor, "weak_link"))
    needed = agent.min_ai_readiness
    if needed is not None and (ai_overall is None or ai_overall < needed):
        gaps.append(
            GateGap(AI_READINESS, AI_READINESS_LABEL, ai_overall, float(needed), "ai_readiness")
        )
    if agent.gate_elements is None:
        if agent.exposure == "external":
            top = float(rubric.levels)
            gaps.append(GateGap(UNDECLARED, UNDECLARED_LABEL, None, top, "undeclared"))
    else:
        for element_id, minimum in agent.gate_elements.items():
            answer = answers.get(element_id)
            level = answer.level if answer is not None else None
            if level is None or level < minimum:
                title = rubric.element_by_id[element_id].title
                current = None if level is None else float(level)
                gaps.append(GateGap(element_id, title, current, float(minimum), "element"))
    return tuple(gaps)


def _status(
    agent: Agent, evaluable: bool, gaps: tuple[GateGap, ...], unproven: bool
) -> AgentStatus:
    """``unproven``: for an internal agent its own pilot, for an external one its ``after``."""
    if agent.exposure == "internal":
        return "scale" if evaluable and not gaps and not unproven else "pilot"
    if not evaluable:
        return "not_evaluable"
    if gaps:
        return "blocked"
    return "awaiting_pilots" if unproven else "beta_ready"


def place(
    rubric: Rubric,
    dim_scores: Mapping[str, float | None],
    ai_overall: float | None,
    exposures: Mapping[str, float],
    answers: Mapping[str, Answer] | None = None,
    pilots: Mapping[str, PilotOutcome] | None = None,
) -> tuple[AgentPlacement, ...]:
    """One placement per agent, in rubric order."""
    pilots = pilots or {}
    return tuple(
        _place(rubric, agent, dim_scores, ai_overall, exposures, answers, pilots)
        for agent in rubric.agents
    )


def _place(
    rubric: Rubric,
    agent: Agent,
    dim_scores: Mapping[str, float | None],
    ai_overall: float | None,
    exposures: Mapping[str, float],
    answers: Mapping[str, Answer] | None,
    pilots: Mapping[str, PilotOutcome],
) -> AgentPlacement:
    """One agent: its fed maturity, gate gaps, pilots and the status they give."""
    strong_from = rubric.quadrant.strong_from
    fed = {d: dim_scores.get(d) for d in agent.feeds}
    scored = {d: v for d, v in fed.items() if v is not None}
    maturity = weighted_mean([(v, agent.feeds[d]) for d, v in scored.items()])
    weakest_id = min(scored, key=lambda d: (scored[d], d)) if scored else None
    unscored = tuple(rubric.dimension_by_id[d].name for d, v in fed.items() if v is None)
    gaps = gate_gaps(rubric, agent, dim_scores, ai_overall, answers)
    record = pilots.get(agent.id)
    after = rubric.pilots_needed(agent)
    unproven = tuple(p for p in after if (pilots.get(p) or PilotOutcome(p)).outcome != "proven")
    internal = agent.exposure == "internal"
    own_outcome = record.outcome if record is not None else "not_started"
    levers = tuple(dict.fromkeys(agent.levers))
    return AgentPlacement(
        id=agent.id,
        name=agent.name,
        exposure=agent.exposure,
        maturity=maturity,
        quadrant=quadrant_of(agent.exposure, maturity, strong_from),
        gate_passed=not gaps and not unscored,
        gaps=gaps,
        effort=agent.effort,
        levers=levers,
        lever_return=sum((exposures[lever] for lever in levers), 0.0),
        failure_modes=_watches(rubric, agent, dim_scores, record),
        status=_status(
            agent,
            not unscored,
            gaps,
            bool(unproven) if not internal else own_outcome != "proven",
        ),
        weakest=None if weakest_id is None else scored[weakest_id],
        weakest_id=weakest_id,
        unscored=unscored,
        pilot_outcome=own_outcome if internal else None,
        pilot_note=record.note if record is not None else "",
        after=after,
        unproven=unproven,
    )


def _watches(
    rubric: Rubric,
    agent: Agent,
    dim_scores: Mapping[str, float | None],
    record: PilotOutcome | None,
) -> tuple[FailureWatch, ...]:
    """The agent's failure modes, each with its dimension's score, weak or not, seen or not."""
    seen = set(record.seen) if record is not None else set()
    return tuple(
        FailureWatch(
            id=fm_id,
            signal=fm.signal,
            dimension_id=fm.dimension,
            dimension_name=rubric.dimension_by_id[fm.dimension].name,
            area=fm.area,
            meaning=fm.meaning,
            dimension_score=dim_scores.get(fm.dimension),
            weak=not is_strong(dim_scores.get(fm.dimension), rubric.quadrant.strong_from),
            seen=fm_id in seen,
        )
        for fm_id, fm in zip(agent.failure_mode_ids, agent.failure_modes, strict=True)
    )


def assumptions(rubric: Rubric) -> tuple[Assumption, ...]:
    """The gate rules as the report states them, with every default the rubric left to us."""
    q = rubric.quadrant
    floor_source = (
        "rubric [quadrant] weak_link_from"
        if q.weak_link_from is not None
        else "default (the rubric sets no weak_link_from): strong_from − 0.5, not below 1"
    )
    out = [
        Assumption(
            "Gate: fed maturity",
            f"the weighted mean of the fed dimensions ≥ strong_from {q.strong_from:.2f}",
            "rubric [quadrant] strong_from; the article's quadrant",
            origin="article",
        ),
        Assumption(
            "Gate: weak link",
            f"every fed dimension ≥ {q.weak_link:.2f}, whatever the mean",
            f"{floor_source}; an addition of this tool to the article's method",
            default=q.weak_link_from is None,
        ),
        Assumption(
            "Gate: evidence",
            "an agent with an unscored fed dimension is not evaluable, never beta-ready",
            "an addition of this tool to the article's method",
        ),
        Assumption(
            "Gate: safeguards",
            "each safeguard element at its minimum level; unanswered or N/A counts as not met",
            "rubric gate_elements of each agent; an addition of this tool",
        ),
        Assumption(
            "Beta: pilots first",
            "an external agent goes to a beta only once every pilot it waits on is proven",
            "the article: external deployment once the operating model has absorbed the "
            "diagnostic from internal deployment; rubric after",
            origin="article",
        ),
    ]
    return tuple(out + _defaulted(rubric))


def _defaulted(rubric: Rubric) -> list[Assumption]:
    """The defaults taken for an external agent whose rubric names no safeguards or pilots."""
    out: list[Assumption] = []
    for agent in rubric.agents:
        if agent.exposure != "external":
            continue
        if agent.gate_elements is None:
            out.append(
                Assumption(
                    f"Safeguards of {agent.name}",
                    "none declared: the beta stays blocked until the rubric names them",
                    "default for a rubric older than gate_elements",
                    default=True,
                )
            )
        if agent.after is None:
            out.append(
                Assumption(
                    f"Pilots before {agent.name}",
                    "every internal pilot",
                    "default for a rubric that names no after",
                    default=True,
                )
            )
    return out
