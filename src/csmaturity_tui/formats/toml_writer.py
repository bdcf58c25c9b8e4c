"""The TOML writer (``format = "csmaturity/1"``): complete, re-importable, deterministic.

Layout, in this order::

    format = "csmaturity/1"
    [assessment]          id, client, scope, assessors, date, status, created, updated
    [baseline]            currency, period, money and acv (keys absent when unknown),
                          [baseline.targets]
    [[answers]]           element, level | na + reason, confidence, flagged, note, updated, by,
                          carried (only when true: from the previous round, unconfirmed)
    [[views]]             several assessors: each one's own answer (keys as in [[answers]]),
                          for the elements two or more answered (their [[answers]] entry
                          is the consensus scored); absent with one assessor
    [[resolutions]]       element, kind (chosen, consensus, spread), level | na + reason,
                          note, by, at: how a conflict between assessors was settled
    [[pilots]]            agent, outcome, seen (failure-mode ids), note: internal pilots
    [report]              computed from the rest; ignored by import
    [rubric]              id, version, sha256 and the rubric's full TOML text

The rubric comes last because its text is long. The same data always gives the
same bytes: ordering follows the rubric, floats are written as ``repr``, and no
wall-clock time is written (the stamps are the assessment's own).
:mod:`csmaturity_tui.formats.toml_reader` reads such a file back.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence

from csmaturity_tui.engine.report import (
    AgentPlacement,
    AiReadiness,
    Assumption,
    BridgeStep,
    GateGap,
    Phase,
    RecoveryVector,
    Report,
    Scores,
)
from csmaturity_tui.model import (
    MONEY_FIELDS,
    Answer,
    Assessment,
    AssessmentMeta,
    Baseline,
    PilotOutcome,
    Resolution,
)
from csmaturity_tui.rubric import Rubric

FORMAT = "csmaturity/1"

__all__ = ["FORMAT", "dumps", "ordered_answers"]

Scalar = str | int | float | bool
Value = Scalar | Sequence[Scalar]


def _literal(key: str, value: Value) -> str:
    """One ``key = value`` line (or lines, for a multi-line string), via tomli_w."""
    import tomli_w

    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{key}: cannot export a non-finite number")
    if isinstance(value, str) and "\n" in value:
        if "'''" not in value and not _NOT_LITERAL.search(value):
            # a literal string, verbatim: a rubric's text reads (and copies out) as written
            name = tomli_w.dumps({key: ""}).split(" = ")[0]
            return f"{name} = '''\n{value}'''\n"
        # tomli_w's multi-line strings turn CRLF into LF: keep such text on one escaped line
        return tomli_w.dumps({key: value}, multiline_strings="\r" not in value)
    return tomli_w.dumps({key: value})


# what a TOML multi-line literal string cannot hold verbatim (CR too: parsers turn CRLF to LF)
_NOT_LITERAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _table(header: str, rows: Iterable[tuple[str, Value | None]]) -> str:
    """A table: its header and its keys in order; keys whose value is None are left out."""
    body = "".join(_literal(k, v) for k, v in rows if v is not None)
    return f"{header}\n{body}"


def _num(value: float | None) -> float | None:
    return None if value is None else float(value)


def _answer_rows(answer: Answer) -> list[tuple[str, Value | None]]:
    rows: list[tuple[str, Value | None]] = [("element", answer.element_id)]
    if answer.level is not None:
        rows.append(("level", answer.level))
    elif answer.na_reason is not None:
        rows += [("na", True), ("reason", answer.na_reason)]
    rows += [
        ("confidence", answer.confidence),
        ("flagged", answer.flagged),
        ("note", answer.note or None),
        ("updated", answer.updated or None),
        ("by", answer.by or None),
        ("carried", answer.carried or None),
    ]
    return rows


def ordered_answers(rubric: Rubric, answers: Mapping[str, Answer]) -> list[Answer]:
    """The answers in rubric order (dimension elements, then AI readiness), then any others."""
    return [answers[eid] for eid in _ordered_ids(rubric, answers)]


def _ordered_ids(rubric: Rubric, by_element: Mapping[str, object]) -> list[str]:
    """The keys (element ids) in rubric order, then any others sorted."""
    known = [eid for eid in rubric.element_by_id if eid in by_element]
    return known + sorted(eid for eid in by_element if eid not in rubric.element_by_id)


def _resolution_rows(r: Resolution) -> list[tuple[str, Value | None]]:
    rows: list[tuple[str, Value | None]] = [("element", r.element_id), ("kind", r.kind)]
    if r.level is not None:
        rows.append(("level", r.level))
    elif r.na_reason is not None:
        rows += [("na", True), ("reason", r.na_reason)]
    return [*rows, ("note", r.note or None), ("by", r.by or None), ("at", r.at or None)]


def _gap_tables(header: str, gaps: Sequence[GateGap]) -> list[str]:
    return [
        _table(
            header,
            [
                ("subject", g.subject),
                ("label", g.label),
                ("current", _num(g.current)),
                ("required", float(g.required)),
                ("kind", g.kind),
            ],
        )
        for g in gaps
    ]


def _agent_tables(agent: AgentPlacement) -> list[str]:
    head = _table(
        "[[report.agents]]",
        [
            ("id", agent.id),
            ("name", agent.name),
            ("exposure", agent.exposure),
            ("maturity", _num(agent.maturity)),
            ("quadrant", agent.quadrant),
            ("status", agent.status),
            ("gate_passed", agent.gate_passed),
            ("weakest", _num(agent.weakest)),
            ("weakest_dimension", agent.weakest_id),
            ("unscored", list(agent.unscored)),
            ("pilot_outcome", agent.pilot_outcome),
            ("failure_modes_seen", [fm.id for fm in agent.failure_modes if fm.seen]),
            ("after", list(agent.after)),
            ("unproven", list(agent.unproven)),
            ("effort", agent.effort),
            ("levers", list(agent.levers)),
            ("lever_return", float(agent.lever_return)),
        ],
    )
    return [head, *_gap_tables("[[report.agents.gaps]]", agent.gaps)]


# [report.nrr]'s keys in order: kept as they are, then amounts and shares (floats, absent
# when unknown), then the count of uncertain answers and the two yearly series
_NRR_AS_IS = ("available", "reason", "sized", "why", "currency")
_NRR_NUMBERS = (
    "coverage",
    "min_coverage",
    "grr",
    "nrr",
    "expansion_rate",
    "reported_churn",
    "churn_tax_low",
    "churn_tax_high",
    "churn_tax_multiplier",
    "churn_tax",
    "indirect_cost",
    "controllable_share",
    "recoverable_arr",
    "expansion_benchmark_gap",
    "value_realized",
    "value_monetized",
    "unmonetized_share",
    "expansion_gap",
    "opportunity_arr",
    "exposure_retain",
    "exposure_protect",
    "exposure_expand",
    "year1_target_low",
    "year1_target_nrr",
    "year1_target_high",
)


def _nrr_tables(report: Report) -> list[str]:
    """[report.nrr], its bridge, the recovery vectors and the assumptions."""
    n = report.nrr
    rows: list[tuple[str, Value | None]] = [(k, getattr(n, k)) for k in _NRR_AS_IS]
    rows += [(k, _num(getattr(n, k))) for k in _NRR_NUMBERS]
    rows += [
        ("uncertain_answers", n.uncertain_answers),
        ("trajectory", [float(x) for x in n.trajectory]),
        ("realized_arr", [float(x) for x in n.realized_arr]),
    ]
    out = [_table("[report.nrr]", rows)]
    out += [_bridge_table(b) for b in n.bridge]
    out += [_vector_table(v) for v in report.recovery_vectors]
    out += [_assumption_table(a) for a in n.assumptions]
    return out


def _bridge_table(b: BridgeStep) -> str:
    return _table(
        "[[report.nrr.bridge]]",
        [
            ("id", b.id),
            ("label", b.label),
            ("points", float(b.points)),
            ("arr", _num(b.arr)),
            ("share", _num(b.share)),
        ],
    )


def _vector_table(v: RecoveryVector) -> str:
    return _table(
        "[[report.recovery_vectors]]",
        [
            ("id", v.id),
            ("kind", v.kind),
            ("parent", v.parent),
            ("label", v.label),
            ("score", _num(v.score)),
            ("target", float(v.target)),
            ("gap", float(v.gap)),
            ("effort", float(v.effort)),
            ("nrr_return", float(v.nrr_return)),
            ("return_per_effort", float(v.return_per_effort)),
            ("nrr_points", float(v.nrr_points)),
            ("levers", list(v.levers)),
            ("opens", list(v.opens)),
        ],
    )


def _assumption_table(a: Assumption) -> str:
    return _table(
        "[[report.assumptions]]",
        [
            ("name", a.name),
            ("setting", a.value),
            ("source", a.source),
            ("origin", a.origin),
            ("formula", a.formula or None),
            ("default", a.default),
        ],
    )


def _gate_tables(report: Report) -> list[str]:
    """The open items and the gate rules' assumptions, as the Markdown lists them."""
    out = [
        _table(
            "[[report.open_items]]",
            [
                ("element", item.element_id),
                ("title", item.title),
                ("where", item.where),
                ("level", item.level),
                ("na", item.na or None),
                ("flagged", item.flagged),
                ("low_confidence", item.low_confidence),
                ("note", item.note or None),
            ],
        )
        for item in report.open_items
    ]
    out += [
        _table(
            "[[report.gate_assumptions]]",
            [("name", a.name), ("rule", a.value), ("source", a.source)],
        )
        for a in report.gate_assumptions
    ]
    return out


def _pilot_rows(pilot: PilotOutcome) -> list[tuple[str, Value | None]]:
    return [
        ("agent", pilot.agent_id),
        ("outcome", pilot.outcome),
        ("seen", list(pilot.seen)),
        ("note", pilot.note or None),
    ]


def _report_tables(report: Report) -> list[str]:
    """The computed part, in order: scores, AI readiness, agents, gates, NRR, phases."""
    out = [
        _table(
            "[report]",
            [
                ("computed", True),
                ("note", "Derived from the answers above by csmaturity; import ignores it."),
                ("levels", report.levels),
                ("strong_from", float(report.strong_from)),
            ],
        ),
        *_score_tables(report.scores),
        *_ai_tables(report.ai_readiness),
    ]
    for agent in report.agents:
        out.extend(_agent_tables(agent))
    out.extend(_gate_tables(report))
    out.extend(_nrr_tables(report))
    for phase in report.phases:
        out.extend(_phase_tables(phase))
    return out


def _score_tables(s: Scores) -> list[str]:
    out = [
        _table(
            "[report.scores]",
            [
                ("overall", _num(s.overall)),
                ("answered", s.answered),
                ("na", s.na),
                ("total", s.total),
                ("coverage", float(s.coverage)),
                ("low_confidence_share", float(s.low_confidence_share)),
            ],
        )
    ]
    out += [
        _table(
            "[[report.scores.dimensions]]",
            [
                ("id", d.id),
                ("score", _num(d.score)),
                ("target", float(d.target)),
                ("gap", _num(d.gap)),
                ("coverage", float(d.coverage)),
                ("flagged", d.flagged),
            ],
        )
        for d in s.dimensions
    ]
    return out


def _ai_tables(ai: AiReadiness) -> list[str]:
    head = _table(
        "[report.ai_readiness]",
        [
            ("overall", _num(ai.overall)),
            ("index", _num(ai.index)),
            ("coverage", float(ai.coverage)),
        ],
    )
    return [head] + [
        _table(
            "[[report.ai_readiness.dimensions]]",
            [("id", r.dimension_id), ("score", _num(r.score)), ("index", _num(r.index))],
        )
        for r in ai.dimensions
    ]


def _phase_tables(phase: Phase) -> list[str]:
    out = [_table("[[report.phases]]", [("number", phase.number), ("name", phase.name)])]
    for item in phase.items:
        out.append(
            _table(
                "[[report.phases.items]]",
                [
                    ("kind", item.kind),
                    ("id", item.id),
                    ("name", item.name),
                    ("status", item.status),
                    ("waiting_on", list(item.waiting_on) or None),
                ],
            )
        )
        out.extend(_gap_tables("[[report.phases.items.gaps]]", item.gaps))
    return out


def dumps(rubric: Rubric, assessment: Assessment, report: Report) -> str:
    """The assessment as csmaturity/1 TOML text (the same inputs give the same bytes)."""
    parts = [
        "# A csmaturity assessment. Edit with care: `csmaturity import` checks every value.\n"
        + _literal("format", FORMAT),
        _meta_table(assessment.meta),
        *_baseline_tables(rubric, assessment.baseline),
    ]
    for answer in ordered_answers(rubric, assessment.answers):
        parts.append(_table("[[answers]]", _answer_rows(answer)))
    for eid in _ordered_ids(rubric, assessment.views):
        parts += [_table("[[views]]", _answer_rows(a)) for a in assessment.views[eid]]
    for eid in _ordered_ids(rubric, assessment.resolutions):
        parts.append(_table("[[resolutions]]", _resolution_rows(assessment.resolutions[eid])))
    for agent in rubric.agents:
        if agent.id in assessment.pilots:
            parts.append(_table("[[pilots]]", _pilot_rows(assessment.pilots[agent.id])))
    report_tables = _report_tables(report)
    report_tables[0] = (
        "# Computed from the answers; `csmaturity import` ignores this part.\n" + (report_tables[0])
    )
    parts.extend(report_tables)
    parts.append(
        "# The rubric this assessment was taken with, in full, so the file stands alone.\n"
        + _table(
            "[rubric]",
            [
                ("id", rubric.meta.id),
                ("version", rubric.meta.version),
                ("sha256", rubric.sha256),
                ("text", rubric.source),
            ],
        )
    )
    return "\n".join(parts)


def _meta_table(meta: AssessmentMeta) -> str:
    return _table(
        "[assessment]",
        [
            ("id", meta.id),
            ("client", meta.client),
            ("scope", meta.scope),
            ("assessors", meta.assessors),
            ("date", meta.date),
            ("status", meta.status),
            ("created", meta.created),
            ("updated", meta.updated),
        ],
    )


def _baseline_tables(rubric: Rubric, base: Baseline) -> list[str]:
    """[baseline] (money absent when unknown), then its targets in rubric order, if any."""
    out = [
        _table(
            "[baseline]",
            [("currency", base.currency), ("period", base.period)]
            + [(name, _num(getattr(base, name))) for name in MONEY_FIELDS]
            + [("acv", _num(base.acv))],
        )
    ]
    if base.targets:
        order = [d.id for d in rubric.dimensions if d.id in base.targets]
        order += sorted(k for k in base.targets if k not in order)
        out.append(_table("[baseline.targets]", [(k, float(base.targets[k])) for k in order]))
    return out
