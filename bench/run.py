"""``make bench``: start-up, answer latency, scale and memory; results into bench/README.md.

    python bench/run.py [--runs 9] [--scale 10000] [--src DIR] [--no-readme] [--json OUT]

``--src DIR`` benchmarks another source tree (e.g. ``git archive`` of an older commit,
extracted) by putting DIR first on PYTHONPATH: that is how the "before" figures in
bench/README.md were taken. Every timing is a median over ``--runs`` runs; start-up
runs alternate between the apps so that a machine's drift hits all of them alike.
Nothing here asserts a timing: the targets are reported as met or missed.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import dbgen  # noqa: E402
import ptyrun  # noqa: E402

START = "<!-- results:start -->"
END = "<!-- results:end -->"


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import textual

    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "python": platform.python_version(),
        "textual": textual.__version__,
        "sqlite": __import__("sqlite3").sqlite_version,
        "os": platform.platform(),
    }


def alternate(
    launches: dict[str, Callable[[], ptyrun.Launch]], runs: int
) -> dict[str, list[ptyrun.Launch]]:
    out: dict[str, list[ptyrun.Launch]] = {name: [] for name in launches}
    for _ in range(runs):
        for name, launch in launches.items():
            out[name].append(launch())
    return out


def med(launches: list[ptyrun.Launch]) -> float:
    return statistics.median(x.seconds for x in launches)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--scale", type=int, default=10_000, help="assessments in the big DB")
    parser.add_argument("--src", help="benchmark this source tree instead (PYTHONPATH)")
    parser.add_argument("--no-readme", action="store_true", help="do not rewrite README.md")
    parser.add_argument("--json", help="also write the raw figures to this file")
    args = parser.parse_args()

    env = dict(os.environ)
    source = Path(args.src).resolve() / "src" if args.src else ROOT / "src"
    if args.src:
        env["PYTHONPATH"] = str(source)
    # Measure what a user runs: an installed package has its bytecode compiled (pip does
    # it for a wheel, and any normal run writes it for a checkout). A sandbox that sets
    # PYTHONDONTWRITEBYTECODE would otherwise compile csmaturity's sources on every
    # launch while Textual's come precompiled, which no user pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    compileall.compile_dir(source, quiet=1)
    py = sys.executable
    app = [py, "-m", "csmaturity_tui", "--db"]
    res: dict[str, Any] = {"machine": machine(), "runs": args.runs, "src": args.src or "."}
    print(f"machine: {res['machine']}", file=sys.stderr)

    # -- start-up ---------------------------------------------------------------------
    db1k = dbgen.cached_db(1000)
    big = dbgen.cached_db(args.scale)
    empty = dbgen.empty_db()
    print("start-up ...", file=sys.stderr)

    def launch(argv: list[str], marker: str, **kw: Any) -> Callable[[], ptyrun.Launch]:
        return lambda: ptyrun.time_to_marker(argv, marker, env=env, cwd=str(ROOT), **kw)

    start = alternate(
        {
            "bare": launch([py, str(HERE / "bare_app.py")], "Bare app ready"),
            "widgets": launch([py, str(HERE / "widgets_app.py")], "Widget row 000"),
            "app_1000": launch([*app, str(db1k)], dbgen.client_name(999)),
            "app_big": launch([*app, str(big)], dbgen.client_name(args.scale - 1)),
            "app_empty": launch([*app, str(empty)], "No assessments yet"),
        },
        args.runs,
    )
    res["startup"] = {name: [x.seconds for x in runs] for name, runs in start.items()}
    res["startup_median"] = {name: med(runs) for name, runs in start.items()}

    # -- answer latency ---------------------------------------------------------------
    print("answer latency ...", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        code = (
            "import json, sys; sys.path.insert(0, sys.argv[1]); import latency; "
            "from pathlib import Path; "
            "print(json.dumps(latency.measure(Path(sys.argv[2]), Path(sys.argv[3]))))"
        )
        out = subprocess.run(
            [py, "-c", code, str(HERE), str(Path(tmp) / "lat.db"), str(ROOT / "rubric.toml")],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        res["latency"] = json.loads(out.stdout.strip().splitlines()[-1])

    print("answer latency on a terminal, against the floor app ...", file=sys.stderr)
    import answer_pty

    res["answer_pty"] = answer_pty.measure(env, ROOT)

    # -- scale and memory ---------------------------------------------------------------
    print(f"scale ({args.scale} assessments) ...", file=sys.stderr)
    res["scale_db_mb"] = big.stat().st_size / 1e6
    res["scale_n"] = args.scale
    home = alternate(
        {
            "home_big": launch([*app, str(big)], dbgen.client_name(args.scale - 1)),
            "home_empty": launch([*app, str(empty)], "No assessments yet"),
        },
        args.runs,
    )
    res["home_median"] = {name: med(runs) for name, runs in home.items()}
    import scale

    res["scale"] = scale.measure(big, runs=args.runs, env=env)
    mem = {
        "app_big": launch([*app, str(big)], dbgen.client_name(args.scale - 1), settle=2.0)(),
        "app_empty": launch([*app, str(empty)], "No assessments yet", settle=2.0)(),
        "bare": launch([py, str(HERE / "bare_app.py")], "Bare app ready", settle=2.0)(),
    }
    res["peak_rss_mb"] = {k: v.peak_rss_kb / 1024 for k, v in mem.items()}

    # -- return home, then open (the flow writes its cursor: on copies) -----------------
    print("return home then open ...", file=sys.stderr)
    with tempfile.TemporaryDirectory(dir=dbgen.CACHE) as tmp:
        reopen: dict[str, list[float]] = {}
        for name, src, marker in (
            ("big", big, dbgen.client_name(args.scale - 1)),
            ("demo", ROOT / "sample_db" / "demo.db", "Lumenfold Analytics"),
        ):
            copy = Path(tmp) / f"{name}.db"
            shutil.copyfile(src, copy)
            reopen[name] = ptyrun.reopen_times(
                [*app, str(copy)],
                marker,
                "Evidence:",
                times=args.runs,
                env=env,
                cwd=str(ROOT),
            )
            copy.unlink()
    res["reopen_median"] = {k: statistics.median(v) for k, v in reopen.items()}

    # -- clear home's filter at the big book --------------------------------------------
    print("clear the filter ...", file=sys.stderr)
    # the oldest assessments' clients: the filter keeps a dozen rows near the list's end
    cleared = ptyrun.clear_filter_times(
        [*app, str(big)],
        dbgen.client_name(args.scale - 1),
        dbgen.client_name(1)[:-1],
        times=args.runs,
        env=env,
        cwd=str(ROOT),
    )
    res["clear_filter_median"] = {k: statistics.median(v) for k, v in cleared.items()}

    # -- CLI ------------------------------------------------------------------------------
    print("CLI ...", file=sys.stderr)
    first_id = dbgen.assessment_id(args.scale - 1)
    cli = {
        "pass": [py, "-c", "pass"],
        "export": [*app, str(big), "export", first_id, "--format", "md"],
        "list_json": [*app, str(big), "list", "--json"],
        "list_plain": [py, str(HERE / "list_plain.py"), str(big)],
    }
    outputs = {
        k: subprocess.run(v, capture_output=True, env=env, check=True).stdout
        for k, v in cli.items()
    }
    res["list_same_bytes"] = outputs["list_json"] == outputs["list_plain"]
    cli_times: dict[str, list[float]] = {k: [] for k in cli}
    for _ in range(args.runs):
        for name, argv in cli.items():
            t0 = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, env=env, check=True)
            cli_times[name].append(time.perf_counter() - t0)
    res["cli_median"] = {k: statistics.median(v) for k, v in cli_times.items()}

    res["date"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    res["command"] = (
        "make bench  (= .venv/bin/python bench/run.py"
        + (f" --runs {args.runs}" if args.runs != 9 else "")
        + (f" --scale {args.scale}" if args.scale != 10_000 else "")
        + ")"
    )
    text = report(res)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2) + "\n")
    if not args.no_readme:
        readme = HERE / "README.md"
        old = readme.read_text() if readme.exists() else f"{START}\n{END}\n"
        head, _sep, rest = old.partition(START)
        _old, _sep, tail = rest.partition(END)
        readme.write_text(f"{head}{START}\n{text}{END}{tail}")
        print(f"written: {readme}", file=sys.stderr)
    return 0


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report(r: dict[str, Any]) -> str:
    m = r["machine"]
    s = r["startup_median"]
    lat = r["latency"]
    sc = r["scale"]
    home = r["home_median"]
    ratio = s["app_1000"] / s["bare"]
    home_ratio = home["home_big"] / home["home_empty"]
    big_ratio = s["app_big"] / s["bare"]
    ro = r["reopen_median"]
    cf = r["clear_filter_median"]
    cli = r["cli_median"]
    rss = r["peak_rss_mb"]
    rss_ratio = rss["app_big"] / rss["app_empty"]
    pty = r["answer_pty"]
    ms = 1000
    lines = [
        f"Run {r['date']} on {m['nproc']} CPUs ({m['cpu']}), Python {m['python']}, "
        f"Textual {m['textual']}, SQLite {m['sqlite']}, {m['os']}.",
        f"Command: `{r['command']}`; medians of {r['runs']} runs.",
        "",
        "| Measure | Result | Target | |",
        "|---|---|---|---|",
        f"| Start-up, bare Textual app (one label) | {s['bare'] * ms:.0f} ms | reference | |",
        f"| Start-up, the same widgets as home, no csmaturity code | {s['widgets'] * ms:.0f} ms "
        f"({s['widgets'] / s['bare']:.2f}x bare) | reference | |",
        f"| Start-up, csmaturity home, empty DB | {s['app_empty'] * ms:.0f} ms "
        f"(**{s['app_empty'] / s['bare']:.2f}x** bare) | ≤ 1.25x bare "
        f"| {verdict(s['app_empty'] / s['bare'] <= 1.25)} |",
        f"| Start-up, csmaturity home, 1,000 assessments | {s['app_1000'] * ms:.0f} ms "
        f"(**{ratio:.2f}x** bare, {s['app_1000'] / s['widgets']:.2f}x widgets) | ≤ 1.25x bare "
        f"| {verdict(ratio <= 1.25)} |",
        f"| Start-up, csmaturity home, {r['scale_n']:,} assessments | "
        f"{s['app_big'] * ms:.0f} ms (**{big_ratio:.2f}x** bare) | ≤ 1.25x bare "
        f"| {verdict(big_ratio <= 1.25)} |",
        f"| Open an assessment 100 ms after returning home, {r['scale_n']:,} assessments | "
        f"{ro['big'] * ms:.0f} ms (**{ro['big'] / ro['demo']:.2f}x** the demo DB: "
        f"{ro['demo'] * ms:.0f} ms) | ≤ 1.2x demo | {verdict(ro['big'] / ro['demo'] <= 1.2)} |",
        f"| Clear home's filter (ctrl+u empties it), {r['scale_n']:,} assessments, key to "
        f"top of the book painted | **{cf['ctrl_u'] * ms:.0f} ms** | ≤ 150 ms "
        f"| {verdict(cf['ctrl_u'] <= 0.15)} |",
        f"| the same with ESC (clears and closes it), Textual's 100 ms ESCDELAY included | "
        f"{cf['esc'] * ms:.0f} ms ({(cf['esc'] - 0.1) * ms:.0f} ms after the delay) "
        f"| ≤ 150 ms after the delay | {verdict(cf['esc'] - 0.1 <= 0.15)} |",
        f"| CLI `python -c pass` | {cli['pass'] * ms:.0f} ms | reference | |",
        f"| CLI `export ID --format md`, {r['scale_n']:,} assessments | "
        f"{cli['export'] * ms:.0f} ms (**{cli['export'] / cli['pass']:.2f}x** pass) | ≤ 5x "
        f"| {verdict(cli['export'] / cli['pass'] <= 5)} |",
        f"| CLI `list --json`, {r['scale_n']:,} assessments | {cli['list_json'] * ms:.0f} ms "
        f"(**{cli['list_json'] / cli['list_plain']:.2f}x** sqlite3+json printing "
        f"{'the same' if r['list_same_bytes'] else 'NOT the same'} bytes: "
        f"{cli['list_plain'] * ms:.0f} ms; {cli['list_json'] / cli['pass']:.1f}x pass) "
        f"| ≤ 1.3x | {verdict(cli['list_json'] / cli['list_plain'] <= 1.3)} |",
        f"| Answer key → committed → painted, on a terminal, median ({pty['keys']} keys) | "
        f"{pty['app_median']:.1f} ms (**{pty['app_median'] / pty['floor_median']:.2f}x** the "
        f"floor app: {pty['floor_median']:.1f} ms) | ≤ 1.5x floor "
        f"| {verdict(pty['app_median'] / pty['floor_median'] <= 1.5)} |",
        f"| the same, p99 (max {pty['app_max']:.0f} ms; floor max {pty['floor_max']:.0f} ms) | "
        f"{pty['app_p99']:.1f} ms (**{pty['app_p99'] / pty['floor_p99']:.2f}x** the floor "
        f"app: {pty['floor_p99']:.1f} ms) | ≤ 2x floor "
        f"| {verdict(pty['app_p99'] / pty['floor_p99'] <= 2)} |",
        f"| Answers shown before their commit was visible to a second connection | "
        f"{pty['not_committed_when_shown']['app']} (floor app "
        f"{pty['not_committed_when_shown']['floor']}) | 0 | "
        f"{verdict(pty['not_committed_when_shown']['app'] == 0)} |",
        f"| Answer latency, headless (Pilot: no terminal), median / p99 (max) "
        f"| {lat['median_ms']:.1f} / {lat['p99_ms']:.1f} ms ({lat['max_ms']:.0f} ms) "
        f"| reported | |",
        f"| of which the store's commit (set_answer), median / p99 | "
        f"{lat['commit_median_ms']:.1f} / {lat['commit_p99_ms']:.1f} ms | | |",
        f"| Home painted, {r['scale_db_mb']:.0f} MB DB "
        f"({r['scale_n']:,} assessments x 150 answers) | "
        f"{home['home_big'] * ms:.0f} ms (**{home_ratio:.2f}x** empty DB: "
        f"{home['home_empty'] * ms:.0f} ms) | ≤ 1.5x | {verdict(home_ratio <= 1.5)} |",
        f"| Store.open + list_assessments on it | {sc['open_s'] * ms:.0f} + "
        f"{sc['list_s'] * ms:.0f} ms | | |",
        f"| Open one assessment and evaluate it (warm / first in process) | "
        f"{sc['load_evaluate_s'] * ms:.1f} / {sc['cold_load_evaluate_s'] * ms:.1f} ms | "
        f"< 100 ms | {verdict(sc['cold_load_evaluate_s'] < 0.1)} |",
        f"| Export one (render + atomic write): Markdown / TOML | "
        f"{sc['export_md_s'] * ms:.1f} / {sc['export_toml_s'] * ms:.1f} ms | < 100 ms | "
        f"{verdict(max(sc['export_md_s'], sc['export_toml_s']) < 0.1)} |",
        f"| Peak RSS, app with the big DB open (home listed, 2 s later) | "
        f"{rss['app_big']:.0f} MB (**{rss_ratio:.2f}x** empty DB: {rss['app_empty']:.0f} MB; "
        f"bare app {rss['bare']:.0f} MB) | ≤ 1.5x | {verdict(rss_ratio <= 1.5)} |",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
