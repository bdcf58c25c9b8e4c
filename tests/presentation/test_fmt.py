"""The shared number formatters, with worked examples."""

from __future__ import annotations

import pytest

from csmaturity_tui.presentation.fmt import NONE, money, one_line, pct, points, score
from csmaturity_tui.presentation.wording import gap


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (1_200_000, "USD", "$1.2M"),
        (850_000, "EUR", "€850k"),
        (48_600_000, "USD", "$48.6M"),
        (1_000_000, "GBP", "£1M"),
        (999_950, "USD", "$1M"),
        (82_400, "USD", "$82.4k"),
        (8_500, "USD", "$8.5k"),
        (950, "USD", "$950"),
        (999.6, "USD", "$1k"),
        (0, "USD", "$0"),
        (-40_000, "USD", "-$40k"),
        (3_100_000, "CHF", "CHF 3.1M"),
        (2_500_000_000, "USD", "$2.5B"),
        (None, "USD", NONE),
        (float("nan"), "USD", NONE),
    ],
)
def test_money(value: float | None, currency: str, expected: str) -> None:
    assert money(value, currency) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.853, "85.3%"), (1.0188, "101.9%"), (0.0, "0.0%"), (-0.0001, "0.0%"), (None, NONE)],
)
def test_pct(value: float | None, expected: str) -> None:
    assert pct(value) == expected


def test_points_and_score() -> None:
    assert points(0.012) == "1.2 pts"
    assert score(2.8341) == "2.83"
    assert score(None) == NONE


def test_one_line_strips_controls_and_keeps_scripts() -> None:
    text = "a\nb\r\nc\x1b[31mred\x00 \u202eevil\u202c שלום 👩‍💻\tend"
    assert one_line(text) == "a b c[31mred evil שלום 👩‍💻 end"


def test_clipped_is_one_line_and_bounded() -> None:
    from csmaturity_tui.presentation.fmt import clipped

    assert clipped("Acme\n Corp") == "Acme Corp"
    assert clipped("x" * 100) == "x" * 59 + "…"
    assert clipped("ab cd", 4) == "ab…"
    assert len(clipped("W" * 10_000)) == 60


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("Value", "weak_link", 2.389, 2.5), "Value 2.39 (weak link, needs 2.50)"),
        (("Data", "dimension", 3.2, 3.5), "Data 3.20 (needs 3.50)"),
        (("Data", "dimension", None, 3.5), "Data: no score yet (needs 3.50)"),
        (("Monitoring", "element", 2.0, 3.0), "Monitoring: level 2 (needs level 3)"),
        (("Monitoring", "element", None, 3.0), "Monitoring: not answered or N/A (needs level 3)"),
        (("Safeguards (none declared)", "undeclared", None, 5.0), "Safeguards (none declared)"),
    ],
)
def test_a_gap_reads_the_same_everywhere(
    args: tuple[str, str, float | None, float], text: str
) -> None:
    assert gap(*args) == text


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("Written CS charter", 20, "Written CS charter"),
        ("Written CS charter", 15, "Written…charter"),
        ("Written CS charter", 0, "Written CS charter"),
        ("abcdef", 2, "ab"),
    ],
)
def test_elided_keeps_both_ends(text: str, width: int, expected: str) -> None:
    from csmaturity_tui.presentation.fmt import elided

    assert elided(text, width) == expected
    assert len(elided(text, width)) <= max(width, 0) or width == 0
