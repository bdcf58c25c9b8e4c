"""``csmaturity merge``: three assessors' files as one assessment; bad input writes nothing."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import one_line_error, run

from assessors import copies
from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.engine import evaluate
from csmaturity_tui.formats import toml_writer
from csmaturity_tui.model import Assessment, AssessmentMeta
from helpers import SMALL

SMALL_RUBRIC = rubric_mod.load(SMALL)


def _write(folder: Path, name: str, a: Assessment) -> str:
    path = folder / name
    path.write_text(toml_writer.dumps(SMALL_RUBRIC, a, evaluate(SMALL_RUBRIC, a)), "utf-8")
    return str(path)


def test_merge_three_files_then_more_into_it(tmp_path: Path) -> None:
    ann, bob, cy = (_write(tmp_path, f"{c.meta.assessors}.toml", c) for c in copies())
    db = tmp_path / "m.db"
    merged = run(db, "merge", ann, bob)
    assert (merged.code, merged.out, merged.err) == (0, "acme-1\n", "")
    again = run(db, "merge", cy, "--into", "acme")  # the third assessor, later
    assert (again.code, again.out) == (0, "acme-1\n")
    out = run(db, "export", "acme-1", "--format", "toml").out
    assert out.count("[[views]]") == 17 and 'assessors = "ann, bob, cy"' in out


def test_a_file_of_another_assessment_is_refused(tmp_path: Path) -> None:
    ann, bob, _ = copies()
    other = Assessment(AssessmentMeta("other-1", "Other", date="2026-01-05"), answers=bob.answers)
    files = [_write(tmp_path, "ann.toml", ann), _write(tmp_path, "other.toml", other)]
    db = tmp_path / "m.db"
    line = one_line_error(run(db, "merge", *files))
    assert "other.toml: a copy of assessment other-1, not acme-1" in line
    assert "--as-new" in line and not db.exists()
    separate = run(db, "merge", *files, "--as-new")
    assert separate.code == 0 and len(separate.out.split()) == 2


def test_a_file_of_another_rubric_is_refused(tmp_path: Path) -> None:
    ann, bob, _ = copies()
    other = rubric_mod.loads(SMALL.read_text("utf-8").replace('"0.3.1"', '"0.3.2"', 1), "x")
    path = tmp_path / "bob.toml"
    path.write_text(toml_writer.dumps(other, bob, evaluate(other, bob)), "utf-8")
    db = tmp_path / "m.db"
    line = one_line_error(run(db, "merge", _write(tmp_path, "ann.toml", ann), str(path)))
    assert "bob.toml: taken with another rubric" in line and not db.exists()
