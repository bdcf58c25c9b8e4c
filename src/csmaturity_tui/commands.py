"""The subcommands ``list``, ``demo``, ``import``, ``export``, ``restore``, ``rebase`` (cli.py).

Also used by the TUI: :func:`load_demo`, :func:`render` and :func:`with_overall`
(this module does not import cli.py, so the interface layers may import it).

Each takes the parsed arguments and the database path and returns the exit
status. Bad input raises :class:`~csmaturity_tui.errors.CliError` (one line, exit
2) or lets a :class:`~csmaturity_tui.store.StoreError` through (``main`` prints
it). Input is validated before the database is opened or a file is written, so
bad input leaves both untouched.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from csmaturity_tui.demo import load_demo
from csmaturity_tui.errors import CliError

if TYPE_CHECKING:
    from csmaturity_tui.store import AssessmentRow, Store

__all__ = [
    "cmd_demo",
    "cmd_export",
    "cmd_import",
    "cmd_list",
    "cmd_rebase",
    "cmd_restore",
    "load_demo",
    "render",
    "stale",
    "with_overall",
]


def _out(text: str) -> None:
    """Write text to stdout as UTF-8 bytes, exactly (no newline translation)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.buffer.flush()


def _note_rubric_ignored(args: argparse.Namespace, what: str) -> None:
    # a broken --rubric has already failed the command (cli.main): this one loads
    if getattr(args, "rubric", None):
        print(f"csmaturity: note: --rubric is ignored: {what}", file=sys.stderr)


def _open(db: Path, *, create: bool = True) -> Store:
    from csmaturity_tui.store import Store

    return Store.open(db, create=create)


# -- list -------------------------------------------------------------------------------

# what JSON may carry raw but a terminal must not get: DEL, C1 controls (\x9b is an
# 8-bit CSI), bidi controls, lone surrogates; written as \u escapes (still the same JSON)
_NOT_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def stale(row: AssessmentRow) -> bool:
    """The row's overall score is not cached (a change cleared it) but may exist."""
    return row.overall is None and row.progress > 0


def with_overall(store: Store, rows: list[AssessmentRow]) -> tuple[list[AssessmentRow], list[str]]:
    """The rows with each stale overall score evaluated (and cached for the next list).

    The store computes no score when it writes; the list's overall column is filled
    here, by the engine, the first time it is shown after a change. Also returns one
    line per assessment that could not be evaluated (damaged: its overall stays empty).
    """
    import dataclasses

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


def _row_json(row: AssessmentRow) -> dict[str, object]:
    return {
        "id": row.id,
        "client": row.client,
        "date": row.date,
        "status": row.status,
        "progress": row.progress,
        "overall": row.overall,
    }


def _row_table(rows: list[AssessmentRow]) -> str:
    from csmaturity_tui.presentation.fmt import one_line, pct, score

    def clip(text: str, width: int) -> str:
        text = one_line(text)
        return text if len(text) <= width else text[: width - 1] + "…"

    header = ("ID", "CLIENT", "DATE", "STATUS", "PROGRESS", "OVERALL")
    body = [
        (
            row.id[:8],
            clip(row.client, 40),
            clip(row.date, 10),
            clip(row.status, 9),
            pct(row.progress),
            score(row.overall),
        )
        for row in rows
    ]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    right = {4, 5}
    lines = []
    for r in [header, *body]:
        cells = [c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"


def cmd_list(args: argparse.Namespace, db: Path) -> int:
    """One row per assessment, newest first; ``--json`` for scripts.

    A damaged assessment is listed without its overall score, with one line on stderr
    naming it, and the exit status is 2.
    """
    problems: list[str] = []
    if not db.exists() and not db.is_symlink():
        rows: list[AssessmentRow] = []  # nothing yet: do not create a database just to list it
    else:
        with _open(db, create=False) as store:
            rows, problems = with_overall(store, store.list_assessments())
        for problem in problems:
            print(f"csmaturity: {problem}", file=sys.stderr)
    if args.json:
        text = json.dumps([_row_json(r) for r in rows], ensure_ascii=False, indent=2)
        _out(_NOT_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")
    elif rows:
        _out(_row_table(rows))
    else:
        print("No assessments yet. Try 'csmaturity demo'.", file=sys.stderr)
    return 2 if problems else 0


# -- demo -------------------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace, db: Path) -> int:
    """Load the demo assessment (once) and print its id alone."""
    _note_rubric_ignored(args, "the demo carries its own rubric")
    with _open(db) as store:
        aid = load_demo(store)
    _out(aid + "\n")
    return 0


# -- import -----------------------------------------------------------------------------


def _read_text(name: str) -> str:
    """The text of an import file: a regular file, bounded in size (a BOM accepted)."""
    from csmaturity_tui.inputs import IMPORT_BYTES_MAX, InputFileError, read_input

    try:
        return read_input(Path(name).expanduser(), IMPORT_BYTES_MAX)
    except InputFileError as exc:
        raise CliError(f"{name}: {exc}") from None


def cmd_import(args: argparse.Namespace, db: Path) -> int:
    """Import a csmaturity/1 TOML export; print the new assessment's id alone."""
    from csmaturity_tui.formats.toml_reader import FormatError, parse

    _note_rubric_ignored(args, "an imported assessment carries its own rubric")
    text = _read_text(args.file)
    try:
        rubric_text, meta, baseline, answers, pilots = parse(text, args.file)
    except FormatError as exc:
        raise CliError(str(exc)) from None
    with _open(db) as store:
        if not args.as_new and any(r.id == meta.id for r in store.list_assessments()):
            raise CliError(
                f"{args.file}: assessment {meta.id} is already in {db}; "
                "use --as-new to import it as a new assessment"
            )
        aid = store.import_assessment(
            rubric_text, meta, baseline, answers, as_new=args.as_new, pilots=pilots
        )
    _out(aid + "\n")
    return 0


# -- export -----------------------------------------------------------------------------


def render(store: Store, aid: str, fmt: str) -> str:
    """The assessment ``aid`` as Markdown (``md``) or csmaturity/1 TOML (``toml``)."""
    from csmaturity_tui.engine import evaluate

    rubric, assessment = store.load(aid)
    report = evaluate(rubric, assessment)
    if fmt == "md":
        from csmaturity_tui.formats import markdown

        return markdown.render(rubric, assessment, report)
    from csmaturity_tui.formats import toml_writer

    return toml_writer.dumps(rubric, assessment, report)


def cmd_export(args: argparse.Namespace, db: Path) -> int:
    """Export one assessment to stdout, or atomically to ``-o PATH``."""
    from csmaturity_tui.formats.files import OutputError, write_atomic

    if not db.exists() and not db.is_symlink():
        raise CliError(f"{db}: no such database file, so no assessment {args.id!r}")
    with _open(db, create=False) as store:
        aid = store.resolve_id(args.id)
        text = render(store, aid, args.format)
    if args.output is None:
        _out(text)
        return 0
    try:
        write_atomic(args.output, text, force=args.force)
    except OutputError as exc:
        raise CliError(str(exc)) from None
    return 0


# -- restore ----------------------------------------------------------------------------


def cmd_restore(args: argparse.Namespace, db: Path) -> int:
    """Put a backup back (default: the newest); the current file is kept aside."""
    from csmaturity_tui.store.backup import restore, shown

    _note_rubric_ignored(args, "a backup holds its own rubrics")
    done = restore(db, Path(args.backup).expanduser() if args.backup else None)
    when = shown(done.taken)
    print(f"Restored {db} from {done.backup} (taken {when}).", file=sys.stderr)
    if done.kept_aside is not None:
        print(
            f"The file it replaced is kept as {done.kept_aside}: answers and changes made "
            f"after {when} are NOT in the restored database, only in that file.",
            file=sys.stderr,
        )
    return 0


# -- rebase -----------------------------------------------------------------------------


def cmd_rebase(args: argparse.Namespace, db: Path) -> int:
    """Move one assessment to the current rubric (or ``--rubric``): one line per answer.

    Each answer is carried by its element id, mapped through the rubric's ``[[carry]]``,
    or kept aside (an orphan: not scored, never dropped); stdout says which, stderr sums up.
    """
    from csmaturity_tui import rubric as rubric_mod

    try:
        target = rubric_mod.load(args.rubric)
    except rubric_mod.RubricError as exc:
        raise CliError(str(exc.problems[0]) if exc.problems else str(exc)) from None
    if not db.exists() and not db.is_symlink():
        raise CliError(f"{db}: no such database file, so no assessment {args.id!r}")
    label = f"{target.meta.id} {target.meta.version}"
    with _open(db, create=False) as store:
        aid = store.resolve_id(args.id)
        pinned, _assessment = store.load(aid)
        if pinned.sha256 == target.sha256:
            print(f"{aid} is already on rubric {label}: nothing moved.", file=sys.stderr)
            return 0
        plan = store.rebase(aid, target)
    _out("".join(line + "\n" for line in plan.lines()))
    print(
        f"Moved {aid} to rubric {label}: {len(plan.carried)} carried by id, "
        f"{len(plan.mapped)} through the map, {len(plan.kept)} kept aside.",
        file=sys.stderr,
    )
    return 0
