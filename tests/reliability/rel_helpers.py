"""Reliability and security suite: shared helpers (tests/reliability is on sys.path).

Short by default (part of ``make test``); ``CSMATURITY_SOAK=1`` (``make soak``) runs the
long forms: more SIGKILLs, more concurrent answers. Tests here run as root in CI, so
permission cases use ``chattr +i`` (immutable: even root cannot write) where the file
system allows it, and are skipped with the reason otherwise.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SMALL = ROOT / "tests" / "fixtures" / "small_rubric.toml"
SOAK = os.environ.get("CSMATURITY_SOAK", "") not in ("", "0")


def soak(short: int, long: int) -> int:
    """``short`` iterations in ``make test``, ``long`` in ``make soak``."""
    return long if SOAK else short


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("TEXTUAL", None)
    return env


def cli(db: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m csmaturity_tui --db DB ARGS`` in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "csmaturity_tui", "--db", str(db), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=child_env(),
        timeout=timeout,
        check=False,
    )


def chattr(path: Path, flag: str) -> bool:
    """``chattr +i``/``-i``; False if the tool or the file system does not allow it."""
    tool = shutil.which("chattr")
    if tool is None:
        return False
    res = subprocess.run([tool, flag, str(path)], capture_output=True, check=False)
    return res.returncode == 0
