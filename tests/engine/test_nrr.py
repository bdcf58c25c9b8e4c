"""NRR sizing, worked by hand on the small fixture rubric.

Fixture [nrr]: churn_tax = [1.2, 2.0], benchmark_expansion_rate = 0.12,
benchmark_grr = 0.88, recovery = [0.25, 0.5], capture = [0.2, 0.4]; scale 1..4.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.engine import nrr
from csmaturity_tui.model import Baseline
from csmaturity_tui.rubric import Rubric

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "small_rubric.toml"
M = 1_000_000.0


@pytest.fixture(scope="module")
def small() -> Rubric:
    return rubric_mod.load(SMALL)


def test_the_issue_example_grr_85_nrr_103(small: Rubric) -> None:
    # start 10.0M, churned 0.9M, contraction 0.6M, expansion 1.8M
    b = Baseline(
        start_arr=10 * M, churned_arr=0.9 * M, contraction_arr=0.6 * M, expansion_arr=1.8 * M
    )
    out = nrr.size(small, b, overall=None)
    assert out.available and out.reason is None
    # GRR = (10 - 0.9 - 0.6) / 10 = 8.5 / 10 = 0.85
    assert out.grr == pytest.approx(0.85)
    # NRR = 0.85 + 1.8 / 10 = 0.85 + 0.18 = 1.03
    assert out.nrr == pytest.approx(1.03)
    assert out.expansion_rate == pytest.approx(0.18)
    # reported churn = 0.9 + 0.6 = 1.5M
    assert out.reported_churn == pytest.approx(1.5 * M)
    # Churn Tax range 1.2 x 1.5 = 1.8M to 2.0 x 1.5 = 3.0M; overall None -> high end 2.0
    assert out.churn_tax_low == pytest.approx(1.8 * M)
    assert out.churn_tax_high == pytest.approx(3.0 * M)
    assert out.churn_tax_multiplier == 2.0
    assert out.churn_tax == pytest.approx(3.0 * M)
    # expansion 18% beats the 12% benchmark: no Expansion Gap
    assert out.expansion_gap == 0.0
    # retain = 2.0 x 0.9 = 1.8M; protect = 2.0 x 0.6 = 1.2M; expand = gap = 0
    assert out.exposure_retain == pytest.approx(1.8 * M)
    assert out.exposure_protect == pytest.approx(1.2 * M)
    assert out.exposure_expand == 0.0
    # year 1: 1.03 + (0.25 x 1.5 + 0.2 x 0) / 10 = 1.03 + 0.0375 = 1.0675
    # year 2: 1.03 + (0.5 x 1.5 + 0.4 x 0) / 10 = 1.03 + 0.075 = 1.105
    assert out.trajectory == pytest.approx((1.0675, 1.105))
    assert out.year1_target_nrr == out.trajectory[0]
    # benchmark GRR 0.88 - 0.85 = 0.03
    assert out.grr_gap == pytest.approx(0.03)
    assert out.opportunity == pytest.approx(3.0 * M)
    assert out.currency == "USD"


def test_expansion_gap_and_point_multiplier(small: Rubric) -> None:
    b = Baseline(
        start_arr=10 * M, churned_arr=0.9 * M, contraction_arr=0.6 * M, expansion_arr=0.8 * M
    )
    # overall maturity 3.25 on a 4-level scale: position (3.25 - 1) / 3 = 0.75
    # m = 2.0 - (2.0 - 1.2) x 0.75 = 2.0 - 0.6 = 1.4
    out = nrr.size(small, b, overall=3.25)
    assert out.churn_tax_multiplier == pytest.approx(1.4)
    assert out.churn_tax == pytest.approx(1.4 * 1.5 * M)  # 2.1M
    # gap = (0.12 - 0.08) x 10M = 0.4M
    assert out.expansion_gap == pytest.approx(0.4 * M)
    assert out.exposure_retain == pytest.approx(1.4 * 0.9 * M)  # 1.26M
    assert out.exposure_protect == pytest.approx(1.4 * 0.6 * M)  # 0.84M
    assert out.exposure_expand == pytest.approx(0.4 * M)
    # retain + protect is the Churn Tax point estimate
    assert (out.exposure_retain or 0) + (out.exposure_protect or 0) == pytest.approx(out.churn_tax)
    # opportunity = 2.1M + 0.4M = 2.5M; low 1.8 + 0.4 = 2.2M; high 3.0 + 0.4 = 3.4M
    assert out.opportunity == pytest.approx(2.5 * M)
    assert out.opportunity_low == pytest.approx(2.2 * M)
    assert out.opportunity_high == pytest.approx(3.4 * M)
    # NRR = 0.85 + 0.08 = 0.93
    # year 1: 0.93 + (0.25 x 1.5 + 0.2 x 0.4) / 10 = 0.93 + 0.0455 = 0.9755
    # year 2: 0.93 + (0.5 x 1.5 + 0.4 x 0.4) / 10 = 0.93 + 0.091 = 1.021
    assert out.trajectory == pytest.approx((0.9755, 1.021))


@pytest.mark.parametrize(
    ("overall", "expected"),
    [(None, 2.0), (1.0, 2.0), (4.0, 1.2), (2.5, 1.6), (0.2, 2.0), (9.0, 1.2)],
)
def test_multiplier_is_linear_from_high_at_1_to_low_at_top(
    small: Rubric, overall: float | None, expected: float
) -> None:
    # 2.5 is halfway: 2.0 - 0.8 x 0.5 = 1.6; off-scale values are clamped
    assert nrr.churn_tax_multiplier(small, overall) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("baseline", "reason_part"),
    [
        (Baseline(), "start_arr, churned_arr, contraction_arr, expansion_arr"),
        (Baseline(start_arr=10.0, churned_arr=1.0, contraction_arr=1.0), "expansion_arr"),
        (
            Baseline(start_arr=0.0, churned_arr=0.0, contraction_arr=0.0, expansion_arr=0.0),
            "start_arr is 0",
        ),
        (
            Baseline(start_arr=1.0, churned_arr=2.0, contraction_arr=0.0, expansion_arr=0.0),
            "churned_arr",
        ),
    ],
)
def test_unusable_baseline_gives_no_numbers(
    small: Rubric, baseline: Baseline, reason_part: str
) -> None:
    out = nrr.size(small, baseline, overall=2.0)
    assert not out.available
    assert out.reason is not None and reason_part in out.reason
    numbers = [
        out.start_arr,
        out.churned_arr,
        out.contraction_arr,
        out.expansion_arr,
        out.grr,
        out.nrr,
        out.expansion_rate,
        out.reported_churn,
        out.churn_tax_low,
        out.churn_tax_high,
        out.churn_tax_multiplier,
        out.churn_tax,
        out.expansion_gap,
        out.exposure_retain,
        out.exposure_protect,
        out.exposure_expand,
        out.year1_target_nrr,
        out.grr_gap,
        out.opportunity_low,
        out.opportunity_high,
        out.opportunity,
    ]
    assert numbers == [None] * len(numbers)
    assert out.trajectory == ()
    assert nrr.lever_exposures(out) == {"retain": 0.0, "protect": 0.0, "expand": 0.0}
    # the assumptions are still stated
    assert out.assumptions[0].name == "Churn Tax range"


def test_assumptions_name_every_rubric_parameter(small: Rubric) -> None:
    b = Baseline(start_arr=10.0, churned_arr=1.0, contraction_arr=0.0, expansion_arr=0.0)
    out = nrr.size(small, b, overall=None)
    sources = " ".join(a.source for a in out.assumptions)
    for key in ("churn_tax", "benchmark_expansion_rate", "benchmark_grr", "recovery", "capture"):
        assert f"[nrr] {key}" in sources
    values = {a.name: a.value for a in out.assumptions}
    assert values["Churn Tax range"] == "1.2x to 2x reported churn"
    assert values["Recovery of reported churn by year"] == "[0.25, 0.5]"


def test_the_methodology_worked_example(small: Rubric) -> None:
    """docs/methodology.md, "Worked example": a 5-level scale and the default [nrr]."""
    from csmaturity_tui.rubric import NrrConfig, ScaleLevel

    five = small.model_copy(
        update={
            "scale": [ScaleLevel(level=n, name=f"L{n}") for n in range(1, 6)],
            "nrr": NrrConfig(
                churn_tax=(1.5, 2.5),
                benchmark_expansion_rate=0.15,
                recovery=[0.25, 0.5, 0.7],
                capture=[0.2, 0.4, 0.6],
            ),
        }
    )
    b = Baseline(
        start_arr=10 * M, churned_arr=0.9 * M, contraction_arr=0.6 * M, expansion_arr=1.2 * M
    )
    out = nrr.size(five, b, overall=2.6)
    assert (out.grr, out.nrr) == (pytest.approx(0.85), pytest.approx(0.97))
    assert out.churn_tax_multiplier == pytest.approx(2.1)
    assert (out.churn_tax_low, out.churn_tax_high, out.churn_tax) == (
        pytest.approx(2.25 * M),
        pytest.approx(3.75 * M),
        pytest.approx(3.15 * M),
    )
    assert out.expansion_gap == pytest.approx(0.3 * M)
    assert out.opportunity == pytest.approx(3.45 * M)
    assert (out.exposure_retain, out.exposure_protect) == (
        pytest.approx(1.89 * M),
        pytest.approx(1.26 * M),
    )
    assert out.trajectory == pytest.approx((1.0135, 1.057, 1.093))
