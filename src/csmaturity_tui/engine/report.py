"""The Report: everything the engine derives from a rubric and an assessment.

Plain frozen dataclasses, so a Report compares equal field by field and every
view (TUI, Markdown, TOML, CLI) renders the same numbers. Money is in the
assessment's currency units; rates and shares are fractions (0.85, not 85).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from csmaturity_tui.engine.agreement import AgreementReport
    from csmaturity_tui.engine.merge import Conflict

# Where an agent sits on the chart (exposure x fed maturity): a position, not a decision.
Quadrant = Literal["diagnostic_pilot", "strong_internal", "strong_external", "trap"]
# The one decision per agent (named in ``presentation.wording``). Internal: pilot, or scale
# once the gate passes and the pilot is proven;
# external: beta_ready, awaiting_pilots, blocked or not_evaluable.
AgentStatus = Literal["pilot", "scale", "beta_ready", "awaiting_pilots", "blocked", "not_evaluable"]
# the engine words its plan's notes with these; the shell reads them from presentation.wording
OUTCOME_NAMES: dict[str, str] = {
    "not_started": "not started",
    "running": "running",
    "proven": "proven",
    "stopped": "stopped",
}
AI_READINESS = "ai_readiness"  # the subject of a gate gap on the AI-readiness mean
MATURITY = "maturity"  # the subject of a gate gap on the fed maturity (the weighted mean)
UNDECLARED = "gate_elements"  # the subject of the gap of an external agent with no safeguards
GapKind = Literal["dimension", "weak_link", "maturity", "ai_readiness", "element", "undeclared"]


@dataclass(frozen=True)
class AreaScore:
    dimension_id: str
    area: str
    score: float | None
    answered: int  # elements with a level
    na: int
    total: int
    coverage: float  # (answered + na) / total


@dataclass(frozen=True)
class DimensionScore:
    id: str
    name: str
    score: float | None  # None when no element of it has a level
    target: float
    gap: float | None  # target - score, floored at 0; None without a score
    answered: int
    na: int
    total: int
    coverage: float
    low_confidence_share: float  # of the answers with a level
    flagged: int
    areas: tuple[AreaScore, ...]
    ai_readiness: float | None  # mean of the AI-readiness elements tagged to it


@dataclass(frozen=True)
class Scores:
    overall: float | None
    answered: int
    na: int
    total: int
    coverage: float
    low_confidence_share: float
    dimensions: tuple[DimensionScore, ...]
    weakest_areas: tuple[AreaScore, ...]  # up to five, lowest score first
    carried: int = 0  # carried from the previous round, unconfirmed: scored, not answered


@dataclass(frozen=True)
class DimensionReadiness:
    dimension_id: str
    score: float | None
    index: float | None  # 0-100


@dataclass(frozen=True)
class AiReadiness:
    overall: float | None
    index: float | None  # 0-100 = (mean - 1) / (levels - 1) x 100
    answered: int
    na: int
    total: int
    coverage: float
    dimensions: tuple[DimensionReadiness, ...]


@dataclass(frozen=True)
class GateGap:
    subject: str  # a dimension id, an element id, AI_READINESS, MATURITY or UNDECLARED
    label: str  # the dimension's name, the element's title, "AI readiness"...
    current: float | None  # None: unscored (an element: unanswered or N/A)
    required: float
    kind: GapKind = "dimension"


@dataclass(frozen=True)
class FailureWatch:
    id: str  # the failure mode's id in the rubric (fmN when it has none)
    signal: str
    dimension_id: str
    dimension_name: str
    meaning: str
    dimension_score: float | None
    weak: bool  # the dimension is below strong_from (or unscored): expect to see it
    seen: bool = False  # recorded as seen in the agent's pilot
    area: str | None = None  # the area of the dimension where the fix lands, if named

    @property
    def where(self) -> str:
        """Where the fix lands, as a reader names it: "Dimension" or "Dimension: Area"."""
        return f"{self.dimension_name}: {self.area}" if self.area else self.dimension_name


@dataclass(frozen=True)
class AgentPlacement:
    id: str
    name: str
    exposure: Literal["internal", "external"]
    maturity: float | None  # weighted mean of the fed dimensions' scores
    quadrant: Quadrant
    gate_passed: bool
    gaps: tuple[GateGap, ...]
    effort: int
    levers: tuple[str, ...]
    lever_return: float  # exposure (money) of the levers it serves; 0 without financials
    failure_modes: tuple[FailureWatch, ...]
    status: AgentStatus = "pilot"
    weakest: float | None = None  # the lowest score among its fed dimensions
    weakest_id: str | None = None
    unscored: tuple[str, ...] = ()  # fed dimensions with no score (names): not evaluable
    pilot_outcome: str | None = None  # an internal agent's recorded outcome (OUTCOMES)
    pilot_note: str = ""
    after: tuple[str, ...] = ()  # an external agent: the internal pilots it waits on (ids)
    unproven: tuple[str, ...] = ()  # of those, the ones not yet proven (ids)


@dataclass(frozen=True)
class OpenItem:
    """An answer still to settle: flagged for review, given with low confidence, or one
    the assessors disagree on with no resolution yet (an open conflict)."""

    element_id: str
    title: str
    where: str  # the dimension's name, or "AI readiness"
    level: int | None
    na: bool
    flagged: bool
    low_confidence: bool
    note: str
    conflict: bool = False


AssumptionOrigin = Literal["article", "benchmark", "tool", "baseline"]


@dataclass(frozen=True)
class Assumption:
    name: str
    value: str  # display text (the exact numbers are in the Report's fields)
    source: str  # where the value comes from, with the year when it has one
    origin: AssumptionOrigin = "tool"
    formula: str = ""  # how the engine uses it, in the notation of docs/methodology.md
    default: bool = False  # the rubric leaves the key out: the engine's default applies


@dataclass(frozen=True)
class BridgeStep:
    """One step from today's NRR to the Year-1 target; the steps add up to the target."""

    id: str  # "today", a dimension id, or "year1_target"
    label: str
    points: float  # NRR as a fraction for "today" and the target; the step's rise otherwise
    arr: float | None = None  # a step's ARR realized in year 1 (share x the fix's return)
    share: float | None = None  # a step's share of its fix's return realized in year 1


@dataclass(frozen=True, kw_only=True)
class Nrr:
    """The NRR case; what is unknown (no baseline, too little evidence) stays at its default."""

    available: bool  # the baseline financials are usable (GRR and NRR are known)
    reason: str | None = None  # why not, when not available
    sized: bool  # the case is sized: usable financials and enough answers
    why: str | None = None  # why it is not sized
    currency: str
    period: str
    start_arr: float | None = None
    churned_arr: float | None = None
    contraction_arr: float | None = None
    expansion_arr: float | None = None
    grr: float | None = None
    nrr: float | None = None
    expansion_rate: float | None = None
    reported_churn: float | None = None  # churned + contraction: the ARR lost
    coverage: float  # share of dimension elements with a level
    min_coverage: float  # the rubric's [nrr] min_coverage
    churn_tax_low: float | None = None  # t_lo x reported churn
    churn_tax_high: float | None = None
    churn_tax_multiplier: float | None = None
    churn_tax: float | None = None  # point estimate = reported_churn + indirect_cost
    indirect_cost: float | None = None  # (multiplier - 1) x reported churn: not ARR, never in NRR
    controllable_share: float
    recoverable_arr: float | None = None  # controllable_share x reported churn
    segment: str | None = None  # the rubric segment the baseline's ACV falls in
    benchmark_expansion_rate: float  # b: the segment's rate, else the rubric's overall one
    expansion_benchmark_gap: float | None = None  # max(0, b - E/S) x S, before the evidence
    # 0-1 index of the value-realized elements; None: no evidence
    value_realized: float | None = None
    value_monetized: float | None = None  # 0-1 index of the value-monetized elements
    unmonetized_share: float | None = None  # share of the benchmark gap the evidence backs
    expansion_gap: float | None = None
    opportunity_arr: float | None = None  # recoverable_arr + expansion_gap: the most NRR can move
    exposure_retain: float | None = None  # controllable_share x churned ARR
    exposure_protect: float | None = None  # controllable_share x contraction ARR
    exposure_expand: float | None = None  # the Expansion Gap
    year1_target_low: float | None = None
    year1_target_nrr: float | None = None
    year1_target_high: float | None = None
    trajectory: tuple[float, ...] = ()  # NRR by year, year 1 first
    realized_arr: tuple[float, ...] = ()  # ARR the scheduled vectors return by year
    bridge: tuple[BridgeStep, ...] = ()
    assumptions: tuple[Assumption, ...] = ()
    benchmark_grr: float  # the rubric's reference GRR (set even when not available)
    grr_gap: float | None = None  # max(0, benchmark_grr - grr)
    uncertain_answers: int = 0  # low-confidence or flagged answers behind the target's range


@dataclass(frozen=True)
class RecoveryVector:
    kind: Literal["dimension", "area"]
    id: str  # dimension id, or "dimension_id/area"
    dimension_id: str
    area: str | None
    label: str
    score: float | None
    target: float
    gap: float
    nrr_return: float  # ARR a year once fully realized; 0 without financials
    nrr_points: float  # the same as a share of start ARR (0.012 = 1.2 NRR points)
    levers: tuple[str, ...]
    opens: tuple[str, ...]  # external agents whose gate this vector helps open
    parent: str | None = None  # an area vector's dimension id (it is a breakdown of it)
    effort: float = 1.0  # the dimension's effort weight in the rubric
    return_per_effort: float = 0.0  # nrr_return / effort: what the ranking uses


@dataclass(frozen=True)
class PhaseItem:
    kind: Literal["agent", "vector"]
    id: str
    name: str
    status: Literal["scheduled"] | AgentStatus  # an agent item carries the agent's status
    gaps: tuple[GateGap, ...] = ()
    failure_modes: tuple[FailureWatch, ...] = ()
    note: str = ""
    waiting_on: tuple[str, ...] = ()  # an external agent: the pilots still to prove (names)

    @property
    def scheduled(self) -> bool:
        """Whether the plan runs this item (an external agent only when beta-ready)."""
        return self.status in ("scheduled", "pilot", "scale", "beta_ready")


@dataclass(frozen=True)
class Phase:
    number: int
    name: str
    items: tuple[PhaseItem, ...]


@dataclass(frozen=True)
class Report:
    rubric_id: str
    rubric_version: str
    assessment_id: str
    scores: Scores
    ai_readiness: AiReadiness
    agents: tuple[AgentPlacement, ...]
    nrr: Nrr
    recovery_vectors: tuple[RecoveryVector, ...]  # dimension vectors then area ones
    phases: tuple[Phase, ...]
    strong_from: float
    levels: int
    open_items: tuple[OpenItem, ...] = ()  # flagged and low-confidence answers, rubric order
    gate_assumptions: tuple[Assumption, ...] = ()  # the gate rules and the defaults applied
    # several assessors: their agreement (None when no element has two assessors'
    # answers) and every conflict between them, widest spread first
    agreement: AgreementReport | None = None
    conflicts: tuple[Conflict, ...] = ()
