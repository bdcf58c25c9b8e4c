"""Build benchmark databases fast: N assessments x M answers on the default rubric.

The schema and the pinned rubric come from the real store (``Store.open`` runs the
migrations, ``create_assessment`` pins the rubric); the bulk rows are then written with
``executemany`` in ONE transaction, the way ``import_assessment`` would have stored them
(an answer row and one ``import`` history row per answer, a baseline and targets per
assessment). Cached columns (progress, overall) come from the engine: ``PATTERNS``
distinct answer patterns are evaluated once each and reused round-robin.

Databases are cached under ``bench/.cache/`` (gitignored), keyed by the size, the
rubric's sha256 and the schema's migration names, so a change of either rebuilds them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import random
import sqlite3
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
RUBRIC = ROOT / "rubric.toml"
PATTERNS = 50
SEED = 20260304
MARK = "@@STAMP@@"

sys.path.insert(0, str(ROOT / "src"))


def _key(n: int, answers: int) -> str:
    from csmaturity_tui.store import schema

    h = hashlib.sha256()
    h.update(RUBRIC.read_bytes())
    h.update(repr(schema.MIGRATION_NAMES).encode())
    h.update(Path(__file__).read_bytes())
    return f"{n}x{answers}-{h.hexdigest()[:12]}"


def client_name(i: int) -> str:
    """The client of assessment ``i`` (the newest, i = n - 1, is listed first)."""
    return f"Benchco {i:05d}"


def assessment_id(i: int) -> str:
    """The id of assessment ``i`` (the newest is ``n - 1``)."""
    return f"{i:08x}-0000-4000-8000-{i:012x}"


def cached_db(n: int, answers: int = 150, *, quiet: bool = False) -> Path:
    """The path of a cached database with ``n`` assessments of ``answers`` answers."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"bench-{_key(n, answers)}.db"
    if path.exists():
        return path
    for stale in CACHE.glob(f"bench-{n}x{answers}-*.db*"):
        stale.unlink()
    tmp = path.with_suffix(".building")
    for side in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        side.unlink(missing_ok=True)
    t0 = time.perf_counter()
    build(tmp, n, answers)
    os.replace(tmp, path)
    if not quiet:
        size = path.stat().st_size / 1e6
        took = time.perf_counter() - t0
        print(f"  built {path.name}: {size:.0f} MB in {took:.1f} s", file=sys.stderr)
    return path


def build(path: Path, n: int, n_answers: int) -> None:
    from csmaturity_tui import rubric as rubric_mod
    from csmaturity_tui.engine import evaluate
    from csmaturity_tui.model import Answer, Assessment, AssessmentMeta, Baseline
    from csmaturity_tui.store import Store

    rubric = rubric_mod.load(RUBRIC)
    element_ids = list(rubric.element_by_id)[:n_answers]
    levels = rubric.levels
    rng = random.Random(SEED)
    baseline = Baseline(
        currency="EUR",
        period="FY2025",
        start_arr=12_000_000.0,
        churned_arr=900_000.0,
        contraction_arr=300_000.0,
        expansion_arr=1_100_000.0,
        targets={d.id: float(levels - 1) for d in rubric.dimensions},
    )
    # Answer patterns, each evaluated once for the cached progress/overall columns.
    patterns: list[tuple[list[Answer], float, float | None]] = []
    for p in range(PATTERNS):
        answers: list[Answer] = []
        for j, eid in enumerate(element_ids):
            if (p + j) % 37 == 0:
                a = Answer(eid, na_reason="not offered to this segment")
            else:
                a = Answer(
                    eid,
                    level=rng.randint(1, levels),
                    confidence=rng.choice(("low", "medium", "high")),
                    note="Checked in the workshop." if j % 9 == 0 else "",
                    flagged=j % 23 == 0,
                )
            answers.append(a)
        assessment = Assessment(
            meta=AssessmentMeta(id="x", client="x"),
            baseline=baseline,
            answers={a.element_id: a for a in answers},
        )
        overall = evaluate(rubric, assessment).scores.overall
        progress = len(answers) / len(rubric.element_by_id)
        patterns.append((answers, progress, overall))

    # Per pattern and answer: the row values and the history JSON with a stamp to fill in.
    prepared = [
        [
            (
                a.element_id,
                (a.level, a.na_reason, a.confidence, a.note, int(a.flagged)),
                json.dumps(
                    dataclasses.asdict(dataclasses.replace(a, updated=MARK, by="Bench Assessor")),
                    sort_keys=True,
                    ensure_ascii=False,
                ),
            )
            for a in answers
        ]
        for answers, _p, _o in patterns
    ]
    with Store.open(path) as store:
        first = store.create_assessment(
            rubric, client="template", date="2026-01-01", baseline=baseline
        )
        store.delete(first, confirm=first)
    sha = rubric.sha256
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    base = 1_700_000_000
    a_rows, b_rows, t_rows, ans_rows, h_rows = [], [], [], [], []
    for i in range(n):
        aid = assessment_id(i)
        stamp = _stamp(base + i * 600)
        day = f"20{16 + i * 10 // max(n, 1):02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        _answers, progress, overall = patterns[i % PATTERNS]
        status = "complete" if i % 3 == 0 else "draft"
        who = (client_name(i), f"Region {i % 7}", "Bench Assessor")
        a_rows.append((aid, *who, day, status, sha, stamp, stamp, progress, overall))
        b_rows.append((aid, "EUR", "FY2025", 12e6, 9e5, 3e5, 1.1e6, None))
        t_rows.extend((aid, dim, target) for dim, target in baseline.targets.items())
        for eid, head, after in prepared[i % PATTERNS]:
            ans_rows.append((aid, eid, *head, stamp, "Bench Assessor"))
            h_rows.append((aid, eid, stamp, "Bench Assessor", "import", after.replace(MARK, stamp)))
        if len(ans_rows) > 200_000 or i == n - 1:
            _flush(conn, a_rows, b_rows, t_rows, ans_rows, h_rows)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    conn.close()


def _flush(conn: sqlite3.Connection, *rows: list[tuple[object, ...]]) -> None:
    a_rows, b_rows, t_rows, ans_rows, h_rows = rows
    conn.executemany(
        "INSERT INTO assessments (id, client, scope, assessors, date, status, rubric_sha256, "
        "created, updated, progress, overall) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        a_rows,
    )
    conn.executemany("INSERT INTO baselines VALUES (?, ?, ?, ?, ?, ?, ?, ?)", b_rows)
    conn.executemany(
        "INSERT INTO targets (assessment_id, dimension_id, target) VALUES (?, ?, ?)", t_rows
    )
    conn.executemany(
        "INSERT INTO answers (assessment_id, element_id, level, na_reason, confidence, note, "
        "flagged, updated, updated_by, orphaned) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        ans_rows,
    )
    conn.executemany(
        "INSERT INTO answer_history (assessment_id, element_id, changed_at, changed_by, "
        "action, after_json) VALUES (?, ?, ?, ?, ?, ?)",
        h_rows,
    )
    for r in rows:
        r.clear()


def _stamp(epoch: int) -> str:
    import datetime as dt

    moment = dt.datetime.fromtimestamp(epoch, dt.UTC)
    return moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def empty_db(name: str = "empty") -> Path:
    """A fresh database with the schema and no assessment (rebuilt each time)."""
    from csmaturity_tui.store import Store

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"{name}.db"
    for side in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        side.unlink(missing_ok=True)
    Store.open(path).close()
    return path


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    print(cached_db(n))
