"""NRR sizing: GRR, NRR, the Churn Tax, the Expansion Gap, lever exposures, trajectory.

Notation (all money in the baseline's currency, rates as fractions):
S start ARR, C churned ARR (logo churn), K contraction ARR, E expansion ARR,
R = C + K reported churn, L the number of scale levels, M the overall maturity,
[t_lo, t_hi] the rubric's ``churn_tax`` multipliers, b the benchmark expansion
rate, r_k and c_k the rubric's ``recovery`` and ``capture`` shares for year k.

    GRR  = (S − C − K) / S
    NRR  = GRR + E / S
    m    = t_hi − (t_hi − t_lo) × (M − 1) / (L − 1)     (M clamped to [1, L]; m = t_hi if M is None)
    Churn Tax: low t_lo·R, high t_hi·R, point m·R
    Expansion Gap G = max(0, b − E/S) × S
    exposures: retain m·C, protect m·K, expand G
    NRR_k = NRR + (r_k·R + c_k·G) / S                    (year k = 1..n; Year-1 target = NRR_1)

The retention part of the trajectory recovers a share of the *reported* churn:
the Tax's extra over reported churn is indirect cost (time, morale, references),
not ARR that can come back. Because r_k ≤ 1, the year-k GRR, 1 − (1 − r_k)·R/S,
never exceeds 1.
"""

from __future__ import annotations

from collections.abc import Sequence

from csmaturity_tui.engine.report import Assumption, Nrr
from csmaturity_tui.model import MONEY_FIELDS, Baseline, baseline_problems
from csmaturity_tui.rubric import LEVERS, Rubric


def _fmt(value: float) -> str:
    """A number as short display text for an Assumption (exact values live elsewhere)."""
    return f"{value:.4g}"


def _fmt_list(values: Sequence[float]) -> str:
    return "[" + ", ".join(_fmt(v) for v in values) + "]"


def churn_tax_multiplier(rubric: Rubric, overall: float | None) -> float:
    """The point multiplier: the high end at maturity 1, the low end at the top level."""
    low, high = rubric.nrr.churn_tax
    if overall is None:
        return float(high)
    top = rubric.levels
    position = (min(max(overall, 1.0), float(top)) - 1.0) / (top - 1)
    return float(high - (high - low) * position)


def unavailable_reason(baseline: Baseline) -> str | None:
    """Why the baseline cannot be used for NRR sizing, or None when it can."""
    missing = [name for name in MONEY_FIELDS if getattr(baseline, name) is None]
    if missing:
        return "baseline financials missing: " + ", ".join(missing)
    problems = baseline_problems(Baseline(**{n: getattr(baseline, n) for n in MONEY_FIELDS}))
    if problems:
        name, message = problems[0]
        return f"baseline {name}: {message}"
    if not baseline.start_arr:
        return "baseline start_arr is 0, so no rate can be computed"
    return None


def _assumptions(
    rubric: Rubric, overall: float | None, multiplier: float
) -> tuple[Assumption, ...]:
    cfg = rubric.nrr
    low, high = cfg.churn_tax
    maturity = "none scored, so the high end" if overall is None else _fmt(overall)
    return (
        Assumption(
            "Churn Tax range",
            f"{_fmt(low)}x to {_fmt(high)}x reported churn",
            "rubric [nrr] churn_tax",
        ),
        Assumption(
            "Churn Tax point multiplier",
            f"{_fmt(multiplier)}x",
            f"engine: linear from {_fmt(high)}x at level 1 to {_fmt(low)}x at level "
            f"{rubric.levels}, by overall maturity ({maturity})",
        ),
        Assumption(
            "Benchmark expansion rate",
            _fmt(cfg.benchmark_expansion_rate),
            "rubric [nrr] benchmark_expansion_rate",
        ),
        Assumption("Benchmark GRR", _fmt(cfg.benchmark_grr), "rubric [nrr] benchmark_grr"),
        Assumption(
            "Recovery of reported churn by year",
            _fmt_list(cfg.recovery),
            "rubric [nrr] recovery",
        ),
        Assumption(
            "Capture of the Expansion Gap by year",
            _fmt_list(cfg.capture),
            "rubric [nrr] capture",
        ),
    )


def size(rubric: Rubric, baseline: Baseline, overall: float | None) -> Nrr:
    """The NRR part of the Report; every number None when the baseline is unusable."""
    multiplier = churn_tax_multiplier(rubric, overall)
    assumptions = _assumptions(rubric, overall, multiplier)
    reason = unavailable_reason(baseline)
    if reason is not None:
        return Nrr(
            available=False,
            reason=reason,
            currency=baseline.currency,
            period=baseline.period,
            start_arr=None,
            churned_arr=None,
            contraction_arr=None,
            expansion_arr=None,
            grr=None,
            nrr=None,
            expansion_rate=None,
            reported_churn=None,
            churn_tax_low=None,
            churn_tax_high=None,
            churn_tax_multiplier=None,
            churn_tax=None,
            expansion_gap=None,
            exposure_retain=None,
            exposure_protect=None,
            exposure_expand=None,
            year1_target_nrr=None,
            trajectory=(),
            assumptions=assumptions,
            benchmark_grr=rubric.nrr.benchmark_grr,
            grr_gap=None,
            opportunity_low=None,
            opportunity_high=None,
            opportunity=None,
        )
    start = float(baseline.start_arr or 0.0)
    churned = float(baseline.churned_arr or 0.0)
    contraction = float(baseline.contraction_arr or 0.0)
    expansion = float(baseline.expansion_arr or 0.0)
    cfg = rubric.nrr
    low, high = cfg.churn_tax
    reported = churned + contraction
    grr = (start - churned - contraction) / start
    nrr = grr + expansion / start
    expansion_rate = expansion / start
    gap = max(0.0, cfg.benchmark_expansion_rate - expansion_rate) * start
    trajectory = tuple(
        nrr + (min(1.0, r) * reported + c * gap) / start
        for r, c in zip(cfg.recovery, cfg.capture, strict=False)
    )
    return Nrr(
        available=True,
        reason=None,
        currency=baseline.currency,
        period=baseline.period,
        start_arr=start,
        churned_arr=churned,
        contraction_arr=contraction,
        expansion_arr=expansion,
        grr=grr,
        nrr=nrr,
        expansion_rate=expansion_rate,
        reported_churn=reported,
        churn_tax_low=low * reported,
        churn_tax_high=high * reported,
        churn_tax_multiplier=multiplier,
        churn_tax=multiplier * reported,
        expansion_gap=gap,
        exposure_retain=multiplier * churned,
        exposure_protect=multiplier * contraction,
        exposure_expand=gap,
        year1_target_nrr=trajectory[0] if trajectory else None,
        trajectory=trajectory,
        assumptions=assumptions,
        benchmark_grr=cfg.benchmark_grr,
        grr_gap=max(0.0, cfg.benchmark_grr - grr),
        opportunity_low=low * reported + gap,
        opportunity_high=high * reported + gap,
        opportunity=multiplier * reported + gap,
    )


def lever_exposures(nrr: Nrr) -> dict[str, float]:
    """Money at stake per lever (retain, protect, expand); all 0 without financials."""
    values = (nrr.exposure_retain, nrr.exposure_protect, nrr.exposure_expand)
    return {lever: (value or 0.0) for lever, value in zip(LEVERS, values, strict=True)}
