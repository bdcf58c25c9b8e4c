"""The words a person reads for the Report's states, the same in the TUI and the Markdown.

Statuses of agents and plan items, quadrant names, pilot outcomes, the origins
of assumptions, unmet gate conditions; answer states are in :mod:`.answers`.
The Report holds keys (``beta_ready``, ``trap``); only this module names them.
"""

from __future__ import annotations

from collections.abc import Iterable

from csmaturity_tui.engine.report import (
    OUTCOME_NAMES,
    AgentPlacement,
    FailureWatch,
    Phase,
    PhaseItem,
)
from csmaturity_tui.presentation.fmt import score

__all__ = [
    "ASSUMPTION_ORIGINS",
    "CHART_QUADRANT_NAMES",
    "OUTCOME_NAMES",
    "QUADRANT_NAMES",
    "STATUS_NAMES",
    "gap",
    "item_status",
    "phase_counts",
    "status_counts",
    "watch_state",
]

# Where an agent sits on the chart (exposure x fed maturity): a position, not a decision.
QUADRANT_NAMES: dict[str, str] = {
    "diagnostic_pilot": "Diagnostic pilot",
    "strong_internal": "Strong internal",
    "strong_external": "Strong external",
    "trap": "Trap",
}
# the chart's corner names: short, as its y axis already says internal or external
CHART_QUADRANT_NAMES: tuple[tuple[str, str], ...] = tuple(
    (key, name.split()[0] if key.startswith("strong_") else name)
    for key, name in QUADRANT_NAMES.items()
)
# The one decision per agent, named the same in every view.
STATUS_NAMES: dict[str, str] = {
    "pilot": "Pilot",
    "scale": "Ready to scale",
    "beta_ready": "Beta-ready",
    "awaiting_pilots": "Awaiting pilots",
    "blocked": "Blocked",
    "not_evaluable": "Not evaluable",
}
ASSUMPTION_ORIGINS: dict[str, str] = {
    "article": "the article's method",
    "benchmark": "a published benchmark",
    "tool": "csmaturity's own addition to the method",
    "baseline": "the client's baseline",
}


def item_status(item: PhaseItem) -> str:
    """A plan item's status: ``scheduled`` for a fix, else its agent's status name."""
    return "scheduled" if item.status == "scheduled" else STATUS_NAMES[item.status]


def status_counts(agents: Iterable[AgentPlacement]) -> list[tuple[str, int]]:
    """(status, how many agents have it), in the order of STATUS_NAMES, none left at 0."""
    counts = dict.fromkeys(STATUS_NAMES, 0)
    for agent in agents:
        counts[agent.status] += 1
    return [(key, n) for key, n in counts.items() if n]


def phase_counts(phase: Phase) -> str:
    """``3 scheduled``, or ``1 scheduled, 2 not ready`` when some items wait."""
    scheduled = sum(i.scheduled for i in phase.items)
    held = len(phase.items) - scheduled
    return f"{scheduled} scheduled" + (f", {held} not ready" if held else "")


def gap(label: str, kind: str, current: float | None, required: float) -> str:
    """One unmet gate condition, worded the same in the TUI and the Markdown.

    ``Value 2.39 (weak link, needs 2.50)``, ``Monitoring of agent output: not answered
    (needs level 3)``; ``label`` is already escaped for where it is shown.
    """
    if kind == "undeclared":
        return label
    if kind == "element":
        now = "not answered or N/A" if current is None else f"level {current:.0f}"
        return f"{label}: {now} (needs level {required:.0f})"
    need = "weak link, needs" if kind == "weak_link" else "needs"
    if current is None:
        return f"{label}: no score yet ({need} {score(required)})"
    return f"{label} {score(current)} ({need} {score(required)})"


def watch_state(fm: FailureWatch, *, long: bool = False) -> str:
    """What a failure mode's dimension tells of it, after its score: seen in the pilot,
    not assessed (no answer in the dimension yet: never called weak), weak, or nothing."""
    if fm.seen:
        return " (seen in the pilot)" if long else " (seen)"
    if fm.dimension_score is None:
        return " (not assessed yet: no answer in this dimension)" if long else " (not assessed)"
    if fm.weak:
        return " (likely: the dimension is weak)" if long else " (weak)"
    return ""
