"""The later round's Markdown: "Since the last assessment" and the trend over rounds."""

from __future__ import annotations

import re
from pathlib import Path

from csmaturity_tui import services
from csmaturity_tui.model import Answer, Baseline
from csmaturity_tui.rubric import load
from csmaturity_tui.store import Store
from helpers import SMALL

BASE = Baseline(start_arr=1e6, churned_arr=8e4, contraction_arr=2e4, expansion_arr=5e4)


def _two_rounds(store: Store) -> tuple[str, str]:
    rubric = load(SMALL)
    first = store.create_assessment(rubric, client="Acme", date="2025-03-04", baseline=BASE)
    store.set_answer(first, Answer("OB-1", level=1, note="a | pipe and *stars*"))
    store.set_answer(first, Answer("OB-2", level=3))
    second = store.reassess(first, rubric, date="2026-03-04").id
    store.set_answer(second, Answer("OB-1", level=4, note="owner named"))
    return first, second


def _plain(text: str) -> str:
    """The report with the sections' explicit anchors taken out (checked elsewhere)."""
    return re.sub(r'<a id="[a-z0-9-]+"></a>', "", text)


def test_the_later_round_says_what_changed_since(tmp_path: Path) -> None:
    with Store.open(tmp_path / "cs.db") as store:
        first, second = _two_rounds(store)
        earlier = _plain(services.render(store, first, "md"))
        later = _plain(services.render(store, second, "md"))
    assert "## Since the last assessment" not in earlier
    assert "## Trend over rounds" in earlier  # the client has two rounds
    assert "[Since the last assessment](#since-the-last-assessment)" in later
    section = later.split("## Since the last assessment", 1)[1].split("\n## ", 1)[0]
    assert "From 2025-03-04 (fixture-small 0.3.1) to 2026-03-04" in section
    assert "1 → 4, crosses the middle" in section
    assert "a \\| pipe and \\*stars\\*" in section  # user text cannot break the table
    assert "owner named" in section
    assert "- **Most improved**: OB-1" in section
    trend = later.split("## Trend over rounds", 1)[1].split("\n## ", 1)[0]
    assert "xychart-beta" in trend and 'x-axis ["2025-03-04", "2026-03-04"]' in trend
    assert "| 2025-03-04 |" in trend and "| 2026-03-04 |" in trend


def test_a_single_round_has_neither_section(tmp_path: Path) -> None:
    with Store.open(tmp_path / "cs.db") as store:
        aid = store.create_assessment(load(SMALL), client="Solo", date="2025-01-01", baseline=BASE)
        text = services.render(store, aid, "md")
    assert "Since the last assessment" not in text and "Trend over rounds" not in text
