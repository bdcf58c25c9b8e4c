"""Merging copies of one assessment answered separately by several assessors.

Pure: no I/O. :func:`merge` combines copies of the same assessment (same id) into one.
Each assessor's answer is kept: per element, every assessor (``Answer.by``) keeps their
latest answer; an element one assessor answered keeps that answer; an element two or more
answered gets ``views`` (each one's answer) and, in ``answers``, the consensus the engine
scores (:func:`csmaturity_tui.model.consensus`): the level they agree on, else the lower
median of their levels until the conflict is settled. Settled conflicts (resolutions) are
carried over from the copies. The result does not depend on the order of the copies.

:func:`conflicts` lists the elements whose assessors disagree, widest spread first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from csmaturity_tui.model import (
    Answer,
    Assessment,
    AssessmentMeta,
    PilotOutcome,
    Resolution,
    consensus,
    views_disagree,
)
from csmaturity_tui.rubric import Rubric

__all__ = ["Conflict", "MergeError", "conflicts", "merge", "split_assessors", "spread"]


class MergeError(ValueError):
    """The copies cannot be merged: none given, or copies of different assessments."""


@dataclass(frozen=True)
class Conflict:
    """An element whose assessors disagree: every one's answer, the spread, how settled."""

    element_id: str
    views: tuple[Answer, ...]  # sorted by assessor
    spread: int  # highest level given minus lowest; N/A against a level counts as 1 at least
    resolution: Resolution | None = None

    @property
    def open(self) -> bool:
        return self.resolution is None


def spread(views: Iterable[Answer]) -> int:
    """How far apart the assessors' levels are (0 when they agree).

    The highest level given minus the lowest; an N/A against a level is a disagreement of
    at least 1, whatever the level.
    """
    given = [a for a in views if a.is_done]
    levels = [a.level for a in given if a.level is not None]
    width = max(levels) - min(levels) if levels else 0
    if levels and any(a.is_na for a in given):
        width = max(width, 1)
    return width


def conflicts(assessment: Assessment, rubric: Rubric | None = None) -> list[Conflict]:
    """The elements whose assessors disagree, open or settled: widest spread first, then
    in rubric order (element id order for elements the rubric lacks, or with no rubric)."""
    if not assessment.views:
        return []
    order = {eid: i for i, eid in enumerate(rubric.element_by_id)} if rubric else {}
    found = [
        Conflict(eid, tuple(views), spread(views), assessment.resolutions.get(eid))
        for eid, views in assessment.views.items()
        if views_disagree(views)
    ]
    return sorted(
        found, key=lambda c: (-c.spread, order.get(c.element_id, len(order)), c.element_id)
    )


def merge(copies: Sequence[Assessment]) -> Assessment:
    """One assessment from copies of it answered separately (order does not matter).

    The details, baseline and pilots come from the copy updated last (ties broken by the
    copies' content, so the order given never matters); pilots only another copy records
    are kept. Raises :class:`MergeError` when there is no copy or their ids differ.
    """
    if not copies:
        raise MergeError("nothing to merge")
    ids = sorted({c.meta.id for c in copies})
    if len(ids) > 1:
        raise MergeError("the files are copies of different assessments: " + ", ".join(ids))
    ranked = sorted(copies, key=_rank, reverse=True)
    latest = ranked[0]
    per_element: dict[str, dict[str, Answer]] = {}
    for copy in copies:
        for answer in _assessor_answers(copy):
            mine = per_element.setdefault(answer.element_id, {})
            held = mine.get(answer.by)
            if held is None or _answer_key(answer) > _answer_key(held):
                mine[answer.by] = answer
    resolutions = _resolutions(copies)
    answers: dict[str, Answer] = {}
    views: dict[str, tuple[Answer, ...]] = {}
    for eid in sorted(per_element):
        given = tuple(per_element[eid][by] for by in sorted(per_element[eid]))
        if len(given) == 1:
            answers[eid] = given[0]
            continue
        views[eid] = given
        answers[eid] = consensus(eid, given, resolutions.get(eid))
    pilots: dict[str, PilotOutcome] = {}
    for copy in ranked:
        for agent_id in sorted(copy.pilots):
            pilots.setdefault(agent_id, copy.pilots[agent_id])
    return Assessment(
        meta=_merged_meta([c.meta for c in ranked]),
        baseline=latest.baseline,
        answers=answers,
        pilots=dict(sorted(pilots.items())),
        views=views,
        resolutions={eid: r for eid, r in sorted(resolutions.items()) if eid in views},
    )


def split_assessors(text: str) -> list[str]:
    """The names in an assessment's assessors field ("Ann, Bob"), in the order written."""
    return [p.strip() for p in text.split(",") if p.strip()]


def _merged_meta(metas: Sequence[AssessmentMeta]) -> AssessmentMeta:
    """The latest copy's details; its assessors joined with any other copy's names."""
    first = metas[0]
    if len({m.assessors for m in metas}) == 1:
        return first
    names: list[str] = []
    for m in metas:
        names += [n for n in split_assessors(m.assessors) if n not in names]
    updated = max(m.updated for m in metas)
    return replace(first, assessors=", ".join(sorted(names)), updated=updated)


def _assessor_answers(copy: Assessment) -> list[Answer]:
    """Each assessor's own answers in a copy: its views where it has them, else its answers
    (an answer with no assessor's name is the copy's one assessor's, when it names one)."""
    names = split_assessors(copy.meta.assessors)
    only = names[0] if len(names) == 1 else ""
    out: list[Answer] = []
    for eid in sorted({*copy.answers, *copy.views}):
        given = copy.views.get(eid) or (copy.answers[eid],)
        out += [a if a.by else replace(a, by=only) for a in given]
    return out


def _answer_key(a: Answer) -> tuple[str, str]:
    """Which of one assessor's two answers to an element wins: the later, then by content."""
    return (a.updated, repr(a))


def _resolutions(copies: Iterable[Assessment]) -> dict[str, Resolution]:
    """Every copy's resolutions; for an element settled in two copies, the later one."""
    out: dict[str, Resolution] = {}
    for copy in copies:
        for eid, r in copy.resolutions.items():
            held = out.get(eid)
            if held is None or (r.at, repr(r)) > (held.at, repr(held)):
                out[eid] = r
    return out


def _rank(copy: Assessment) -> tuple[str, str, str]:
    """A total order on copies: the latest update first, then by content."""
    return (copy.meta.updated, copy.meta.created, _content(copy))


def _content(copy: Assessment) -> str:
    """The copy's content as text, mappings sorted (two equal copies give equal text)."""
    b = copy.baseline
    return repr(
        (
            copy.meta,
            replace(b, targets={}),
            sorted(b.targets.items()),
            *(sorted(m.items()) for m in (copy.answers, copy.pilots, copy.views, copy.resolutions)),
        )
    )
