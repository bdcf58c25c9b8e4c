"""NRR sizing: GRR, NRR, the Churn Tax and its ARR, the Expansion Gap, the opportunity.

Notation (money in the baseline's currency, rates as fractions): S start ARR,
C churned ARR (logo churn), K contraction ARR, E expansion ARR, R = C + K the
reported churn (the ARR lost), L the number of scale levels, M the overall
maturity, [t_lo, t_hi] the rubric's ``churn_tax``, κ its ``controllable_share``,
b the expansion rate of the rubric segment the baseline's ACV falls in, else its
``benchmark_expansion_rate``.

    GRR  = (S − C − K) / S            NRR = GRR + E / S
    μ    = t_hi − (t_hi − t_lo) × (M − 1) / (L − 1)     (M clamped to [1, L]; 2 decimals)
    Churn Tax = μ·R = R (ARR lost) + (μ − 1)·R (indirect cost: not ARR, never in NRR)
    recoverable ARR   = κ·R                               (never more than R)
    benchmark gap     = max(0, b − E/S) × S
    unmonetized share u = r × (1 − m)   (4 decimals) r, m: the value-realized and value-monetized
                                        indices (0-1) of the elements the rubric tags;
                                        r = 1, m = 0 where the answers carry no evidence
    Expansion Gap  G  = u × benchmark gap
    opportunity       = κ·R + G
    exposures (ARR):  retain κ·C, protect κ·K, expand G   (they add up to the opportunity)

The case is sized only when the baseline is usable and at least ``[nrr]
min_coverage`` of the dimension elements have a level; otherwise no Churn Tax
point, no opportunity, no target, trajectory or vectors, and ``why`` says what
is missing. The trajectory, the Year-1 target and the bridge are filled in by
:func:`realize`, from the recovery vectors the blueprint schedules.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

from csmaturity_tui.engine.report import (
    Assumption,
    AssumptionOrigin,
    BridgeStep,
    Nrr,
    Phase,
    RecoveryVector,
    Scores,
)
from csmaturity_tui.model import MONEY_FIELDS, MONEY_LABELS, Answer, Baseline, baseline_problems
from csmaturity_tui.rubric import LEVERS, NrrConfig, Rubric


def _fmt(value: float) -> str:
    """A number as short display text for an Assumption (exact values live elsewhere)."""
    return f"{value:.4g}"


def _pct(value: float) -> str:
    return f"{value * 100:.4g}%"


def churn_tax_multiplier(rubric: Rubric, overall: float | None) -> float:
    """The point multiplier: the high end at maturity 1, the low end at the top level.

    Rounded to 2 decimals, so the Churn Tax a reader recomputes from the multiplier
    shown is the one reported.
    """
    low, high = rubric.nrr.churn_tax
    if overall is None:
        return float(high)
    top = rubric.levels
    position = (min(max(overall, 1.0), float(top)) - 1.0) / (top - 1)
    return round(float(high - (high - low) * position), 2)


def unavailable_reason(baseline: Baseline) -> str | None:
    """Why the baseline cannot be used for NRR sizing, or None when it can."""
    missing = [MONEY_LABELS[name] for name in MONEY_FIELDS if getattr(baseline, name) is None]
    if missing:
        return "the baseline lacks " + ", ".join(missing)
    problems = baseline_problems(Baseline(**{n: getattr(baseline, n) for n in MONEY_FIELDS}))
    if problems:
        name, message = problems[0]
        return f"baseline {MONEY_LABELS.get(name, name)}: {message}"
    if not baseline.start_arr:
        return "the baseline's start ARR is 0, so no rate can be computed"
    return None


def value_index(rubric: Rubric, ids: Iterable[str], answers: Mapping[str, Answer]) -> float | None:
    """The weighted mean of (level − 1) / (L − 1) over the tagged elements with a level."""
    top = rubric.levels
    total = weight = 0.0
    for eid in ids:
        answer = answers.get(eid)
        element = rubric.element_by_id.get(eid)
        if answer is None or answer.level is None or element is None:
            continue
        if not 1 <= answer.level <= top:
            continue
        total += element.weight * (answer.level - 1) / (top - 1)
        weight += element.weight
    return total / weight if weight else None


def _source(rubric: Rubric, key: str, fallback: str) -> str:
    return rubric.nrr.sources.get(key, fallback)


def _benchmark_rate(rubric: Rubric, acv: float | None) -> tuple[float, str, str]:
    """b, how it was chosen (display text), and its source."""
    cfg = rubric.nrr
    segment = cfg.segment_for(acv)
    if segment is not None:
        band = f"segment {segment.name}: ACV from {segment.acv_from:,.0f}"
        shown = f"{_pct(segment.expansion_rate)} ({band})"
        source = segment.source or f"rubric [[nrr.segments]] {segment.name}"
        return segment.expansion_rate, shown, source
    note = ""
    if cfg.segments:
        note = " (no ACV in the baseline)" if acv is None else " (the ACV is below every segment)"
    source = _source(rubric, "benchmark_expansion_rate", "rubric [nrr] benchmark_expansion_rate")
    return cfg.benchmark_expansion_rate, _pct(cfg.benchmark_expansion_rate) + note, source


def _assumptions(
    rubric: Rubric,
    overall: float | None,
    multiplier: float | None,
    evidence: tuple[float | None, float | None],
    acv: float | None,
) -> tuple[Assumption, ...]:
    """The NRR case's assumptions, each with its value, source and formula."""
    out = _churn_assumptions(rubric, overall, multiplier)
    out += _expansion_assumptions(rubric, evidence, acv)
    out += _plan_assumptions(rubric)
    return tuple(out)


def _rubric_row(
    rubric: Rubric,
    name: str,
    value: str,
    key: str,
    fallback: str,
    origin: AssumptionOrigin,
    formula: str = "",
) -> Assumption:
    """An assumption set by the rubric's [nrr] ``key`` (or csmaturity's default for it)."""
    defaulted = key in rubric.nrr.defaulted
    source = _source(rubric, key, fallback)
    if defaulted:
        source = f"csmaturity default (the rubric has no [nrr] {key})"
    return Assumption(name, value, source, origin, formula, defaulted)


def _churn_assumptions(
    rubric: Rubric, overall: float | None, multiplier: float | None
) -> list[Assumption]:
    """The Churn Tax range, its point multiplier μ and the controllable share κ."""
    cfg = rubric.nrr
    low, high = cfg.churn_tax
    maturity = "none scored, so the high end" if overall is None else _fmt(overall)
    return [
        _rubric_row(
            rubric,
            "Churn Tax range",
            f"{_fmt(low)}x to {_fmt(high)}x reported churn",
            "churn_tax",
            "Success Calibrators, Start Internal (article, undated): 1.5 to 2.5x reported churn",
            "article",
            "Churn Tax = μ × R; ARR lost R, indirect cost (μ − 1) × R",
        ),
        Assumption(
            "Churn Tax point multiplier μ",
            "—" if multiplier is None else f"{_fmt(multiplier)}x",
            f"linear from {_fmt(high)}x at level 1 to {_fmt(low)}x at level "
            f"{rubric.levels}, by overall maturity ({maturity})",
            "tool",
            "μ = t_hi − (t_hi − t_lo) × (M − 1) / (L − 1)",
        ),
        _rubric_row(
            rubric,
            "Controllable share of reported churn κ",
            _pct(cfg.controllable_share),
            "controllable_share",
            "rubric [nrr] controllable_share",
            "tool",
            "recoverable ARR = κ × R",
        ),
    ]


def _expansion_assumptions(
    rubric: Rubric, evidence: tuple[float | None, float | None], acv: float | None
) -> list[Assumption]:
    """The benchmark expansion rate b, the unmonetized share u and the benchmark GRR."""
    cfg = rubric.nrr
    _rate, rate_text, rate_source = _benchmark_rate(rubric, acv)
    if not (cfg.value_realized or cfg.value_monetized):
        evidence_text = "no elements tagged in the rubric: u = 1"
    else:
        shown = ["—" if v is None else _fmt(v) for v in evidence]
        evidence_text = f"r = {shown[0]}, m = {shown[1]} (no answer: r = 1, m = 0)"
    return [
        Assumption(
            "Benchmark expansion rate b",
            rate_text,
            rate_source,
            "benchmark",
            "benchmark gap = max(0, b − E/S) × S",
        ),
        Assumption(
            "Unmonetized share u of the benchmark gap",
            evidence_text,
            "rubric [nrr] value_realized and value_monetized elements, as answered",
            "tool",
            "u = r × (1 − m); Expansion Gap G = u × benchmark gap",
        ),
        _rubric_row(
            rubric,
            "Benchmark GRR",
            _pct(cfg.benchmark_grr),
            "benchmark_grr",
            "rubric [nrr] benchmark_grr",
            "benchmark",
            "GRR gap = max(0, benchmark GRR − GRR)",
        ),
    ]


def _plan_assumptions(rubric: Rubric) -> list[Assumption]:
    """The realization curve, the evidence needed, the ranking and the target's range."""
    cfg = rubric.nrr
    out = [
        _rubric_row(
            rubric,
            "Realization curve ρ (cumulative, by year)",
            "[" + ", ".join(_pct(v) for v in cfg.realization) + "]",
            "realization",
            "rubric [nrr] realization",
            "tool",
            "NRR_k = NRR + Σ_v ρ_k × ARR_v / S over the scheduled vectors",
        ),
        _rubric_row(
            rubric,
            "Minimum evidence to size the case",
            f"{_pct(cfg.min_coverage)} of elements scored",
            "min_coverage",
            "rubric [nrr] min_coverage",
            "tool",
            "sized when scored elements / elements ≥ min_coverage",
        ),
        Assumption(
            "Vector ranking",
            "ARR returned per unit of effort",
            "rubric [[dimensions]] effort (1 when left out)",
            "tool",
            "ARR_d = F_d × (T_d − s_d) / (T_d − 1); rank by ARR_d / effort_d",
        ),
        Assumption(
            "Year-1 target range",
            "low-confidence and flagged answers one level down and up",
            "the assessment's answers",
            "tool",
            "low, high = the least and greatest Year-1 target of the three runs",
        ),
    ]
    if cfg.recovery is not None or cfg.capture is not None:
        out.append(
            Assumption(
                "Rubric 1.0 recovery and capture",
                "not used",
                "rubric [nrr] recovery, capture",
                "tool",
                "replaced by the realization curve applied to the scheduled vectors",
            )
        )
    return out


def _coverage(scores: Scores) -> float:
    return scores.answered / scores.total if scores.total else 0.0


def size(rubric: Rubric, baseline: Baseline, scores: Scores, answers: Mapping[str, Answer]) -> Nrr:
    """The NRR part of the Report, before the trajectory (see :func:`realize`)."""
    cfg = rubric.nrr
    coverage = _coverage(scores)
    evidence = (
        value_index(rubric, cfg.value_realized, answers),
        value_index(rubric, cfg.value_monetized, answers),
    )
    reason = unavailable_reason(baseline)
    why = reason if reason is not None else _too_little_evidence(cfg, scores, coverage)
    multiplier = churn_tax_multiplier(rubric, scores.overall) if why is None else None
    segment = cfg.segment_for(baseline.acv)
    empty = Nrr(
        available=reason is None,
        reason=reason,
        sized=why is None,
        why=why,
        currency=baseline.currency,
        period=baseline.period,
        coverage=coverage,
        min_coverage=cfg.min_coverage,
        churn_tax_multiplier=multiplier,
        controllable_share=cfg.controllable_share,
        segment=segment.name if segment is not None else None,
        benchmark_expansion_rate=_benchmark_rate(rubric, baseline.acv)[0],
        value_realized=evidence[0],
        value_monetized=evidence[1],
        assumptions=_assumptions(rubric, scores.overall, multiplier, evidence, baseline.acv),
        benchmark_grr=cfg.benchmark_grr,
    )
    if reason is not None:
        return empty
    facts = _baseline_facts(empty, baseline, rubric)
    if multiplier is None:
        return facts
    return _opportunity(facts, multiplier)


def _too_little_evidence(cfg: NrrConfig, scores: Scores, coverage: float) -> str | None:
    """Why the case is not sized though the baseline is usable, or None when it is."""
    if coverage >= cfg.min_coverage:
        return None
    return (
        f"too little evidence: {scores.answered} of {scores.total} elements scored "
        f"({coverage * 100:.0f}%), the case needs {cfg.min_coverage * 100:.0f}% "
        "([nrr] min_coverage)"
    )


def _baseline_facts(empty: Nrr, baseline: Baseline, rubric: Rubric) -> Nrr:
    """GRR, NRR, the ARR lost and the Churn Tax range: the baseline's own figures."""
    cfg = rubric.nrr
    start = float(baseline.start_arr or 0.0)
    churned = float(baseline.churned_arr or 0.0)
    contraction = float(baseline.contraction_arr or 0.0)
    expansion = float(baseline.expansion_arr or 0.0)
    low, high = cfg.churn_tax
    reported = churned + contraction
    grr = (start - churned - contraction) / start
    return dataclasses.replace(
        empty,
        start_arr=start,
        churned_arr=churned,
        contraction_arr=contraction,
        expansion_arr=expansion,
        grr=grr,
        nrr=grr + expansion / start,
        expansion_rate=expansion / start,
        reported_churn=reported,
        churn_tax_low=low * reported,
        churn_tax_high=high * reported,
        grr_gap=max(0.0, cfg.benchmark_grr - grr),
    )


def _opportunity(facts: Nrr, multiplier: float) -> Nrr:
    """The sized case: Churn Tax, recoverable ARR, Expansion Gap, and each lever's exposure."""
    start = facts.start_arr or 0.0
    churned = facts.churned_arr or 0.0
    contraction = facts.contraction_arr or 0.0
    reported = facts.reported_churn or 0.0
    kappa = facts.controllable_share
    rate = facts.benchmark_expansion_rate
    benchmark_gap = max(0.0, rate - (facts.expansion_arr or 0.0) / start) * start
    realized = 1.0 if facts.value_realized is None else facts.value_realized
    monetized = 0.0 if facts.value_monetized is None else facts.value_monetized
    unmonetized = round(realized * (1.0 - monetized), 4)  # shown as a % with 2 decimals
    gap = unmonetized * benchmark_gap
    return dataclasses.replace(
        facts,
        churn_tax=multiplier * reported,
        indirect_cost=(multiplier - 1.0) * reported,
        recoverable_arr=kappa * reported,
        expansion_benchmark_gap=benchmark_gap,
        unmonetized_share=unmonetized,
        expansion_gap=gap,
        opportunity_arr=kappa * reported + gap,
        exposure_retain=kappa * churned,
        exposure_protect=kappa * contraction,
        exposure_expand=gap,
    )


def scheduled_vectors(
    phases: Sequence[Phase], vectors: Sequence[RecoveryVector]
) -> list[RecoveryVector]:
    """The dimension vectors the blueprint schedules, in the blueprint's order."""
    by_id = {v.id: v for v in vectors if v.kind == "dimension"}
    return [
        by_id[item.id]
        for phase in phases
        for item in phase.items
        if item.kind == "vector" and item.status == "scheduled" and item.id in by_id
    ]


def realize(
    rubric: Rubric, sizing: Nrr, phases: Sequence[Phase], vectors: Sequence[RecoveryVector]
) -> Nrr:
    """The trajectory, Year-1 target and bridge: what the scheduled vectors realize.

    Scheduled fixes start in year 1 (phase 2 runs beside the phase-1 pilots); a
    vector returning ARR_v adds ρ_k × ARR_v / S to NRR by year k, ρ being the
    rubric's cumulative ``realization`` curve. Nothing scheduled: a flat line.
    """
    if not sizing.sized or sizing.nrr is None or not sizing.start_arr:
        return sizing
    start = sizing.start_arr
    today = sizing.nrr
    scheduled = scheduled_vectors(phases, vectors)
    curve = rubric.nrr.realization

    def rises(share: float) -> list[float]:
        return [share * v.nrr_return / start for v in scheduled]

    # each year the same sum in the same order, so the bridge adds up to the target
    # exactly and a curve that never falls gives a trajectory that never falls
    trajectory = tuple(today + sum(rises(share), 0.0) for share in curve)
    steps = [BridgeStep("today", "NRR today", today)]
    steps += [
        BridgeStep(v.id, v.label, rise, curve[0] * v.nrr_return, curve[0])
        for v, rise in zip(scheduled, rises(curve[0]), strict=True)
    ]
    target = trajectory[0]
    steps.append(BridgeStep("year1_target", "Year-1 NRR target", target))
    realized = tuple(sum((share * v.nrr_return for v in scheduled), 0.0) for share in curve)
    return dataclasses.replace(
        sizing,
        trajectory=trajectory,
        realized_arr=realized,
        year1_target_nrr=target,
        year1_target_low=target,
        year1_target_high=target,
        bridge=tuple(steps),
    )


def lever_exposures(nrr: Nrr) -> dict[str, float]:
    """ARR at stake per lever (retain, protect, expand); all 0 when the case is not sized."""
    values = (nrr.exposure_retain, nrr.exposure_protect, nrr.exposure_expand)
    return {lever: (value or 0.0) for lever, value in zip(LEVERS, values, strict=True)}
