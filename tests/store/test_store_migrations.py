"""Migrations: an empty file gets the whole schema; every earlier schema upgrades in place."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from csmaturity_tui.model import Answer, Baseline
from csmaturity_tui.rubric import Rubric
from csmaturity_tui.store import Store
from csmaturity_tui.store.schema import MIGRATION_NAMES, MIGRATION_SET, migrations

FIXTURES = Path(__file__).parent / "fixtures"
SCHEMAS = sorted(FIXTURES.glob("schema_*.db"))
FIXTURE_ID = "0f8c6d3e-3b7a-4c1e-9d52-7a1f00000001"


def _applied(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [
            r[0]
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
                (MIGRATION_SET,),
            )
        ]
    finally:
        conn.close()


def test_there_is_a_fixture_for_every_schema_but_maybe_the_newest() -> None:
    names = [p.stem.removeprefix("schema_") for p in SCHEMAS]
    assert set(names) <= set(MIGRATION_NAMES)
    assert set(MIGRATION_NAMES[:-1]) <= set(names)
    assert names, "no fixture database"


def test_migrating_an_empty_file_matches_a_reference_build(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store.open(path).close()
    assert _applied(path) == list(MIGRATION_NAMES)
    reference = Database(memory=True)
    migrations.apply(reference)
    built = Database(path)
    try:
        assert sorted(built.table_names()) == sorted(reference.table_names())
        for table in reference.table_names():
            assert built.table(table).columns_dict == reference.table(table).columns_dict
            assert built.table(table).foreign_keys == reference.table(table).foreign_keys
        assert sorted(t.name for t in built.triggers) == sorted(t.name for t in reference.triggers)
    finally:
        built.close()


@pytest.mark.parametrize("fixture", SCHEMAS, ids=[p.stem for p in SCHEMAS])
def test_earlier_schema_upgrades_and_keeps_its_data(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / fixture.name
    shutil.copy(fixture, path)
    with Store.open(path) as s:
        assert _applied(path) == list(MIGRATION_NAMES)
        [row] = s.list_assessments()
        assert (row.id, row.client, row.date, row.status) == (
            FIXTURE_ID,
            "Fixture Co",
            "2025-03-04",
            "draft",
        )
        assert row.rubric_id == "fixture-small"
        rubric, assessment = s.load(FIXTURE_ID)
        assert rubric.meta.version == "0.3.1"
        assert assessment.meta.scope == "EMEA"
        assert assessment.baseline.currency == "EUR"
        assert assessment.baseline.start_arr == 1_000_000.0
        assert dict(assessment.baseline.targets) == {"onboard": 3.5}
        assert assessment.answers["OB-1"].level == 3
        assert assessment.answers["OB-1"].flagged is True
        assert assessment.answers["OB-2"].na_reason == "no onboarding yet"
        assert [h.element_id for h in s.history(FIXTURE_ID)] == ["OB-1", "OB-2"]
        assert s.get_cursor(FIXTURE_ID) == "OB-2"
        # still writable, and undo walks into the old history
        s.set_answer(FIXTURE_ID, Answer("OB-3", level=1), by="Bo")
        assert s.undo(FIXTURE_ID) == Answer("OB-3")
        assert s.undo(FIXTURE_ID) == Answer("OB-2")
        assert "OB-2" not in s.load(FIXTURE_ID)[1].answers
    with Store.open(path) as s:  # a second open applies nothing and reads the same
        assert len(s.list_assessments()) == 1
    _assert_history_is_append_only(path)


def _assert_history_is_append_only(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE answer_history SET changed_by = 'someone else'")
    finally:
        conn.close()


def test_history_is_append_only_but_delete_still_works(store: Store, small: Rubric) -> None:
    aid = store.create_assessment(small, client="A", date="2025-01-01", baseline=Baseline())
    store.set_answer(aid, Answer("OB-1", level=1))
    store.undo(aid)
    _assert_history_is_append_only(store.path)
    store.delete(aid, confirm=aid)
    assert store.list_assessments() == []
