"""The use cases the CLI and the TUI share, between them and the store.

Open a store, list assessments with their overall scores, load the demo, import a
TOML export, open an assessment, render or export it, restore a backup, check and
move an assessment to a rubric (rebase), count what a delete loses.

Every failure leaves as ONE error type, :class:`ServiceError`: one line for the
person, with the exit status the CLI gives it (2: bad input, 1: other failures).
A :class:`~csmaturity_tui.store.StoreError`, a format error, an output error or a
rubric fault raised below is turned into one, its words kept.

Only the standard library is imported at module level (``csmaturity --help`` stays
fast); what a use case needs is imported inside it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from csmaturity_tui.engine import Report
    from csmaturity_tui.engine.agreement import AgreementReport
    from csmaturity_tui.engine.compare import Comparison, Side, Trend
    from csmaturity_tui.engine.merge import Conflict
    from csmaturity_tui.engine.open_items import LeftToSettle
    from csmaturity_tui.model import (
        Answer,
        Assessment,
        AssessmentMeta,
        Baseline,
        PilotOutcome,
        RebasePlan,
        Resolution,
    )
    from csmaturity_tui.rubric import Rubric
    from csmaturity_tui.store import AssessmentRow, Store
    from csmaturity_tui.store.backup import Restored
    from csmaturity_tui.store.rounds import Reassessed

FORMATS = ("md", "toml")


class ServiceError(Exception):
    """A use case failed: one line to show as it is; ``exit_code`` 2 (bad input) or 1.

    ``details``: every problem found, one line each, when there can be several (a
    rubric's faults); the message is the first.
    """

    def __init__(self, message: str, *, exit_code: int = 2, details: tuple[str, ...] = ()) -> None:
        super().__init__(" ".join(str(message).split()))  # always one line
        self.exit_code = exit_code
        self.details = details


class OutputRefused(ServiceError):
    """The output file could not be written (nothing was): a folder missing, a file there..."""


@contextmanager
def _one_error() -> Iterator[None]:
    """Turn the errors of the layers below into a :class:`ServiceError` (same words)."""
    try:
        yield
    except Exception as exc:
        error = _as_service_error(exc)
        if error is None:
            raise
        raise error from None


def _as_service_error(exc: Exception) -> ServiceError | None:
    """The ServiceError for an error of the store, a rubric, a format or an output file.

    The error classes are imported here, on the failure path only: the rubric's models
    and the writers are slow imports (``csmaturity list`` needs neither).
    """
    from csmaturity_tui.formats.files import OutputError
    from csmaturity_tui.formats.toml_reader import FormatError
    from csmaturity_tui.rubric import RubricError
    from csmaturity_tui.store import StoreError

    if isinstance(exc, StoreError):
        return ServiceError(str(exc), exit_code=exc.exit_code)
    if isinstance(exc, RubricError):
        details = tuple(str(problem) for problem in exc.problems)
        return ServiceError(details[0] if details else str(exc), details=details)
    if isinstance(exc, OutputError):
        return OutputRefused(str(exc))
    if isinstance(exc, FormatError):
        return ServiceError(str(exc))
    return None


# -- the store --------------------------------------------------------------------------


def has_database(db: Path) -> bool:
    """A database file (or a link to one) is at ``db``: nothing is opened or created."""
    return db.exists() or db.is_symlink()


def open_store(db: Path, *, create: bool = True) -> Store:
    """The one store of this process on ``db`` (created when missing, if ``create``)."""
    from csmaturity_tui.store import Store

    with _one_error():
        return Store.open(db, create=create)


def resolve(store: Store, id_or_prefix: str) -> str:
    """The full id of the one assessment ``id_or_prefix`` names."""
    with _one_error():
        return store.resolve_id(id_or_prefix)


# -- listing ----------------------------------------------------------------------------


def stale(row: AssessmentRow) -> bool:
    """The row's overall score is not cached (a change cleared it) but may exist."""
    return row.overall is None and row.progress > 0


def with_overall(store: Store, rows: list[AssessmentRow]) -> tuple[list[AssessmentRow], list[str]]:
    """The rows with each stale overall score evaluated (and cached for the next list).

    The store computes no score when it writes; the list's overall column is filled
    here, by the engine, the first time it is shown after a change. Also returns one
    line per assessment that could not be evaluated (damaged: its overall stays empty).
    """
    from csmaturity_tui.store import NotFound, StoreError

    out: list[AssessmentRow] = []
    problems: list[str] = []
    for row in rows:
        if stale(row):
            # the engine (and the rubric's pydantic models, ~90 ms) only when a score is due
            from csmaturity_tui.engine import evaluate

            try:
                rubric, assessment = store.load(row.id)
                overall = evaluate(rubric, assessment).scores.overall
                store.cache_overall(row.id, overall, assessment.meta.updated)
            except NotFound:
                continue  # deleted meanwhile
            except StoreError as exc:
                problems.append(str(exc))
            else:
                row = dataclasses.replace(row, overall=overall)
        out.append(row)
    return out, problems


def list_assessments(store: Store) -> tuple[list[AssessmentRow], list[str]]:
    """Every assessment, newest first, each overall score filled; plus the problems."""
    with _one_error():
        return with_overall(store, store.list_assessments())


# -- the demo and imports ---------------------------------------------------------------


@dataclass(frozen=True)
class Imported:
    """A csmaturity/1 TOML export, read and checked (nothing written yet).

    ``views`` and ``resolutions``: several assessors' own answers and how their
    conflicts were settled (empty with one assessor). ``name``: where it was read from.
    """

    rubric_text: str
    meta: AssessmentMeta
    baseline: Baseline
    answers: list[Answer]
    pilots: list[PilotOutcome]
    views: Mapping[str, tuple[Answer, ...]] = dataclasses.field(default_factory=dict)
    resolutions: Mapping[str, Resolution] = dataclasses.field(default_factory=dict)
    name: str = ""

    @classmethod
    def of(cls, rubric_text: str, a: Assessment, name: str = "") -> Imported:
        """An assessment (read from a file, or merged) ready to import."""
        answers, pilots = list(a.answers.values()), list(a.pilots.values())
        return cls(rubric_text, a.meta, a.baseline, answers, pilots, a.views, a.resolutions, name)

    def assessment(self) -> Assessment:
        """The export as an Assessment (what the engine and a merge take)."""
        from csmaturity_tui.model import Assessment

        answers = {a.element_id: a for a in self.answers}
        pilots = {p.agent_id: p for p in self.pilots}
        return Assessment(self.meta, self.baseline, answers, pilots, self.views, self.resolutions)


def parse_export(text: str, name: str) -> Imported:
    """The export in ``text`` (``name`` says where it came from in an error)."""
    from csmaturity_tui.formats.toml_reader import parse_document

    with _one_error():
        rubric_text, a = parse_document(text, name)
    return Imported.of(rubric_text, a, name)


def read_export(name: str) -> Imported:
    """The export in the file ``name``: a regular file, bounded in size (a BOM accepted)."""
    from csmaturity_tui.inputs import IMPORT_BYTES_MAX, InputFileError, read_input

    try:
        text = read_input(Path(name).expanduser(), IMPORT_BYTES_MAX)
    except InputFileError as exc:
        raise ServiceError(f"{name}: {exc}") from None
    return parse_export(text, name)


def is_present(store: Store, assessment_id: str) -> bool:
    with _one_error():
        return any(row.id == assessment_id for row in store.list_assessments())


def import_assessment(store: Store, imported: Imported, *, as_new: bool = False) -> str:
    """Put ``imported`` in the store (under a new id when ``as_new``); its id."""
    with _one_error():
        return store.import_assessment(
            imported.rubric_text,
            imported.meta,
            imported.baseline,
            imported.answers,
            as_new=as_new,
            pilots=imported.pilots,
            views=imported.views,
            resolutions=imported.resolutions,
        )


# -- several assessors ------------------------------------------------------------------


def merge_exports(
    store: Store, exports: Sequence[Imported], *, into: str | None = None, as_new: bool = False
) -> list[str]:
    """Merge copies of one assessment answered separately; the ids written.

    Every file must be of the same assessment and rubric (else a one-line error, exit 2,
    nothing written), unless ``as_new``: then the files of each assessment are merged
    and imported separately, each under a new id. ``into`` (an id or prefix) names the
    assessment in the store the copies merge into; without it, the one of their id when
    the store has it, else the merge is imported as a new assessment.
    """
    if not exports:
        raise ServiceError("no file to merge")
    if as_new:
        if into is not None:
            raise ServiceError("--into and --as-new do not go together")
        groups: dict[tuple[str, str], list[Imported]] = {}
        for e in exports:
            groups.setdefault((e.meta.id, _sha(e.rubric_text)), []).append(e)
        return [_merge_new(store, group, as_new=True) for group in groups.values()]
    check_copies(exports)
    first = exports[0]
    target = resolve(store, into) if into is not None else None
    if target is None and is_present(store, first.meta.id):
        target = first.meta.id
    if target is None:
        return [_merge_new(store, exports, as_new=False)]
    from csmaturity_tui.engine.merge import merge

    rubric, held = open_assessment(store, target)
    for e in exports:
        _same_assessment(e, held.meta.id, rubric.sha256, "the database's")
    with _one_error():
        store.merge_into(target, merge([held, *(e.assessment() for e in exports)]))
    return [target]


def check_copies(exports: Sequence[Imported]) -> None:
    """A one-line error (exit 2) unless every export is a copy of the first's assessment,
    taken with the same rubric."""
    first = exports[0]
    for e in exports[1:]:
        _same_assessment(e, first.meta.id, _sha(first.rubric_text), f"{first.name}'s")


def _merge_new(store: Store, exports: Sequence[Imported], *, as_new: bool) -> str:
    from csmaturity_tui.engine.merge import merge

    merged = merge([e.assessment() for e in exports])
    return import_assessment(store, Imported.of(exports[0].rubric_text, merged), as_new=as_new)


def _sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _same_assessment(e: Imported, aid: str, sha: str, whose: str) -> None:
    """A one-line error when ``e`` is a copy of another assessment, or of another rubric."""
    if e.meta.id != aid:
        raise ServiceError(
            f"{e.name}: a copy of assessment {e.meta.id}, not {aid} ({whose}); "
            "use --as-new to import it separately"
        )
    if _sha(e.rubric_text) != sha:
        raise ServiceError(
            f"{e.name}: taken with another rubric than {whose} copy of {aid}; "
            "use --as-new to import it separately"
        )


@dataclass(frozen=True)
class Disagreements:
    """Where an assessment's assessors disagree, and how much they agree overall."""

    rubric: Rubric
    assessment: Assessment
    conflicts: list[Conflict]  # widest spread first, then rubric order
    agreement: AgreementReport


def disagreements(store: Store, assessment_id: str) -> Disagreements:
    """The conflicts between the assessment's assessors and their agreement."""
    from csmaturity_tui.engine.agreement import agreement
    from csmaturity_tui.engine.merge import conflicts

    rubric, assessment = open_assessment(store, assessment_id)
    return Disagreements(
        rubric, assessment, conflicts(assessment, rubric), agreement(rubric, assessment)
    )


def set_assessor(store: Store, name: str) -> None:
    """Remember ``name`` as the assessor answering with this database."""
    with _one_error():
        store.set_assessor(name)


def resolve_conflict(store: Store, assessment_id: str, resolution: Resolution) -> Answer:
    """Settle a conflict between assessors; the answer now scored."""
    with _one_error():
        return store.resolve(assessment_id, resolution)


def load_demo(store: Store) -> str:
    """Put the demo in ``store`` unless it is already there; returns its id.

    The demo is two rounds of one client: the round a year before goes in first, so
    compare and trend have something to show. A missing or damaged demo file (a broken
    installation) fails with exit code 1.
    """
    from csmaturity_tui.demo import demo_path, earlier_demo_path

    aid = ""
    for path in (earlier_demo_path(), demo_path()):
        aid = _load_demo_round(store, path)
    return aid


def _load_demo_round(store: Store, path: Path) -> str:
    """One round of the demo, from ``path``, unless it is already there; its id."""
    try:
        text = path.read_text(encoding="utf-8")
        demo = parse_export(text, str(path))
    except (OSError, UnicodeDecodeError, ServiceError) as exc:
        raise ServiceError(f"the packaged demo cannot be loaded: {exc}", exit_code=1) from None
    if is_present(store, demo.meta.id):
        return demo.meta.id
    try:
        return import_assessment(store, demo)
    except ServiceError:
        if is_present(store, demo.meta.id):  # another copy of the app loaded it a moment ago
            return demo.meta.id
        raise


# -- one assessment ---------------------------------------------------------------------


def open_assessment(store: Store, assessment_id: str) -> tuple[Rubric, Assessment]:
    """The assessment and the rubric it is pinned to (parsed)."""
    with _one_error():
        return store.load(assessment_id)


def set_targets(store: Store, assessment_id: str, targets: Mapping[str, float | None]) -> None:
    """Set the target of each given dimension (None: back to the rubric's target)."""
    with _one_error():
        store.set_targets(assessment_id, targets)


def what_is_left(store: Store, assessment_id: str) -> tuple[AssessmentMeta, LeftToSettle]:
    """The assessment's details, and what is left to settle before it is complete."""
    from csmaturity_tui.engine.open_items import left_to_settle

    rubric, assessment = open_assessment(store, assessment_id)
    return assessment.meta, left_to_settle(rubric, assessment.answers)


def set_status(store: Store, assessment_id: str, status: str) -> None:
    """Mark the assessment complete, or back to draft (``status``)."""
    with _one_error():
        store.update_assessment(assessment_id, status=status)


def _evaluate(store: Store, assessment_id: str) -> tuple[Rubric, Assessment, Report]:
    from csmaturity_tui.engine import evaluate

    rubric, assessment = open_assessment(store, assessment_id)
    return rubric, assessment, evaluate(rubric, assessment)


def evaluated(store: Store, assessment_id: str) -> tuple[Assessment, Report]:
    """The assessment and its Report (what every view shows)."""
    _rubric, assessment, report = _evaluate(store, assessment_id)
    return assessment, report


def render(store: Store, assessment_id: str, fmt: str, *, with_history: bool = False) -> str:
    """The assessment as Markdown (``md``) or csmaturity/1 TOML (``toml``);
    ``with_history``: the Markdown ends with every recorded change of its answers."""
    if fmt not in FORMATS:
        raise ServiceError(f"format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if with_history and fmt != "md":
        raise ServiceError(f"--with-history: the answer history is a Markdown appendix, not {fmt}")
    rubric, assessment, report = _evaluate(store, assessment_id)
    if fmt == "md":
        from csmaturity_tui.formats import markdown

        since, history = since_last(store, assessment_id), trend(store, assessment_id)
        with _one_error():
            changes = store.history(assessment_id) if with_history else None
        return markdown.render(
            rubric, assessment, report, since=since, history=history, changes=changes
        )
    from csmaturity_tui.formats import toml_writer

    return toml_writer.dumps(rubric, assessment, report)


def export_to(
    store: Store,
    assessment_id: str,
    fmt: str,
    target: Path,
    *,
    force: bool,
    with_history: bool = False,
) -> Path:
    """Render the assessment (:func:`render`) and write it to ``target`` atomically; the
    path written.

    An existing file is replaced only with ``force``; a file that cannot be written
    raises :class:`OutputRefused`.
    """
    from csmaturity_tui.formats.files import write_atomic

    text = render(store, assessment_id, fmt, with_history=with_history)
    with _one_error():
        return write_atomic(target, text, force=force)


@dataclass(frozen=True)
class Losses:
    """What deleting an assessment removes besides it."""

    answers: int  # orphans (kept from an earlier rubric) included
    changes: int  # recorded changes in its history


def delete_losses(store: Store, assessment_id: str) -> Losses:
    """Count what a delete loses, to say it before asking."""
    with _one_error():
        _rubric, assessment = store.load(assessment_id)
        answers = len(assessment.answers) + len(store.orphans(assessment_id))
        return Losses(answers, len(store.history(assessment_id)))


def restore_backup(db: Path, backup: Path | None) -> Restored:
    """Put a backup (default: the newest) back as ``db``, the current file kept aside."""
    from csmaturity_tui.store.backup import restore

    with _one_error():
        return restore(db, backup)


# -- rubrics ----------------------------------------------------------------------------


def load_rubric(path: Path | str | None) -> Rubric:
    """The rubric at ``path`` (None: the packaged one); a fault names its first problem."""
    from csmaturity_tui import rubric

    with _one_error():
        return rubric.load(path)


@dataclass(frozen=True)
class RubricCheck:
    """A rubric that loads, and the warnings of its wording lint (one line each)."""

    rubric: Rubric
    file: str
    warnings: list[str]


def check_rubric(path: Path | str | None) -> RubricCheck:
    """Validate the rubric at ``path`` (None: the packaged one), then lint its wording.

    A rubric that does not load raises a ServiceError whose ``details`` are every fault.
    """
    from csmaturity_tui import rubric as rubric_mod
    from csmaturity_tui.lint import lint_problems

    loaded = load_rubric(path)
    file = str(path) if path is not None else str(rubric_mod.default_path())
    return RubricCheck(loaded, file, [str(w) for w in lint_problems(loaded, file)])


def rubric_label(rubric: Rubric) -> str:
    return f"{rubric.meta.id} {rubric.meta.version}"


@dataclass(frozen=True)
class MoveCheck:
    """Where an assessment stands against a rubric it may move to.

    ``target`` is None when the assessment is already on it; ``answers`` are every
    answer it holds (orphans too), what a move carries, maps or keeps aside.
    """

    pinned_label: str
    target: Rubric | None
    answers: list[Answer]

    def plan(self) -> RebasePlan | None:
        """What the move would do (the store's rebase does the same); None: no move."""
        from csmaturity_tui.model import plan_rebase

        return None if self.target is None else plan_rebase(self.answers, self.target)


def check_move(store: Store, assessment_id: str, target: Rubric) -> MoveCheck:
    """Whether the assessment is on ``target`` already, and what it would carry to it."""
    with _one_error():
        pinned, assessment = store.load(assessment_id)
        answers = [*assessment.answers.values(), *store.orphans(assessment_id)]
    if pinned.sha256 == target.sha256:
        return MoveCheck(rubric_label(pinned), None, answers)
    return MoveCheck(rubric_label(pinned), target, answers)


def move(store: Store, assessment_id: str, target: Rubric) -> RebasePlan:
    """Move the assessment to ``target``: each answer carried, mapped or kept aside."""
    with _one_error():
        return store.rebase(assessment_id, target)


# -- rounds of a client: re-assess, compare, trend ---------------------------------------


def reassess(store: Store, assessment_id: str, rubric: Rubric, *, date: str | None) -> Reassessed:
    """The next round of the assessment's client on ``rubric``, answers carried and marked."""
    from csmaturity_tui.model import check_date

    if date is not None:
        problem = check_date(date)
        if problem:
            raise ServiceError(f"--date: {problem}")
    with _one_error():
        return store.reassess(assessment_id, rubric, date=date)


def confirm_answer(store: Store, assessment_id: str, element_id: str) -> bool:
    """Confirm a carried answer as it is (progress counts it from now)."""
    with _one_error():
        return store.confirm_answer(assessment_id, element_id)


def side(store: Store, assessment_id: str) -> Side:
    """A round as compare and trend read it: its rubric, the assessment, its Report."""
    from csmaturity_tui.engine.compare import Side

    rubric, assessment, report = _evaluate(store, assessment_id)
    return Side(rubric, assessment, report)


def other_client(store: Store, first: str, second: str) -> tuple[str, str] | None:
    """The two clients' names when the rounds are of different clients, else None."""
    with _one_error():
        a, b = store.load(first)[1].meta.client, store.load(second)[1].meta.client
    return None if a.casefold() == b.casefold() else (a, b)


def compare(store: Store, first: str, second: str, *, any_client: bool = False) -> Comparison:
    """The two rounds compared, the earlier (by date) as *before*.

    The same round twice is bad input; rounds of different clients need ``any_client``.
    """
    from csmaturity_tui.engine.compare import compare as compare_sides

    if first == second:
        raise ServiceError(f"compare: {first} is the same assessment twice; give two rounds")
    clients = other_client(store, first, second)
    if clients is not None and not any_client:
        raise ServiceError(
            f"compare: {first} is of client {clients[0]!r} and {second} of {clients[1]!r}; "
            "use --any-client to compare rounds of different clients"
        )
    a, b = side(store, first), side(store, second)
    if (b.assessment.meta.date, b.assessment.meta.created) < (
        a.assessment.meta.date,
        a.assessment.meta.created,
    ):
        a, b = b, a
    return compare_sides(a, b)


def since_last(store: Store, assessment_id: str) -> Comparison | None:
    """The round compared with the client's previous round (None: it is the first)."""
    from csmaturity_tui.engine.compare import compare as compare_sides

    with _one_error():
        previous = store.previous_round(assessment_id)
    if previous is None:
        return None
    return compare_sides(side(store, previous), side(store, assessment_id))


def trend(store: Store, assessment_id: str) -> Trend:
    """Every round of the assessment's client over time, oldest first."""
    from csmaturity_tui.engine.compare import trend as trend_of

    with _one_error():
        ids = store.series(assessment_id)
    return trend_of([side(store, i) for i in ids])


def render_comparison(c: Comparison, fmt: str) -> str:
    """A comparison as JSON (the ``compare --format json`` contract) or Markdown."""
    from csmaturity_tui.formats import comparison

    if fmt == "json":
        import json

        return json.dumps(comparison.to_json(c), ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        return comparison.render_comparison(c, c.after.client)
    raise ServiceError(f"format: {fmt!r} is not one of json, md")
