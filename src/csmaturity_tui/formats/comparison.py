"""A comparison of two rounds as JSON (``compare --format json``, a contract) and as
Markdown (``compare --format md`` and the later round's "Since the last assessment"),
and a client's trend as Markdown (a Mermaid ``xychart-beta`` line per dimension, and a
table).

JSON levels are numbers, N/A is ``"na"``, unanswered is ``null``; scores are rounded to
four decimals (a delta is the difference of the rounded scores' exact values, rounded).
"""

from __future__ import annotations

import math
from typing import Any

from csmaturity_tui.engine.compare import Comparison, ElementChange, Round, Trend
from csmaturity_tui.formats.markdown import XY_THEME, cell, md_text, mermaid_label
from csmaturity_tui.presentation.changes import (
    CHANGE_KINDS,
    delta,
    forecast,
    move,
    share,
    unmatched_why,
    value_text,
)
from csmaturity_tui.presentation.fmt import NONE, pct, score
from csmaturity_tui.presentation.wording import OUTCOME_NAMES

__all__ = ["comparison_lines", "render_comparison", "to_json", "trend_lines"]


def _num(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else round(value, 4)


def _round(r: Round) -> dict[str, str]:
    return {"id": r.id, "date": r.date, "rubric": r.rubric}


def _element(c: ElementChange) -> dict[str, Any]:
    return {
        "element": c.element_id,
        "before": c.before,
        "after": c.after,
        "note_before": c.note_before,
        "note_after": c.note_after,
    }


def _concerns(c: Comparison) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [
        {"kind": "drop", "element": x.element_id, "before": x.before, "after": x.after}
        for x in c.drops
    ]
    out += [
        {
            "kind": "still_weak",
            "dimension": w.dimension_id,
            "area": w.area,
            "before": _num(w.before),
            "after": _num(w.after),
        }
        for w in c.still_weak
    ]
    return out


def to_json(c: Comparison) -> dict[str, Any]:
    """The comparison as the JSON object of the contract (``json.dumps`` it)."""
    return {
        "before": _round(c.before),
        "after": _round(c.after),
        "comparable_share": _num(c.comparable_share),
        "dimensions": [
            {
                "id": d.id,
                "before": _num(d.before),
                "after": _num(d.after),
                "delta": _num(d.delta),
            }
            for d in c.dimensions
        ],
        "elements": [_element(x) for x in c.changes],
        "most_improved": [
            {"element": x.element_id, "before": x.before, "after": x.after} for x in c.most_improved
        ],
        "concerns": _concerns(c),
        "nrr": {"forecast_year1": _num(c.nrr_forecast_year1), "actual": _num(c.nrr_actual)},
    }


# -- Markdown ---------------------------------------------------------------------------


def _scores_table(c: Comparison) -> list[str]:
    rows = [
        [cell(d.name), score(d.before), score(d.after), delta(d.delta)]
        for d in (*c.dimensions, c.overall)
    ]
    out = ["| Dimension | Before | After | Change |", "| --- | ---: | ---: | ---: |"]
    return out + ["| " + " | ".join(r) + " |" for r in rows]


def _changes_table(c: Comparison) -> list[str]:
    if not c.changes:
        return ["No element's answer changed."]
    out = [
        "| Element | Where | Change | Kind | Note before | Note after |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for x in c.changes:
        name = f"{md_text(x.element_id)} {md_text(x.title)}"
        if x.source:
            name += f" (was {md_text(x.source)})"
        row = [name, cell(x.where), move(x), CHANGE_KINDS[x.kind]]
        out.append("| " + " | ".join([*row, cell(x.note_before), cell(x.note_after)]) + " |")
    return out


def _named(changes: tuple[ElementChange, ...]) -> str:
    return "; ".join(f"{md_text(x.element_id)} {md_text(x.title)} ({move(x)})" for x in changes)


def _highlights(c: Comparison) -> list[str]:
    out = [f"- **Most improved**: {_named(c.most_improved) or NONE}"]
    out.append(f"- **Largest drops**: {_named(c.drops) or NONE}")
    weak = "; ".join(
        f"{md_text(w.label)} ({score(w.before)} → {score(w.after)})" for w in c.still_weak
    )
    out.append(f"- **Still weak, did not move**: {weak or NONE}")
    crossing = _named(c.crossings)
    out.append(f"- **Crossed the middle of the scale**: {crossing or NONE}")
    return out


def _unmatched(c: Comparison) -> list[str]:
    if not c.unmatched:
        return []
    out = ["", "Elements of one round only (not compared):", ""]
    out += [
        f"- {md_text(u.element_id)} {md_text(u.title)}: {unmatched_why(u)}, {value_text(u.value)}"
        for u in c.unmatched
    ]
    return out


def _pilots(c: Comparison) -> list[str]:
    if not c.pilots:
        return ["- **Pilots**: no outcome recorded since"]
    done = "; ".join(
        f"{md_text(p.name)}: {OUTCOME_NAMES[p.before]} → {OUTCOME_NAMES[p.after]}" for p in c.pilots
    )
    return [f"- **Pilots since**: {done}"]


def comparison_lines(c: Comparison) -> list[str]:
    """The body of a comparison (no heading): scores, highlights, NRR, element changes."""
    out = [
        f"From {md_text(c.before.date)} ({md_text(c.before.rubric)}) to "
        f"{md_text(c.after.date)} ({md_text(c.after.rubric)}): {share(c)}.",
        "",
        *_scores_table(c),
        "",
        *_highlights(c),
        f"- **NRR**: {forecast(c)}",
        *_pilots(c),
        "",
        "### Element changes",
        "",
        *_changes_table(c),
        *_unmatched(c),
    ]
    return out


def render_comparison(c: Comparison, client: str) -> str:
    """A comparison as a Markdown document of its own."""
    title = f"# What changed: {md_text(client) or 'Unnamed client'}"
    return "\n".join([title, "", *comparison_lines(c), ""])


def trend_lines(t: Trend) -> list[str]:
    """A client's rounds over time: a Mermaid line per dimension, then the numbers."""
    dates = [p.round.date for p in t.points]
    out = ["```mermaid", XY_THEME, "xychart-beta", '    title "Maturity by round"']
    out.append("    x-axis [" + ", ".join(mermaid_label(d) for d in dates) + "]")
    out.append(f'    y-axis "Score" 1 --> {t.levels}')
    drawn = [(d, n) for d, n in t.dimensions if None not in t.series(d)]
    for dim_id, _name in drawn:
        out.append(
            "    line [" + ", ".join(f"{v:.2f}" for v in t.series(dim_id) if v is not None) + "]"
        )
    names = ", ".join(md_text(n) for _d, n in drawn) or NONE
    out += ["```", "", f"One line per dimension, in this order: {names}.", ""]
    header = ["Date", *(cell(name) for _id, name in t.dimensions), "Overall", "GRR", "NRR"]
    out += ["| " + " | ".join(header) + " |"]
    out += ["| --- |" + " ---: |" * (len(header) - 1)]
    for p in t.points:
        row = [md_text(p.round.date)]
        row += [score(p.dimensions.get(d)) for d, _n in t.dimensions]
        row += [score(p.overall), pct(p.grr), pct(p.nrr)]
        out.append("| " + " | ".join(row) + " |")
    return out
