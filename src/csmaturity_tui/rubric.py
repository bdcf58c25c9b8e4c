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


class NrrConfig(_Strict):
    churn_tax: tuple[Multiplier, Multiplier] = (1.5, 2.5)
    benchmark_expansion_rate: Annotated[Number, Field(ge=0, le=10)] = 0.15
    benchmark_grr: Share = 0.90
    recovery: list[Share] = Field(default_factory=lambda: [0.3, 0.5, 0.7], min_length=1)
    capture: list[Share] = Field(default_factory=lambda: [0.3, 0.5, 0.7], min_length=1)


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
    weight: Weight = 1.0
    target: ScalePoint | None = None
    levers: LeverWeights = Field(default_factory=LeverWeights)
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
    signal: ParaText
    dimension: Id
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
    failure_modes: list[FailureMode] = Field(default_factory=list)


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
    def dimension_of(self) -> dict[str, str]:
        """Element id to the id of the dimension holding it (dimension elements only)."""
        return {e.id: d.id for d in self.dimensions for e in d.elements}

    @cached_property
    def agent_by_id(self) -> dict[str, Agent]:
        return {a.id: a for a in self.agents}

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


def load(path: str | Path | None = None) -> Rubric:
    """Read and validate a rubric file (the default one when ``path`` is None)."""
    file = Path(path) if path is not None else default_path()
    try:
        text = read_input(file, RUBRIC_BYTES_MAX)  # a regular file, bounded; a BOM dropped
    except InputFileError as exc:
        raise RubricError([Problem(str(file), None, "", str(exc))]) from None
    return loads(text, str(file))


def loads(text: str, filename: str = "<rubric>") -> Rubric:
    """Validate rubric TOML text; ``filename`` is used in messages."""
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
        for loc, message in cross_check(rubric)
    ]
    if problems:
        raise RubricError(problems)
    return rubric.model_copy(update={"source": text})  # verbatim: not stripped


def _toml_error_line(message: str) -> int | None:
    found = re.search(r"at line (\d+)", message)
    return int(found.group(1)) if found else None


def cross_check(rubric: Rubric) -> list[tuple[tuple[str, ...], str]]:
    """The checks a schema cannot express, as (key path, message) pairs."""
    out: list[tuple[tuple[str, ...], str]] = []
    seen: dict[str, str] = {}

    def claim(identifier: str, where: tuple[str, ...]) -> None:
        if identifier in seen:
            out.append(((*where, "id"), f"id {identifier!r} is already used at {seen[identifier]}"))
        else:
            seen[identifier] = _dotted(where)

    top = rubric.levels
    dims = {d.id for d in rubric.dimensions}
    low, high = rubric.nrr.churn_tax
    if low > high:
        out.append((("nrr", "churn_tax"), f"low multiplier {low} is above high {high}"))
    if len(rubric.nrr.recovery) != len(rubric.nrr.capture):
        out.append(
            (
                ("nrr", "capture"),
                f"has {len(rubric.nrr.capture)} entries but recovery has "
                f"{len(rubric.nrr.recovery)}; give one of each per year",
            )
        )
    if not 1 <= rubric.quadrant.strong_from <= top:
        out.append(
            (
                ("quadrant", "strong_from"),
                f"must lie on the scale, 1 to {top}" + got(rubric.quadrant.strong_from),
            )
        )
    if rubric.meta.target is not None and not 1 <= rubric.meta.target <= top:
        out.append(
            (("rubric", "target"), f"must lie on the scale, 1 to {top}" + got(rubric.meta.target))
        )

    for i, d in enumerate(rubric.dimensions):
        where = ("dimensions", str(i))
        claim(d.id, where)
        if d.target is not None and not 1 <= d.target <= top:
            out.append(((*where, "target"), f"must lie on the scale, 1 to {top}" + got(d.target)))
        for j, e in enumerate(d.elements):
            ew = (*where, "elements", str(j))
            claim(e.id, ew)
            out.extend(_check_levels(e.levels, top, ew))
    for i, a in enumerate(rubric.ai_readiness):
        where = ("ai_readiness", str(i))
        claim(a.id, where)
        out.extend(_check_levels(a.levels, top, where))
        for k, dim in enumerate(a.dimensions):
            if dim not in dims:
                out.append(((*where, "dimensions", str(k)), f"unknown dimension {dim!r}"))
    internal = 0
    for i, ag in enumerate(rubric.agents):
        where = ("agents", str(i))
        claim(ag.id, where)
        internal += ag.exposure == "internal"
        for table in ("feeds", "gate"):
            for key in getattr(ag, table):
                if key not in dims:
                    out.append(((*where, table, key), f"unknown dimension {key!r}"))
        for key, minimum in ag.gate.items():
            if not 1 <= minimum <= top:
                message = f"minimum {minimum} is off the scale 1 to {top}"
                out.append(((*where, "gate", key), message))
        if ag.min_ai_readiness is not None and not 1 <= ag.min_ai_readiness <= top:
            out.append(
                (
                    (*where, "min_ai_readiness"),
                    f"must lie on the scale, 1 to {top}" + got(ag.min_ai_readiness),
                )
            )
        for k, fm in enumerate(ag.failure_modes):
            if fm.dimension not in dims:
                out.append(
                    (
                        (*where, "failure_modes", str(k), "dimension"),
                        f"unknown dimension {fm.dimension!r}",
                    )
                )
    if internal == 0:
        out.append((("agents",), "at least one agent must be internal"))
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
