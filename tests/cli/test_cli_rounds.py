"""``csmaturity reassess`` and ``csmaturity compare``, end to end as subprocesses."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import one_line_error, run

from carried import write_carried
from csmaturity_tui.model import Answer, Baseline
from csmaturity_tui.rubric import load
from csmaturity_tui.store import Store
from helpers import SMALL, carried_ids, dump

BASE = Baseline(start_arr=1e6, churned_arr=8e4, contraction_arr=2e4, expansion_arr=5e4)


def _round(db: Path, client: str = "Acme", date: str = "2025-03-04", aid: str | None = None) -> str:
    with Store.open(db) as store:
        aid = store.create_assessment(load(SMALL), client=client, date=date, baseline=BASE, id=aid)
        store.set_answer(aid, Answer("OB-1", level=1, note="no checklist"))
        store.set_answer(aid, Answer("OB-2", level=3))
        store.set_answer(aid, Answer("SQ-2", na_reason="no data team"))
    return aid


def test_reassess_prints_the_new_id_alone_and_carries(tmp_path: Path) -> None:
    db = tmp_path / "cs.db"
    aid = _round(db)
    done = run(db, "reassess", aid[:8], "--date", "2026-03-04", "--rubric", str(SMALL))
    assert done.code == 0, done.err
    new = done.out.strip()
    assert done.out == new + "\n" and new != aid
    with Store.open(db) as store:
        _rubric, later = store.load(new)
        assert later.meta.client == "Acme" and later.meta.date == "2026-03-04"
        assert later.baseline.start_arr == 1e6
        assert carried_ids(store, new) == {"OB-1", "OB-2", "SQ-2"}
        assert store.previous_round(new) == aid


def test_reassess_onto_the_newer_rubric_goes_through_the_map(tmp_path: Path) -> None:
    db = tmp_path / "cs.db"
    aid = _round(db)
    done = run(db, "reassess", aid, "--rubric", str(write_carried(tmp_path)))
    assert done.code == 0, done.err
    with Store.open(db) as store:
        rubric, later = store.load(done.out.strip())
    assert rubric.meta.version == "0.4.0"
    assert later.answers["OB-9"].level == 1 and "OB-1" not in later.answers


def test_compare_json_is_the_contract(tmp_path: Path) -> None:
    db = tmp_path / "cs.db"
    aid = _round(db)
    new = run(db, "reassess", aid, "--date", "2026-03-04", "--rubric", str(SMALL)).out.strip()
    with Store.open(db) as store:
        store.set_answer(new, Answer("OB-1", level=3, note="owner named"))
        store.set_answer(new, Answer("SQ-2", level=2))
        store.set_answer(new, Answer("OB-2", level=3))  # confirmed, unchanged
    # given in either order, the earlier round is "before"
    done = run(db, "compare", new[:8], aid[:8], "--format", "json")
    assert done.code == 0, done.err
    data = json.loads(done.out)
    assert list(data) == [
        "before",
        "after",
        "comparable_share",
        "dimensions",
        "elements",
        "most_improved",
        "concerns",
        "nrr",
    ]
    assert data["before"] == {"id": aid, "date": "2025-03-04", "rubric": "fixture-small 0.3.1"}
    assert data["after"]["id"] == new
    assert data["comparable_share"] == 1.0
    assert data["elements"] == [
        {
            "element": "OB-1",
            "before": 1,
            "after": 3,
            "note_before": "no checklist",
            "note_after": "owner named",
        },
        {"element": "SQ-2", "before": "na", "after": 2, "note_before": "", "note_after": ""},
    ]
    dims = {d["id"]: d for d in data["dimensions"]}
    assert set(dims["onboard"]) == {"id", "before", "after", "delta"}
    assert dims["onboard"]["delta"] == round(
        dims["onboard"]["after"] - dims["onboard"]["before"], 4
    )
    assert data["most_improved"] == [{"element": "OB-1", "before": 1, "after": 3}]
    assert set(data["nrr"]) == {"forecast_year1", "actual"}
    md = run(db, "compare", aid, new)
    assert md.code == 0 and "| OB-1 No" not in md.out
    assert "1 → 3, crosses the middle" in md.out


def test_unanswered_is_null(tmp_path: Path) -> None:
    db = tmp_path / "cs.db"
    aid = _round(db)
    other = _round(db, date="2026-01-01")
    with Store.open(db) as store:
        store.clear_answer(other, "OB-2")
    data = json.loads(run(db, "compare", aid, other, "--format", "json").out)
    assert {
        k: v for k, v in data["elements"][0].items() if k in ("element", "before", "after")
    } == {"element": "OB-2", "before": 3, "after": None}


def test_bad_input_is_one_line_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "cs.db"
    aid = _round(db, aid="round-2025")
    other = _round(db, client="Globex", date="2026-01-01", aid="round-2026")
    before = dump(db)
    line = one_line_error(run(db, "compare", aid, other))
    assert "--any-client" in line and "Globex" in line
    assert "same assessment twice" in one_line_error(run(db, "compare", aid, "round-2025"))
    assert "no assessment with id 'zzz'" in one_line_error(run(db, "compare", aid, "zzz"))
    assert "matches several" in one_line_error(run(db, "compare", aid, "round"))
    assert "--date" in one_line_error(run(db, "reassess", aid, "--date", "2026-02-30"))
    assert "no assessment" in one_line_error(run(db, "reassess", "zzz"))
    assert "matches several" in one_line_error(run(db, "reassess", "round"))
    assert dump(db) == before
    assert run(db, "compare", aid, other, "--any-client").code == 0
