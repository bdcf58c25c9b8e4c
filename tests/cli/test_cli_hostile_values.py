"""Hostile values through the CLI (issue 14): broken rubrics and imports with inf, nan,
huge, subnormal and control-character values each give one clear line that quotes the
offending value, exit 2, and write nothing; files that are not files are refused.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from cli_helpers import DEMO_TOML, demo_db, one_line_error, run, run_here

from csmaturity_tui.demo import DEMO_ID
from helpers import SMALL

DEMO = DEMO_TOML.read_text(encoding="utf-8")
BROKEN = sorted((Path(__file__).resolve().parents[1] / "rubric" / "broken").glob("*.toml"))
DEEP = "[" * 10_000 + "]" * 10_000


def _header(path: Path, key: str) -> str:
    for line in path.read_text(encoding="utf-8").splitlines()[:3]:
        if line.startswith(f"# {key}: "):
            return line.removeprefix(f"# {key}: ")
        if line == f"# {key}:":
            return ""
    raise AssertionError(f"{path.name}: no '# {key}:' line")


def _in_rubric(old: str, new: str) -> str:
    """The demo export with one change inside its embedded rubric text."""
    start = DEMO.index("\ntext = '''")
    assert old in DEMO[start:], old
    return DEMO[:start] + DEMO[start:].replace(old, new, 1)


# case: (file text, the line's key path and message, the offending value it must quote)
BAD_IMPORTS: dict[str, tuple[str, str, str]] = {
    "inf money": (
        DEMO.replace("start_arr = 48600000.0", "start_arr = inf", 1),
        "baseline.start_arr: must be a finite number (got inf)",
        "inf",
    ),
    "nan money": (
        DEMO.replace("churned_arr = 3400000.0", "churned_arr = nan", 1),
        "baseline.churned_arr: must be a finite number (got nan)",
        "nan",
    ),
    "huge money": (
        DEMO.replace("start_arr = 48600000.0", "start_arr = 1e300", 1),
        "baseline.start_arr: must be below 1e+15 (got 1e+300)",
        "1e+300",
    ),
    "subnormal money": (
        DEMO.replace("expansion_arr = 4150000.0", "expansion_arr = 5e-324", 1),
        "baseline.expansion_arr: must not be a subnormal number",
        "5e-324",
    ),
    "nan target": (
        DEMO.replace("enablement = 3.0", "enablement = nan", 1),
        "baseline.targets.enablement: must be a finite number (got nan)",
        "nan",
    ),
    "OSC 52 in the client": (
        DEMO.replace(
            'client = "Lumenfold Analytics"',
            'client = "Corp\\u001b]52;c;ZWNobyBwd25lZA==\\u0007"',
            1,
        ),
        "assessment.client: must not contain a control character",
        "'Corp\\x1b]52;c;ZWNobyBwd25lZA==\\x07'",
    ),
    "BEL in the assessors": (
        DEMO.replace('assessors = "Dana', 'assessors = "\\u0007Dana', 1),
        "assessment.assessors: must not contain a control character",
        "'\\x07Dana",
    ),
    "8-bit CSI in a note": (
        DEMO.replace('note = "Charter', 'note = "\\u009b2JCharter', 1),
        "answers[0].note: must not contain a control character",
        "'\\x9b2JCharter",
    ),
    "RTL override in a reason": (
        DEMO.replace('reason = "No pooled', 'reason = "\\u202eNo pooled', 1),
        ".reason: must not contain a bidirectional control character",
        "'\\u202eNo pooled",
    ),
    "lever upsell in the rubric": (
        _in_rubric('levers = ["retain", "protect"]', 'levers = ["retain", "upsell"]'),
        "levers.1: Input should be 'retain', 'protect' or 'expand' (got 'upsell')",
        "'upsell'",
    ),
    "inf weight in the rubric": (
        _in_rubric("weight = 1.0\nlevers", "weight = inf\nlevers"),
        "dimensions.0.weight: must be a finite number (got inf)",
        "inf",
    ),
    "huge weight in the rubric": (
        _in_rubric("weight = 1.0\nlevers", "weight = 1e308\nlevers"),
        "dimensions.0.weight: Input should be less than or equal to 1000 (got 1e+308)",
        "1e+308",
    ),
    "level off the scale": (
        DEMO.replace("level = 4\n", "level = 99\n", 1),
        "answers[0].level: must be 1 to 5 (got 99)",
        "99",
    ),
    "10,000 nested arrays in the report": (
        DEMO.replace("[report]\n", f"[report]\ndeep = {DEEP}\n", 1),
        "tables or arrays nested more than 16 deep",
        "16 deep",
    ),
}


@pytest.mark.parametrize("case", list(BAD_IMPORTS))
def test_bad_import_quotes_the_value_and_writes_nothing(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, expected, value = BAD_IMPORTS[case]
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    db = tmp_path / "x.db"
    # in this process for every case; the first case as a real process too
    got = run_here(capsys, db, "import", str(bad))
    if case == next(iter(BAD_IMPORTS)):
        assert run(db, "import", str(bad)) == got
    line = one_line_error(got)
    assert line.startswith(f"csmaturity: {bad}"), line
    assert expected in line, line
    assert value in line, line
    assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", line), line
    assert not db.exists()


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_rubric_quotes_the_value_exit_2_and_writes_nothing(
    path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every message of the corpus quotes its offending value (or, for a syntax error, the line).

    In this process (the corpus is large); the first file as real processes too."""
    db = tmp_path / "x.db"
    check = run_here(capsys, db, "rubric", "check", str(path))
    if path == BROKEN[0]:
        assert run(db, "rubric", "check", str(path)) == check
    assert check.code == 2 and check.out == "" and "Traceback" not in check.err
    lines = check.err.splitlines()
    value = _header(path, "value")
    first = lines[0]
    if value:
        assert value in first, (value, first)
    else:  # a TOML syntax error or a nesting limit: the file is not data yet
        assert re.match(rf"{re.escape(str(path))}(:\d+)?: ", first), first
    for line in lines:
        assert not re.search(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", line), line
    # a broken --rubric fails every command the same way, before anything is written
    for args in (("list",), ("demo",), ("import", str(DEMO_TOML))):
        again = run_here(capsys, db, "--rubric", str(path), *args)
        assert (again.code, again.out, again.err) == (2, "", check.err), args
    assert not db.exists()


def test_broken_rubric_after_the_command_fails_too(tmp_path: Path) -> None:
    db = demo_db(tmp_path)
    broken = BROKEN[0]
    result = run(db, "export", DEMO_ID, "--format", "md", "--rubric", str(broken))
    assert result.code == 2 and result.out == "" and str(broken) in result.err


@pytest.mark.parametrize("where", ["--db", "--rubric", "import", "rubric check"])
def test_a_fifo_is_refused_at_once(where: str, tmp_path: Path) -> None:
    """A FIFO would block open() forever: refused with one line, nothing created."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    db = tmp_path / "x.db"
    args = {
        "--db": ("--db", str(fifo), "list"),
        "--rubric": ("--rubric", str(fifo), "list"),
        "import": ("import", str(fifo)),
        "rubric check": ("rubric", "check", str(fifo)),
    }[where]
    line = one_line_error(run(db, *args))
    assert f"{fifo}: is a FIFO (named pipe), not a regular file" in line, line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


@pytest.mark.parametrize("where", ["--db", "--rubric", "import"])
def test_a_device_is_refused(where: str, tmp_path: Path) -> None:
    """/dev/zero as a rubric once grew to gigabytes in seconds."""
    device = "/dev/zero"
    args = {
        "--db": ("--db", device, "list"),
        "--rubric": ("--rubric", device, "list"),
        "import": ("import", device),
    }[where]
    line = one_line_error(run(tmp_path / "x.db", *args))
    assert f"{device}: is a character device, not a regular file" in line, line


def test_a_file_too_large_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as f:
        f.truncate(17 * 1024 * 1024)  # sparse: nothing is written to the disk
    line = one_line_error(run(tmp_path / "x.db", "import", str(big)))
    assert "is too large (17825792 bytes; at most 16777216)" in line
    line = one_line_error(run(tmp_path / "x.db", "rubric", "check", str(big)))
    assert "is too large (17825792 bytes; at most 4194304)" in line


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    rubric = tmp_path / "bom.toml"
    rubric.write_bytes(b"\xef\xbb\xbf" + SMALL.read_bytes())
    ok = run(tmp_path / "x.db", "rubric", "check", str(rubric))
    assert ok.code == 0 and ok.out.startswith("ok: fixture-small"), ok.err
    export = tmp_path / "bom-export.toml"
    export.write_bytes(b"\xef\xbb\xbf" + DEMO.encode("utf-8"))
    imported = run(tmp_path / "x.db", "import", str(export))
    assert (imported.code, imported.out) == (0, f"{DEMO_ID}\n"), imported.err


def test_list_writes_no_control_character_from_the_database(tmp_path: Path) -> None:
    """A client written into the database by another tool: list and list --json stay clean."""
    import json
    import sqlite3

    db = demo_db(tmp_path)
    client = "Corp\x1b]52;c;ZWNo\x07 \x9b2J \u202eRTL\u202c [b]x[/b] \x7f"
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE assessments SET client = ?", (client,))
    conn.close()
    table = run(db, "list")
    listed = run(db, "list", "--json")
    assert table.code == 0 and listed.code == 0, (table.err, listed.err)
    for out in (table.out, listed.out):
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", out)
    assert "Corp]52;c;ZWNo" in table.out and "[b]x[/b]" in table.out
    assert json.loads(listed.out)[0]["client"] == client  # the same JSON, escaped
