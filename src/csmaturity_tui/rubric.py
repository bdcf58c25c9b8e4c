"""The rubric: the methodology as data, its pydantic models and its loader.

A rubric is read from TOML, validated with pydantic models that forbid unknown
keys, then cross-checked (ids unique across the file, every reference points at
a dimension, every element has one descriptor per scale level...). Every
problem is reported as one line, ``FILE:LINE: key.path: message``, with the
line number found from the TOML text wherever the key path can be located.

This module is part of the pure core: it imports only the standard library
and pydantic, and ``load`` is the only place the core reads the disk.
"""

from __future__ import annotations

import hashlib
import math
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from csmaturity_tui.inputs import (
    RUBRIC_BYTES_MAX,
    InputFileError,
    check_depth,
    deep_message,
    error_message,
    got,
    read_input,
    subnormal,
    text_problem,
)

LEVERS: tuple[str, ...] = ("retain", "protect", "expand")
Exposure = Literal["internal", "external"]
Lever = Literal["retain", "protect", "expand"]

_SEMVER = r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$"
_ID = r"^[A-Za-z][A-Za-z0-9_.-]*$"

# Bounds of every number a rubric holds (stated here, checked by the models below). TOML
# allows inf and nan: refused everywhere (``allow_inf_nan=False``), and so are subnormal
# numbers (below 2.2e-308 in size: too small to compute with).
WEIGHT_MAX = 1000.0
CHURN_TAX_RANGE = (1.0, 10.0)
TEXT_MAX = 10_000


def _normal(value: float) -> float:
    if subnormal(value):
        raise ValueError("must not be a subnormal number (too small to compute with)")
    return value


def _line(value: str) -> str:
    problem = text_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _lines(value: str) -> str:
    problem = text_problem(value, multiline=True)
    if problem:
        raise ValueError(problem)
    return value


Number = Annotated[float, AfterValidator(_normal)]
Id = Annotated[str, Field(pattern=_ID, max_length=64)]
# one line (a name, a title) or a paragraph (a question, a descriptor: lines and tabs allowed)
Line = Annotated[str, Field(max_length=TEXT_MAX), AfterValidator(_line)]
Para = Annotated[str, Field(max_length=TEXT_MAX), AfterValidator(_lines)]
Text = Annotated[Line, Field(min_length=1)]
ParaText = Annotated[Para, Field(min_length=1)]
Weight = Annotated[Number, Field(gt=0, le=WEIGHT_MAX)]
Positive = Weight
Share = Annotated[Number, Field(ge=0, le=1)]
Multiplier = Annotated[Number, Field(ge=CHURN_TAX_RANGE[0], le=CHURN_TAX_RANGE[1])]
ScalePoint = Annotated[Number, Field(ge=0, le=100)]  # checked against the scale afterwards
WEAK_LINK_MARGIN = 0.5  # default weak-link floor: this far below strong_from


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False
    )


class RubricMeta(_Strict):
    id: Id
    version: str = Field(pattern=_SEMVER)
    title: Text
    description: Para = ""
    target: ScalePoint | None = None


class ScaleLevel(_Strict):
    level: int = Field(ge=1)
    name: Text
    summary: Para = ""


class QuadrantConfig(_Strict):
    strong_from: ScalePoint = 3.0
    # the weakest fed dimension must reach this; absent: strong_from - 0.5 (not below 1)
    weak_link_from: ScalePoint | None = None

    @property
    def weak_link(self) -> float:
        """The floor every fed dimension of an agent must reach (the weak-link rule)."""
        if self.weak_link_from is not None:
            return self.weak_link_from
        return max(1.0, self.strong_from - WEAK_LINK_MARGIN)


# The [nrr] keys a rubric may leave out, with the value the engine then uses; the
# report's assumptions name each one it took from here (rubrics of format 1.0 have none).
NRR_DEFAULTS: dict[str, Any] = {
    "controllable_share": 0.5,
    "realization": (0.3, 0.7, 1.0),
    "min_coverage": 0.6,
}


class Segment(_Strict):
    """A client segment by average contract value, with its benchmark expansion rate."""

    name: Text
    acv_from: Number = 0.0  # the band runs from this ACV (inclusive) to the next segment's
    expansion_rate: Number
    source: Line = ""  # where the rate comes from, with its year


class NrrConfig(_Strict):
    churn_tax: tuple[Multiplier, Multiplier] = (1.5, 2.5)
    benchmark_expansion_rate: Annotated[Number, Field(ge=0, le=10)] = 0.15
    benchmark_grr: Share = 0.90
    # share of reported churn (churned + contraction ARR) that operations can win back
    controllable_share: Number = NRR_DEFAULTS["controllable_share"]
    # cumulative share of a fixed dimension's effect showing in year 1, 2, 3...
    realization: list[Number] = Field(
        default_factory=lambda: list(NRR_DEFAULTS["realization"]), min_length=1
    )
    # share of the dimension elements that must have a level before the case is sized
    min_coverage: Number = NRR_DEFAULTS["min_coverage"]
    # elements whose answers say how much value customers realize, and how much of it
    # is monetized (the Expansion Gap's evidence); empty: the benchmark gap as it is
    value_realized: list[Id] = Field(default_factory=list)
    value_monetized: list[Id] = Field(default_factory=list)
    # where each figure comes from (key name -> source and year), shown in the report
    sources: dict[str, Text] = Field(default_factory=dict)
    # benchmark expansion rates by segment (ACV band), lowest band first; a baseline with
    # an ACV uses its band's rate instead of benchmark_expansion_rate
    segments: list[Segment] = Field(default_factory=list)
    # format 1.0 keys, still read so that pinned rubrics load; the trajectory no longer
    # uses them (it follows the scheduled recovery vectors and `realization`)
    recovery: list[Share] | None = None
    capture: list[Share] | None = None

    def segment_for(self, acv: float | None) -> Segment | None:
        """The segment whose ACV band holds ``acv`` (None without an ACV or a match)."""
        if acv is None:
            return None
        found = None
        for seg in self.segments:
            if acv >= seg.acv_from:
                found = seg
        return found

    @cached_property
    def defaulted(self) -> tuple[str, ...]:
        """The keys of NRR_DEFAULTS this rubric leaves out (so their default applies)."""
        return tuple(k for k in NRR_DEFAULTS if k not in self.model_fields_set)


class LeverWeights(_Strict):
    retain: Annotated[Number, Field(ge=0, le=WEIGHT_MAX)] = 0.0
    protect: Annotated[Number, Field(ge=0, le=WEIGHT_MAX)] = 0.0
    expand: Annotated[Number, Field(ge=0, le=WEIGHT_MAX)] = 0.0

    def weight(self, lever: str) -> float:
        return float(getattr(self, lever))


class Element(_Strict):
    id: Id
    area: Text
    title: Text
    question: ParaText
    evidence: Para = ""
    weight: Weight = 1.0
    levels: list[ParaText]


class Dimension(_Strict):
    id: Id
    name: Text
    summary: Para = ""
    # where the dimension comes from (the method's article, or this rubric's own reading)
    source: Para = ""
    weight: Weight = 1.0
    target: ScalePoint | None = None
    levers: LeverWeights = Field(default_factory=LeverWeights)
    effort: Number = 1.0  # relative cost of raising it (> 0); vectors rank by return / effort
    elements: list[Element] = Field(min_length=1)

    @cached_property
    def areas(self) -> tuple[str, ...]:
        """The area headings, in the order they first appear."""
        return tuple(dict.fromkeys(e.area for e in self.elements))


class AiElement(_Strict):
    id: Id
    title: Text
    question: ParaText
    evidence: Para = ""
    pillar: Line = ""
    weight: Weight = 1.0
    dimensions: list[Id] = Field(min_length=1)
    levels: list[ParaText]


class FailureMode(_Strict):
    id: Id | None = None  # absent: "fm" and its 1-based position in the agent's list
    signal: ParaText
    dimension: Id
    # the area of that dimension where the fix lands (absent: the dimension as a whole)
    area: Text | None = None
    meaning: Para = ""


class Agent(_Strict):
    id: Id
    name: Text
    summary: Para = ""
    exposure: Exposure
    levers: list[Lever] = Field(default_factory=list)
    feeds: dict[str, Weight] = Field(min_length=1)
    gate: dict[str, ScalePoint] = Field(default_factory=dict)
    min_ai_readiness: ScalePoint | None = None
    effort: int = Field(default=3, ge=1, le=5)
    # element id -> the minimum level each safeguard must reach (None: not declared)
    gate_elements: dict[str, int] | None = None
    # the internal pilots whose lessons an external agent needs (None: not declared)
    after: list[Id] | None = None
    failure_modes: list[FailureMode] = Field(default_factory=list)

    @cached_property
    def failure_mode_ids(self) -> tuple[str, ...]:
        """Each failure mode's id, in order (``fmN`` for one the rubric left unnamed)."""
        return tuple(fm.id or f"fm{n}" for n, fm in enumerate(self.failure_modes, start=1))


class Carry(_Strict):
    """An element id of an earlier version of this rubric, and the element its answers
    go to now (``to = []``: the element was retired, its answers are kept aside)."""

    from_: Id = Field(alias="from")
    to: Id | None  # None: retired (written ``to = []`` in the file)

    @field_validator("to", mode="before")
    @classmethod
    def _retired(cls, value: Any) -> Any:
        if isinstance(value, list):
            if value:
                raise ValueError(
                    "names one element id, or [] for a retired element (an answer is "
                    "carried to one element: name the one it fits best)" + got(value)
                )
            return None
        return value


class Rubric(_Strict):
    """A validated rubric. ``source`` is the exact TOML text it was read from."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False
    )

    meta: RubricMeta = Field(alias="rubric")
    scale: list[ScaleLevel] = Field(min_length=2)
    quadrant: QuadrantConfig = Field(default_factory=QuadrantConfig)
    nrr: NrrConfig = Field(default_factory=NrrConfig)
    dimensions: list[Dimension] = Field(min_length=1)
    ai_readiness: list[AiElement] = Field(default_factory=list)
    agents: list[Agent] = Field(min_length=1)
    # older element ids mapped to this rubric's: how a move to this rubric carries answers
    carry: list[Carry] = Field(default_factory=list)
    source: str = Field(default="", exclude=True)

    @field_validator("scale")
    @classmethod
    def _scale_in_order(cls, value: list[ScaleLevel]) -> list[ScaleLevel]:
        expected = list(range(1, len(value) + 1))
        if [s.level for s in value] != expected:
            got_levels = [s.level for s in value]
            raise ValueError(f"levels must be numbered {expected} in order (got {got_levels})")
        return value

    # -- derived views ---------------------------------------------------------------

    @property
    def levels(self) -> int:
        """How many levels the scale has (the top score)."""
        return len(self.scale)

    @property
    def default_target(self) -> float:
        """``[rubric] target``, else the level at which the model counts as strong."""
        if self.meta.target is not None:
            return self.meta.target
        return self.quadrant.strong_from

    def target_for(self, dimension: Dimension) -> float:
        return dimension.target if dimension.target is not None else self.default_target

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.source.encode("utf-8")).hexdigest()

    @cached_property
    def dimension_by_id(self) -> dict[str, Dimension]:
        return {d.id: d for d in self.dimensions}

    @cached_property
    def element_by_id(self) -> dict[str, Element | AiElement]:
        """Every answerable element: the dimensions' elements, then the AI-readiness layer."""
        out: dict[str, Element | AiElement] = {}
        for d in self.dimensions:
            for e in d.elements:
                out[e.id] = e
        for a in self.ai_readiness:
            out[a.id] = a
        return out

    @cached_property
    def carry_map(self) -> dict[str, str | None]:
        """Older element id to this rubric's element id (None: retired), from ``[[carry]]``."""
        return {c.from_: c.to for c in self.carry}

    @cached_property
    def dimension_of(self) -> dict[str, str]:
        """Element id to the id of the dimension holding it (dimension elements only)."""
        return {e.id: d.id for d in self.dimensions for e in d.elements}

    @cached_property
    def agent_by_id(self) -> dict[str, Agent]:
        return {a.id: a for a in self.agents}

    def pilots_needed(self, agent: Agent) -> tuple[str, ...]:
        """The internal agents an external one waits on: its ``after``, else every internal one."""
        if agent.exposure == "internal":
            return ()
        if agent.after is not None:
            return tuple(dict.fromkeys(agent.after))
        return tuple(a.id for a in self.agents if a.exposure == "internal")

    def iter_elements(self) -> Iterator[tuple[Dimension, Element]]:
        for d in self.dimensions:
            for e in d.elements:
                yield d, e

    @property
    def element_count(self) -> int:
        return sum(len(d.elements) for d in self.dimensions)

    def summary_line(self) -> str:
        return (
            f"{self.meta.id} {self.meta.version}: {len(self.dimensions)} dimensions, "
            f"{self.element_count} elements, {len(self.ai_readiness)} AI-readiness elements, "
            f"{len(self.agents)} agents"
        )


# -- errors ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a rubric file."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class RubricError(Exception):
    """A rubric could not be read or is not valid; ``problems`` has one entry per fault."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# -- locating key paths in TOML text ---------------------------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=(.*)$""")


def key_lines(text: str) -> dict[tuple[str, ...], int]:
    """Map concrete key paths (array indexes as strings) to 1-based line numbers.

    A light scanner, good enough for the tables and arrays of tables of a rubric
    or an export: it skips the inside of multi-line strings, never raises, and a
    path it cannot place is simply absent. Array counters are keyed by their
    concrete parent path, so the elements of each dimension are numbered from 0.
    """
    lines: dict[tuple[str, ...], int] = {}
    counters: dict[tuple[str, ...], int] = {}
    current: tuple[str, ...] = ()
    closing: str | None = None  # the delimiter of the multi-line string we are inside
    for number, raw in enumerate(text.splitlines(), start=1):
        if closing is not None:
            if _closes(raw, closing):
                closing = None
            continue
        header = _HEADER.match(raw)
        if header:
            names = [n.strip().strip('"').strip("'") for n in header.group(2).split(".")]
            concrete: list[str] = []
            for i, name in enumerate(names):
                concrete.append(name)
                key = tuple(concrete)
                if i == len(names) - 1 and header.group(1) == "[[":
                    lines.setdefault(key, number)
                    counters[key] = counters.get(key, -1) + 1
                    concrete.append(str(counters[key]))
                elif key in counters:
                    concrete.append(str(counters[key]))
            current = tuple(concrete)
            lines.setdefault(current, number)
            continue
        match = _KEY.match(raw)
        if match:
            lines.setdefault((*current, match.group(1).strip('"').strip("'")), number)
            rest = match.group(2).strip()
            for delim in ('"""', "'''"):
                if rest.startswith(delim) and not _closes(rest[3:], delim):
                    closing = delim
                    break
    return lines


def _closes(fragment: str, delim: str) -> bool:
    """Whether a multi-line string's delimiter ends in this fragment of a line."""
    if delim == "'''":
        return delim in fragment
    cleaned = re.sub(r"\\.", "", fragment)  # drop escapes such as \" and \\
    return delim in cleaned


def locate(lines: Mapping[tuple[str, ...], int], path: Sequence[str]) -> int | None:
    """The line of ``path``, or of its nearest ancestor the scanner placed."""
    for n in range(len(path), 0, -1):
        found = lines.get(tuple(path[:n]))
        if found is not None:
            return found
    return None


def _dotted(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in path)


# -- loading ---------------------------------------------------------------------------


def default_path() -> Path:
    """The rubric shipped with the package (or, in a checkout, the repo's rubric.toml)."""
    packaged = resources.files("csmaturity_tui").joinpath("data/rubric.toml")
    candidate = Path(str(packaged))
    if candidate.is_file():
        return candidate
    return Path(__file__).resolve().parents[2] / "rubric.toml"


def load(path: str | Path | None = None, *, strict: bool = True) -> Rubric:
    """Read and validate a rubric file (the default one when ``path`` is None).

    A file is checked ``strict`` by default: every rule of the current format,
    including the ones an older rubric (pinned in a database) may break.
    """
    file = Path(path) if path is not None else default_path()
    try:
        text = read_input(file, RUBRIC_BYTES_MAX)  # a regular file, bounded; a BOM dropped
    except InputFileError as exc:
        raise RubricError([Problem(str(file), None, "", str(exc))]) from None
    return loads(text, str(file), strict=strict)


def loads(text: str, filename: str = "<rubric>", *, strict: bool = False) -> Rubric:
    """Validate rubric TOML text; ``filename`` is used in messages.

    Lenient by default, for the text an assessment pinned: an external agent
    without ``gate_elements`` (a rubric older than the rule) still loads, and the
    engine treats its safeguards as undeclared, which blocks its beta. ``strict``
    refuses such a rubric, as ``rubric check`` and ``--rubric`` do.
    """
    text = text.removeprefix("\ufeff")  # a byte-order mark: accepted
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _toml_error_line(str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)$", "", str(exc))
        message = re.sub(r"\s*\(at end of document\)$", " (at end of file)", message)
        raise RubricError([Problem(filename, line, "", f"TOML syntax: {message}")]) from None
    except RecursionError:
        raise RubricError([Problem(filename, None, "", deep_message())]) from None
    lines = key_lines(text)
    deep = check_depth(data)
    if deep is not None:
        raise RubricError([Problem(filename, locate(lines, deep), "", deep_message())])
    try:
        rubric = Rubric.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(str(p) for p in err["loc"])
            if loc and loc[-1] in {"tuple", "list", "dict"}:
                loc = loc[:-1]
            message = error_message(err)
            problems.append(Problem(filename, locate(lines, loc), _dotted(loc), message))
        raise RubricError(problems) from None
    problems = [
        Problem(filename, locate(lines, loc), _dotted(loc), message)
        for loc, message in cross_check(rubric, strict=strict)
    ]
    if problems:
        raise RubricError(problems)
    return rubric.model_copy(update={"source": text})  # verbatim: not stripped


def _toml_error_line(message: str) -> int | None:
    found = re.search(r"at line (\d+)", message)
    return int(found.group(1)) if found else None


Problems = list[tuple[tuple[str, ...], str]]


class _Ids:
    """The ids claimed so far (dimensions, elements, agents share one namespace)."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def claim(self, identifier: str, where: tuple[str, ...]) -> Problems:
        first = self.seen.get(identifier)
        if first is not None:
            return [((*where, "id"), f"id {identifier!r} is already used at {first}")]
        self.seen[identifier] = _dotted(where)
        return []


def cross_check(rubric: Rubric, *, strict: bool = False) -> Problems:
    """The checks a schema cannot express, as (key path, message) pairs.

    ``strict`` adds the rules a rubric older than them may break (see :func:`loads`).
    """
    ids = _Ids()
    out = _check_settings(rubric)
    out.extend(_check_dimensions(rubric, ids))
    out.extend(_check_ai_elements(rubric, ids))
    for i, ag in enumerate(rubric.agents):
        out.extend(_check_agent(rubric, ag, ("agents", str(i)), ids, strict=strict))
    if not any(ag.exposure == "internal" for ag in rubric.agents):
        out.append((("agents",), "at least one agent must be internal"))
    out.extend(_check_carry(rubric))
    return out


def _check_settings(rubric: Rubric) -> Problems:
    """[nrr], [quadrant] and the rubric's target: each on the scale, in its range."""
    out: Problems = []
    top = rubric.levels
    low, high = rubric.nrr.churn_tax
    if low > high:
        out.append((("nrr", "churn_tax"), f"low multiplier {low} is above high {high}"))
    out.extend(_check_nrr(rubric))
    if not 1 <= rubric.quadrant.strong_from <= top:
        out.append(
            (
                ("quadrant", "strong_from"),
                f"must lie on the scale, 1 to {top}" + got(rubric.quadrant.strong_from),
            )
        )
    link = rubric.quadrant.weak_link_from
    if link is not None and not 1 <= link <= rubric.quadrant.strong_from:
        out.append(
            (
                ("quadrant", "weak_link_from"),
                f"must lie from 1 to strong_from ({rubric.quadrant.strong_from})" + got(link),
            )
        )
    if rubric.meta.target is not None and not 1 <= rubric.meta.target <= top:
        out.append(
            (("rubric", "target"), f"must lie on the scale, 1 to {top}" + got(rubric.meta.target))
        )
    return out


def _check_dimensions(rubric: Rubric, ids: _Ids) -> Problems:
    out: Problems = []
    top = rubric.levels
    for i, d in enumerate(rubric.dimensions):
        where = ("dimensions", str(i))
        out.extend(ids.claim(d.id, where))
        if d.target is not None and not 1 <= d.target <= top:
            out.append(((*where, "target"), f"must lie on the scale, 1 to {top}" + got(d.target)))
        if not d.effort > 0:
            out.append(
                ((*where, "effort"), "is not an effort: give a number above 0" + got(d.effort))
            )
        for j, e in enumerate(d.elements):
            ew = (*where, "elements", str(j))
            out.extend(ids.claim(e.id, ew))
            out.extend(_check_levels(e.levels, top, ew))
    return out


def _check_ai_elements(rubric: Rubric, ids: _Ids) -> Problems:
    out: Problems = []
    dims = {d.id for d in rubric.dimensions}
    for i, a in enumerate(rubric.ai_readiness):
        where = ("ai_readiness", str(i))
        out.extend(ids.claim(a.id, where))
        out.extend(_check_levels(a.levels, rubric.levels, where))
        for k, dim in enumerate(a.dimensions):
            if dim not in dims:
                out.append(((*where, "dimensions", str(k)), f"unknown dimension {dim!r}"))
    return out


def _check_agent(
    rubric: Rubric, ag: Agent, where: tuple[str, ...], ids: _Ids, *, strict: bool
) -> Problems:
    """An agent's id, the dimensions it names, its gate's minimums, safeguards and failures."""
    out = ids.claim(ag.id, where)
    top = rubric.levels
    dims = {d.id for d in rubric.dimensions}
    for table in ("feeds", "gate"):
        for key in getattr(ag, table):
            if key not in dims:
                out.append(((*where, table, key), f"unknown dimension {key!r}"))
    for key, minimum in ag.gate.items():
        if not 1 <= minimum <= top:
            out.append(((*where, "gate", key), f"minimum {minimum} is off the scale 1 to {top}"))
    if ag.min_ai_readiness is not None and not 1 <= ag.min_ai_readiness <= top:
        out.append(
            (
                (*where, "min_ai_readiness"),
                f"must lie on the scale, 1 to {top}" + got(ag.min_ai_readiness),
            )
        )
    out.extend(_check_safeguards(rubric, ag, where, strict=strict))
    out.extend(_check_fm_ids(ag, where))
    out.extend(_check_fm_places(rubric, ag, where))
    return out


def _check_fm_places(rubric: Rubric, agent: Agent, where: tuple[str, ...]) -> Problems:
    """Each failure mode names a dimension of the rubric, and an area of that dimension."""
    out: Problems = []
    dims = {d.id: d for d in rubric.dimensions}
    for k, fm in enumerate(agent.failure_modes):
        at = (*where, "failure_modes", str(k))
        dim = dims.get(fm.dimension)
        if dim is None:
            out.append(((*at, "dimension"), f"unknown dimension {fm.dimension!r}"))
        elif fm.area is not None and fm.area not in dim.areas:
            areas = ", ".join(repr(a) for a in dim.areas)
            message = f"{fm.area!r} is not an area of {fm.dimension!r} (its areas: {areas})"
            out.append(((*at, "area"), message))
    return out


def _check_carry(rubric: Rubric) -> list[tuple[tuple[str, ...], str]]:
    """``[[carry]]``: each older id once, not a current element's, carried to an element."""
    out: list[tuple[tuple[str, ...], str]] = []
    first: dict[str, int] = {}
    elements = rubric.element_by_id
    for k, entry in enumerate(rubric.carry):
        where = ("carry", str(k))
        old, new = entry.from_, entry.to
        if old in first:
            message = f"is already carried by carry.{first[old]}: give each older id once"
            out.append(((*where, "from"), message + got(old)))
        first.setdefault(old, k)
        if old in elements and new != old:
            message = (
                "is an element of this rubric: its answers stay with it (drop the entry, "
                "or carry it to itself)"
            )
            out.append(((*where, "from"), message + got(old)))
        if new is not None and new not in elements:
            message = "names no element of this rubric (carry answers to one of its elements)"
            out.append(((*where, "to"), message + got(new)))
    return out


def _check_nrr(rubric: Rubric) -> Problems:
    """The [nrr] rules: Churn Tax at least reported churn, a realization curve, tags."""
    cfg = rubric.nrr
    out: Problems = []
    for key in ("controllable_share", "min_coverage"):
        value = getattr(cfg, key)
        if not 0 <= value <= 1:
            out.append((("nrr", key), f"{value:g} is a share: it must lie from 0 to 1"))
    out.extend(_check_realization(cfg.realization))
    out.extend(_check_segments(cfg))
    if (
        cfg.recovery is not None
        and cfg.capture is not None
        and (len(cfg.recovery) != len(cfg.capture))
    ):
        out.append(
            (
                ("nrr", "capture"),
                f"has {len(cfg.capture)} entries but recovery has "
                f"{len(cfg.recovery)}; give one of each per year",
            )
        )
    dimension_elements = rubric.dimension_of
    for key in ("value_realized", "value_monetized"):
        for k, eid in enumerate(getattr(cfg, key)):
            if eid not in dimension_elements:
                out.append(
                    (("nrr", key, str(k)), f"unknown element {eid!r} (name a dimension element)")
                )
    for key in cfg.sources:
        if key not in NrrConfig.model_fields or key == "sources":
            out.append((("nrr", "sources", key), f"names no [nrr] key: {key!r}"))
    return out


def _check_realization(curve: Sequence[float]) -> Problems:
    """Cumulative shares of a fix's effect by year: each from 0 to 1, never falling."""
    out: Problems = []
    shown = "[" + ", ".join(f"{v:g}" for v in curve) + "]"
    for k, share in enumerate(curve):
        where = ("nrr", "realization", str(k))
        if not 0 <= share <= 1:
            out.append(
                (
                    where,
                    f"year {k + 1} share {share:g} in {shown} is off 0 to 1 (the shares "
                    "are cumulative: all of a fix's effect is 1, so they add up to at most 1)",
                )
            )
        elif k and share < curve[k - 1]:
            out.append(
                (
                    where,
                    f"year {k + 1} share {share:g} is below year {k}'s {curve[k - 1]:g} in "
                    f"{shown}: a realization curve is cumulative and never falls",
                )
            )
    return out


def _check_segments(cfg: NrrConfig) -> Problems:
    """[[nrr.segments]]: a rate each, listed from the lowest ACV up."""
    out: Problems = []
    previous: float | None = None
    for k, seg in enumerate(cfg.segments):
        where = ("nrr", "segments", str(k))
        if not 0 <= seg.expansion_rate <= 10:
            out.append(
                ((*where, "expansion_rate"), f"{seg.expansion_rate:g} is off 0 to 10 (a rate)")
            )
        if not (math.isfinite(seg.acv_from) and seg.acv_from >= 0):
            out.append(((*where, "acv_from"), f"{seg.acv_from:g} is not an ACV of 0 or more"))
        elif previous is not None and seg.acv_from <= previous:
            out.append(
                (
                    (*where, "acv_from"),
                    f"{seg.acv_from:g} is not above the band before it ({previous:g}): "
                    "list the segments from the lowest ACV up",
                )
            )
        previous = seg.acv_from
    return out


def _check_safeguards(
    rubric: Rubric, ag: Agent, where: tuple[str, ...], *, strict: bool
) -> list[tuple[tuple[str, ...], str]]:
    """``gate_elements`` and ``after``: safeguards that exist and pilots that are internal."""
    out: list[tuple[tuple[str, ...], str]] = []
    top = rubric.levels
    if ag.gate_elements is None:
        if strict and ag.exposure == "external":
            message = (
                "required key is missing: an external agent names its safeguard elements, "
                "gate_elements = { element_id = minimum level, ... }"
            )
            out.append(((*where, "gate_elements"), message))
    elif not ag.gate_elements and ag.exposure == "external":
        message = "is empty: an external agent names at least one safeguard element"
        out.append(((*where, "gate_elements"), message))
    for key, minimum in (ag.gate_elements or {}).items():
        if key not in rubric.element_by_id:
            out.append(((*where, "gate_elements", key), f"unknown element {key!r}"))
        elif not 1 <= minimum <= top:
            message = f"minimum {minimum} is off the scale 1 to {top}"
            out.append(((*where, "gate_elements", key), message))
    if ag.after is not None and ag.exposure == "internal":
        out.append(((*where, "after"), "only an external agent waits on pilots"))
    for k, pilot in enumerate(ag.after or []):
        other = rubric.agent_by_id.get(pilot)
        if other is None:
            out.append(((*where, "after", str(k)), f"unknown agent {pilot!r}"))
        elif other.exposure != "internal":
            message = f"{pilot!r} is an external agent; after names internal pilots"
            out.append(((*where, "after", str(k)), message))
    return out


def _check_fm_ids(ag: Agent, where: tuple[str, ...]) -> list[tuple[tuple[str, ...], str]]:
    out: list[tuple[tuple[str, ...], str]] = []
    seen: set[str] = set()
    for k, fm_id in enumerate(ag.failure_mode_ids):
        if fm_id in seen:
            message = f"failure mode id {fm_id!r} is used twice in this agent"
            out.append(((*where, "failure_modes", str(k), "id"), message))
        seen.add(fm_id)
    return out


def _check_levels(
    levels: list[str], top: int, where: tuple[str, ...]
) -> list[tuple[tuple[str, ...], str]]:
    out: list[tuple[tuple[str, ...], str]] = []
    if len(levels) != top:
        out.append(
            ((*where, "levels"), f"has {len(levels)} descriptors; the scale has {top} levels")
        )
    if len(set(levels)) != len(levels):
        twice = next(t for t in levels if levels.count(t) > 1)
        out.append(((*where, "levels"), "two descriptors are the same" + got(twice)))
    return out
