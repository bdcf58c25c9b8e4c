"""What is left before an assessment is complete: flagged, low confidence, N/A with no
note of evidence, not answered; each group in rubric order."""

from __future__ import annotations

from csmaturity_tui.engine.open_items import left_to_settle
from csmaturity_tui.model import Answer
from csmaturity_tui.rubric import Rubric


def test_each_group_in_rubric_order(small: Rubric) -> None:
    ids = list(small.element_by_id)
    answers = {i: Answer(i, level=2, note="seen") for i in ids}
    answers[ids[4]] = Answer(ids[4], level=3, flagged=True, confidence="low")
    answers[ids[1]] = Answer(ids[1], level=1, flagged=True)
    answers[ids[2]] = Answer(ids[2], na_reason="not sold here")  # N/A, no note
    answers[ids[3]] = Answer(ids[3], na_reason="not sold here", note="contract list")
    answers[ids[5]] = Answer(ids[5], na_reason="no such team", confidence="low", note=" ")
    del answers[ids[-1]], answers[ids[0]]
    left = left_to_settle(small, answers)
    assert left.total == len(ids) and not left.nothing
    assert [i.element_id for i in left.flagged] == [ids[1], ids[4]]
    assert [i.element_id for i in left.low_confidence] == [ids[4], ids[5]]
    assert [i.element_id for i in left.na_without_note] == [ids[2], ids[5]]
    assert [i.element_id for i in left.unanswered] == [ids[0], ids[-1]]
    first = left.unanswered[0]
    assert (first.title, first.where) == (
        small.element_by_id[ids[0]].title,
        small.dimensions[0].name,
    )
    assert left.unanswered[1].where == "AI readiness"


def test_nothing_left(small: Rubric) -> None:
    answers = {i: Answer(i, level=3) for i in small.element_by_id}
    assert left_to_settle(small, answers).nothing
    assert not left_to_settle(small, {}).nothing
