"""Run the csmaturity command as a subprocess, on a database in a temp folder."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO_TOML = ROOT / "sample_db" / "demo.toml"


@dataclass
class Result:
    code: int
    out: str
    err: str


def run(db: Path, *args: str, cwd: Path | None = None) -> Result:
    env = {**os.environ, "CSMATURITY_DB": str(db), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "csmaturity_tui", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def run_here(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> Result:
    """The command run in this process (``cli.main``): a fraction of a subprocess's cost,
    for the many cases of one rule; each rule keeps a test through :func:`run` too."""
    from csmaturity_tui.cli import main

    capsys.readouterr()
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return Result(code, out, err)


def one_line_error(result: Result, code: int = 2) -> str:
    """Assert the command failed with ``code`` and one line on stderr, nothing on stdout."""
    assert result.code == code, (result.code, result.out, result.err)
    assert result.out == ""
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert "Traceback" not in result.err
    return lines[0]


def demo_db(folder: Path) -> Path:
    """A copy of the ready-made demo database (faster than running ``demo``)."""
    import shutil

    target = folder / "demo.db"
    shutil.copyfile(ROOT / "sample_db" / "demo.db", target)
    return target
