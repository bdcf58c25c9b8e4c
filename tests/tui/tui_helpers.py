"""Helpers for the TUI tests: the small rubric, a frozen clock, assessments with fixed ids."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.model import Baseline
from csmaturity_tui.store import Store
from csmaturity_tui.tui.app import CsMaturityApp

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "small_rubric.toml"
FROZEN = dt.datetime(2026, 3, 4, 14, 2, 11)


def frozen_clock() -> dt.datetime:
    return FROZEN


def make_app(store: Store) -> CsMaturityApp:
    return CsMaturityApp(store, rubric_path=SMALL, clock=frozen_clock)


def add_assessment(
    store: Store, client: str, *, id: str, date: str = "2026-03-01", scope: str = ""
) -> str:
    rubric = rubric_mod.load(SMALL)
    baseline = Baseline(
        currency="EUR",
        period="FY2025",
        start_arr=12_000_000,
        churned_arr=900_000,
        contraction_arr=300_000,
        expansion_arr=1_100_000,
    )
    return store.create_assessment(
        rubric, client=client, scope=scope, date=date, baseline=baseline, id=id
    )
