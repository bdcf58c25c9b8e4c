"""The assessment as plain data: what the store reads and the engine evaluates.

Pure core: standard library only. The validation functions here are the one
place the rules for an answer and for baseline financials live; the store,
the form and the importer all call them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from csmaturity_tui.inputs import got, shown_value, subnormal, text_problems

if TYPE_CHECKING:
    from csmaturity_tui.rubric import Rubric

Confidence = Literal["low", "medium", "high"]
Status = Literal["draft", "complete", "archived"]
CONFIDENCES: tuple[Confidence, ...] = ("low", "medium", "high")
STATUSES: tuple[Status, ...] = ("draft", "complete", "archived")
MONEY_FIELDS: tuple[str, ...] = ("start_arr", "churned_arr", "contraction_arr", "expansion_arr")
# the fields as a reader names them (in a sentence, a report or a form)
MONEY_LABELS: dict[str, str] = {
    "start_arr": "start ARR",
    "churned_arr": "churned ARR",
    "contraction_arr": "contraction ARR",
    "expansion_arr": "expansion ARR",
    "acv": "ACV",
}
# Amounts at or above this are typing slips, not financials (and keep sums far from overflow).
MONEY_MAX = 1e15
ResolutionKind = Literal["chosen", "consensus", "spread"]
RESOLUTION_KINDS: tuple[ResolutionKind, ...] = ("chosen", "consensus", "spread")
Outcome = Literal["not_started", "running", "proven", "stopped"]
OUTCOMES: tuple[Outcome, ...] = ("not_started", "running", "proven", "stopped")
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class Answer:
    """One element's answer: a level on the scale, or N/A with a reason.

    ``carried``: taken over from the client's previous round and not yet confirmed or
    changed by the assessor; it still scores, but it is not done (progress skips it).
    """

    element_id: str
    level: int | None = None
    na_reason: str | None = None
    confidence: Confidence = "medium"
    note: str = ""
    flagged: bool = False
    updated: str = ""
    by: str = ""
    carried: bool = False

    @property
    def is_na(self) -> bool:
        return self.level is None and self.na_reason is not None

    @property
    def is_scored(self) -> bool:
        return self.level is not None

    @property
    def is_done(self) -> bool:
        """Answered with a level, or N/A with a reason, and not carried unconfirmed from
        the previous round: what progress counts, everywhere."""
        return (self.is_scored or self.is_na) and not self.carried


@dataclass(frozen=True)
class Baseline:
    """Baseline financials for one period; money in ``currency`` units (not cents)."""

    currency: str = "USD"
    period: str = ""
    start_arr: float | None = None
    churned_arr: float | None = None
    contraction_arr: float | None = None
    expansion_arr: float | None = None
    targets: Mapping[str, float] = field(default_factory=dict)
    acv: float | None = None  # average annual contract value per customer: the segment

    @property
    def complete(self) -> bool:
        return all(getattr(self, f) is not None for f in MONEY_FIELDS) and bool(self.start_arr)


@dataclass(frozen=True)
class PilotOutcome:
    """How an internal agent's pilot went: its outcome and the failure modes actually seen.

    ``seen`` holds failure-mode ids of the agent in the rubric, in rubric order.
    An agent with no record counts as ``not_started`` with nothing seen.
    """

    agent_id: str
    outcome: Outcome = "not_started"
    seen: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class AssessmentMeta:
    id: str
    client: str
    scope: str = ""
    assessors: str = ""
    date: str = ""  # ISO date, YYYY-MM-DD
    status: Status = "draft"
    created: str = ""  # ISO timestamp, UTC
    updated: str = ""


@dataclass(frozen=True)
class Resolution:
    """How a conflict between assessors was settled, and what the engine scores for it.

    ``kind``: ``chosen`` (one assessor's answer taken), ``consensus`` (a level the
    assessors agreed on together) or ``spread`` (the disagreement kept, with a note: the
    level scored is the lower median of the assessors' levels). ``level`` or
    ``na_reason`` is what is scored; ``by`` is who settled it, ``at`` when (ISO, UTC).
    """

    element_id: str
    kind: ResolutionKind
    level: int | None
    na_reason: str | None
    note: str = ""
    by: str = ""
    at: str = ""


@dataclass(frozen=True)
class Assessment:
    """An assessment: its details, baseline, answers and pilots, and its assessors' views.

    ``answers`` is what the engine scores: one answer per element, the consensus when
    several assessors answered. ``views`` holds, for an element two or more assessors
    answered, each one's own answer (distinct ``by``, sorted by ``by``); ``resolutions``
    how the conflicts among them were settled. An element whose views disagree and that
    has no resolution is an *open conflict* (:func:`open_conflicts`); its answer in
    ``answers`` carries the lower median of the assessors' levels (see
    :func:`lower_median`), so scores do not collapse while it is open, and the engine
    lists it among the open items.
    """

    meta: AssessmentMeta
    baseline: Baseline = field(default_factory=Baseline)
    answers: Mapping[str, Answer] = field(default_factory=dict)
    pilots: Mapping[str, PilotOutcome] = field(default_factory=dict)  # by agent id
    views: Mapping[str, tuple[Answer, ...]] = field(default_factory=dict)  # by element id
    resolutions: Mapping[str, Resolution] = field(default_factory=dict)  # by element id

    def pilot(self, agent_id: str) -> PilotOutcome:
        """The recorded outcome of an internal agent's pilot (not started when none is)."""
        return self.pilots.get(agent_id) or PilotOutcome(agent_id)


# -- several assessors -----------------------------------------------------------------


def views_disagree(views: Iterable[Answer]) -> bool:
    """Do assessors' answers to one element differ: in level, or N/A against a level?

    Answers not given (neither a level nor N/A) take no part; two N/A answers agree
    whatever their reasons.
    """
    given = {a.level if a.is_scored else None for a in views if a.is_done}
    return len(given) > 1


def lower_median(levels: Iterable[int]) -> int | None:
    """The lower median of ``levels`` (for 1, 2, 4, 5: 2); None when there are none."""
    ordered = sorted(levels)
    if not ordered:
        return None
    return ordered[(len(ordered) - 1) // 2]


def consensus(
    element_id: str, views: Sequence[Answer], resolution: Resolution | None = None
) -> Answer:
    """The one answer the engine scores for an element several assessors answered.

    - Settled (``resolution``): its level or N/A, its note and stamps; confidence is that
      of the assessor chosen (the most confident one giving that level), else medium.
    - Agreed (all given answers have the same level, or all are N/A): that level (or the
      first assessor's N/A reason), the lowest confidence among them, flagged if any is.
    - Open conflict: the lower median of the levels given (N/A ones aside), with low
      confidence, so it is scored, but counted as uncertain and listed as an open item.

    The note of an answer not settled gathers every assessor's note, one line each
    (``by: note``); ``updated`` is the latest stamp among the views.
    """
    given = sorted((a for a in views if a.is_done), key=lambda a: a.by)
    updated = max((a.updated for a in views), default="")
    if resolution is not None:
        matching = [a for a in given if (a.level, a.is_na) == _scored_as(resolution)]
        confidence: Confidence = "medium"
        if resolution.kind == "chosen" and matching:
            confidence = max((a.confidence for a in matching), key=CONFIDENCES.index)
        return Answer(
            element_id,
            level=resolution.level,
            na_reason=resolution.na_reason,
            confidence=confidence,
            note=resolution.note,
            updated=max(updated, resolution.at),
            by=resolution.by,
        )
    note = "\n".join(f"{a.by}: {a.note}" for a in given if a.note)
    flagged = any(a.flagged for a in given)
    if not given:
        return Answer(element_id, note=note, flagged=flagged, updated=updated)
    if not views_disagree(given):
        first = given[0]
        low = min((a.confidence for a in given), key=CONFIDENCES.index)
        return Answer(
            element_id,
            level=first.level,
            na_reason=first.na_reason,
            confidence=low,
            note=note,
            flagged=flagged,
            updated=updated,
        )
    level = lower_median(a.level for a in given if a.level is not None)
    return Answer(
        element_id, level=level, confidence="low", note=note, flagged=flagged, updated=updated
    )


def _scored_as(r: Resolution) -> tuple[int | None, bool]:
    return (r.level, r.level is None and r.na_reason is not None)


def open_conflicts(assessment: Assessment) -> list[str]:
    """Element ids whose assessors disagree and that have no resolution, sorted by id."""
    return sorted(
        eid
        for eid, views in assessment.views.items()
        if eid not in assessment.resolutions and views_disagree(views)
    )


# -- text that enters: the rule is csmaturity_tui.inputs.text_problem -----------------


def _meta_text_problems(meta: AssessmentMeta) -> list[tuple[str, str]]:
    """The text rule over an assessment's details (client, scope, assessors, stamps)."""
    return text_problems(
        {
            "client": meta.client,
            "scope": meta.scope,
            "assessors": meta.assessors,
            "date": meta.date,
            "created": meta.created,
            "updated": meta.updated,
        }
    )


def answer_text_problems(answer: Answer) -> list[tuple[str, str]]:
    """The text rule over an answer: its note and N/A reason may hold lines and tabs."""
    return text_problems(
        {
            "note": answer.note,
            "na_reason": answer.na_reason,
            "by": answer.by,
            "updated": answer.updated,
        },
        multiline=frozenset({"note", "na_reason"}),
    )


def baseline_problems(b: Baseline, rubric: Rubric | None = None) -> list[tuple[str, str]]:
    """Every rule the baseline breaks, as (field, message) pairs; empty when valid."""
    out: list[tuple[str, str]] = []
    for name in ("currency", "period"):
        if not isinstance(getattr(b, name), str):
            out.append((name, "must be text"))
    if out:
        return out
    for name in (*MONEY_FIELDS, "acv"):
        value = getattr(b, name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int | float):
            out.append((name, "must be a number" + got(value)))
        elif not math.isfinite(value):
            out.append((name, "must be a finite number" + got(value)))
        elif value < 0 or (name == "acv" and value == 0):
            # the ACV picks the client's segment: an amount above 0 when given
            floor = "an amount above 0" if name == "acv" else "0 or more"
            out.append((name, f"must be {floor}" + got(value)))
        elif subnormal(value):
            out.append((name, "must not be a subnormal number" + got(value)))
        elif value >= MONEY_MAX:
            out.append((name, f"must be below {MONEY_MAX:.0e}" + got(value)))
    if not out and b.start_arr is not None:
        lost = (b.churned_arr or 0) + (b.contraction_arr or 0)
        if lost > b.start_arr:
            out.append(
                (
                    "churned_arr",
                    "churned plus contraction ARR is more than start ARR"
                    + f" (got {lost:,.0f} against {b.start_arr:,.0f})",
                )
            )
    if not (len(b.currency) == 3 and b.currency.isascii() and b.currency.isalpha()):
        out.append(
            (
                "currency",
                "use a three-letter currency code such as USD, EUR or GBP" + got(b.currency),
            )
        )
    out.extend(text_problems({"period": b.period}))
    if rubric is not None:
        out.extend((f"targets.{d}", m) for d, m in target_problems(b.targets, rubric))
    return out


def target_problems(targets: Mapping[str, float], rubric: Rubric) -> list[tuple[str, str]]:
    """(dimension id, message) for each target that is not a level on ``rubric``'s scale.

    A target may lie between levels (3.5); it must be a finite number from 1 to the top.
    """
    top = rubric.levels
    out: list[tuple[str, str]] = []
    for dim_id, target in targets.items():
        if dim_id not in rubric.dimension_by_id:
            out.append((dim_id, "no such dimension in the rubric" + got(dim_id)))
        elif isinstance(target, bool) or not isinstance(target, int | float):
            out.append((dim_id, "must be a number" + got(target)))
        elif not 1 <= target <= top:  # NaN fails this too
            out.append((dim_id, f"must lie on the scale, 1 to {top}" + got(target)))
    return out


# -- financials as rates: GRR and NRR percentages of start ARR ---------------------------
#
# GRR = (start - churned - contraction) / start; NRR = GRR + expansion / start. A GRR
# percentage gives churned plus contraction together: it is split by the amount given for
# one of them (contraction, else churned), and counts as churned ARR when neither is given.

GRR_MAX = 100.0  # percent: GRR cannot exceed 100%
NRR_MAX = 300.0  # percent: above this is a typing slip, not a year's retention
RATE_LABELS: dict[str, str] = {"grr": "GRR %", "nrr": "NRR %"}


@dataclass(frozen=True)
class Rates:
    """Financials as typed: start ARR, GRR and NRR percentages, and any amount given too."""

    start_arr: float | None = None
    grr: float | None = None  # percent, 0 to GRR_MAX
    nrr: float | None = None  # percent, GRR to NRR_MAX
    churned_arr: float | None = None
    contraction_arr: float | None = None
    expansion_arr: float | None = None


def _amount(value: float) -> float:
    """An amount computed from a rate, to the cent (10M at 88% is 1.2M, not 1199999.99...)."""
    return round(value, 2)


def rates_from_amounts(b: Baseline) -> tuple[float | None, float | None]:
    """(GRR %, NRR %) of a baseline's amounts; None where an amount is missing."""
    start = b.start_arr
    if not start or b.churned_arr is None or b.contraction_arr is None:
        return None, None
    grr = 100 * (start - b.churned_arr - b.contraction_arr) / start
    if b.expansion_arr is None:
        return grr, None
    return grr, grr + 100 * b.expansion_arr / start


def rate_problems(r: Rates) -> list[tuple[str, str]]:
    """Every rule the rates break (bounds, a start ARR to apply them to, agreement with the
    amounts given beside them), as (field, message) pairs; empty when valid."""
    out: list[tuple[str, str]] = []
    for name, top in (("grr", GRR_MAX), ("nrr", NRR_MAX)):
        value = getattr(r, name)
        if value is not None and not (math.isfinite(value) and 0 <= value <= top):
            out.append((name, f"must be a percentage from 0 to {top:.0f}" + got(value)))
    if out or (r.grr is None and r.nrr is None):
        return out
    if not r.start_arr:
        field = "grr" if r.grr is not None else "nrr"
        value = r.grr if r.grr is not None else r.nrr
        return [(field, "needs a start ARR above 0 to turn into amounts" + got(value))]
    grr = r.grr
    if grr is None:  # NRR alone: GRR from the loss amounts, which must both be there
        if r.churned_arr is None or r.contraction_arr is None:
            return [("nrr", "needs GRR %, or churned and contraction ARR" + got(r.nrr))]
        grr = 100 * (r.start_arr - r.churned_arr - r.contraction_arr) / r.start_arr
    else:
        out.extend(_split_problems(r, grr))
    if r.nrr is not None and r.nrr < grr:
        out.append(("nrr", f"must be at least GRR ({grr:g}%)" + got(r.nrr)))
    elif r.nrr is not None and r.expansion_arr is not None:
        expansion = _amount(r.start_arr * (r.nrr - grr) / 100)
        if abs(expansion - r.expansion_arr) > 0.5:
            out.append(("expansion_arr", _disagree("NRR", r.nrr, expansion, r.expansion_arr)))
    return out


def _split_problems(r: Rates, grr: float) -> list[tuple[str, str]]:
    """The loss amounts given beside a GRR percentage: within what it loses, and adding up."""
    lost = _amount((r.start_arr or 0.0) * (100 - grr) / 100)
    churned, contraction = r.churned_arr, r.contraction_arr
    for name, value in (("contraction_arr", contraction), ("churned_arr", churned)):
        if value is not None and value > lost + 0.5:
            return [(name, f"is more than GRR {grr:g}% loses ({lost:,.0f})" + got(value))]
    if churned is not None and contraction is not None and abs(churned + contraction - lost) > 0.5:
        return [
            (
                "churned_arr",
                "with contraction ARR " + _disagree("GRR", grr, lost, churned + contraction),
            )
        ]
    return []


def _disagree(rate: str, pct: float, computed: float, given: float) -> str:
    return (
        f"does not match {rate} {pct:g}%, which makes it {computed:,.0f}; clear one of them"
        + got(given)
    )


def _within(churned: float, contraction: float, start: float) -> float:
    """Churned ARR lowered (by rounding only) so churned plus contraction stay within start."""
    churned = max(min(churned, start - contraction), 0.0)
    while churned > 0 and churned + contraction > start:
        churned = math.nextafter(churned, 0.0)  # one or two steps of float rounding
    return churned


def amounts_from_rates(r: Rates) -> Rates:
    """The rates turned into amounts (``rate_problems`` first: they must be valid).

    Churned plus contraction is what GRR loses: the amount given for one of them sets the
    split, else all of it is churned ARR. Expansion is what NRR adds above GRR. Amounts
    given beside the rates are kept; the percentages are cleared.
    """
    start = r.start_arr or 0.0
    churned, contraction, expansion = r.churned_arr, r.contraction_arr, r.expansion_arr
    grr = r.grr
    if grr is not None:
        lost = _amount(start * (100 - grr) / 100)
        if contraction is not None:
            churned = max(_amount(lost - contraction), 0.0)
        elif churned is not None:
            contraction = max(_amount(lost - churned), 0.0)
        else:
            churned, contraction = lost, 0.0
        churned = _within(churned, contraction, start)
    elif r.nrr is not None:
        grr = 100 * (start - (churned or 0.0) - (contraction or 0.0)) / start
    if r.nrr is not None and grr is not None:
        expansion = max(_amount(start * (r.nrr - grr) / 100), 0.0)
    return Rates(r.start_arr, None, None, churned, contraction, expansion)


def answer_problems(answer: Answer, rubric: Rubric) -> list[tuple[str, str]]:
    """Every rule the answer breaks against ``rubric``, as (field, message) pairs."""
    out = answer_type_problems(answer)
    if out:
        return out
    if answer.element_id not in rubric.element_by_id:
        out.append(("element", f"no element {shown_value(answer.element_id)} in the rubric"))
    if answer.level is not None:
        out += _level_problems(answer.level, rubric)
        if answer.na_reason is not None:
            out.append(("na_reason", "an answer with a level cannot also be N/A"))
    elif answer.na_reason is not None and not answer.na_reason.strip():
        out.append(("na_reason", "N/A needs a reason"))
    if answer.confidence not in CONFIDENCES:
        out.append(("confidence", "must be low, medium or high" + got(answer.confidence)))
    return out


def _level_problems(level: object, rubric: Rubric) -> list[tuple[str, str]]:
    """A level that is not a whole number on the rubric's scale."""
    if isinstance(level, bool) or not isinstance(level, int):
        return [("level", "must be a whole number" + got(level))]
    if not 1 <= level <= rubric.levels:
        return [("level", f"must be 1 to {rubric.levels}" + got(level))]
    return []


def resolution_problems(r: Resolution, rubric: Rubric) -> list[tuple[str, str]]:
    """Every rule a conflict's resolution breaks against ``rubric``: a known element, a
    known kind, exactly one of a level on the scale or an N/A reason, text by the rule."""
    out: list[tuple[str, str]] = []
    if r.element_id not in rubric.element_by_id:
        out.append(("element", f"no element {shown_value(r.element_id)} in the rubric"))
    if r.kind not in RESOLUTION_KINDS:
        out.append(("kind", "must be " + ", ".join(RESOLUTION_KINDS) + got(r.kind)))
    if r.level is not None:
        off_scale = _level_problems(r.level, rubric)
        out += off_scale
        if r.na_reason is not None and not off_scale:
            out.append(("na_reason", "a resolution with a level cannot also be N/A"))
    elif not isinstance(r.na_reason, str) or not r.na_reason.strip():
        out.append(("level", "a resolution needs a level, or N/A with a reason"))
    if not all(isinstance(v, str) for v in (r.note, r.by, r.at)):
        out.append(("note", "note, by and at must be text"))
    if not out:
        out += text_problems(
            {"note": r.note, "na_reason": r.na_reason, "by": r.by, "at": r.at},
            multiline=frozenset({"note", "na_reason"}),
        )
    return out


def pilot_problems(pilot: PilotOutcome, rubric: Rubric) -> list[tuple[str, str]]:
    """Every rule a pilot outcome breaks against ``rubric``, as (field, message) pairs."""
    agent = rubric.agent_by_id.get(pilot.agent_id)
    if agent is None:
        return [("agent", f"no agent {pilot.agent_id!r} in the rubric")]
    out: list[tuple[str, str]] = []
    if agent.exposure != "internal":
        out.append(("agent", f"{pilot.agent_id!r} is an external agent; only internal ones pilot"))
    if pilot.outcome not in OUTCOMES:
        out.append(("outcome", f"{pilot.outcome!r} is not one of " + ", ".join(OUTCOMES)))
    known = agent.failure_mode_ids
    for fm_id in pilot.seen:
        if fm_id not in known:
            out.append(("seen", f"{fm_id!r} is not a failure mode of {pilot.agent_id!r}"))
    if len(set(pilot.seen)) != len(pilot.seen):
        out.append(("seen", "a failure mode is listed twice"))
    if pilot.seen and pilot.outcome == "not_started":
        out.append(("seen", "a pilot not started has seen no failure modes"))
    if not isinstance(pilot.note, str):
        out.append(("note", "must be text"))
    return out


def check_date(value: str) -> str | None:
    """A problem with an ISO date string, or None when it is a real date."""
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return "must be a date as YYYY-MM-DD" + got(value)
    return None


def answer_type_problems(a: Answer) -> list[tuple[str, str]]:
    """The types an answer from outside (a file, a database row) must have; no rubric."""
    out: list[tuple[str, str]] = []
    if not isinstance(a.element_id, str) or not a.element_id:
        out.append(("element", "must be an element id"))
    if a.na_reason is not None and not isinstance(a.na_reason, str):
        out.append(("na_reason", "must be text"))
    if not isinstance(a.note, str):
        out.append(("note", "must be text"))
    if not isinstance(a.flagged, bool):
        out.append(("flagged", "must be true or false"))
    if not isinstance(a.updated, str) or not isinstance(a.by, str):
        out.append(("updated", "stamps must be text"))
    return out


def check_timestamp(value: str) -> str | None:
    """A problem with an ISO 8601 timestamp string, or None when it is one."""
    try:
        dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return "must be an ISO timestamp such as 2025-05-01T10:15:30Z" + got(value)
    return None


def meta_problems(meta: AssessmentMeta) -> list[tuple[str, str]]:
    """Every rule the assessment's metadata breaks, as (field, message) pairs.

    Empty ``created``/``updated`` stamps are allowed (the store stamps them).
    """
    out: list[tuple[str, str]] = []
    if not isinstance(meta.client, str) or not meta.client.strip():
        out.append(("client", "must not be empty"))
    for name in ("scope", "assessors"):
        if not isinstance(getattr(meta, name), str):
            out.append((name, "must be text"))
    problem = check_date(meta.date)
    if problem:
        out.append(("date", problem))
    if meta.status not in STATUSES:
        out.append(("status", "must be " + ", ".join(STATUSES)))
    if not isinstance(meta.id, str) or not ID_PATTERN.match(meta.id):
        out.append(("id", "must be 1 to 64 letters, digits, '-', '_' or '.'"))
    for name in ("created", "updated"):
        value = getattr(meta, name)
        problem = check_timestamp(value) if value else None
        if problem:
            out.append((name, problem))
    if not out:  # the types are right: the one rule for user text
        out += _meta_text_problems(meta)
    return out


# -- moving an assessment to another rubric -----------------------------------------------


@dataclass(frozen=True)
class RebasePlan:
    """What moving an assessment's answers to a rubric does, answer by answer.

    ``carried``: element ids whose answer stays with the element of the same id.
    ``mapped``: (older id, new id) pairs, answers carried through the rubric's ``[[carry]]``.
    ``kept``: (element id, why) pairs, answers kept aside as orphans (not scored, not lost).
    """

    carried: tuple[str, ...] = ()
    mapped: tuple[tuple[str, str], ...] = ()
    kept: tuple[tuple[str, str], ...] = ()

    def lines(self) -> list[str]:
        """One line per effect, in the order carried, mapped, kept aside."""
        return [
            *(f"carried {e}" for e in self.carried),
            *(f"mapped {old} -> {new}" for old, new in self.mapped),
            *(f"kept aside {e}: {why}" for e, why in self.kept),
        ]


def plan_rebase(answers: Iterable[Answer], rubric: Rubric) -> RebasePlan:
    """How ``answers`` (orphans too) move to ``rubric``: by id, through its map, or aside.

    An answer whose element the rubric has stays with it (if the rubric accepts it). One
    whose element the rubric's ``[[carry]]`` maps to a new id goes there, with its level or
    N/A, note, confidence and flag, unless that element already has an answer of its own
    (kept: the answer given to that very element). When several answers map to one new
    element, the one updated last is carried and the others are kept aside. Everything
    else (a retired element, one the rubric lacks, a level off its scale) is kept aside.
    """
    carried: list[str] = []
    kept: list[tuple[str, str]] = []
    held: set[str] = set()  # element ids that keep a row of their own, scored or not
    wanting: dict[str, list[Answer]] = {}
    for a in sorted(answers, key=lambda x: x.element_id):
        eid = a.element_id
        if eid in rubric.element_by_id:
            held.add(eid)
            problems = answer_problems(a, rubric)
            if problems:
                kept.append((eid, " ".join(problems[0])))
            else:
                carried.append(eid)
            continue
        if eid not in rubric.carry_map:
            kept.append((eid, "not in this rubric"))
            continue
        new = rubric.carry_map[eid]
        if new is None:
            kept.append((eid, "retired in this rubric"))
            continue
        problems = answer_problems(replace(a, element_id=new), rubric)
        if problems:
            kept.append((eid, f"mapped to {new}, but " + " ".join(problems[0])))
        else:
            wanting.setdefault(new, []).append(a)
    mapped: list[tuple[str, str]] = []
    for new, candidates in sorted(wanting.items()):
        if new in held:
            kept += [
                (a.element_id, f"mapped to {new}, which has its own answer") for a in candidates
            ]
            continue
        # the answer updated last wins (on a tie, the lowest older id)
        ranked = sorted(candidates, key=lambda x: x.element_id)
        winner = max(ranked, key=lambda x: x.updated)
        mapped.append((winner.element_id, new))
        for a in ranked:
            if a is not winner:
                why = "newer" if a.updated != winner.updated else "equally recent, lower id"
                kept.append(
                    (
                        a.element_id,
                        f"mapped to {new}, which takes {winner.element_id}'s {why} answer",
                    )
                )
    return RebasePlan(tuple(carried), tuple(mapped), tuple(sorted(kept)))
