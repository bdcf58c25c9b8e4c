"""Reliability and security suite: fixtures (helpers in rel_helpers.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rel_helpers import chattr


@pytest.fixture
def immutable() -> Iterator[list[Path]]:
    """Paths made immutable by the test (``chattr +i``); made mutable again afterwards."""
    paths: list[Path] = []
    yield paths
    for p in reversed(paths):
        chattr(p, "-i")
