"""Agreement between assessors: Krippendorff's alpha (ordinal), and the wide gaps.

Pure: no I/O. The units are the elements two or more assessors answered with a level
(N/A answers and answers not given take no part: alpha is defined over the values
given, missing ones allowed). Alpha is computed per dimension, for the AI-readiness
layer, and overall, from the coincidence matrix with the ordinal metric:

    delta2(c, k) = (sum of n_g for g from c to k  -  (n_c + n_k) / 2) ** 2
    alpha = 1 - (n - 1) * sum(o_ck * delta2(c, k)) / sum(n_c * n_k * delta2(c, k))

where o_ck counts, over the units, the ordered pairs of values (c, k) given by two
different assessors, each unit's pairs weighted 1 / (m_u - 1) for its m_u values;
n_c = sum over k of o_ck, n = sum of n_c (Krippendorff, "Computing Krippendorff's
Alpha-Reliability", 2011). Alpha is 1 for perfect agreement, 0 for agreement no
better than chance, below 0 for systematic disagreement. It is undefined when no
element has two levels (one assessor only) and when every level given is the same
(there is no variation to measure): :attr:`Agreement.undefined` says why, in words.

Written here rather than taken from the ``krippendorff`` package: that package pulls
in numpy, too heavy a dependency for an offline command-line tool, for a computation
of a few dozen lines.

Beside alpha, the share of those elements whose levels differ by 2 or more: where
assessors disagree that much, the disagreement is itself a finding.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from csmaturity_tui.model import Assessment
from csmaturity_tui.rubric import Rubric

__all__ = [
    "AI_LAYER",
    "Agreement",
    "AgreementReport",
    "agreement",
    "alpha",
    "interval",
    "nominal",
    "ordinal",
    "ordinal_alpha",
]

# a squared difference between two values c and k, given how often each value occurs
Metric = Callable[[int, int, Mapping[int, float]], float]

AI_LAYER = "AI readiness"
WIDE = 2  # levels this far apart (or further) make a wide disagreement

ONE_ASSESSOR = "fewer than two assessors gave a level to any element"
NO_VARIATION = "every level given is the same, so there is no variation to measure"


@dataclass(frozen=True)
class Agreement:
    """Agreement over a group of elements (a dimension, the AI-readiness layer, or all)."""

    name: str  # the dimension's name, "AI readiness", or "Overall"
    dimension_id: str | None  # None for the AI-readiness layer and overall
    alpha: float | None  # None when undefined
    undefined: str  # why alpha is undefined, in words ("" when it is defined)
    elements: int  # elements two or more assessors gave a level to
    wide: int  # of which the levels differ by 2 or more

    @property
    def wide_share(self) -> float | None:
        """The share of elements whose levels differ by 2 or more (None with no element)."""
        return self.wide / self.elements if self.elements else None


@dataclass(frozen=True)
class AgreementReport:
    """Agreement per dimension (rubric order), for the AI-readiness layer, and overall."""

    assessors: tuple[str, ...]
    groups: tuple[Agreement, ...]
    overall: Agreement

    @property
    def several(self) -> bool:
        """Did two or more assessors answer this assessment?"""
        return len(self.assessors) > 1


def ordinal_alpha(units: Iterable[Sequence[int]]) -> tuple[float | None, str]:
    """Krippendorff's alpha with the ordinal metric over ``units`` (each unit: the levels
    its assessors gave). Returns (alpha, "") or (None, why it is undefined)."""
    return alpha(units, ordinal)


def alpha(units: Iterable[Sequence[int]], metric: Metric) -> tuple[float | None, str]:
    """Krippendorff's alpha over ``units`` with a squared-difference ``metric``
    (``metric(c, k, n_by_value)``); units with fewer than two values are not pairable."""
    coincidences: defaultdict[tuple[int, int], float] = defaultdict(float)
    for unit in units:
        m = len(unit)
        if m < 2:
            continue
        for i, c in enumerate(unit):
            for j, k in enumerate(unit):
                if i != j:
                    coincidences[c, k] += 1 / (m - 1)
    if not coincidences:
        return None, ONE_ASSESSOR
    n_by: defaultdict[int, float] = defaultdict(float)
    for (c, _k), o in coincidences.items():
        n_by[c] += o
    n = sum(n_by.values())
    values = sorted(n_by)
    observed = sum(o * metric(c, k, n_by) for (c, k), o in coincidences.items())
    expected = sum(n_by[c] * n_by[k] * metric(c, k, n_by) for c in values for k in values)
    if expected == 0:
        return None, NO_VARIATION
    return 1 - (n - 1) * observed / expected, ""


def ordinal(c: int, k: int, n_by: Mapping[int, float]) -> float:
    """The ordinal metric: how many values lie between c and k (halving the two ends)."""
    lo, hi = min(c, k), max(c, k)
    between = sum(n for g, n in n_by.items() if lo <= g <= hi)
    return (between - (n_by[c] + n_by[k]) / 2) ** 2


def nominal(c: int, k: int, _n_by: Mapping[int, float]) -> float:
    """The nominal metric: values agree or not."""
    return 0.0 if c == k else 1.0


def interval(c: int, k: int, _n_by: Mapping[int, float]) -> float:
    """The interval metric: the squared difference of the values."""
    return float((c - k) ** 2)


def agreement(rubric: Rubric, assessment: Assessment) -> AgreementReport:
    """Agreement among the assessment's assessors, per dimension, AI layer and overall."""
    levels: dict[str, list[int]] = {
        eid: [a.level for a in views if a.level is not None]
        for eid, views in assessment.views.items()
        if eid in rubric.element_by_id
    }
    groups = [
        _group(d.name, d.id, [levels.get(e.id, []) for e in d.elements]) for d in rubric.dimensions
    ]
    if rubric.ai_readiness:
        groups.append(_group(AI_LAYER, None, [levels.get(e.id, []) for e in rubric.ai_readiness]))
    return AgreementReport(
        assessors=_assessors(assessment),
        groups=tuple(groups),
        overall=_group("Overall", None, list(levels.values())),
    )


def _group(name: str, dimension_id: str | None, units: list[list[int]]) -> Agreement:
    pairable = [u for u in units if len(u) >= 2]
    value, why = ordinal_alpha(pairable)
    wide = sum(1 for u in pairable if max(u) - min(u) >= WIDE)
    return Agreement(name, dimension_id, value, why, len(pairable), wide)


def _assessors(assessment: Assessment) -> tuple[str, ...]:
    """Everyone who gave an answer, by name (answers with no name aside)."""
    names = {a.by for views in assessment.views.values() for a in views}
    names |= {a.by for eid, a in assessment.answers.items() if eid not in assessment.views}
    return tuple(sorted(n for n in names if n))
