"""The wheel carries the default rubric and the demo: an installed app works anywhere."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_and_finds_the_rubric_and_the_demo(tmp_path: Path) -> None:
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
        shipped_rubric = archive.read("csmaturity_tui/data/rubric.toml")
        shipped_demo = archive.read("csmaturity_tui/data/demo.toml")
        archive.extractall(tmp_path / "site")
    assert shipped_rubric == (ROOT / "rubric.toml").read_bytes()
    assert shipped_demo == (ROOT / "sample_db" / "demo.toml").read_bytes()
    site = str(tmp_path / "site")
    code = (
        f"import sys; sys.path.insert(0, {site!r})\n"
        "import csmaturity_tui.rubric as r\n"
        "from csmaturity_tui.demo import demo_path\n"
        f"assert str(r.default_path()).startswith({site!r}), r.default_path()\n"
        f"assert str(demo_path()).startswith({site!r}), demo_path()\n"
        "print(r.load().summary_line())"
    )
    done = subprocess.run(
        [sys.executable, "-I", "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "csmaturity-default" in done.stdout
