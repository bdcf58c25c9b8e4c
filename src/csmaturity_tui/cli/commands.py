"""The subcommands ``list``, ``demo``, ``import``, ``export``, ``restore``, ``rebase``,
``reassess``, ``compare``, ``merge``, ``serve``.

Argparse glue over :mod:`csmaturity_tui.services`: each handler takes the parsed
arguments and the database path, calls the use cases and prints what they return;
the exit status is its result. Bad input raises :class:`~csmaturity_tui.cli.CliError`
or a :class:`~csmaturity_tui.services.ServiceError` (``main`` prints either as one
line). Input is validated before the database is opened or a file is written, so
bad input leaves both untouched.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from csmaturity_tui import services
from csmaturity_tui.cli.errors import CliError

if TYPE_CHECKING:
    from csmaturity_tui.store import AssessmentRow

__all__ = [
    "cmd_compare",
    "cmd_demo",
    "cmd_export",
    "cmd_import",
    "cmd_list",
    "cmd_reassess",
    "cmd_rebase",
    "cmd_restore",
    "cmd_serve",
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


def _need_database(db: Path, args: argparse.Namespace) -> None:
    if not services.has_database(db):
        raise CliError(f"{db}: no such database file, so no assessment {args.id!r}")


# -- list -------------------------------------------------------------------------------

# what JSON may carry raw but a terminal must not get: DEL, C1 controls (\x9b is an
# 8-bit CSI), bidi controls, lone surrogates; written as \u escapes (still the same JSON)
_NOT_RAW = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


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
    from csmaturity_tui.presentation.fmt import clipped, pct, score

    header = ("ID", "CLIENT", "DATE", "STATUS", "PROGRESS", "OVERALL")
    body = [
        (
            row.id[:8],
            clipped(row.client, 40),
            clipped(row.date, 10),
            clipped(row.status, 9),
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
    if not services.has_database(db):
        rows: list[AssessmentRow] = []  # nothing yet: do not create a database just to list it
    else:
        with services.open_store(db, create=False) as store:
            rows, problems = services.list_assessments(store)
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


# -- demo, import -----------------------------------------------------------------------


def cmd_demo(args: argparse.Namespace, db: Path) -> int:
    """Load the demo assessment (once) and print its id alone."""
    _note_rubric_ignored(args, "the demo carries its own rubric")
    with services.open_store(db) as store:
        aid = services.load_demo(store)
    _out(aid + "\n")
    return 0


def cmd_import(args: argparse.Namespace, db: Path) -> int:
    """Import a csmaturity/1 TOML export; print the new assessment's id alone."""
    _note_rubric_ignored(args, "an imported assessment carries its own rubric")
    imported = services.read_export(args.file)
    with services.open_store(db) as store:
        if not args.as_new and services.is_present(store, imported.meta.id):
            raise CliError(
                f"{args.file}: assessment {imported.meta.id} is already in {db}; "
                "use --as-new to import it as a new assessment"
            )
        aid = services.import_assessment(store, imported, as_new=args.as_new)
    _out(aid + "\n")
    return 0


def cmd_merge(args: argparse.Namespace, db: Path) -> int:
    """Merge several assessors' copies of an assessment; print the merged id alone (with
    ``--as-new``, one id a line). Every file is read and checked before anything is written."""
    _note_rubric_ignored(args, "an exported assessment carries its own rubric")
    exports = [services.read_export(name) for name in args.files]
    if not args.as_new:
        services.check_copies(exports)
    with services.open_store(db) as store:
        ids = services.merge_exports(store, exports, into=args.into, as_new=args.as_new)
    _out("".join(i + "\n" for i in ids))
    return 0


# -- export -----------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace, db: Path) -> int:
    """Export one assessment to stdout, or atomically to ``-o PATH``."""
    _need_database(db, args)
    with services.open_store(db, create=False) as store:
        aid = services.resolve(store, args.id)
        history = args.with_history
        if args.output is not None:
            target = Path(args.output)
            services.export_to(
                store, aid, args.format, target, force=args.force, with_history=history
            )
            return 0
        text = services.render(store, aid, args.format, with_history=history)
    _out(text)
    return 0


# -- restore ----------------------------------------------------------------------------


def cmd_restore(args: argparse.Namespace, db: Path) -> int:
    """Put a backup back (default: the newest); the current file is kept aside."""
    _note_rubric_ignored(args, "a backup holds its own rubrics")
    done = services.restore_backup(db, Path(args.backup).expanduser() if args.backup else None)
    when = done.taken_text
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
    target = services.load_rubric(args.rubric)
    _need_database(db, args)
    label = services.rubric_label(target)
    with services.open_store(db, create=False) as store:
        aid = services.resolve(store, args.id)
        if services.check_move(store, aid, target).target is None:
            print(f"{aid} is already on rubric {label}: nothing moved.", file=sys.stderr)
            return 0
        plan = services.move(store, aid, target)
    _out("".join(line + "\n" for line in plan.lines()))
    print(
        f"Moved {aid} to rubric {label}: {len(plan.carried)} carried by id, "
        f"{len(plan.mapped)} through the map, {len(plan.kept)} kept aside.",
        file=sys.stderr,
    )
    return 0


# -- rounds: reassess, compare ----------------------------------------------------------


def cmd_reassess(args: argparse.Namespace, db: Path) -> int:
    """The next round of an assessment's client, on the current rubric (or ``--rubric``):
    print its id alone; stderr says how the answers were carried."""
    from csmaturity_tui.model import check_date

    problem = check_date(args.date) if args.date is not None else None
    if problem:
        raise CliError(f"--date: {problem}")
    target = services.load_rubric(args.rubric)
    _need_database(db, args)
    with services.open_store(db, create=False) as store:
        aid = services.resolve(store, args.id)
        done = services.reassess(store, aid, target, date=args.date)
    _out(done.id + "\n")
    plan = done.plan
    print(
        f"Round {done.id} of {aid}'s client on rubric {services.rubric_label(target)}: "
        f"{len(plan.carried) + len(plan.mapped)} answers carried to confirm "
        f"({len(plan.mapped)} through the map), {len(plan.kept)} kept aside.",
        file=sys.stderr,
    )
    return 0


def cmd_compare(args: argparse.Namespace, db: Path) -> int:
    """Two rounds compared, the earlier as *before*: Markdown, or the JSON contract."""
    if not services.has_database(db):
        raise CliError(f"{db}: no such database file, so no assessment {args.first!r}")
    _note_rubric_ignored(args, "each round is compared on the rubric it is pinned to")
    with services.open_store(db, create=False) as store:
        first = services.resolve(store, args.first)
        second = services.resolve(store, args.second)
        found = services.compare(store, first, second, any_client=args.any_client)
    _out(services.render_comparison(found, args.format))
    return 0


# -- serve ------------------------------------------------------------------------------


def cmd_serve(args: argparse.Namespace, db: Path) -> int:
    """Serve the app to web browsers (textual-serve) until Ctrl+C.

    Each browser that opens the address gets its own copy of the app, on the same
    database, as a second window would. Exports are delivered to that browser.
    """
    import shlex

    if not 1 <= args.port <= 65535:
        raise CliError(f"--port: must be 1 to 65535 (got {args.port})")
    from textual_serve.server import Server

    command = [sys.executable, "-m", "csmaturity_tui", "--db", str(db)]
    if args.rubric:
        command += ["--rubric", str(args.rubric)]
    server = Server(shlex.join(command), host=args.host, port=args.port, title="csmaturity")
    print(
        f"csmaturity: serving {db} at http://{args.host}:{args.port}/ ; anyone who can "
        "reach this address can use the app and every assessment in it (Ctrl+C stops)",
        file=sys.stderr,
        flush=True,
    )
    sys.unraisablehook = _quiet_closed_loop(sys.unraisablehook)
    try:
        server.serve()
    except OSError as exc:
        raise CliError(
            f"{args.host}:{args.port}: cannot listen there ({exc.strerror or exc})"
        ) from None
    return 0


def _quiet_closed_loop(
    previous: Callable[[sys.UnraisableHookArgs], object],
) -> Callable[[sys.UnraisableHookArgs], object]:
    """An unraisable hook that drops asyncio's "Event loop is closed" from a subprocess
    transport collected after the server stopped (an app a browser had open when Ctrl+C
    came): a traceback at exit for a clean stop. Everything else goes to ``previous``."""

    def hook(unraisable: sys.UnraisableHookArgs) -> object:
        exc = unraisable.exc_value
        if isinstance(exc, RuntimeError) and str(exc) == "Event loop is closed":
            return None
        return previous(unraisable)

    return hook


def cmd_sync(args: argparse.Namespace, db: Path) -> int:
    """One sync of the database with a git clone: a line per assessment sent, brought in
    or merged and per conflict left; exit 1 when the remote could not be reached."""
    from csmaturity_tui.sync import sync

    with services.open_store(db) as store:
        outcome = sync(store, Path(args.repo).expanduser(), by=args.by, source=args.source)
    for line in outcome.lines:
        _out(line + "\n")
    if not outcome.lines:
        _out("in step: nothing to send or take in\n")
    return 0 if outcome.reached else 1
