"""Hypothesis strategies shared by the tests of every layer.

``assessments(rubric)`` draws a VALID assessment for the rubric (every answer
and the baseline pass ``model.answer_problems`` / ``model.baseline_problems``):
any mix of levels, N/A answers (with a reason), some carried from a previous round
and unconfirmed, and unanswered elements, across
the dimension elements and the AI-readiness layer; a baseline that is complete,
partial, empty or with a start ARR of 0; sometimes per-dimension targets; outcomes
for any subset of the internal pilots. Import it as
``from strategies import assessments`` (tests/ is on sys.path via conftest.py).
"""

from __future__ import annotations

from collections.abc import Mapping

from hypothesis import strategies as st

from csmaturity_tui.model import (
    CONFIDENCES,
    OUTCOMES,
    STATUSES,
    Answer,
    Assessment,
    AssessmentMeta,
    Baseline,
    PilotOutcome,
)
from csmaturity_tui.rubric import Rubric

__all__ = ["answer_for", "answers", "assessments", "baselines", "metas", "pilots"]

_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() != "")


def answer_for(element_id: str, levels: int) -> st.SearchStrategy[Answer]:
    """An answer to one element: a level on the scale, or N/A with a reason."""
    level = st.integers(1, levels).map(lambda n: {"level": n})
    na = _TEXT.map(lambda reason: {"na_reason": reason})
    return st.builds(
        lambda body, confidence, flagged, note: Answer(
            element_id=element_id, confidence=confidence, flagged=flagged, note=note, **body
        ),
        st.one_of(level, level, level, na),
        st.sampled_from(CONFIDENCES),
        st.booleans(),
        st.sampled_from(("", "seen in the tracker")),
    )


_NA_REASONS = ("not applicable to this business", "no such team yet", "out of scope", "n/a")


@st.composite
def answers(draw: st.DrawFn, rubric: Rubric) -> Mapping[str, Answer]:
    """Answers to any subset of the rubric's elements (dimension and AI-readiness).

    One code per element: 0 unanswered, 1..levels a level, levels + 1 N/A.
    Sometimes nothing is answered, sometimes everything is.
    """
    ids = list(rubric.element_by_id)
    levels = rubric.levels
    mode = draw(st.sampled_from(("none", "some", "some", "all")))
    if mode == "none":
        return {}
    code = st.integers(1 if mode == "all" else 0, levels + 1)
    rows = draw(
        st.lists(
            st.tuples(
                code,
                st.sampled_from(CONFIDENCES),
                st.booleans(),
                st.sampled_from(_NA_REASONS),
                st.sampled_from((False, False, False, True)),  # carried, unconfirmed
            ),
            min_size=len(ids),
            max_size=len(ids),
        )
    )
    out: dict[str, Answer] = {}
    for element_id, (n, confidence, flagged, reason, carried) in zip(ids, rows, strict=True):
        if n == 0:
            continue
        out[element_id] = Answer(
            element_id=element_id,
            level=n if n <= levels else None,
            na_reason=reason if n > levels else None,
            confidence=confidence,
            flagged=flagged,
            carried=carried,
        )
    return out


@st.composite
def baselines(draw: st.DrawFn, rubric: Rubric) -> Baseline:
    """A valid baseline: complete (most often), partial or empty; maybe with targets."""
    targets: dict[str, float] = {}
    if draw(st.booleans()):
        for dim in rubric.dimensions:
            if draw(st.booleans()):
                half_steps = draw(st.integers(2, 2 * rubric.levels))
                targets[dim.id] = half_steps / 2
    kind = draw(st.sampled_from(("complete", "complete", "complete", "partial", "empty", "zero")))
    if kind == "empty":
        return Baseline(targets=targets)
    # whole currency units, so churned + contraction <= start holds exactly
    start = draw(st.integers(0, 0) if kind == "zero" else st.integers(1, 10**9))
    churned = draw(st.integers(0, start))
    contraction = draw(st.integers(0, start - churned))
    expansion = draw(st.integers(0, 2 * start))
    values: dict[str, float | None] = {
        "start_arr": float(start),
        "churned_arr": float(churned),
        "contraction_arr": float(contraction),
        "expansion_arr": float(expansion),
    }
    if kind == "partial":
        missing = draw(st.lists(st.sampled_from(sorted(values)), min_size=1, unique=True))
        for name in missing:
            values[name] = None
    acv = draw(st.one_of(st.none(), st.integers(1, 10**6).map(float)))
    return Baseline(currency="EUR", period="FY2025", targets=targets, acv=acv, **values)


@st.composite
def complete_baselines(draw: st.DrawFn) -> Baseline:
    """A usable baseline: start ARR above 0, whole units, churn and contraction within it."""
    start = draw(st.integers(1, 10**9))
    churned = draw(st.integers(0, start))
    contraction = draw(st.integers(0, start - churned))
    expansion = draw(st.integers(0, 2 * start))
    return Baseline(
        start_arr=float(start),
        churned_arr=float(churned),
        contraction_arr=float(contraction),
        expansion_arr=float(expansion),
    )


def metas() -> st.SearchStrategy[AssessmentMeta]:
    return st.builds(
        AssessmentMeta,
        id=st.uuids().map(str),
        client=_TEXT,
        scope=st.sampled_from(("", "Enterprise segment")),
        assessors=st.sampled_from(("", "A. Assessor")),
        date=st.dates().map(lambda d: d.isoformat()),
        status=st.sampled_from(STATUSES),
    )


@st.composite
def pilots(draw: st.DrawFn, rubric: Rubric) -> Mapping[str, PilotOutcome]:
    """Valid outcomes for any subset of the internal agents, with failure modes seen."""
    out: dict[str, PilotOutcome] = {}
    for agent in rubric.agents:
        if agent.exposure != "internal" or not draw(st.booleans()):
            continue
        outcome = draw(st.sampled_from(OUTCOMES))
        seen: tuple[str, ...] = ()
        if outcome != "not_started":
            ids = agent.failure_mode_ids
            seen = tuple(i for i in ids if draw(st.booleans()))
        note = draw(st.sampled_from(("", "six weeks on one segment")))
        out[agent.id] = PilotOutcome(agent.id, outcome, seen, note)
    return out


@st.composite
def _assessments(draw: st.DrawFn, rubric: Rubric) -> Assessment:
    return Assessment(
        meta=draw(metas()),
        baseline=draw(baselines(rubric)),
        answers=draw(answers(rubric)),
        pilots=draw(pilots(rubric)),
    )


def assessments(rubric: Rubric) -> st.SearchStrategy[Assessment]:
    """A valid random assessment of ``rubric``."""
    return _assessments(rubric)
