"""Import: a complete assessment (rubric text, metadata, baseline, answers) in one transaction.

Everything is validated (by ``model``'s rules) before anything is written.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from csmaturity_tui.model import (
    Answer,
    AssessmentMeta,
    Baseline,
    PilotOutcome,
    Resolution,
    answer_type_problems,
    check_timestamp,
)
from csmaturity_tui.store import mapping
from csmaturity_tui.store.answers import add_answers, check_answer, count_progress
from csmaturity_tui.store.assessments import check_baseline, check_meta, insert
from csmaturity_tui.store.assessors import check_views, write_all
from csmaturity_tui.store.connection import Connection
from csmaturity_tui.store.errors import InvalidValue
from csmaturity_tui.store.pilots import check_pilot, write_pilots

if TYPE_CHECKING:
    from csmaturity_tui.rubric import Rubric


class Importing:
    """The import method of :class:`~csmaturity_tui.store.Store`."""

    _db: Connection
    path: Path

    def import_assessment(
        self,
        rubric_text: str,
        meta: AssessmentMeta,
        baseline: Baseline,
        answers: Sequence[Answer],
        *,
        as_new: bool = False,
        orphans: Iterable[Answer] = (),
        pilots: Sequence[PilotOutcome] = (),
        views: Mapping[str, tuple[Answer, ...]] | None = None,
        resolutions: Mapping[str, Resolution] | None = None,
    ) -> str:
        """Store a complete assessment in one transaction, after validating everything.

        Stamps (``created``, ``updated``, each answer's ``updated`` and ``by``) are kept
        verbatim; empty ones are stamped now. ``as_new`` gives it a new id (and fresh
        created/updated stamps). ``orphans``: answers kept from an earlier rubric (stored
        flagged orphaned, checked for types only). ``pilots``: internal pilots' outcomes.
        ``views`` and ``resolutions``: several assessors' own answers and how their
        conflicts were settled (``answers`` then holds the consensus of those elements).
        """
        import uuid

        rubric = _rubric(rubric_text)
        if not isinstance(meta, AssessmentMeta):
            raise InvalidValue("meta", "must be an AssessmentMeta")
        if as_new:
            meta = dataclasses.replace(meta, id=str(uuid.uuid4()), created="", updated="")
        check_meta(meta)
        meta = dataclasses.replace(meta, client=meta.client.strip())
        check_baseline(baseline, rubric)
        stamp = mapping.now_iso()
        clean = _checked_answers(rubric, answers, orphans, stamp)
        pilot_list = _checked_pilots(rubric, pilots)
        views, resolutions = views or {}, resolutions or {}
        check_views(rubric, views, resolutions)

        def write(conn: sqlite3.Connection) -> str:
            insert(conn, self.path, rubric, meta, baseline)
            add_answers(conn, meta.id, clean, action="import", at=stamp)
            write_pilots(conn, meta.id, pilot_list, rubric, stamp)
            write_all(conn, meta.id, views, resolutions)
            count_progress(conn, meta.id, len(rubric.element_by_id))
            return meta.id

        return self._db.run(write, write=True)


def _rubric(text: str) -> Rubric:
    """The rubric of an import, or InvalidValue naming its first problem."""
    from csmaturity_tui.rubric import RubricError, loads

    try:
        return loads(text, "rubric")
    except RubricError as exc:
        first = str(exc.problems[0]) if exc.problems else str(exc)
        more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
        raise InvalidValue("rubric", f"{first}{more}") from None


def _checked_answers(
    rubric: Rubric, answers: Sequence[Answer], orphans: Iterable[Answer], stamp: str
) -> list[tuple[Answer, bool]]:
    """The answers (then the orphans, checked for types only), each once, stamped if not."""
    seen: set[str] = set()
    clean: list[tuple[Answer, bool]] = []
    for a, orphaned in [(a, False) for a in answers] + [(a, True) for a in orphans]:
        if not isinstance(a, Answer):
            raise InvalidValue("answers", "must be Answer values")
        where = f"{'orphans' if orphaned else 'answers'}.{a.element_id}."
        if orphaned:
            problems = answer_type_problems(a)
            if problems:
                raise InvalidValue(where + problems[0][0], problems[0][1])
        else:
            check_answer(a, rubric, where)
        if a.element_id in seen:
            raise InvalidValue(where.rstrip("."), "answered twice")
        seen.add(a.element_id)
        problem = check_timestamp(a.updated) if a.updated else None
        if problem:
            raise InvalidValue(where + "updated", problem)
        clean.append((a if a.updated else dataclasses.replace(a, updated=stamp), orphaned))
    return clean


def _checked_pilots(rubric: Rubric, pilots: Sequence[PilotOutcome]) -> list[PilotOutcome]:
    pilot_list = list(pilots)
    for p in pilot_list:
        check_pilot(p, rubric, "pilots.")
    if len({p.agent_id for p in pilot_list}) != len(pilot_list):
        raise InvalidValue("pilots", "an agent's pilot is given twice")
    return pilot_list
