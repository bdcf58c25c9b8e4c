"""The NRR case in the Markdown and TOML reports: figures that add up by hand, the bridge,
the executive summary, the unsized case, and what [report] carries."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.demo import demo_path
from csmaturity_tui.engine import Report, evaluate
from csmaturity_tui.formats import markdown, toml_writer
from csmaturity_tui.formats.toml_reader import parse
from csmaturity_tui.model import Answer, Assessment, AssessmentMeta
from csmaturity_tui.presentation import fmt
from csmaturity_tui.rubric import Rubric
from helpers import HAND_BASELINE, SMALL
from strategies import assessments

RUBRICS = {"small": rubric_mod.load(SMALL), "default": rubric_mod.load()}
BASE = replace(HAND_BASELINE, period="FY2025")


def _demo() -> tuple[Rubric, Assessment, Report]:
    rubric_text, meta, baseline, answers, _pilots = parse(
        demo_path().read_text(encoding="utf-8"), "demo"
    )
    rubric = rubric_mod.loads(rubric_text)
    assessment = Assessment(meta, baseline, {a.element_id: a for a in answers})
    return rubric, assessment, evaluate(rubric, assessment)


def _without_anchors(text: str) -> str:
    """The report with its sections' explicit anchors taken out: headings as a reader sees them."""
    return re.sub(r'<a id="[a-z0-9-]+"></a>', "", text)


def _table_after(text: str, heading: str) -> list[list[str]]:
    """The rows (cells) of the first table after ``heading``, header and rule left out."""
    lines = _without_anchors(text).splitlines()
    i = lines.index(heading)
    while not lines[i].startswith("| "):
        i += 1
    rows = []
    for line in lines[i + 2 :]:
        if not line.startswith("| "):
            break
        rows.append([c.strip() for c in line.strip("|").split(" | ")])
    return rows


def _money(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


def _hundredths(text: str) -> int:
    """``98.37%`` or ``+0.15 pts`` as hundredths of a point."""
    return round(float(re.sub(r"[^\d.]", "", text)) * 100)


def _check_adds_up(text: str) -> None:
    """Every part-and-total a reader can check, checked at the precision shown."""
    sizing = {r[0]: r[1] for r in _table_after(text, "## NRR sizing")}
    assert _money(sizing["Churn Tax"]) == _money(sizing["Churn Tax: ARR lost"]) + _money(
        sizing["Churn Tax: indirect cost"]
    )
    assert _money(sizing["Churn Tax: ARR lost"]) == _money(
        sizing["Churned ARR (logo churn)"]
    ) + _money(sizing["Contraction ARR"])
    assert _money(sizing["Recoverable ARR"]) == _money(
        sizing["Recoverable: retain lever"]
    ) + _money(sizing["Recoverable: protect lever"])
    assert _money(sizing["Opportunity"]) == _money(sizing["Recoverable ARR"]) + _money(
        sizing["Expansion Gap (expand lever)"]
    )
    bridge = _table_after(text, "### Bridge to the Year-1 target")
    today, *steps, target = (_hundredths(r[1]) for r in bridge)
    assert today + sum(steps) == target
    assert sum(_money(r[2]) for r in bridge[1:-1]) == _money(bridge[-1][2])
    vectors = _table_after(text, "## Recovery vectors")
    fixes = [r for r in vectors if r[0].isdigit()]
    total = next(r for r in vectors if r[1] == "**All fixes**")
    assert sum(_money(r[4]) for r in fixes) == _money(total[4])
    assert _money(total[4]) <= _money(sizing["Opportunity"])
    areas = _table_after(text, "By area: each fix broken down over its areas below target "
                         "(the parts add up to the fix's return):")  # fmt: skip
    for fix in fixes:
        mine = [r for r in areas if r[0].startswith(fix[1] + " / ")]
        assert sum(_money(r[2]) for r in mine) == _money(fix[4])
    trajectory = _table_after(text, "### Trajectory")
    assert trajectory[0][2] == bridge[-1][2]  # year 1: the bridge's ARR
    assert trajectory[-1][2] == total[4].strip("*")  # the last year realizes every fix


def test_the_demo_adds_up_by_hand() -> None:
    rubric, assessment, report = _demo()
    text = markdown.render(rubric, assessment, report)
    _check_adds_up(text)
    # the executive summary: situation, findings, decision, opportunity, target and range
    plain = _without_anchors(text)
    summary = plain[plain.index("## Executive summary") : plain.index("## Summary")]
    for part in ("**Situation.**", "**Findings.**", "**Decision asked for.**"):
        assert part in summary
    n = report.nrr
    assert f"**Total opportunity:** {markdown.md_text(fmt.amount(n.opportunity_arr))}" in summary
    low, high = fmt.pct(n.year1_target_low), fmt.pct(n.year1_target_high)
    assert f"{fmt.pct(n.year1_target_nrr)} (range {low} to {high})" in summary
    assert "Return is the ARR a fix adds each year" in text  # what "return" means
    assert "csmaturity's own addition to the method" in text  # the tool's additions marked


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
@pytest.mark.parametrize("rubric", list(RUBRICS.values()), ids=list(RUBRICS))
def test_any_sized_report_adds_up(rubric: Rubric, data: st.DataObject) -> None:
    assessment = data.draw(assessments(rubric))
    report = evaluate(rubric, assessment)
    text = markdown.render(rubric, assessment, report)
    if report.nrr.sized and any(v.kind == "dimension" for v in report.recovery_vectors):
        _check_adds_up(text)
    if not report.nrr.sized:
        assert "The NRR case is not sized" in text
        assert "### Bridge to the Year-1 target" not in text
    if report.nrr.available and not report.nrr.sized:  # too little evidence
        assert "No scored dimension is below its target" not in text
        assert "Not ranked: too little evidence" in text


@pytest.mark.parametrize("rubric", list(RUBRICS.values()), ids=list(RUBRICS))
def test_nothing_scored_says_what_is_missing(rubric: Rubric) -> None:
    answers = {e: Answer(e, na_reason="unknown here") for e in rubric.element_by_id}
    assessment = Assessment(AssessmentMeta(id="n", client="Nobody"), BASE, answers)
    report = evaluate(rubric, assessment)
    text = markdown.render(rubric, assessment, report)
    total = rubric.element_count
    assert f"too little evidence: 0 of {total} elements scored (0%)" in text
    assert "No scored dimension is below its target" not in text
    assert "No dimension is below its target" not in text
    assert "Not ranked: too little evidence" in text
    assert "Complete the assessment before any NRR figure is taken to Finance." in text
    assert "Churn Tax:" not in text and "Year-1 NRR target" not in text


@pytest.mark.parametrize("rubric", list(RUBRICS.values()), ids=list(RUBRICS))
def test_everything_at_the_top_is_flat(rubric: Rubric) -> None:
    answers = {e: Answer(e, level=rubric.levels) for e in rubric.element_by_id}
    assessment = Assessment(AssessmentMeta(id="t", client="Top"), BASE, answers)
    report = evaluate(rubric, assessment)
    text = markdown.render(rubric, assessment, report)
    assert "No scored dimension is below its target." in text
    assert "no fix is scheduled, so the trajectory stays at today's NRR" in text
    bridge = _table_after(text, "### Bridge to the Year-1 target")
    assert [r[0] for r in bridge] == ["NRR today", "Year-1 NRR target"]
    assert bridge[0][1] == bridge[1][1]


def test_toml_report_carries_the_nrr_case() -> None:
    rubric, assessment, report = _demo()
    data = tomllib.loads(toml_writer.dumps(rubric, assessment, report))
    n = data["report"]["nrr"]
    for key in (
        "sized",
        "recoverable_arr",
        "indirect_cost",
        "opportunity_arr",
        "exposure_retain",
        "exposure_protect",
        "exposure_expand",
        "year1_target_low",
        "year1_target_nrr",
        "year1_target_high",
        "trajectory",
    ):
        assert key in n, key
    r = report.nrr
    assert n["sized"] is True and n["opportunity_arr"] == r.opportunity_arr
    assert n["year1_target_nrr"] == r.year1_target_nrr
    bridge = n["bridge"]
    assert bridge[0]["id"] == "today" and bridge[-1]["id"] == "year1_target"
    assert bridge[0]["points"] + sum(b["points"] for b in bridge[1:-1]) == bridge[-1]["points"]
    assumptions = data["report"]["assumptions"]
    assert [a["name"] for a in assumptions] == [a.name for a in r.assumptions]
    assert {a["origin"] for a in assumptions} >= {"article", "benchmark", "tool"}
    areas = [v for v in data["report"]["recovery_vectors"] if v["kind"] == "area"]
    assert areas and all("parent" in v for v in areas)
