"""The TOML reader: a csmaturity/1 export (:mod:`.toml_writer`) read back, validated.

:func:`parse` reads a file back into the parts the store's ``import_assessment``
takes, validating it against its own rubric first. Every problem is a
:class:`FormatError` whose message is one line: ``FILE:LINE: key: what is wrong``.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.formats.toml_writer import FORMAT
from csmaturity_tui.inputs import check_depth, deep_message, error_message, got, text_problems
from csmaturity_tui.model import (
    Answer,
    Assessment,
    AssessmentMeta,
    Baseline,
    PilotOutcome,
    Rates,
    Resolution,
    amounts_from_rates,
    answer_problems,
    answer_text_problems,
    baseline_problems,
    check_date,
    consensus,
    meta_problems,
    pilot_problems,
    rate_problems,
    resolution_problems,
)
from csmaturity_tui.rubric import Rubric

__all__ = ["FormatError", "parse", "parse_document", "read_assessment"]


class FormatError(ValueError):
    """A file that is not a valid csmaturity/1 export; the message is one line."""


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
    # a hand-written file may give GRR and NRR percentages instead of the amounts
    grr: float | None = None
    nrr: float | None = None
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
    carried: bool = False


class _ResolutionIn(_Model):
    element: Annotated[str, Field(min_length=1)]
    kind: Literal["chosen", "consensus", "spread"]
    level: int | None = None
    na: bool = False
    reason: str | None = None
    note: str = ""
    by: str = ""
    at: str = ""


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
    views: list[_AnswerIn] = Field(default_factory=list)
    resolutions: list[_ResolutionIn] = Field(default_factory=list)
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
    (one line: file, line where known, key) on the first problem found. Several
    assessors' answers are in :func:`parse_document`'s result.
    """
    rubric_text, a = parse_document(text, filename)
    return rubric_text, a.meta, a.baseline, list(a.answers.values()), list(a.pilots.values())


def parse_document(text: str, filename: str = "<import>") -> tuple[str, Assessment]:
    """Read a csmaturity/1 export whole: its rubric text and the assessment, with each
    assessor's answers (``[[views]]``) and resolutions, validated.

    The answer of an element several assessors answered is their consensus
    (:func:`csmaturity_tui.model.consensus`), whatever ``[[answers]]`` says of it.
    """
    text = text.removeprefix("\ufeff")  # a byte-order mark: accepted
    data = _toml(text, filename)
    at = _Where(filename, rubric_mod.key_lines(text))
    deep = check_depth(data)
    if deep is not None:
        raise _fail(filename, rubric_mod.locate(at.lines, deep), "", deep_message())
    _check_format(data.get("format"), at)
    doc = _document(data, at)
    rubric = _rubric(doc.rubric, at)
    meta = _meta(doc.assessment, at)
    baseline = _baseline(doc.baseline, rubric, at)
    answers = {a.element_id: a for a in _answers(doc.answers, rubric, at)}
    pilots = _pilots(doc.pilots, rubric, at)
    views = _views(doc.views, rubric, at)
    resolutions = _resolutions(doc.resolutions, views, rubric, at)
    for eid, given in views.items():
        answers[eid] = consensus(eid, given, resolutions.get(eid))
    assessment = Assessment(
        meta, baseline, answers, {p.agent_id: p for p in pilots}, views, resolutions
    )
    return doc.rubric.text, assessment


@dataclass(frozen=True)
class _Where:
    """The file being read and where each of its keys is, to point at a problem."""

    filename: str
    lines: Mapping[tuple[str, ...], int]

    def fail(self, path: Sequence[str], message: str) -> FormatError:
        return _fail(self.filename, rubric_mod.locate(self.lines, path), _dotted(path), message)


def _toml(text: str, filename: str) -> dict[str, Any]:
    """The parsed TOML, or a FormatError naming the line TOML's parser stopped at."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"at line (\d+)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)$", "", str(exc))
        message = re.sub(r"\s*\(at end of document\)$", " (at end of file)", message)
        line = int(found.group(1)) if found else None
        raise _fail(filename, line, "", f"not valid TOML: {message}") from None
    except RecursionError:
        raise _fail(filename, None, "", deep_message()) from None


def _check_format(fmt: object, at: _Where) -> None:
    if fmt is None:
        raise _fail(at.filename, None, "format", f"missing: not a csmaturity export ({FORMAT})")
    if fmt != FORMAT:
        shown = repr(fmt) if isinstance(fmt, str) else "a non-string value"
        raise at.fail(["format"], f"this file is in format {shown}; this version reads {FORMAT!r}")


def _document(data: dict[str, Any], at: _Where) -> _DocumentIn:
    """The file's shape checked (types, required keys, no unknown key): its first problem."""
    try:
        return _DocumentIn.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = [str(p) for p in err["loc"]]
        message = error_message(err)
        more = len(exc.errors()) - 1
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise at.fail(loc, message) from None


def _rubric(rub: _RubricIn, at: _Where) -> Rubric:
    """The embedded rubric: valid, and the one the header names."""
    rubric = _embedded_rubric(rub, at.filename, at.lines)
    if rubric.sha256 != rub.sha256:
        raise at.fail(["rubric", "sha256"], "does not match the sha256 of rubric.text")
    if (rubric.meta.id, rubric.meta.version) != (rub.id, rub.version):
        raise at.fail(
            ["rubric", "id"],
            f"says {rub.id} {rub.version} but rubric.text is "
            f"{rubric.meta.id} {rubric.meta.version}",
        )
    for name, message in text_problems({"id": rub.id, "version": rub.version}):
        raise at.fail(["rubric", name], message)
    return rubric


def _meta(a: _AssessmentIn, at: _Where) -> AssessmentMeta:
    problem = check_date(a.date)
    if problem:
        raise at.fail(["assessment", "date"], problem)
    for key in ("created", "updated"):
        problem = _check_stamp(getattr(a, key))
        if problem:
            raise at.fail(["assessment", key], problem)
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
        raise at.fail(["assessment", name], message)
    return meta


def _baseline(b: _BaselineIn, rubric: Rubric, at: _Where) -> Baseline:
    rates = Rates(b.start_arr, b.grr, b.nrr, b.churned_arr, b.contraction_arr, b.expansion_arr)
    for name, message in rate_problems(rates):
        raise at.fail(["baseline", name], message)
    money = amounts_from_rates(rates)
    baseline = Baseline(
        currency=b.currency,
        period=b.period,
        start_arr=b.start_arr,
        churned_arr=money.churned_arr,
        contraction_arr=money.contraction_arr,
        expansion_arr=money.expansion_arr,
        targets=dict(b.targets),
        acv=b.acv,
    )
    for name, message in baseline_problems(baseline, rubric):
        raise at.fail(["baseline", *name.split(".")], message)
    return baseline


def _answers(items: Sequence[_AnswerIn], rubric: Rubric, at: _Where) -> list[Answer]:
    """Each answer checked against the model's rules; an element answered once."""
    answers: list[Answer] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        where = ["answers", str(i)]
        if item.element in seen:
            raise at.fail(
                [*where, "element"],
                f"{item.element!r} is answered twice (also answers[{seen[item.element]}])",
            )
        seen[item.element] = i
        answers.append(_checked(item, where, rubric, at))
    return answers


def _views(items: Sequence[_AnswerIn], rubric: Rubric, at: _Where) -> dict[str, tuple[Answer, ...]]:
    """Each assessor's own answers, by element: two or more named assessors each."""
    found: dict[str, dict[str, Answer]] = {}
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        where = ["views", str(i)]
        if not item.by.strip():
            raise at.fail([*where, "by"], "an assessor's answer names its assessor")
        mine = found.setdefault(item.element, {})
        if item.by in mine:
            raise at.fail([*where, "by"], f"{item.by!r} answers {item.element!r} twice")
        first.setdefault(item.element, i)
        mine[item.by] = _checked(item, where, rubric, at)
    for eid, mine in found.items():
        if len(mine) < 2:
            message = "an element in views needs the answers of two or more assessors"
            raise at.fail(["views", str(first[eid]), "element"], message)
    return {eid: tuple(mine[b] for b in sorted(mine)) for eid, mine in found.items()}


def _resolutions(
    items: Sequence[_ResolutionIn],
    views: Mapping[str, tuple[Answer, ...]],
    rubric: Rubric,
    at: _Where,
) -> dict[str, Resolution]:
    out: dict[str, Resolution] = {}
    for i, item in enumerate(items):
        where = ["resolutions", str(i)]
        if item.element in out:
            raise at.fail([*where, "element"], f"{item.element!r} is settled twice")
        if item.na != (item.reason is not None):
            raise at.fail([*where, "reason"], "N/A (na = true) goes with a reason, and only it")
        problem = _check_stamp(item.at)
        if problem:
            raise at.fail([*where, "at"], problem)
        r = Resolution(
            item.element, item.kind, item.level, item.reason, item.note, item.by, item.at
        )
        for name, message in resolution_problems(r, rubric):
            raise at.fail([*where, "reason" if name == "na_reason" else name], message)
        if item.element not in views:
            raise at.fail([*where, "element"], "settles no disagreement between assessors")
        out[item.element] = r
    return out


def _checked(item: _AnswerIn, where: list[str], rubric: Rubric, at: _Where) -> Answer:
    """One answer table (of ``[[answers]]`` or ``[[views]]``) held to the model's rules."""
    answer = _answer(item, where, at)
    keys = {"na_reason": "reason"}  # the model's name of a key, as the file spells it
    for name, message in answer_text_problems(answer) + answer_problems(answer, rubric):
        raise at.fail([*where, keys.get(name, name)], message)
    return answer


def _answer(item: _AnswerIn, where: list[str], at: _Where) -> Answer:
    """One ``[[answers]]`` table as an Answer: a level, or ``na`` with its reason."""
    if item.na and item.level is not None:
        raise at.fail([*where, "na"], "an answer with a level cannot also be N/A")
    if item.na and item.reason is None:
        raise at.fail([*where, "reason"], "N/A needs a reason")
    if not item.na and item.reason is not None:
        raise at.fail(
            [*where, "reason"], "a reason is only given with na = true" + got(item.reason)
        )
    problem = _check_stamp(item.updated)
    if problem:
        raise at.fail([*where, "updated"], problem)
    return Answer(
        element_id=item.element,
        level=item.level,
        na_reason=item.reason if item.na else None,
        confidence=item.confidence,
        note=item.note,
        flagged=item.flagged,
        updated=item.updated,
        by=item.by,
        carried=item.carried,
    )


def _pilots(items: Sequence[_PilotIn], rubric: Rubric, at: _Where) -> list[PilotOutcome]:
    pilots: list[PilotOutcome] = []
    agents: dict[str, int] = {}
    for i, pin in enumerate(items):
        where = ["pilots", str(i)]
        if pin.agent in agents:
            raise at.fail(
                [*where, "agent"],
                f"{pin.agent!r} is given twice (also pilots[{agents[pin.agent]}])",
            )
        agents[pin.agent] = i
        pilot = PilotOutcome(pin.agent, pin.outcome, tuple(pin.seen), pin.note)
        for name, message in pilot_problems(pilot, rubric):
            raise at.fail([*where, name], message)
        pilots.append(pilot)
    return pilots


def read_assessment(text: str, filename: str = "<import>") -> tuple[Rubric, Assessment]:
    """An export read back as its rubric and the Assessment, without a database."""
    rubric_text, assessment = parse_document(text, filename)
    return rubric_mod.loads(rubric_text), assessment


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
