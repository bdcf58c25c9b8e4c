"""The rules for answers and baselines, shared by the store, the form and the importer."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmaturity_tui import rubric
from csmaturity_tui.model import Answer, Baseline, answer_problems, baseline_problems, check_date
from helpers import SMALL

SMALL_RUBRIC = rubric.load(SMALL)


def fields(problems: list[tuple[str, str]]) -> list[str]:
    return [f for f, _ in problems]


def test_a_complete_baseline_is_valid() -> None:
    b = Baseline("EUR", "FY2025", 10e6, 0.9e6, 0.6e6, 1.8e6, {"signal": 3.0})
    assert baseline_problems(b, SMALL_RUBRIC) == []
    assert b.complete


@pytest.mark.parametrize(
    ("baseline", "field", "message"),
    [
        (Baseline(start_arr=-1), "start_arr", "0 or more"),
        (Baseline(expansion_arr=math.nan), "expansion_arr", "finite"),
        (Baseline(start_arr=1.0, churned_arr=0.6, contraction_arr=0.5), "churned_arr", "more than"),
        (Baseline(currency="dollars"), "currency", "three-letter"),
        (Baseline(currency=""), "currency", "three-letter"),
        (Baseline(targets={"nope": 3.0}), "targets.nope", "no such dimension"),
        (Baseline(targets={"signal": 9.0}), "targets.signal", "1 to 4"),
    ],
)
def test_baseline_rules(baseline: Baseline, field: str, message: str) -> None:
    problems = dict(baseline_problems(baseline, SMALL_RUBRIC))
    assert field in problems
    assert message in problems[field]


def test_missing_money_is_allowed_but_incomplete() -> None:
    b = Baseline(start_arr=5.0)
    assert baseline_problems(b) == []
    assert not b.complete


@pytest.mark.parametrize(
    ("answer", "field"),
    [
        (Answer("XX-9", level=2), "element"),
        (Answer("OB-1", level=5), "level"),  # the fixture's scale has 4 levels
        (Answer("OB-1", level=0), "level"),
        (Answer("OB-1", na_reason="   "), "na_reason"),
        (Answer("OB-1", level=2, na_reason="both"), "na_reason"),
        (Answer("OB-1", level=2, confidence="sure"), "confidence"),  # type: ignore[arg-type]
    ],
)
def test_answer_rules(answer: Answer, field: str) -> None:
    assert field in fields(answer_problems(answer, SMALL_RUBRIC))


def test_valid_answers() -> None:
    assert answer_problems(Answer("OB-1", level=4, confidence="low"), SMALL_RUBRIC) == []
    assert answer_problems(Answer("RD-2", na_reason="no AI plans yet"), SMALL_RUBRIC) == []
    na = Answer("OB-1", na_reason="not sold here")
    assert na.is_na and not na.is_scored


@given(
    start=st.floats(0, 1e9, allow_nan=False, allow_subnormal=False),
    churned=st.floats(0, 1e9, allow_nan=False, allow_subnormal=False),
    contraction=st.floats(0, 1e9, allow_nan=False, allow_subnormal=False),
)
def test_losses_above_start_are_always_refused(
    start: float, churned: float, contraction: float
) -> None:
    problems = fields(baseline_problems(Baseline("USD", "", start, churned, contraction, 0.0)))
    assert ("churned_arr" in problems) == (churned + contraction > start)


def test_dates() -> None:
    assert check_date("2026-02-28") is None
    assert check_date("2026-02-30") is not None
    assert check_date("yesterday") is not None


def test_a_bad_timestamp_is_named_with_its_value() -> None:
    from csmaturity_tui.model import check_timestamp

    assert check_timestamp("2025-05-01T10:15:30Z") is None
    assert check_timestamp("yesterday") == (
        "must be an ISO timestamp such as 2025-05-01T10:15:30Z (got 'yesterday')"
    )


# -- moving answers to another rubric (plan_rebase) ---------------------------------------

_OLD_IDS = [*sorted(SMALL_RUBRIC.element_by_id), "ZZ-1"]  # ZZ-1: in neither rubric nor map


@st.composite
def _old_answers(draw: st.DrawFn) -> list[Answer]:
    ids = draw(st.lists(st.sampled_from(_OLD_IDS), unique=True))
    return [
        Answer(
            eid,
            level=draw(st.integers(1, 5)),  # 5 is off the 4-level scale
            updated=draw(st.sampled_from(["2025-01-01T00:00:00Z", "2025-06-01T00:00:00Z"])),
        )
        for eid in ids
    ]


@given(_old_answers())
def test_plan_rebase_places_every_answer_once(answers: list[Answer]) -> None:
    from carried import carried_text
    from csmaturity_tui.model import plan_rebase

    mapped = rubric.loads(carried_text())
    plan = plan_rebase(answers, mapped)
    placed = [*plan.carried, *(old for old, _ in plan.mapped), *(e for e, _ in plan.kept)]
    assert sorted(placed) == sorted(a.element_id for a in answers)
    landed = [*plan.carried, *(new for _, new in plan.mapped)]
    assert len(set(landed)) == len(landed)  # no two answers on one element
    assert all(e in mapped.element_by_id for e in landed)
    assert all(mapped.carry_map[old] == new for old, new in plan.mapped)
    assert all(a.level is not None and a.level <= 4 for a in answers if a.element_id in landed)
    assert len(plan.lines()) == len(answers)


def test_plan_rebase_by_hand() -> None:
    from carried import carried_text
    from csmaturity_tui.model import plan_rebase

    mapped = rubric.loads(carried_text())
    answers = [
        Answer("OB-1", level=5),  # mapped, but off the scale
        Answer("CM-2", level=2, updated="2025-01-02T00:00:00Z"),
        Answer("CM-3", level=3, updated="2025-01-02T00:00:00Z"),  # a tie: lowest id wins
        Answer("ZZ-1", level=1),
        Answer("OB-2", level=1),
    ]
    plan = plan_rebase(answers, mapped)
    assert plan.lines() == [
        "carried OB-2",
        "mapped CM-2 -> CM-8",
        "kept aside CM-3: mapped to CM-8, which takes CM-2's equally recent, lower id answer",
        "kept aside OB-1: mapped to OB-9, but level must be 1 to 4 (got 5)",
        "kept aside ZZ-1: not in this rubric",
    ]
