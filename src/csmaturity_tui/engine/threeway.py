"""Three-way merge of one assessment changed in two places since a common version.

Pure. ``base`` is the version both sides started from (None when they share none),
``ours`` the local one, ``theirs`` the one brought in. Every part is merged on its
own: the details, the baseline, each pilot, and each element's answer. A part changed
on one side only takes that side's value; changed on both sides to the same value, that
value; changed on both sides differently:

- an element's answers are combined as assessors' views (``Assessment.views``), one per
  assessor (an assessor whose answer differs on the two sides is kept twice, the other
  side's as "NAME (other copy)"); where the views disagree it is a *clash*: an open
  conflict for the disagreement view, scored meanwhile as ``model.consensus`` says, and
  any earlier settlement of the element is dropped (it is a new disagreement);
- the details, the baseline or a pilot take the side stamped later (``meta.updated``),
  ours on a tie: they are not answers, and the losing value stays in the other side's
  history.

Answers are compared by what the assessor said (level, N/A reason, confidence, note,
flag, and whether it is still carried from the previous round), never by stamps: the
same answer given twice is no change. An element changed on one side only is taken whole
from that side: its answer, its views and its settlement.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TypeVar

from csmaturity_tui.model import Answer, Assessment, consensus, views_disagree

T = TypeVar("T")


@dataclass(frozen=True)
class Clash:
    """An element both sides answered differently since the common version."""

    element_id: str
    ours: Answer
    theirs: Answer


@dataclass(frozen=True)
class ThreeWay:
    assessment: Assessment
    taken: tuple[str, ...] = ()  # element ids whose answer came from theirs
    clashes: tuple[Clash, ...] = ()
    other_parts_taken: bool = False  # the details, the baseline or a pilot came from theirs

    @property
    def changed(self) -> bool:
        """True when anything of theirs entered (an answer, a clash or another part)."""
        return bool(self.taken or self.clashes) or self.other_parts_taken


def said(answer: Answer | None) -> tuple[object, ...] | None:
    """What an answer says, without its stamps: two answers that say the same are equal."""
    if answer is None:
        return None
    return (
        answer.level,
        answer.na_reason,
        answer.confidence,
        answer.note,
        answer.flagged,
        answer.carried,  # confirming an answer carried from the last round is a change
    )


def _pick(base: T | None, ours: T, theirs: T, same: Callable[[T | None, T | None], bool]) -> int:
    """0: keep ours; 1: take theirs; 2: both changed differently."""
    if same(ours, theirs) or same(base, theirs):
        return 0
    if same(base, ours):
        return 1
    return 2


def _eq(a: object, b: object) -> bool:
    return a == b


def _same_answer(a: Answer | None, b: Answer | None) -> bool:
    return said(a) == said(b)


def _assessors(a: Assessment, eid: str) -> tuple[Answer, ...]:
    """Each assessor's answer to ``eid``: the views, else the one answer, else none."""
    if eid in a.views:
        return tuple(a.views[eid])
    one = a.answers.get(eid)
    return (one,) if one is not None else ()


def element_state(a: Assessment | None, eid: str) -> tuple[object, ...] | None:
    """What ``a`` holds for an element, stamps aside: answer, views and settlement."""
    if a is None:
        return None
    views = tuple((v.by, said(v)) for v in a.views.get(eid, ()))
    r = a.resolutions.get(eid)
    settled = (r.kind, r.level, r.na_reason, r.note) if r is not None else None
    return (said(a.answers.get(eid)), views, settled)


def _both(eid: str, ours: Assessment, theirs: Assessment) -> tuple[Answer, ...]:
    """Every assessor's answer on both sides, one per assessor: ours where an assessor's
    answer differs, theirs kept beside it as "NAME (other copy)"."""
    kept = {v.by: v for v in _assessors(ours, eid)}
    for v in _assessors(theirs, eid):
        mine = kept.get(v.by)
        if mine is None or said(mine) == said(v):
            kept.setdefault(v.by, v)
        else:
            other = replace(v, by=f"{v.by} (other copy)".strip())
            kept[other.by] = other
    return tuple(kept[by] for by in sorted(kept))


def _answers(
    base: Assessment | None, ours: Assessment, theirs: Assessment
) -> tuple[Assessment, list[str], list[Clash]]:
    """Element by element: one side's change taken whole; both sides' changes combined as
    assessors' views (a clash where they disagree)."""
    answers, views = dict(ours.answers), dict(ours.views)
    resolutions = dict(ours.resolutions)
    taken: list[str] = []
    clashes: list[Clash] = []
    ids = set(ours.answers) | set(theirs.answers) | set(ours.views) | set(theirs.views)
    for eid in sorted(ids):
        o, t, b = element_state(ours, eid), element_state(theirs, eid), element_state(base, eid)
        if o == t or t == b:
            continue
        if o == b:
            taken.append(eid)
            _copy(answers, theirs.answers, eid)
            _copy(views, theirs.views, eid)
            _copy(resolutions, theirs.resolutions, eid)
            continue
        given = _both(eid, ours, theirs)
        resolutions.pop(eid, None)  # a new disagreement is settled anew
        if len(given) == 1:
            answers[eid] = given[0]
            views.pop(eid, None)
            continue
        views[eid] = given
        answers[eid] = consensus(eid, given)
        if views_disagree(given):
            clashes.append(Clash(eid, _one(ours, eid), _one(theirs, eid)))
    merged = replace(ours, answers=answers, views=views, resolutions=resolutions)
    return merged, taken, clashes


def named(a: Assessment, name: str) -> Assessment:
    """``a`` with ``name`` as the assessor of every answer that names none."""
    if not name:
        return a
    answers = {e: x if x.by else replace(x, by=name) for e, x in a.answers.items()}
    return replace(a, answers=answers)


def _copy(mine: dict[str, T], other: Mapping[str, T], key: str) -> None:
    if key in other:
        mine[key] = other[key]
    else:
        mine.pop(key, None)


def _one(a: Assessment, eid: str) -> Answer:
    return a.answers.get(eid) or Answer(eid)


def _part(base: T | None, ours: T, theirs: T, theirs_later: bool) -> tuple[T, bool]:
    """One part that is not an answer: (merged value, True when theirs was taken)."""
    choice = _pick(base, ours, theirs, _eq)
    if choice == 1 or (choice == 2 and theirs_later):
        return theirs, True
    return ours, False


def merge3(base: Assessment | None, ours: Assessment, theirs: Assessment) -> ThreeWay:
    """Merge ``theirs`` into ``ours`` against ``base`` (see the module's rules)."""
    later = theirs.meta.updated > ours.meta.updated
    b_meta = replace(base.meta, updated="") if base else None
    b_baseline = base.baseline if base else None
    meta, m_taken = _part(
        b_meta, replace(ours.meta, updated=""), replace(theirs.meta, updated=""), later
    )
    baseline, b_taken = _part(b_baseline, ours.baseline, theirs.baseline, later)
    pilots = dict(ours.pilots)
    p_taken = False
    base_pilots = base.pilots if base else {}
    for agent in sorted(set(ours.pilots) | set(theirs.pilots)):
        o, t = ours.pilots.get(agent), theirs.pilots.get(agent)
        value, took = _part(base_pilots.get(agent), o, t, later)
        p_taken = p_taken or took
        if value is None:
            pilots.pop(agent, None)
        else:
            pilots[agent] = value
    with_answers, taken, clashes = _answers(base, ours, theirs)
    stamp = max(ours.meta.updated, theirs.meta.updated)
    merged = replace(
        with_answers,
        meta=replace(meta, id=ours.meta.id, updated=stamp),
        baseline=baseline,
        pilots=pilots,
    )
    return ThreeWay(merged, tuple(taken), tuple(clashes), m_taken or b_taken or p_taken)
