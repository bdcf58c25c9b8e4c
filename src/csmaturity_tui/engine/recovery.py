"""Recovery vectors: raising a dimension to its target, valued in ARR returned.

Each lever's ARR pool X_l (retain κ·C, protect κ·K, expand G; see nrr.py; they
add up to the opportunity) is shared out among the dimensions by their lever
weights λ_{d,l}:

    share_{d,l} = λ_{d,l} / Σ_{d'} λ_{d',l}          (0 when no dimension drives l)
    F_d         = Σ_l X_l × share_{d,l}              (what d can return at most)
    ARR_d       = F_d × (T_d − s_d) / (T_d − 1)      (d scored and below its target T_d)

so Σ_d F_d ≤ opportunity, and since s_d ≥ 1, Σ_d ARR_d ≤ opportunity: raising
every dimension from level 1 to its target returns the whole opportunity, no
more. Vectors rank by return per unit of effort, ARR_d / effort_d (the
rubric's ``effort`` of the dimension), then gap, then id.

An area vector is a breakdown of its dimension's vector (``parent``), listed
after the dimension vectors and never ranked with them. The areas of d scored
below T_d share ARR_d in proportion to ω_a × (T_d − s_a), ω_a the weight of
the area's scored elements, so they add up to ARR_d exactly. A dimension at or
above its target has no vector and so no area vectors.

A dimension with no score has no vector (its gap is unknown). ``nrr_points`` is
the return as a share of start ARR. Without financials every return is 0 (the
ranking is then by gap per effort). When the case lacks evidence (too few
answers) there are no vectors at all.
"""

from __future__ import annotations

from collections.abc import Mapping

from csmaturity_tui.engine.report import (
    AgentPlacement,
    DimensionScore,
    Nrr,
    RecoveryVector,
)
from csmaturity_tui.model import Answer
from csmaturity_tui.rubric import LEVERS, Dimension, Rubric


def lever_shares(rubric: Rubric) -> dict[str, dict[str, float]]:
    """share_{d,l} for every dimension and lever."""
    totals = {lever: sum(d.levers.weight(lever) for d in rubric.dimensions) for lever in LEVERS}
    return {
        d.id: {
            lever: (d.levers.weight(lever) / totals[lever] if totals[lever] > 0 else 0.0)
            for lever in LEVERS
        }
        for d in rubric.dimensions
    }


def _sort_key(vector: RecoveryVector) -> tuple[float, float, str]:
    return (-vector.return_per_effort, -vector.gap / vector.effort, vector.id)


def vectors(
    rubric: Rubric,
    dimensions: tuple[DimensionScore, ...],
    agents: tuple[AgentPlacement, ...],
    sizing: Nrr,
    exposures: Mapping[str, float],
    answers: Mapping[str, Answer],
) -> tuple[RecoveryVector, ...]:
    if sizing.available and not sizing.sized:
        return ()  # too little evidence: nothing is ranked
    start_arr = sizing.start_arr
    shares = lever_shares(rubric)
    by_dim: list[RecoveryVector] = []
    by_area: list[RecoveryVector] = []
    for dim, scored in zip(rubric.dimensions, dimensions, strict=True):
        if scored.score is None or scored.score >= scored.target:
            continue
        target = scored.target
        full = sum((exposures[lever] * shares[dim.id][lever] for lever in LEVERS), 0.0)
        levers = tuple(lever for lever in LEVERS if dim.levers.weight(lever) > 0)
        opens = tuple(
            a.id
            for a in agents
            if a.exposure == "external" and any(g.subject == dim.id for g in a.gaps)
        )
        gap = target - scored.score
        # score >= 1 and score < target, so target - 1 > 0
        value = full * gap / (target - 1.0)
        head = RecoveryVector(
            kind="dimension",
            id=dim.id,
            dimension_id=dim.id,
            area=None,
            label=dim.name,
            score=scored.score,
            target=target,
            gap=gap,
            nrr_return=value,
            nrr_points=value / start_arr if start_arr else 0.0,
            levers=levers,
            opens=opens,
            effort=dim.effort,
            return_per_effort=value / dim.effort,
        )
        by_dim.append(head)
        by_area.extend(_areas(dim, head, scored, answers, start_arr))
    by_dim.sort(key=_sort_key)
    rank = {v.id: i for i, v in enumerate(by_dim)}
    by_area.sort(key=lambda v: (rank[v.dimension_id], -v.nrr_return, -v.gap, v.id))
    return (*by_dim, *by_area)


def _scored_weights(dim: Dimension, answers: Mapping[str, Answer]) -> dict[str, float]:
    """ω_a: the weight of each area's elements that have a level."""
    out: dict[str, float] = {}
    for element in dim.elements:
        answer = answers.get(element.id)
        if answer is not None and answer.level is not None:
            out[element.area] = out.get(element.area, 0.0) + element.weight
    return out


def _areas(
    dim: Dimension,
    head: RecoveryVector,
    scored: DimensionScore,
    answers: Mapping[str, Answer],
    start_arr: float | None,
) -> list[RecoveryVector]:
    weights = _scored_weights(dim, answers)
    target = head.target
    below = [a for a in scored.areas if a.score is not None and a.score < target]
    raw = {a.area: weights.get(a.area, 0.0) * (target - (a.score or 0.0)) for a in below}
    total = sum(raw.values())
    out = []
    for area in below:
        part = head.nrr_return * raw[area.area] / total if total > 0 else 0.0
        gap = target - (area.score or 0.0)
        out.append(
            RecoveryVector(
                kind="area",
                id=f"{dim.id}/{area.area}",
                dimension_id=dim.id,
                area=area.area,
                label=f"{dim.name} / {area.area}",
                score=area.score,
                target=target,
                gap=gap,
                nrr_return=part,
                nrr_points=part / start_arr if start_arr else 0.0,
                levers=head.levers,
                opens=head.opens,
                parent=dim.id,
                effort=head.effort,
                return_per_effort=part / head.effort,
            )
        )
    return out
