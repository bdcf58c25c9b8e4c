"""Invariants of the engine on random assessments, with the small fixture and the default rubric."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.engine import Report, evaluate
from csmaturity_tui.model import (
    Answer,
    Assessment,
    AssessmentMeta,
    Baseline,
    answer_problems,
    baseline_problems,
)
from csmaturity_tui.rubric import Rubric
from helpers import ROUND_BASELINE, SMALL
from strategies import assessments, complete_baselines

RUBRICS = {"small": rubric_mod.load(SMALL), "default": rubric_mod.load()}
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

pytestmark = pytest.mark.parametrize("rubric", list(RUBRICS.values()), ids=list(RUBRICS))


def _all_scores(report: Report) -> list[float | None]:
    s = report.scores
    out: list[float | None] = [s.overall, report.ai_readiness.overall]
    for d in s.dimensions:
        out += [d.score, d.ai_readiness, *(a.score for a in d.areas)]
    out += [r.score for r in report.ai_readiness.dimensions]
    out += [a.maturity for a in report.agents]
    out += [v.score for v in report.recovery_vectors]
    return out


def _maturity(report: Report) -> list[float | None]:
    """Every score but the recovery vectors' (those follow the NRR case's evidence)."""
    vectors = len(report.recovery_vectors)
    return _all_scores(report)[: len(_all_scores(report)) - vectors]


@SETTINGS
@given(data=st.data())
def test_strategy_draws_valid_assessments(rubric: Rubric, data: st.DataObject) -> None:
    a = data.draw(assessments(rubric))
    assert baseline_problems(a.baseline, rubric) == []
    for answer in a.answers.values():
        assert answer_problems(answer, rubric) == []


@SETTINGS
@given(data=st.data())
def test_every_score_lies_on_the_scale(rubric: Rubric, data: st.DataObject) -> None:
    report = evaluate(rubric, data.draw(assessments(rubric)))
    for value in _all_scores(report):
        assert value is None or 1.0 <= value <= rubric.levels
    for index in [report.ai_readiness.index, *(r.index for r in report.ai_readiness.dimensions)]:
        assert index is None or 0.0 <= index <= 100.0
    coverages = [report.scores.coverage, report.ai_readiness.coverage]
    for d in report.scores.dimensions:
        coverages += [d.coverage, d.low_confidence_share, *(a.coverage for a in d.areas)]
        assert d.gap is None or 0.0 <= d.gap <= rubric.levels - 1
    assert all(0.0 <= c <= 1.0 for c in coverages)


@SETTINGS
@given(data=st.data())
def test_raising_one_answer_never_lowers_its_dimension(rubric: Rubric, data: st.DataObject) -> None:
    a = data.draw(assessments(rubric))
    element_id = data.draw(st.sampled_from(sorted(rubric.dimension_of)))
    old = a.answers.get(element_id)
    low = data.draw(st.integers(1, rubric.levels - 1))
    high = data.draw(st.integers(low + 1, rubric.levels))
    base = old or Answer(element_id)
    before = dataclasses.replace(
        a, answers={**a.answers, element_id: dataclasses.replace(base, level=low, na_reason=None)}
    )
    after = dataclasses.replace(
        a, answers={**a.answers, element_id: dataclasses.replace(base, level=high, na_reason=None)}
    )
    dim_index = [d.id for d in rubric.dimensions].index(rubric.dimension_of[element_id])
    s_before = evaluate(rubric, before).scores
    s_after = evaluate(rubric, after).scores
    b, c = s_before.dimensions[dim_index].score, s_after.dimensions[dim_index].score
    assert b is not None and c is not None
    assert c >= b
    assert s_before.overall is not None and s_after.overall is not None
    assert s_after.overall >= s_before.overall


@SETTINGS
@given(data=st.data())
def test_adding_an_na_changes_no_other_contribution(rubric: Rubric, data: st.DataObject) -> None:
    a = data.draw(assessments(rubric))
    element_id = data.draw(st.sampled_from(sorted(rubric.element_by_id)))
    rest = {k: v for k, v in a.answers.items() if k != element_id}
    without = dataclasses.replace(a, answers=rest)
    na = Answer(element_id, na_reason="does not apply here")
    with_na = dataclasses.replace(a, answers={**rest, element_id: na})
    r0, r1 = evaluate(rubric, without), evaluate(rubric, with_na)
    # every score, placement, NRR figure, vector and phase is the same
    assert _all_scores(r0) == _all_scores(r1)
    assert r0.agents == r1.agents
    assert r0.nrr == r1.nrr
    assert r0.recovery_vectors == r1.recovery_vectors
    assert r0.phases == r1.phases
    # only the N/A count and the coverage move
    if element_id in rubric.dimension_of:
        assert r1.scores.na == r0.scores.na + 1
        assert r1.scores.coverage > r0.scores.coverage
    else:
        assert r1.ai_readiness.na == r0.ai_readiness.na + 1


@SETTINGS
@given(data=st.data())
def test_a_carried_answer_scores_but_is_not_done_until_confirmed(
    rubric: Rubric, data: st.DataObject
) -> None:
    a = data.draw(assessments(rubric))
    report = evaluate(rubric, a)
    s = report.scores
    done = sum(1 for e in rubric.dimension_of if e in a.answers and a.answers[e].is_done)
    assert s.answered + s.na == done  # what the dashboard's progress line counts
    said = sum(1 for e in rubric.dimension_of if e in a.answers and a.answers[e].is_scored)
    said += sum(1 for e in rubric.dimension_of if e in a.answers and a.answers[e].is_na)
    assert s.answered + s.na + s.carried == said
    assert s.coverage == pytest.approx(done / s.total)
    confirmed = {k: dataclasses.replace(v, carried=False) for k, v in a.answers.items()}
    again = evaluate(rubric, dataclasses.replace(a, answers=confirmed))
    # confirming moves no maturity score (the NRR case may now have the evidence it needs)
    assert _maturity(again) == _maturity(report)
    assert again.scores.coverage >= s.coverage


@SETTINGS
@given(data=st.data())
def test_sequencing_rules(rubric: Rubric, data: st.DataObject) -> None:
    report = evaluate(rubric, data.draw(assessments(rubric)))
    placement = {a.id: a for a in report.agents}
    one, two, three = report.phases
    assert [p.number for p in report.phases] == [1, 2, 3]
    # no external agent before phase 3
    for phase in (one, two):
        for item in phase.items:
            assert item.kind == "vector" or placement[item.id].exposure == "internal"
    assert all(item.kind == "vector" for item in two.items)
    # every internal agent is piloted in phase 1, whatever its gate, exactly once
    internal = sorted(a.id for a in report.agents if a.exposure == "internal")
    assert sorted(item.id for item in one.items) == internal
    assert all(item.scheduled and item.status in ("pilot", "scale") for item in one.items)
    keys = [(placement[i.id].effort, -placement[i.id].lever_return, i.id) for i in one.items]
    assert keys == sorted(keys)
    # every external agent is in phase 3; none in the trap or with a failing gate is scheduled
    external = sorted(a.id for a in report.agents if a.exposure == "external")
    assert sorted(item.id for item in three.items) == external
    for item in three.items:
        agent = placement[item.id]
        assert item.status == agent.status
        if agent.quadrant == "trap" or not agent.gate_passed:
            assert not item.scheduled and item.status in ("blocked", "not_evaluable")
            assert item.gaps or agent.unscored
        else:
            assert item.scheduled == (item.status == "beta_ready")
    # phase 2: the dimension vectors, gate-openers first
    dimension_vectors = {v.id: v for v in report.recovery_vectors if v.kind == "dimension"}
    assert sorted(i.id for i in two.items) == sorted(dimension_vectors)
    opens = [bool(dimension_vectors[i.id].opens) for i in two.items]
    assert opens == sorted(opens, reverse=True)


def _check_nrr_bounds(rubric: Rubric, report: Report) -> None:
    """Every bound of the NRR model that a Report must keep."""
    n = report.nrr
    dims = [v for v in report.recovery_vectors if v.kind == "dimension"]
    areas = [v for v in report.recovery_vectors if v.kind == "area"]
    kinds = [v.kind for v in report.recovery_vectors]
    assert kinds == sorted(kinds, key=lambda k: k != "dimension")
    keys = [(-v.return_per_effort, -v.gap / v.effort, v.id) for v in dims]
    assert keys == sorted(keys)
    returns = {v.id: v.nrr_return for v in dims}
    for parent in {a.parent for a in areas}:
        assert parent in returns  # an area is a breakdown of a dimension vector
        mine = sum(a.nrr_return for a in areas if a.parent == parent)
        assert mine <= returns[parent] * (1 + 1e-9) + 1e-9
    if not n.sized:
        assert n.trajectory == () and n.bridge == () and n.year1_target_nrr is None
        assert n.churn_tax is None and n.opportunity_arr is None
        assert (n.year1_target_low, n.year1_target_high) == (None, None)
        if n.available:  # too little evidence: nothing ranked
            assert report.recovery_vectors == ()
        else:
            assert all(v.nrr_return == 0.0 for v in report.recovery_vectors)
        return
    assert n.coverage >= rubric.nrr.min_coverage
    assert n.grr is not None and n.nrr is not None and n.start_arr
    assert n.reported_churn is not None and n.churn_tax is not None
    assert n.indirect_cost is not None and n.indirect_cost >= 0
    assert n.churn_tax == pytest.approx(n.reported_churn + n.indirect_cost)
    assert 0.0 <= n.grr <= 1.0
    assert n.recoverable_arr is not None and n.recoverable_arr <= n.reported_churn
    assert n.expansion_gap is not None and n.opportunity_arr is not None
    assert n.opportunity_arr == pytest.approx(n.recoverable_arr + n.expansion_gap)
    exposures = (n.exposure_retain or 0) + (n.exposure_protect or 0) + (n.exposure_expand or 0)
    assert exposures == pytest.approx(n.opportunity_arr)
    # the fixes return at most the opportunity
    assert sum(returns.values()) <= n.opportunity_arr * (1 + 1e-9) + 1e-9
    # the trajectory: one year per realization share, never falling, capped
    cap = n.nrr + n.opportunity_arr / n.start_arr
    assert len(n.trajectory) == len(rubric.nrr.realization)
    previous = n.nrr
    for value in n.trajectory:
        assert math.isfinite(value)
        assert previous <= value <= cap + 1e-12
        previous = value
    if not dims:
        assert n.trajectory == (n.nrr,) * len(n.trajectory)  # flat at today's NRR
    # the bridge: today, the steps, the target, adding up exactly
    today, *steps, target = n.bridge
    assert (today.id, today.points) == ("today", n.nrr)
    assert (target.id, target.points) == ("year1_target", n.year1_target_nrr)
    assert today.points + sum(s.points for s in steps) == target.points
    assert n.year1_target_low is not None and n.year1_target_high is not None
    assert n.year1_target_low <= target.points <= n.year1_target_high


@SETTINGS
@given(data=st.data())
def test_nrr_bounds(rubric: Rubric, data: st.DataObject) -> None:
    _check_nrr_bounds(rubric, evaluate(rubric, data.draw(assessments(rubric))))


def _with(rubric: Rubric, baseline: Baseline, answers: dict[str, Answer]) -> Report:
    return evaluate(rubric, Assessment(AssessmentMeta(id="x", client="X"), baseline, answers))


@SETTINGS
@given(data=st.data())
def test_flat_at_the_top(rubric: Rubric, data: st.DataObject) -> None:
    baseline = data.draw(complete_baselines())
    top = {e: Answer(e, level=rubric.levels) for e in rubric.element_by_id}
    report = _with(rubric, baseline, top)
    n = report.nrr
    assert n.sized and report.recovery_vectors == ()
    assert n.trajectory == (n.nrr,) * len(rubric.nrr.realization)
    assert n.year1_target_nrr == n.nrr and n.expansion_gap == 0.0
    assert [b.id for b in n.bridge] == ["today", "year1_target"]
    _check_nrr_bounds(rubric, report)


@SETTINGS
@given(data=st.data())
def test_bottom_stays_within_the_opportunity(rubric: Rubric, data: st.DataObject) -> None:
    baseline = data.draw(complete_baselines())
    bottom = {e: Answer(e, level=1) for e in rubric.element_by_id}
    report = _with(rubric, baseline, bottom)
    assert report.nrr.sized
    _check_nrr_bounds(rubric, report)


@SETTINGS
@given(data=st.data())
def test_unsized_without_evidence(rubric: Rubric, data: st.DataObject) -> None:
    """Fewer scored elements than min_coverage asks: no case, whatever the answers say."""
    baseline = data.draw(complete_baselines())
    ids = list(rubric.dimension_of)
    most = math.ceil(rubric.nrr.min_coverage * len(ids)) - 1
    chosen = data.draw(st.lists(st.sampled_from(ids), max_size=most, unique=True))
    levels = data.draw(
        st.lists(st.integers(1, rubric.levels), min_size=len(ids), max_size=len(ids))
    )
    answers = {e: Answer(e, level=lv) for e, lv in zip(chosen, levels, strict=False)}
    answers |= {e: Answer(e, na_reason="n/a") for e in ids if e not in answers}
    report = _with(rubric, baseline, answers)
    n = report.nrr
    assert not n.sized and n.why is not None and "too little evidence" in n.why
    assert report.recovery_vectors == () and n.trajectory == () and n.churn_tax is None
    _check_nrr_bounds(rubric, report)


def test_one_dimension_only_is_not_sized(rubric: Rubric) -> None:
    dim = rubric.dimensions[0]
    answers = {e.id: Answer(e.id, level=1) for e in dim.elements}
    base = ROUND_BASELINE
    report = _with(rubric, base, answers)
    assert not report.nrr.sized and report.recovery_vectors == ()


@SETTINGS
@given(data=st.data())
def test_same_input_same_report(rubric: Rubric, data: st.DataObject) -> None:
    a: Assessment = data.draw(assessments(rubric))
    first, second = evaluate(rubric, a), evaluate(rubric, a)
    assert first == second
    assert repr(first) == repr(second)
    shuffled = dataclasses.replace(a, answers=dict(reversed(list(a.answers.items()))))
    assert repr(evaluate(rubric, shuffled)) == repr(first)
