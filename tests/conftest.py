"""Shared fixtures (helpers that are not fixtures: helpers.py).

Every test gets its own database path, never the user's data dir.
"""

from __future__ import annotations

import builtins
import io
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from helpers import SMALL, STORE_BASELINE, chattr

if TYPE_CHECKING:
    from csmaturity_tui.rubric import Rubric
    from csmaturity_tui.store import Store

# Local time is UTC in every test: home's "Updated" column shows the local time.
os.environ["TZ"] = "UTC"
time.tzset()


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
    return SMALL


@pytest.fixture(scope="session")
def small() -> Rubric:
    """The small fixture rubric, loaded once."""
    from csmaturity_tui import rubric as rubric_mod

    return rubric_mod.load(SMALL)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cs.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """The one connection to a fresh database at ``db_path``."""
    from csmaturity_tui.store import Store

    with Store.open(db_path) as opened:
        yield opened


@pytest.fixture
def aid(store: Store, small: Rubric) -> str:
    """An assessment of the small rubric in ``store``, with :data:`STORE_BASELINE`."""
    return store.create_assessment(
        small,
        client="Acme",
        scope="EMEA",
        assessors="Ada",
        date="2025-03-04",
        baseline=STORE_BASELINE,
    )


@pytest.fixture
def toasts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The text of every toast, in order, as the app hands it to Textual's public notify.

    (After the app's own notify made it plain and cut it; whether or not it has timed out.)
    """
    from textual.app import App

    seen: list[str] = []
    real = App.notify

    def record(self: App[Any], message: str, **kwargs: Any) -> None:
        seen.append(str(message))
        real(self, message, **kwargs)

    monkeypatch.setattr(App, "notify", record)
    return seen


@pytest.fixture
def immutable() -> Iterator[list[Path]]:
    """Paths made immutable by the test (``chattr +i``); made mutable again afterwards."""
    paths: list[Path] = []
    yield paths
    for p in reversed(paths):
        chattr(p, "-i")


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


@pytest.fixture
def fixed_stamps(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store's timestamps from a fixed start, a second apart (their order kept): a
    snapshot that shows home's "Updated" column is the same on every run."""
    import datetime as dt
    import itertools

    from csmaturity_tui.store import answers, mapping

    start = dt.datetime(2026, 3, 4, 13, 0, tzinfo=dt.UTC)
    seconds = itertools.count()

    def stamp() -> str:
        at = start + dt.timedelta(seconds=next(seconds))
        return at.isoformat(timespec="microseconds").replace("+00:00", "Z")

    monkeypatch.setattr(mapping, "now_iso", stamp)
    monkeypatch.setattr(answers, "now", stamp)
