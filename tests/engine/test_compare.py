"""engine.compare: two rounds compared and a series' trend, by hand and by property."""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carried import CARRY, carried_text
from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.engine import evaluate
from csmaturity_tui.engine.compare import Side, compare, match, trend, value_of
from csmaturity_tui.model import (
    Answer,
    Assessment,
    AssessmentMeta,
    Baseline,
    PilotOutcome,
    plan_rebase,
)
from csmaturity_tui.rubric import Rubric
from helpers import SMALL
from strategies import assessments

RUBRICS = {"small": rubric_mod.load(SMALL), "default": rubric_mod.load()}
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CARRIED = rubric_mod.loads(carried_text(), "carried")


def _side(rubric: Rubric, assessment: Assessment) -> Side:
    return Side(rubric, assessment, evaluate(rubric, assessment))


def _round(aid: str, date: str, answers: dict[str, Answer], **kw: object) -> Assessment:
    meta = AssessmentMeta(id=aid, client="Acme", date=date)
    return Assessment(meta=meta, answers=answers, **kw)  # type: ignore[arg-type]


def _a(eid: str, level: int | None = None, na: str | None = None, note: str = "") -> Answer:
    return Answer(element_id=eid, level=level, na_reason=na, note=note)


# -- worked example on the small rubric (4 levels: the middle is 2.5) -----------------


def test_worked_example_small_rubric() -> None:
    r = RUBRICS["small"]
    before = _round(
        "b",
        "2025-03-01",
        {
            "OB-1": _a("OB-1", 1, note="no checklist"),
            "OB-2": _a("OB-2", 2),
            "OB-3": _a("OB-3", 3),
            "SQ-1": _a("SQ-1", 2),
            "SQ-2": _a("SQ-2", na="no data team"),
        },
        pilots={},
    )
    after = _round(
        "a",
        "2026-03-01",
        {
            "OB-1": _a("OB-1", 3, note="owner named"),
            "OB-2": _a("OB-2", 2),
            "OB-3": _a("OB-3", 1),
            "SQ-1": _a("SQ-1", 2),
            "SQ-2": _a("SQ-2", 2),
            "SQ-3": _a("SQ-3", 4),
        },
    )
    c = compare(_side(r, before), _side(r, after))
    by_id = {x.element_id: x for x in c.changes}
    assert list(by_id) == ["OB-1", "OB-3", "SQ-2", "SQ-3"]
    ob1 = by_id["OB-1"]
    assert (ob1.before, ob1.after, ob1.delta, ob1.crossing) == (1, 3, 2, "up")
    assert (ob1.note_before, ob1.note_after) == ("no checklist", "owner named")
    assert by_id["OB-3"].crossing == "down" and by_id["OB-3"].delta == -2
    assert (by_id["SQ-2"].kind, by_id["SQ-2"].before) == ("na", "na")
    assert (by_id["SQ-3"].kind, by_id["SQ-3"].before) == ("answered", None)
    assert c.comparable_share == 1.0 and c.unmatched == ()
    onboard = next(d for d in c.dimensions if d.id == "onboard")
    # OB-1 weighs 2: (2x1 + 2 + 3) / 4 = 1.75, then (2x3 + 2 + 1) / 4 = 2.25
    assert onboard.before == pytest.approx(1.75) and onboard.after == pytest.approx(2.25)
    assert onboard.delta == pytest.approx(0.5)
    assert [x.element_id for x in c.most_improved] == ["OB-1"]
    assert [x.element_id for x in c.drops] == ["OB-3"]
    assert c.same_client


def test_pilot_outcomes_recorded_since_are_listed() -> None:
    r = RUBRICS["small"]
    internal = next(a for a in r.agents if a.exposure == "internal")
    before = _round("b", "2025-01-01", {})
    after = _round("a", "2026-01-01", {}, pilots={internal.id: PilotOutcome(internal.id, "proven")})
    c = compare(_side(r, before), _side(r, after))
    assert [(p.agent_id, p.before, p.after) for p in c.pilots] == [
        (internal.id, "not_started", "proven")
    ]


def test_nrr_forecast_against_the_later_baseline() -> None:
    r = RUBRICS["default"]
    answers = {e.id: _a(e.id, 2) for _d, e in r.iter_elements()}
    base = Baseline(start_arr=1e6, churned_arr=1e5, contraction_arr=5e4, expansion_arr=8e4)
    before = dataclasses.replace(_round("b", "2025-01-01", answers), baseline=base)
    later = Baseline(start_arr=1.1e6, churned_arr=5e4, contraction_arr=2e4, expansion_arr=1.5e5)
    after = dataclasses.replace(_round("a", "2026-01-01", answers), baseline=later)
    sb, sa = _side(r, before), _side(r, after)
    c = compare(sb, sa)
    assert c.nrr_forecast_year1 == sb.report.nrr.year1_target_nrr is not None
    assert c.nrr_actual == pytest.approx((1.1e6 - 5e4 - 2e4 + 1.5e5) / 1.1e6)
    assert c.nrr_actual is not None and c.nrr_forecast_year1 is not None
    assert c.forecast_met is (c.nrr_actual >= c.nrr_forecast_year1)


# -- across a rubric change: the carry map ----------------------------------------------


def test_carry_map_is_honoured_across_a_rubric_change() -> None:
    old = RUBRICS["small"]
    before = _round(
        "b",
        "2025-01-01",
        {
            "OB-1": _a("OB-1", 1, note="old id"),
            "SQ-1": _a("SQ-1", 2),
            "CM-2": _a("CM-2", 2),
            "CM-3": _a("CM-3", 3),
            "TH-1": _a("TH-1", 4),
        },
    )
    after = _round("a", "2026-01-01", {"OB-9": _a("OB-9", 3), "CM-8": _a("CM-8", 2)})
    c = compare(_side(old, before), _side(CARRIED, after))
    changed = {x.element_id: x for x in c.changes}
    assert changed["OB-9"].source == "OB-1" and (changed["OB-9"].before, changed["OB-9"].after) == (
        1,
        3,
    )
    assert changed["OB-9"].note_before == "old id"
    # CM-2 and CM-3 both map to CM-8: equally recent, the lower id is compared
    assert "CM-8" not in changed  # CM-2 was 2, CM-8 is 2
    why = {(u.round, u.element_id): u.why for u in c.unmatched}
    assert why[("before", "SQ-1")] == "retired"
    assert why[("before", "CM-3")] == "merged into CM-8"
    assert why[("before", "TH-1")] == "merged into TH-2"
    assert why[("after", "SQ-7")] == "new" and why[("after", "CM-7")] == "new"
    assert why[("after", "TH-8")] == "new"
    matched = len(old.element_by_id) - sum(1 for u in c.unmatched if u.round == "before")
    assert c.comparable_share == pytest.approx(matched / (matched + len(c.unmatched)))
    assert 0 < c.comparable_share < 1


# -- properties -------------------------------------------------------------------------

params = pytest.mark.parametrize("rubric", list(RUBRICS.values()), ids=list(RUBRICS))


def _close(x: float | None, y: float | None) -> bool:
    return (x is None and y is None) or (x is not None and y is not None and math.isclose(x, y))


@params
@SETTINGS
@given(data=st.data())
def test_deltas_are_each_rounds_own_scores(rubric: Rubric, data: st.DataObject) -> None:
    sb = _side(rubric, data.draw(assessments(rubric)))
    sa = _side(rubric, data.draw(assessments(rubric)))
    c = compare(sb, sa)
    own_b = {d.id: d.score for d in sb.report.scores.dimensions}
    own_a = {d.id: d.score for d in sa.report.scores.dimensions}
    for d in c.dimensions[:-1]:
        assert d.before == own_b[d.id] and d.after == own_a[d.id]
        if d.before is not None and d.after is not None:
            assert d.delta == own_a[d.id] - own_b[d.id]  # type: ignore[operator]
        else:
            assert d.delta is None
    ai = c.dimensions[-1]
    assert (ai.before, ai.after) == (sb.report.ai_readiness.overall, sa.report.ai_readiness.overall)
    assert (c.overall.before, c.overall.after) == (
        sb.report.scores.overall,
        sa.report.scores.overall,
    )


@params
@SETTINGS
@given(data=st.data())
def test_every_changed_element_listed_and_no_other(rubric: Rubric, data: st.DataObject) -> None:
    b = data.draw(assessments(rubric))
    a = data.draw(assessments(rubric))
    c = compare(_side(rubric, b), _side(rubric, a))
    expected = [
        e for e in rubric.element_by_id if value_of(b.answers.get(e)) != value_of(a.answers.get(e))
    ]
    assert [x.element_id for x in c.changes] == expected
    for x in c.changes:
        assert x.before == value_of(b.answers.get(x.element_id))
        assert x.after == value_of(a.answers.get(x.element_id))
        assert x.crossing is None or x.kind == "level"
    assert c.comparable_share == 1.0


@params
@SETTINGS
@given(data=st.data())
def test_a_round_against_itself_changes_nothing(rubric: Rubric, data: st.DataObject) -> None:
    side = _side(rubric, data.draw(assessments(rubric)))
    c = compare(side, side)
    assert c.changes == () and c.most_improved == () and c.drops == () and c.pilots == ()
    assert all(d.delta in (None, 0.0) for d in c.dimensions)
    assert c.unmatched == ()


@params
@SETTINGS
@given(data=st.data())
def test_reversing_the_order_negates_the_deltas(rubric: Rubric, data: st.DataObject) -> None:
    sb = _side(rubric, data.draw(assessments(rubric)))
    sa = _side(rubric, data.draw(assessments(rubric)))
    ab, ba = compare(sb, sa), compare(sa, sb)
    for x, y in zip(ab.dimensions, ba.dimensions, strict=True):
        assert x.id == y.id
        assert _close(x.delta, None if y.delta is None else -y.delta)
    assert [(x.element_id, x.before, x.after) for x in ab.changes] == [
        (y.element_id, y.after, y.before) for y in ba.changes
    ]
    assert [x.element_id for x in ab.most_improved] == [y.element_id for y in ba.drops]


@SETTINGS
@given(data=st.data())
def test_carry_map_property(data: st.DataObject) -> None:
    """Across the small rubric's 0.4.0: each later element is compared with the answer of
    the earlier element of the same id, else of the one its carry map names."""
    old = RUBRICS["small"]
    b = data.draw(assessments(old))
    a = data.draw(assessments(CARRIED))
    c = compare(_side(old, b), _side(CARRIED, a))
    sources = {new: [o for o, n in CARRY.items() if n == new] for new in CARRIED.element_by_id}
    for x in c.changes:
        if x.element_id in old.element_by_id:
            assert x.source == ""
            assert x.before == value_of(b.answers.get(x.element_id))
        else:
            assert x.source in sources[x.element_id]
            assert x.before == value_of(b.answers.get(x.source))
    changed = {x.element_id for x in c.changes}
    for new in CARRIED.element_by_id:
        if new in old.element_by_id and new not in changed:
            assert value_of(b.answers.get(new)) == value_of(a.answers.get(new))
    listed = {(u.round, u.element_id) for u in c.unmatched}
    assert ("before", "SQ-1") in listed and ("after", "SQ-7") in listed


def _old_default() -> tuple[Rubric, Assessment]:
    """The demo as exported on the default rubric 1.1.0 (that rubric pinned inside)."""
    from csmaturity_tui.formats.toml_reader import read_assessment

    text = (Path(__file__).resolve().parents[1] / "fixtures" / "demo_1_1_0.toml").read_text()
    return read_assessment(text, "demo_1_1_0.toml")


OLD_DEFAULT, OLD_DEMO = _old_default()
# (earlier rubric, later rubric whose [[carry]] map leads from it), per rubric family
VERSIONS = {"small": (RUBRICS["small"], CARRIED), "default": (OLD_DEFAULT, RUBRICS["default"])}


@pytest.mark.parametrize("family", list(VERSIONS))
@SETTINGS
@given(data=st.data())
def test_across_rubric_versions_every_element_is_matched_or_listed(
    family: str, data: st.DataObject
) -> None:
    old, new = VERSIONS[family]
    assert old.meta.version != new.meta.version and new.carry_map
    b, a = data.draw(assessments(old)), data.draw(assessments(new))
    c = compare(_side(old, b), _side(new, a))
    pairs = match(old, new, b.answers)
    for later, earlier in pairs.items():  # same id, else through the carry map
        assert earlier == later or new.carry_map.get(earlier) == later
    listed = {(u.round, u.element_id) for u in c.unmatched}
    assert {e for e in new.element_by_id if e not in pairs} == {
        e for r, e in listed if r == "after"
    }
    used = set(pairs.values())
    assert {e for e in old.element_by_id if e not in used} == {
        e for r, e in listed if r == "before"
    }
    expected = [
        (e, value_of(b.answers.get(pairs[e])), value_of(a.answers.get(e)))
        for e in new.element_by_id
        if e in pairs and value_of(b.answers.get(pairs[e])) != value_of(a.answers.get(e))
    ]
    assert [(x.element_id, x.before, x.after) for x in c.changes] == expected
    assert c.comparable_share == pytest.approx(len(pairs) / (len(pairs) + len(c.unmatched)))


def test_the_1x_demo_against_itself_moved_to_the_default_rubric_2() -> None:
    """The same answers, moved through the default rubric's carry map, change nothing;
    each retired element whose successor kept its own answer is listed, merged into it."""
    plan = plan_rebase(OLD_DEMO.answers.values(), RUBRICS["default"])
    moved = {e: OLD_DEMO.answers[e] for e in plan.carried}
    moved |= {n: dataclasses.replace(OLD_DEMO.answers[o], element_id=n) for o, n in plan.mapped}
    later = dataclasses.replace(OLD_DEMO, answers=moved)
    c = compare(_side(OLD_DEFAULT, OLD_DEMO), _side(RUBRICS["default"], later))
    assert c.changes == ()
    carry = RUBRICS["default"].carry_map
    kept = {e for e, _why in plan.kept}
    assert kept and all(carry[e] in OLD_DEMO.answers for e in kept)
    assert {e for e, _n in plan.mapped} | kept == set(carry)  # every retired one answered
    why = {u.element_id: u.why for u in c.unmatched if u.round == "before"}
    assert why == {e: f"merged into {carry[e]}" for e in kept}
    added = [u for u in c.unmatched if u.round == "after"]  # elements 2.0 adds
    assert added and all(
        u.why == "new" and u.element_id not in OLD_DEFAULT.element_by_id for u in added
    )
    assert 0 < c.comparable_share < 1


def test_trend_orders_rounds_by_date() -> None:
    r = RUBRICS["small"]
    rounds = [
        _round("c", "2026-01-01", {"OB-1": _a("OB-1", 4)}),
        _round("a", "2024-01-01", {"OB-1": _a("OB-1", 1)}),
        _round("b", "2025-01-01", {"OB-1": _a("OB-1", 2)}),
    ]
    t = trend([_side(r, x) for x in rounds])
    assert [p.round.id for p in t.points] == ["a", "b", "c"]
    assert t.series("onboard") == (1.0, 2.0, 4.0)
    assert [d for d, _n in t.dimensions] == [d.id for d in r.dimensions]
