"""Every bad input through the CLI: exit 2, one line on stderr, nothing written."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from cli_helpers import DEMO_TOML, demo_db, one_line_error, run

from csmaturity_tui import __version__
from csmaturity_tui.demo import DEMO_ID
from helpers import SMALL

DEMO = DEMO_TOML.read_text(encoding="utf-8")


def _first_answer(key: str) -> str:
    start = DEMO.index("[[answers]]")
    pos = DEMO.index(f"\n{key} = ", start) + 1
    return DEMO[pos : DEMO.index("\n", pos)]


BAD_IMPORTS = {
    "malformed TOML": (
        DEMO.replace('status = "complete"', "status = complete", 1),
        "not valid TOML",
    ),
    "other format": (
        DEMO.replace('format = "csmaturity/1"', 'format = "csmaturity/9"'),
        "format: this file is in format 'csmaturity/9'",
    ),
    "unknown element": (
        DEMO.replace(_first_answer("element"), 'element = "XX-01"', 1),
        "answers[0].element: no element 'XX-01' in the rubric",
    ),
    "level out of range": (
        DEMO.replace(_first_answer("level"), "level = 6", 1),
        "answers[0].level: must be 1 to 5",
    ),
    "invalid rubric": (
        DEMO.replace("strong_from = 3.0\n", "strong_from = 0.5\n"),
        "the rubric is not valid",
    ),
    "unknown key": (DEMO.replace("[baseline]\n", "[baseline]\ncolour = 1\n"), "unknown key"),
    "pilot of an unknown agent": (
        DEMO.replace('agent = "meeting_preparation"', 'agent = "scout"', 1),
        "pilots[3].agent: no agent 'scout' in the rubric",
    ),
    "not UTF-8": (None, "not UTF-8"),
}


@pytest.mark.parametrize("case", list(BAD_IMPORTS))
def test_bad_import_writes_nothing(case: str, tmp_path: Path) -> None:
    text, expected = BAD_IMPORTS[case]
    bad = tmp_path / "bad.toml"
    if text is None:
        bad.write_bytes(DEMO.encode() + b"\xff\xfe")
    else:
        bad.write_text(text, encoding="utf-8")
    db = tmp_path / "x.db"
    line = one_line_error(run(db, "import", str(bad)))
    assert line.startswith(f"csmaturity: {bad}"), line
    assert expected in line
    assert not db.exists()


def test_bad_import_leaves_an_existing_database_unchanged(tmp_path: Path) -> None:
    db = demo_db(tmp_path)
    before = run(db, "export", DEMO_ID, "--format", "toml").out
    bad = tmp_path / "bad.toml"
    bad.write_text(DEMO.replace(_first_answer("level"), "level = 0", 1), encoding="utf-8")
    one_line_error(run(db, "import", str(bad), "--as-new"))
    assert run(db, "list", "--json").out.count('"id"') == 2  # the demo's two rounds
    assert run(db, "export", DEMO_ID, "--format", "toml").out == before


@pytest.mark.parametrize("what", ["missing", "folder"])
def test_import_of_a_file_that_is_not_there(what: str, tmp_path: Path) -> None:
    target = tmp_path / "nope.toml" if what == "missing" else tmp_path
    line = one_line_error(run(tmp_path / "x.db", "import", str(target)))
    assert str(target) in line


def _ambiguous_db(tmp_path: Path) -> Path:
    db = tmp_path / "x.db"
    for suffix in ("1", "2"):
        f = tmp_path / f"a{suffix}.toml"
        f.write_text(DEMO.replace(DEMO_ID, f"abc-{suffix}"), encoding="utf-8")
        assert run(db, "import", str(f)).out == f"abc-{suffix}\n"
    return db


@pytest.mark.parametrize(
    ("prefix", "expected"), [("abc", "matches several"), ("zzz", "no assessment")]
)
def test_export_ambiguous_or_unknown_id(prefix: str, expected: str, tmp_path: Path) -> None:
    db = _ambiguous_db(tmp_path)
    out = tmp_path / "out.md"
    line = one_line_error(run(db, "export", prefix, "--format", "md", "-o", str(out)))
    assert expected in line
    assert not out.exists()


def test_export_from_a_database_that_does_not_exist(tmp_path: Path) -> None:
    db = tmp_path / "none.db"
    one_line_error(run(db, "export", "abc", "--format", "toml"))
    assert not db.exists()


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda d: d / "no" / "such" / "dir" / "r.md", "does not exist"),
        (lambda d: d, "is a directory"),
        (lambda d: d / "file.txt" / "r.md", "is not a folder"),
    ],
)
def test_export_bad_output_path(make: object, expected: str, tmp_path: Path) -> None:
    db = demo_db(tmp_path)
    (tmp_path / "file.txt").write_text("x")
    before = sorted(p.name for p in tmp_path.iterdir())
    target = make(tmp_path)  # type: ignore[operator]
    line = one_line_error(run(db, "export", DEMO_ID, "--format", "md", "-o", str(target)))
    assert expected in line
    # nothing written but the day's backup of the database (taken when it was opened)
    after = [p.name for p in tmp_path.iterdir() if ".backup-" not in p.name]
    assert sorted(after) == before


def test_export_existing_file_without_force(tmp_path: Path) -> None:
    db = demo_db(tmp_path)
    out = tmp_path / "r.toml"
    out.write_bytes(b"precious")
    line = one_line_error(run(db, "export", DEMO_ID, "--format", "toml", "-o", str(out)))
    assert "--force" in line and out.read_bytes() == b"precious"


def test_bad_format_choice_is_usage_error(tmp_path: Path) -> None:
    line = one_line_error(run(tmp_path / "x.db", "export", "abc", "--format", "pdf"))
    assert "invalid choice" in line


# -- --db (issue 2) ---------------------------------------------------------------------


def test_db_in_a_folder_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    line = one_line_error(
        run(tmp_path / "unused.db", "--db", str(blocker / "sub" / "x.db"), "demo")
    )
    assert "cannot create the folder" in line
    assert blocker.read_text() == "x"


def test_db_at_a_directory(tmp_path: Path) -> None:
    line = one_line_error(run(tmp_path / "unused.db", "list", "--db", str(tmp_path)))
    assert "is a folder" in line


def test_db_at_a_non_sqlite_file_is_left_byte_for_byte(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"my precious notes, not a database\n" * 10)
    digest = hashlib.sha256(notes.read_bytes()).hexdigest()
    for args in (("list",), ("demo",), ("import", str(DEMO_TOML))):
        line = one_line_error(run(tmp_path / "unused.db", "--db", str(notes), *args))
        assert "not SQLite" in line
    assert hashlib.sha256(notes.read_bytes()).hexdigest() == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root reads and writes any file, so permission checks cannot fail",
)
def test_db_without_read_write_permission(tmp_path: Path) -> None:
    db = demo_db(tmp_path)
    os.chmod(db, 0)
    try:
        line = one_line_error(run(db, "list"))
        assert "permission denied" in line
    finally:
        os.chmod(db, 0o600)


def test_version_and_help(tmp_path: Path) -> None:
    version = run(tmp_path / "x.db", "--version")
    assert (version.code, version.out) == (0, f"csmaturity {__version__}\n")
    helped = run(tmp_path / "x.db", "--help")
    assert helped.code == 0
    for command in ("list", "demo", "import", "export", "rubric", "rebase", "restore"):
        assert command in helped.out
    assert not (tmp_path / "x.db").exists()


def test_rubric_check_ok_and_broken(tmp_path: Path) -> None:
    ok = run(tmp_path / "x.db", "rubric", "check", str(SMALL))
    assert ok.code == 0 and ok.out.startswith("ok: fixture-small 0.3.1")
    broken = tmp_path / "broken.toml"
    broken.write_text(SMALL.read_text().replace("strong_from = 2.5", "strong_from = 9"))
    result = run(tmp_path / "x.db", "rubric", "check", str(broken))
    assert result.code == 2 and result.out == ""
    assert f"{broken}:" in result.err and "quadrant.strong_from" in result.err
