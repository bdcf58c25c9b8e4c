"""Three assessors' copies of one assessment of the small rubric (scale 1-4), worked by hand.

Ann, Bob and Cy answered separately:

    element  ann  bob  cy     merged
    OB-1     2    2    2      agreed, 2
    OB-2     1    3    4      conflict, spread 3, scored 3 (lower median of 1, 3, 4)
    OB-3     2    3    3      conflict, spread 1, scored 3
    SQ-1     4    4    N/A    conflict, spread 1 (N/A against a level), scored 4
    SQ-2     1    1    -      agreed, 1 (Cy gave no answer)
    SQ-3     3    -    -      Ann's answer alone (no views)
    CM-1     1    4    N/A    conflict, spread 3, scored 1 (lower median of 1, 4)
"""

from __future__ import annotations

from collections.abc import Mapping

from csmaturity_tui.model import Answer, Assessment, AssessmentMeta

NA = "na"
Cell = int | str | None  # a level, NA, or no answer
TABLE: dict[str, tuple[Cell, ...]] = {
    "OB-1": (2, 2, 2),
    "OB-2": (1, 3, 4),
    "OB-3": (2, 3, 3),
    "SQ-1": (4, 4, NA),
    "SQ-2": (1, 1, None),
    "SQ-3": (3, None, None),
    "CM-1": (1, 4, NA),
}
WHO = ("ann", "bob", "cy")
STAMP = "2026-01-05T10:00:00Z"


def copy(by: str, column: Mapping[str, Cell], updated: str = STAMP) -> Assessment:
    """``by``'s copy: their answers (``column``: element id -> cell), stamped ``updated``."""
    answers = {}
    for eid, cell in column.items():
        if cell is None:
            continue
        na = "no such team" if cell == NA else None
        level = None if cell == NA else int(cell)
        note = f"{by} on {eid}"
        answers[eid] = Answer(eid, level=level, na_reason=na, by=by, note=note, updated=updated)
    meta = AssessmentMeta(
        "acme-1", "Acme", assessors=by, date="2026-01-05", created=STAMP, updated=updated
    )
    return Assessment(meta, answers=answers)


def copies(table: Mapping[str, tuple[Cell, ...]] = TABLE) -> list[Assessment]:
    """One copy per assessor of ``table`` (columns in the order of :data:`WHO`)."""
    return [copy(by, {e: row[i] for e, row in table.items()}) for i, by in enumerate(WHO)]
