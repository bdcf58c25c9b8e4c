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

Phase 3, external agents as a beta: an agent is ready for a beta only when its
status is ``beta_ready`` (every gate condition met, every fed dimension scored,
every pilot it waits on proven). Every other external agent is listed with its
status (blocked, awaiting_pilots, not_evaluable), the gaps that block it and the
pilots still to prove. Beta-ready ones come first; within each group, effort,
lever return, id.
"""

from __future__ import annotations

from csmaturity_tui.engine.report import (
    OUTCOME_NAMES,
    AgentPlacement,
    Phase,
    PhaseItem,
    RecoveryVector,
)

PHASE_NAMES: tuple[str, str, str] = (
    "Internal-agent pilots",
    "Operating-model fixes",
    "External agents (beta)",
)


def _agent_key(agent: AgentPlacement) -> tuple[int, float, str]:
    return (agent.effort, -agent.lever_return, agent.id)


def _pilot(agent: AgentPlacement) -> PhaseItem:
    outcome = OUTCOME_NAMES[agent.pilot_outcome or "not_started"]
    seen = [fm.id for fm in agent.failure_modes if fm.seen]
    parts = [f"Pilot {outcome}"]
    if seen:
        parts.append(f"{len(seen)} of {len(agent.failure_modes)} failure modes seen")
    if agent.status == "scale":
        parts.append("its gate to scale passes: scale it")
    elif agent.gate_passed:
        parts.append("its gate to scale passes; scale it once the pilot is proven")
    else:
        parts.append("to scale it, close: " + gap_labels(agent))
    return _agent_item(agent, parts)


def _agent_item(
    agent: AgentPlacement, notes: list[str], waiting_on: tuple[str, ...] = ()
) -> PhaseItem:
    """An agent's line in the blueprint: its placement, and the notes joined."""
    return PhaseItem(
        kind="agent",
        id=agent.id,
        name=agent.name,
        status=agent.status,
        gaps=agent.gaps,
        failure_modes=agent.failure_modes,
        note="; ".join(notes),
        waiting_on=waiting_on,
    )


def gap_labels(agent: AgentPlacement) -> str:
    """What stands in the way, by name: unscored dimensions first, then each gap."""
    labels = [f"{name} (unscored)" for name in agent.unscored]
    labels += [g.label for g in agent.gaps if g.label not in agent.unscored]
    return ", ".join(dict.fromkeys(labels))


def _fix(vector: RecoveryVector, names: dict[str, str]) -> PhaseItem:
    opens = [names.get(i, i) for i in vector.opens]
    note = "Opens the gate of: " + ", ".join(opens) if opens else ""
    return PhaseItem(kind="vector", id=vector.id, name=vector.label, status="scheduled", note=note)


def _beta(agent: AgentPlacement, names: dict[str, str], outcomes: dict[str, str]) -> PhaseItem:
    waiting = tuple(names.get(p, p) for p in agent.unproven)
    shown = [
        f"{names.get(p, p)} ({OUTCOME_NAMES[outcomes.get(p) or 'not_started']})"
        for p in agent.unproven
    ]
    notes: list[str] = []
    if agent.status == "beta_ready":
        notes.append("Gates pass and its pilots are proven; beta release")
    elif agent.status == "not_evaluable":
        notes.append("Not evaluable: no score yet for " + ", ".join(agent.unscored))
    if agent.gaps:
        notes.append("Blocked by: " + gap_labels(agent))
    if agent.status == "awaiting_pilots":
        notes.append("Gates pass")
    if waiting:
        notes.append("Pilots still to prove: " + ", ".join(shown))
    return _agent_item(agent, notes, waiting)


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
    names = {a.id: a.name for a in agents}
    outcomes = {a.id: a.pilot_outcome or "not_started" for a in agents}
    external = [_beta(a, names, outcomes) for a in agents if a.exposure == "external"]
    order = {a.id: _agent_key(a) for a in agents}
    external.sort(key=lambda item: (not item.scheduled, order[item.id]))
    return (
        Phase(1, PHASE_NAMES[0], tuple(_pilot(a) for a in internal)),
        Phase(2, PHASE_NAMES[1], tuple(_fix(v, names) for v in fixes)),
        Phase(3, PHASE_NAMES[2], tuple(external)),
    )
