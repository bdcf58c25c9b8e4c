"""The Markdown report's optional appendix: every recorded change of every answer.

Grouped by element in the rubric's order (dimensions, then AI readiness; answers kept
from an earlier rubric last, by id), each element's changes oldest first, with when (UTC,
so the same history gives the same bytes on any machine), who, what happened, the answer
before and after, and the note. Off unless asked for (``export --with-history``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from csmaturity_tui.formats.markdown import HISTORY, _table, cell, md_text
from csmaturity_tui.presentation.history import Change, HistoryLine, history_lines
from csmaturity_tui.rubric import Rubric

__all__ = ["HISTORY", "history_section"]

_HEADER = ("When (UTC)", "Who", "What", "From", "To", "Note")


def _titles(rubric: Rubric) -> dict[str, str]:
    """Every element's title by id, in the rubric's order."""
    titles = {e.id: e.title for d in rubric.dimensions for e in d.elements}
    titles.update((a.id, a.title) for a in rubric.ai_readiness)
    return titles


def _row(line: HistoryLine) -> list[str]:
    """The cells of one change; a note only where the change changed it, after what
    happened to it ("note changed: ..."), as the app's panel shows it."""
    note = ": ".join(p for p in (line.note_change, line.note.strip()) if p and line.note_change)
    return [cell(c) for c in (line.when, line.who, line.what, line.before, line.after, note)]


def history_section(rubric: Rubric, changes: Iterable[Change]) -> list[str]:
    """The appendix's body (its heading is the caller's): a table per element changed."""
    by_element: dict[str, list[HistoryLine]] = {}
    for line in history_lines(rubric, changes, tz=dt.UTC):
        by_element.setdefault(line.element_id, []).append(line)
    if not by_element:
        return ["No change of any answer is recorded."]
    titles = _titles(rubric)
    order: Sequence[str] = [
        *(eid for eid in titles if eid in by_element),
        *sorted(eid for eid in by_element if eid not in titles),
    ]
    out = [
        "Every recorded change of each answer, oldest first. An undone change is "
        "reverted by the row that says so; a redone one is made again."
    ]
    for eid in order:
        title = titles.get(eid)
        label = f"**{md_text(eid)}** {md_text(title)}" if title else f"**{md_text(eid)}**"
        if title is None:
            label += " (not in this rubric)"
        out += ["", label, "", *_table(_HEADER, (_row(line) for line in by_element[eid]))]
    return out
