"""Rows <-> model values: answers, assessment metadata, baselines and their targets.

Plain functions over an open ``sqlite3.Connection`` inside a transaction; no rule of
the model is checked here (that is ``model``'s job), no transaction is opened here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csmaturity_tui.model import MONEY_FIELDS, Answer, AssessmentMeta, Baseline
from csmaturity_tui.store.errors import NotFound

if TYPE_CHECKING:
    from csmaturity_tui.rubric import Rubric


def now_iso() -> str:
    """The current time as an ISO 8601 UTC timestamp, e.g. ``2025-05-01T10:15:30.123456Z``."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
    cur = conn.cursor()
    cur.row_factory = sqlite3.Row
    return list(cur.execute(sql, params))


def meta_row(conn: sqlite3.Connection, path: Path, aid: str) -> sqlite3.Row:
    """The assessment's row; ``NotFound`` (naming the database ``path``) if there is none."""
    found = rows(conn, "SELECT * FROM assessments WHERE id = ?", (aid,))
    if not found:
        raise NotFound(f"{path}: no assessment with id {aid!r}")
    return found[0]


# -- answers -----------------------------------------------------------------------------


def answer_json(a: Answer | None) -> str | None:
    """The answer as the history keeps it; ``carried`` only when set (an undo brings a
    carried answer back carried; rows written before the flag read back as not carried)."""
    if a is None:
        return None
    fields = dataclasses.asdict(a)
    if not a.carried:
        del fields["carried"]
    return json.dumps(fields, sort_keys=True, ensure_ascii=False)


def answer_from_json(text: str | None) -> Answer | None:
    return None if text is None else Answer(**json.loads(text))


def answer_from_row(row: sqlite3.Row, by: str = "updated_by") -> Answer:
    """An answer's row (``by``: the column naming its assessor)."""
    return Answer(
        element_id=row["element_id"],
        level=row["level"],
        na_reason=row["na_reason"],
        confidence=row["confidence"],
        note=row["note"],
        flagged=bool(row["flagged"]),
        updated=row["updated"],
        by=row[by],
        carried=by == "updated_by" and bool(row["carried"]),  # a view is never carried
    )


def same_content(a: Answer | None, b: Answer | None) -> bool:
    """Equal but for the stamps (``updated``, ``by``) and the carried mark."""
    if a is None or b is None:
        return a is b
    a, b = (dataclasses.replace(x, updated="", by="", carried=False) for x in (a, b))
    return a == b


def read_answers(
    conn: sqlite3.Connection, aid: str, *, orphaned: bool | None = False
) -> list[Answer]:
    """The answers of ``aid`` by element id: the scored ones, the orphans, or all (None)."""
    sql = "SELECT * FROM answers WHERE assessment_id = ?"
    params: list[Any] = [aid]
    if orphaned is not None:
        sql += " AND orphaned = ?"
        params.append(int(orphaned))
    return [answer_from_row(r) for r in rows(conn, sql + " ORDER BY element_id", params)]


def read_answer(conn: sqlite3.Connection, aid: str, element_id: str) -> Answer | None:
    found = rows(
        conn,
        "SELECT * FROM answers WHERE assessment_id = ? AND element_id = ?",
        (aid, element_id),
    )
    return answer_from_row(found[0]) if found else None


def put_answer(
    conn: sqlite3.Connection,
    aid: str,
    a: Answer,
    *,
    orphaned: bool = False,
) -> None:
    """Write the answer (its ``carried`` mark too: from the previous round, unconfirmed)."""
    conn.execute(
        "INSERT OR REPLACE INTO answers (assessment_id, element_id, level, na_reason, "
        "confidence, note, flagged, updated, updated_by, orphaned, carried) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (aid, *answer_values(a), int(orphaned), int(a.carried)),
    )


def answer_values(a: Answer) -> tuple[object, ...]:
    """An answer's columns in the order ``element_id, level, na_reason, confidence, note,
    flagged, updated`` and its assessor (``updated_by`` of an answer, ``assessor`` of a view)."""
    return (
        a.element_id,
        a.level,
        a.na_reason,
        a.confidence,
        a.note,
        int(a.flagged),
        a.updated,
        a.by,
    )


def delete_answer(conn: sqlite3.Connection, aid: str, element_id: str) -> None:
    conn.execute(
        "DELETE FROM answers WHERE assessment_id = ? AND element_id = ?", (aid, element_id)
    )


# -- assessments -------------------------------------------------------------------------


def meta_from_row(row: sqlite3.Row) -> AssessmentMeta:
    return AssessmentMeta(
        id=row["id"],
        client=row["client"],
        scope=row["scope"],
        assessors=row["assessors"],
        date=row["date"],
        status=row["status"],
        created=row["created"],
        updated=row["updated"],
    )


def insert_meta(conn: sqlite3.Connection, meta: AssessmentMeta, rubric_sha: str) -> None:
    stamp = now_iso()
    conn.execute(
        "INSERT INTO assessments (id, client, scope, assessors, date, status, "
        "rubric_sha256, created, updated, progress) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0.0)",
        (
            meta.id,
            meta.client,
            meta.scope,
            meta.assessors,
            meta.date,
            meta.status,
            rubric_sha,
            meta.created or stamp,
            meta.updated or meta.created or stamp,
        ),
    )


# -- baselines ---------------------------------------------------------------------------


def read_baseline(conn: sqlite3.Connection, aid: str, rubric: Rubric | None) -> Baseline:
    """The baseline; targets of dimensions ``rubric`` lacks are left out (kept in the table)."""
    found = rows(conn, "SELECT * FROM baselines WHERE assessment_id = ?", (aid,))
    targets = {
        r["dimension_id"]: r["target"]
        for r in rows(
            conn,
            "SELECT dimension_id, target FROM targets WHERE assessment_id = ? "
            "ORDER BY dimension_id",
            (aid,),
        )
        if rubric is None or r["dimension_id"] in rubric.dimension_by_id
    }
    if not found:
        return Baseline(targets=targets)
    r = found[0]
    return Baseline(
        currency=r["currency"],
        period=r["period"],
        start_arr=r["start_arr"],
        churned_arr=r["churned_arr"],
        contraction_arr=r["contraction_arr"],
        expansion_arr=r["expansion_arr"],
        targets=targets,
        acv=r["acv"],
    )


def put_baseline(conn: sqlite3.Connection, aid: str, b: Baseline) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO baselines (assessment_id, currency, period, start_arr, "
        "churned_arr, contraction_arr, expansion_arr, acv) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            aid,
            b.currency,
            b.period,
            *(None if getattr(b, f) is None else float(getattr(b, f)) for f in MONEY_FIELDS),
            None if b.acv is None else float(b.acv),
        ),
    )
    conn.execute("DELETE FROM targets WHERE assessment_id = ?", (aid,))
    conn.executemany(
        "INSERT INTO targets (assessment_id, dimension_id, target) VALUES (?, ?, ?)",
        [(aid, dim, float(t)) for dim, t in b.targets.items()],
    )
