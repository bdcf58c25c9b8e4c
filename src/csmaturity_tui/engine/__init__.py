"""The engine: one pure function from (rubric, assessment) to a Report.

``evaluate`` is deterministic and does no I/O: the same rubric and assessment
give an equal Report (field for field, and the same ``repr``). It is called on
every answer, so it walks the rubric once per step and never validates models.
The formulas are documented in ``docs/methodology.md`` ("How the numbers are
computed") and in the docstrings of ``scoring``, ``nrr``, ``quadrant``,
``recovery`` and ``blueprint``.
"""

from __future__ import annotations

from csmaturity_tui.engine import blueprint, nrr, open_items, quadrant, recovery, scoring
from csmaturity_tui.engine.report import (
    AI_READINESS,
    OUTCOME_NAMES,
    QUADRANT_NAMES,
    STATUS_NAMES,
    AgentPlacement,
    AgentStatus,
    AiReadiness,
    AreaScore,
    Assumption,
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
from csmaturity_tui.model import Assessment
from csmaturity_tui.rubric import Rubric

__all__ = [
    "AI_READINESS",
    "OUTCOME_NAMES",
    "QUADRANT_NAMES",
    "STATUS_NAMES",
    "AgentPlacement",
    "AgentStatus",
    "AiReadiness",
    "AreaScore",
    "Assumption",
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
    ai = scoring.score_ai_readiness(rubric, assessment.answers)
    scores = scoring.score(rubric, assessment, ai)
    sizing = nrr.size(rubric, assessment.baseline, scores.overall)
    exposures = nrr.lever_exposures(sizing)
    dim_scores = {d.id: d.score for d in scores.dimensions}
    agents = quadrant.place(
        rubric, dim_scores, ai.overall, exposures, assessment.answers, assessment.pilots
    )
    vectors = recovery.vectors(rubric, scores.dimensions, agents, exposures, sizing.start_arr)
    strong_from = rubric.quadrant.strong_from
    return Report(
        rubric_id=rubric.meta.id,
        rubric_version=rubric.meta.version,
        assessment_id=assessment.meta.id,
        scores=scores,
        ai_readiness=ai,
        agents=agents,
        nrr=sizing,
        recovery_vectors=vectors,
        phases=blueprint.phases(agents, vectors, strong_from),
        strong_from=strong_from,
        levels=rubric.levels,
        open_items=open_items.open_items(rubric, assessment.answers),
        gate_assumptions=quadrant.assumptions(rubric),
    )
