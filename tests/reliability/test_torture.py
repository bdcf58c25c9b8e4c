"""The concurrency torture test: the app answering while the CLI runs every command beside
it, and SIGKILL of any of them at random points, round after round, on one file.

Each round starts, as separate processes: the app (``app_child.py``: Pilot presses level
keys in the question flow, goes home and re-opens the assessment every few answers, so
its own workers run) and two CLI loops (``cli_loop.py``: ``list``, ``export``,
``import``, ``demo``, ``rubric check`` in a random order, each opening and closing the
database). The app is killed at a random moment (a fifth during start-up, the rest while
answering), each loop at its own. While they run, the test watches every child's open
files: a -wal or -shm file kept open by a live process after it was deleted fails the test
(the WAL was checkpointed away by a process that believed it held the last connection). After each
round: ``PRAGMA integrity_check`` is ok, every answer the app confirmed is committed in
order, every history row of earlier rounds is still there, every CLI command that
finished exited 0. Two rounds in ``make test``, 200 in ``make soak``.
"""

from __future__ import annotations

import os
import random
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from rel_helpers import HERE, check_confirmed, child_env, cli, deleted_side_files, soak

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.model import Baseline
from csmaturity_tui.store import Store
from helpers import SMALL

LOOPS = 2
HELD_S = 0.5


def _complete_lines(buf: bytes) -> list[str]:
    lines = buf.decode("utf-8", "replace").splitlines()
    return lines if buf.endswith(b"\n") else lines[:-1]


def _watch(
    alive: list[subprocess.Popen[bytes]], suspects: dict[tuple[int, str], float], now: float
) -> None:
    """Fail when a live process keeps a deleted -wal/-shm file open.

    The process that closes the last connection deletes them itself, then closes its
    descriptors: that is seen for an instant. Held for longer (HELD_S) the WAL was deleted
    under a live connection, which goes on writing to a file no one will read again.
    """
    seen = {(p.pid, target) for p in alive for target in deleted_side_files(p.pid)}
    for key in list(suspects):
        if key not in seen:
            del suspects[key]
    for key in seen:
        first = suspects.setdefault(key, now)
        assert now - first < HELD_S, f"process {key[0]} writes to a deleted file: {key[1]}"


def _round(
    db: Path, aid: str, export: Path, out_dir: Path, rng: random.Random
) -> list[tuple[str, int]]:
    """One round; the answers the app confirmed, in order."""
    env = child_env()
    env["CSMATURITY_REOPEN_EVERY"] = str(rng.choice((2, 3, 5)))
    app = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "app_child.py"),
            str(db),
            aid,
            str(rng.randrange(1 << 30)),
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    loops = [
        subprocess.Popen(
            [
                sys.executable,
                str(HERE / "cli_loop.py"),
                str(db),
                aid,
                str(export),
                str(out_dir),
                str(rng.randrange(1 << 30)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=child_env(),
        )
        for _ in range(LOOPS)
    ]
    streams = {app.stdout.fileno(): app} if app.stdout else {}
    streams.update({p.stderr.fileno(): p for p in loops if p.stderr})
    output: dict[subprocess.Popen[bytes], bytes] = defaultdict(bytes)
    start = time.monotonic()
    early = rng.random() < 0.2
    kill_at = {p: start + rng.uniform(0.3, 4.0) for p in loops}
    kill_at[app] = start + (rng.uniform(0.05, 1.5) if early else 90.0)
    after_first = rng.uniform(0.0, 1.5)
    alive = [app, *loops]
    suspects: dict[tuple[int, str], float] = {}
    try:
        while alive:
            now = time.monotonic()
            for p in [p for p in alive if kill_at[p] <= now]:
                p.send_signal(signal.SIGKILL)
                p.wait()
                alive.remove(p)
            if app not in alive:  # the round ends with the app
                break
            _watch(alive, suspects, now)
            fds = [fd for fd, p in streams.items() if p in alive]
            ready, _w, _x = select.select(fds, [], [], 0.05)
            for fd in ready:
                chunk = os.read(fd, 65536)
                p = streams[fd]
                if not chunk:
                    assert p is not app, f"the app died by itself: {output[app][-800:]!r}"
                    kill_at[p] = 0.0  # a loop that ended: reaped above
                output[p] += chunk
            if not early and b"SAVED" in output[app] and kill_at[app] > now + after_first:
                kill_at[app] = now + after_first
    finally:
        for p in [app, *loops]:
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
                p.wait()
            for stream in (p.stdout, p.stderr):
                if stream is not None:
                    output[p] += stream.read()
                    stream.close()
    assert app.returncode == -signal.SIGKILL
    for p in loops:
        for line in _complete_lines(output[p]):
            assert line.startswith("RAN ") and line.endswith(" 0"), line
    confirmed: list[tuple[str, int]] = []
    for line in _complete_lines(output[app]):
        assert not line.startswith("STATUS"), f"the UI did not save an answer: {line}"
        if line.startswith("SAVED "):
            _tag, eid, level = line.split()
            confirmed.append((eid, int(level)))
    return confirmed


def _history_seqs(db: Path) -> set[int]:
    conn = sqlite3.connect(db)
    try:
        return {seq for (seq,) in conn.execute("SELECT seq FROM answer_history")}
    finally:
        conn.close()


def test_app_and_every_cli_command_at_once_with_random_kills(tmp_path: Path) -> None:
    db = tmp_path / "torture.db"
    with Store.open(db) as store:
        aid = store.create_assessment(
            rubric_mod.load(SMALL), client="Torture Ltd", date="2026-03-01", baseline=Baseline()
        )
    export = tmp_path / "seed.toml"
    done = cli(db, "export", aid, "--format", "toml", "-o", str(export))
    assert done.returncode == 0, done.stderr
    rng = random.Random(int(os.environ.get("CSMATURITY_SEED", "13")))
    rounds = soak(2, 200)
    confirmed: dict[str, list[int]] = defaultdict(list)
    history: set[int] = set()
    total = 0
    for k in range(rounds):
        got = _round(db, aid, export, tmp_path, rng)
        for eid, level in got:
            confirmed[eid].append(level)
        total += len(got)
        check_confirmed(db, aid, confirmed, children=k + 1)
        now = _history_seqs(db)
        assert history <= now, f"history rows lost: {sorted(history - now)[:5]}"
        history = now
    assert total >= 1, "no answer was confirmed in any round"
