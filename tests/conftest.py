"""Shared fixtures: every test gets its own database path, never the user's data dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SMALL_RUBRIC = ROOT / "tests" / "fixtures" / "small_rubric.toml"


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Point CSMATURITY_DB and the XDG folders at a temp dir for every test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CSMATURITY_DB", str(home / "default.db"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    yield


@pytest.fixture
def small_rubric_path() -> Path:
    return SMALL_RUBRIC
