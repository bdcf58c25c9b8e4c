"""The schema, created and evolved only through ``sqlite_utils.migrations.Migrations``.

Imported on first use by :mod:`csmaturity_tui.store.connection` (sqlite-utils is a slow import).
Each applied migration is recorded by sqlite-utils in the ``_sqlite_migrations`` table
(columns ``migration_set``, ``name``, ``applied_at``) under the set name ``csmaturity``.
A database that records a name of this set that is not in :data:`MIGRATION_NAMES` was
written by a newer version and is refused.

NEVER edit or rename a released migration: add a new one at the end, then add a fixture
database of the previous schema (``tests/store/fixtures/make_fixtures.py``).
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

MIGRATION_SET = "csmaturity"
migrations = Migrations(MIGRATION_SET)


@migrations(name="m001_initial")
def m001_initial(db: Database) -> None:
    db.table("rubrics").create(
        {
            "sha256": str,  # of the UTF-8 TOML text
            "rubric_id": str,
            "version": str,
            "title": str,
            "toml": str,  # the rubric's full text, exactly as read
            "added": str,  # ISO timestamp, UTC
        },
        pk="sha256",
        not_null=["rubric_id", "version", "title", "toml", "added"],
        strict=True,
    )
    db.table("assessments").create(
        {
            "id": str,  # UUID
            "client": str,
            "scope": str,
            "assessors": str,
            "date": str,  # ISO date YYYY-MM-DD
            "status": str,  # draft, complete, archived
            "status_before_archive": str,
            "rubric_sha256": str,  # the pinned rubric
            "created": str,  # ISO timestamps, UTC
            "updated": str,
            "progress": float,  # cached: share of elements answered or N/A
            "overall": float,  # cached: the engine's overall score (NULL if none)
            "cursor_element": str,  # where the assessor left off
        },
        pk="id",
        foreign_keys=[("rubric_sha256", "rubrics", "sha256")],
        not_null=[
            "client",
            "scope",
            "assessors",
            "date",
            "status",
            "rubric_sha256",
            "created",
            "updated",
            "progress",
        ],
        defaults={"scope": "", "assessors": "", "status": "draft", "progress": 0.0},
        strict=True,
    )
    db.table("assessments").create_index(["updated"])
    db.table("assessments").create_index(["client"])
    db.table("assessments").create_index(["rubric_sha256"])
    db.table("baselines").create(
        {
            "assessment_id": str,
            "currency": str,
            "period": str,
            "start_arr": float,
            "churned_arr": float,  # logo churn
            "contraction_arr": float,
            "expansion_arr": float,
        },
        pk="assessment_id",
        foreign_keys=[("assessment_id", "assessments", "id")],
        not_null=["currency", "period"],
        strict=True,
    )
    db.table("targets").create(
        {"assessment_id": str, "dimension_id": str, "target": float},
        pk=("assessment_id", "dimension_id"),
        foreign_keys=[("assessment_id", "assessments", "id")],
        not_null=["assessment_id", "dimension_id", "target"],
        strict=True,
    )
    db.table("answers").create(
        {
            "assessment_id": str,
            "element_id": str,
            "level": int,  # NULL when N/A or unscored
            "na_reason": str,  # set when N/A
            "confidence": str,  # low, medium, high
            "note": str,
            "flagged": int,  # 0/1: marked for review
            "updated": str,  # ISO timestamp, UTC
            "updated_by": str,
            "orphaned": int,  # 0/1: its element is not in the pinned rubric (after a rebase)
        },
        pk=("assessment_id", "element_id"),
        foreign_keys=[("assessment_id", "assessments", "id")],
        not_null=[
            "assessment_id",
            "element_id",
            "confidence",
            "note",
            "flagged",
            "updated",
            "updated_by",
            "orphaned",
        ],
        defaults={"confidence": "medium", "note": "", "flagged": 0, "orphaned": 0},
        strict=True,
    )
    db.table("answer_history").create(
        {
            "seq": int,
            "assessment_id": str,
            "element_id": str,
            "changed_at": str,  # ISO timestamp, UTC
            "changed_by": str,
            "action": str,  # set, clear, undo, redo, import, copy, carry
            "undoes": int,  # for an undo: the change it reverted; for a redo: the undo
            "before_json": str,  # the answer before (JSON), NULL if unanswered
            "after_json": str,  # the answer after (JSON), NULL if unanswered
        },
        pk="seq",
        foreign_keys=[
            ("assessment_id", "assessments", "id"),
            ("undoes", "answer_history", "seq"),
        ],
        not_null=["assessment_id", "element_id", "changed_at", "changed_by", "action"],
        strict=True,
    )
    db.table("answer_history").create_index(["assessment_id", "seq"])
    db.table("answer_history").create_index(["undoes"])


@migrations(name="m002_history_append_only")
def m002_history_append_only(db: Database) -> None:
    """History rows are never edited (deleting an assessment still removes its rows)."""
    db.execute(
        "CREATE TRIGGER answer_history_append_only BEFORE UPDATE ON answer_history "
        "BEGIN SELECT RAISE(ABORT, 'answer_history is append-only'); END"
    )


@migrations(name="m003_baseline_acv")
def m003_baseline_acv(db: Database) -> None:
    """The baseline's average contract value (ACV), which picks the client's segment."""
    db.table("baselines").add_column("acv", float)


@migrations(name="m004_pilots")
def m004_pilots(db: Database) -> None:
    """The outcome of each internal agent's pilot, with the failure modes seen."""
    db.table("pilots").create(
        {
            "assessment_id": str,
            "agent_id": str,
            "outcome": str,  # not_started, running, proven, stopped
            "seen": str,  # JSON list of failure-mode ids, in rubric order
            "note": str,
            "updated": str,  # ISO timestamp, UTC
        },
        pk=("assessment_id", "agent_id"),
        foreign_keys=[("assessment_id", "assessments", "id")],
        not_null=["assessment_id", "agent_id", "outcome", "seen", "note", "updated"],
        defaults={"seen": "[]", "note": ""},
        strict=True,
    )


@migrations(name="m005_rounds")
def m005_rounds(db: Database) -> None:
    """Rounds of a client: the round a re-assessment was made from, and carried answers.

    ``previous_id`` has no foreign key: deleting the earlier round leaves the id behind,
    and the later round still opens (the store reads a missing previous round as none).
    ``carried`` is 1 for an answer carried from the previous round until the assessor
    confirms or changes it; progress counts only answers not carried.
    """
    db.table("assessments").add_column("previous_id", str)
    db.table("answers").add_column("carried", int, not_null_default=0)


@migrations(name="m006_assessors")
def m006_assessors(db: Database) -> None:
    """Several assessors: each one's own answer to an element two or more answered
    (``answer_views``; the ``answers`` row holds the consensus scored), how a conflict
    between them was settled (``resolutions``), and this database's settings (the name
    of the assessor answering with it, under the key ``assessor``).
    """
    db.table("answer_views").create(
        {
            "assessment_id": str,
            "element_id": str,
            "assessor": str,  # who gave this answer (the answer's ``by``)
            "level": int,  # NULL when N/A or unscored
            "na_reason": str,
            "confidence": str,
            "note": str,
            "flagged": int,
            "updated": str,
        },
        pk=("assessment_id", "element_id", "assessor"),
        foreign_keys=[("assessment_id", "assessments", "id")],
        not_null=["assessment_id", "element_id", "assessor", "confidence", "note", "flagged"],
        defaults={"confidence": "medium", "note": "", "flagged": 0, "updated": ""},
        strict=True,
    )
    db.table("resolutions").create(
        {
            "assessment_id": str,
            "element_id": str,
            "kind": str,  # chosen, consensus, spread
            "level": int,  # the level scored (NULL when N/A)
            "na_reason": str,
            "note": str,
            "assessor": str,  # who settled it
            "at": str,  # ISO timestamp, UTC
        },
        pk=("assessment_id", "element_id"),
        foreign_keys=[("assessment_id", "assessments", "id")],
        not_null=["assessment_id", "element_id", "kind", "note", "assessor", "at"],
        defaults={"note": "", "assessor": "", "at": ""},
        strict=True,
    )
    db.table("settings").create(
        {"key": str, "setting": str}, pk="key", not_null=["key", "setting"], strict=True
    )


def _registered_names() -> tuple[str, ...]:
    """Every migration's name, in order, through sqlite-utils' public API: on an empty
    (in-memory) database every registered migration is pending."""
    empty = Database(memory=True)
    try:
        return tuple(m.name for m in migrations.pending(empty))
    finally:
        empty.close()


MIGRATION_NAMES: tuple[str, ...] = _registered_names()
