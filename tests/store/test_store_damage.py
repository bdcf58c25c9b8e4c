"""A value in the database the pinned rubric refuses (a level off its scale, written into
the file by something else) is damage: one line naming the assessment, the element and the
value; it is never read on silently, scored or exported."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from csmaturity_tui.model import Answer
from csmaturity_tui.rubric import Rubric
from csmaturity_tui.store import Store, StoreError


def _scribble(db: Path, aid: str, element_id: str, level: int) -> None:
    """What another program might write: a level the rubric's scale does not have."""
    conn = sqlite3.connect(db)
    try:
        with conn:
            conn.execute(
                "UPDATE answers SET level = ? WHERE assessment_id = ? AND element_id = ?",
                (level, aid, element_id),
            )
    finally:
        conn.close()


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "csmaturity_tui", "--db", str(db), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("level", [99, -5, 0, 5])  # the small rubric's scale is 1 to 4
def test_a_level_off_the_scale_is_damage_naming_it(
    store: Store, small: Rubric, aid: str, level: int
) -> None:
    store.set_answer(aid, Answer("OB-1", level=3))
    store.set_answer(aid, Answer("OB-2", level=2))
    _scribble(store.path, aid, "OB-2", level)
    with pytest.raises(StoreError) as info:
        store.load(aid)
    text = str(info.value)
    assert "\n" not in text
    assert info.value.exit_code == 2
    for part in (str(store.path), "damaged", aid, "OB-2", f"level {level}", "1 to 4"):
        assert part in text, (part, text)


def test_the_cli_refuses_to_export_damage_and_lists_it_without_a_score(
    store: Store, aid: str, tmp_path: Path
) -> None:
    store.set_answer(aid, Answer("OB-1", level=3))
    store.close()
    _scribble(store.path, aid, "OB-1", 99)
    out = tmp_path / "out.toml"
    for fmt in ("toml", "md"):
        done = _cli(store.path, "export", aid, "--format", fmt, "-o", str(out))
        assert done.returncode == 2, done
        [line] = done.stderr.splitlines()
        assert "damaged" in line and "OB-1" in line and "99" in line, line
        assert not out.exists()
    listed = _cli(store.path, "list", "--json")
    assert listed.returncode == 2
    [line] = listed.stderr.splitlines()
    assert "damaged" in line and aid in line and "99" in line, line
    assert '"overall": null' in listed.stdout and aid in listed.stdout
