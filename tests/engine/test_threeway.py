"""The three-way merge of one assessment: what is taken, what clashes, nothing lost."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from csmaturity_tui.engine.threeway import merge3, said
from csmaturity_tui.model import Answer, Assessment, AssessmentMeta

IDS = ("E1", "E2", "E3", "E4")
META = AssessmentMeta(id="a", client="Acme", date="2026-03-01", updated="2026-03-01T10:00:00+00:00")


def version(**levels: int | None) -> Assessment:
    answers = {e: Answer(e, level=lv) for e, lv in levels.items() if lv is not None}
    return Assessment(META, answers=answers)


def levels(a: Assessment) -> dict[str, int | None]:
    return {e: x.level for e, x in a.answers.items()}


def test_worked_example() -> None:
    base = version(E1=1, E2=2, E3=3)
    ours = version(E1=2, E2=2, E3=3)  # we moved E1
    theirs = version(E1=1, E2=4, E3=1, E4=2)  # they moved E2 and E3, answered E4
    r = merge3(base, ours, theirs)
    assert levels(r.assessment) == {"E1": 2, "E2": 4, "E3": 1, "E4": 2}
    assert r.taken == ("E2", "E3", "E4")
    assert r.clashes == () and r.changed


def test_the_same_element_changed_on_both_sides_is_one_clash_keeping_both() -> None:
    base = version(E1=2, E2=2)
    ours = version(E1=1, E2=2)
    theirs = version(E1=4, E2=3)
    r = merge3(base, ours, theirs)
    assert [(c.element_id, c.ours.level, c.theirs.level) for c in r.clashes] == [("E1", 1, 4)]
    assert levels(r.assessment) == {"E1": 1, "E2": 3}
    assert [(v.by, v.level) for v in r.assessment.views["E1"]] == [("", 1), ("(other copy)", 4)]


def test_stamps_alone_are_no_change() -> None:
    base = version(E1=2)
    ours = Assessment(META, answers={"E1": Answer("E1", level=2, updated="x", by="anna")})
    theirs = version(E1=3)
    r = merge3(base, ours, theirs)
    assert levels(r.assessment) == {"E1": 3} and r.clashes == ()


_level = st.one_of(st.none(), st.integers(1, 5))
_versions = st.fixed_dictionaries({e: _level for e in IDS})


@settings(max_examples=150, deadline=None)
@given(_versions, _versions, _versions)
def test_merge_takes_one_sided_changes_and_loses_nothing(
    b: dict[str, int | None], o: dict[str, int | None], t: dict[str, int | None]
) -> None:
    base, ours, theirs = version(**b), version(**o), version(**t)
    r = merge3(base, ours, theirs)
    got = levels(r.assessment)
    clashed = {c.element_id for c in r.clashes}
    for e in IDS:
        if o[e] == t[e]:
            assert got.get(e) == o[e]
        elif o[e] == b[e]:
            assert got.get(e) == t[e]  # only theirs changed it
        elif t[e] == b[e]:
            assert got.get(e) == o[e]  # only ours changed it
        elif (mine := o[e]) is not None and (other := t[e]) is not None:
            # both: the two answers kept as views, the lower one scored until settled
            assert e in clashed and got[e] == min(mine, other)
            assert [v.level for v in r.assessment.views[e]] == [mine, other]
        else:
            assert got.get(e) == (o[e] if o[e] is not None else t[e])  # a clear loses to a level
    # nothing said is lost: every answer of either side is merged, clashing, or replaced
    # by the other side's change
    for c in r.clashes:
        assert (c.ours.level, c.theirs.level) == (o[c.element_id], t[c.element_id])
    # merging with ourselves or from an unchanged other side changes nothing
    assert levels(merge3(base, ours, base).assessment) == levels(ours)
    assert levels(merge3(base, base, theirs).assessment) == levels(theirs)
    assert not merge3(base, ours, ours).clashes


def test_details_changed_on_both_sides_take_the_later_stamp() -> None:
    base = version(E1=1)
    ours = replace(base, meta=replace(META, scope="EMEA", updated="2026-03-02T00:00:00+00:00"))
    theirs = replace(base, meta=replace(META, scope="APAC", updated="2026-03-03T00:00:00+00:00"))
    r = merge3(base, ours, theirs)
    assert r.assessment.meta.scope == "APAC" and r.other_parts_taken
    assert r.assessment.meta.updated == "2026-03-03T00:00:00+00:00"
    assert said(None) is None


def test_two_assessors_views_then_a_settlement_travels() -> None:
    from csmaturity_tui.model import Resolution, consensus

    base = version(E1=2)
    anna = Answer("E1", level=1, by="anna", note="weak")
    ben = Answer("E1", level=4, by="ben", note="strong")
    ours = Assessment(META, answers={"E1": anna})
    theirs = Assessment(META, answers={"E1": ben})
    r = merge3(base, ours, theirs)
    merged = r.assessment
    assert merged.views["E1"] == (anna, ben) and [c.element_id for c in r.clashes] == ["E1"]
    assert merged.answers["E1"] == consensus("E1", (anna, ben))
    # one side settles it; the other did not touch it since: the settlement is taken
    settled = Resolution("E1", "consensus", 3, None, note="agreed", by="anna")
    ours2 = replace(
        merged,
        resolutions={"E1": settled},
        answers={"E1": consensus("E1", (anna, ben), settled)},
    )
    r2 = merge3(merged, merged, ours2)
    assert r2.assessment.resolutions == {"E1": settled} and r2.taken == ("E1",)
    assert r2.assessment.answers["E1"].level == 3 and not r2.clashes
