"""Clear home's filter at 10,000 assessments, on a terminal: the figure alone.

    .venv/bin/python bench/clear_filter.py [--runs 9] [--scale 10000]

The same measure as ``make bench``'s "Clear home's filter" rows (``ptyrun.clear_filter_times``),
for a quick check without the whole run.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import sys
from pathlib import Path

import dbgen
import ptyrun

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--scale", type=int, default=10_000)
    args = parser.parse_args()
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as run.py: measure compiled sources
    env["PYTHONPATH"] = str(ROOT / "src")
    compileall.compile_dir(ROOT / "src", quiet=1)
    big = dbgen.cached_db(args.scale)
    times = ptyrun.clear_filter_times(
        [sys.executable, "-m", "csmaturity_tui", "--db", str(big)],
        dbgen.client_name(args.scale - 1),
        dbgen.client_name(1)[:-1],
        times=args.runs,
        env=env,
        cwd=str(ROOT),
    )
    for way, values in times.items():
        ms = sorted(round(v * 1000, 1) for v in values)
        print(f"{way}: median {statistics.median(values) * 1000:.0f} ms, all {ms}")
    print(f"load average: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
