"""Undo and redo: the usual editor rule, against a model, and across a restart."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csmaturity_tui.model import Answer, Baseline
from csmaturity_tui.rubric import Rubric
from csmaturity_tui.store import Store
from strategies import answer_for

Content = dict[str, Answer]


def _content(answers: Mapping[str, Answer]) -> Content:
    """The answers without their stamps (who and when): what the model keeps."""
    return {k: dataclasses.replace(a, updated="", by="") for k, a in answers.items()}


class Model:
    """Answers with an undo stack and a redo stack of (element, before, after)."""

    def __init__(self) -> None:
        self.answers: Content = {}
        self.done: list[tuple[str, Answer | None, Answer | None]] = []
        self.undone: list[tuple[str, Answer | None, Answer | None]] = []

    def change(self, element: str, after: Answer | None) -> None:
        before = self.answers.get(element)
        if before == after:
            return  # the store writes nothing (and keeps what can be redone)
        self.done.append((element, before, after))
        self.undone.clear()
        self._put(element, after)

    def undo(self) -> str | None:
        if not self.done:
            return None
        step = self.done.pop()
        self.undone.append(step)
        self._put(step[0], step[1])
        return step[0]

    def redo(self) -> str | None:
        if not self.undone:
            return None
        step = self.undone.pop()
        self.done.append(step)
        self._put(step[0], step[2])
        return step[0]

    def _put(self, element: str, answer: Answer | None) -> None:
        if answer is None:
            self.answers.pop(element, None)
        else:
            self.answers[element] = answer


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_sequence_of_set_undo_redo_matches_the_model(
    data: st.DataObject, db_path: Path, small: Rubric
) -> None:
    ids = list(small.element_by_id)[:3]
    s = Store.open(db_path)  # one file for every example; each example its own assessment
    try:
        aid = s.create_assessment(small, client="P", date="2025-01-01", baseline=Baseline())
        model = Model()
        ops = st.sampled_from(("set", "set", "clear", "undo", "undo", "redo", "redo", "restart"))
        for _ in range(data.draw(st.integers(0, 14), label="steps")):
            op = data.draw(ops)
            if op == "set":
                element = data.draw(st.sampled_from(ids))
                answer = data.draw(answer_for(element, small.levels))
                s.set_answer(aid, answer)
                model.change(element, _content({element: answer})[element])
            elif op == "clear":
                element = data.draw(st.sampled_from(ids))
                s.clear_answer(aid, element)
                model.change(element, None)
            elif op == "restart":  # a second store on the file, after the first closed
                s.close()
                s = Store.open(db_path)
            else:
                expected = model.undo() if op == "undo" else model.redo()
                got = s.undo(aid) if op == "undo" else s.redo(aid)
                assert (got.element_id if got is not None else None) == expected
            assert _content(s.load(aid)[1].answers) == model.answers
    finally:
        s.close()


def test_redo_walks_forward_and_a_new_change_clears_it(store: Store, aid: str) -> None:
    a1 = store.set_answer(aid, Answer("OB-1", level=1))
    a2 = store.set_answer(aid, Answer("OB-1", level=2))
    b1 = store.set_answer(aid, Answer("SQ-1", na_reason="no signals"))
    assert store.redo(aid) is None  # nothing undone yet
    assert store.undo(aid) == Answer("SQ-1")
    assert store.undo(aid) == a1
    assert store.redo(aid, by="Ada") == a2  # the latest undo is redone first
    assert store.redo(aid) == b1
    assert store.redo(aid) is None
    assert store.load(aid)[1].answers == {"OB-1": a2, "SQ-1": b1}
    # a redone change is undone again like any other
    assert store.undo(aid) == Answer("SQ-1")
    store.set_answer(aid, Answer("CM-1", level=3))  # a new change: nothing left to redo
    assert store.redo(aid) is None
    history = store.history(aid)
    assert [h.action for h in history] == [
        *("set", "set", "set", "undo", "undo", "redo", "redo", "undo", "set"),
    ]
    redo = history[5]
    assert (redo.by, redo.before, redo.after) == ("Ada", a1, a2)


def test_redo_survives_a_restart(db_path: Path, small: Rubric) -> None:
    with Store.open(db_path) as first:
        aid = first.create_assessment(small, client="R", date="2025-01-01", baseline=Baseline())
        a1 = first.set_answer(aid, Answer("OB-1", level=1))
        first.set_answer(aid, Answer("OB-1", level=3))
        first.undo(aid)
    with Store.open(db_path) as second:
        assert second.load(aid)[1].answers == {"OB-1": a1}
        redone = second.redo(aid)
        assert redone is not None and redone.level == 3
        assert second.undo(aid) == a1
        assert second.undo(aid) == Answer("OB-1")
        assert second.undo(aid) is None
