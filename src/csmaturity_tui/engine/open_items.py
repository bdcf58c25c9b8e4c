"""Open items: the answers still to settle before the report is final.

An answer is open when it is flagged for review, given with low confidence, or an
open conflict (its assessors disagree and nobody settled it yet).
They are listed in rubric order (dimension elements, then the AI-readiness
layer), with the answer's note, so a reader sees what is still in question.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from csmaturity_tui.engine.report import OpenItem
from csmaturity_tui.model import Answer
from csmaturity_tui.rubric import Rubric

AI_LAYER = "AI readiness"


def open_items(
    rubric: Rubric, answers: Mapping[str, Answer], conflicts: Collection[str] = ()
) -> tuple[OpenItem, ...]:
    """Flagged, low-confidence and open-conflict answers (``conflicts``: element ids) to
    elements of ``rubric``, in rubric order."""
    out: list[OpenItem] = []
    for element_id, element in rubric.element_by_id.items():
        answer = answers.get(element_id)
        if answer is None:
            continue
        low = answer.confidence == "low" and answer.is_done
        conflict = element_id in conflicts
        if not (answer.flagged or low or conflict):
            continue
        dim_id = rubric.dimension_of.get(element_id)
        where = rubric.dimension_by_id[dim_id].name if dim_id is not None else AI_LAYER
        out.append(
            OpenItem(
                element_id=element_id,
                title=element.title,
                where=where,
                level=answer.level,
                na=answer.is_na,
                flagged=answer.flagged,
                low_confidence=low,
                note=answer.note,
                conflict=conflict,
            )
        )
    return tuple(out)


def open_flags(answers: Mapping[str, Answer]) -> int:
    """How many answers are flagged for review (what marking complete asks about)."""
    return sum(1 for a in answers.values() if a.flagged)
