"""Scale: one database of N assessments x 150 answers (``dbgen.cached_db``).

In-process timings (median of ``runs``), each in a fresh ``Store`` on the big file:
open, list (what the home screen reads), open one assessment and evaluate it (cold:
first load in the process, the pinned rubric is parsed; warm: another assessment,
rubric cached), export it as Markdown and as TOML (render + atomic write).
The home screen painted and the peak RSS are measured by ``run.py`` on a pseudo-terminal.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

CHILD = r"""
import json, statistics, sys, tempfile, time
from pathlib import Path
db, kind, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
t0 = time.perf_counter()
from csmaturity_tui.store import Store
from csmaturity_tui.engine import evaluate
store = Store.open(db, create=False)
opened = time.perf_counter() - t0
rows = store.list_assessments()
ids = [r.id for r in rows]
out = {"open_s": opened}
def timed(fn):
    t = time.perf_counter(); fn(); return time.perf_counter() - t
if kind == "cold":
    aid = ids[len(ids) // 2]
    out["cold_load_evaluate_s"] = timed(lambda: evaluate(*store.load(aid)))
    print(json.dumps(out)); sys.exit()
evaluate(*store.load(ids[0]))  # warm: the pinned rubric is parsed and cached
out["list_s"] = statistics.median(timed(store.list_assessments) for _ in range(runs))
picks = [ids[(k * 7919) % len(ids)] for k in range(runs)]
loads = [timed(lambda a=a: evaluate(*store.load(a))) for a in picks]
out["load_evaluate_s"] = statistics.median(loads)
from csmaturity_tui.services import render
from csmaturity_tui.formats.files import write_atomic
tmp = Path(tempfile.mkdtemp())
for fmt in ("md", "toml"):
    def export(a, fmt=fmt):
        write_atomic(tmp / f"{a}.{fmt}", render(store, a, fmt), force=True)
    out[f"export_{fmt}_s"] = statistics.median(timed(lambda a=a: export(a)) for a in picks)
print(json.dumps(out))
"""


def measure(db: Path, runs: int = 7, env: dict[str, str] | None = None) -> dict[str, Any]:
    import json

    def child(kind: str) -> dict[str, Any]:
        res = subprocess.run(
            [sys.executable, "-c", CHILD, str(db), kind, str(runs)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        return dict(json.loads(res.stdout))

    warm = child("warm")
    colds = [child("cold") for _ in range(min(runs, 5))]
    warm["cold_load_evaluate_s"] = statistics.median(c["cold_load_evaluate_s"] for c in colds)
    warm["open_s"] = statistics.median([warm["open_s"], *(c["open_s"] for c in colds)])
    return warm


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import dbgen

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    t = time.perf_counter()
    print(measure(dbgen.cached_db(n), runs=3))
    print(f"{time.perf_counter() - t:.1f} s", file=sys.stderr)
