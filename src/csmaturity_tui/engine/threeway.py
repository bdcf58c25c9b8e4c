"""Three-way merge of one assessment changed in two places since a common version.

Pure. ``base`` is the version both sides started from (None when they share none),
``ours`` the local one, ``theirs`` the one brought in. Every part is merged on its
own: the details, the baseline, each pilot, and each element's answer. A part changed
on one side only takes that side's value; changed on both sides to the same value, that
value; changed on both sides differently:

- an answer becomes a *clash*: both answers are kept (the merged assessment scores
  ours until the assessors settle it, and the caller records both as assessors' views);
- the details, the baseline or a pilot take the side stamped later (``meta.updated``),
  ours on a tie: they are not answers, and the losing value stays in the other side's
  history.

Answers are compared by what the assessor said (level, N/A reason, confidence, note,
flag), never by stamps: the same answer given twice is no change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TypeVar

from csmaturity_tui.model import Answer, Assessment

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
    return (answer.level, answer.na_reason, answer.confidence, answer.note, answer.flagged)


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


def _answers(
    base: Mapping[str, Answer], ours: Mapping[str, Answer], theirs: Mapping[str, Answer]
) -> tuple[dict[str, Answer], list[str], list[Clash]]:
    merged: dict[str, Answer] = {}
    taken: list[str] = []
    clashes: list[Clash] = []
    for eid in sorted(set(ours) | set(theirs)):
        o, t = ours.get(eid), theirs.get(eid)
        choice = _pick(base.get(eid), o, t, _same_answer)
        if choice == 1:
            taken.append(eid)
            if t is not None:
                merged[eid] = t
            continue
        if choice == 2 and o is not None and t is not None:
            clashes.append(Clash(eid, o, t))
        elif choice == 2 and o is None and t is not None:
            # cleared here, changed there: the change is what someone said; keep it
            taken.append(eid)
            merged[eid] = t
            continue
        if o is not None:
            merged[eid] = o
    return merged, taken, clashes


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
    answers, taken, clashes = _answers(base.answers if base else {}, ours.answers, theirs.answers)
    stamp = max(ours.meta.updated, theirs.meta.updated)
    merged = replace(
        ours,
        meta=replace(meta, id=ours.meta.id, updated=stamp),
        baseline=baseline,
        answers=answers,
        pilots=pilots,
    )
    return ThreeWay(merged, tuple(taken), tuple(clashes), m_taken or b_taken or p_taken)
