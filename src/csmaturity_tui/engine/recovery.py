"""Recovery vectors: raising a dimension (or an area) to its target, valued in NRR.

Each lever's exposure X_l (retain, protect, expand; see nrr.py) is shared out
among the dimensions by their lever weights λ_{d,l}:

    share_{d,l} = λ_{d,l} / Σ_{d'} λ_{d',l}          (0 when no dimension drives l)
    full_d      = Σ_l X_l × share_{d,l}              (what d can return at most)
    return_d    = full_d × (T_d − s_d) / (T_d − 1)   (d scored and below its target T_d)

so that fixing every dimension from level 1 to its target would return the
whole exposure, and no more. An area a of d (element weight w_a of the
dimension's W_d, score s_a below T_d) returns

    return_a    = full_d × (w_a / W_d) × (T_d − s_a) / (T_d − 1).

A dimension with no score has no vector (its gap is unknown). ``nrr_points`` is
the return as a share of start ARR. Without financials every return is 0 and
the vectors are ranked by gap. ``opens`` lists the external agents whose gate
fails on that dimension. Order: dimension vectors, then area vectors; each by
return (highest first), then gap (largest first), then id.
"""

from __future__ import annotations

from collections.abc import Mapping

from csmaturity_tui.engine.report import AgentPlacement, DimensionScore, RecoveryVector
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
    return (-vector.nrr_return, -vector.gap, vector.id)


def vectors(
    rubric: Rubric,
    dimensions: tuple[DimensionScore, ...],
    agents: tuple[AgentPlacement, ...],
    exposures: Mapping[str, float],
    start_arr: float | None,
) -> tuple[RecoveryVector, ...]:
    shares = lever_shares(rubric)
    by_dim: list[RecoveryVector] = []
    by_area: list[RecoveryVector] = []
    for dim, scored in zip(rubric.dimensions, dimensions, strict=True):
        if scored.score is None:
            continue
        target = scored.target
        full = sum((exposures[lever] * shares[dim.id][lever] for lever in LEVERS), 0.0)
        levers = tuple(lever for lever in LEVERS if dim.levers.weight(lever) > 0)
        opens = tuple(
            a.id
            for a in agents
            if a.exposure == "external" and any(g.subject == dim.id for g in a.gaps)
        )
        if scored.score < target:
            by_dim.append(
                _vector(dim, None, dim.name, scored.score, target, full, levers, opens, start_arr)
            )
        weights = _area_weights(dim)
        total_weight = sum(weights.values())
        for area in scored.areas:
            if area.score is None or area.score >= target:
                continue
            part = full * weights[area.area] / total_weight
            label = f"{dim.name} / {area.area}"
            by_area.append(
                _vector(dim, area.area, label, area.score, target, part, levers, opens, start_arr)
            )
    by_dim.sort(key=_sort_key)
    by_area.sort(key=_sort_key)
    return (*by_dim, *by_area)


def _area_weights(dim: Dimension) -> dict[str, float]:
    out: dict[str, float] = {}
    for element in dim.elements:
        out[element.area] = out.get(element.area, 0.0) + element.weight
    return out


def _vector(
    dim: Dimension,
    area: str | None,
    label: str,
    score: float,
    target: float,
    full: float,
    levers: tuple[str, ...],
    opens: tuple[str, ...],
    start_arr: float | None,
) -> RecoveryVector:
    gap = target - score
    # score >= 1 and score < target, so target - 1 > 0
    value = full * gap / (target - 1.0)
    return RecoveryVector(
        kind="dimension" if area is None else "area",
        id=dim.id if area is None else f"{dim.id}/{area}",
        dimension_id=dim.id,
        area=area,
        label=label,
        score=score,
        target=target,
        gap=gap,
        nrr_return=value,
        nrr_points=value / start_arr if start_arr else 0.0,
        levers=levers,
        opens=opens,
    )
