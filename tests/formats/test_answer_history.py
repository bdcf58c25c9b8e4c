"""The Markdown report's optional appendix on the answer history (``--with-history``)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from csmaturity_tui import services
from csmaturity_tui.model import Answer
from csmaturity_tui.presentation.history import when
from csmaturity_tui.store import Store

# the appendix of a small assessment, each stamp written as T
GOLDEN = Path(__file__).parent / "golden" / "history_small.md"


def _appendix(text: str) -> str:
    """The appendix (the report's last section), each stamp replaced by ``T``."""
    section = text[text.index('## <a id="appendix-answer-history">') :]
    return re.sub(r"^\| \d{1,2} \w{3} \d{4} \d\d:\d\d \|", "| T |", section, flags=re.M)


def test_the_appendix_groups_each_elements_changes_in_order(store: Store, aid: str) -> None:
    store.set_answer(aid, Answer("SQ-2", na_reason="no signals yet"))  # first in time
    store.set_answer(aid, Answer("OB-1", level=2), by="Ada")
    note = "seen in the | tracker"
    store.set_answer(
        aid, Answer("OB-1", level=3, confidence="high", note=note, flagged=True), by="Ada"
    )
    store.undo(aid, by="Bo")
    store.redo(aid, by="Bo")
    low = Answer("OB-1", level=3, confidence="low", note=note, flagged=True)
    store.set_answer(aid, low, by="Ada")  # the note as it was: not repeated
    store.clear_answer(aid, "SQ-2")
    text = services.render(store, aid, "md", with_history=True)
    assert _appendix(text) == GOLDEN.read_text(encoding="utf-8")
    contents = text[: text.index("## <a id=")]
    assert "[Appendix: answer history](#appendix-answer-history)" in contents
    # off by default: the report is the same, less the appendix and its line in the contents
    plain = services.render(store, aid, "md")
    assert "answer history" not in plain
    assert len(plain.splitlines()) < len(text.splitlines())


def test_an_assessment_with_no_recorded_change_says_so(store: Store, aid: str) -> None:
    text = services.render(store, aid, "md", with_history=True)
    assert text.endswith("Appendix: answer history\n\nNo change of any answer is recorded.\n")


def test_when_is_local_and_readable() -> None:
    plus_two = dt.timezone(dt.timedelta(hours=2))
    assert when("2026-12-03T23:30:05Z", plus_two) == "4 Dec 2026 01:30"
    assert when("2026-12-03T09:05:00Z", dt.UTC) == "3 Dec 2026 09:05"
    assert when("yesterday\nnoon", dt.UTC) == "yesterday noon"  # not a stamp: as it is
