"""The engine: one pure function from (rubric, assessment) to a Report.

``evaluate`` is deterministic and does no I/O: the same rubric and assessment
give an equal Report (field for field, and the same ``repr``). It is called on
every answer, so it walks the rubric once per step and never validates models.
The formulas are documented in ``docs/methodology.md`` ("How the numbers are
computed") and in the docstrings of ``scoring``, ``nrr``, ``quadrant``,
``recovery`` and ``blueprint``.
"""

from __future__ import annotations

import dataclasses

from csmaturity_tui.engine import (
    agreement,
    blueprint,
    merge,
    nrr,
    open_items,
    quadrant,
    recovery,
    scoring,
)
from csmaturity_tui.engine.report import (
    AI_READINESS,
    AgentPlacement,
    AgentStatus,
    AiReadiness,
    AreaScore,
    Assumption,
    BridgeStep,
    DimensionReadiness,
    DimensionScore,
    FailureWatch,
    GateGap,
    Nrr,
    OpenItem,
    Phase,
    PhaseItem,
    Quadrant,
    RecoveryVector,
    Report,
    Scores,
)
from csmaturity_tui.model import Answer, Assessment, open_conflicts
from csmaturity_tui.rubric import Rubric

__all__ = [
    "AI_READINESS",
    "AgentPlacement",
    "AgentStatus",
    "AiReadiness",
    "AreaScore",
    "Assumption",
    "BridgeStep",
    "DimensionReadiness",
    "DimensionScore",
    "FailureWatch",
    "GateGap",
    "Nrr",
    "OpenItem",
    "Phase",
    "PhaseItem",
    "Quadrant",
    "RecoveryVector",
    "Report",
    "Scores",
    "evaluate",
]


def evaluate(rubric: Rubric, assessment: Assessment) -> Report:
    """Score the assessment against the rubric and derive everything the views show."""
    report = _run(rubric, assessment)
    n = report.nrr
    uncertain = [a for a in assessment.answers.values() if a.level is not None and _uncertain(a)]
    if not n.sized or n.year1_target_nrr is None or not uncertain:
        return report
    targets = [n.year1_target_nrr]
    for step in (-1, 1):
        moved = dict(assessment.answers)
        for a in uncertain:
            level = min(max((a.level or 1) + step, 1), rubric.levels)
            moved[a.element_id] = dataclasses.replace(a, level=level)
        other = _run(rubric, dataclasses.replace(assessment, answers=moved)).nrr
        if other.year1_target_nrr is not None:
            targets.append(other.year1_target_nrr)
    sizing = dataclasses.replace(
        n,
        year1_target_low=min(targets),
        year1_target_high=max(targets),
        uncertain_answers=len(uncertain),
    )
    return dataclasses.replace(report, nrr=sizing)


def _uncertain(answer: Answer) -> bool:
    """An answer the Year-1 target's range moves: low confidence, or flagged for review."""
    return answer.confidence == "low" or answer.flagged


def _run(rubric: Rubric, assessment: Assessment) -> Report:
    ai = scoring.score_ai_readiness(rubric, assessment.answers)
    scores = scoring.score(rubric, assessment, ai)
    sizing = nrr.size(rubric, assessment.baseline, scores, assessment.answers)
    exposures = nrr.lever_exposures(sizing)
    dim_scores = {d.id: d.score for d in scores.dimensions}
    agents = quadrant.place(
        rubric, dim_scores, ai.overall, exposures, assessment.answers, assessment.pilots
    )
    vectors = recovery.vectors(
        rubric, scores.dimensions, agents, sizing, exposures, assessment.answers
    )
    strong_from = rubric.quadrant.strong_from
    phases = blueprint.phases(agents, vectors, strong_from)
    return Report(
        rubric_id=rubric.meta.id,
        rubric_version=rubric.meta.version,
        assessment_id=assessment.meta.id,
        scores=scores,
        ai_readiness=ai,
        agents=agents,
        nrr=nrr.realize(rubric, sizing, phases, vectors),
        recovery_vectors=vectors,
        phases=phases,
        strong_from=strong_from,
        levels=rubric.levels,
        open_items=open_items.open_items(
            rubric, assessment.answers, set(open_conflicts(assessment))
        ),
        gate_assumptions=quadrant.assumptions(rubric),
        agreement=agreement.agreement(rubric, assessment) if assessment.views else None,
        conflicts=tuple(merge.conflicts(assessment, rubric)),
    )
