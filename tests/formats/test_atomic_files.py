"""Atomic writes of export files and the default file name."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from csmaturity_tui.formats.files import OutputError, default_filename, write_atomic


def test_writes_new_file_private_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    write_atomic(target, "héllo\n")
    assert target.read_bytes() == "héllo\n".encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]


def test_refuses_existing_file_without_force(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("keep me")
    with pytest.raises(OutputError, match=r"already exists.*--force"):
        write_atomic(target, "new")
    assert target.read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]


def test_force_replaces_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old")
    os.chmod(target, 0o644)
    write_atomic(target, "new", force=True)
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing" / "out.md", "folder .* does not exist"),
        (lambda d: d, "is a directory"),
        (lambda d: d / "file.txt" / "out.md", "is not a folder"),
    ],
)
def test_bad_paths_are_one_line(tmp_path: Path, make: object, message: str) -> None:
    (tmp_path / "file.txt").write_text("x")
    target = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(OutputError, match=message) as info:
        write_atomic(target, "data")
    assert "\n" not in str(info.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


@pytest.mark.parametrize(
    ("client", "date", "expected"),
    [
        ("Lumenfold Analytics", "2026-03-18", "lumenfold-analytics-2026-03-18.md"),
        ("Açme / Ünïon (EMEA)", "2026-01-02", "acme-union-emea-2026-01-02.md"),
        ("../../etc/passwd", "", "etc-passwd.md"),
        ("日本", "2026-01-02", "assessment-2026-01-02.md"),
        ("x" * 200, "bad date", "x" * 60 + ".md"),
    ],
)
def test_default_filename(client: str, date: str, expected: str) -> None:
    assert default_filename(client, date, "md") == expected
