"""The wheel carries the default rubric, so an installed app works outside a checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_and_loads_the_default_rubric(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.db", "tests", "bench"),
    )
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path / "dist")],
        cwd=src,
        check=True,
        capture_output=True,
        timeout=120,
    )
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "csmaturity_tui/data/rubric.toml" in names
        archive.extractall(tmp_path / "site")
    site = str(tmp_path / "site")
    code = (
        f"import sys; sys.path.insert(0, {site!r})\n"
        "import csmaturity_tui.rubric as r\n"
        f"assert str(r.default_path()).startswith({site!r}), r.default_path()\n"
        "print(r.load().summary_line())"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "csmaturity-default" in done.stdout
