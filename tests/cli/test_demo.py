"""The demo: its report shows what it is for, and demo.toml agrees with demo.db."""

from __future__ import annotations

import shutil
from pathlib import Path

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.demo import DEMO_ID, EARLIER_DEMO_ID, demo_path, earlier_demo_path
from csmaturity_tui.engine import evaluate
from csmaturity_tui.formats import toml_reader, toml_writer
from csmaturity_tui.model import Assessment
from csmaturity_tui.services import load_demo
from csmaturity_tui.store import Store

ROOT = Path(__file__).resolve().parents[2]
DEMO_TOML = ROOT / "sample_db" / "demo.toml"
EARLIER_TOML = ROOT / "sample_db" / "demo_2025.toml"
DEMO_DB = ROOT / "sample_db" / "demo.db"
REBUILD = "regenerate with: .venv/bin/python sample_db/make_demo.py && make sample"


def _demo() -> tuple[rubric_mod.Rubric, Assessment]:
    return toml_reader.read_assessment(DEMO_TOML.read_text("utf-8"), "demo")


def test_the_package_finds_the_demo_in_a_checkout() -> None:
    assert demo_path().read_bytes() == DEMO_TOML.read_bytes()


def test_demo_report_shows_what_the_demo_is_for() -> None:
    rubric, assessment = _demo()
    report = evaluate(rubric, assessment)
    assert {a.quadrant for a in report.agents} == {
        "diagnostic_pilot",
        "strong_internal",
        "strong_external",
        "trap",
    }
    blocked = [a for a in report.agents if a.exposure == "external" and not a.gate_passed]
    assert blocked and all(a.gaps for a in blocked)
    phase_items = [i for p in report.phases for i in p.items]
    assert any(i.status == "blocked" and i.gaps for i in phase_items)
    # the rules a reader should see at work: a weak link blocks though the mean passes, the
    # safeguards block every external agent, and pilots are at every stage of the way
    jit = [a for a in blocked if any(g.kind == "weak_link" for g in a.gaps)]
    assert jit and all(a.maturity and a.maturity >= rubric.quadrant.strong_from for a in jit)
    assert all(any(g.kind == "element" for g in a.gaps) for a in blocked)
    outcomes = {p.outcome for p in assessment.pilots.values()}
    assert outcomes == {"proven", "running", "stopped"}
    assert any(a.after and a.unproven != a.after for a in blocked)  # one pilot proven of several
    assert any(fm.seen for a in report.agents for fm in a.failure_modes)
    assert report.open_items and any(i.flagged for i in report.open_items)
    n = report.nrr
    assert n.available and n.churn_tax and n.churn_tax > 0
    assert n.expansion_gap and n.expansion_gap > 0
    assert n.expansion_rate is not None and n.expansion_rate < rubric.nrr.benchmark_expansion_rate


def test_demo_is_complete_and_realistic() -> None:
    rubric, assessment = _demo()
    b = assessment.baseline
    assert b.currency == "USD" and b.churned_arr and b.contraction_arr and b.expansion_arr
    assert set(assessment.answers) == set(rubric.element_by_id)  # every element answered
    answers = list(assessment.answers.values())
    assert 2 <= sum(a.is_na for a in answers) <= 6
    assert all(a.na_reason and len(a.na_reason) > 40 for a in answers if a.is_na)
    assert sum(bool(a.note) for a in answers) >= len(answers) // 3
    assert 3 <= sum(a.flagged for a in answers) <= 10
    assert {a.confidence for a in answers} == {"low", "medium", "high"}
    assert assessment.meta.id == DEMO_ID and assessment.meta.date.startswith("2026-")


def test_demo_uses_the_current_default_rubric() -> None:
    rubric, _ = _demo()
    assert rubric.source == rubric_mod.load().source, f"rubric.toml changed: {REBUILD}"


def test_demo_db_holds_the_same_assessment_as_demo_toml(tmp_path: Path) -> None:
    copy = tmp_path / "demo.db"
    shutil.copyfile(DEMO_DB, copy)
    with Store.open(copy) as store:
        assert [r.id for r in store.list_assessments()] == [DEMO_ID, EARLIER_DEMO_ID]
        for aid, source in ((DEMO_ID, DEMO_TOML), (EARLIER_DEMO_ID, EARLIER_TOML)):
            rubric, assessment = store.load(aid)
            exported = toml_writer.dumps(rubric, assessment, evaluate(rubric, assessment))
            assert exported == source.read_text("utf-8"), f"demo.db is stale: {REBUILD}"


def test_importing_demo_toml_gives_the_ready_made_database(tmp_path: Path) -> None:
    ready = tmp_path / "ready.db"
    shutil.copyfile(DEMO_DB, ready)
    with Store.open(tmp_path / "fresh.db") as fresh, Store.open(ready) as made:
        assert load_demo(fresh) == DEMO_ID
        assert load_demo(fresh) == DEMO_ID  # idempotent
        assert len(fresh.list_assessments()) == 2
        for aid in (DEMO_ID, EARLIER_DEMO_ID):
            a = toml_writer.dumps(*fresh.load(aid), evaluate(*fresh.load(aid)))
            b = toml_writer.dumps(*made.load(aid), evaluate(*made.load(aid)))
            assert a == b


def test_demo_db_is_at_the_current_schema() -> None:
    """A stale sample would be migrated (rewritten) the first time someone opens it."""
    import sqlite3

    from csmaturity_tui.store.migration_names import MIGRATION_NAMES

    path = Path(__file__).resolve().parents[2] / "sample_db" / "demo.db"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        applied = tuple(r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations"))
    assert applied == MIGRATION_NAMES, "run `make sample` to rebuild sample_db/demo.db"


def test_the_round_a_year_before_gives_compare_and_trend_something_real() -> None:
    from csmaturity_tui.engine.compare import Side, compare, trend

    assert earlier_demo_path().read_bytes() == EARLIER_TOML.read_bytes()
    earlier = toml_reader.read_assessment(EARLIER_TOML.read_text("utf-8"), "earlier")
    later = _demo()
    assert earlier[0].source == later[0].source, f"rubric.toml changed: {REBUILD}"
    b, a = earlier[1], later[1]
    assert b.meta.id == EARLIER_DEMO_ID and b.meta.client == a.meta.client
    assert b.meta.date.startswith("2025-03") and a.meta.date.startswith("2026-03")
    sides = [Side(r, x, evaluate(r, x)) for r, x in (earlier, later)]
    c = compare(*sides)
    assert c.comparable_share == 1.0 and c.unmatched == ()
    assert len(c.most_improved) >= 3 and len(c.drops) >= 2  # moved both ways
    assert any(x.crossing == "up" for x in c.changes)
    assert any(x.crossing == "down" for x in c.changes)
    assert any(x.kind == "na" for x in c.changes) and any(x.kind == "answered" for x in c.changes)
    assert all(x.note_before and x.note_after for x in c.changes if x.kind == "level")
    assert c.still_weak  # areas that stayed weak
    deltas = [d.delta for d in c.dimensions if d.delta is not None]
    assert any(d > 0 for d in deltas) and any(d < 0 for d in deltas)
    assert c.nrr_forecast_year1 is not None and c.nrr_actual is not None
    assert c.forecast_met is True  # the Year-1 target of 2025 was met in 2026
    assert {p.after for p in c.pilots} == {"proven", "running", "stopped"}
    t = trend(sides)
    assert [p.round.id for p in t.points] == [EARLIER_DEMO_ID, DEMO_ID]
    assert all(p.nrr is not None and p.grr is not None for p in t.points)
