"""The Makefile installs once: a second run with pyproject.toml unchanged does not reinstall."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _dry_run(folder: Path, target: str) -> str:
    done = subprocess.run(
        ["make", "-n", target], cwd=folder, capture_output=True, text=True, timeout=60, check=True
    )
    return done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_stamp_keyed_on_pyproject(tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")

    fresh = _dry_run(tmp_path, "unit")
    assert "-m venv .venv" in fresh
    assert "pip install" in fresh

    # what a finished install leaves: the venv's python and the stamp for this pyproject
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").write_text("")
    checksum = subprocess.run(
        ["cksum", "pyproject.toml"], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.split()[0]
    (tmp_path / ".venv" / f".installed-{checksum}").write_text("")

    again = _dry_run(tmp_path, "unit")
    assert "pip install" not in again
    assert "-m venv" not in again
    assert ".venv/bin/pytest" in again

    with (tmp_path / "pyproject.toml").open("a") as f:
        f.write("\n# a changed dependency list\n")
    changed = _dry_run(tmp_path, "unit")
    assert "pip install" in changed


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_install_uses_the_wheelhouse_offline_when_there_is_one(tmp_path: Path) -> None:
    """`make wheelhouse` prepares an offline laptop: with wheels in wheelhouse/, the install
    takes them from there alone (no index, no pip upgrade from the network)."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    online = _dry_run(tmp_path, "run")
    assert "--upgrade pip" in online
    assert "--no-index" not in online
    (tmp_path / "wheelhouse").mkdir()
    (tmp_path / "wheelhouse" / "textual-8.2.8-py3-none-any.whl").write_text("")
    offline = _dry_run(tmp_path, "run")
    assert "--upgrade pip" not in offline
    install = [line for line in offline.splitlines() if "pip install" in line]
    assert install and all("--no-index --find-links wheelhouse" in line for line in install)
    build = _dry_run(tmp_path, "wheelhouse")
    assert "pip wheel" in build and "-w wheelhouse" in build
