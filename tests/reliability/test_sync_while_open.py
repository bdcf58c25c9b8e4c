"""``sync`` runs (as processes) while the app, in another process, answers the same
assessment on the same database, and another laptop keeps sending changes to other
elements of it.

Nothing the app showed as saved may be lost: at the end both laptops hold the app's last
saved level of every element it answered, and the other laptop's changes. (The same
element changed on both laptops is a conflict: tests/cli/test_sync.py.)
"""

from __future__ import annotations

import io
import random
from pathlib import Path

from dulwich import porcelain
from rel_helpers import cli, soak, start_app_child

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.model import Answer, Baseline
from csmaturity_tui.store import Store
from helpers import SMALL


def _clone(remote: Path, folder: Path) -> Path:
    porcelain.clone(str(remote), str(folder), errstream=io.BytesIO()).close()
    return folder


def _sync(db: Path, repo: Path, by: str) -> str:
    done = cli(db, "sync", str(repo), "--by", by)
    assert done.returncode == 0, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and "locked" not in done.stderr
    return done.stdout


def test_sync_while_the_app_answers_loses_nothing(tmp_path: Path) -> None:
    remote = tmp_path / "remote.git"
    porcelain.init(str(remote), bare=True)
    a, b = _clone(remote, tmp_path / "a"), _clone(remote, tmp_path / "b")
    db_a, db_b = tmp_path / "a.db", tmp_path / "b.db"
    rubric = rubric_mod.load(SMALL)
    with Store.open(db_a) as store:
        aid = store.create_assessment(
            rubric, client="Duo Ltd", date="2026-03-01", baseline=Baseline()
        )
        store.set_answer(aid, Answer("OB-1", level=2), by="anna")
    _sync(db_a, a, "anna")
    _sync(db_b, b, "ben")
    go = tmp_path / "go"
    ids = list(rubric.element_by_id)
    mine, theirs = ids[::2], ids[1::2]  # the app answers these; the other laptop those
    child = start_app_child(
        db_b, aid, 11, soak(25, 120), go, {"CSMATURITY_CHILD_ELEMENTS": ",".join(mine)}
    )
    rng = random.Random(5)
    sent: dict[str, int] = {}
    saved: dict[str, int] = {}
    try:
        assert child.stdout is not None
        for line in child.stdout:  # the app is open and answering
            if line.startswith("SAVED"):
                _tag, eid, level = line.split()
                saved[eid] = int(level)
                break
        for _ in range(soak(3, 8)):
            eid = rng.choice(theirs)
            sent[eid] = rng.randint(1, rubric.levels)
            with Store.open(db_a) as store:
                store.set_answer(aid, Answer(eid, level=sent[eid], note="from a"), by="anna")
            _sync(db_a, a, "anna")
            _sync(db_b, b, "ben")
        for line in child.stdout:
            if line.startswith("SAVED"):
                _tag, eid, level = line.split()
                saved[eid] = int(level)
            if line.startswith("DONE"):
                break
        go.write_text("go")
        _out, err = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 0, err[-2000:]
    assert "Traceback" not in err and "locked" not in err
    _sync(db_b, b, "ben")  # what the app answered after the last sync goes out
    _sync(db_a, a, "anna")
    for db in (db_b, db_a):
        with Store.open(db) as store:
            held = store.load(aid)[1]
        for eid, given in saved.items():  # the app's saved answers: none lost
            assert held.answers[eid].level == given, (db.name, eid, given, held.answers[eid])
        for eid, given in sent.items():  # the other laptop's
            assert held.answers[eid].level == given, (db.name, eid)
        assert not held.views
