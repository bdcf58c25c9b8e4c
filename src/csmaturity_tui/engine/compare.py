"""Two rounds of a client compared, and the trend of a series of rounds.

Pure: each round comes with its rubric and its own Report (``engine.evaluate``), and
every score here is read from those Reports, so a delta is exactly the difference of
the two rounds' own scores. Elements are matched by id, else through the ``[[carry]]``
map of either rubric (an older id to a newer one); an element that matches nothing is
listed as new (only in the later round's rubric), retired (the later rubric retires it)
or unmatched (neither), never dropped silently.

A value of an element is its level, ``"na"`` (N/A) or None (unanswered).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from csmaturity_tui.engine.report import AI_READINESS, Report

if TYPE_CHECKING:
    from csmaturity_tui.model import Answer, Assessment
    from csmaturity_tui.rubric import Rubric

Value = int | Literal["na"] | None
ChangeKind = Literal["level", "na", "answered", "cleared"]
OVERALL = "overall"
MOST = 5  # how many rises and drops are named
STILL = 0.05  # an area whose score moved less than this "did not move"


@dataclass(frozen=True)
class Round:
    """One round as a comparison names it."""

    id: str
    date: str
    client: str
    rubric: str  # "rubric-id version"


@dataclass(frozen=True)
class ScoreDelta:
    """A dimension's (or the AI layer's, or the overall) score in both rounds."""

    id: str  # a dimension id, AI_READINESS or OVERALL
    name: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


@dataclass(frozen=True)
class ElementChange:
    """An element whose answer differs between the rounds."""

    element_id: str  # the later round's id
    title: str
    where: str  # the dimension's name, or "AI readiness"
    before: Value
    after: Value
    note_before: str
    note_after: str
    kind: ChangeKind
    source: str = ""  # the earlier round's element id when matched through the carry map
    crossing: Literal["up", "down"] | None = None  # across the middle of the scale

    @property
    def delta(self) -> int | None:
        """The rise in level (negative: a drop); None unless both have a level."""
        if isinstance(self.before, int) and isinstance(self.after, int):
            return self.after - self.before
        return None


@dataclass(frozen=True)
class Unmatched:
    """An element of one round only, with why."""

    element_id: str
    title: str
    round: Literal["before", "after"]
    why: str  # "new", "retired", "merged into X" or "not in the other rubric"
    value: Value


@dataclass(frozen=True)
class StillWeak:
    """An area weak in both rounds whose score did not move."""

    dimension_id: str
    area: str
    label: str  # "Dimension: Area"
    before: float
    after: float


@dataclass(frozen=True)
class PilotChange:
    """An internal agent's pilot whose record changed since the earlier round."""

    agent_id: str
    name: str
    before: str  # an outcome (model.OUTCOMES)
    after: str
    seen: tuple[str, ...]  # failure-mode ids seen, as the later round records them


@dataclass(frozen=True)
class Comparison:
    before: Round
    after: Round
    levels: int
    middle: float  # the middle of the scale: a crossing goes from one side to the other
    comparable_share: float  # matched elements over all elements of either round
    dimensions: tuple[ScoreDelta, ...]  # each dimension, then the AI layer
    overall: ScoreDelta
    changes: tuple[ElementChange, ...]  # in the later rubric's order
    unmatched: tuple[Unmatched, ...]  # new, retired and unmatchable elements
    most_improved: tuple[ElementChange, ...]
    drops: tuple[ElementChange, ...]
    still_weak: tuple[StillWeak, ...]
    nrr_forecast_year1: float | None  # the earlier round's Year-1 target
    nrr_actual: float | None  # the NRR the later round's baseline reports
    pilots: tuple[PilotChange, ...]
    same_client: bool

    @property
    def crossings(self) -> tuple[ElementChange, ...]:
        return tuple(c for c in self.changes if c.crossing)

    @property
    def forecast_met(self) -> bool | None:
        if self.nrr_forecast_year1 is None or self.nrr_actual is None:
            return None
        return self.nrr_actual >= self.nrr_forecast_year1 - 1e-9


@dataclass(frozen=True)
class Side:
    """A round as compare reads it: the rubric, the assessment and its own Report."""

    rubric: Rubric
    assessment: Assessment
    report: Report


def value_of(answer: Answer | None) -> Value:
    if answer is None:
        return None
    if answer.level is not None:
        return answer.level
    return "na" if answer.is_na else None


def round_of(side: Side) -> Round:
    meta = side.assessment.meta
    return Round(
        meta.id, meta.date, meta.client, f"{side.rubric.meta.id} {side.rubric.meta.version}"
    )


# -- matching elements -----------------------------------------------------------------


def _links(before: Rubric, after: Rubric) -> dict[str, list[str]]:
    """After element id -> the earlier rubric's element ids that match it, best first."""
    b_ids, a_ids = before.element_by_id, after.element_by_id
    out: dict[str, list[str]] = {a: [a] for a in a_ids if a in b_ids}
    for old, new in sorted(after.carry_map.items()):
        if new is not None and old in b_ids and new in a_ids and new not in b_ids:
            out.setdefault(new, []).append(old)
    # the earlier round on a newer rubric: its map goes from the later rubric's ids
    for old, new in sorted(before.carry_map.items()):
        if new is not None and old in a_ids and new in b_ids and old not in b_ids:
            out.setdefault(old, []).append(new)
    return out


def _pick(candidates: list[str], answers: Mapping[str, Answer]) -> str:
    """Of several earlier elements matching one, the one answered last (lowest id on a tie)."""
    if len(candidates) == 1:
        return candidates[0]
    answered = [c for c in sorted(candidates) if c in answers]
    if not answered:
        return sorted(candidates)[0]
    return max(answered, key=lambda c: answers[c].updated)


def match(before: Rubric, after: Rubric, answers_before: Mapping[str, Answer]) -> dict[str, str]:
    """Each later element id with its earlier element id, where one matches."""
    return {a: _pick(c, answers_before) for a, c in _links(before, after).items()}


def _where(rubric: Rubric, element_id: str) -> str:
    dim = rubric.dimension_of.get(element_id)
    return rubric.dimension_by_id[dim].name if dim else "AI readiness"


def _crossing(before: Value, after: Value, middle: float) -> Literal["up", "down"] | None:
    if not (isinstance(before, int) and isinstance(after, int)):
        return None
    if before < middle <= after:
        return "up"
    if after < middle <= before:
        return "down"
    return None


def _kind(before: Value, after: Value) -> ChangeKind:
    if isinstance(before, int) and isinstance(after, int):
        return "level"
    if "na" in (before, after):
        return "na"
    return "answered" if before is None else "cleared"


def _changes(b: Side, a: Side, pairs: Mapping[str, str], middle: float) -> list[ElementChange]:
    out: list[ElementChange] = []
    for eid in a.rubric.element_by_id:
        old = pairs.get(eid)
        if old is None:
            continue
        ans_b, ans_a = b.assessment.answers.get(old), a.assessment.answers.get(eid)
        vb, va = value_of(ans_b), value_of(ans_a)
        if vb == va:
            continue
        out.append(
            ElementChange(
                element_id=eid,
                title=a.rubric.element_by_id[eid].title,
                where=_where(a.rubric, eid),
                before=vb,
                after=va,
                note_before=ans_b.note if ans_b else "",
                note_after=ans_a.note if ans_a else "",
                kind=_kind(vb, va),
                source=old if old != eid else "",
                crossing=_crossing(vb, va, middle),
            )
        )
    return out


def _unmatched(b: Side, a: Side, pairs: Mapping[str, str]) -> list[Unmatched]:
    out: list[Unmatched] = []
    for eid, element in a.rubric.element_by_id.items():
        if eid not in pairs:
            value = value_of(a.assessment.answers.get(eid))
            out.append(Unmatched(eid, element.title, "after", "new", value))
    used = set(pairs.values())
    for eid, element in b.rubric.element_by_id.items():
        if eid in used:
            continue
        to = a.rubric.carry_map.get(eid, "")
        if to is None:
            why = "retired"
        elif to:
            why = f"merged into {to}"
        else:
            why = "not in the other rubric"
        value = value_of(b.assessment.answers.get(eid))
        out.append(Unmatched(eid, element.title, "before", why, value))
    return out


# -- scores ----------------------------------------------------------------------------


def _dimensions(b: Report, a: Report) -> list[ScoreDelta]:
    before = {d.id: d for d in b.scores.dimensions}
    after = {d.id: d for d in a.scores.dimensions}
    out = [
        ScoreDelta(d.id, d.name, before[d.id].score if d.id in before else None, d.score)
        for d in a.scores.dimensions
    ]
    out += [
        ScoreDelta(d.id, d.name, d.score, None) for d in b.scores.dimensions if d.id not in after
    ]
    out.append(
        ScoreDelta(AI_READINESS, "AI readiness", b.ai_readiness.overall, a.ai_readiness.overall)
    )
    return out


def _still_weak(b: Report, a: Report) -> list[StillWeak]:
    before = {(x.dimension_id, x.area): x for d in b.scores.dimensions for x in d.areas}
    names = {d.id: d.name for d in a.scores.dimensions}
    out: list[StillWeak] = []
    for d in a.scores.dimensions:
        for x in d.areas:
            old = before.get((x.dimension_id, x.area))
            if old is None or old.score is None or x.score is None:
                continue
            weak = old.score < a.strong_from and x.score < a.strong_from
            if weak and abs(x.score - old.score) < STILL:
                out.append(StillWeak(d.id, x.area, f"{names[d.id]}: {x.area}", old.score, x.score))
    return sorted(out, key=lambda s: (s.after, s.label))


def _pilots(b: Side, a: Side) -> list[PilotChange]:
    out: list[PilotChange] = []
    for agent in a.rubric.agents:
        if agent.exposure != "internal":
            continue
        old, new = b.assessment.pilot(agent.id), a.assessment.pilot(agent.id)
        if (old.outcome, old.seen) != (new.outcome, new.seen):
            out.append(PilotChange(agent.id, agent.name, old.outcome, new.outcome, new.seen))
    return out


def compare(before: Side, after: Side) -> Comparison:
    """What changed from ``before`` to ``after`` (any two rounds, in that order)."""
    levels = after.rubric.levels
    middle = (1 + levels) / 2
    pairs = match(before.rubric, after.rubric, before.assessment.answers)
    changes = _changes(before, after, pairs, middle)
    unmatched = _unmatched(before, after, pairs)
    total = len(pairs) + len(unmatched)
    rises = sorted((c for c in changes if (c.delta or 0) > 0), key=lambda c: -(c.delta or 0))
    drops = sorted((c for c in changes if (c.delta or 0) < 0), key=lambda c: c.delta or 0)
    b_report, a_report = before.report, after.report
    return Comparison(
        before=round_of(before),
        after=round_of(after),
        levels=levels,
        middle=middle,
        comparable_share=len(pairs) / total if total else 1.0,
        dimensions=tuple(_dimensions(b_report, a_report)),
        overall=ScoreDelta(OVERALL, "Overall", b_report.scores.overall, a_report.scores.overall),
        changes=tuple(changes),
        unmatched=tuple(unmatched),
        most_improved=tuple(rises[:MOST]),
        drops=tuple(drops[:MOST]),
        still_weak=tuple(_still_weak(b_report, a_report)[:MOST]),
        nrr_forecast_year1=b_report.nrr.year1_target_nrr,
        nrr_actual=a_report.nrr.nrr,
        pilots=tuple(_pilots(before, after)),
        same_client=before.assessment.meta.client.casefold()
        == after.assessment.meta.client.casefold(),
    )


# -- a series of rounds ----------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    round: Round
    overall: float | None
    ai_readiness: float | None
    dimensions: Mapping[str, float | None]  # by dimension id
    grr: float | None
    nrr: float | None


@dataclass(frozen=True)
class Trend:
    points: tuple[TrendPoint, ...]  # oldest first
    dimensions: tuple[tuple[str, str], ...]  # (id, name): the latest rubric's, then older ones
    levels: int  # the top of the latest round's scale

    def series(self, dimension_id: str) -> tuple[float | None, ...]:
        return tuple(p.dimensions.get(dimension_id) for p in self.points)


def trend(sides: Sequence[Side]) -> Trend:
    """The rounds' scores over time, oldest first (by date, then id)."""
    ordered = sorted(sides, key=lambda s: (s.assessment.meta.date, s.assessment.meta.id))
    points = tuple(
        TrendPoint(
            round=round_of(s),
            overall=s.report.scores.overall,
            ai_readiness=s.report.ai_readiness.overall,
            dimensions={d.id: d.score for d in s.report.scores.dimensions},
            grr=s.report.nrr.grr,
            nrr=s.report.nrr.nrr,
        )
        for s in ordered
    )
    names: dict[str, str] = {}
    for s in reversed(ordered):
        for d in s.report.scores.dimensions:
            names.setdefault(d.id, d.name)
    levels = ordered[-1].report.levels if ordered else 5
    return Trend(points, tuple(names.items()), levels)
