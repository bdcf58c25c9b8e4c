"""Merging three assessors' copies: conflicts, consensus and agreement, worked by hand
(the table is in tests/assessors.py)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessors import NA, WHO, copies, copy
from csmaturity_tui import rubric
from csmaturity_tui.engine import evaluate
from csmaturity_tui.engine.agreement import NO_VARIATION, ONE_ASSESSOR, agreement
from csmaturity_tui.engine.merge import MergeError, conflicts, merge
from csmaturity_tui.model import Assessment, AssessmentMeta, Resolution
from helpers import SMALL

SMALL_RUBRIC = rubric.load(SMALL)


def test_three_assessors_give_the_hand_worked_conflicts_and_consensus() -> None:
    merged = merge(copies())
    found = [(c.element_id, c.spread, c.open) for c in conflicts(merged, SMALL_RUBRIC)]
    assert found == [("OB-2", 3, True), ("CM-1", 3, True), ("OB-3", 1, True), ("SQ-1", 1, True)]
    levels = {eid: a.level for eid, a in merged.answers.items()}
    assert levels == {"OB-1": 2, "OB-2": 3, "OB-3": 3, "SQ-1": 4, "SQ-2": 1, "SQ-3": 3, "CM-1": 1}
    assert sorted(merged.views) == ["CM-1", "OB-1", "OB-2", "OB-3", "SQ-1", "SQ-2"]
    assert [a.by for a in merged.views["OB-2"]] == ["ann", "bob", "cy"]
    assert merged.answers["SQ-3"].by == "ann"
    assert merged.answers["OB-2"].note == "ann: ann on OB-2\nbob: bob on OB-2\ncy: cy on OB-2"
    assert merged.meta.assessors == "ann, bob, cy"
    items = {i.element_id for i in evaluate(SMALL_RUBRIC, merged).open_items if i.conflict}
    assert items == {"OB-2", "OB-3", "SQ-1", "CM-1"}


def test_three_assessors_give_the_hand_worked_agreement() -> None:
    report = agreement(SMALL_RUBRIC, merge(copies()))
    onboard = report.groups[0]
    # units (2,2,2), (1,3,4), (2,3,3): n = 9, n_1 = 1, n_2 = 4, n_3 = 3, n_4 = 1;
    # sum o*d2 = 128.5, sum n_c*n_k*d2 = 954: alpha = 1 - 8 * 128.5 / 954 = -37/477
    assert onboard.alpha == pytest.approx(-37 / 477)
    assert (onboard.elements, onboard.wide) == (3, 1)
    assert onboard.wide_share == pytest.approx(1 / 3)
    signal = report.groups[1]  # (4, 4) and (1, 1): the N/A is left out; perfect agreement
    assert (signal.alpha, signal.elements, signal.wide) == (1.0, 2, 0)
    commerce = report.groups[2]  # CM-1 alone, (1, 4): n_1 = n_4 = 1, d2 = 1: alpha = 1 - 2/2
    assert (commerce.alpha, commerce.elements, commerce.wide) == (0.0, 1, 1)
    assert report.groups[3].undefined == ONE_ASSESSOR  # nobody answered that dimension
    assert report.groups[3].alpha is None and report.groups[3].elements == 0
    assert (report.overall.elements, report.overall.wide) == (6, 2)
    assert report.assessors == WHO and report.several


def test_perfect_and_total_disagreement_and_no_variation() -> None:
    same = agreement(SMALL_RUBRIC, merge(copies({"OB-1": (1, 1, 1), "OB-2": (3, 3, 3)})))
    assert (same.overall.alpha, same.overall.wide) == (1.0, 0)
    # two assessors, always at the ends of the scale: o_14 = o_41 = 2, n_1 = n_4 = 2,
    # d2 = (4 - 2) ** 2 = 4; sum o*d2 = 2 * 2 * 4 = 16, sum n_c*n_k*d2 = 2 * 4 * 4 = 32:
    # alpha = 1 - 3 * 16 / 32 = -0.5, below 0: systematic disagreement
    apart = agreement(SMALL_RUBRIC, merge(copies({"OB-1": (1, 4, None), "OB-2": (4, 1, None)})))
    assert (apart.overall.alpha, apart.overall.wide_share) == (-0.5, 1.0)
    flat = agreement(SMALL_RUBRIC, merge(copies({"OB-1": (2, 2, 2), "OB-2": (2, 2, None)})))
    assert (flat.overall.alpha, flat.overall.undefined) == (None, NO_VARIATION)
    alone = agreement(SMALL_RUBRIC, merge(copies({"OB-1": (2, None, None)})))
    assert (alone.overall.alpha, alone.overall.undefined) == (None, ONE_ASSESSOR)
    assert not alone.several and alone.overall.wide_share is None


def test_a_resolution_settles_a_conflict_and_is_scored() -> None:
    merged = merge(copies())
    settled = Resolution("OB-2", "consensus", 2, None, "agreed in the debrief", "lead", "2026-02")
    again = merge([merged, Assessment(merged.meta, resolutions={"OB-2": settled})])
    assert again.answers["OB-2"].level == 2 and again.resolutions == {"OB-2": settled}
    assert [c.element_id for c in conflicts(again) if c.open] == ["CM-1", "OB-3", "SQ-1"]
    assert again.views == merged.views


def test_an_assessor_keeps_their_latest_answer() -> None:
    old = copy("ann", {"OB-1": 1}, updated="2026-01-01T00:00:00Z")
    new = copy("ann", {"OB-1": 3}, updated="2026-01-02T00:00:00Z")
    assert merge([new, old]).answers["OB-1"].level == 3
    assert merge([old, new]).answers["OB-1"].level == 3 and not merge([old, new]).views


def test_copies_of_different_assessments_do_not_merge() -> None:
    other = Assessment(AssessmentMeta("other", "Other"))
    with pytest.raises(MergeError, match="different assessments"):
        merge([*copies(), other])
    with pytest.raises(MergeError):
        merge([])


_LEVEL = st.one_of(st.none(), st.just(NA), st.integers(1, 4))
_COLUMN = st.fixed_dictionaries({e: _LEVEL for e in ("OB-1", "OB-2", "SQ-1")})
_COPY = st.builds(
    copy,
    st.sampled_from(WHO),
    _COLUMN,
    st.sampled_from(("", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")),
)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(_COPY, min_size=1, max_size=4).flatmap(
        lambda c: st.tuples(st.just(c), st.permutations(c))
    )
)
def test_merge_does_not_depend_on_the_order_of_thecopies(
    pair: tuple[list[Assessment], list[Assessment]],
) -> None:
    copies, shuffled = pair
    merged = merge(copies)
    assert merge(shuffled) == merged
    assert merge([merged, *shuffled]) == merged  # merging again changes nothing
