"""A child process that runs every CLI command in a loop on one database, until killed.

    python cli_loop.py DB ASSESSMENT_ID EXPORT_FILE OUT_DIR SEED

Each command runs through ``cli.main`` in this process, as ``csmaturity`` would: it
opens the database, works, and closes it. After each it prints ``RAN <command> <exit>``
on stderr, flushed (stdout, where exports go, is the caller's /dev/null). What a command
writes on stderr itself (``rubric check``'s lint warnings, say) is shown only when it fails.
"""

from __future__ import annotations

import contextlib
import io
import random
import sys


def main() -> int:
    from csmaturity_tui import cli

    db, aid, export, out_dir, seed = sys.argv[1:6]
    rng = random.Random(int(seed))
    commands = [
        ["list"],
        ["list", "--json"],
        ["export", aid[:8], "--format", "md"],
        ["export", aid, "--format", "toml", "-o", f"{out_dir}/loop.toml", "--force"],
        ["import", export, "--as-new"],
        ["demo"],
        ["rubric", "check"],
    ]
    while True:
        argv = rng.choice(commands)
        said = io.StringIO()
        with contextlib.redirect_stderr(said):
            code = cli.main(["--db", db, *argv])
        if code != 0:
            print(said.getvalue(), end="", file=sys.stderr)
        print(f"RAN {argv[0]} {code}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
