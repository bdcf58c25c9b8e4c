"""Maturity scores and the AI-readiness layer.

An element's value is its answered level. Unanswered elements and N/A answers
are left out of every mean (never counted as zero), so a dimension with no
level at all has no score (None). Every mean is weighted by the rubric's
weights: element weights inside areas and dimensions, dimension weights for the
overall score, AI-element weights for AI readiness. An answer whose level is
not a whole number on the scale is treated as unanswered; an answer whose
element is not in the rubric is ignored. An answer carried from the previous round
and not yet confirmed scores, but counts as neither answered nor N/A: coverage, and
the NRR case's evidence, take only the answers an assessor gave or confirmed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from csmaturity_tui.engine.report import (
    AiReadiness,
    AreaScore,
    DimensionReadiness,
    DimensionScore,
    Scores,
)
from csmaturity_tui.model import Answer, Assessment
from csmaturity_tui.rubric import Dimension, Rubric

WEAKEST_AREAS = 5


def level_of(answer: Answer | None, levels: int) -> int | None:
    """The answer's level when it is a whole number on the scale, else None."""
    if answer is None:
        return None
    level = answer.level
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= levels:
        return None
    return level


def is_na(answer: Answer | None, levels: int) -> bool:
    """True for an N/A answer (no valid level, a reason given)."""
    return answer is not None and level_of(answer, levels) is None and answer.na_reason is not None


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Σ wᵢ·xᵢ / Σ wᵢ over (value, weight) pairs; None when there are none."""
    total = 0.0
    weights = 0.0
    for value, weight in pairs:
        total += value * weight
        weights += weight
    if weights <= 0:
        return None
    return total / weights


def index_of(mean: float | None, levels: int) -> float | None:
    """A mean on the scale as an index 0-100: (mean − 1) / (levels − 1) × 100."""
    if mean is None:
        return None
    return (mean - 1.0) / (levels - 1) * 100.0


@dataclass
class _Tally:
    """Running sums for one group of elements (an area, a dimension, the whole)."""

    weighted: float = 0.0
    weight: float = 0.0
    scored: int = 0  # levels in the mean, carried ones too
    answered: int = 0  # done with a level: progress, so not the carried ones
    na: int = 0
    carried: int = 0  # a level or N/A carried from the previous round, unconfirmed
    total: int = 0
    low: int = 0
    flagged: int = 0

    def add(self, answer: Answer | None, weight: float, levels: int) -> None:
        """A carried answer (unconfirmed) scores, but is neither answered nor N/A yet."""
        self.total += 1
        if answer is None:
            return
        if answer.flagged:
            self.flagged += 1
        level = level_of(answer, levels)
        if level is not None:
            self.scored += 1
            self.answered += not answer.carried
            self.carried += answer.carried
            self.weighted += level * weight
            self.weight += weight
            if answer.confidence == "low":
                self.low += 1
        elif answer.na_reason is not None:
            self.na += not answer.carried
            self.carried += answer.carried

    def merge(self, other: _Tally) -> None:
        self.weighted += other.weighted
        self.weight += other.weight
        self.scored += other.scored
        self.answered += other.answered
        self.na += other.na
        self.carried += other.carried
        self.total += other.total
        self.low += other.low
        self.flagged += other.flagged

    @property
    def score(self) -> float | None:
        return self.weighted / self.weight if self.weight > 0 else None

    @property
    def coverage(self) -> float:
        return (self.answered + self.na) / self.total if self.total else 0.0

    @property
    def low_share(self) -> float:
        return self.low / self.scored if self.scored else 0.0


def target_of(rubric: Rubric, assessment: Assessment, dimension_id: str) -> float:
    """The assessment's own target for a dimension, else the rubric's."""
    own = assessment.baseline.targets.get(dimension_id)
    if own is not None:
        return float(own)
    return rubric.target_for(rubric.dimension_by_id[dimension_id])


def score_ai_readiness(rubric: Rubric, answers: Mapping[str, Answer]) -> AiReadiness:
    """The AI-readiness layer: overall, and per dimension over the elements tagged to it."""
    levels = rubric.levels
    overall = _Tally()
    per_dim: dict[str, _Tally] = {d.id: _Tally() for d in rubric.dimensions}
    for element in rubric.ai_readiness:
        answer = answers.get(element.id)
        overall.add(answer, element.weight, levels)
        for dim_id in dict.fromkeys(element.dimensions):
            per_dim[dim_id].add(answer, element.weight, levels)
    return AiReadiness(
        overall=overall.score,
        index=index_of(overall.score, levels),
        answered=overall.answered,
        na=overall.na,
        total=overall.total,
        coverage=overall.coverage,
        dimensions=tuple(
            DimensionReadiness(
                dimension_id=d.id,
                score=per_dim[d.id].score,
                index=index_of(per_dim[d.id].score, levels),
            )
            for d in rubric.dimensions
        ),
    )


def score(rubric: Rubric, assessment: Assessment, ai: AiReadiness) -> Scores:
    """Element, area, dimension and overall maturity scores, with coverage and targets."""
    ai_by_dim = {r.dimension_id: r.score for r in ai.dimensions}
    everything = _Tally()
    overall_pairs: list[tuple[float, float]] = []
    dimensions: list[DimensionScore] = []
    ranked_areas: list[tuple[float, int, int, AreaScore]] = []
    for d_index, dim in enumerate(rubric.dimensions):
        dim_tally, areas = _tally_dimension(dim, assessment.answers, rubric.levels)
        ranked_areas += [
            (a.score, d_index, a_index, a) for a_index, a in enumerate(areas) if a.score is not None
        ]
        everything.merge(dim_tally)
        dim_score = dim_tally.score
        if dim_score is not None:
            overall_pairs.append((dim_score, dim.weight))
        target = target_of(rubric, assessment, dim.id)
        dimensions.append(
            DimensionScore(
                id=dim.id,
                name=dim.name,
                score=dim_score,
                target=target,
                gap=None if dim_score is None else max(0.0, target - dim_score),
                answered=dim_tally.answered,
                na=dim_tally.na,
                total=dim_tally.total,
                coverage=dim_tally.coverage,
                low_confidence_share=dim_tally.low_share,
                flagged=dim_tally.flagged,
                areas=tuple(areas),
                ai_readiness=ai_by_dim.get(dim.id),
            )
        )
    ranked_areas.sort(key=lambda item: item[:3])
    return Scores(
        overall=weighted_mean(overall_pairs),
        answered=everything.answered,
        na=everything.na,
        total=everything.total,
        coverage=everything.coverage,
        low_confidence_share=everything.low_share,
        dimensions=tuple(dimensions),
        weakest_areas=tuple(item[3] for item in ranked_areas[:WEAKEST_AREAS]),
        carried=everything.carried,
    )


def _tally_dimension(
    dim: Dimension, answers: Mapping[str, Answer], levels: int
) -> tuple[_Tally, list[AreaScore]]:
    """A dimension's tally and its areas' scores, areas in the order they first appear."""
    area_tallies: dict[str, _Tally] = {}
    for element in dim.elements:
        tally = area_tallies.get(element.area)
        if tally is None:
            tally = area_tallies[element.area] = _Tally()
        tally.add(answers.get(element.id), element.weight, levels)
    dim_tally = _Tally()
    areas: list[AreaScore] = []
    for area, tally in area_tallies.items():
        dim_tally.merge(tally)
        areas.append(
            AreaScore(
                dimension_id=dim.id,
                area=area,
                score=tally.score,
                answered=tally.answered,
                na=tally.na,
                total=tally.total,
                coverage=tally.coverage,
            )
        )
    return dim_tally, areas
