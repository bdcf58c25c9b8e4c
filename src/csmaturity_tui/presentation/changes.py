"""The words and numbers of a comparison of two rounds, the same in the TUI and Markdown.

A value is a level, N/A or unanswered (:data:`~csmaturity_tui.engine.compare.Value`);
a delta is signed with two decimals; the NRR forecast is met, missed or unknown.
"""

from __future__ import annotations

import math

from csmaturity_tui.engine.compare import Comparison, ElementChange, Unmatched, Value
from csmaturity_tui.presentation.fmt import NONE, pct

CHANGE_KINDS: dict[str, str] = {
    "level": "level",
    "na": "N/A",
    "answered": "answered",
    "cleared": "cleared",
}
UNMATCHED_ROUNDS: dict[str, str] = {"before": "earlier round", "after": "later round"}


def value_text(value: Value) -> str:
    """A level as its number, N/A as ``N/A``, unanswered as ``not answered``."""
    if value is None:
        return "not answered"
    return "N/A" if value == "na" else str(value)


def delta(value: float | None) -> str:
    """A signed score delta with two decimals (``+0.25``, ``-0.10``, ``0.00``)."""
    if value is None or not math.isfinite(value):
        return NONE
    text = f"{value:+.2f}"
    return "0.00" if text in ("+0.00", "-0.00") else text


def move(change: ElementChange) -> str:
    """``2 → 4``, with a crossing of the scale's middle named (the levels say which way)."""
    text = f"{value_text(change.before)} → {value_text(change.after)}"
    return text + ", crosses the middle" if change.crossing else text


def unmatched_why(u: Unmatched) -> str:
    return f"{u.why} ({UNMATCHED_ROUNDS[u.round]})"


def forecast(c: Comparison) -> str:
    """Was the earlier round's Year-1 NRR target met by the NRR the later round reports?"""
    if c.nrr_forecast_year1 is None:
        return "the earlier round sized no Year-1 target"
    if c.nrr_actual is None:
        return f"forecast {pct(c.nrr_forecast_year1)}; the later round reports no NRR"
    verdict = "met" if c.forecast_met else "not met"
    return f"forecast {pct(c.nrr_forecast_year1)}, now {pct(c.nrr_actual)}: {verdict}"


def share(c: Comparison) -> str:
    return f"{pct(c.comparable_share)} of the elements are comparable"
