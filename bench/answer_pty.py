"""Answer latency on a real pseudo-terminal, against the floor app, in one run.

For each element of an assessment on the default rubric (153 keys), a level key is
written to csmaturity's terminal; the clock stops when the new progress count
("k/153 done") arrives on the terminal, and the answer's history row must then be
visible to a second SQLite connection (the bench's own). Each csmaturity key alternates
with one key to ``floor_app.py`` (an INSERT + COMMIT and one label per key), measured
the same way ("answered k."), so a drift of the shared machine hits both alike. Keys
are 150 ms apart (the apps' after-paint work ends before the next key).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import ptyrun
from latency import percentile

HERE = Path(__file__).resolve().parent
GAP = 0.15


class _App:
    def __init__(self, argv: list[str], env: dict[str, str], cwd: str) -> None:
        self.proc, self.master = ptyrun.spawn(argv, env=env, cwd=cwd)

    def key(self, byte: bytes, marker: str) -> float:
        t0 = time.perf_counter()
        os.write(self.master, byte)
        return ptyrun.wait_for(self.master, marker, timeout=30) - t0

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        os.close(self.master)


def measure(env: dict[str, str], root: Path) -> dict[str, Any]:
    from csmaturity_tui import rubric as rubric_mod
    from csmaturity_tui.model import Baseline
    from csmaturity_tui.store import Store

    rubric = rubric_mod.load(root / "rubric.toml")
    total = len(rubric.element_by_id)
    with tempfile.TemporaryDirectory() as tmp:
        db, floor_db = Path(tmp) / "app.db", Path(tmp) / "floor.db"
        with Store.open(db) as store:
            aid = store.create_assessment(
                rubric, client="Latency Ltd", date="2026-03-01", baseline=Baseline("EUR")
            )
        py = sys.executable
        app = _App([py, "-m", "csmaturity_tui", "--db", str(db)], env, str(root))
        floor = _App([py, str(HERE / "floor_app.py"), str(floor_db)], env, str(root))
        try:
            ptyrun.wait_for(app.master, "Latency Ltd")
            ptyrun.drain(app.master, 1.0)
            os.write(app.master, b"\r")
            ptyrun.wait_for(app.master, "Evidence:")
            ptyrun.drain(app.master, 1.0)
            ptyrun.wait_for(floor.master, "Floor app ready")
            reader = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
            floor_reader = sqlite3.connect(f"file:{floor_db}?mode=ro", uri=True)
            times: dict[str, list[float]] = {"app": [], "floor": []}
            unseen = {"app": 0, "floor": 0}
            for k in range(1, total + 1):
                times["app"].append(app.key(b"3", f"{k}/{total} done"))
                (seen,) = reader.execute(
                    "SELECT count(*) FROM answer_history WHERE assessment_id = ?", (aid,)
                ).fetchone()
                unseen["app"] += seen != k
                ptyrun.drain(app.master, GAP)
                times["floor"].append(floor.key(b"3", f"answered {k}."))
                (seen,) = floor_reader.execute("SELECT count(*) FROM answers").fetchone()
                unseen["floor"] += seen != k
                ptyrun.drain(floor.master, GAP)
            reader.close()
            floor_reader.close()
        finally:
            app.close()
            floor.close()
    ms = 1000
    return {
        "keys": total,
        **{
            f"{name}_{stat}": fn(values) * ms
            for name, values in times.items()
            for stat, fn in (
                ("median", statistics.median),
                ("p99", lambda v: percentile(v, 99)),
                ("max", max),
            )
        },
        "not_committed_when_shown": unseen,
        # the answers (1-based) of the app's slowest keys, slowest first
        "app_slowest": sorted(range(1, total + 1), key=lambda k: -times["app"][k - 1])[:5],
    }


if __name__ == "__main__":
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    print(measure(env, HERE.parent))
