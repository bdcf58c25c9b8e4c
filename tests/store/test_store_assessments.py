"""Assessments: create, list, update, archive, delete, duplicate, resolve ids, pinning, rebase."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import NoReturn

import pytest

from csmaturity_tui import rubric as rubric_mod
from csmaturity_tui.model import Answer, Baseline
from csmaturity_tui.rubric import Rubric
from csmaturity_tui.store import Ambiguous, InvalidValue, NotFound, Store, StoreError
from helpers import SMALL, STORE_BASELINE, dump


def _changed_rubric(tmp_path: Path, small: Rubric) -> tuple[Path, Rubric]:
    """The small rubric edited on disk: a new version, OB-3 renamed to OB-9, a new title."""
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace('version = "0.3.1"', 'version = "0.4.0"', 1)
    text = text.replace('id = "OB-3"', 'id = "OB-9"', 1)
    text = text.replace('title = "Small fixture rubric"', 'title = "Edited rubric"', 1)
    path = tmp_path / "rubric.toml"
    path.write_text(text, encoding="utf-8")
    return path, rubric_mod.load(path)


def test_create_and_list(store: Store, small: Rubric, aid: str) -> None:
    [row] = store.list_assessments()
    assert row.id == aid
    assert (row.client, row.scope, row.date, row.status) == ("Acme", "EMEA", "2025-03-04", "draft")
    assert row.progress == 0.0
    assert row.overall is None
    assert (row.rubric_id, row.rubric_version) == ("fixture-small", "0.3.1")
    rubric, a = store.load(aid)
    assert rubric.sha256 == small.sha256
    assert a.baseline == STORE_BASELINE
    assert a.meta.assessors == "Ada"
    assert a.meta.created.endswith("Z") and a.meta.created == a.meta.updated


def test_list_is_newest_first_and_can_hide_archived(store: Store, small: Rubric) -> None:
    ids = [
        store.create_assessment(small, client=f"C{i}", date="2025-01-01", baseline=Baseline())
        for i in range(3)
    ]
    assert [r.id for r in store.list_assessments()] == ids[::-1]
    store.set_answer(ids[0], Answer("OB-1", level=2))
    assert store.list_assessments()[0].id == ids[0]
    store.archive(ids[1])
    assert ids[1] not in [r.id for r in store.list_assessments(include_archived=False)]
    assert len(store.list_assessments()) == 3


def test_progress_is_counted_on_every_write_and_no_write_evaluates(
    store: Store, small: Rubric, aid: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import csmaturity_tui.engine as engine

    def refuse(*_args: object) -> NoReturn:
        raise AssertionError("the store evaluated an assessment while writing")

    monkeypatch.setattr(engine, "evaluate", refuse)
    total = len(small.element_by_id)
    store.set_answer(aid, Answer("OB-1", level=4))
    store.set_answer(aid, Answer("RD-1", na_reason="no AI yet"))
    store.set_answer(aid, Answer("OB-2", note="only a note"))  # neither level nor N/A
    store.clear_answer(aid, "RD-1")
    store.undo(aid)  # RD-1 back
    copy = store.duplicate(aid, copy_answers=True)
    store.rebase(aid, small)
    store.update_assessment(aid, baseline=STORE_BASELINE)
    rows = {r.id: r for r in store.list_assessments()}
    assert rows[aid].progress == pytest.approx(2 / total)  # 2 of 12, worked by hand
    assert rows[copy].progress == pytest.approx(2 / total)
    assert rows[aid].overall is None and rows[copy].overall is None  # cleared, not computed
    monkeypatch.undo()


def test_overall_is_evaluated_by_the_list_service_and_cached_until_a_change(
    store: Store, aid: str
) -> None:
    from csmaturity_tui.engine import evaluate
    from csmaturity_tui.services import stale, with_overall

    store.set_answer(aid, Answer("OB-1", level=4))  # one scored answer: the overall is 4
    [row] = store.list_assessments()
    assert stale(row)
    [shown], problems = with_overall(store, [row])
    assert problems == []
    assert shown.overall == evaluate(*store.load(aid)).scores.overall == 4.0
    [cached] = store.list_assessments()
    assert cached.overall == 4.0 and not stale(cached)
    assert not store.cache_overall(aid, 1.0, "2000-01-01T00:00:00Z")  # stale evaluation
    store.set_answer(aid, Answer("OB-2", level=4))
    [changed] = store.list_assessments()
    assert changed.overall is None and stale(changed)


def test_create_validation_writes_nothing(store: Store, small: Rubric, aid: str) -> None:
    before = dump(store.path)
    bad: list[tuple[dict[str, object], str]] = [
        ({"client": "  "}, "client"),
        ({"date": "2025-13-01"}, "date"),
        ({"status": "done"}, "status"),
        ({"id": "has space"}, "id"),
        ({"id": aid}, ""),
        ({"baseline": Baseline(start_arr=-1.0)}, "start_arr"),
        (
            {"baseline": Baseline(start_arr=10.0, churned_arr=8.0, contraction_arr=5.0)},
            "churned_arr",
        ),
        ({"baseline": Baseline(targets={"nope": 2.0})}, "targets.nope"),
        ({"baseline": Baseline(targets={"onboard": 9.0})}, "targets.onboard"),
    ]
    for change, field in bad:
        kwargs: dict[str, object] = {
            "client": "X",
            "date": "2025-01-01",
            "baseline": Baseline(),
            **change,
        }
        with pytest.raises(StoreError) as info:
            store.create_assessment(small, **kwargs)  # type: ignore[arg-type]
        assert "\n" not in str(info.value)
        if field:
            assert isinstance(info.value, InvalidValue)
            assert info.value.field == field
    assert dump(store.path) == before


def test_update_changes_only_given_fields(store: Store, aid: str) -> None:
    _, before = store.load(aid)
    store.update_assessment(aid, scope="APAC", status="complete")
    _, after = store.load(aid)
    assert after.meta.scope == "APAC"
    assert after.meta.status == "complete"
    assert after.meta.client == before.meta.client
    assert after.baseline == before.baseline
    new = dataclasses.replace(STORE_BASELINE, expansion_arr=1.0, targets={})
    store.update_assessment(aid, baseline=new)
    assert store.load(aid)[1].baseline == new
    snapshot = dump(store.path)
    with pytest.raises(InvalidValue):
        store.update_assessment(aid, scope="x", baseline=Baseline(churned_arr=-5.0))
    with pytest.raises(InvalidValue):
        store.update_assessment(aid, date="yesterday")
    assert dump(store.path) == snapshot


def test_archive_and_unarchive_restore_the_status(store: Store, aid: str) -> None:
    store.update_assessment(aid, status="complete")
    store.archive(aid)
    assert store.load(aid)[1].meta.status == "archived"
    store.archive(aid)  # twice is fine
    store.unarchive(aid)
    assert store.load(aid)[1].meta.status == "complete"


def test_delete_needs_the_full_id_and_takes_everything(
    store: Store, small: Rubric, aid: str
) -> None:
    other = store.create_assessment(
        small, client="Keep", date="2025-01-01", baseline=STORE_BASELINE
    )
    store.set_answer(aid, Answer("OB-1", level=2))
    store.set_answer(other, Answer("OB-1", level=3))
    snapshot = dump(store.path)
    for wrong in ("", aid[:8], "yes", other):
        with pytest.raises(StoreError, match="confirm"):
            store.delete(aid, confirm=wrong)
    assert dump(store.path) == snapshot
    store.delete(aid, confirm=aid)
    with pytest.raises(NotFound):
        store.load(aid)
    conn = store._conn
    for table in ("answers", "answer_history", "baselines", "targets"):
        left = conn.execute(f"SELECT count(*) FROM {table} WHERE assessment_id = ?", (aid,))
        assert left.fetchone()[0] == 0
    assert store.load(other)[1].answers["OB-1"].level == 3
    with pytest.raises(NotFound):
        store.delete(aid, confirm=aid)


def test_resolve_id(store: Store, small: Rubric) -> None:
    a = store.create_assessment(
        small, client="A", date="2025-01-01", baseline=Baseline(), id="abc-111"
    )
    b = store.create_assessment(
        small, client="B", date="2025-01-01", baseline=Baseline(), id="abc-222"
    )
    assert store.resolve_id(a) == a
    assert store.resolve_id("abc-1") == a
    assert store.resolve_id("ABC-2") == b
    with pytest.raises(Ambiguous) as info:
        store.resolve_id("abc")
    assert info.value.exit_code == 2
    with pytest.raises(NotFound):
        store.resolve_id("zzz")
    with pytest.raises(NotFound):
        store.resolve_id("")
    with pytest.raises(NotFound):
        store.resolve_id("abc%")


@pytest.mark.parametrize("copy_answers", [True, False])
def test_duplicate(store: Store, aid: str, copy_answers: bool) -> None:
    store.set_answer(aid, Answer("OB-1", level=2, note="n"), by="Ada")
    store.set_answer(aid, Answer("RD-1", na_reason="later"), by="Ada")
    store.update_assessment(aid, status="complete")
    new = store.duplicate(aid, copy_answers=copy_answers, date="2026-03-04")
    assert new != aid
    rubric, a = store.load(new)
    _, old = store.load(aid)
    assert rubric.sha256 == store.load(aid)[0].sha256
    assert a.meta.date == "2026-03-04"
    assert a.meta.status == "draft"
    assert (a.meta.client, a.meta.scope, a.meta.assessors) == ("Acme", "EMEA", "Ada")
    assert a.baseline == old.baseline
    if copy_answers:
        assert a.answers == old.answers
        assert [h.action for h in store.history(new)] == ["copy", "copy"]
        assert store.undo(new) is None  # copies are a starting point, not an edit
    else:
        assert a.answers == {}
        assert store.history(new) == []
    assert len(store.list_assessments()) == 2
    today = store.duplicate(aid, copy_answers=False)
    assert store.load(today)[1].meta.date  # today's date
    with pytest.raises(InvalidValue):
        store.duplicate(aid, copy_answers=False, date="soon")


def test_rubric_pinning_survives_a_change_of_rubric_toml(
    store: Store, small: Rubric, aid: str, tmp_path: Path
) -> None:
    store.set_answer(aid, Answer("OB-3", level=2))
    store.close()
    _, changed = _changed_rubric(tmp_path, small)
    assert changed.sha256 != small.sha256
    with Store.open(store.path) as s:
        # a new assessment uses the changed rubric; the old one keeps its own
        new = s.create_assessment(changed, client="New", date="2025-06-01", baseline=Baseline())
        rubric, a = s.load(aid)
        assert rubric.meta.version == "0.3.1"
        assert rubric.source == small.source
        assert "OB-3" in rubric.element_by_id
        assert a.answers["OB-3"].level == 2
        assert s.load(new)[0].meta.version == "0.4.0"
        # answers are validated against the PINNED rubric
        with pytest.raises(InvalidValue):
            s.set_answer(aid, Answer("OB-9", level=1))
        s.set_answer(new, Answer("OB-9", level=1))
        # the rubric text is stored once per distinct text
        s.create_assessment(small, client="Again", date="2025-06-01", baseline=Baseline())
        count = s._conn.execute("SELECT count(*) FROM rubrics").fetchone()[0]
        assert count == 2
        versions = {r.id: r.rubric_version for r in s.list_assessments()}
        assert versions[aid] == "0.3.1" and versions[new] == "0.4.0"


def test_rebase_keeps_and_lists_orphans(
    store: Store, small: Rubric, aid: str, tmp_path: Path
) -> None:
    store.set_answer(aid, Answer("OB-1", level=4, note="kept"))
    store.set_answer(aid, Answer("OB-3", level=2, note="orphan-to-be"))
    store.set_answer(aid, Answer("RD-1", na_reason="none"))
    _, changed = _changed_rubric(tmp_path, small)
    assert store.orphans(aid) == []
    plan = store.rebase(aid, changed)
    assert plan.kept == (("OB-3", "not in this rubric"),)
    assert plan.carried == ("OB-1", "RD-1") and plan.mapped == ()
    rubric, a = store.load(aid)
    assert rubric.meta.version == "0.4.0"
    assert set(a.answers) == {"OB-1", "RD-1"}
    [orphan] = store.orphans(aid)
    assert (orphan.element_id, orphan.level, orphan.note) == ("OB-3", 2, "orphan-to-be")
    [row] = store.list_assessments()
    assert row.rubric_version == "0.4.0"
    assert row.progress == pytest.approx(2 / len(changed.element_by_id))
    # moving back brings the orphan back
    assert store.rebase(aid, small).kept == ()
    assert store.load(aid)[1].answers["OB-3"].note == "orphan-to-be"
    assert store.orphans(aid) == []


def test_rebase_orphans_levels_off_a_shorter_scale(store: Store, aid: str, tmp_path: Path) -> None:
    store.set_answer(aid, Answer("OB-1", level=4))
    store.set_answer(aid, Answer("OB-2", level=2))
    text = SMALL.read_text(encoding="utf-8")
    # drop the 4th scale level and the 4th descriptor of every element
    import re

    text = re.sub(r'\[\[scale\]\]\nlevel = 4\nname = "Optimized"\nsummary = "[^"]*"\n', "", text)
    text = re.sub(r'(levels = \[[^\n]*), "[^"]*"\]', r"\1]", text)
    text = text.replace("strong_from = 2.5", "strong_from = 2.0")
    three = rubric_mod.loads(text)
    assert three.levels == 3
    assert store.rebase(aid, three).kept == (("OB-1", "level must be 1 to 3 (got 4)"),)
    assert set(store.load(aid)[1].answers) == {"OB-2"}


def test_rebase_carries_answers_through_the_map(store: Store, aid: str, tmp_path: Path) -> None:
    from carried import write_carried

    mapped = rubric_mod.load(write_carried(tmp_path))
    store.set_answer(aid, Answer("OB-1", level=3, note="renamed", confidence="high", flagged=True))
    store.set_answer(aid, Answer("OB-2", na_reason="no onboarding yet"))
    store.set_answer(aid, Answer("SQ-1", level=2, note="retired"))
    store.set_answer(aid, Answer("CM-2", level=1, note="older of the merged pair"))
    store.set_answer(aid, Answer("CM-3", level=4, note="newer of the merged pair"))
    store.set_answer(aid, Answer("TH-1", level=4, note="folded into TH-2"))
    store.set_answer(aid, Answer("TH-2", level=2, note="its own answer"))
    before = {a.element_id: a for a in store.load(aid)[1].answers.values()}
    plan = store.rebase(aid, mapped)
    assert plan.carried == ("OB-2", "TH-2")
    assert plan.mapped == (("CM-3", "CM-8"), ("OB-1", "OB-9"))
    assert plan.kept == (
        ("CM-2", "mapped to CM-8, which takes CM-3's newer answer"),
        ("SQ-1", "retired in this rubric"),
        ("TH-1", "mapped to TH-2, which has its own answer"),
    )
    rubric, a = store.load(aid)
    assert rubric.meta.version == "0.4.0"
    assert set(a.answers) == {"OB-2", "OB-9", "CM-8", "TH-2"}
    # a carried answer keeps everything but its element id (its stamps too)
    assert a.answers["OB-9"] == dataclasses.replace(before["OB-1"], element_id="OB-9")
    assert a.answers["CM-8"] == dataclasses.replace(before["CM-3"], element_id="CM-8")
    assert a.answers["OB-2"].na_reason == "no onboarding yet"
    assert {o.element_id: o.note for o in store.orphans(aid)} == {
        "CM-2": "older of the merged pair",
        "SQ-1": "retired",
        "TH-1": "folded into TH-2",
    }
    [row] = store.list_assessments()
    assert row.progress == pytest.approx(4 / len(mapped.element_by_id))
    # moving again changes nothing: CM-8 now holds an answer of its own
    again = store.rebase(aid, mapped)
    assert (again.carried, again.mapped) == (("CM-8", "OB-2", "OB-9", "TH-2"), ())
    assert again.kept[0] == ("CM-2", "mapped to CM-8, which has its own answer")
    assert again.kept[1:] == plan.kept[1:]
    assert set(store.load(aid)[1].answers) == {"OB-2", "OB-9", "CM-8", "TH-2"}


def test_rebase_with_the_later_answer_first_by_id(store: Store, aid: str, tmp_path: Path) -> None:
    """Of two answers mapped to one element, the one updated last wins, whatever its id."""
    from carried import write_carried

    mapped = rubric_mod.load(write_carried(tmp_path))
    store.set_answer(aid, Answer("CM-3", level=4, note="older"))
    store.set_answer(aid, Answer("CM-2", level=1, note="newer"))
    plan = store.rebase(aid, mapped)
    assert plan.mapped == (("CM-2", "CM-8"),)
    assert plan.kept == (("CM-3", "mapped to CM-8, which takes CM-2's newer answer"),)
    assert store.load(aid)[1].answers["CM-8"].note == "newer"


def test_unknown_ids_raise_not_found(store: Store) -> None:
    for call in (
        lambda: store.load("nope"),
        lambda: store.set_answer("nope", Answer("OB-1", level=1)),
        lambda: store.history("nope"),
        lambda: store.archive("nope"),
        lambda: store.duplicate("nope", copy_answers=True),
        lambda: store.orphans("nope"),
        lambda: store.undo("nope"),
    ):
        with pytest.raises(NotFound) as info:
            call()
        assert info.value.exit_code == 2
        assert "nope" in str(info.value)


def test_the_default_rubric_fully_answered(store: Store) -> None:
    default = rubric_mod.load()
    aid = store.create_assessment(default, client="Full", date="2025-01-01", baseline=Baseline())
    for i, element_id in enumerate(default.element_by_id):
        if i % 10 == 9:
            store.set_answer(aid, Answer(element_id, na_reason="not applicable here"))
        else:
            store.set_answer(aid, Answer(element_id, level=i % default.levels + 1))
    [row] = store.list_assessments()
    assert row.progress == 1.0
    from csmaturity_tui.services import with_overall

    assert with_overall(store, [row])[0][0].overall is not None
    assert (row.rubric_id, row.rubric_version) == (default.meta.id, default.meta.version)
    rubric, a = store.load(aid)
    assert rubric.sha256 == default.sha256
    assert len(a.answers) == len(default.element_by_id)


def test_set_targets_sets_clears_and_keeps_the_others(
    store: Store, small: Rubric, aid: str
) -> None:
    """A dimension's own target, set in one write; None goes back to the rubric's."""
    before = store.load(aid)[1]
    assert dict(before.baseline.targets) == {"onboard": 3.5}
    other = small.dimensions[1].id
    store.set_targets(aid, {other: 2.25, "onboard": None})
    after = store.load(aid)[1]
    assert dict(after.baseline.targets) == {other: 2.25}
    assert after.meta.updated > before.meta.updated
    assert dataclasses.replace(after.baseline, targets={}) == dataclasses.replace(
        before.baseline, targets={}
    )  # the money is untouched
    untouched = dump(store.path)
    for bad, message in (
        ({other: 4.5}, f"targets.{other}: must lie on the scale, 1 to 4 (got 4.5)"),
        ({other: float("nan")}, f"targets.{other}: must lie on the scale, 1 to 4 (got nan)"),
        ({"nope": 3.0}, "targets.nope: no such dimension in the rubric"),
    ):
        with pytest.raises(InvalidValue) as info:
            store.set_targets(aid, bad)
        assert str(info.value) == message
    assert dump(store.path) == untouched
