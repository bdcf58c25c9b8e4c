"""The ``csmaturity`` command: opens the TUI, or runs one of the subcommands.

Argparse glue: the subcommands' handlers are in :mod:`csmaturity_tui.cli.commands`,
the use cases they call in :mod:`csmaturity_tui.services`.

Only argparse and the standard library are imported at module level, so
``--help`` and ``--version`` answer at once; everything heavier is imported by
the command that needs it.

Exit codes: 0 done, 1 failed, 2 bad input or usage. Errors are one line on
stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from csmaturity_tui import __version__
from csmaturity_tui.cli.errors import CliError
from csmaturity_tui.services import ServiceError

PROG = "csmaturity"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=(
            "Assess a Customer Success operating model, offline, from the keyboard. "
            "Without a command, opens the app."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _add_common(parser, suppress=False)
    parser.add_argument(
        "--assessor",
        metavar="NAME",
        help="your name as assessor: stamped on your answers, remembered in the database",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("list", help="one row per assessment")
    _add_common(p)
    p.add_argument("--json", action="store_true", help="print a JSON array instead of a table")

    p = sub.add_parser("demo", help="load the demo assessment and print its id")
    _add_common(p)

    p = sub.add_parser("import", help="import an exported assessment (TOML) and print its id")
    _add_common(p)
    p.add_argument("file", metavar="FILE.toml")
    p.add_argument("--as-new", action="store_true", help="import under a new id")

    p = sub.add_parser("export", help="export an assessment as Markdown or TOML")
    _add_common(p)
    p.add_argument("id", metavar="ID", help="the assessment id or a unique prefix of it")
    p.add_argument("--format", required=True, choices=("md", "toml"))
    p.add_argument("-o", "--output", metavar="PATH", help="write to PATH instead of stdout")
    p.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    p.add_argument(
        "--with-history",
        action="store_true",
        help="end the Markdown with every recorded change of each answer (who, when, what)",
    )

    p = sub.add_parser(
        "restore",
        help="put back the newest backup of the database (or BACKUP), keeping the current "
        "file aside",
    )
    _add_common(p)
    p.add_argument("backup", nargs="?", metavar="BACKUP", help="a backup file to restore")

    _add_rebase_and_rounds(sub)
    _add_merge(sub)
    _add_sync(sub)

    _add_serve(sub)
    _add_rubric(sub)
    return parser


def _add_rubric(sub: Any) -> None:
    """``rubric check [PATH] [--strict]``."""
    p = sub.add_parser("rubric", help="work with rubric files")
    rsub = p.add_subparsers(dest="rubric_command", metavar="COMMAND", parser_class=_Parser)
    rsub.required = True
    c = rsub.add_parser(
        "check",
        help="validate a rubric (default: the packaged one) and lint its wording",
    )
    c.add_argument("path", nargs="?", metavar="PATH")
    c.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 1) on lint warnings too, not only on errors",
    )


def _add_merge(sub: Any) -> None:
    """``merge FILE.toml... [--into ID] [--as-new]``: several assessors' copies as one."""
    p = sub.add_parser(
        "merge",
        help="merge copies of one assessment answered by several assessors (TOML exports); "
        "print the merged assessment's id",
    )
    _add_common(p)
    p.add_argument("files", nargs="+", metavar="FILE.toml")
    p.add_argument("--into", metavar="ID", help="the assessment in the database to merge them into")
    p.add_argument(
        "--as-new",
        action="store_true",
        help="import the copies of each assessment separately, under new ids",
    )


def _add_serve(sub: Any) -> None:
    """``serve``: the app in a browser, for a remote workshop."""
    p = sub.add_parser(
        "serve",
        help="serve the app to a web browser (a remote workshop); localhost unless --host",
    )
    _add_common(p)
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default 127.0.0.1: this machine only)",
    )
    p.add_argument("--port", type=int, default=8000, help="the port (default 8000)")


def _add_rebase_and_rounds(sub: argparse._SubParsersAction[_Parser]) -> None:
    """``rebase`` (an assessment to another rubric), ``reassess`` and ``compare`` (the
    rounds of a client)."""
    p = sub.add_parser(
        "rebase",
        help="move an assessment to the current rubric (or --rubric), carrying its answers",
    )
    _add_common(p)
    p.add_argument("id", metavar="ID", help="the assessment id or a unique prefix of it")

    p = sub.add_parser(
        "reassess",
        help="make the next round of an assessment's client (answers carried, to confirm); "
        "print its id",
    )
    _add_common(p)
    p.add_argument("id", metavar="ID", help="the assessment id or a unique prefix of it")
    p.add_argument("--date", metavar="D", help="the new round's date, YYYY-MM-DD (default: today)")

    p = sub.add_parser("compare", help="what changed between two rounds (the earlier first)")
    _add_common(p)
    p.add_argument("first", metavar="A", help="an assessment id or a unique prefix of it")
    p.add_argument("second", metavar="B", help="another assessment id or prefix")
    p.add_argument("--format", choices=("md", "json"), default="md")
    p.add_argument(
        "--any-client", action="store_true", help="compare rounds of different clients too"
    )


def _add_sync(sub: argparse._SubParsersAction[_Parser]) -> None:
    """``sync``: the firm's book shared through a git clone."""
    p = sub.add_parser(
        "sync",
        help="share the assessments through a git clone (commit, take in the others', push)",
    )
    _add_common(p)
    p.add_argument("repo", metavar="REPO", help="the folder of a git clone (its remote: origin)")
    p.add_argument(
        "--from",
        dest="source",
        metavar="URL",
        help="clone this remote into REPO first, when REPO is not a clone yet",
    )
    p.add_argument(
        "--by",
        metavar="NAME",
        help="who syncs (default: this database's assessor, else your login name)",
    )


def _add_common(parser: argparse.ArgumentParser, *, suppress: bool = True) -> None:
    """--db and --rubric, accepted before or after the subcommand."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="the database file (default: $CSMATURITY_DB, else one in your user data folder)",
    )
    parser.add_argument(
        "--rubric",
        metavar="PATH",
        default=default,
        help="the rubric for new assessments (default: the packaged rubric)",
    )


def db_path(args: argparse.Namespace) -> Path:
    """The database path: --db, else $CSMATURITY_DB, else the user data dir."""
    if args.db:
        return Path(args.db).expanduser()
    env = os.environ.get("CSMATURITY_DB")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("csmaturity", appauthor=False) / "csmaturity.db"


def _rubric_faults(exc: ServiceError) -> int:
    """A rubric that does not load: every fault on stderr, one a line; exit 2."""
    for problem in exc.details:
        print(problem, file=sys.stderr)
    return 2


def _cmd_rubric_check(args: argparse.Namespace) -> int:
    """Errors: each on stderr, exit 2. Lint warnings: counted on the ``ok`` line; with
    ``--strict`` each on stderr and exit 1. A rubric that passes prints ``ok: SUMMARY``."""
    from csmaturity_tui import services

    try:
        checked = services.check_rubric(args.path)
    except ServiceError as exc:
        return _rubric_faults(exc)
    file, warnings = checked.file, checked.warnings
    counted = f"{len(warnings)} lint warning{'' if len(warnings) == 1 else 's'}"
    if warnings and args.strict:
        for warning in warnings:
            print(warning, file=sys.stderr)
        print(f"{PROG}: {file}: {counted}; --strict fails on warnings", file=sys.stderr)
        return 1
    shown = f"; {counted} (--strict lists them)" if warnings else ""
    print(f"ok: {checked.rubric.summary_line()}{shown}")
    return 0


def _cmd_tui(args: argparse.Namespace) -> int:
    from csmaturity_tui import services

    # a bad --db is one line on stderr, before the screen is taken
    store = services.open_store(db_path(args))
    if args.assessor is not None:
        try:
            services.set_assessor(store, args.assessor)
        except ServiceError:
            store.close()
            raise
    from csmaturity_tui.tui.app import CsMaturityApp

    app = CsMaturityApp(store, rubric_path=Path(args.rubric) if args.rubric else None)
    try:
        app.run()
    finally:
        store.close()
    return app.return_code or 0


def _check_db(path: Path) -> None:
    """Refuse a --db that is a FIFO, a device or a socket: before any connection opens it.

    ``os.stat`` does not open the file (a FIFO would hang ``open``); a missing path or a
    folder is left to the store, which says those in its own words.
    """
    from csmaturity_tui.inputs import not_regular

    problem = not_regular(path)
    if problem:
        raise CliError(f"{path}: {problem}; --db needs a database file")


def _dispatch(args: argparse.Namespace) -> int:
    command: str | None = args.command
    # a broken --rubric fails every command the same way, before anything is read or written
    if args.rubric:
        from csmaturity_tui import services

        try:
            services.load_rubric(args.rubric)
        except ServiceError as exc:
            return _rubric_faults(exc)
    if command != "rubric":
        _check_db(db_path(args))
    if command is None:
        return _cmd_tui(args)
    if command == "rubric":
        return _cmd_rubric_check(args)
    from csmaturity_tui.cli import commands

    handlers: dict[str, Callable[[argparse.Namespace, Path], int]] = {
        "list": commands.cmd_list,
        "demo": commands.cmd_demo,
        "import": commands.cmd_import,
        "export": commands.cmd_export,
        "restore": commands.cmd_restore,
        "rebase": commands.cmd_rebase,
        "reassess": commands.cmd_reassess,
        "compare": commands.cmd_compare,
        "merge": commands.cmd_merge,
        "serve": commands.cmd_serve,
        "sync": commands.cmd_sync,
    }
    return handlers[command](args, db_path(args))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    for name in ("db", "rubric"):
        if not hasattr(args, name):
            setattr(args, name, None)
    try:
        return _dispatch(args)
    except CliError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return exc.code
    except ServiceError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # stdout closed early (e.g. piped into head): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a last resort: one line, never a traceback
        from csmaturity_tui.store import StoreError

        if isinstance(exc, StoreError):  # closing the store (the use cases raise ServiceError)
            print(f"{PROG}: {exc}", file=sys.stderr)
            return exc.exit_code
        print(f"{PROG}: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
