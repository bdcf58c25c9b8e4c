"""Two and three rounds of one client on the default rubric, built in memory, for the
compare and trend screens (snapshots and keys): deterministic, rubric-driven."""

from __future__ import annotations

import dataclasses

from dashboard_support import BASELINE, META, four_quadrant_answers, load_default_rubric
from textual.app import App

from csmaturity_tui.engine import evaluate
from csmaturity_tui.engine.compare import Comparison, Side, Trend, compare, trend
from csmaturity_tui.model import Answer, Assessment, Baseline, PilotOutcome
from csmaturity_tui.rubric import Rubric

DATES = ("2024-03-12", "2025-03-14")


def _earlier(rubric: Rubric, answers: list[Answer], step: int) -> list[Answer]:
    """Every third element one level lower (``step`` levels for the round before),
    every seventh one higher, notes on a few: what a year of work undoes."""
    out: list[Answer] = []
    for n, a in enumerate(answers):
        if a.level is None:
            out.append(a)
            continue
        level = a.level
        if n % 3 == 0:
            level = max(level - step, 1)
        elif n % 7 == 0:
            level = min(level + 1, rubric.levels)
        note = "No owner yet" if n % 9 == 0 else a.note
        out.append(dataclasses.replace(a, level=level, note=note))
    return out


def sides(rounds: int = 2) -> list[Side]:
    rubric = load_default_rubric()
    latest = four_quadrant_answers(rubric)
    internal = next(a.id for a in rubric.agents if a.exposure == "internal")
    out: list[Side] = []
    for k in range(rounds):
        back = rounds - 1 - k
        answers = latest if back == 0 else _earlier(rubric, latest, back)
        date = f"{int(DATES[1][:4]) - back}{DATES[1][4:]}"
        scale = 1.0 + 0.04 * k
        baseline = Baseline(
            currency=BASELINE.currency,
            period=f"FY{int(date[:4]) - 1}",
            start_arr=BASELINE.start_arr * scale if BASELINE.start_arr else None,
            churned_arr=(BASELINE.churned_arr or 0) * (1.2 - 0.1 * k),
            contraction_arr=BASELINE.contraction_arr,
            expansion_arr=(BASELINE.expansion_arr or 0) * scale,
        )
        pilots = {internal: PilotOutcome(internal, "proven" if back == 0 else "running")}
        meta = dataclasses.replace(META, id=f"round-{date}", date=date)
        assessment = Assessment(
            meta=meta,
            baseline=baseline,
            answers={a.element_id: a for a in answers},
            pilots=pilots,
        )
        out.append(Side(rubric, assessment, evaluate(rubric, assessment)))
    return out


def comparison() -> Comparison:
    before, after = sides(2)
    return compare(before, after)


def client_trend() -> Trend:
    return trend(sides(3))


class RoundsApp(App[None]):
    """A bare app showing the compare screen (``trend=False``) or the trend screen."""

    def __init__(self, *, show_trend: bool = False) -> None:
        super().__init__()
        self.show_trend = show_trend

    def on_mount(self) -> None:
        from csmaturity_tui.tui.screens.rounds import CompareScreen, TrendScreen

        if self.show_trend:
            self.push_screen(TrendScreen(client_trend(), META.client))
        else:
            self.push_screen(CompareScreen(comparison()))
