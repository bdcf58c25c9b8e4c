"""docs/methodology.md describes the default rubric as it is: nothing missing."""

from __future__ import annotations

from pathlib import Path

from csmaturity_tui import rubric

DOC = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"


def test_doc_names_every_dimension_area_element_and_agent() -> None:
    text = DOC.read_text()
    r = rubric.load()
    missing = []
    for d in r.dimensions:
        wanted = [f"({d.id})", *(f"**{a}**" for a in d.areas)]
        wanted += [f"({e.id})" for e in d.elements]
        missing += [w for w in wanted if w.strip("()") not in text]
    missing += [a.id for a in r.ai_readiness if f"| {a.id} |" not in text]
    missing += [ag.name for ag in r.agents if f"| {ag.name} |" not in text]
    missing += [s.name for s in r.scale if f"| {s.name} |" not in text]
    assert missing == []


def test_doc_has_the_formulas_section() -> None:
    text = DOC.read_text()
    for heading in ("## The scale", "## The dimensions", "## How the numbers are computed"):
        assert heading in text
