"""Where the database is: --db, else $CSMATURITY_DB, else the user data folder."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from csmaturity_tui.cli import db_path


def test_db_path_follows_the_option_then_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CSMATURITY_DB", str(tmp_path / "x.db"))
    assert db_path(argparse.Namespace(db=str(tmp_path / "given.db"))) == tmp_path / "given.db"
    no_db = argparse.Namespace(db=None)
    assert db_path(no_db) == tmp_path / "x.db"
    monkeypatch.delenv("CSMATURITY_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert db_path(no_db) == tmp_path / "xdg" / "csmaturity" / "csmaturity.db"
