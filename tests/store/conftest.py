"""Fixtures for the store tests: a fresh database, the small rubric, an assessment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_helpers import BASELINE

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.rubric import Rubric
from csmaturity_tui.store import Store

SMALL = Path(__file__).resolve().parents[1] / "fixtures" / "small_rubric.toml"


@pytest.fixture(scope="session")
def small() -> Rubric:
    return rubric_mod.load(SMALL)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "cs.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path) as s:
        yield s


@pytest.fixture
def aid(store: Store, small: Rubric) -> str:
    return store.create_assessment(
        small, client="Acme", scope="EMEA", assessors="Ada", date="2025-03-04", baseline=BASELINE
    )
