"""The gates averaging cannot pass: weak link, evidence, safeguards, pilots; one status each.

Hand-worked examples on the small fixture and the default rubric, then hypothesis
properties on both.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.engine import AgentPlacement, GateGap, Report, evaluate
from csmaturity_tui.model import Answer, Assessment, AssessmentMeta, PilotOutcome
from csmaturity_tui.presentation.wording import STATUS_NAMES
from csmaturity_tui.rubric import Rubric
from helpers import SMALL
from strategies import assessments

SMALL_RUBRIC = rubric_mod.load(SMALL)
DEFAULT_RUBRIC = rubric_mod.load()
RUBRICS = {"small": SMALL_RUBRIC, "default": DEFAULT_RUBRIC}
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
META = AssessmentMeta(id="00000000-0000-4000-8000-000000000015", client="Gateco", date="2026-01-05")
BOTH = pytest.mark.parametrize("rubric", list(RUBRICS.values()), ids=list(RUBRICS))


def at(rubric: Rubric, level: int, **overrides: int) -> dict[str, Answer]:
    """Every element answered at ``level``, except the overrides (element id: level)."""
    out = {eid: Answer(eid, level=level) for eid in rubric.element_by_id}
    for eid, value in overrides.items():
        out[eid.replace("_", "-")] = Answer(eid.replace("_", "-"), level=value)
    return out


def all_proven(rubric: Rubric) -> dict[str, PilotOutcome]:
    return {a.id: PilotOutcome(a.id, "proven") for a in rubric.agents if a.exposure == "internal"}


def report_of(
    rubric: Rubric,
    answers: Mapping[str, Answer],
    pilots: Mapping[str, PilotOutcome] | None = None,
) -> Report:
    return evaluate(rubric, Assessment(META, answers=answers, pilots=pilots or {}))


def agent(report: Report, agent_id: str) -> AgentPlacement:
    return next(a for a in report.agents if a.id == agent_id)


# -- hand-worked: the small fixture -------------------------------------------------------
# greeter: external, feeds onboard 1 + signal 1, gate onboard 3 and signal 3, AI ≥ 2.5,
# safeguards RD-1 ≥ 3 and RD-3 ≥ 2, after the watcher pilot. strong_from 2.5, floor 2.0.


def test_small_everything_at_the_top_and_the_pilot_proven_is_beta_ready() -> None:
    report = report_of(SMALL_RUBRIC, at(SMALL_RUBRIC, 4), all_proven(SMALL_RUBRIC))
    greeter = agent(report, "greeter")
    assert greeter.status == "beta_ready" and greeter.gaps == () and greeter.unproven == ()
    assert greeter.after == ("watcher",)
    three = report.phases[2].items
    assert [(i.id, i.status, i.scheduled) for i in three] == [("greeter", "beta_ready", True)]


def test_small_gates_pass_but_the_pilot_is_running_awaits_it() -> None:
    pilots = {"watcher": PilotOutcome("watcher", "running", ("wrong_alerts",))}
    report = report_of(SMALL_RUBRIC, at(SMALL_RUBRIC, 4), pilots)
    greeter = agent(report, "greeter")
    assert greeter.status == "awaiting_pilots"
    assert greeter.gate_passed and greeter.unproven == ("watcher",)
    item = report.phases[2].items[0]
    assert not item.scheduled and item.waiting_on == ("Signal watcher",)
    assert "Pilots still to prove: Signal watcher (running)" in item.note
    watcher = agent(report, "watcher")
    assert watcher.pilot_outcome == "running"
    assert [(fm.id, fm.seen) for fm in watcher.failure_modes] == [("wrong_alerts", True)]


def test_small_a_safeguard_at_level_one_blocks_even_with_every_dimension_at_the_top() -> None:
    report = report_of(SMALL_RUBRIC, at(SMALL_RUBRIC, 4, RD_1=1), all_proven(SMALL_RUBRIC))
    greeter = agent(report, "greeter")
    # AI readiness (1 + 4 + 4) / 3 = 3.00 ≥ 2.5 passes; only the safeguard fails
    assert greeter.status == "blocked"
    assert greeter.gaps == (GateGap("RD-1", "Readiness item 1", 1.0, 3.0, "element"),)


def test_small_an_na_or_unanswered_safeguard_is_not_met() -> None:
    answers = at(SMALL_RUBRIC, 4)
    answers["RD-1"] = Answer("RD-1", na_reason="no such team")
    del answers["RD-3"]
    report = report_of(SMALL_RUBRIC, answers, all_proven(SMALL_RUBRIC))
    gaps = agent(report, "greeter").gaps
    assert [(g.subject, g.current, g.kind) for g in gaps] == [
        ("RD-1", None, "element"),
        ("RD-3", None, "element"),
    ]


def test_small_the_weak_link_blocks_scaling_though_the_mean_passes() -> None:
    # watcher feeds signal ×2 and onboard ×1: (2·4 + 1·1) / 3 = 3.00 ≥ 2.5, but onboard 1 < 2.0
    answers = at(SMALL_RUBRIC, 4, OB_1=1, OB_2=1, OB_3=1)
    watcher = agent(report_of(SMALL_RUBRIC, answers), "watcher")
    assert watcher.maturity == pytest.approx(3.0)
    assert watcher.weakest == 1.0 and watcher.weakest_id == "onboard"
    assert watcher.gaps == (GateGap("onboard", "Onboarding Craft", 1.0, 2.0, "weak_link"),)
    assert watcher.status == "pilot"


def test_small_an_unscored_fed_dimension_makes_the_agent_not_evaluable() -> None:
    answers = {k: v for k, v in at(SMALL_RUBRIC, 4).items() if not k.startswith("SQ-")}
    report = report_of(SMALL_RUBRIC, answers, all_proven(SMALL_RUBRIC))
    greeter = agent(report, "greeter")
    assert greeter.status == "not_evaluable" and greeter.unscored == ("Signal Quality",)
    assert greeter.maturity == 4.0  # the mean over the scored part would have passed
    assert "Not evaluable: no score yet for Signal Quality" in report.phases[2].items[0].note
    assert agent(report, "watcher").status == "pilot"  # piloted whatever its gate


def test_small_unnamed_failure_modes_are_numbered() -> None:
    drafter = SMALL_RUBRIC.agent_by_id["drafter"]
    assert drafter.failure_mode_ids == ("fm1",)


# -- hand-worked: the default rubric ------------------------------------------------------

CONTROLS = ("AI-08", "AI-13", "AI-15", "AI-16", "AI-17")  # the five customer-facing controls


def test_default_every_external_agent_names_the_five_customer_facing_controls() -> None:
    for a in DEFAULT_RUBRIC.agents:
        if a.exposure == "external":
            assert a.gate_elements is not None and set(CONTROLS) <= set(a.gate_elements)
            assert a.after and all(
                DEFAULT_RUBRIC.agent_by_id[p].exposure == "internal" for p in a.after
            )


def test_default_the_issue_case_dimensions_at_4_controls_at_1_blocks_all_three() -> None:
    """Every dimension at 4, the five controls at 1, the other fifteen AI elements at 5."""
    answers = {eid: Answer(eid, level=4) for eid in DEFAULT_RUBRIC.dimension_of}
    for e in DEFAULT_RUBRIC.ai_readiness:
        answers[e.id] = Answer(e.id, level=1 if e.id in CONTROLS else 5)
    report = report_of(DEFAULT_RUBRIC, answers, all_proven(DEFAULT_RUBRIC))
    external = [a for a in report.agents if a.exposure == "external"]
    assert len(external) == 3
    for a in external:
        assert a.status == "blocked"
        element_gaps = {g.subject for g in a.gaps if g.kind == "element"}
        assert set(CONTROLS) <= element_gaps
    assert not any(i.scheduled for i in report.phases[2].items)


def test_default_one_dimension_answered_leaves_every_external_agent_not_evaluable() -> None:
    first = DEFAULT_RUBRIC.dimensions[0]
    answers = {e.id: Answer(e.id, level=5) for e in first.elements}
    answers.update({e.id: Answer(e.id, level=5) for e in DEFAULT_RUBRIC.ai_readiness})
    report = report_of(DEFAULT_RUBRIC, answers, all_proven(DEFAULT_RUBRIC))
    assert {a.status for a in report.agents if a.exposure == "external"} == {"not_evaluable"}


def test_default_value_is_the_weak_link_of_just_in_time_updates() -> None:
    """Fed mean (0.3·4 + 0.25·4 + 0.3·4 + 0.15·2) / 1.0 = 3.70 passes; Value 2 < 2.5 blocks."""
    value = DEFAULT_RUBRIC.dimension_by_id["value"]
    overrides = {e.id.replace("-", "_"): 2 for e in value.elements}
    report = report_of(
        DEFAULT_RUBRIC, at(DEFAULT_RUBRIC, 4, **overrides), all_proven(DEFAULT_RUBRIC)
    )
    jit = agent(report, "just_in_time_updates")
    assert jit.maturity == pytest.approx(3.7)
    assert jit.status == "blocked"
    assert jit.gaps == (GateGap("value", value.name, 2.0, 2.5, "weak_link"),)
    item = next(i for i in report.phases[2].items if i.id == "just_in_time_updates")
    assert item.note == "Blocked by: Value Realization and Advocacy"


def test_default_rules_are_stated_in_the_assumptions() -> None:
    report = report_of(DEFAULT_RUBRIC, {})
    names = [a.name for a in report.gate_assumptions]
    assert "Gate: weak link" in names and "Gate: safeguards" in names
    floor = next(a for a in report.gate_assumptions if a.name == "Gate: weak link")
    assert "2.50" in floor.value and "weak_link_from" in floor.source


# -- an older rubric, as pinned in a database ----------------------------------------------


def _old_text() -> str:
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace("gate_elements = { RD-1 = 3, RD-3 = 2 }\n", "")
    text = text.replace('after = ["watcher"]\n', "")
    return text.replace("weak_link_from = 2.0\n", "")


def test_an_old_rubric_loads_leniently_and_names_its_defaults() -> None:
    with pytest.raises(rubric_mod.RubricError, match="gate_elements: required key is missing"):
        rubric_mod.loads(_old_text(), "old.toml", strict=True)
    old = rubric_mod.loads(_old_text(), "old.toml")  # as the store loads a pinned rubric
    assert old.quadrant.weak_link == 2.0  # strong_from 2.5 − 0.5
    report = report_of(old, at(old, 4), all_proven(old))
    greeter = agent(report, "greeter")
    assert greeter.status == "blocked"
    assert [g.kind for g in greeter.gaps] == ["undeclared"]
    assert greeter.after == ("watcher", "drafter")  # every internal pilot, by default
    names = {a.name: a for a in report.gate_assumptions}
    assert "default" in names["Gate: weak link"].source
    assert "Safeguards of Customer greeter" in names
    assert "Pilots before Customer greeter" in names


# -- properties, on both rubrics -----------------------------------------------------------


@BOTH
@SETTINGS
@given(data=st.data())
def test_safeguards_at_level_one_block_every_external_agent(
    rubric: Rubric, data: st.DataObject
) -> None:
    a = data.draw(assessments(rubric))
    answers = dict(a.answers)
    for ag in rubric.agents:
        for eid in ag.gate_elements or {}:
            answers[eid] = Answer(eid, level=1)
    report = report_of(rubric, answers, a.pilots)
    for placed in report.agents:
        if placed.exposure == "external":
            assert placed.status in ("blocked", "not_evaluable")
            assert any(g.kind == "element" for g in placed.gaps)


@BOTH
@SETTINGS
@given(data=st.data())
def test_an_unscored_fed_dimension_makes_an_agent_not_evaluable(
    rubric: Rubric, data: st.DataObject
) -> None:
    a = data.draw(assessments(rubric))
    ag = data.draw(st.sampled_from(rubric.agents))
    dim = rubric.dimension_by_id[data.draw(st.sampled_from(sorted(ag.feeds)))]
    gone = {e.id for e in dim.elements}
    answers = {k: v for k, v in a.answers.items() if k not in gone}
    placed = agent(report_of(rubric, answers, a.pilots), ag.id)
    assert dim.name in placed.unscored and not placed.gate_passed
    assert placed.status == ("pilot" if ag.exposure == "internal" else "not_evaluable")


@BOTH
@SETTINGS
@given(data=st.data())
def test_a_weak_link_below_the_floor_blocks_even_when_the_mean_passes(
    rubric: Rubric, data: st.DataObject
) -> None:
    report = evaluate(rubric, data.draw(assessments(rubric)))
    floor = rubric.quadrant.weak_link
    for placed in report.agents:
        if placed.weakest is not None and placed.weakest < floor:
            assert placed.status in ("pilot", "blocked", "not_evaluable")
            assert any(g.subject == placed.weakest_id for g in placed.gaps)


@BOTH
@SETTINGS
@given(data=st.data())
def test_beta_ready_means_every_gate_met_and_every_pilot_proven(
    rubric: Rubric, data: st.DataObject
) -> None:
    a = data.draw(assessments(rubric))
    report = evaluate(rubric, a)
    for placed in report.agents:
        if placed.status != "beta_ready":
            continue
        ag = rubric.agent_by_id[placed.id]
        assert all(a.pilot(p).outcome == "proven" for p in rubric.pilots_needed(ag))
        assert placed.gate_passed and not placed.unscored and not placed.gaps
        assert placed.maturity is not None and placed.maturity >= rubric.quadrant.strong_from
        assert placed.weakest is not None and placed.weakest >= rubric.quadrant.weak_link
        for eid, minimum in (ag.gate_elements or {}).items():
            level = a.answers[eid].level
            assert level is not None and level >= minimum


@BOTH
@SETTINGS
@given(data=st.data())
def test_an_internal_agent_scales_only_once_its_gate_passes_and_its_pilot_is_proven(
    rubric: Rubric, data: st.DataObject
) -> None:
    a = data.draw(assessments(rubric))
    for placed in evaluate(rubric, a).agents:
        if placed.exposure == "internal":
            ready = placed.gate_passed and a.pilot(placed.id).outcome == "proven"
            assert (placed.status == "scale") == ready


@BOTH
@SETTINGS
@given(data=st.data())
def test_one_status_per_agent_the_same_in_the_blueprint(
    rubric: Rubric, data: st.DataObject
) -> None:
    report = evaluate(rubric, data.draw(assessments(rubric)))
    status = {a.id: a.status for a in report.agents}
    for placed in report.agents:
        allowed = (
            ("pilot", "scale")
            if placed.exposure == "internal"
            else ("beta_ready", "awaiting_pilots", "blocked", "not_evaluable")
        )
        assert placed.status in allowed and placed.status in STATUS_NAMES
    for phase in report.phases:
        for item in phase.items:
            if item.kind == "agent":
                assert item.status == status[item.id]


@BOTH
@SETTINGS
@given(data=st.data())
def test_proving_every_pilot_turns_awaiting_into_beta_ready(
    rubric: Rubric, data: st.DataObject
) -> None:
    a = data.draw(assessments(rubric))
    before = evaluate(rubric, a)
    after = evaluate(rubric, dataclasses.replace(a, pilots=all_proven(rubric)))
    for old, new in zip(before.agents, after.agents, strict=True):
        if old.status == "awaiting_pilots":
            assert new.status == "beta_ready"
        if old.status != "awaiting_pilots" and old.exposure == "external":
            assert new.status == old.status or old.status == "beta_ready"


@BOTH
def test_open_items_list_flagged_and_low_confidence_answers_in_rubric_order(
    rubric: Rubric,
) -> None:
    ids = list(rubric.element_by_id)
    answers = {
        ids[0]: Answer(ids[0], level=2, flagged=True, note="check the tracker"),
        ids[1]: Answer(ids[1], level=3, confidence="low"),
        ids[2]: Answer(ids[2], level=3, confidence="high"),
        ids[-1]: Answer(ids[-1], na_reason="no such team", confidence="low", flagged=True),
    }
    items = report_of(rubric, answers).open_items
    assert [(i.element_id, i.flagged, i.low_confidence) for i in items] == [
        (ids[0], True, False),
        (ids[1], False, True),
        (ids[-1], True, True),
    ]
    assert items[0].note == "check the tracker" and items[-1].na
