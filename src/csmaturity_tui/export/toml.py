"""The TOML export (``format = "csmaturity/1"``): complete, re-importable, deterministic.

Layout, in this order::

    format = "csmaturity/1"
    [assessment]          id, client, scope, assessors, date, status, created, updated
    [baseline]            currency, period, money and acv (keys absent when unknown),
                          [baseline.targets]
    [[answers]]           element, level | na + reason, confidence, flagged, note, updated, by
    [[pilots]]            agent, outcome, seen (failure-mode ids), note: internal pilots
    [report]              computed from the rest; ignored by import
    [rubric]              id, version, sha256 and the rubric's full TOML text

The rubric comes last because its text is long. The same data always gives the
same bytes: ordering follows the rubric, floats are written as ``repr``, and no
wall-clock time is written (the stamps are the assessment's own).

:func:`parse` reads a file back into the parts the store's ``import_assessment``
takes, validating it against its own rubric first. Every problem is a
:class:`FormatError` whose message is one line: ``FILE:LINE: key: what is wrong``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.engine.report import AgentPlacement, GateGap, Report
from csmaturity_tui.inputs import check_depth, deep_message, error_message, got, text_problems
from csmaturity_tui.model import (
    MONEY_FIELDS,
    Answer,
    Assessment,
    AssessmentMeta,
    Baseline,
    PilotOutcome,
    answer_problems,
    answer_text_problems,
    baseline_problems,
    check_date,
    meta_problems,
    pilot_problems,
)
from csmaturity_tui.rubric import Rubric

FORMAT = "csmaturity/1"

__all__ = ["FORMAT", "FormatError", "dumps", "parse", "read_assessment"]

Scalar = str | int | float | bool
Value = Scalar | Sequence[Scalar]


class FormatError(ValueError):
    """A file that is not a valid csmaturity/1 export; the message is one line."""


# -- writing ----------------------------------------------------------------------------


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
    ]
    return rows


def ordered_answers(rubric: Rubric, answers: Mapping[str, Answer]) -> list[Answer]:
    """The answers in rubric order (dimension elements, then AI readiness), then any others."""
    known = [answers[eid] for eid in rubric.element_by_id if eid in answers]
    others = [answers[eid] for eid in sorted(answers) if eid not in rubric.element_by_id]
    return known + others


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


def _nrr_tables(report: Report) -> list[str]:
    """[report.nrr], its bridge, the recovery vectors and the assumptions."""
    n = report.nrr
    out = [
        _table(
            "[report.nrr]",
            [
                ("available", n.available),
                ("reason", n.reason),
                ("sized", n.sized),
                ("why", n.why),
                ("currency", n.currency),
                ("coverage", float(n.coverage)),
                ("min_coverage", float(n.min_coverage)),
                ("grr", _num(n.grr)),
                ("nrr", _num(n.nrr)),
                ("expansion_rate", _num(n.expansion_rate)),
                ("reported_churn", _num(n.reported_churn)),
                ("churn_tax_low", _num(n.churn_tax_low)),
                ("churn_tax_high", _num(n.churn_tax_high)),
                ("churn_tax_multiplier", _num(n.churn_tax_multiplier)),
                ("churn_tax", _num(n.churn_tax)),
                ("indirect_cost", _num(n.indirect_cost)),
                ("controllable_share", float(n.controllable_share)),
                ("recoverable_arr", _num(n.recoverable_arr)),
                ("expansion_benchmark_gap", _num(n.expansion_benchmark_gap)),
                ("value_realized", _num(n.value_realized)),
                ("value_monetized", _num(n.value_monetized)),
                ("unmonetized_share", _num(n.unmonetized_share)),
                ("expansion_gap", _num(n.expansion_gap)),
                ("opportunity_arr", _num(n.opportunity_arr)),
                ("exposure_retain", _num(n.exposure_retain)),
                ("exposure_protect", _num(n.exposure_protect)),
                ("exposure_expand", _num(n.exposure_expand)),
                ("year1_target_low", _num(n.year1_target_low)),
                ("year1_target_nrr", _num(n.year1_target_nrr)),
                ("year1_target_high", _num(n.year1_target_high)),
                ("uncertain_answers", n.uncertain_answers),
                ("trajectory", [float(x) for x in n.trajectory]),
                ("realized_arr", [float(x) for x in n.realized_arr]),
            ],
        )
    ]
    out += [
        _table(
            "[[report.nrr.bridge]]",
            [
                ("id", b.id),
                ("label", b.label),
                ("points", float(b.points)),
                ("arr", _num(b.arr)),
                ("share", _num(b.share)),
            ],
        )
        for b in n.bridge
    ]
    for v in report.recovery_vectors:
        out.append(
            _table(
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
        )
    out += [
        _table(
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
        for a in n.assumptions
    ]
    return out


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
    s = report.scores
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
        ),
    ]
    for d in s.dimensions:
        out.append(
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
        )
    ai = report.ai_readiness
    out.append(
        _table(
            "[report.ai_readiness]",
            [
                ("overall", _num(ai.overall)),
                ("index", _num(ai.index)),
                ("coverage", float(ai.coverage)),
            ],
        )
    )
    for r in ai.dimensions:
        out.append(
            _table(
                "[[report.ai_readiness.dimensions]]",
                [("id", r.dimension_id), ("score", _num(r.score)), ("index", _num(r.index))],
            )
        )
    for agent in report.agents:
        out.extend(_agent_tables(agent))
    out.extend(_gate_tables(report))
    out.extend(_nrr_tables(report))
    for phase in report.phases:
        out.append(_table("[[report.phases]]", [("number", phase.number), ("name", phase.name)]))
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
    meta = assessment.meta
    base = assessment.baseline
    parts = [
        "# A csmaturity assessment. Edit with care: `csmaturity import` checks every value.\n"
        + _literal("format", FORMAT),
        _table(
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
        ),
        _table(
            "[baseline]",
            [("currency", base.currency), ("period", base.period)]
            + [(name, _num(getattr(base, name))) for name in MONEY_FIELDS]
            + [("acv", _num(base.acv))],
        ),
    ]
    if base.targets:
        order = [d.id for d in rubric.dimensions if d.id in base.targets]
        order += sorted(k for k in base.targets if k not in order)
        parts.append(_table("[baseline.targets]", [(k, float(base.targets[k])) for k in order]))
    for answer in ordered_answers(rubric, assessment.answers):
        parts.append(_table("[[answers]]", _answer_rows(answer)))
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


# -- reading ----------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


_IdStr = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]


class _AssessmentIn(_Model):
    id: _IdStr
    client: Annotated[str, Field(min_length=1)]
    scope: str = ""
    assessors: str = ""
    date: str
    status: Literal["draft", "complete", "archived"] = "draft"
    created: str = ""
    updated: str = ""


class _RubricIn(_Model):
    id: str
    version: str
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    text: str


class _BaselineIn(_Model):
    currency: str = "USD"
    period: str = ""
    start_arr: float | None = None
    churned_arr: float | None = None
    contraction_arr: float | None = None
    expansion_arr: float | None = None
    acv: float | None = None
    targets: dict[str, float] = Field(default_factory=dict)


class _AnswerIn(_Model):
    element: Annotated[str, Field(min_length=1)]
    level: int | None = None
    na: bool = False
    reason: str | None = None
    confidence: Literal["low", "medium", "high"] = "medium"
    flagged: bool = False
    note: str = ""
    updated: str = ""
    by: str = ""


class _PilotIn(_Model):
    agent: Annotated[str, Field(min_length=1)]
    outcome: Literal["not_started", "running", "proven", "stopped"]
    seen: list[str] = Field(default_factory=list)
    note: str = ""


class _DocumentIn(_Model):
    format: str
    assessment: _AssessmentIn
    rubric: _RubricIn
    baseline: _BaselineIn = Field(default_factory=_BaselineIn)
    answers: list[_AnswerIn] = Field(default_factory=list)
    pilots: list[_PilotIn] = Field(default_factory=list)
    report: dict[str, Any] | None = None  # computed; accepted and ignored


def _fail(filename: str, line: int | None, key: str, message: str) -> FormatError:
    where = f"{filename}:{line}" if line else filename
    return FormatError(f"{where}: {key}: {message}" if key else f"{where}: {message}")


def _check_stamp(value: str) -> str | None:
    if not value:
        return None
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return "must be an ISO date and time such as 2026-03-12T09:30:00+00:00" + got(value)
    return None


def parse(
    text: str, filename: str = "<import>"
) -> tuple[str, AssessmentMeta, Baseline, list[Answer], list[PilotOutcome]]:
    """Read a csmaturity/1 export: (rubric text, meta, baseline, answers, pilots), validated.

    The ``[report]`` part is accepted and ignored. Raises :class:`FormatError`
    (one line: file, line where known, key) on the first problem found.
    """
    text = text.removeprefix("\ufeff")  # a byte-order mark: accepted
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)$", "", str(exc))
        message = re.sub(r"\s*\(at end of document\)$", " (at end of file)", message)
        line = int(found.group(1)) if found else None
        raise _fail(filename, line, "", f"not valid TOML: {message}") from None
    except RecursionError:
        raise _fail(filename, None, "", deep_message()) from None
    lines = rubric_mod.key_lines(text)
    deep = check_depth(data)
    if deep is not None:
        raise _fail(filename, rubric_mod.locate(lines, deep), "", deep_message())
    fmt = data.get("format")
    if fmt is None:
        raise _fail(filename, None, "format", f"missing: not a csmaturity export ({FORMAT})")
    if fmt != FORMAT:
        shown = repr(fmt) if isinstance(fmt, str) else "a non-string value"
        raise _fail(
            filename,
            rubric_mod.locate(lines, ["format"]),
            "format",
            f"this file is in format {shown}; this version reads {FORMAT!r}",
        )
    try:
        doc = _DocumentIn.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(p) for p in err["loc"]]
        message = error_message(err)
        more = len(exc.errors()) - 1
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise _fail(filename, rubric_mod.locate(lines, loc), _dotted(loc), message) from None

    def fail(path: Sequence[str], message: str) -> FormatError:
        return _fail(filename, rubric_mod.locate(lines, path), _dotted(path), message)

    # the rubric: valid, and the one the header names
    rubric = _embedded_rubric(doc.rubric, filename, lines)
    if rubric.sha256 != doc.rubric.sha256:
        raise fail(["rubric", "sha256"], "does not match the sha256 of rubric.text")
    if (rubric.meta.id, rubric.meta.version) != (doc.rubric.id, doc.rubric.version):
        raise fail(
            ["rubric", "id"],
            f"says {doc.rubric.id} {doc.rubric.version} but rubric.text is "
            f"{rubric.meta.id} {rubric.meta.version}",
        )

    for name, message in text_problems({"id": doc.rubric.id, "version": doc.rubric.version}):
        raise fail(["rubric", name], message)
    a = doc.assessment
    problem = check_date(a.date)
    if problem:
        raise fail(["assessment", "date"], problem)
    for key in ("created", "updated"):
        problem = _check_stamp(getattr(a, key))
        if problem:
            raise fail(["assessment", key], problem)
    meta = AssessmentMeta(
        id=a.id,
        client=a.client,
        scope=a.scope,
        assessors=a.assessors,
        date=a.date,
        status=a.status,
        created=a.created,
        updated=a.updated,
    )
    for name, message in meta_problems(meta):
        raise fail(["assessment", name], message)

    b = doc.baseline
    baseline = Baseline(
        currency=b.currency,
        period=b.period,
        start_arr=b.start_arr,
        churned_arr=b.churned_arr,
        contraction_arr=b.contraction_arr,
        expansion_arr=b.expansion_arr,
        targets=dict(b.targets),
        acv=b.acv,
    )
    for name, message in baseline_problems(baseline, rubric):
        raise fail(["baseline", *name.split(".")], message)

    answers: list[Answer] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(doc.answers):
        where = ["answers", str(i)]
        if item.element in seen:
            raise fail(
                [*where, "element"],
                f"{item.element!r} is answered twice (also answers[{seen[item.element]}])",
            )
        seen[item.element] = i
        if item.na and item.level is not None:
            raise fail([*where, "na"], "an answer with a level cannot also be N/A")
        if item.na and item.reason is None:
            raise fail([*where, "reason"], "N/A needs a reason")
        if not item.na and item.reason is not None:
            raise fail(
                [*where, "reason"], "a reason is only given with na = true" + got(item.reason)
            )
        problem = _check_stamp(item.updated)
        if problem:
            raise fail([*where, "updated"], problem)
        answer = Answer(
            element_id=item.element,
            level=item.level,
            na_reason=item.reason if item.na else None,
            confidence=item.confidence,
            note=item.note,
            flagged=item.flagged,
            updated=item.updated,
            by=item.by,
        )
        keys = {"element": "element", "level": "level", "na_reason": "reason"}
        for name, message in answer_text_problems(answer) + answer_problems(answer, rubric):
            raise fail([*where, keys.get(name, name)], message)
        answers.append(answer)
    pilots: list[PilotOutcome] = []
    agents: dict[str, int] = {}
    for i, pin in enumerate(doc.pilots):
        where = ["pilots", str(i)]
        if pin.agent in agents:
            raise fail(
                [*where, "agent"],
                f"{pin.agent!r} is given twice (also pilots[{agents[pin.agent]}])",
            )
        agents[pin.agent] = i
        pilot = PilotOutcome(pin.agent, pin.outcome, tuple(pin.seen), pin.note)
        for name, message in pilot_problems(pilot, rubric):
            raise fail([*where, name], message)
        pilots.append(pilot)
    return doc.rubric.text, meta, baseline, answers, pilots


def read_assessment(text: str, filename: str = "<import>") -> tuple[Rubric, Assessment]:
    """An export read back as its rubric and the Assessment, without a database."""
    rubric_text, meta, baseline, answers, pilots = parse(text, filename)
    return rubric_mod.loads(rubric_text), Assessment(
        meta,
        baseline,
        {a.element_id: a for a in answers},
        {p.agent_id: p for p in pilots},
    )


def _embedded_rubric(rub: _RubricIn, filename: str, lines: Mapping[tuple[str, ...], int]) -> Rubric:
    """The rubric in ``[rubric].text``, or a FormatError pointing into the file."""
    start = rubric_mod.locate(lines, ["rubric", "text"])
    try:
        return rubric_mod.loads(rub.text, "rubric.text")
    except rubric_mod.RubricError as exc:
        first = exc.problems[0]
        line = start + first.line if start is not None and first.line else start
        where = f"rubric.text:{first.line}" if first.line else "rubric.text"
        message = f"{first.path}: {first.message}" if first.path else first.message
        more = len(exc.problems) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        raise _fail(
            filename, line, "rubric", f"the rubric is not valid: {where}: {message}{tail}"
        ) from None


def _dotted(path: Sequence[str]) -> str:
    out = ""
    for part in path:
        if part.isdigit():
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out
