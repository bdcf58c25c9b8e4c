"""Krippendorff's alpha against the published worked example.

Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), section C: four
observers, twelve units, values 1-5, missing data. Published: nominal 0.743,
ordinal 0.815, interval 0.849. The hand-worked cases on a rubric are in test_merge.
"""

from __future__ import annotations

import pytest

from csmaturity_tui.engine.agreement import (
    NO_VARIATION,
    ONE_ASSESSOR,
    alpha,
    interval,
    nominal,
    ordinal,
    ordinal_alpha,
)

_: None = None
OBSERVERS = (
    (1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _),
    (1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3),
    (_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _),
    (1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _),
)
UNITS = [[v for v in unit if v is not None] for unit in zip(*OBSERVERS, strict=True)]


@pytest.mark.parametrize(
    ("metric", "published"), [(nominal, 0.743), (ordinal, 0.815), (interval, 0.849)]
)
def test_the_published_example(metric: object, published: float) -> None:
    value, why = alpha(UNITS, metric)  # type: ignore[arg-type]
    assert why == "" and value == pytest.approx(published, abs=5e-4)


def test_undefined_cases_say_why_in_words() -> None:
    assert ordinal_alpha([[3], [2], []]) == (None, ONE_ASSESSOR)
    assert ordinal_alpha([[2, 2], [2, 2, 2]]) == (None, NO_VARIATION)
    assert ordinal_alpha([[1, 1], [4, 4, 4]]) == (1.0, "")
