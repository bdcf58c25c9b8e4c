"""An answer's history in words, the same in the question flow's panel and in Markdown.

One line per recorded change: when (local time, readable), who, what happened (answered,
changed, cleared, undone, redone, imported...), the answer before and after it (a level
with its name and confidence, N/A with its reason, or not answered; flagged if so), what
happened to the note, and the note it left. Plain text: each view escapes it its own way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from csmaturity_tui.presentation.fmt import NONE, clipped, one_line

if TYPE_CHECKING:
    from csmaturity_tui.model import Answer
    from csmaturity_tui.rubric import Rubric

__all__ = ["Change", "HistoryLine", "history_lines", "when"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# what each kind of change is called (an unknown kind, written by a later version: as is)
_ACTIONS: dict[str, str] = {
    "clear": "cleared",
    "undo": "undone",
    "redo": "redone",
    "import": "imported",
    "copy": "copied",
    "carry": "carried from the previous round",
}


class Change(Protocol):
    """One recorded change of one answer (the store's history entries are these)."""

    @property
    def element_id(self) -> str: ...
    @property
    def at(self) -> str: ...
    @property
    def by(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def before(self) -> Answer | None: ...
    @property
    def after(self) -> Answer | None: ...


@dataclass(frozen=True)
class HistoryLine:
    """One change in words (plain text, on one line each but ``note``)."""

    element_id: str
    when: str
    who: str
    what: str
    before: str
    after: str
    note_change: str  # "note added", "note changed", "note removed" or ""
    note: str  # the note the change left ("" when none), as written


def when(at: str, tz: dt.tzinfo | None = None) -> str:
    """A stored UTC stamp as local time (``tz``, else the machine's): ``3 Dec 2026 11:14``;
    a stamp that is not a date is shown as it is, on one line."""
    try:
        moment = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    except ValueError:
        return one_line(at) or NONE
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    local = moment.astimezone(tz)
    return f"{local.day} {_MONTHS[local.month - 1]} {local.year} {local:%H:%M}"


def state(rubric: Rubric, answer: Answer | None) -> str:
    """``3 Operationalized, high confidence``, ``N/A: no such team``, ``not answered``;
    ``, flagged`` after an answer flagged for review."""
    if answer is None or not answer.is_done:
        text = "not answered"
    elif answer.level is not None:
        level = answer.level
        name = rubric.scale[level - 1].name if 1 <= level <= rubric.levels else ""
        text = f"{level} {one_line(name)}".strip() + f", {answer.confidence} confidence"
    else:
        text = f"N/A: {clipped(answer.na_reason or '', 40)}"
    return text + ", flagged" if answer is not None and answer.flagged else text


def _note_change(before: Answer | None, after: Answer | None) -> str:
    old = before.note.strip() if before is not None else ""
    new = after.note.strip() if after is not None else ""
    if old == new:
        return ""
    if not old:
        return "note added"
    return "note removed" if not new else "note changed"


def _what(change: Change) -> str:
    if change.action == "set":
        was = change.before is not None and change.before.is_done
        now = change.after is not None and change.after.is_done
        return "answered" if now and not was else "changed"
    return _ACTIONS.get(change.action, one_line(change.action))


def history_lines(
    rubric: Rubric, changes: Iterable[Change], tz: dt.tzinfo | None = None
) -> list[HistoryLine]:
    """Each change in words, in the order given."""
    return [
        HistoryLine(
            element_id=c.element_id,
            when=when(c.at, tz),
            who=one_line(c.by) or NONE,
            what=_what(c),
            before=state(rubric, c.before),
            after=state(rubric, c.after),
            note_change=_note_change(c.before, c.after),
            note=c.after.note if c.after is not None else "",
        )
        for c in changes
    ]
