"""Reliability and security suite: shared helpers (tests/reliability is on sys.path).

Short by default (part of ``make test``); ``CSMATURITY_SOAK=1`` (``make soak``) runs the
long forms: more SIGKILLs, more concurrent answers. Tests here run as root in CI, so
permission cases use ``chattr +i`` (immutable: even root cannot write) where the file
system allows it, and are skipped with the reason otherwise.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SOAK = os.environ.get("CSMATURITY_SOAK", "") not in ("", "0")


def soak(short: int, long: int) -> int:
    """``short`` iterations in ``make test``, ``long`` in ``make soak``."""
    return long if SOAK else short


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("TEXTUAL", None)
    return env


def start_app_child(
    db: Path, aid: str, seed: int, count: int, go: Path, extra: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """``app_child.py`` answering ``count`` times then waiting for ``go`` (its docstring);
    its lines readable as text. ``extra``: more environment (CSMATURITY_CHILD_ELEMENTS...)."""
    return subprocess.Popen(
        [sys.executable, str(HERE / "app_child.py"), str(db), aid, str(seed), str(count), str(go)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=child_env() | (extra or {}),
    )


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


def check_confirmed(db: Path, aid: str, confirmed: dict[str, list[int]], *, children: int) -> None:
    """Integrity ok; every answer the UI confirmed committed, in order; the table agrees.

    Each killed app may have committed one answer it had no time to report, so the
    confirmations are a subsequence of the committed history (at most one extra per app).
    """
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        sets: dict[str, list[int]] = defaultdict(list)
        for eid, after in conn.execute(
            "SELECT element_id, after_json FROM answer_history "
            "WHERE action = 'set' AND assessment_id = ? ORDER BY seq",
            (aid,),
        ):
            sets[eid].append(json.loads(after)["level"])
        stored = dict(
            conn.execute("SELECT element_id, level FROM answers WHERE assessment_id = ?", (aid,))
        )
    finally:
        conn.close()
    for eid, levels in confirmed.items():
        it = iter(sets[eid])
        assert all(level in it for level in levels), (eid, levels, sets[eid])
    assert set(stored) == set(sets)
    for eid, history in sets.items():
        assert stored[eid] == history[-1], (eid, stored[eid], history)
    unconfirmed = sum(len(v) for v in sets.values()) - sum(len(v) for v in confirmed.values())
    assert 0 <= unconfirmed <= children


def deleted_side_files(pid: int) -> list[str]:
    """-wal/-shm files process ``pid`` holds open although they were deleted (/proc)."""
    out: list[str] = []
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return out  # gone
    for fd in fds:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.endswith(" (deleted)") and ("-wal" in target or "-shm" in target):
            out.append(target)
    return out
