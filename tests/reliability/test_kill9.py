"""SIGKILL while answers are being given through the UI: nothing the UI confirmed is lost.

A child process runs the app headless (``app_child.py``: Pilot presses level keys in the
question flow and prints every answer the status line reported as saved). The parent
kills it with SIGKILL at a random moment (some before the first answer, most while
answering), checks the database with ``PRAGMA integrity_check`` and against every
confirmation, then starts a new child on the same file. 10 kills in ``make test``
(about 30 s on 2 cores), 60 in ``make soak`` (``CSMATURITY_SOAK=1``).
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from rel_helpers import HERE, check_confirmed, child_env, soak

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.model import Baseline
from csmaturity_tui.store import Store
from helpers import SMALL


def _run_until_killed(db: Path, aid: str, seed: int, rng: random.Random) -> list[tuple[str, int]]:
    """Start a child, SIGKILL it at a random point; the answers it confirmed, in order."""
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "app_child.py"), str(db), aid, str(seed), "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=child_env(),
    )
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    buf = b""
    confirmed: list[tuple[str, int]] = []
    early = rng.random() < 0.2  # a fifth of the kills land during start-up
    after_first = rng.uniform(0.0, 1.2)
    kill_at = time.monotonic() + (rng.uniform(0.05, 1.0) if early else 60.0)
    try:
        while time.monotonic() < kill_at:
            ready, _w, _x = select.select([fd], [], [], max(0.0, kill_at - time.monotonic()))
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                break  # the child died on its own: reported below
            buf += chunk
            if not early and b"SAVED" in buf and kill_at > time.monotonic() + after_first:
                kill_at = time.monotonic() + after_first
    finally:
        proc.send_signal(signal.SIGKILL)
        rest = proc.stdout.read()
        proc.wait()
    buf += rest
    lines = buf.decode("utf-8", "replace").splitlines()
    complete = lines if buf.endswith(b"\n") else lines[:-1]
    for line in complete:
        assert not line.startswith("STATUS"), f"the UI did not save an answer: {line}"
        if line.startswith("SAVED "):
            _tag, eid, level = line.split()
            confirmed.append((eid, int(level)))
    assert proc.returncode == -signal.SIGKILL, f"child exited by itself: {lines[-5:]}"
    return confirmed


def test_sigkill_while_answering_loses_no_confirmed_answer(tmp_path: Path) -> None:
    db = tmp_path / "kill.db"
    with Store.open(db) as store:
        aid = store.create_assessment(
            rubric_mod.load(SMALL), client="Kill Nine Ltd", date="2026-03-01", baseline=Baseline()
        )
    rng = random.Random(int(os.environ.get("CSMATURITY_SEED", "9")))
    kills = soak(6, 60)
    confirmed: dict[str, list[int]] = defaultdict(list)
    total = 0
    for k in range(kills):
        got = _run_until_killed(db, aid, seed=rng.randrange(1 << 30), rng=rng)
        for eid, level in got:
            confirmed[eid].append(level)
        total += len(got)
        check_confirmed(db, aid, confirmed, children=k + 1)
    assert total >= kills // 2, f"only {total} answers confirmed over {kills} kills"
