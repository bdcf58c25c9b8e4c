"""A hand-built assessment of the small fixture rubric, checked item by item.

The fixture: scale 1..4, strong_from 2.5, rubric target 3.0.
  onboard  "Onboarding Craft"  weight 1, levers retain .6 protect .2 expand .2
      OB-1 Kickoff w2, OB-2 Kickoff w1, OB-3 Go-live w1
  signal   "Signal Quality"    weight 2, levers retain .4 protect .4 expand .2
      SQ-1 Telemetry w2, SQ-2 Telemetry w1, SQ-3 Scoring w1
  commerce "Commercial Motion" weight 1, levers retain .1 protect .4 expand .5
      CM-1 Renewal desk w2, CM-2 Renewal desk w1, CM-3 Upsell desk w1
  crew     "Team Health"       weight 1, levers retain .3 protect .3 expand .4
      TH-1 Staffing w2, TH-2 Staffing w1, TH-3 Skills w1
  AI: RD-1 -> signal; RD-2 -> onboard, commerce; RD-3 -> crew (all weight 1)
  agents: watcher  internal, feeds signal 2 + onboard 1, gate signal >= 2.5, effort 1, retain
          drafter  internal, feeds commerce 1 + crew 1, gate commerce >= 3, AI >= 2, effort 2,
                   protect + expand
          greeter  external, feeds onboard 1 + signal 1, gate onboard >= 3, signal >= 3,
                   AI >= 2.5, safeguards RD-1 >= 3 and RD-3 >= 2, after watcher, effort 4,
                   retain + expand
  weak-link floor 2.0: every fed dimension of an agent must reach it.
"""

from __future__ import annotations

import dataclasses

import pytest

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.engine import AI_READINESS, GateGap, Report, evaluate
from csmaturity_tui.model import Answer, Assessment, AssessmentMeta, Baseline, PilotOutcome
from csmaturity_tui.rubric import Rubric
from helpers import HAND_BASELINE_EUR, M


def _answers() -> dict[str, Answer]:
    given = [
        Answer("OB-1", level=4),
        Answer("OB-2", level=2),
        Answer("OB-3", na_reason="no go-live step in this business"),
        Answer("SQ-1", level=3, confidence="low"),
        Answer("SQ-2", level=4),
        Answer("SQ-3", level=1, flagged=True),
        Answer("CM-1", level=1),
        # CM-2 unanswered
        Answer("CM-3", level=2),
        Answer("TH-2", flagged=True),  # flagged for review, not answered
        Answer("RD-1", level=3),
        Answer("RD-2", level=2),
        Answer("RD-3", na_reason="no team-health data for AI"),
        Answer("XX-99", level=4),  # not in the rubric: ignored
    ]
    return {a.element_id: a for a in given}


BASELINE = HAND_BASELINE_EUR


def _assessment(baseline: Baseline = BASELINE) -> Assessment:
    return Assessment(AssessmentMeta(id="hand-1", client="Acme"), baseline, _answers())


@pytest.fixture(scope="module")
def report(small: Rubric) -> Report:
    return evaluate(small, _assessment())


# Dimension scores (weighted means of answered elements):
#   onboard  = (2x4 + 1x2) / 3 = 10/3 (OB-3 N/A left out)
#   signal   = (2x3 + 1x4 + 1x1) / 4 = 11/4 = 2.75
#   commerce = (2x1 + 1x2) / 3 = 4/3 (CM-2 unanswered left out)
#   crew     = None (nothing answered)
# overall = (1 x 10/3 + 2 x 11/4 + 1 x 4/3) / (1 + 2 + 1) = (61/6) / 4 = 61/24
ONBOARD, SIGNAL, COMMERCE, OVERALL = 10 / 3, 11 / 4, 4 / 3, 61 / 24


def test_header(report: Report) -> None:
    assert (report.rubric_id, report.rubric_version) == ("fixture-small", "0.3.1")
    assert report.assessment_id == "hand-1"
    assert (report.strong_from, report.levels) == (2.5, 4)


def test_dimension_scores(report: Report) -> None:
    dims = {d.id: d for d in report.scores.dimensions}
    assert [d.id for d in report.scores.dimensions] == ["onboard", "signal", "commerce", "crew"]
    assert dims["onboard"].score == pytest.approx(ONBOARD)
    assert dims["signal"].score == pytest.approx(SIGNAL)
    assert dims["commerce"].score == pytest.approx(COMMERCE)
    assert dims["crew"].score is None
    # targets: signal overridden by the assessment (3.5), the rest from [rubric] target 3.0
    assert [d.target for d in report.scores.dimensions] == [3.0, 3.5, 3.0, 3.0]
    # gaps: max(0, target - score): 0, 3.5 - 2.75 = 0.75, 3 - 4/3 = 5/3, None
    assert dims["onboard"].gap == 0.0
    assert dims["signal"].gap == pytest.approx(0.75)
    assert dims["commerce"].gap == pytest.approx(5 / 3)
    assert dims["crew"].gap is None
    # counts and coverage = (answered + na) / total
    assert (dims["onboard"].answered, dims["onboard"].na, dims["onboard"].coverage) == (2, 1, 1.0)
    assert (dims["commerce"].answered, dims["commerce"].na) == (2, 0)
    assert dims["commerce"].coverage == pytest.approx(2 / 3)
    assert (dims["crew"].answered, dims["crew"].coverage, dims["crew"].flagged) == (0, 0.0, 1)
    # low confidence: SQ-1 of the 3 answered signal elements
    assert dims["signal"].low_confidence_share == pytest.approx(1 / 3)
    assert dims["signal"].flagged == 1


def test_area_scores(report: Report) -> None:
    areas = {(a.dimension_id, a.area): a for d in report.scores.dimensions for a in d.areas}
    # Kickoff (2x4 + 1x2) / 3 = 10/3; Go-live only N/A -> None
    assert areas["onboard", "Kickoff"].score == pytest.approx(10 / 3)
    assert areas["onboard", "Go-live"].score is None
    assert areas["onboard", "Go-live"].coverage == 1.0
    # Telemetry (2x3 + 1x4) / 3 = 10/3; Scoring 1
    assert areas["signal", "Telemetry"].score == pytest.approx(10 / 3)
    assert areas["signal", "Scoring"].score == 1.0
    # Renewal desk: only CM-1 = 1 (CM-2 unanswered); Upsell desk 2
    assert areas["commerce", "Renewal desk"].score == 1.0
    assert areas["commerce", "Renewal desk"].coverage == 0.5
    assert areas["commerce", "Upsell desk"].score == 2.0
    # weakest, lowest first; ties in rubric order: Scoring (1), Renewal desk (1),
    # Upsell desk (2), Kickoff (10/3), Telemetry (10/3)
    assert [(a.dimension_id, a.area) for a in report.scores.weakest_areas] == [
        ("signal", "Scoring"),
        ("commerce", "Renewal desk"),
        ("commerce", "Upsell desk"),
        ("onboard", "Kickoff"),
        ("signal", "Telemetry"),
    ]


def test_overall(report: Report) -> None:
    s = report.scores
    assert s.overall == pytest.approx(OVERALL)
    # 7 with a level, 1 N/A (OB-3), 12 elements (XX-99 and the AI layer are not counted)
    assert (s.answered, s.na, s.total) == (7, 1, 12)
    assert s.coverage == pytest.approx(8 / 12)
    assert s.low_confidence_share == pytest.approx(1 / 7)


def test_ai_readiness(report: Report) -> None:
    ai = report.ai_readiness
    # RD-1 3, RD-2 2, RD-3 N/A: mean (3 + 2) / 2 = 2.5; index (2.5 - 1) / 3 x 100 = 50
    assert ai.overall == 2.5
    assert ai.index == pytest.approx(50.0)
    assert (ai.answered, ai.na, ai.total, ai.coverage) == (2, 1, 3, 1.0)
    per_dim = {r.dimension_id: (r.score, r.index) for r in ai.dimensions}
    assert per_dim["signal"] == pytest.approx((3.0, 200 / 3))  # RD-1
    assert per_dim["onboard"] == pytest.approx((2.0, 100 / 3))  # RD-2
    assert per_dim["commerce"] == pytest.approx((2.0, 100 / 3))  # RD-2
    assert per_dim["crew"] == (None, None)  # RD-3 is N/A
    assert [d.ai_readiness for d in report.scores.dimensions] == [2.0, 3.0, 2.0, None]


def test_quadrant_and_gates(report: Report) -> None:
    agents = {a.id: a for a in report.agents}
    assert list(agents) == ["watcher", "drafter", "greeter"]

    watcher = agents["watcher"]
    # maturity (2 x 2.75 + 1 x 10/3) / 3 = 53/18 = 2.94 >= 2.5 -> internal + strong
    assert watcher.maturity == pytest.approx(53 / 18)
    assert watcher.quadrant == "strong_internal"
    # gate signal >= 2.5: 2.75 passes; weakest fed 2.75 >= 2.0; but its pilot has not
    # started, so it stays a pilot until the pilot is proven
    assert watcher.gate_passed and watcher.gaps == ()
    assert (watcher.weakest, watcher.weakest_id) == (2.75, "signal")
    assert (watcher.status, watcher.pilot_outcome) == ("pilot", "not_started")

    drafter = agents["drafter"]
    # crew unscored is left out: maturity = commerce = 4/3 < 2.5 -> diagnostic pilot
    assert drafter.maturity == pytest.approx(4 / 3)
    assert drafter.quadrant == "diagnostic_pilot"
    # crew unscored; mean 4/3 < 2.5; gate commerce >= 3 fails (4/3) and so covers the weak
    # link 4/3 < 2.0; AI readiness 2.5 >= 2.0 passes -> piloted, not ready to scale
    assert not drafter.gate_passed and drafter.unscored == ("Team Health",)
    assert drafter.gaps == (
        GateGap("maturity", "Fed maturity (weighted mean)", pytest.approx(4 / 3), 2.5, "maturity"),  # type: ignore[arg-type]
        GateGap("commerce", "Commercial Motion", pytest.approx(4 / 3), 3.0),  # type: ignore[arg-type]
    )
    assert drafter.status == "pilot"

    greeter = agents["greeter"]
    # maturity (10/3 + 2.75) / 2 = 73/24 = 3.04 >= 2.5 -> external + strong
    assert greeter.maturity == pytest.approx(73 / 24)
    assert greeter.quadrant == "strong_external"
    # gate: onboard 10/3 >= 3 ok; signal 2.75 < 3 FAILS; AI 2.5 >= 2.5 ok;
    # safeguards: RD-1 3 >= 3 ok, RD-3 N/A FAILS (N/A is not met)
    assert not greeter.gate_passed
    assert greeter.gaps == (
        GateGap("signal", "Signal Quality", 2.75, 3.0),
        GateGap("RD-3", "Readiness item 3", None, 2.0, "element"),
    )
    assert greeter.status == "blocked"
    assert (greeter.after, greeter.unproven) == (("watcher",), ("watcher",))
    assert (greeter.exposure, greeter.effort, greeter.levers) == (
        "external",
        4,
        ("retain", "expand"),
    )


def test_failure_modes(report: Report) -> None:
    agents = {a.id: a for a in report.agents}
    (watch,) = agents["watcher"].failure_modes
    # signal 2.75 >= strong_from 2.5: not weak
    assert (watch.dimension_id, watch.dimension_name, watch.weak) == (
        "signal",
        "Signal Quality",
        False,
    )
    assert watch.dimension_score == 2.75
    (draft,) = agents["drafter"].failure_modes
    # commerce 4/3 < 2.5: weak, expect to see this failure
    assert (draft.dimension_id, draft.weak) == ("commerce", True)
    assert draft.signal == "Drafts the owner rewrites"


# NRR: S 10M, C 0.9M, K 0.6M, E 0.8M, reported churn R = 1.5M
# 7 of 12 elements scored (58% >= min_coverage 50%): sized
# mu = 2.0 - 0.8 x (61/24 - 1) / 3 = 1.58889 -> 1.59 (2 decimals)
# Churn Tax 1.59 x 1.5M = 2.385M = ARR lost 1.5M + indirect cost 0.885M
# recoverable = 0.6 x 1.5M = 0.9M: retain X_r = 0.6 x 0.9M = 0.54M, protect X_p = 0.36M
# value: OB-1 at 4 -> r = 1; CM-1 at 1 -> m = 0; u = 1; expand X_e = (0.12 - 0.08) x 10M
X_R, X_P, X_E = 0.54 * M, 0.36 * M, 0.4 * M


def test_nrr(report: Report) -> None:
    n = report.nrr
    assert n.available and n.sized and (n.currency, n.period) == ("EUR", "FY2025")
    assert n.coverage == pytest.approx(7 / 12)
    assert n.grr == pytest.approx(0.85)
    assert n.nrr == pytest.approx(0.93)  # 0.85 + 0.8 / 10
    assert n.churn_tax_multiplier == 1.59
    assert n.churn_tax == pytest.approx(2.385 * M)
    assert n.indirect_cost == pytest.approx(0.885 * M)
    assert n.recoverable_arr == pytest.approx(0.9 * M)
    assert (n.exposure_retain, n.exposure_protect, n.exposure_expand) == pytest.approx(
        (X_R, X_P, X_E)
    )
    assert n.opportunity_arr == pytest.approx(1.3 * M)


def test_lever_returns(report: Report) -> None:
    agents = {a.id: a for a in report.agents}
    assert agents["watcher"].lever_return == pytest.approx(X_R)  # retain: 0.54M
    assert agents["drafter"].lever_return == pytest.approx(X_P + X_E)  # 0.76M
    assert agents["greeter"].lever_return == pytest.approx(X_R + X_E)  # 0.94M


# Lever shares: totals retain 1.4, protect 1.3, expand 1.3
# signal:   F = 0.54 x .4/1.4 + 0.36 x .4/1.3 + 0.4 x .2/1.3 = 0.326593M
# commerce: F = 0.54 x .1/1.4 + 0.36 x .4/1.3 + 0.4 x .5/1.3 = 0.303187M
FULL_SIGNAL = X_R * 0.4 / 1.4 + X_P * 0.4 / 1.3 + X_E * 0.2 / 1.3
FULL_COMMERCE = X_R * 0.1 / 1.4 + X_P * 0.4 / 1.3 + X_E * 0.5 / 1.3
# signal (target 3.5): 0.75 / 2.5 of F = 0.097978M, effort 2 -> 0.048989M per effort
# commerce (target 3): (5/3) / 2 of F = 0.252656M, effort 1
SIGNAL_ARR, COMMERCE_ARR = FULL_SIGNAL * 0.3, FULL_COMMERCE * 5 / 6


def test_recovery_vectors(report: Report) -> None:
    v = {x.id: x for x in report.recovery_vectors}
    # onboard 10/3 >= 3 and crew unscored: no dimension vector for them
    assert [x.id for x in report.recovery_vectors if x.kind == "dimension"] == [
        "commerce",  # 0.252656M per unit of effort
        "signal",  # 0.048989M per unit of effort
    ]
    assert v["commerce"].nrr_return == pytest.approx(COMMERCE_ARR)
    assert v["signal"].nrr_return == pytest.approx(SIGNAL_ARR)
    assert v["signal"].effort == 2.0
    assert v["signal"].return_per_effort == pytest.approx(SIGNAL_ARR / 2)
    assert v["signal"].nrr_points == pytest.approx(SIGNAL_ARR / (10 * M))
    assert v["signal"].opens == ("greeter",)  # greeter's gate fails on signal
    assert v["commerce"].opens == ()  # only drafter (internal) is gated on commerce
    assert v["commerce"].levers == ("retain", "protect", "expand")
    # areas share their dimension's return by scored weight x gap:
    #   commerce: Renewal desk 2 x (3 - 1) = 4, Upsell desk 1 x (3 - 2) = 1 -> 4/5, 1/5
    #   signal:   Scoring 1 x (3.5 - 1) = 2.5, Telemetry 3 x (3.5 - 10/3) = 0.5 -> 5/6, 1/6
    areas = [x for x in report.recovery_vectors if x.kind == "area"]
    assert [(x.id, x.parent) for x in areas] == [
        ("commerce/Renewal desk", "commerce"),
        ("commerce/Upsell desk", "commerce"),
        ("signal/Scoring", "signal"),
        ("signal/Telemetry", "signal"),
    ]
    assert [x.nrr_return for x in areas] == pytest.approx(
        [COMMERCE_ARR * 0.8, COMMERCE_ARR * 0.2, SIGNAL_ARR * 5 / 6, SIGNAL_ARR / 6]
    )
    assert v["signal/Scoring"].label == "Signal Quality / Scoring"
    assert v["signal/Scoring"].area == "Scoring" and v["signal/Scoring"].gap == 2.5


def test_trajectory_and_bridge(report: Report) -> None:
    n = report.nrr
    # both fixes scheduled; realization [0.4, 1.0]
    # year 1: 0.93 + 0.4 x (0.097978 + 0.252656) / 10 = 0.93 + 0.0140254 = 0.9440254
    # year 2: 0.93 + 1.0 x 0.350634 / 10 = 0.9650634
    both = SIGNAL_ARR + COMMERCE_ARR
    assert n.trajectory == pytest.approx((0.93 + 0.4 * both / (10 * M), 0.93 + both / (10 * M)))
    assert n.realized_arr == pytest.approx((0.4 * both, both))
    assert n.year1_target_nrr == n.trajectory[0]
    # the bridge: today, the fixes in the blueprint's order, the target; adding up exactly
    assert [(b.id, b.points) for b in n.bridge] == [
        ("today", pytest.approx(0.93)),
        ("signal", pytest.approx(0.4 * SIGNAL_ARR / (10 * M))),
        ("commerce", pytest.approx(0.4 * COMMERCE_ARR / (10 * M))),
        ("year1_target", n.year1_target_nrr),
    ]
    today, *steps, target = n.bridge
    assert today.points + sum(s.points for s in steps) == target.points


def test_year1_range_moves_uncertain_answers(report: Report) -> None:
    n = report.nrr
    # SQ-1 (low confidence, 3) and SQ-3 (flagged, 1) are uncertain; TH-2 has no level
    assert n.uncertain_answers == 2
    # down: SQ-1 2, SQ-3 1 -> signal 9/4, ARR 0.5 F; target 0.93 + 0.4 x (0.5 F + commerce) / 10
    low_signal = FULL_SIGNAL * 0.5
    down = 0.93 + 0.4 * (low_signal + COMMERCE_ARR) / (10 * M)
    # up: SQ-1 4, SQ-3 2 -> signal 3.5 = its target: no signal vector
    up = 0.93 + 0.4 * COMMERCE_ARR / (10 * M)
    assert n.year1_target_low == pytest.approx(up)
    assert n.year1_target_high == pytest.approx(down)
    low, mid, high = n.year1_target_low, n.year1_target_nrr, n.year1_target_high
    assert low is not None and mid is not None and high is not None
    assert low <= mid <= high


def test_phases(report: Report) -> None:
    one, two, three = report.phases
    assert [(p.number, p.name) for p in report.phases] == [
        (1, "Internal-agent pilots"),
        (2, "Operating-model fixes"),
        (3, "External agents (beta)"),
    ]
    # phase 1: both internal agents, effort 1 (watcher) before effort 2 (drafter)
    assert [(i.kind, i.id, i.status, i.scheduled) for i in one.items] == [
        ("agent", "watcher", "pilot", True),
        ("agent", "drafter", "pilot", True),
    ]
    assert one.items[1].gaps == report.agents[1].gaps  # what stands between pilot and scale
    assert one.items[1].failure_modes[0].weak
    # phase 2: signal opens greeter's gate, so it comes before commerce despite a lower return
    assert [(i.kind, i.id) for i in two.items] == [("vector", "signal"), ("vector", "commerce")]
    assert "greeter" in two.items[0].note
    # phase 3: greeter is blocked by signal 2.75 < 3 and its N/A safeguard, pilot unproven
    (greeter,) = three.items
    assert (greeter.id, greeter.status, greeter.scheduled) == ("greeter", "blocked", False)
    assert greeter.gaps == report.agents[2].gaps
    assert greeter.note == (
        "Blocked by: Signal Quality, Readiness item 3; "
        "Pilots still to prove: Signal watcher (not started)"
    )


def test_without_financials(small: Rubric) -> None:
    report = evaluate(small, _assessment(Baseline(targets={"signal": 3.5})))
    assert not report.nrr.available
    assert report.nrr.reason is not None and "start ARR" in report.nrr.reason
    # everything else still works
    assert report.scores.overall == pytest.approx(OVERALL)
    assert all(a.lever_return == 0.0 for a in report.agents)
    # returns 0, ranked by gap per effort: commerce 5/3 before signal 0.75 / 2;
    # areas under their dimension, by gap: Renewal desk 2, Upsell desk 1; Scoring, Telemetry
    assert all(v.nrr_return == 0.0 and v.nrr_points == 0.0 for v in report.recovery_vectors)
    assert [v.id for v in report.recovery_vectors] == [
        "commerce",
        "signal",
        "commerce/Renewal desk",
        "commerce/Upsell desk",
        "signal/Scoring",
        "signal/Telemetry",
    ]
    assert report.nrr.trajectory == () and report.nrr.year1_target_nrr is None
    assert [i.id for i in report.phases[1].items] == ["signal", "commerce"]


def test_gate_passes_and_beta_is_scheduled(small: Rubric) -> None:
    everything = {e: Answer(e, level=4) for e in small.element_by_id}
    proven = {"watcher": PilotOutcome("watcher", "proven")}
    report = evaluate(
        small, Assessment(AssessmentMeta(id="top", client="Top"), answers=everything, pilots=proven)
    )
    # all 4: every agent strong, every gate passes, nothing below target, watcher proven
    assert [a.quadrant for a in report.agents] == [
        "strong_internal",
        "strong_internal",
        "strong_external",
    ]
    # drafter's gate passes too, but only watcher's pilot is proven
    assert [a.status for a in report.agents] == ["scale", "pilot", "beta_ready"]
    assert "scale it once the pilot is proven" in report.phases[0].items[1].note
    assert all(a.gate_passed for a in report.agents)
    assert report.recovery_vectors == ()
    assert report.phases[1].items == ()
    (greeter,) = report.phases[2].items
    assert (greeter.id, greeter.status, greeter.gaps) == ("greeter", "beta_ready", ())
    assert greeter.scheduled


def test_a_trap_agent_is_blocked_even_when_its_gate_passes(small: Rubric) -> None:
    text = small.source.replace(
        "gate = { onboard = 3.0, signal = 3.0 }\nmin_ai_readiness = 2.5",
        "gate = { commerce = 1.0 }",
    )
    assert text != small.source
    trap_rubric = rubric_mod.loads(text)
    answers = {e: Answer(e, level=1) for e in trap_rubric.element_by_id}
    proven = {"watcher": PilotOutcome("watcher", "proven")}
    report = evaluate(
        trap_rubric,
        Assessment(AssessmentMeta(id="t", client="T"), answers=answers, pilots=proven),
    )
    greeter = report.agents[2]
    # commerce 1 >= 1 meets the declared minimum, but fed maturity 1 < 2.5 (the trap), the
    # weak link 1 < 2.0 and the safeguards at 1 each fail
    assert greeter.quadrant == "trap" and not greeter.gate_passed
    assert [g.kind for g in greeter.gaps] == [
        "maturity",
        "weak_link",
        "weak_link",
        "element",
        "element",
    ]
    assert greeter.gaps[0] == GateGap(
        "maturity", "Fed maturity (weighted mean)", 1.0, 2.5, "maturity"
    )
    (item,) = report.phases[2].items
    assert item.status == "blocked" and not item.scheduled
    assert item.note.startswith("Blocked by: Fed maturity (weighted mean), Onboarding Craft")


def test_no_answers_at_all(small: Rubric) -> None:
    report = evaluate(small, Assessment(AssessmentMeta(id="e", client="E"), BASELINE))
    assert report.scores.overall is None and report.scores.coverage == 0.0
    assert report.ai_readiness.overall is None and report.ai_readiness.index is None
    # maturity None counts as weak; unscored gate dimensions and safeguards fail
    assert [a.quadrant for a in report.agents] == ["diagnostic_pilot", "diagnostic_pilot", "trap"]
    assert [a.status for a in report.agents] == ["pilot", "pilot", "not_evaluable"]
    greeter = report.agents[2]
    assert [(g.subject, g.current) for g in greeter.gaps] == [
        ("onboard", None),
        ("signal", None),
        (AI_READINESS, None),
        ("RD-1", None),
        ("RD-3", None),
    ]
    # no evidence: the case is not sized (no Churn Tax point, no target)
    assert not report.nrr.sized and report.nrr.churn_tax_multiplier is None
    assert report.nrr.churn_tax is None and report.nrr.year1_target_nrr is None
    assert report.recovery_vectors == ()
    assert [i.id for i in report.phases[0].items] == ["watcher", "drafter"]
    assert report.phases[2].items[0].status == "not_evaluable"
    assert "no score yet for Onboarding Craft, Signal Quality" in report.phases[2].items[0].note


def test_answer_order_does_not_matter(small: Rubric) -> None:
    a = _assessment()
    b = dataclasses.replace(a, answers=dict(reversed(list(a.answers.items()))))
    assert evaluate(small, a) == evaluate(small, b)
    assert repr(evaluate(small, a)) == repr(evaluate(small, b))
