"""``reassess`` and ``compare`` run (as processes) while the app, in another process, is
answering the same client's round on the same database.

Neither side may fail or say "database is locked": the app's answers are all saved,
every reassess prints a new id whose round carries the answers committed before it
(marked carried), and every compare prints the JSON contract.
"""

from __future__ import annotations

import json
from pathlib import Path

from rel_helpers import cli, soak, start_app_child

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.model import Answer, Baseline
from csmaturity_tui.store import Store
from helpers import SMALL, carried_ids


def test_reassess_and_compare_while_the_app_answers(tmp_path: Path) -> None:
    db = tmp_path / "rounds.db"
    with Store.open(db) as store:
        aid = store.create_assessment(
            rubric_mod.load(SMALL), client="Duo Ltd", date="2025-03-01", baseline=Baseline()
        )
        store.set_answer(aid, Answer("OB-1", level=2))
    go = tmp_path / "go"
    child = start_app_child(db, aid, 7, soak(30, 150), go)
    try:
        assert child.stdout is not None
        seen: list[str] = []
        for line in child.stdout:  # the app is open and answering: start the rounds
            seen.append(line.rstrip("\n"))
            if line.startswith("SAVED"):
                break
        made: list[str] = []
        for k in range(soak(3, 10)):
            done = cli(
                db, "reassess", aid[:8], "--date", f"2026-03-0{k % 9 + 1}", "--rubric", str(SMALL)
            )
            assert done.returncode == 0, done.stderr
            new = done.stdout.strip()
            assert done.stdout == new + "\n" and len(new) == 36
            made.append(new)
            compared = cli(db, "compare", aid, new, "--format", "json")
            assert compared.returncode == 0, compared.stderr
            data = json.loads(compared.stdout)
            assert data["before"]["id"] == aid and data["after"]["id"] == new
            assert data["comparable_share"] == 1.0
        for line in child.stdout:
            seen.append(line.rstrip("\n"))
            if line.startswith("DONE"):
                break
        go.write_text("go")
        out, err = child.communicate(timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    seen += out.splitlines()
    assert child.returncode == 0, err[-2000:]
    assert "Traceback" not in err and "locked" not in err
    assert not [s for s in seen if s.startswith("STATUS") and "Not saved" in s], seen
    assert any(s.startswith("SAVED") for s in seen)
    with Store.open(db) as store:
        for new in made:
            _rubric, later = store.load(new)
            assert store.previous_round(new) == aid
            assert carried_ids(store, new) == set(later.answers)  # every answer carried, marked
            assert "OB-1" in later.answers
        assert carried_ids(store, aid) == frozenset()
