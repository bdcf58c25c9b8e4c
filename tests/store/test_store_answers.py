"""Answers: validation writes nothing, history is append-only, undo walks back, import."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csmaturity_tui.model import Answer, AssessmentMeta, Baseline
from csmaturity_tui.rubric import Rubric
from csmaturity_tui.store import InvalidValue, NotFound, Store, StoreError
from helpers import SMALL, STORE_BASELINE, dump
from strategies import answer_for


def test_set_answer_stamps_and_stores(store: Store, aid: str) -> None:
    given_answer = Answer("OB-1", level=3, confidence="high", note="seen", flagged=True)
    stored = store.set_answer(aid, given_answer, by="Ada")
    assert stored == dataclasses.replace(given_answer, updated=stored.updated, by="Ada")
    assert stored.updated.endswith("Z")
    assert store.load(aid)[1].answers["OB-1"] == stored
    na = store.set_answer(aid, Answer("RD-2", na_reason="no AI work yet"), by="Bo")
    assert store.load(aid)[1].answers["RD-2"] == na
    [h1, h2] = store.history(aid)
    assert (h1.action, h1.before, h1.after, h1.by) == ("set", None, stored, "Ada")
    assert (h2.element_id, h2.after) == ("RD-2", na)


def test_setting_the_same_content_again_writes_nothing(store: Store, aid: str) -> None:
    first = store.set_answer(aid, Answer("OB-1", level=3), by="Ada")
    snapshot = dump(store.path)
    again = store.set_answer(aid, Answer("OB-1", level=3), by="Bo")
    assert again == first
    assert dump(store.path) == snapshot


@pytest.mark.parametrize(
    ("answer", "field"),
    [
        (Answer("NOPE-1", level=1), "element"),
        (Answer("OB-1", level=0), "level"),
        (Answer("OB-1", level=5), "level"),  # the fixture scale has 4 levels
        (Answer("OB-1", level=True), "level"),
        (Answer("OB-1", na_reason="  "), "na_reason"),
        (Answer("OB-1", level=2, na_reason="both"), "na_reason"),
        (Answer("OB-1", level=2, confidence="sure"), "confidence"),  # type: ignore[arg-type]
        (Answer("OB-1", level=2, note=None), "note"),  # type: ignore[arg-type]
        (Answer("OB-1", level=2, flagged="yes"), "flagged"),  # type: ignore[arg-type]
    ],
)
def test_invalid_answers_write_nothing(store: Store, aid: str, answer: Answer, field: str) -> None:
    store.set_answer(aid, Answer("OB-2", level=1))
    snapshot = dump(store.path)
    with pytest.raises(InvalidValue) as info:
        store.set_answer(aid, answer)
    assert info.value.field == field
    assert info.value.exit_code == 2
    assert "\n" not in str(info.value)
    assert dump(store.path) == snapshot


def test_clear_keeps_history(store: Store, aid: str) -> None:
    a = store.set_answer(aid, Answer("OB-1", level=2))
    store.clear_answer(aid, "OB-1", by="Ada")
    assert "OB-1" not in store.load(aid)[1].answers
    assert [(h.action, h.before, h.after) for h in store.history(aid, "OB-1")] == [
        ("set", None, a),
        ("clear", a, None),
    ]
    snapshot = dump(store.path)
    store.clear_answer(aid, "OB-1")  # already clear: nothing to record
    assert dump(store.path) == snapshot


def test_undo_walks_back(store: Store, aid: str) -> None:
    a1 = store.set_answer(aid, Answer("OB-1", level=1))
    a2 = store.set_answer(aid, Answer("OB-1", level=2, note="better"))
    b1 = store.set_answer(aid, Answer("SQ-1", na_reason="no signals"))
    store.clear_answer(aid, "OB-1")
    assert store.undo(aid, by="Ada") == a2  # the clear
    assert store.load(aid)[1].answers["OB-1"] == a2
    assert store.undo(aid) == Answer("SQ-1")  # SQ-1 is now unanswered
    assert "SQ-1" not in store.load(aid)[1].answers
    assert store.undo(aid) == a1
    assert store.undo(aid) == Answer("OB-1")
    assert store.load(aid)[1].answers == {}
    assert store.undo(aid) is None
    history = store.history(aid)
    assert [h.action for h in history] == ["set"] * 3 + ["clear"] + ["undo"] * 4
    assert [h.seq for h in history] == sorted(h.seq for h in history)
    assert history[4].by == "Ada" and history[4].before is None and history[4].after == a2
    assert b1 == history[2].after
    # a new change after undos is undone first, then nothing older is left
    store.set_answer(aid, Answer("CM-1", level=4))
    assert store.undo(aid) == Answer("CM-1")
    assert store.undo(aid) is None


@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_undoing_every_change_restores_every_earlier_state(
    data: st.DataObject, store: Store, small: Rubric
) -> None:
    s = store  # one file for every example; each example gets its own assessment
    aid = s.create_assessment(small, client="P", date="2025-01-01", baseline=Baseline())
    ids = list(small.element_by_id)[:4]
    states = [s.load(aid)[1].answers]
    changes = 0
    for _ in range(data.draw(st.integers(0, 8), label="steps")):
        element = data.draw(st.sampled_from(ids))
        if data.draw(st.booleans()):
            s.set_answer(aid, data.draw(answer_for(element, small.levels)))
        else:
            s.clear_answer(aid, element)
        now = s.load(aid)[1].answers
        if now != states[-1]:
            states.append(now)
            changes += 1
    for expected in reversed(states[:-1]):
        assert s.undo(aid) is not None
        assert s.load(aid)[1].answers == expected
    assert s.undo(aid) is None
    assert len(s.history(aid)) == 2 * changes


def test_cursor(store: Store, aid: str) -> None:
    assert store.get_cursor(aid) is None
    updated = store.load(aid)[1].meta.updated
    store.set_cursor(aid, "SQ-2")
    assert store.get_cursor(aid) == "SQ-2"
    assert store.load(aid)[1].meta.updated == updated


def test_answer_writes_stamp_the_assessment(store: Store, aid: str) -> None:
    before = store.load(aid)[1].meta.updated
    stored = store.set_answer(aid, Answer("OB-1", level=2))
    after = store.load(aid)[1].meta
    assert after.updated == stored.updated > before
    assert after.created == before


def _meta(**kw: object) -> AssessmentMeta:
    base: dict[str, object] = {
        "id": "11111111-2222-4333-8444-555555555555",
        "client": "Imported Co",
        "scope": "NA",
        "assessors": "Ada, Bo",
        "date": "2024-11-30",
        "status": "complete",
        "created": "2024-11-30T08:00:00Z",
        "updated": "2024-12-01T17:30:00.250000Z",
    }
    return AssessmentMeta(**{**base, **kw})  # type: ignore[arg-type]


ANSWERS = [
    Answer("OB-1", level=3, confidence="high", note="n", updated="2024-11-30T09:00:00Z", by="Ada"),
    Answer("RD-1", na_reason="not yet", updated="2024-11-30T09:05:00Z", by="Bo"),
]


def test_import_keeps_stamps_verbatim(store: Store) -> None:
    text = SMALL.read_text(encoding="utf-8")
    aid = store.import_assessment(text, _meta(), STORE_BASELINE, ANSWERS)
    assert aid == _meta().id
    rubric, a = store.load(aid)
    assert rubric.source == text
    assert a.meta == _meta()
    assert a.baseline == STORE_BASELINE
    assert a.answers == {x.element_id: x for x in ANSWERS}
    assert [h.action for h in store.history(aid)] == ["import", "import"]
    assert store.undo(aid) is None
    [row] = store.list_assessments()
    assert row.updated == _meta().updated
    assert row.progress > 0
    # the same id again is refused, unless imported as new
    snapshot = dump(store.path)
    with pytest.raises(StoreError, match="already exists"):
        store.import_assessment(text, _meta(), STORE_BASELINE, ANSWERS)
    assert dump(store.path) == snapshot
    other = store.import_assessment(text, _meta(), STORE_BASELINE, ANSWERS, as_new=True)
    assert other != aid
    assert store.load(other)[1].answers == store.load(aid)[1].answers
    assert store.load(other)[1].meta.created != _meta().created


def test_import_with_orphans(store: Store) -> None:
    text = SMALL.read_text(encoding="utf-8")
    orphan = Answer("GONE-1", level=2, updated="2024-11-30T09:00:00Z", by="Ada")
    aid = store.import_assessment(text, _meta(), STORE_BASELINE, ANSWERS, orphans=[orphan])
    assert store.orphans(aid) == [orphan]
    assert "GONE-1" not in store.load(aid)[1].answers


@pytest.mark.parametrize(
    ("kind", "field"),
    [
        ("rubric", "rubric"),
        ("client", "client"),
        ("date", "date"),
        ("status", "status"),
        ("created", "created"),
        ("baseline", "churned_arr"),
        ("level", "answers.OB-1.level"),
        ("element", "answers.XX-1.element"),
        ("twice", "answers.OB-1"),
        ("answer_stamp", "answers.OB-1.updated"),
    ],
)
def test_import_validates_everything_first(store: Store, kind: str, field: str) -> None:
    text = SMALL.read_text(encoding="utf-8")
    meta, baseline, answers = _meta(), STORE_BASELINE, list(ANSWERS)
    if kind == "rubric":
        text = text.replace('version = "0.3.1"', 'version = "three"')
    elif kind == "client":
        meta = _meta(client="")
    elif kind == "date":
        meta = _meta(date="30/11/2024")
    elif kind == "status":
        meta = _meta(status="finished")
    elif kind == "created":
        meta = _meta(created="last week")
    elif kind == "baseline":
        baseline = Baseline(start_arr=100.0, churned_arr=80.0, contraction_arr=30.0)
    elif kind == "level":
        answers[0] = dataclasses.replace(answers[0], level=7)
    elif kind == "element":
        answers[0] = dataclasses.replace(answers[0], element_id="XX-1")
    elif kind == "twice":
        answers.append(answers[0])
    elif kind == "answer_stamp":
        answers[0] = dataclasses.replace(answers[0], updated="noon")
    snapshot = dump(store.path)
    with pytest.raises(InvalidValue) as info:
        store.import_assessment(text, meta, baseline, answers)
    assert info.value.field == field
    assert "\n" not in str(info.value)
    assert dump(store.path) == snapshot
    with pytest.raises(NotFound):
        store.load(_meta().id)
