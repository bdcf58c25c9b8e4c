"""Financials typed as GRR and NRR percentages of start ARR: bounds, cross-checks, and the
conversion to the amounts the baseline keeps (and back)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from csmaturity_tui.model import (
    GRR_MAX,
    MONEY_MAX,
    NRR_MAX,
    Baseline,
    Rates,
    amounts_from_rates,
    baseline_problems,
    rate_problems,
    rates_from_amounts,
)

M = 1_000_000.0


def test_the_worked_example() -> None:
    """Start ARR 10M, GRR 88%, NRR 104%: 1.2M lost (all churned), 1.6M expansion."""
    r = Rates(start_arr=10 * M, grr=88.0, nrr=104.0)
    assert rate_problems(r) == []
    money = amounts_from_rates(r)
    assert (money.churned_arr, money.contraction_arr, money.expansion_arr) == (
        1.2 * M,
        0.0,
        1.6 * M,
    )
    assert money.grr is None and money.nrr is None


def test_a_contraction_given_splits_what_grr_loses() -> None:
    money = amounts_from_rates(Rates(10 * M, 88.0, 104.0, contraction_arr=0.2 * M))
    assert (money.churned_arr, money.contraction_arr) == (1.0 * M, 0.2 * M)
    money = amounts_from_rates(Rates(10 * M, 88.0, None, churned_arr=0.7 * M))
    assert (money.churned_arr, money.contraction_arr, money.expansion_arr) == (
        0.7 * M,
        0.5 * M,
        None,
    )


def test_nrr_alone_takes_grr_from_the_loss_amounts() -> None:
    r = Rates(10 * M, None, 104.0, churned_arr=1.0 * M, contraction_arr=0.2 * M)
    assert rate_problems(r) == []
    assert amounts_from_rates(r).expansion_arr == 1.6 * M


@pytest.mark.parametrize(
    ("rates", "field", "message"),
    [
        (Rates(10 * M, grr=100.5), "grr", "must be a percentage from 0 to 100 (got 100.5)"),
        (Rates(10 * M, grr=-1.0), "grr", "must be a percentage from 0 to 100 (got -1.0)"),
        (Rates(10 * M, grr=float("nan")), "grr", "must be a percentage from 0 to 100 (got nan)"),
        (Rates(10 * M, 90.0, 301.0), "nrr", "must be a percentage from 0 to 300 (got 301.0)"),
        (Rates(10 * M, 90.0, 85.0), "nrr", "must be at least GRR (90%) (got 85.0)"),
        (Rates(None, grr=88.0), "grr", "needs a start ARR above 0 to turn into amounts (got 88.0)"),
        (
            Rates(0.0, nrr=104.0),
            "nrr",
            "needs a start ARR above 0 to turn into amounts (got 104.0)",
        ),
        (
            Rates(10 * M, nrr=104.0),
            "nrr",
            "needs GRR %, or churned and contraction ARR (got 104.0)",
        ),
        (
            Rates(10 * M, 88.0, contraction_arr=999999999999999992 * M),
            "contraction_arr",
            "is more than GRR 88% loses (1,200,000) (got 1e+24)",
        ),
        (
            Rates(10 * M, 88.0, churned_arr=1 * M, contraction_arr=1 * M),
            "churned_arr",
            "with contraction ARR does not match GRR 88%, which makes it 1,200,000; "
            "clear one of them (got 2000000.0)",
        ),
        (
            Rates(10 * M, 88.0, 104.0, expansion_arr=1 * M),
            "expansion_arr",
            "does not match NRR 104%, which makes it 1,600,000; clear one of them (got 1000000.0)",
        ),
    ],
)
def test_rate_rules_name_the_field_and_the_value(rates: Rates, field: str, message: str) -> None:
    assert rate_problems(rates) == [(field, message)]


def test_amounts_that_agree_with_the_rates_are_accepted() -> None:
    r = Rates(10 * M, 88.0, 104.0, 1.0 * M, 0.2 * M, 1.6 * M)
    assert rate_problems(r) == []
    assert amounts_from_rates(r) == Rates(10 * M, None, None, 1.0 * M, 0.2 * M, 1.6 * M)


def test_rounding_to_the_cent_never_loses_more_than_start_arr() -> None:
    """Found by the property below: 1.875 at GRR 0% rounded up to 1.88 lost."""
    money = amounts_from_rates(Rates(1.875, 0.0, 0.0))
    assert (money.churned_arr, money.contraction_arr) == (1.875, 0.0)
    money = amounts_from_rates(Rates(0.3, 0.0, contraction_arr=0.2))
    assert money.churned_arr is not None and money.churned_arr + 0.2 <= 0.3


def test_a_huge_contraction_without_start_arr_is_refused() -> None:
    """The case found by hand: 999999999999999992M of contraction and no start ARR."""
    b = Baseline(contraction_arr=999999999999999992 * M)
    assert baseline_problems(b) == [("contraction_arr", "must be below 1e+15 (got 1e+24)")]


starts = st.floats(1.0, MONEY_MAX / 4, allow_nan=False, allow_subnormal=False)
shares = st.floats(0.0, 1.0, allow_nan=False, allow_subnormal=False)


@settings(max_examples=60, deadline=None)
@given(
    start=starts,
    grr=st.floats(0.0, GRR_MAX),
    above=st.floats(0.0, 1.0),
    contraction_share=shares,
)
def test_valid_rates_give_valid_amounts_within_bounds(
    start: float, grr: float, above: float, contraction_share: float
) -> None:
    nrr = grr + above * (NRR_MAX - grr)
    lost = start * (100 - grr) / 100
    r = Rates(start, grr, nrr, contraction_arr=round(lost * contraction_share, 2))
    assert rate_problems(r) == []
    money = amounts_from_rates(r)
    assert money.churned_arr is not None and money.contraction_arr is not None
    assert money.expansion_arr is not None
    assert money.churned_arr >= 0 and money.contraction_arr >= 0 and money.expansion_arr >= 0
    assert money.churned_arr + money.contraction_arr <= start + 0.01
    assert money.expansion_arr <= start * (NRR_MAX - grr) / 100 + 0.01
    b = Baseline("USD", "", start, money.churned_arr, money.contraction_arr, money.expansion_arr)
    assert baseline_problems(b) == []


@settings(max_examples=60, deadline=None)
@given(start=starts, churned=shares, contraction=shares, expansion=st.floats(0.0, 2.0))
def test_amounts_to_rates_to_amounts_round_trips(
    start: float, churned: float, contraction: float, expansion: float
) -> None:
    c, k = start * churned / 2, start * contraction / 2  # together at most start ARR
    e = start * expansion
    grr, nrr = rates_from_amounts(Baseline("USD", "", start, c, k, e))
    assert grr is not None and nrr is not None
    assert 0 <= grr <= GRR_MAX + 1e-9 and grr <= nrr <= NRR_MAX + 1e-9
    back = amounts_from_rates(Rates(start, grr, nrr, contraction_arr=k))
    tolerance = 0.01 + start * 1e-12  # to the cent, and float error on large amounts
    assert back.churned_arr == pytest.approx(c, abs=tolerance)
    assert back.contraction_arr == k
    assert back.expansion_arr == pytest.approx(e, abs=tolerance)
