"""The sequenced blueprint: three phases, internal first, external last.

Phase 1, internal-agent pilots: every internal agent, scheduled whatever its
gate (piloting on the operating model as it stands is how it diagnoses it),
easiest first: effort ascending, then lever return descending, then id. Each
carries its failure modes to watch, and its gate gaps (what stands between the
pilot and scaling it).

Phase 2, operating-model fixes: the dimension recovery vectors, those that open
the gate of at least one external agent first, then by ARR returned per unit of
effort, gap and id. They start in year 1; what they realize by year is the NRR
trajectory (``nrr.realize``).

Phase 3, external agents as a beta: scheduled only when the gate passes AND the
agent is not in the trap quadrant; every other external agent is listed as
blocked, with its gaps (and a note when its fed maturity is what blocks it).
Scheduled ones come first; within each group, effort, lever return, id.
"""

from __future__ import annotations

from typing import Literal

from csmaturity_tui.engine.report import AgentPlacement, Phase, PhaseItem, RecoveryVector

PHASE_NAMES: tuple[str, str, str] = (
    "Internal-agent pilots",
    "Operating-model fixes",
    "External agents (beta)",
)


def _fmt(value: float) -> str:
    return f"{value:.2f}"


def _agent_key(agent: AgentPlacement) -> tuple[int, float, str]:
    return (agent.effort, -agent.lever_return, agent.id)


def _pilot(agent: AgentPlacement) -> PhaseItem:
    if agent.gate_passed:
        note = "Pilot; its gate to scale passes"
    else:
        note = "Pilot; to scale it, close: " + ", ".join(g.label for g in agent.gaps)
    return PhaseItem(
        kind="agent",
        id=agent.id,
        name=agent.name,
        status="scheduled",
        gaps=agent.gaps,
        failure_modes=agent.failure_modes,
        note=note,
    )


def _fix(vector: RecoveryVector) -> PhaseItem:
    note = "Opens the gate of: " + ", ".join(vector.opens) if vector.opens else ""
    return PhaseItem(kind="vector", id=vector.id, name=vector.label, status="scheduled", note=note)


def _beta(agent: AgentPlacement, strong_from: float) -> PhaseItem:
    trap = agent.quadrant == "trap"
    status: Literal["scheduled", "blocked"]
    if agent.gate_passed and not trap:
        status, note = "scheduled", "Gate passes; beta release"
    else:
        notes: list[str] = []
        if not agent.gate_passed:
            notes.append("Gate fails: " + ", ".join(g.label for g in agent.gaps))
        if trap:
            fed = "unscored" if agent.maturity is None else _fmt(agent.maturity)
            notes.append(
                f"Trap quadrant: fed maturity {fed} is below strong_from {_fmt(strong_from)}"
            )
        status, note = "blocked", "; ".join(notes)
    return PhaseItem(
        kind="agent",
        id=agent.id,
        name=agent.name,
        status=status,
        gaps=agent.gaps,
        failure_modes=agent.failure_modes,
        note=note,
    )


def phases(
    agents: tuple[AgentPlacement, ...],
    recovery: tuple[RecoveryVector, ...],
    strong_from: float,
) -> tuple[Phase, ...]:
    internal = sorted((a for a in agents if a.exposure == "internal"), key=_agent_key)
    fixes = sorted(
        (v for v in recovery if v.kind == "dimension"),
        key=lambda v: (not v.opens, -v.return_per_effort, -v.gap, v.id),
    )
    external = [_beta(a, strong_from) for a in agents if a.exposure == "external"]
    order = {a.id: _agent_key(a) for a in agents}
    external.sort(key=lambda item: (item.status != "scheduled", order[item.id]))
    return (
        Phase(1, PHASE_NAMES[0], tuple(_pilot(a) for a in internal)),
        Phase(2, PHASE_NAMES[1], tuple(_fix(v) for v in fixes)),
        Phase(3, PHASE_NAMES[2], tuple(external)),
    )
