"""Fixtures for the TUI tests: a store on a temp file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from csmaturity_tui.store import Store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tui.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with Store.open(db_path) as opened:
        yield opened
