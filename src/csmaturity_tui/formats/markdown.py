"""The Markdown report: what a CS leader forwards to the CEO and the board.

Renders a :class:`Report` (never computing a score of its own) as GitHub-flavoured
Markdown with Mermaid charts: the five outputs, the scores table, the agent
quadrant, the NRR sizing and trajectory, the blueprint phases (blocked external
agents and why), the recovery vectors, the assumptions and formulas, and an
appendix with every answer and note by dimension.

Every piece of text that does not come from this module (client, scope, notes,
reasons, and the rubric's own names) goes through :func:`md_text`,
:func:`cell` or :func:`mermaid_label`, so it cannot break a table, open a code
block, pass HTML through or break a chart. The same inputs give the same bytes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from csmaturity_tui.engine.compare import Comparison, Trend
from csmaturity_tui.engine.report import (
    AgentPlacement,
    GateGap,
    PhaseItem,
    RecoveryVector,
    Report,
)
from csmaturity_tui.model import Answer, Assessment, AssessmentMeta
from csmaturity_tui.presentation import fmt, nrr_rows
from csmaturity_tui.presentation.answers import answer_state, is_done
from csmaturity_tui.presentation.fmt import (
    NONE,
    amount,
    clipped,
    one_line,
    pct,
    points,
    score,
    shares_of,
)
from csmaturity_tui.presentation.history import Change
from csmaturity_tui.presentation.wording import (
    ASSUMPTION_ORIGINS,
    OUTCOME_NAMES,
    QUADRANT_NAMES,
    STATUS_NAMES,
    gap,
    item_status,
    phase_counts,
    status_counts,
    watch_state,
)
from csmaturity_tui.rubric import Rubric

__all__ = ["cell", "md_text", "mermaid_label", "render"]

# -- escaping ---------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#$~])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_clean = one_line


def md_text(text: str) -> str:
    """User text as inline Markdown: one line, Markdown and HTML characters escaped."""
    cleaned = _ENTITY.sub("&amp;", _clean(text))
    return _MD_SPECIAL.sub(r"\\\1", cleaned)


def cell(text: str) -> str:
    """User text inside a table cell (the same escaping; an empty cell shows as a space)."""
    return md_text(text) or " "


def mermaid_label(text: str, limit: int = 60) -> str:
    """Text for a Mermaid label, quoted: no quotes, brackets, backticks, comments or entities."""
    cleaned = _clean(text)
    cleaned = cleaned.replace('"', "'").replace("`", "'")
    cleaned = cleaned.translate(str.maketrans("[]{}<>", "()()()"))
    cleaned = re.sub(r"[#;%:\\]", " ", cleaned)
    return f'"{clipped(cleaned, limit) or "?"}"'


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], align: str = "") -> list[str]:
    """A GFM table; ``align`` has one letter per column (l or r), left by default."""
    marks = [("---:" if a == "r" else "---") for a in align.ljust(len(header), "l")]
    out = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


# -- pieces -----------------------------------------------------------------------------


def _level_name(rubric: Rubric, level: int | None) -> str:
    if level is None or not 1 <= level <= rubric.levels:
        return NONE
    return f"{level} {md_text(rubric.scale[level - 1].name)}"


def _answer_text(rubric: Rubric, answer: Answer | None) -> str:
    state = answer_state(answer)
    if state == "answered" and answer is not None:
        return _level_name(rubric, answer.level)
    return "N/A" if state == "na" else "not answered"


def _gap_text(g: GateGap) -> str:
    return gap(md_text(g.label), g.kind, g.current, g.required)


def _pilot_text(agent: AgentPlacement) -> str:
    """An internal agent's pilot outcome; for an external one, the pilots it still waits on."""
    if agent.pilot_outcome is not None:
        return OUTCOME_NAMES[agent.pilot_outcome]
    if not agent.after:
        return NONE
    return f"{len(agent.after) - len(agent.unproven)} of {len(agent.after)} proven"


def _agents_section(report: Report) -> list[str]:
    """The agents table (one status each), the pilots' outcomes, and the gate rules."""
    out = _table(
        ("Agent", "Exposure", "Maturity", "Weakest", "Status", "Pilots", "Effort"),
        (
            [
                md_text(a.name),
                a.exposure,
                score(a.maturity),
                score(a.weakest),
                STATUS_NAMES[a.status],
                _pilot_text(a),
                str(a.effort),
            ]
            for a in report.agents
        ),
        "llrrllr",
    )
    out += [
        "",
        "Status: an internal agent is piloted whatever its gate, and is ready to scale once "
        "the gate passes and its pilot is proven; an external agent is beta-ready only when "
        "the gate passes, every fed dimension is scored and every pilot it waits on is "
        "proven. The gate takes the "
        "weighted mean of the fed dimensions, the weakest of them (the weak link) and each "
        "safeguard element at its minimum level; an unanswered or N/A safeguard is not met.",
    ]
    return out + _pilot_outcomes(report)


def _pilot_outcomes(report: Report) -> list[str]:
    """Each internal pilot's outcome, the failure modes it showed and its note."""
    pilots = [a for a in report.agents if a.pilot_outcome is not None]
    if not pilots:
        return []
    rows = (
        [
            md_text(a.name),
            OUTCOME_NAMES[a.pilot_outcome or "not_started"],
            "; ".join(
                f"{md_text(fm.signal)} (→ {md_text(fm.where)})" for fm in a.failure_modes if fm.seen
            )
            or NONE,
            cell(a.pilot_note),
        ]
        for a in pilots
    )
    header = ("Pilot", "Outcome", "Failure modes seen", "Note")
    return ["", "### Pilot outcomes", "", *_table(header, rows)]


def _open_items_section(report: Report, rubric: Rubric) -> list[str]:
    """Flagged and low-confidence answers, with their notes."""
    out = ["", "## Open items", ""]
    if not report.open_items:
        return [*out, "No answer is flagged for review or given with low confidence."]
    flagged = sum(i.flagged for i in report.open_items)
    low = sum(i.low_confidence for i in report.open_items)
    out.append(
        f"{flagged} answer{'s' if flagged != 1 else ''} flagged for review and {low} given "
        "with low confidence: settle them before the figures above are final."
    )
    out.append("")
    out += _table(
        ("Element", "Title", "Where", "Answer", "Open because", "Note"),
        (
            [
                md_text(i.element_id),
                md_text(i.title),
                md_text(i.where),
                "N/A" if i.na else _level_name(rubric, i.level),
                ", ".join(
                    w
                    for w, on in (
                        ("flagged", i.flagged),
                        ("low confidence", i.low_confidence),
                        ("assessors disagree", i.conflict),
                    )
                    if on
                ),
                cell(i.note),
            ]
            for i in report.open_items
        ),
    )
    return out


def _agreement_section(report: Report, rubric: Rubric) -> list[str]:
    """Several assessors: agreement per dimension and overall, then the widest conflicts."""
    from csmaturity_tui.presentation import assessors as words

    if report.agreement is None:
        return []
    out = ["", f"## {AGREEMENT}", "", md_text(words.lead(report.agreement, report.conflicts))]
    out += [
        "",
        "Agreement is Krippendorff's alpha for ordinal levels: 1 is perfect agreement, "
        "0 no better than chance. N/A answers take no part. *Apart by 2+* is the share of "
        "the elements compared whose levels differ by two or more.",
        "",
    ]
    rows = [[md_text(c) for c in row] for row in words.agreement_rows(report.agreement)]
    out += _table(words.AGREEMENT_HEADER, rows, "lrrr")
    widest = report.conflicts[: words.WIDEST]
    if not widest:
        return out
    out += ["", f"### The {len(widest)} widest conflicts", ""]
    for c in widest:
        title = md_text(rubric.element_by_id[c.element_id].title)
        out += [
            f"- **{md_text(c.element_id)} {title}**: spread {c.spread}; "
            + md_text(words.resolution_text(rubric, c.resolution))
        ]
        if c.resolution is not None and c.resolution.note:
            out.append(f"  - Settled because: {md_text(c.resolution.note)}")
        for a in c.views:
            note = f": {md_text(a.note)}" if a.note else ""
            level = md_text(words.answer_level(rubric, a))
            out.append(f"  - {md_text(a.by)}: {level} ({a.confidence} confidence){note}")
    return out


def _x_of(agent: AgentPlacement, m: float, report: Report) -> float:
    """The agent's maturity ``m`` on [0, 1], with strong_from at the chart's middle line."""
    levels, strong = float(report.levels), float(report.strong_from)
    if m < strong:
        x = 0.5 * (m - 1.0) / (strong - 1.0) if strong > 1 else 0.0
    else:
        x = 0.5 + 0.5 * (m - strong) / (levels - strong) if levels > strong else 1.0
    weak = agent.quadrant in ("diagnostic_pilot", "trap")
    x = min(max(x, 0.03), 0.47) if weak else min(max(x, 0.53), 0.97)
    return x


def _coord(value: float) -> str:
    """A Mermaid quadrant coordinate: 0, 1 or 0.xx (its grammar takes nothing else)."""
    text = f"{value:.2f}"
    if text.startswith("1"):
        return "1"
    if text == "0.00":
        return "0"
    return text


# An explicit theme: Mermaid's default draws the quadrants and points in pale tints that
# some renderers (dark mode, print) lose; "base" with these colours reads everywhere.
_QUADRANT_THEME = (
    '%%{init: {"theme": "base", "themeVariables": {'
    '"quadrant1Fill": "#fde2e1", "quadrant2Fill": "#fff4d6", "quadrant3Fill": "#e3f2fd", '
    '"quadrant4Fill": "#e6f4ea", "quadrant1TextFill": "#5f1d1a", '
    '"quadrant2TextFill": "#5c4300", "quadrant3TextFill": "#0d3c61", '
    '"quadrant4TextFill": "#1e4620", "quadrantPointFill": "#1f3b73", '
    '"quadrantPointTextFill": "#111111", "quadrantTitleFill": "#111111", '
    '"quadrantXAxisTextFill": "#111111", "quadrantYAxisTextFill": "#111111"}}}%%'
)
XY_THEME = (
    '%%{init: {"theme": "base", "themeVariables": {"xyChart": {'
    '"plotColorPalette": "#1f3b73", "titleColor": "#111111", '
    '"xAxisLabelColor": "#111111", "yAxisLabelColor": "#111111"}}, '
    '"xyChart": {"showDataLabel": true}}}%%'
)


def _quadrant_chart(report: Report, known: list[tuple[AgentPlacement, float]]) -> list[str]:
    """The chart of the agents whose maturity is ``known`` (each with it)."""
    lines = [
        "```mermaid",
        _QUADRANT_THEME,
        "quadrantChart",
        "    title AI agents by operating-model maturity and exposure",
        "    x-axis Weak operating model --> Strong operating model",
        "    y-axis Internal --> External",
        f"    quadrant-1 {QUADRANT_NAMES['strong_external']}",
        f"    quadrant-2 {QUADRANT_NAMES['trap']}",
        f"    quadrant-3 {QUADRANT_NAMES['diagnostic_pilot']}",
        f"    quadrant-4 {QUADRANT_NAMES['strong_internal']}",
    ]
    internal = [(a, m) for a, m in known if a.exposure == "internal"]
    external = [(a, m) for a, m in known if a.exposure == "external"]
    for group, low in ((internal, 0.05), (external, 0.55)):
        for i, (agent, m) in enumerate(group):
            y = low + 0.4 * (i + 1) / (len(group) + 1)
            x = _x_of(agent, m, report)
            lines.append(f"    {mermaid_label(agent.name)}: [{_coord(x)}, {_coord(y)}]")
    lines.append("```")
    return lines


def _nrr_chart(report: Report) -> list[str]:
    n = report.nrr
    labels = ["Today", *(f"Year {i}" for i in range(1, len(n.trajectory) + 1))]
    values = [n.nrr, *n.trajectory] if n.nrr is not None else [None, *n.trajectory]
    pairs = [(lab, v * 100) for lab, v in zip(labels, values, strict=True) if v is not None]
    if not pairs:
        return []
    numbers = [v for _, v in pairs]
    low = math.floor(min(numbers) / 5) * 5 - 5
    high = math.ceil(max(numbers) / 5) * 5 + 5
    return [
        "```mermaid",
        XY_THEME,
        "xychart-beta",
        '    title "NRR trajectory (%)"',
        "    x-axis [" + ", ".join(mermaid_label(lab) for lab, _ in pairs) + "]",
        f'    y-axis "NRR (%)" {low} --> {high}',
        # the bars carry the value labels (Mermaid labels bars, not line points); the
        # line over them reads as the trajectory
        "    bar [" + ", ".join(f"{v:.1f}" for _, v in pairs) + "]",
        "    line [" + ", ".join(f"{v:.1f}" for _, v in pairs) + "]",
        "```",
    ]


def _item_line(item: PhaseItem, report: Report, rubric: Rubric) -> list[str]:
    kind = "agent" if item.kind == "agent" else "fix"
    head = f"- **{md_text(item.name)}** ({kind}, {item_status(item)})"
    if item.note:
        head += f": {md_text(item.note)}"
    out = [head]
    if item.gaps:
        out.append("  - Gaps: " + "; ".join(_gap_text(g) for g in item.gaps))
    for fm in item.failure_modes:
        where = f"{md_text(fm.dimension_name)} {score(fm.dimension_score)}"
        likely = watch_state(fm, long=True)
        likely += f", area {md_text(fm.area)}" if fm.area else ""
        out.append(
            f"  - Watch for: {md_text(fm.signal)} → points at {where}{likely}. "
            f"{md_text(fm.meaning)}".rstrip()
        )
    return out


_FORMULAS = (
    "GRR = (start ARR − churned ARR − contraction ARR) / start ARR",
    "NRR = GRR + expansion ARR / start ARR",
    "Reported churn (the ARR lost) = churned ARR + contraction ARR",
    "Churn Tax = μ × reported churn = the ARR lost + the indirect cost (μ − 1) × reported "
    "churn; μ runs from the top of the rubric's range at level 1 to its bottom at the top "
    "level, by overall maturity. Only the ARR lost can move NRR",
    "Recoverable ARR = controllable share κ × reported churn (never more than it)",
    "Expansion Gap = u × max(0, benchmark expansion rate − expansion ARR / start ARR) × "
    "start ARR, u = r × (1 − m) from the value-realized (r) and value-monetized (m) answers "
    "(csmaturity's addition)",
    "Opportunity = recoverable ARR + Expansion Gap: the most the plan can move NRR",
    "Vector return ARR_d = F_d × (target − score) / (target − 1), F_d = the dimension's "
    "share of each lever's ARR (retain κ × churned, protect κ × contraction, expand the "
    "Expansion Gap) by its lever weights; the returns add up to at most the opportunity. "
    "An area's return is its share of its dimension's (csmaturity's addition)",
    "NRR in year k = NRR today + Σ over the scheduled fixes of ρ_k × ARR_d / start ARR, ρ the "
    "rubric's cumulative realization curve; the Year-1 target is year 1, and the bridge "
    "lists each fix's ρ_1 × ARR_d / start ARR (csmaturity's addition)",
    "Year-1 target range: the least and greatest target with every low-confidence or "
    "flagged answer moved one level down, and one level up (csmaturity's addition)",
    "Dimension score = weighted mean of its answered levels (N/A and unanswered left out)",
    "Agent maturity = weighted mean of the scores of the dimensions it feeds on; "
    "strong at or above the quadrant line",
    "AI-readiness index = (mean level − 1) / (top level − 1) × 100",
)


def _amount(value: float | None, currency: str) -> str:
    """Money in full, its ``$`` escaped (GitHub reads a pair of them as inline math)."""
    return md_text(amount(value, currency))


def _top_fixes(report: Report) -> list[RecoveryVector]:
    return [v for v in report.recovery_vectors if v.kind == "dimension"]


# -- executive summary ------------------------------------------------------------------


def _executive_summary(report: Report, client: str, currency: str) -> list[str]:
    """Situation, three findings, the decision asked for, the opportunity and the target."""
    n = report.nrr
    out = ["## Executive summary", "", _situation(report, client, currency), ""]
    counts = [sum(i.scheduled for i in p.items) for p in report.phases if p.number in (1, 2)]
    if not n.sized:
        out += [
            f"**Not sized.** {md_text(nrr_rows.missing_text(n))}",
            "",
            "**Decision asked for.** "
            + (
                "Complete the assessment before any NRR figure is taken to Finance."
                if n.available
                else "Provide the baseline financials so the case can be sized."
            ),
        ]
        return out
    out += _findings(report, currency)
    out += ["", "**Decision asked for.** " + _decision(_top_fixes(report), counts)]
    out += _totals(report, currency)
    return out


def _situation(report: Report, client: str, currency: str) -> str:
    n = report.nrr
    s = report.scores
    carried = (
        f", and {s.carried} more carried from the previous round, not yet confirmed"
        if s.carried
        else ""
    )
    base = ""
    if n.available:
        period = f" ({md_text(n.period)})" if n.period else ""
        base = (
            f"NRR is {pct(n.nrr)} and GRR {pct(n.grr)} on "
            f"{_amount(n.start_arr, currency)} of start ARR{period}. "
        )
    return (
        f"**Situation.** {base}{client}'s customer success operating model scores "
        f"{score(s.overall)} of {report.levels} overall, with {s.answered} of {s.total} "
        f"elements scored and {s.na} marked N/A{carried}."
    )


def _findings(report: Report, cur: str) -> list[str]:
    """Retention, expansion, and where the return is."""
    n = report.nrr
    out = [
        "**Findings.**",
        "",
        f"1. **Retention.** {_amount(n.reported_churn, cur)} of ARR was lost to churn and "
        f"contraction; {_amount(n.recoverable_arr, cur)} of it ({pct(n.controllable_share)}) "
        "is treated as controllable and recoverable. With its indirect cost the Churn Tax is "
        f"{_amount(n.churn_tax, cur)}, but only the ARR lost can come back into NRR.",
        f"2. **Expansion.** Expansion was {pct(n.expansion_rate)} of start ARR; the benchmark "
        f"gap is {_amount(n.expansion_benchmark_gap, cur)}, of which the answers back "
        f"{_amount(n.expansion_gap, cur)} as value realized but not monetized.",
    ]
    fixes = _top_fixes(report)
    if not fixes:
        out.append(
            "3. **Where the return is.** Every scored dimension is at or above its target: "
            "no fix is scheduled, so the trajectory stays at today's NRR."
        )
        return out
    best = fixes[0]
    out.append(
        f"3. **Where the return is.** Raising {md_text(best.label)} from "
        f"{score(best.score)} to {score(best.target)} returns the most per unit of effort: "
        f"{_amount(best.nrr_return, cur)} a year once realized. The {len(fixes)} scheduled "
        f"fixes return {_amount(sum(v.nrr_return for v in fixes), cur)} a year in full, of "
        f"an opportunity of {_amount(n.opportunity_arr, cur)}."
    )
    return out


def _decision(fixes: Sequence[RecoveryVector], counts: Sequence[int]) -> str:
    if not fixes:
        return (
            f"Approve phase 1 ({counts[0]} internal-agent pilots); no operating-model fix "
            "is needed to reach the targets."
        )
    names = ", ".join(md_text(v.label) for v in fixes[:3])
    return (
        f"Approve phase 1 ({counts[0]} internal-agent pilots) and phase 2 ({counts[1]} "
        f"operating-model fixes, first {names}); external agents follow only where "
        "their gates pass."
    )


def _totals(report: Report, cur: str) -> list[str]:
    """The total opportunity and the Year-1 target, with the years after."""
    n = report.nrr
    rec, gap = shares_of(
        [n.recoverable_arr or 0.0, n.expansion_gap or 0.0], n.opportunity_arr or 0.0, 1.0
    )
    uncertain = (
        f", from {n.uncertain_answers} low-confidence or flagged answers moved one level"
        if n.uncertain_answers
        else ""
    )
    after = " in the years after." if len(n.trajectory) > 1 else "."
    return [
        "",
        f"**Total opportunity:** {_amount(rec + gap, cur)} of ARR ({_amount(rec, cur)} recoverable "
        f"churn + {_amount(gap, cur)} Expansion Gap).",
        "",
        f"**Year-1 NRR target:** {nrr_rows.target_text(n)}{uncertain}; then "
        + ", ".join(pct(v) for v in n.trajectory[1:])
        + after,
    ]


# -- NRR ----------------------------------------------------------------------------------


def _nrr_section(report: Report, currency: str) -> list[str]:
    n = report.nrr
    if not n.available:
        return [md_text(nrr_rows.missing_text(n))]
    period = f" ({md_text(n.period)})" if n.period else ""
    out = [f"Baseline{period}, in {md_text(currency)}; amounts rounded to the unit.", ""]
    if not n.sized:
        out += [md_text(nrr_rows.missing_text(n)), ""]
    out += _table(
        ("Measure", "Value", "How"),
        (
            [md_text(r.label), md_text(r.value), md_text(r.note) or " "]
            for r in nrr_rows.sizing_rows(n)
        ),
        "lrl",
    )
    if not n.sized:
        return out
    out += [
        "",
        "### Bridge to the Year-1 target",
        "",
        "Today's NRR plus what each scheduled fix realizes in year 1 (rounded so the steps "
        "add up to the target as shown):",
        "",
    ]
    out += _table(
        ("Step", "NRR", "ARR in year 1"),
        ([md_text(r.label), r.value, md_text(r.note) or " "] for r in nrr_rows.bridge_rows(n)),
        "lrr",
    )
    out += ["", "### Trajectory", ""]
    out += _table(
        ("Year", "NRR", "ARR returned by the scheduled fixes"),
        ([r.label, r.value, md_text(r.note)] for r in nrr_rows.trajectory_rows(n)),
        "lrr",
    )
    out.append("")
    out += _nrr_chart(report)
    return out


# -- recovery vectors ---------------------------------------------------------------------

_VECTOR_HEADER = (
    "#",
    "Fix",
    "Score → target",
    "Effort",
    "Return a year",
    "NRR points",
    "Return per effort",
    "Opens",
)


def _vectors_section(report: Report, currency: str) -> list[str]:
    n = report.nrr
    if n.available and not n.sized:
        return [f"Not ranked: {md_text(n.why or '')}."]
    fixes = _top_fixes(report)
    if not fixes:
        if not any(d.score is not None for d in report.scores.dimensions):
            return ["Not ranked: no dimension is scored."]
        return ["No scored dimension is below its target."]
    out = [md_text(nrr_rows.RETURN_MEANS), ""]
    if not n.available:
        out = [
            "Without baseline financials no return is computed: the fixes are ranked by "
            "their gap per unit of effort.",
            "",
        ]
    shown = shares_of([v.nrr_return for v in fixes], sum(v.nrr_return for v in fixes), 1.0)
    out += _table(_VECTOR_HEADER, _vector_rows(report, fixes, shown, currency), "rllrrrrl")
    out += _area_breakdown(report, fixes, shown, currency)
    return out


def _vector_rows(
    report: Report, fixes: Sequence[RecoveryVector], shown: Sequence[int], currency: str
) -> list[list[str]]:
    """One row per fix (its return as shown, adding up), the total and the opportunity."""
    n = report.nrr
    agent_names = {a.id: a.name for a in report.agents}

    def money(value: float | None) -> str:
        return _amount(value, currency) if n.available else NONE

    rows = [
        [
            str(rank),
            md_text(v.label),
            f"{score(v.score)} → {score(v.target)}",
            f"{v.effort:g}",
            money(value),
            points(v.nrr_points) if n.available else NONE,
            money(v.return_per_effort),
            ", ".join(md_text(agent_names.get(x, x)) for x in v.opens) or NONE,
        ]
        for rank, (v, value) in enumerate(zip(fixes, shown, strict=True), start=1)
    ]
    if n.available:
        rows.append(["", "**All fixes**", "", "", f"**{money(sum(shown))}**", "", "", ""])
    if n.opportunity_arr is not None:
        label = "Opportunity (the most they can return)"
        rows.append(["", label, "", "", _amount(n.opportunity_arr, currency), "", "", ""])
    return rows


def _area_breakdown(
    report: Report, fixes: Sequence[RecoveryVector], shown: Sequence[int], currency: str
) -> list[str]:
    """Each fix over its areas below target (the parts add up to the fix's return)."""
    areas = [v for v in report.recovery_vectors if v.kind == "area"]
    if not areas:
        return []
    available = report.nrr.available
    rows = []
    for v, value in zip(fixes, shown, strict=True):
        mine = [a for a in areas if a.parent == v.id]
        parts = shares_of([a.nrr_return for a in mine], float(value), 1.0)
        rows += [
            [md_text(a.label), score(a.score), _amount(part, currency) if available else NONE]
            for a, part in zip(mine, parts, strict=True)
        ]
    return [
        "",
        "By area: each fix broken down over its areas below target (the parts add up to "
        "the fix's return):",
        "",
        *_table(("Area", "Score", "Return a year"), rows, "lrr"),
    ]


def _assumptions_section(report: Report) -> list[str]:
    rows = (*report.nrr.assumptions, *report.gate_assumptions)
    out: list[str] = []
    if rows:
        out += _table(
            ("Assumption", "Value", "Source", "Origin", "Formula"),
            (
                [
                    md_text(a.name),
                    cell(a.value),
                    cell(a.source),
                    ASSUMPTION_ORIGINS[a.origin] + (" (default)" if a.default else ""),
                    cell(a.formula),
                ]
                for a in rows
            ),
        )
        out.append("")
        defaults = [a.name for a in rows if a.default]
        if defaults:
            out += [
                "This assessment's rubric predates some of the rules above; the defaults used: "
                + "; ".join(md_text(d) for d in defaults)
                + ".",
                "",
            ]
    out += [f"- {f}" for f in _FORMULAS]
    return out


# -- the document -----------------------------------------------------------------------

_SECTIONS = (
    "Executive summary",
    "Summary",
    "Maturity scores",
    "AI agents on the risk quadrant",
    "NRR sizing",
    "Blueprint",
    "Recovery vectors",
    "Open items",
    "Assumptions and formulas",
    "Appendix: answers by dimension",
)


SINCE = "Since the last assessment"
TREND = "Trend over rounds"
HISTORY = "Appendix: answer history"  # optional (export --with-history)
AGREEMENT = "Agreement between assessors"  # after the open items, with several assessors


def render(
    rubric: Rubric,
    assessment: Assessment,
    report: Report,
    *,
    since: Comparison | None = None,
    history: Trend | None = None,
    changes: Iterable[Change] | None = None,
) -> str:
    """The whole report as Markdown text (the same inputs give the same bytes).

    ``since``: this round compared with the client's previous one; ``history``: the
    client's rounds over time (shown from two rounds on); ``changes``: the answers'
    recorded changes, for the optional appendix on the answer history (None: none).
    """
    from csmaturity_tui.formats.comparison import comparison_lines, trend_lines

    currency = report.nrr.currency or assessment.baseline.currency
    client = md_text(assessment.meta.client) or "Unnamed client"
    rounds: list[tuple[str, list[str]]] = []
    if since is not None:
        rounds.append((SINCE, comparison_lines(since)))
    if history is not None and len(history.points) > 1:
        rounds.append((TREND, trend_lines(history)))
    out = [f"# Customer Success maturity: {client}", ""]
    out += _draft_banner(rubric, assessment)
    out += _facts(rubric, assessment.meta)
    appendices = [] if changes is None else [HISTORY]
    out += _contents(
        [title for title, _lines in rounds], appendices, agreement=report.agreement is not None
    )
    out += _executive_summary(report, client, currency)
    out += ["", "## Summary", "", *_summary(report, currency)]
    for title, lines in rounds:
        out += ["", f"## {title}", "", *lines]
    out += ["", "## Maturity scores", "", *_scores_section(report)]
    out += ["", "## AI agents on the risk quadrant", "", *_quadrant_section(report)]
    out += ["", "## NRR sizing", "", *_nrr_section(report, currency)]
    out += ["", "## Blueprint", "", *_blueprint_section(report, rubric)]
    out += ["", "## Recovery vectors", "", *_vectors_section(report, currency)]
    out += _open_items_section(report, rubric)
    out += _agreement_section(report, rubric)
    out += ["", "## Assumptions and formulas", "", *_assumptions_section(report)]
    out += ["", "## Appendix: answers by dimension", "", *_appendix(rubric, assessment)]
    if changes is not None:
        from csmaturity_tui.formats.answer_history import history_section

        out += ["", f"## {HISTORY}", "", *history_section(rubric, changes)]
    out.append("")
    return "\n".join(_anchored(out))


def _facts(rubric: Rubric, meta: AssessmentMeta) -> list[str]:
    """The assessment's facts as a list (an em dash for an empty one)."""
    facts = [
        ("Client", md_text(meta.client)),
        ("Scope", md_text(meta.scope)),
        ("Assessed by", md_text(meta.assessors)),
        ("Date", md_text(meta.date)),
        ("Status", md_text(meta.status)),
        (
            "Rubric",
            f"{md_text(rubric.meta.title)} ({md_text(rubric.meta.id)} "
            f"{md_text(rubric.meta.version)})",
        ),
        ("Assessment id", md_text(meta.id)),
        ("Last updated", md_text(meta.updated)),
    ]
    return [f"- **{label}**: {value or NONE}" for label, value in facts]


def _slug(title: str) -> str:
    """The anchor of a section: GitHub's own slug of its title, also set explicitly."""
    return re.sub(r"[^a-z0-9 -]", "", title.lower()).replace(" ", "-")


def _anchored(lines: list[str]) -> list[str]:
    """Each section heading with an explicit anchor (``<a id>``): GitHub and GitLab derive
    one from the title, but cmark-gfm and many other renderers derive none, so the
    contents' links would lead nowhere there."""
    titles = (*_SECTIONS, SINCE, TREND, HISTORY)
    headings = {f"## {t}": f'## <a id="{_slug(t)}"></a>{t}' for t in titles}
    return [headings.get(line, line) for line in lines]


def _contents(
    rounds: Sequence[str] = (), appendices: Sequence[str] = (), *, agreement: bool = False
) -> list[str]:
    """The numbered table of contents, linking the sections' anchors (``rounds``: the
    sections on the client's rounds, after the summary; ``appendices``: the optional ones,
    last; ``agreement``: the section on several assessors' agreement, after the open
    items)."""
    titles = [*_SECTIONS[:2], *rounds, *_SECTIONS[2:], *appendices]
    if agreement:
        titles.insert(titles.index("Open items") + 1, AGREEMENT)
    lines = [f"{i}. [{title}](#{_slug(title)})" for i, title in enumerate(titles, start=1)]
    return ["", "## Contents", "", *lines, ""]


def _draft_banner(rubric: Rubric, assessment: Assessment) -> list[str]:
    """A line at the top of a report whose assessment is not marked complete."""
    if assessment.meta.status == "complete":
        return []
    total = len(rubric.element_by_id)
    done = sum(is_done(assessment.answers.get(eid)) for eid in rubric.element_by_id)
    carried = sum(a.carried for e, a in assessment.answers.items() if e in rubric.element_by_id)
    share = pct(done / total) if total else pct(0.0)
    to_confirm = f", {carried} carried from the previous round to confirm" if carried else ""
    return [
        f"> **Draft: {share} answered** ({done} of {total} elements{to_confirm}; the assessment "
        "is not marked complete). Scores, gates and the NRR case rest on the answers given so far "
        "and will move as the rest are answered.",
        "",
    ]


def _summary(report: Report, currency: str) -> list[str]:
    """The five outputs, one line each: maturity, AI readiness, agents, NRR, blueprint."""
    s = report.scores
    ai = report.ai_readiness
    n = report.nrr
    scored = [d for d in s.dimensions if d.score is not None]
    line = f"1. **Maturity**: overall {score(s.overall)} of {report.levels}"
    line += f", {pct(s.coverage)} of elements answered or N/A"
    if scored:
        weakest = min(scored, key=lambda d: d.score or 0.0)
        strongest = max(scored, key=lambda d: d.score or 0.0)
        line += (
            f"; weakest {md_text(weakest.name)} ({score(weakest.score)}), "
            f"strongest {md_text(strongest.name)} ({score(strongest.score)})"
        )
    out = [line + "."]
    out.append(
        f"2. **AI readiness**: index {fmt.index(ai.index)} of 100 (mean level "
        f"{score(ai.overall)}, {pct(ai.coverage)} answered or N/A)."
    )
    parts = [f"{k} {STATUS_NAMES[status].lower()}" for status, k in status_counts(report.agents)]
    traps = [md_text(a.name) for a in report.agents if a.quadrant == "trap"]
    line = f"3. **Agents**: {', '.join(parts) or 'none'}"
    if traps:
        line += f"; in the trap (external on a weak operating model): {', '.join(traps)}"
    out.append(line + ".")
    if n.sized:
        out.append(
            f"4. **NRR**: {pct(n.nrr)} (GRR {pct(n.grr)}); opportunity "
            f"{_amount(n.opportunity_arr, currency)} of ARR; Year-1 NRR target "
            f"{nrr_rows.target_text(n)}."
        )
    else:
        out.append(f"4. **NRR**: not sized: {md_text(n.why or '')}.")
    bits = [f"phase {p.number}, {md_text(p.name)}: {phase_counts(p)}" for p in report.phases]
    out.append(f"5. **Blueprint**: {'; '.join(bits) if bits else 'no phases'}.")
    return out


_SCORE_HEADER = ("Target", "Gap", "Coverage", "AI readiness", "Low confidence", "Flagged")


def _scores_section(report: Report) -> list[str]:
    """The scores table (one row per dimension, then overall) and the weakest areas."""
    s = report.scores
    rows = [
        [
            md_text(d.name),
            score(d.score),
            score(d.target),
            score(d.gap),
            pct(d.coverage),
            score(d.ai_readiness),
            pct(d.low_confidence_share),
            str(d.flagged),
        ]
        for d in s.dimensions
    ]
    rows.append(
        [
            "**Overall**",
            f"**{score(s.overall)}**",
            "",
            "",
            pct(s.coverage),
            score(report.ai_readiness.overall),
            pct(s.low_confidence_share),
            str(sum(d.flagged for d in s.dimensions)),
        ]
    )
    header = ("Dimension", f"Score (1-{report.levels})", *_SCORE_HEADER)
    out = _table(header, rows, "lrrrrrrr")
    if s.weakest_areas:
        out += ["", "Weakest areas:", ""]
        names = {d.id: d.name for d in s.dimensions}
        out += [
            f"- {md_text(area.area)} ({md_text(names.get(area.dimension_id, ''))}): "
            f"{score(area.score)}"
            for area in s.weakest_areas
        ]
    return out


def _quadrant_section(report: Report) -> list[str]:
    known: list[tuple[AgentPlacement, float]] = []  # plotted, with their maturity
    unknown: list[AgentPlacement] = []  # no fed dimension scored: listed beside the chart
    for a in report.agents:
        if a.maturity is not None and math.isfinite(a.maturity):
            known.append((a, a.maturity))
        else:
            unknown.append(a)
    return [
        "Maturity is the weighted score of the dimensions each agent feeds on; the middle "
        f"line is {score(report.strong_from)}. Internal agents work for the CS team; "
        "external agents face the customer.",
        "",
        *_quadrant_chart(report, known),
        "",
        *_unplotted(unknown),
        *_agents_section(report),
    ]


def _unplotted(unknown: list[AgentPlacement]) -> list[str]:
    """The agents left off the chart (no fed dimension scored): a point at the edge
    would read as a verdict."""
    if not unknown:
        return []
    names = ", ".join(md_text(a.name) for a in unknown)
    return [
        f"Not on the chart, as their maturity is not known yet (none of the dimensions they "
        f"feed on is scored): {names}.",
        "",
    ]


def _blueprint_section(report: Report, rubric: Rubric) -> list[str]:
    """The phases in order, each item with its gaps and watches; who waits for a beta."""
    out = [
        "Internal agents go first: their failures surface operating-model gaps without the "
        "customer seeing them. External agents follow as a beta only where their gates pass "
        "and the pilots they wait on are proven."
    ]
    for phase in report.phases:
        out += ["", f"### Phase {phase.number}: {md_text(phase.name)}", ""]
        if not phase.items:
            out.append("Nothing in this phase.")
        for item in phase.items:
            out += _item_line(item, report, rubric)
        waiting = [i for i in phase.items if i.kind == "agent" and not i.scheduled]
        if waiting:
            out += [
                "",
                f"Not ready for a beta: {', '.join(md_text(i.name) for i in waiting)}. Each waits "
                "until the gaps named above close and the pilots it needs are proven.",
            ]
    return out


def _appendix(rubric: Rubric, assessment: Assessment) -> list[str]:
    """Every element's answer by dimension (then AI readiness), with the notes below."""
    out = [
        f"Levels: {', '.join(f'{lv.level} {md_text(lv.name)}' for lv in rubric.scale)}. "
        "A flag marks an answer to review."
    ]
    groups: list[tuple[str, list[tuple[str, str]]]] = [
        (d.name, [(e.id, e.title) for e in d.elements]) for d in rubric.dimensions
    ]
    if rubric.ai_readiness:
        groups.append(("AI readiness", [(e.id, e.title) for e in rubric.ai_readiness]))
    for name, elements in groups:
        out += ["", f"### {md_text(name)}", ""]
        out += _table(
            ("Element", "Title", "Answer", "Confidence", "Flag"),
            (
                _appendix_row(rubric, eid, title, assessment.answers.get(eid))
                for eid, title in elements
            ),
        )
        notes = _notes(elements, assessment)
        if notes:
            out += ["", *notes]
    return out


def _appendix_row(rubric: Rubric, eid: str, title: str, answer: Answer | None) -> list[str]:
    return [
        md_text(eid),
        md_text(title),
        _answer_text(rubric, answer),
        answer.confidence if answer is not None and answer.is_scored else "",
        "⚑" if answer is not None and answer.flagged else "",
    ]


def _notes(elements: Sequence[tuple[str, str]], assessment: Assessment) -> list[str]:
    out = []
    for eid, _title in elements:
        answer = assessment.answers.get(eid)
        if answer is None:
            continue
        bits = []
        if answer.is_na:
            bits.append(f"N/A: {md_text(answer.na_reason or '')}")
        if answer.note.strip():
            bits.append(md_text(answer.note))
        if bits:
            out.append(f"- **{md_text(eid)}**: " + " — ".join(bits))
    return out
