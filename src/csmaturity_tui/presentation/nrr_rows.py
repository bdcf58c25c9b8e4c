"""The NRR case as rows of text, shared by the Markdown report and the TUI's NRR tab.

Only formatting: every number comes from the Report. Where a table shows parts
and their total (ARR lost + indirect cost = Churn Tax; recoverable ARR +
Expansion Gap = opportunity; today's NRR + the bridge's steps = the Year-1
target), the parts are rounded with :func:`fmt.shares_of` so that they add up
to the total at the precision shown.
"""

from __future__ import annotations

from dataclasses import dataclass

from csmaturity_tui.engine.report import Nrr
from csmaturity_tui.presentation import fmt

LEVER_NAMES: tuple[tuple[str, str], ...] = (
    ("retain", "Retain"),
    ("protect", "Protect"),
    ("expand", "Expand"),
)
RETURN_MEANS = (
    "Return is the ARR a fix adds each year once its effect has fully shown: its "
    "dimension's share of the opportunity (through the levers it drives) times its gap to "
    "target over the gap from level 1. Fixes are ranked by return per unit of effort."
)


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    note: str = ""
    short: str = ""  # the label in a narrow table (the TUI); the label when empty

    @property
    def tui_label(self) -> str:
        return self.short or self.label


def _pct2(units: int) -> str:
    """Hundredths of a percent (``9837`` → ``98.37%``)."""
    sign = "-" if units < 0 else ""
    return f"{sign}{abs(units) // 100}.{abs(units) % 100:02d}%"


def _pts2(units: int) -> str:
    sign = "+" if units >= 0 else "-"
    return f"{sign}{abs(units) // 100}.{abs(units) % 100:02d} pts"


def bridge_rows(n: Nrr) -> list[Row]:
    """Today's NRR, one step per scheduled fix, the Year-1 target (2 decimals, adding up)."""
    if not n.bridge:
        return []
    today, *steps, target = n.bridge
    unit = 0.0001
    start = round(today.points / unit)
    end = round(target.points / unit)
    rises = fmt.shares_of([s.points for s in steps], (end - start) * unit, unit)
    year1 = n.realized_arr[0] if n.realized_arr else 0.0
    arrs = fmt.shares_of([s.arr or 0.0 for s in steps], year1, 1.0)
    rows = [Row(today.label, _pct2(start))]
    rows += [
        Row(
            f"{s.label}: {(s.share or 0.0) * 100:g}% of its return in year 1",
            _pts2(r),
            fmt.amount(a, n.currency),
            s.label,
        )
        for s, r, a in zip(steps, rises, arrs, strict=True)
    ]
    rows.append(Row(target.label, _pct2(end), fmt.amount(sum(arrs), n.currency)))
    return rows


def target_text(n: Nrr) -> str:
    """``98.4% (range 98.3% to 98.5%)``, or the dash when there is no target."""
    if n.year1_target_nrr is None:
        return fmt.NONE
    text = fmt.pct(n.year1_target_nrr)
    low, high = fmt.pct(n.year1_target_low), fmt.pct(n.year1_target_high)
    if low != high:
        text += f" (range {low} to {high})"
    return text


def sizing_rows(n: Nrr) -> list[Row]:
    """The sizing table: baseline, Churn Tax split, opportunity, target; money in full."""
    rows = _baseline_rows(n) + _churn_tax_rows(n) + _opportunity_rows(n)
    if n.year1_target_nrr is not None:
        rows.append(
            Row(
                "Year-1 NRR target", target_text(n), "NRR today + the bridge below", "Year-1 target"
            )
        )
    return rows


def _baseline_rows(n: Nrr) -> list[Row]:
    """The baseline's figures, GRR and NRR today."""

    def amt(units: float | None) -> str:
        return fmt.amount(units, n.currency)

    return [
        Row("Start ARR", amt(n.start_arr), "baseline"),
        Row("Churned ARR (logo churn)", amt(n.churned_arr), "baseline", "Churned ARR"),
        Row("Contraction ARR", amt(n.contraction_arr), "baseline"),
        Row(
            "Reported churn: the ARR lost",
            amt(n.reported_churn),
            "churned + contraction",
            "Reported churn",
        ),
        Row("GRR", fmt.pct(n.grr), "(start − reported churn) / start"),
        Row("Expansion ARR", amt(n.expansion_arr), "baseline"),
        Row("NRR today", fmt.pct(n.nrr), "GRR + expansion / start"),
    ]


def _churn_tax_rows(n: Nrr) -> list[Row]:
    """The Churn Tax and its two parts (rounded to add up); none while it is unknown."""
    if n.reported_churn is None or n.churn_tax is None or n.indirect_cost is None:
        return []
    cur = n.currency
    lost, indirect = fmt.shares_of([n.reported_churn, n.indirect_cost], n.churn_tax, 1.0)
    mult = f"{n.churn_tax_multiplier or 0:.2f}x"
    return [
        Row(
            "Churn Tax",
            fmt.amount(lost + indirect, cur),
            f"{mult} reported churn (range {fmt.amount(n.churn_tax_low, cur)} to "
            f"{fmt.amount(n.churn_tax_high, cur)})",
        ),
        Row("Churn Tax: ARR lost", fmt.amount(lost, cur), "reported churn", "· ARR lost"),
        Row(
            "Churn Tax: indirect cost",
            fmt.amount(indirect, cur),
            "not ARR: never moves NRR",
            "· indirect cost",
        ),
    ]


def _opportunity_rows(n: Nrr) -> list[Row]:
    """Recoverable ARR by lever, the Expansion Gap and the opportunity (parts adding up)."""
    if (
        n.opportunity_arr is None
        or n.recoverable_arr is None
        or n.expansion_gap is None
        or n.exposure_retain is None
        or n.exposure_protect is None
    ):
        return []

    def amt(units: float | None) -> str:
        return fmt.amount(units, n.currency)

    recoverable, gap = fmt.shares_of([n.recoverable_arr, n.expansion_gap], n.opportunity_arr, 1.0)
    retain, protect = fmt.shares_of([n.exposure_retain, n.exposure_protect], recoverable, 1.0)
    unmonetized = _pct2(round((n.unmonetized_share or 0.0) * 10000))
    return [
        Row(
            "Recoverable ARR",
            amt(recoverable),
            f"{fmt.pct(n.controllable_share)} controllable share of reported churn",
        ),
        Row("Recoverable: retain lever", amt(retain), "of churned ARR", "· retain lever"),
        Row("Recoverable: protect lever", amt(protect), "of contraction ARR", "· protect lever"),
        *([Row("Segment", n.segment, "by the baseline's ACV", "Segment")] if n.segment else []),
        Row(
            "Benchmark expansion rate",
            fmt.pct(n.benchmark_expansion_rate),
            "the segment's" if n.segment else "the rubric's",
            "Benchmark rate",
        ),
        Row(
            "Expansion benchmark gap",
            amt(n.expansion_benchmark_gap),
            "(benchmark rate − expansion rate) × start ARR",
            "Benchmark gap",
        ),
        Row(
            "Expansion Gap (expand lever)",
            amt(gap),
            f"{unmonetized} of the benchmark gap: value realized, not monetized",
            "Expansion Gap",
        ),
        Row("Opportunity", amt(recoverable + gap), "recoverable ARR + Expansion Gap"),
    ]


def trajectory_rows(n: Nrr) -> list[Row]:
    """One row per year: NRR, and the ARR the scheduled fixes return by then."""
    return [
        Row(f"Year {k}", fmt.pct(v), fmt.amount(arr, n.currency))
        for k, (v, arr) in enumerate(zip(n.trajectory, n.realized_arr, strict=True), start=1)
    ]


def missing_text(n: Nrr) -> str:
    """What the case lacks, said for the reader (empty when it is sized)."""
    if n.sized:
        return ""
    if not n.available:
        return (
            f"The NRR case is not sized: {n.reason}. Add the baseline financials (start, "
            "churned, contraction and expansion ARR) to size it."
        )
    return (
        f"The NRR case is not sized: {n.why}. Score more elements; until then there is "
        "no Churn Tax estimate, no opportunity, no Year-1 target and no ranked fix."
    )
