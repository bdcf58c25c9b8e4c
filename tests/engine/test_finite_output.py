"""The engine never prints nan or inf: any rubric numbers within the schema's bounds, any
answers and baseline, give a Markdown and a TOML report without a non-finite number."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.engine import evaluate
from csmaturity_tui.formats import markdown, toml_writer
from csmaturity_tui.model import Assessment
from helpers import SMALL
from strategies import assessments

BASE: dict[str, Any] = tomllib.loads(SMALL.read_text(encoding="utf-8"))
NON_FINITE = re.compile(r"\b(nan|inf|infx|-inf)\b", re.IGNORECASE)

weights = st.floats(min_value=1e-300, max_value=rubric_mod.WEIGHT_MAX, allow_subnormal=False)
shares = st.floats(min_value=0.0, max_value=1.0, allow_subnormal=False)
multipliers = st.floats(min_value=1.0, max_value=10.0, allow_subnormal=False)


@st.composite
def rubrics(draw: st.DrawFn) -> rubric_mod.Rubric:
    data: dict[str, Any] = tomllib.loads(tomli_w.dumps(BASE))
    for dim in data["dimensions"]:
        dim["weight"] = draw(weights)
        for key in dim.get("levers", {}):
            dim["levers"][key] = draw(st.floats(0.0, rubric_mod.WEIGHT_MAX, allow_subnormal=False))
        for el in dim["elements"]:
            el["weight"] = draw(weights)
    for agent in data["agents"]:
        agent["feeds"] = {k: draw(weights) for k in agent["feeds"]}
    nrr = data.setdefault("nrr", {})
    low, high = sorted((draw(multipliers), draw(multipliers)))
    nrr["churn_tax"] = [low, high]
    years = len(nrr.get("recovery", [0.3, 0.5, 0.7]))
    nrr["recovery"] = [draw(shares) for _ in range(years)]
    nrr["capture"] = [draw(shares) for _ in range(years)]
    nrr["benchmark_grr"] = draw(shares)
    nrr["benchmark_expansion_rate"] = draw(st.floats(0.0, 10.0, allow_subnormal=False))
    return rubric_mod.loads(tomli_w.dumps(data))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_reports_print_no_non_finite_number(data: st.DataObject) -> None:
    rubric = data.draw(rubrics())
    drawn: Assessment = data.draw(assessments(rubric))
    # free text could spell "inf" or "NaN" itself: only numbers are under test here
    assessment = dataclasses.replace(
        drawn,
        meta=dataclasses.replace(drawn.meta, client="Client", scope="", assessors=""),
        answers={
            k: dataclasses.replace(a, note="", na_reason=None if a.na_reason is None else "n/a")
            for k, a in drawn.answers.items()
        },
    )
    report = evaluate(rubric, assessment)
    md = markdown.render(rubric, assessment, report)
    text = toml_writer.dumps(rubric, assessment, report)
    report_part = text[text.index("[report]") : text.index("\n[rubric]")]
    assert not NON_FINITE.search(md), NON_FINITE.search(md)
    assert not NON_FINITE.search(report_part), NON_FINITE.search(report_part)
