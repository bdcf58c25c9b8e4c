"""The 1.x demo moved to the default rubric 2.0 through its ``[[carry]]`` map.

The fixture ``demo_1_1_0.toml`` is the demo as it was exported on rubric 1.1.0 (its rubric
pinned inside). ``csmaturity rebase`` moves it, end to end as a subprocess: every element
2.0 kept answers by id, each retired element is either mapped to the element that now asks
its question or, where that element has its own answer, kept aside (an orphan, listed,
never lost). The demo answered three duplicated pairs inconsistently (SL-05 3 and EO-18 1,
ER-19 4 and CJ-04 2, AI-05 4 and DI-07 3): the element that remains keeps its own answer.
"""

from __future__ import annotations

import re
from pathlib import Path

from cli_helpers import run

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.formats.toml_reader import read_assessment
from csmaturity_tui.store import Store

OLD_DEMO = Path(__file__).resolve().parents[1] / "fixtures" / "demo_1_1_0.toml"
RETIRED = {
    "SL-05": "EO-18",
    "SL-17": "EO-17",
    "DI-17": "EO-12",
    "EO-14": "DI-19",
    "ER-16": "DI-12",
    "ER-19": "CJ-04",
    "PO-10": "AI-18",
    "AI-03": "DI-01",
    "AI-04": "DI-02",
    "AI-05": "DI-07",
    "AI-06": "DI-03",
    "AI-07": "EO-05",
    "AI-11": "EO-03",
}


def _old() -> tuple[rubric_mod.Rubric, list[str]]:
    pinned, assessment = read_assessment(OLD_DEMO.read_text("utf-8"), "demo 1.1.0")
    return pinned, sorted(assessment.answers)


def test_the_default_rubric_maps_every_retired_element_of_1x() -> None:
    old, old_ids = _old()
    new = rubric_mod.load()
    assert old.meta.version == "1.1.0" and new.meta.version.startswith("2.")
    gone = sorted(set(old_ids) - set(new.element_by_id))
    assert gone == sorted(RETIRED)  # every element 1.x had and 2.0 lacks is in the map
    assert new.carry_map == RETIRED
    assert all(target in new.element_by_id for target in RETIRED.values())


def _rebase(db: Path, aid: str) -> tuple[list[str], str]:
    done = run(db, "rebase", aid)
    assert done.code == 0, done.err
    return done.out.splitlines(), done.err


def test_the_1x_demo_moves_to_2_0_and_keeps_its_duplicates_aside(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    imported = run(db, "import", str(OLD_DEMO))
    assert imported.code == 0, imported.err
    aid = imported.out.strip()
    lines, summary = _rebase(db, aid)
    _old_rubric, old_ids = _old()
    kept_ids = [i for i in old_ids if i not in RETIRED]
    assert [x for x in lines if x.startswith("carried ")] == [f"carried {i}" for i in kept_ids]
    assert not [x for x in lines if x.startswith("mapped ")]  # every target has its own answer
    aside = [x for x in lines if x.startswith("kept aside ")]
    assert aside == [
        f"kept aside {old}: mapped to {new}, which has its own answer"
        for old, new in sorted(RETIRED.items())
    ]
    assert re.search(rf"{len(kept_ids)} carried by id, 0 through the map, 13 kept aside", summary)
    with Store.open(db) as store:
        rubric, assessment = store.load(aid)
        assert rubric.meta.version.startswith("2.")
        levels = {e: a.level for e, a in assessment.answers.items()}
        assert (levels["EO-18"], levels["CJ-04"], levels["DI-07"]) == (1, 2, 3)  # their own
        orphans = {o.element_id: o.level for o in store.orphans(aid)}
        assert (orphans["SL-05"], orphans["ER-19"], orphans["AI-05"]) == (3, 4, 4)  # aside


def test_answers_to_retired_elements_are_carried_where_the_new_element_is_unanswered(
    tmp_path: Path,
) -> None:
    """A 1.x assessment that answered SL-05 but not EO-18 (and so on for each pair)."""
    text = OLD_DEMO.read_text("utf-8")
    for target in RETIRED.values():  # drop the 1.x answer of each receiving element
        text, n = re.subn(
            rf'\[\[answers\]\]\nelement = "{target}"\n(?:(?!\[\[)[^\n]*\n)*', "", text
        )
        assert n == 1, target
    partial = tmp_path / "partial.toml"
    partial.write_text(text, encoding="utf-8")
    db = tmp_path / "a.db"
    imported = run(db, "import", str(partial))
    assert imported.code == 0, imported.err
    aid = imported.out.strip()
    lines, summary = _rebase(db, aid)
    mapped = [x for x in lines if x.startswith("mapped ")]
    by_new = sorted(RETIRED.items(), key=lambda pair: pair[1])  # in the order of the new ids
    assert mapped == [f"mapped {old} -> {new}" for old, new in by_new]
    assert not [x for x in lines if x.startswith("kept aside ")]
    assert "13 through the map, 0 kept aside" in summary
    old_rubric, old_assessment = read_assessment(partial.read_text("utf-8"), "partial")
    with Store.open(db) as store:
        _rubric, assessment = store.load(aid)
    for old, new in RETIRED.items():
        before, after = old_assessment.answers[old], assessment.answers[new]
        assert (after.level, after.note, after.confidence) == (
            before.level,
            before.note,
            before.confidence,
        ), old
    assert old_rubric.meta.version == "1.1.0"
