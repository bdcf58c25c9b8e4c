"""Open items: the answers still to settle before the report is final.

An answer is open when it is flagged for review, given with low confidence, or an
open conflict (its assessors disagree and nobody settled it yet).
They are listed in rubric order (dimension elements, then the AI-readiness
layer), with the answer's note, so a reader sees what is still in question.
What is left before an assessment is marked complete (:func:`left_to_settle`) adds
the N/A answers with no note of evidence and the elements not answered.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

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


@dataclass(frozen=True)
class LeftToSettle:
    """What is left before an assessment is complete, each group in rubric order.

    ``flagged`` and ``low_confidence`` are the open items (an answer may be in both);
    ``na_without_note``: N/A answers with a reason but no note of evidence;
    ``unanswered``: elements with no level and no N/A (level None, not N/A).
    """

    total: int
    flagged: tuple[OpenItem, ...] = ()
    low_confidence: tuple[OpenItem, ...] = ()
    na_without_note: tuple[OpenItem, ...] = ()
    unanswered: tuple[OpenItem, ...] = ()

    @property
    def nothing(self) -> bool:
        """Nothing left: every element answered, nothing flagged or low, every N/A noted."""
        return not (self.flagged or self.low_confidence or self.na_without_note or self.unanswered)


def left_to_settle(rubric: Rubric, answers: Mapping[str, Answer]) -> LeftToSettle:
    """What is left of ``answers`` to ``rubric`` before the assessment is complete."""
    opened = open_items(rubric, answers)
    bare: list[OpenItem] = []
    unanswered: list[OpenItem] = []
    for element_id, element in rubric.element_by_id.items():
        answer = answers.get(element_id)
        done = answer is not None and answer.is_done
        if answer is not None and done and not (answer.is_na and not answer.note.strip()):
            continue  # settled: a level, or N/A with a note
        dim_id = rubric.dimension_of.get(element_id)
        where = rubric.dimension_by_id[dim_id].name if dim_id is not None else AI_LAYER
        item = OpenItem(element_id, element.title, where, None, done, False, False, "")
        (bare if done else unanswered).append(item)
    return LeftToSettle(
        total=len(rubric.element_by_id),
        flagged=tuple(i for i in opened if i.flagged),
        low_confidence=tuple(i for i in opened if i.low_confidence),
        na_without_note=tuple(bare),
        unanswered=tuple(unanswered),
    )
