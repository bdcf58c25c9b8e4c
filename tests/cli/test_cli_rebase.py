"""``csmaturity rebase ID [--rubric PATH]``, end to end as a subprocess on a temp database."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import one_line_error, run

from carried import write_carried
from csmaturity_tui.model import Answer
from csmaturity_tui.rubric import load
from csmaturity_tui.store import Store
from helpers import SMALL, dump


def _assessment(db: Path) -> str:
    from csmaturity_tui.model import Baseline

    with Store.open(db) as store:
        aid = store.create_assessment(
            load(SMALL), client="Acme", date="2025-03-04", baseline=Baseline()
        )
        store.set_answer(aid, Answer("OB-1", level=3, note="renamed"))
        store.set_answer(aid, Answer("OB-2", level=2))
        store.set_answer(aid, Answer("SQ-1", level=1))
        store.set_answer(aid, Answer("CM-2", level=1))
        store.set_answer(aid, Answer("CM-3", level=4))
    return aid


def test_rebase_prints_one_line_per_answer(tmp_path: Path) -> None:
    db = tmp_path / "cs.db"
    aid = _assessment(db)
    rubric = write_carried(tmp_path)
    done = run(db, "rebase", aid[:8], "--rubric", str(rubric))
    assert done.code == 0, done.err
    assert done.out.splitlines() == [
        "carried OB-2",
        "mapped CM-3 -> CM-8",
        "mapped OB-1 -> OB-9",
        "kept aside CM-2: mapped to CM-8, which takes CM-3's newer answer",
        "kept aside SQ-1: retired in this rubric",
    ]
    assert done.err == (
        f"Moved {aid} to rubric fixture-small 0.4.0: 1 carried by id, 2 through the map, "
        "2 kept aside.\n"
    )
    with Store.open(db) as store:
        pinned, a = store.load(aid)
        assert pinned.meta.version == "0.4.0"
        assert a.answers["OB-9"].note == "renamed"
        assert sorted(o.element_id for o in store.orphans(aid)) == ["CM-2", "SQ-1"]
    # again: already there, nothing written
    before = dump(db)
    again = run(db, "rebase", aid, "--rubric", str(rubric))
    assert again.code == 0 and again.out == ""
    assert "already on rubric fixture-small 0.4.0" in again.err
    assert dump(db) == before


def test_rebase_bad_input_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "cs.db"
    aid = _assessment(db)
    before = dump(db)
    line = one_line_error(run(db, "rebase", "nope", "--rubric", str(write_carried(tmp_path))))
    assert "no assessment with id 'nope'" in line
    broken = Path(__file__).resolve().parents[1] / "rubric" / "broken" / "carry_to_unknown.toml"
    line = one_line_error(run(db, "rebase", aid, "--rubric", str(broken)))
    assert line.startswith(f"{broken}:") and "(got 'OB-9')" in line
    missing = tmp_path / "none.db"
    line = one_line_error(run(missing, "rebase", aid))
    assert "no such database file" in line and not missing.exists()
    assert dump(db) == before
