"""Several assessors in the model: disagreement, the lower median, the consensus scored."""

from __future__ import annotations

from csmaturity_tui import rubric
from csmaturity_tui.model import (
    Answer,
    Assessment,
    AssessmentMeta,
    Resolution,
    consensus,
    lower_median,
    open_conflicts,
    resolution_problems,
    views_disagree,
)
from helpers import SMALL

SMALL_RUBRIC = rubric.load(SMALL)


def _a(by: str, level: int | None = None, na: str | None = None, **kw: object) -> Answer:
    return Answer("OB-1", level=level, na_reason=na, by=by, **kw)  # type: ignore[arg-type]


def test_disagreement_is_in_level_or_na_against_a_level() -> None:
    assert not views_disagree([_a("ann", 2), _a("bob", 2)])
    assert views_disagree([_a("ann", 2), _a("bob", 3)])
    assert views_disagree([_a("ann", 2), _a("bob", na="no such team")])
    assert not views_disagree([_a("ann", na="none"), _a("bob", na="other reason")])
    assert not views_disagree([_a("ann", 2), _a("bob")])  # not given: takes no part


def test_lower_median() -> None:
    assert lower_median([4, 1, 5, 2]) == 2
    assert lower_median([3, 1, 2]) == 2
    assert lower_median([]) is None


def test_an_open_conflict_scores_the_lower_median_with_low_confidence() -> None:
    views = (
        _a("ann", 1, note="no playbook", confidence="high"),
        _a("bob", 4),
        _a("cy", 3, flagged=True),
    )
    got = consensus("OB-1", views)
    assert (got.level, got.confidence, got.flagged) == (3, "low", True)
    assert got.note == "ann: no playbook"


def test_agreement_keeps_the_level_and_the_lowest_confidence() -> None:
    got = consensus("OB-1", (_a("ann", 2, confidence="high"), _a("bob", 2, confidence="medium")))
    assert (got.level, got.confidence) == (2, "medium")


def test_a_resolution_is_what_is_scored() -> None:
    views = (_a("ann", 1, confidence="high"), _a("bob", 4))
    chosen = Resolution("OB-1", "chosen", 1, None, "ann saw it", "lead", "2026-01-02T00:00:00Z")
    got = consensus("OB-1", views, chosen)
    assert (got.level, got.confidence, got.note, got.by) == (1, "high", "ann saw it", "lead")
    agreed = consensus("OB-1", views, Resolution("OB-1", "consensus", 2, None))
    assert (agreed.level, agreed.confidence) == (2, "medium")


def test_open_conflicts_are_disagreeing_views_without_a_resolution() -> None:
    meta = AssessmentMeta("a", "Client")
    views = {
        "OB-1": (_a("ann", 1), _a("bob", 3)),
        "OB-2": (_a("ann", 2), _a("bob", 2)),
        "OB-3": (_a("ann", 1), _a("bob", 2)),
    }
    settled = {"OB-3": Resolution("OB-3", "spread", 1, None, "both are right")}
    assert open_conflicts(Assessment(meta, views=views, resolutions=settled)) == ["OB-1"]


def test_resolution_rules() -> None:
    assert resolution_problems(Resolution("OB-1", "chosen", 2, None), SMALL_RUBRIC) == []
    assert resolution_problems(Resolution("OB-1", "spread", None, "n/a here"), SMALL_RUBRIC) == []
    bad = [
        Resolution("nope", "chosen", 2, None),
        Resolution("OB-1", "vote", 2, None),  # type: ignore[arg-type]
        Resolution("OB-1", "chosen", 9, None),
        Resolution("OB-1", "chosen", None, None),
        Resolution("OB-1", "chosen", 2, "and N/A"),
    ]
    fields = [resolution_problems(r, SMALL_RUBRIC)[0][0] for r in bad]
    assert fields == ["element", "kind", "level", "level", "na_reason"]
