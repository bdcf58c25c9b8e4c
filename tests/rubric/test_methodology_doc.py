"""docs/methodology.md describes the default rubric as it is: nothing missing."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

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


def _generator() -> ModuleType:
    path = DOC.parent / "make_methodology.py"
    spec = importlib.util.spec_from_file_location("make_methodology", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_doc_is_generated_from_the_default_rubric() -> None:
    """The rubric's parts of the doc are what docs/make_methodology.py writes today."""
    text = DOC.read_text()
    assert _generator().render(text, rubric.load()) == text, (
        "docs/methodology.md is stale: run .venv/bin/python docs/make_methodology.py"
    )


def test_doc_says_where_each_dimension_comes_from() -> None:
    text = DOC.read_text()
    for d in rubric.load().dimensions:
        assert d.source, f"{d.id}: the default rubric says where each dimension comes from"
        assert f"*Where it comes from.* {d.source}" in text
