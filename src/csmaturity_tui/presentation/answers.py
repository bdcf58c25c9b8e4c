"""An answer's state and the progress of an assessment, as every view counts and names them.

Light to import (the model only): the question flow's tree uses it on every answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from csmaturity_tui.model import Answer

__all__ = ["AnswerState", "answer_state", "is_done", "progress"]

AnswerState = Literal["answered", "na", "unanswered"]


def is_done(answer: Answer | None) -> bool:
    """Whether an element is done (:attr:`Answer.is_done`); no answer is not done."""
    return answer is not None and answer.is_done


def answer_state(answer: Answer | None) -> AnswerState:
    """``answered`` (a level), ``na`` (N/A with a reason) or ``unanswered``: what the
    answer says, carried from the previous round or not (:func:`is_done` tells that)."""
    if answer is None:
        return "unanswered"
    if answer.is_scored:
        return "answered"
    return "na" if answer.is_na else "unanswered"


def progress(answered: int, na: int, total: int) -> str:
    """``12 answered, 3 N/A, of 20 elements``."""
    return f"{answered} answered, {na} N/A, of {total} elements"
