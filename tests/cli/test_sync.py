"""``csmaturity sync``: two laptops share a book through a bare repository (real processes)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from cli_helpers import Result, one_line_error, run
from dulwich import porcelain

from csmaturity_tui.model import Assessment, open_conflicts
from csmaturity_tui.store import Store
from helpers import add_assessment

AID = "book-1"


def _clone(remote: Path, folder: Path) -> Path:
    porcelain.clone(str(remote), str(folder), errstream=io.BytesIO()).close()
    return folder


@pytest.fixture
def laptops(tmp_path: Path) -> tuple[Path, Path, Path, Path, Path]:
    """A bare remote, two clones (a, b) and a database for each; a holds one assessment."""
    remote = tmp_path / "remote.git"
    porcelain.init(str(remote), bare=True)
    a, b = _clone(remote, tmp_path / "a"), _clone(remote, tmp_path / "b")
    db_a, db_b = tmp_path / "a.db", tmp_path / "b.db"
    with Store.open(db_a) as s:
        add_assessment(s, "Acme", id=AID)
        for eid, level in (("OB-1", 2), ("OB-2", 2), ("SQ-1", 3)):
            _answer(s, eid, level, "anna")
    return remote, a, b, db_a, db_b


def _answer(store: Store, eid: str, level: int, by: str) -> None:
    from csmaturity_tui.model import Answer

    store.set_answer(AID, Answer(eid, level=level, note=f"{by} says {level}"), by=by)


def _set(db: Path, eid: str, level: int, by: str) -> None:
    with Store.open(db) as s:
        _answer(s, eid, level, by)


def _levels(db: Path) -> dict[str, int | None]:
    with Store.open(db) as s:
        return {e: a.level for e, a in s.load(AID)[1].answers.items()}


def _sync(db: Path, repo: Path, by: str) -> Result:
    return run(db, "sync", str(repo), "--by", by)


def test_a_book_goes_round_and_comes_back_in_step(laptops: tuple[Path, ...]) -> None:
    _remote, a, b, db_a, db_b = laptops
    sent = _sync(db_a, a, "anna")
    assert sent.code == 0, sent.err
    assert sent.out.splitlines() == [f"sent       {AID} Acme"]
    assert (a / "assessments" / f"{AID}.toml").is_file()
    got = _sync(db_b, b, "ben")
    assert got.code == 0, got.err
    assert got.out.splitlines() == [f"brought in {AID} Acme"]
    assert _levels(db_b) == _levels(db_a)
    # nothing changed since: both are in step, and the files are the same bytes
    assert _sync(db_b, b, "ben").out == "in step: nothing to send or take in\n"
    assert _sync(db_a, a, "anna").out == "in step: nothing to send or take in\n"
    assert (a / "assessments" / f"{AID}.toml").read_bytes() == (
        b / "assessments" / f"{AID}.toml"
    ).read_bytes()


def test_changes_to_different_elements_merge_cleanly(laptops: tuple[Path, ...]) -> None:
    _remote, a, b, db_a, db_b = laptops
    _sync(db_a, a, "anna")
    _sync(db_b, b, "ben")
    _set(db_a, "OB-1", 4, "anna")
    _set(db_b, "SQ-1", 1, "ben")
    assert _sync(db_a, a, "anna").code == 0
    merged = _sync(db_b, b, "ben")
    assert merged.code == 0, merged.err
    assert "merged     book-1 Acme" in merged.out.splitlines()
    assert "conflict" not in merged.out
    assert _sync(db_a, a, "anna").out.splitlines() == [f"brought in {AID} Acme"]
    want = {"OB-1": 4, "OB-2": 2, "SQ-1": 1}
    assert _levels(db_a) == _levels(db_b) == want
    assert _sync(db_b, b, "ben").out == "in step: nothing to send or take in\n"


def test_not_a_git_repository_is_one_line_and_nothing_written(
    laptops: tuple[Path, ...], tmp_path: Path
) -> None:
    _remote, _a, _b, db_a, _db_b = laptops
    before = db_a.read_bytes()
    plain = tmp_path / "plain"
    plain.mkdir()
    line = one_line_error(_sync(db_a, plain, "anna"))
    assert str(plain) in line and "not a git repository" in line
    line = one_line_error(_sync(db_a, tmp_path / "missing", "anna"))
    assert "no such folder" in line
    assert db_a.read_bytes() == before
    assert list(plain.iterdir()) == []


def test_an_unreachable_remote_keeps_the_local_commit_and_exits_1(
    laptops: tuple[Path, ...],
) -> None:
    remote, a, _b, db_a, _db_b = laptops
    shutil.move(remote, remote.with_name("away.git"))
    out = _sync(db_a, a, "anna")
    assert out.code == 1, (out.out, out.err)
    assert f"sent       {AID} Acme" in out.out
    assert "could not reach origin" in out.out and "committed here" in out.out
    assert "Traceback" not in out.err
    assert f"assessments/{AID}.toml" in _committed(a)  # the local commit is kept
    # back online: the next sync sends it
    shutil.move(remote.with_name("away.git"), remote)
    again = _sync(db_a, a, "anna")
    assert again.code == 0, again.err
    assert "could not" not in again.out
    other = _clone(remote, remote.with_name("c"))
    assert f"assessments/{AID}.toml" in _committed(other)


def _committed(folder: Path) -> dict[str, bytes]:
    from csmaturity_tui.sync.git import Git

    git = Git(folder)
    try:
        return git.files(git.head())
    finally:
        git.close()


def _held(db: Path) -> Assessment:
    with Store.open(db) as s:
        return s.load(AID)[1]


def test_the_same_element_changed_on_both_sides_is_one_conflict_and_nothing_lost(
    laptops: tuple[Path, ...],
) -> None:
    _remote, a, b, db_a, db_b = laptops
    _sync(db_a, a, "anna")
    _sync(db_b, b, "ben")
    _set(db_a, "OB-2", 1, "anna")
    _set(db_a, "SQ-1", 4, "anna")  # and one element only anna changed
    _set(db_b, "OB-2", 4, "ben")
    assert _sync(db_a, a, "anna").code == 0
    merged = _sync(db_b, b, "ben")
    assert merged.code == 0, merged.err
    conflicts = [line for line in merged.out.splitlines() if line.startswith("conflict")]
    assert conflicts == [
        f"conflict   {AID} Acme: OB-2: level 4 (ben) here, level 1 (anna) there; "
        "settle it in the disagreement view"
    ]
    assert _sync(db_a, a, "anna").code == 0  # anna's laptop takes the merge in
    for db in (db_a, db_b):
        held = _held(db)
        views = {v.by: (v.level, v.note) for v in held.views["OB-2"]}
        assert views == {"anna": (1, "anna says 1"), "ben": (4, "ben says 4")}
        assert held.answers["OB-2"].level == 1  # the lower median, until settled
        assert held.answers["SQ-1"].level == 4 and "SQ-1" not in held.views
        assert open_conflicts(held) == ["OB-2"]
    assert _sync(db_b, b, "ben").out == "in step: nothing to send or take in\n"


def test_a_bad_assessor_name_is_one_line_and_nothing_written(laptops: tuple[Path, ...]) -> None:
    _remote, a, _b, db_a, _db_b = laptops
    line = one_line_error(_sync(db_a, a, "an\x1bna"))
    assert line.startswith("csmaturity: --by: ") and "\x1b" not in line
    assert not (a / "assessments").exists()


def test_a_file_that_cannot_be_read_is_named_and_the_rest_goes_on(
    laptops: tuple[Path, ...],
) -> None:
    _remote, a, b, db_a, db_b = laptops
    _sync(db_a, a, "anna")
    _sync(db_b, b, "ben")
    bad = b / "assessments" / "broken.toml"
    bad.write_text('format = "csmaturity/1"\n[assessment\n', encoding="utf-8")
    porcelain.add(str(b), [str(bad)])
    porcelain.commit(str(b), message=b"a hand-made file", author=b"x <x@y>", committer=b"x <x@y>")
    branch = _branch(b)
    porcelain.push(
        str(b), "origin", branch + b":" + branch, outstream=io.BytesIO(), errstream=io.BytesIO()
    )
    _set(db_a, "OB-1", 4, "anna")
    out = _sync(db_a, a, "anna")
    assert out.code == 0, out.err
    skipped = [line for line in out.out.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 1 and "assessments/broken.toml" in skipped[0], out.out
    assert _levels(db_a)["OB-1"] == 4
    with Store.open(db_a) as s:
        assert [r.id for r in s.list_assessments()] == [AID]


def _branch(folder: Path) -> bytes:
    from csmaturity_tui.sync.git import Git

    git = Git(folder)
    try:
        return bytes(git.branch)
    finally:
        git.close()


def test_a_new_laptop_clones_with_from_and_needs_no_git_program(
    laptops: tuple[Path, ...], tmp_path: Path
) -> None:
    remote, a, _b, db_a, _db_b = laptops
    _sync(db_a, a, "anna")
    db_c, c = tmp_path / "c.db", tmp_path / "new" / "book"
    got = run(db_c, "sync", str(c), "--from", str(remote), "--by", "cleo")
    assert got.code == 0, got.err
    assert got.out.splitlines() == [
        f"cloned     {remote} into {c}",
        f"brought in {AID} Acme",
    ]
    assert _levels(db_c) == _levels(db_a)
    # an unreachable remote: one line, exit 1, nothing left half-made
    away = tmp_path / "nowhere.git"
    line = one_line_error(run(db_c, "sync", str(tmp_path / "d"), "--from", str(away)), code=1)
    assert "could not clone" in line and not (tmp_path / "d").exists()


def test_a_hand_edit_in_the_folder_is_never_wiped(laptops: tuple[Path, ...]) -> None:
    _remote, a, _b, db_a, _db_b = laptops
    _sync(db_a, a, "anna")
    readme = a / "README.md"
    readme.write_text("our book\n", encoding="utf-8")
    porcelain.add(str(a), [str(readme)])
    porcelain.commit(str(a), message=b"readme", author=b"x <x@y>", committer=b"x <x@y>")
    readme.write_text("our book, being edited\n", encoding="utf-8")
    before = db_a.read_bytes()
    line = one_line_error(_sync(db_a, a, "anna"))
    assert "README.md has changes not committed" in line
    assert readme.read_text(encoding="utf-8") == "our book, being edited\n"
    assert db_a.read_bytes() == before


def test_a_lock_held_by_another_git_program_is_one_line(laptops: tuple[Path, ...]) -> None:
    _remote, a, _b, db_a, _db_b = laptops
    _sync(db_a, a, "anna")
    _set(db_a, "OB-1", 4, "anna")
    lock = a / ".git" / (_branch(a).decode() + ".lock")
    lock.write_text("", encoding="utf-8")
    line = one_line_error(_sync(db_a, a, "anna"), code=1)
    assert "holds a lock" in line and "try again" in line
    lock.unlink()
    assert _sync(db_a, a, "anna").code == 0  # the next one goes through
