"""The words for the Report's states and an answer's, with worked examples."""

from __future__ import annotations

from dataclasses import replace

import pytest

from csmaturity_tui.engine.report import AgentPlacement, Phase, PhaseItem
from csmaturity_tui.model import Answer
from csmaturity_tui.presentation import fmt
from csmaturity_tui.presentation.answers import answer_state, is_done, progress
from csmaturity_tui.presentation.wording import (
    CHART_QUADRANT_NAMES,
    QUADRANT_NAMES,
    STATUS_NAMES,
    item_status,
    phase_counts,
    status_counts,
)


def agent(id: str, status: str) -> AgentPlacement:
    return AgentPlacement(
        id=id,
        name=id.title(),
        exposure="external",
        maturity=None,
        quadrant="trap",
        gate_passed=False,
        gaps=(),
        effort=1,
        levers=(),
        lever_return=0.0,
        failure_modes=(),
        status=status,  # type: ignore[arg-type]
    )


def item(status: str, kind: str = "agent") -> PhaseItem:
    return PhaseItem(kind=kind, id="x", name="X", status=status)  # type: ignore[arg-type]


def test_a_fix_is_scheduled_and_an_agent_item_carries_its_agents_status() -> None:
    assert item_status(item("scheduled", kind="vector")) == "scheduled"
    assert item_status(item("blocked")) == "Blocked"
    assert item_status(item("awaiting_pilots")) == "Awaiting pilots"
    assert item_status(item("pilot")) == "Pilot"


def test_status_counts_follow_the_status_order_and_leave_out_zeros() -> None:
    agents = [agent("a", "blocked"), agent("b", "pilot"), agent("c", "blocked")]
    assert status_counts(agents) == [("pilot", 1), ("blocked", 2)]
    assert status_counts([]) == []


def test_phase_counts_name_what_waits() -> None:
    ready = Phase(1, "Pilots", (item("pilot"), item("scale")))
    assert phase_counts(ready) == "2 scheduled"
    held = Phase(3, "Beta", (item("beta_ready"), item("blocked"), item("not_evaluable")))
    assert phase_counts(held) == "1 scheduled, 2 not ready"
    assert phase_counts(Phase(2, "Fixes", ())) == "0 scheduled"


def test_every_status_and_quadrant_has_a_name_and_the_chart_shortens_the_strong_ones() -> None:
    assert set(STATUS_NAMES) == {
        "pilot",
        "scale",
        "beta_ready",
        "awaiting_pilots",
        "blocked",
        "not_evaluable",
    }
    assert dict(CHART_QUADRANT_NAMES) == {
        "diagnostic_pilot": QUADRANT_NAMES["diagnostic_pilot"],
        "strong_internal": "Strong",
        "strong_external": "Strong",
        "trap": "Trap",
    }


@pytest.mark.parametrize(
    ("answer", "state"),
    [
        (None, "unanswered"),
        (Answer("e"), "unanswered"),
        (Answer("e", level=3), "answered"),
        (Answer("e", na_reason="no such team"), "na"),
        (Answer("e", note="a note, no level"), "unanswered"),
    ],
)
def test_an_answer_is_done_when_it_has_a_level_or_an_na_reason(
    answer: Answer | None, state: str
) -> None:
    assert answer_state(answer) == state
    assert is_done(answer) is (state != "unanswered")
    if answer is not None:
        assert answer.is_done is is_done(answer)


def test_a_carried_answer_says_what_it_is_but_is_not_done_until_confirmed() -> None:
    carried = Answer("e", level=3, carried=True)
    assert answer_state(carried) == "answered"
    assert answer_state(Answer("e", na_reason="no team", carried=True)) == "na"
    assert not is_done(carried) and not carried.is_done
    assert is_done(replace(carried, carried=False))


def test_progress_and_index_wording() -> None:
    assert progress(12, 3, 20) == "12 answered, 3 N/A, of 20 elements"
    assert fmt.index(47.25) == "47.2"
    assert fmt.index(None) == fmt.NONE


def test_a_dimension_with_no_answer_is_not_assessed_never_weak() -> None:
    from csmaturity_tui.engine.report import FailureWatch
    from csmaturity_tui.presentation.wording import watch_state

    def fm(score: float | None, weak: bool, seen: bool = False) -> FailureWatch:
        return FailureWatch("x", "s", "data", "Data", "m", score, weak, seen)

    assert watch_state(fm(None, True)) == " (not assessed)"
    assert "not assessed yet" in watch_state(fm(None, True), long=True)
    assert watch_state(fm(2.1, True)) == " (weak)"
    assert watch_state(fm(2.1, True), long=True) == " (likely: the dimension is weak)"
    assert watch_state(fm(3.6, False)) == ""
    assert watch_state(fm(None, True, seen=True)) == " (seen)"  # seen in the pilot wins
