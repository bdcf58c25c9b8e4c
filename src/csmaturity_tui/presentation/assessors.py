"""Several assessors in words, the same in the TUI and the Markdown report.

Agreement (Krippendorff's alpha) as a figure or, when undefined, why; the share of
wide disagreements; an assessor's answer and how a conflict was settled.
"""

from __future__ import annotations

from collections.abc import Iterable

from csmaturity_tui.engine.agreement import Agreement, AgreementReport
from csmaturity_tui.engine.merge import Conflict
from csmaturity_tui.model import Answer, Resolution
from csmaturity_tui.presentation.fmt import NONE, one_line, pct
from csmaturity_tui.rubric import Rubric

__all__ = [
    "AGREEMENT_HEADER",
    "RESOLUTION_NAMES",
    "WIDEST",
    "agreement_rows",
    "alpha",
    "answer_level",
    "lead",
    "level_text",
    "resolution_text",
]

RESOLUTION_NAMES: dict[str, str] = {
    "chosen": "one assessor's answer chosen",
    "consensus": "consensus level set",
    "spread": "spread kept",
}
AGREEMENT_HEADER = ("Where", "Agreement (alpha)", "Elements compared", "Apart by 2+")
WIDEST = 5  # conflicts the report lists


def alpha(a: Agreement) -> str:
    """Krippendorff's alpha to two decimals, or why it cannot be computed."""
    if a.alpha is None:
        return f"not computed: {a.undefined}"
    return f"{a.alpha:.2f}"


def agreement_rows(report: AgreementReport) -> list[tuple[str, str, str, str]]:
    """One row per dimension (and the AI layer) with elements compared, then overall."""
    rows = [g for g in report.groups if g.elements] + [report.overall]
    return [
        (
            g.name,
            alpha(g) if g.elements or g is report.overall else NONE,
            str(g.elements),
            pct(g.wide_share) if g.wide_share is not None else NONE,
        )
        for g in rows
    ]


def lead(report: AgreementReport, conflicts: Iterable[Conflict]) -> str:
    """One line: how many assessors, conflicts open and settled, the overall agreement."""
    found = list(conflicts)
    open_ = sum(c.open for c in found)
    names = ", ".join(one_line(n) for n in report.assessors) or "no named assessor"
    return (
        f"{len(report.assessors)} assessor{'s' if len(report.assessors) != 1 else ''} "
        f"({names}); {len(found)} conflict{'s' if len(found) != 1 else ''}, {open_} open; "
        f"agreement {alpha(report.overall)}"
    )


def level_text(rubric: Rubric, level: int | None, na_reason: str | None = None) -> str:
    """``3 Operationalized``, ``N/A: reason``, or "not answered"."""
    if level is not None and 1 <= level <= rubric.levels:
        return f"{level} {rubric.scale[level - 1].name}"
    if level is not None:
        return str(level)
    if na_reason is not None:
        return f"N/A: {one_line(na_reason)}"
    return "not answered"


def answer_level(rubric: Rubric, a: Answer) -> str:
    """An assessor's answer: its level or N/A (:func:`level_text`)."""
    return level_text(rubric, a.level, a.na_reason)


def resolution_text(rubric: Rubric, r: Resolution | None) -> str:
    """How a conflict was settled and what is scored, or that it is open."""
    if r is None:
        return "open: the lower median of the levels is scored until it is settled"
    who = f" by {one_line(r.by)}" if r.by else ""
    return f"{RESOLUTION_NAMES[r.kind]}{who}: {level_text(rubric, r.level, r.na_reason)} scored"
