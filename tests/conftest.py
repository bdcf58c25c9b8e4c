"""Shared fixtures: every test gets its own database path, never the user's data dir."""

from __future__ import annotations

import builtins
import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


@pytest.fixture
def plain_opens(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every path (made real) opened through builtins.open, io.open or os.open meanwhile.

    To prove no code path opens the database file with a plain descriptor while a
    connection to it is live (POSIX locks are per process: any close() drops them all).
    """
    seen: list[str] = []

    def spy(real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(file: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(file, str | bytes | os.PathLike):
                seen.append(os.path.realpath(os.fsdecode(file)))
            return real(file, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(builtins, "open", spy(builtins.open))
    monkeypatch.setattr(io, "open", spy(io.open))
    monkeypatch.setattr(os, "open", spy(os.open))
    yield seen
