"""NRR sizing, worked by hand on the small fixture rubric.

Fixture [nrr]: churn_tax = [1.2, 2.0], benchmark_expansion_rate = 0.12,
benchmark_grr = 0.88, controllable_share = 0.6, realization = [0.4, 1.0],
min_coverage = 0.5, value_realized = [OB-1], value_monetized = [CM-1]; scale 1..4
(12 dimension elements: OB, SQ, CM, TH 1-3).
"""

from __future__ import annotations

import pytest

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.engine import Report, evaluate, nrr
from csmaturity_tui.engine.report import Scores
from csmaturity_tui.model import Answer, Assessment, AssessmentMeta, Baseline
from csmaturity_tui.rubric import Rubric
from helpers import HAND_BASELINE, M

BASE = HAND_BASELINE


def _scores(answered: int, total: int = 12, overall: float | None = None) -> Scores:
    return Scores(overall, answered, 0, total, answered / total, 0.0, (), ())


def _levels(**levels: int) -> dict[str, Answer]:
    """Answers by element id, written OB_1=4 for OB-1 at level 4."""
    return {k.replace("_", "-"): Answer(k.replace("_", "-"), level=n) for k, n in levels.items()}


def test_units_split_recoverable_and_opportunity(small: Rubric) -> None:
    # OB-1 at the top (r = 1), CM-1 at the bottom (m = 0): u = 1 x (1 - 0) = 1
    answers = _levels(OB_1=4, CM_1=1)
    out = nrr.size(small, BASE, _scores(6, overall=3.25), answers)
    assert out.sized and out.why is None
    # GRR = (10 - 0.9 - 0.6) / 10 = 0.85; NRR = 0.85 + 0.08 = 0.93
    assert (out.grr, out.nrr) == pytest.approx((0.85, 0.93))
    # maturity 3.25 on 1..4: position 0.75, mu = 2.0 - 0.8 x 0.75 = 1.4
    assert out.churn_tax_multiplier == pytest.approx(1.4)
    # Churn Tax 1.4 x 1.5M = 2.1M = ARR lost 1.5M + indirect cost 0.6M
    assert out.reported_churn == pytest.approx(1.5 * M)
    assert out.churn_tax == pytest.approx(2.1 * M)
    assert out.indirect_cost == pytest.approx(0.6 * M)
    # recoverable = 0.6 x 1.5M = 0.9M (retain 0.6 x 0.9 = 0.54M, protect 0.6 x 0.6 = 0.36M)
    assert out.recoverable_arr == pytest.approx(0.9 * M)
    assert (out.exposure_retain, out.exposure_protect) == pytest.approx((0.54 * M, 0.36 * M))
    # benchmark gap (0.12 - 0.08) x 10M = 0.4M, all of it unmonetized
    assert out.expansion_benchmark_gap == pytest.approx(0.4 * M)
    assert (out.value_realized, out.value_monetized, out.unmonetized_share) == (1.0, 0.0, 1.0)
    assert out.expansion_gap == pytest.approx(0.4 * M)
    assert out.exposure_expand == out.expansion_gap
    # opportunity = 0.9M + 0.4M = 1.3M: the exposures add up to it
    assert out.opportunity_arr == pytest.approx(1.3 * M)
    assert sum(nrr.lever_exposures(out).values()) == pytest.approx(1.3 * M)
    assert out.grr_gap == pytest.approx(0.03)


def test_value_evidence_scales_the_expansion_gap(small: Rubric) -> None:
    # OB-1 at 3: r = (3 - 1) / 3 = 2/3; CM-1 at 2: m = 1/3; u = 2/3 x 2/3 = 4/9 -> 0.4444
    answers = _levels(OB_1=3, CM_1=2)
    out = nrr.size(small, BASE, _scores(6, overall=2.0), answers)
    assert out.value_realized == pytest.approx(2 / 3)
    assert out.value_monetized == pytest.approx(1 / 3)
    assert out.unmonetized_share == 0.4444
    assert out.expansion_gap == pytest.approx(0.4444 * 0.4 * M)  # 177,760
    # every value realized is monetized: no Expansion Gap
    top = nrr.size(small, BASE, _scores(6, overall=4.0), _levels(OB_1=4, CM_1=4))
    assert top.expansion_gap == 0.0
    # nothing tagged answered: the benchmark gap as it is (r = 1, m = 0)
    bare = nrr.size(small, BASE, _scores(6, overall=2.0), {})
    assert (bare.value_realized, bare.value_monetized, bare.unmonetized_share) == (None, None, 1.0)
    assert bare.expansion_gap == pytest.approx(0.4 * M)


@pytest.mark.parametrize(
    ("overall", "expected"),
    [(None, 2.0), (1.0, 2.0), (4.0, 1.2), (2.5, 1.6), (0.2, 2.0), (9.0, 1.2), (61 / 24, 1.59)],
)
def test_multiplier_is_linear_from_high_at_1_to_low_at_top(
    small: Rubric, overall: float | None, expected: float
) -> None:
    # 2.5 is halfway: 2.0 - 0.8 x 0.5 = 1.6; off-scale values are clamped;
    # 61/24: 2.0 - 0.8 x (37/24) / 3 = 1.58889, rounded to 2 decimals
    assert nrr.churn_tax_multiplier(small, overall) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("baseline", "reason_part"),
    [
        (Baseline(), "lacks start ARR, churned ARR, contraction ARR, expansion ARR"),
        (Baseline(start_arr=10.0, churned_arr=1.0, contraction_arr=1.0), "lacks expansion ARR"),
        (
            Baseline(start_arr=0.0, churned_arr=0.0, contraction_arr=0.0, expansion_arr=0.0),
            "start ARR is 0",
        ),
        (
            Baseline(start_arr=1.0, churned_arr=2.0, contraction_arr=0.0, expansion_arr=0.0),
            "churned ARR",
        ),
    ],
)
def test_unusable_baseline_gives_no_numbers(
    small: Rubric, baseline: Baseline, reason_part: str
) -> None:
    out = nrr.size(small, baseline, _scores(12, overall=2.0), {})
    assert not out.available and not out.sized
    assert out.reason is not None and reason_part in out.reason and out.why == out.reason
    numbers = [
        out.start_arr,
        out.grr,
        out.nrr,
        out.reported_churn,
        out.churn_tax_low,
        out.churn_tax,
        out.indirect_cost,
        out.recoverable_arr,
        out.expansion_gap,
        out.opportunity_arr,
        out.exposure_retain,
        out.year1_target_nrr,
        out.grr_gap,
    ]
    assert numbers == [None] * len(numbers)
    assert out.trajectory == () and out.bridge == ()
    assert nrr.lever_exposures(out) == {"retain": 0.0, "protect": 0.0, "expand": 0.0}
    assert out.assumptions[0].name == "Churn Tax range"  # still stated


def test_too_little_evidence_is_not_sized(small: Rubric) -> None:
    # 5 of 12 scored = 41.7% < min_coverage 50%
    out = nrr.size(small, BASE, _scores(5, overall=2.0), {})
    assert out.available and not out.sized
    assert out.why == (
        "too little evidence: 5 of 12 elements scored (42%), the case needs 50% "
        "([nrr] min_coverage)"
    )
    # the baseline's facts stay; no Churn Tax point, no opportunity
    assert out.nrr == pytest.approx(0.93) and out.reported_churn == pytest.approx(1.5 * M)
    assert (out.churn_tax, out.churn_tax_multiplier, out.indirect_cost) == (None, None, None)
    assert (out.recoverable_arr, out.opportunity_arr, out.expansion_gap) == (None, None, None)
    # 6 of 12 = 50%: sized
    assert nrr.size(small, BASE, _scores(6, overall=2.0), {}).sized


def test_all_na_is_not_sized_and_has_no_vectors(small: Rubric) -> None:
    answers = {e: Answer(e, na_reason="not here") for e in small.element_by_id}
    report = evaluate(small, Assessment(AssessmentMeta(id="na", client="NA"), BASE, answers))
    n = report.nrr
    assert not n.sized and n.why is not None and "0 of 12" in n.why
    assert n.churn_tax is None and n.year1_target_nrr is None
    assert n.trajectory == () and n.bridge == () and report.recovery_vectors == ()
    assert report.phases[1].items == ()


def test_assumptions_name_their_sources_and_defaults(small: Rubric) -> None:
    out = nrr.size(small, BASE, _scores(12, overall=2.0), {})
    by_name = {a.name: a for a in out.assumptions}
    assert by_name["Churn Tax range"].value == "1.2x to 2x reported churn"
    assert by_name["Churn Tax range"].origin == "article"
    assert by_name["Benchmark GRR"].source == "Fixture Benchmarks Inc., retention survey (2024)"
    assert by_name["Benchmark GRR"].origin == "benchmark"
    assert by_name["Realization curve ρ (cumulative, by year)"].value == "[40%, 100%]"
    assert by_name["Vector ranking"].origin == "tool"
    # the fixture sets every key: nothing is defaulted
    assert not any(a.default for a in out.assumptions)


def test_a_rubric_from_before_the_new_keys_loads_with_named_defaults(small: Rubric) -> None:
    """A 1.0-style [nrr] (recovery and capture, none of the new keys) still loads."""
    start = small.source.index("controllable_share")
    end = small.source.index("[[dimensions]]")
    old = (
        small.source[:start]
        + "recovery = [0.25, 0.5]\ncapture = [0.2, 0.4]\n\n"
        + small.source[end:]
    ).replace("effort = 2.0\n", "")
    rubric = rubric_mod.loads(old)
    assert rubric.nrr.defaulted == ("controllable_share", "realization", "min_coverage")
    assert rubric.nrr.realization == [0.3, 0.7, 1.0]
    out = nrr.size(rubric, BASE, _scores(12, overall=2.0), {})
    defaults = [a for a in out.assumptions if a.default]
    assert [a.name for a in defaults] == [
        "Controllable share of reported churn κ",
        "Realization curve ρ (cumulative, by year)",
        "Minimum evidence to size the case",
    ]
    assert all("csmaturity default (the rubric has no [nrr]" in a.source for a in defaults)
    assert any(a.name == "Rubric 1.0 recovery and capture" for a in out.assumptions)
    # and the whole engine runs on it: three years, from the default curve
    answers = {e: Answer(e, level=2) for e in rubric.element_by_id}
    report = evaluate(rubric, Assessment(AssessmentMeta(id="o", client="O"), BASE, answers))
    assert len(report.nrr.trajectory) == 3


def test_the_methodology_worked_example() -> None:
    """docs/methodology.md, "Worked example", on the default rubric (5 levels)."""
    from csmaturity_tui.engine import recovery

    rubric = rubric_mod.load()
    # r = 0.5: the value-realized elements at 3; m = 0.25: the value-monetized ones at 2
    answers = {e: Answer(e, level=3) for e in rubric.nrr.value_realized}
    answers |= {e: Answer(e, level=2) for e in rubric.nrr.value_monetized}
    b = Baseline(
        start_arr=10 * M, churned_arr=0.9 * M, contraction_arr=0.6 * M, expansion_arr=1.2 * M
    )
    out = nrr.size(rubric, b, _scores(133, total=133, overall=2.6), answers)
    assert (out.grr, out.nrr) == pytest.approx((0.85, 0.97))
    assert out.churn_tax_multiplier == pytest.approx(2.1)
    assert (out.churn_tax, out.indirect_cost) == pytest.approx((3.15 * M, 1.65 * M))
    assert (out.churn_tax_low, out.churn_tax_high) == pytest.approx((2.25 * M, 3.75 * M))
    assert (out.exposure_retain, out.exposure_protect) == pytest.approx((0.45 * M, 0.3 * M))
    assert (out.value_realized, out.value_monetized, out.unmonetized_share) == (0.5, 0.25, 0.375)
    assert out.expansion_gap == pytest.approx(0.1125 * M)
    assert out.opportunity_arr == pytest.approx(0.8625 * M)
    # the vector: lever totals 2.85, 2.05, 2.1; a dimension with levers .4/.3/.3 (strategy)
    shares = recovery.lever_shares(rubric)["strategy"]
    full = sum(nrr.lever_exposures(out)[lever] * shares[lever] for lever in shares)
    assert full == pytest.approx(0.123132 * M, rel=1e-5)
    arr = full * (3.5 - 2.2) / (3.5 - 1)
    assert arr == pytest.approx(0.064029 * M, rel=1e-5)
    # the trajectory with that fix alone: realization [0.3, 0.7, 1.0]
    assert [0.97 + share * arr / (10 * M) for share in rubric.nrr.realization] == pytest.approx(
        [0.97192, 0.97448, 0.97640], abs=1e-5
    )


SEGMENTS = """[[nrr.segments]]
name = "Small"
acv_from = 0
expansion_rate = 0.06
source = "Fixture survey of small accounts (2024)"

[[nrr.segments]]
name = "Mid"
acv_from = 20000
expansion_rate = 0.2

[nrr.sources]"""


@pytest.mark.parametrize(
    ("acv", "rate", "segment", "gap"),
    [
        # ACV 5k: the Small band (0 to 20k): (0.06 - 0.08) < 0, no benchmark gap
        (5_000.0, 0.06, "Small", 0.0),
        # ACV 20k opens the Mid band: (0.2 - 0.08) x 10M = 1.2M
        (20_000.0, 0.2, "Mid", 1.2 * M),
        # no ACV: the rubric's overall 0.12: (0.12 - 0.08) x 10M = 0.4M
        (None, 0.12, None, 0.4 * M),
    ],
)
def test_the_segment_by_acv_picks_the_benchmark(
    small: Rubric, acv: float | None, rate: float, segment: str | None, gap: float
) -> None:
    rubric = rubric_mod.loads(small.source.replace("[nrr.sources]", SEGMENTS, 1))
    baseline = Baseline(
        start_arr=10 * M,
        churned_arr=0.9 * M,
        contraction_arr=0.6 * M,
        expansion_arr=0.8 * M,
        acv=acv,
    )
    out = nrr.size(rubric, baseline, _scores(12, overall=2.0), {})
    assert (out.benchmark_expansion_rate, out.segment) == (rate, segment)
    assert out.expansion_benchmark_gap == pytest.approx(gap)
    shown = {a.name: a for a in out.assumptions}["Benchmark expansion rate b"]
    if segment == "Small":
        assert shown.value == "6% (segment Small: ACV from 0)"
        assert shown.source == "Fixture survey of small accounts (2024)"
    elif segment == "Mid":
        assert shown.value == "20% (segment Mid: ACV from 20,000)"
        assert shown.source == "rubric [[nrr.segments]] Mid"
    else:
        assert shown.value == "12% (no ACV in the baseline)"


def test_acv_must_be_an_amount_above_zero() -> None:
    from csmaturity_tui.model import baseline_problems

    assert baseline_problems(Baseline(acv=0.0)) == [("acv", "must be an amount above 0 (got 0.0)")]
    assert baseline_problems(Baseline(acv=-5.0)) == [
        ("acv", "must be an amount above 0 (got -5.0)")
    ]
    assert baseline_problems(Baseline(acv=float("nan"))) == [
        ("acv", "must be a finite number (got nan)")
    ]
    assert baseline_problems(Baseline(acv=25_000.0)) == []


def test_the_target_follows_the_assessment() -> None:
    """The issue's reviewer cases on the default rubric, with the demo's baseline."""
    rubric = rubric_mod.load()
    demo = Baseline(
        start_arr=48.6 * M, churned_arr=3.4 * M, contraction_arr=1.75 * M, expansion_arr=4.15 * M
    )

    def run(level: int | None) -> Report:
        answers = {
            e: Answer(e, level=level) if level else Answer(e, na_reason="n/a")
            for e in rubric.element_by_id
        }
        return evaluate(rubric, Assessment(AssessmentMeta(id="r", client="R"), demo, answers))

    bottom, top, nothing = run(1), run(5), run(None)
    today = (48.6 - 3.4 - 1.75) / 48.6 + 4.15 / 48.6  # GRR 89.4% + expansion 8.5%
    # all at 5: nothing to fix, a flat line at today's NRR
    assert top.nrr.trajectory == pytest.approx((today,) * 3) and top.recovery_vectors == ()
    # all at 1: a real rise, within the opportunity (recoverable 2.575M + gap)
    n = bottom.nrr
    assert n.year1_target_nrr is not None and n.year1_target_nrr > today
    assert n.opportunity_arr is not None and n.start_arr is not None
    assert n.trajectory[-1] <= today + n.opportunity_arr / n.start_arr + 1e-12
    fixes = sum(v.nrr_return for v in bottom.recovery_vectors if v.kind == "dimension")
    assert fixes <= n.opportunity_arr
    # all N/A: no evidence, no case
    assert not nothing.nrr.sized and nothing.nrr.year1_target_nrr is None
