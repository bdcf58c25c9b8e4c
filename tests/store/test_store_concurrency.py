"""Two processes on one file, and a writer killed with SIGKILL at random points.

The children are forked from the test process (fast: everything is already imported);
each child opens its own Store and leaves with ``os._exit``, never returning into pytest.
"""

from __future__ import annotations

import os
import random
import signal
import time
from collections.abc import Callable
from pathlib import Path

from store_helpers import integrity

from csmaturity_tui.model import Answer, Baseline
from csmaturity_tui.rubric import Rubric
from csmaturity_tui.store import Store


def _fork(body: Callable[[], None]) -> int:
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            body()
            code = 0
        except BaseException as exc:  # report, never return into pytest
            os.write(2, f"child failed: {exc!r}\n".encode())
        finally:
            os._exit(code)
    return pid


def _wait_ok(pid: int) -> None:
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def _gate() -> tuple[Callable[[], None], Callable[[int], None]]:
    """A start line: children block in ``wait`` until the parent calls ``open_(n)``."""
    r, w = os.pipe()

    def wait() -> None:
        os.close(w)
        assert os.read(r, 1) == b"g"

    def open_(n: int) -> None:
        os.close(r)
        os.write(w, b"g" * n)
        os.close(w)

    return wait, open_


N = 30


def test_two_processes_create_the_same_new_file_and_both_keep_their_writes(
    tmp_path: Path, small: Rubric
) -> None:
    path = tmp_path / "new" / "shared.db"
    ids = list(small.element_by_id)
    wait, go = _gate()

    def child(name: str) -> Callable[[], None]:
        def body() -> None:
            wait()
            with Store.open(path) as s:
                aid = s.create_assessment(
                    small, client=name, date="2025-01-01", baseline=Baseline(), id=name
                )
                for i in range(N):
                    s.set_answer(aid, Answer(ids[i % len(ids)], level=1, note=f"{name}-{i}"))

        return body

    pids = [_fork(child("p1")), _fork(child("p2"))]
    go(2)
    for pid in pids:
        _wait_ok(pid)
    with Store.open(path) as s:
        assert sorted(r.id for r in s.list_assessments()) == ["p1", "p2"]
        for name in ("p1", "p2"):
            notes = [h.after.note for h in s.history(name) if h.after is not None]
            assert notes == [f"{name}-{i}" for i in range(N)]
    assert integrity(path) == "ok"


def test_two_processes_writing_one_assessment_lose_nothing(tmp_path: Path, small: Rubric) -> None:
    path = tmp_path / "shared.db"
    ids = list(small.element_by_id)
    with Store.open(path) as s:
        aid = s.create_assessment(small, client="Both", date="2025-01-01", baseline=Baseline())
    wait, go = _gate()

    def child(name: str, offset: int) -> Callable[[], None]:
        def body() -> None:
            wait()
            with Store.open(path) as s:
                for i in range(N):
                    element = ids[(i + offset) % len(ids)]
                    s.set_answer(aid, Answer(element, level=2, note=f"{name}-{i}"), by=name)

        return body

    pids = [_fork(child("p1", 0)), _fork(child("p2", 1))]
    go(2)
    for pid in pids:
        _wait_ok(pid)
    with Store.open(path) as s:
        history = s.history(aid)
        notes = {h.after.note for h in history if h.after is not None}
        assert notes == {f"{n}-{i}" for n in ("p1", "p2") for i in range(N)}
        # the final answers are the last write to each element, whoever made it
        last: dict[str, str] = {}
        for h in history:
            assert h.after is not None
            last[h.element_id] = h.after.note
        _, a = s.load(aid)
        assert {k: v.note for k, v in a.answers.items()} == last
        [row] = s.list_assessments()
        assert row.progress == len(last) / len(ids)
    assert integrity(path) == "ok"


def test_answers_reported_saved_survive_sigkill(tmp_path: Path, small: Rubric) -> None:
    path = tmp_path / "killed.db"
    ids = list(small.element_by_id)
    with Store.open(path) as s:
        aid = s.create_assessment(small, client="Kill", date="2025-01-01", baseline=Baseline())
    rng = random.Random(4)
    total_reported = 0
    for rep in range(20):
        r, w = os.pipe()

        def body(rep: int = rep, r: int = r, w: int = w) -> None:
            os.close(r)
            with Store.open(path) as s:
                n = 0
                while True:  # until killed
                    element = ids[n % len(ids)]
                    level = n % small.levels + 1
                    s.set_answer(aid, Answer(element, level=level, note=f"{rep}:{n}"))
                    os.write(w, f"{element} {rep}:{n}\n".encode())
                    n += 1

        pid = _fork(body)
        os.close(w)
        time.sleep(rng.uniform(0.0, 0.12))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status), "the writer stopped before it was killed"
        chunks = []
        while chunk := os.read(r, 65536):
            chunks.append(chunk)
        os.close(r)
        reported = [line.split(" ") for line in b"".join(chunks).decode().splitlines()]
        total_reported += len(reported)
        assert integrity(path) == "ok"
        with Store.open(path) as s:
            saved = {h.after.note for h in s.history(aid) if h.after is not None}
            assert {note for _, note in reported} <= saved
            _, a = s.load(aid)
            last_reported = {element: note for element, note in reported}
            for element, note in last_reported.items():
                stored = a.answers[element].note
                # the last reported write, or a later one committed just before the kill
                assert int(stored.split(":")[1]) >= int(note.split(":")[1])
    assert total_reported > 20  # the children did write between kills
